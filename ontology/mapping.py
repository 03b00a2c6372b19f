"""Store records -> RDF, streamed: the one path every export takes.

``Mapped`` runs the writer (``ontology.writer``, the mapping's rules) over a
selection's records, nodes then edges, and hands out its blocks in batches, in
the syntax asked for (``ontology.rdf_syntax``): N-Triples or Turtle text for those two
formats and the SPARQL dump, pyoxigraph triples for RDF/XML, JSON-LD and the import
check. Every format is made from the same statements, by the same rules, once.

The output is a pure function of the records and the base IRI, in a stable order,
which ``ontology.inverse`` relies on to check an import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import TypeVar

from pyoxigraph import Triple

from stratagraph.model.records import Edge, Node
from stratagraph.ontology.rdf_syntax import NTRIPLES, TERMS, Block, Syntax, TextSyntax, checked_base
from stratagraph.ontology.writer import Writer, context_for

__all__ = ["Mapped", "triples"]

T = TypeVar("T")
P = TypeVar("P")

_PAIRS = itemgetter(1)


class Mapped:
    """Records as RDF, not yet written. ``statements`` counts the triples the last pass gave."""

    def __init__(self, nodes: Sequence[Node], edges: Sequence[Edge], base: str) -> None:
        self.nodes = nodes
        self.edges = edges
        self.base = checked_base(base)
        self.statements = 0

    def blocks(self, syntax: Syntax[T, P], *, batch: int = 256) -> Iterator[list[Block[T, P]]]:
        """The records' blocks in ``syntax``, nodes then edges, in lists of about ``batch`` blocks."""
        writer = Writer(syntax, context_for(self.base, self.edges))
        self.statements = 0
        for node in self.nodes:
            writer.node(node)
            if len(writer.out) >= batch:
                yield self._taken(writer)
        for edge in self.edges:
            writer.edge(edge)
            if len(writer.out) >= batch:
                yield self._taken(writer)
        yield self._taken(writer)

    def _taken(self, writer: Writer[T, P]) -> list[Block[T, P]]:
        blocks, writer.out = writer.out, []
        self.statements += sum(map(len, map(_PAIRS, blocks)))
        return blocks

    def text(self, syntax: TextSyntax = NTRIPLES) -> Iterator[bytes]:
        """The document in ``syntax``, in pieces of about 64 KiB, each ending at a statement's end."""
        return syntax.text(self.blocks(syntax))

    def triples(self) -> Iterator[Triple]:
        """The same statements as pyoxigraph triples."""
        return TERMS.triples(self.blocks(TERMS))


def triples(nodes: Sequence[Node], edges: Sequence[Edge], base: str) -> Iterator[Triple]:
    """Every triple of ``nodes`` and ``edges`` as pyoxigraph terms: ``Mapped(…).triples()``."""
    return Mapped(nodes, edges, base).triples()
