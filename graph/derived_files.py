"""Files derived from a data version (the whole-graph exports, the SPARQL dump): where they live, when they go.

A derived value that is a file outlives its place in ``graph.derived.Derived`` by a
little: a request handed the file a moment before a newer version was seen opens it
after, and must still find it. So a file a recipe drops is *retired*, not removed:
retired files are removed once a file of a newer version is retired, so at most the
previous version's files stay beside the current ones. Every path handed out is new
(numbered), so two builds that land at once never write into one file. Everything
lives in one private temporary folder, removed by ``close``.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

__all__ = ["DerivedFiles"]


class DerivedFiles:
    """A private temporary folder of files derived from data versions (see the module's rules)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._folder: Path | None = None
        self._retired: list[tuple[int, Path]] = []
        self._numbers = itertools.count(1)

    def path(self, name: str) -> Path:
        """A new path for a file called ``name``, numbered, in the folder (made on first use)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=self.prefix))
        return self._folder / f"{next(self._numbers)}-{name}"

    def retire(self, path: Path, version: int) -> None:
        """``path`` (a file of ``version``) is no longer handed out; files retired for older versions are removed."""
        keep: list[tuple[int, Path]] = []
        for old_version, old in self._retired:
            if old_version < version and old != path:
                old.unlink(missing_ok=True)
            else:
                keep.append((old_version, old))
        keep.append((version, path))
        self._retired = keep

    def close(self) -> None:
        """Remove the folder and everything in it."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._retired.clear()
