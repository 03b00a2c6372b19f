"""The whole graph as an N-Triples file for one data version, with the counts VoID reports.

The SPARQL workers load this file, and ``/.well-known/void`` reports its figures,
so both describe exactly the same version of the data. The file is the N-Triples
export, written by the same path (``Mapped.text``), with its statements counted
as they pass: one mapping gives both. It is rebuilt when the store's version
changes, not per request.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stratagraph.graph.store import Store
from stratagraph.ontology.export import Selection, whole_graph
from stratagraph.ontology.rdf_syntax import NTRIPLES, Block

__all__ = ["Dump", "DumpCache", "Stats"]

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


class DumpCache:
    """The dump of the store's current version, rebuilt when the version moves on.

    Files live in a private temporary folder; older files are removed once a newer
    one exists (workers keep their own in-memory copy once loaded).
    """

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base
        self._folder: Path | None = None
        self._current: Dump | None = None
        self._lock = asyncio.Lock()

    @property
    def version(self) -> int | None:
        """The version of the latest dump written, if any."""
        return None if self._current is None else self._current.version

    async def current(self) -> Dump:
        version = await self.store.version()
        dump = self._current
        if dump is not None and dump.version == version:
            return dump
        async with self._lock:
            dump = self._current
            if dump is not None and dump.version == await self.store.version():
                return dump
            selection = await whole_graph(self.store)
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="stratagraph-sparql-"))
            path = self._folder / f"graph-v{selection.version}.nt"
            stats = await asyncio.to_thread(write_dump, selection, self.base, path)
            old, self._current = self._current, Dump(selection.version, path, stats)
            if old is not None and old.path != path:
                old.path.unlink(missing_ok=True)
            return self._current

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._current = None
