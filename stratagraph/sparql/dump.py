"""The whole graph as an N-Triples file for one data version, with the counts VoID reports.

The SPARQL workers load this file, and ``/.well-known/void`` reports its figures,
so both describe exactly the same version of the data. The file is the N-Triples
export, written by the same path (``Mapped.text``), with its statements counted
as they pass: one mapping gives both. It is written once per data version, not
per request (``engine.SparqlEngine`` holds it as a value derived from the
version): writing it costs a whole export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stratagraph.ontology.export import Selection
from stratagraph.ontology.rdf_syntax import NTRIPLES, Block

__all__ = ["Dump", "Stats", "write_dump"]

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
"""``rdf:type`` as N-Triples spells it."""


@dataclass
class Stats:
    """What VoID says about a dataset: sizes, classes and properties used."""

    triples: int = 0
    subjects: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    properties: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Dump:
    version: int
    path: Path
    stats: Stats


def _counted(batches: Iterator[list[Block[bytes, bytes]]], stats: Stats) -> Iterator[list[Block[bytes, bytes]]]:
    """N-Triples blocks as they pass, counted: triples, subjects, and uses of each property and class."""
    subjects: set[bytes] = set()
    properties: Counter[bytes] = Counter()
    classes: Counter[bytes] = Counter()
    for blocks in batches:
        for subject, pairs in blocks:
            subjects.add(subject)
            stats.triples += len(pairs)
            for pair in pairs:
                predicate, _, obj = pair.partition(b" ")
                properties[predicate] += 1
                if predicate == _RDF_TYPE:
                    classes[obj] += 1
        yield blocks
    stats.subjects = len(subjects)
    stats.properties.update({key[1:-1].decode(): n for key, n in properties.items()})
    stats.classes.update({key[1:-1].decode(): n for key, n in classes.items()})


def write_dump(selection: Selection, base: str, path: Path) -> Stats:
    """Write ``selection`` as N-Triples to ``path`` (``Mapped.text``, counted on the way) and count what VoID needs."""
    stats = Stats()
    with path.open("wb") as out:
        for piece in NTRIPLES.text(_counted(selection.rdf(base).blocks(NTRIPLES), stats)):
            out.write(piece)
    return stats
