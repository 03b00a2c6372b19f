"""Files derived from a data version (the whole-graph exports, the SPARQL dump): where they live, when they go.

A derived value that is a file outlives its place in ``graph.derived.Derived`` by a
little: a request handed the file a moment before a newer version was seen opens it
after, and must still find it. So a file a recipe drops is *retired*, not removed:
retired files are removed once a file of a newer version is retired, so at most the
previous version's files stay beside the current ones. Every path handed out is new
(numbered), so two builds that land at once never write into one file. Everything
lives in one private temporary folder, removed by ``close``.

A process killed before ``close`` (the out-of-memory killer, SIGKILL) leaves its folder
behind, and at 100k tasks a whole-graph export is hundreds of megabytes. So the folder's
name holds the process id, and the next process to make a folder with the same prefix
removes the folders of processes that are gone.
"""

from __future__ import annotations

import itertools
import os
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
            _remove_left_behind(self.prefix)
            self._folder = Path(tempfile.mkdtemp(prefix=f"{self.prefix}{os.getpid()}-"))
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


def _remove_left_behind(prefix: str) -> None:
    """Remove the folders with ``prefix`` that processes no longer running made (their id follows the prefix)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        made_by = folder.name.removeprefix(prefix).split("-", 1)[0]
        if made_by.isdigit() and not _running(int(made_by)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, and is another user's
        return True
    return True
