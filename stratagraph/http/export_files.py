"""The whole graph in each RDF format, written once per data version and served as static content.

Serialising the whole graph per request costs every client a full export and the
server a core while it runs. Here each format's export is a value derived from the
data version (``graph.derived.Derived``): the first request for a format at a version
writes a file in a worker thread, requests arriving meanwhile wait for that same
build, and every later request is sent from what was written, with its
``Content-Length``: from memory when it is at most ``IN_MEMORY`` bytes (no file
reads per request), otherwise from the file (with byte ranges, for resumed
downloads), as a static file server would. Each file is also written gzipped, once,
for clients that accept it (browsers, curl ``--compressed``, httpx, requests): RDF
compresses some thirty-fold (a 10k-task graph: 279 MB of N-Triples, 8 MB gzipped),
so a download costs the server and the network a thirtieth, as nginx's
``gzip_static`` serves files compressed ahead of time.

Files live in a private temporary folder (``graph.derived_files``). When the data
moves on, an export's bytes are let go with it and its file is retired: removed once
a newer version's file is retired, so a request handed the previous file a moment
before still finds it.
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.derived_files import DerivedFiles
from stratagraph.model.files import written_whole
from stratagraph.ontology.export import Selection, whole_graph
from stratagraph.ontology.formats import FORMATS, Format, write

__all__ = ["IN_MEMORY", "Export", "ExportFiles", "Stored"]

IN_MEMORY = 32 << 20
"""Exports up to this size are also kept in memory (the newest version's only, per format)."""


@dataclass(frozen=True)
class Stored:
    """A file, and its bytes when at most ``IN_MEMORY``."""

    path: Path
    body: bytes | None

    @classmethod
    def of(cls, path: Path) -> Stored:
        return cls(path, path.read_bytes() if path.stat().st_size <= IN_MEMORY else None)


@dataclass(frozen=True)
class Export:
    """One format's export at one data version: as written, and gzipped."""

    version: int
    plain: Stored
    gzipped: Stored


def _write(selection: Selection, base: str, fmt: Format, context: str, path: Path) -> None:
    with written_whole(path) as out:
        write(selection.rdf(base), fmt, out, context=context)


def _gzip(path: Path, packed: Path) -> None:
    """``path`` gzipped into ``packed`` (no name or time in the header: the same data gives the same bytes)."""
    with path.open("rb") as source, written_whole(packed) as out, gzip.GzipFile("", "wb", fileobj=out, mtime=0) as z:
        shutil.copyfileobj(source, z, 1 << 20)


async def _read(derived: Derived, fmt: Format) -> Selection:
    return await whole_graph(derived.store)


class ExportFiles:
    """The store's whole graph, one file per (data version, format), each written once."""

    def __init__(self, derived: Derived, base: str, context: str) -> None:
        self.derived = derived
        self.base = base
        self.context = context
        self.files = DerivedFiles("stratagraph-rdf-")
        self.recipe: Recipe[[Format], Selection, Export] = Recipe(
            "whole-graph export", _read, self._build, keep=len(FORMATS), drop=self._retire
        )

    async def export(self, fmt: Format) -> Export:
        """The whole graph as ``fmt`` at the store's current version."""
        return await self.derived.get(self.recipe, fmt)

    def _build(self, selection: Selection, fmt: Format) -> Export:
        path = self.files.path(f"graph-v{selection.version}.{FORMATS[fmt].extension}")
        packed = path.with_name(path.name + ".gz")
        _write(selection, self.base, fmt, self.context, path)
        _gzip(path, packed)
        return Export(selection.version, Stored.of(path), Stored.of(packed))

    def _retire(self, export: Export) -> None:
        self.files.retire(export.plain.path, export.version)
        self.files.retire(export.gzipped.path, export.version)

    def close(self) -> None:
        self.files.close()
