"""Files written whole: a reader of the file, or a failed write, never sees half of one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["written_whole"]


@contextlib.contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through: written as ``<name>.part``, moved into place once complete, and removed
    if writing fails (``path`` is then as it was)."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out:
            yield out
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
