"""Store records -> RDF text, streamed: what an export writes.

The rules live in ``ontology.writer`` (which triples a node or an edge gives, as
ontology/README.md lays them out); ``ontology.stamps`` applies them once per record
shape and fills each record into its shape's template, which gives the writer's own
bytes several times faster. ``Mapped.triples`` gives pyoxigraph triples for the
readers that want terms (JSON-LD, RDF/XML, the import check), by parsing that text.

The output is a pure function of the records and the base IRI, in a stable order,
which ``ontology.inverse`` relies on to check an import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from pyoxigraph import RdfFormat, Triple, parse

from stratagraph.model.records import Edge, Node
from stratagraph.ontology.spelling import NTRIPLES, Spelling, checked_base
from stratagraph.ontology.stamps import Stamper
from stratagraph.ontology.writer import Block, Writer, context_for

__all__ = ["Mapped", "triples"]


class Mapped:
    """Records as RDF, not yet written: text in a spelling, blocks, or pyoxigraph triples.

    ``statements`` counts the triples the last pass over ``text`` or ``blocks`` gave.
    """

    def __init__(self, nodes: Sequence[Node], edges: Sequence[Edge], base: str, *, closed: bool = False) -> None:
        self.nodes = nodes
        self.edges = edges
        self.base = checked_base(base)
        self.closed = closed
        """Every edge's ends are among ``nodes`` (a whole graph: a store keeps no edge without its ends)."""
        self.statements = 0

    def text(self, spelling: Spelling = NTRIPLES) -> Iterator[bytes]:
        """The document in ``spelling``, in pieces of about 64 KiB, each ending at a statement's end."""
        stamper = Stamper(spelling, context_for(self.base, self.edges))
        try:
            yield from stamper.text(self.nodes, self.edges, closed=self.closed)
        finally:
            self.statements = stamper.statements

    def blocks(self, spelling: Spelling = NTRIPLES) -> Iterator[Block]:
        """Each subject's pairs, as the writer gives them: nodes, then edges (for readers that count terms)."""
        writer = Writer(spelling, context_for(self.base, self.edges))
        out = writer.out
        count = 0
        try:
            for record in self._records():
                writer.record(record)
                if len(out) >= 512:
                    count += sum(len(pairs) for _, pairs in out)
                    yield from out
                    out.clear()
            count += sum(len(pairs) for _, pairs in out)
            yield from out
            out.clear()
        finally:
            self.statements = count

    def _records(self) -> Iterable[Node | Edge]:
        return chain(self.nodes, self.edges)

    def triples(self) -> Iterator[Triple]:
        """The same statements as pyoxigraph triples (the N-Triples text, parsed piece by piece)."""
        for piece in self.text():
            for quad in parse(piece, RdfFormat.N_TRIPLES):
                yield quad.triple


def triples(nodes: Sequence[Node], edges: Sequence[Edge], base: str) -> Iterator[Triple]:
    """Every triple of ``nodes`` and ``edges`` as pyoxigraph terms: ``Mapped(…).triples()``."""
    return Mapped(nodes, edges, base).triples()
