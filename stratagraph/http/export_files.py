"""The whole graph in each RDF format, written once per data version and served as static content.

Serialising the whole graph per request costs every client a full export (hundreds
of milliseconds for the bundled dataset, seconds at scale) and the server a core
while it runs. Here the first request for a format at a data version writes a file
in a thread, requests arriving meanwhile wait for that same build (single flight),
and every later request is sent from what was written, with its ``Content-Length``:
from memory when it is at most ``IN_MEMORY`` bytes (no file reads per request),
otherwise from the file (with byte ranges, for resumed downloads), as a static
file server would.

Files live in a private temporary folder. When a format's export for a newer version
is written, its files older than the previous version are removed (a request that
was handed the previous file a moment before still finds it), and only the newest
version's bytes stay in memory.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from stratagraph.graph.store import Store
from stratagraph.ontology.export import Selection, whole_graph
from stratagraph.ontology.formats import FORMATS, Format, write

__all__ = ["IN_MEMORY", "Export", "ExportFiles"]

IN_MEMORY = 32 << 20
"""Exports up to this size are also kept in memory (the newest version's only, per format)."""


@dataclass(frozen=True)
class Export:
    """One format's export at one data version: its file, and its bytes when small enough to keep."""

    version: int
    path: Path
    body: bytes | None


def _write(selection: Selection, base: str, fmt: Format, context: str, path: Path) -> bytes | None:
    """Write the export to a temporary name, then move it into place (a file at ``path`` is always whole);
    its bytes when at most ``IN_MEMORY``."""
    partial = path.with_suffix(path.suffix + ".partial")
    try:
        with partial.open("wb") as out:
            write(selection.rdf(base), fmt, out, context=context)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path.read_bytes() if path.stat().st_size <= IN_MEMORY else None


class ExportFiles:
    """The store's whole graph, one file per (data version, format), each written once."""

    def __init__(self, store: Store, base: str, context: str) -> None:
        self.store = store
        self.base = base
        self.context = context
        self._folder: Path | None = None
        self._files: dict[tuple[int, Format], Export] = {}
        self._building: dict[tuple[int, Format], asyncio.Future[Export]] = {}

    async def export(self, fmt: Format) -> Export:
        """The whole graph as ``fmt`` at the store's current version."""
        version = await self.store.version()
        key = (version, fmt)
        done = self._files.get(key)
        if done is not None:
            return done
        building = self._building.get(key)
        if building is None:
            building = self._building[key] = asyncio.ensure_future(self._build(fmt))
            building.add_done_callback(lambda _: self._building.pop(key, None))
        # shielded: a client that hangs up does not cancel the build the others wait for
        return await asyncio.shield(building)

    async def _build(self, fmt: Format) -> Export:
        selection = await whole_graph(self.store)
        key = (selection.version, fmt)
        done = self._files.get(key)
        if done is not None:
            return done
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="stratagraph-rdf-"))
        path = self._folder / f"graph-v{selection.version}.{FORMATS[fmt].extension}"
        body = await asyncio.to_thread(_write, selection, self.base, fmt, self.context, path)
        export = self._files[key] = Export(selection.version, path, body)
        self._forget_before(selection.version, fmt)
        return export

    def _forget_before(self, version: int, fmt: Format) -> None:
        """Drop ``fmt``'s bytes of versions before ``version``, and its files but the previous version's."""
        older = sorted(v for v, f in self._files if f is fmt and v < version)
        for old in older[:-1]:
            self._files.pop((old, fmt)).path.unlink(missing_ok=True)
        for old in older[-1:]:
            self._files[old, fmt] = dataclasses.replace(self._files[old, fmt], body=None)

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._files.clear()
