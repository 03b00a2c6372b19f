"""A record together with where it was written, so every check can point back at it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from stratagraph.model.errors import Problem

R = TypeVar("R")
MUTED = "muted"
"""The code of a problem about a field its file has already reported once for all its records (``Located.muted``)."""
PathPart = str | int
LineOf = Callable[[Sequence[PathPart]], int | None]


def format_path(path: Sequence[PathPart]) -> str:
    """``("tasks", 3, "lead")`` -> ``tasks[3].lead``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(frozen=True)
class Located(Generic[R]):
    """A record and where it is written.

    ``show`` writes a path as the file's reader knows it: ``tasks[3].lead`` in YAML, a
    column in a table. ``muted`` names fields the file has already reported missing for
    all its records (a table read without ``--doc``): problems about them are marked
    ``MUTED`` and dropped, while the rest of the record is still checked.
    """

    record: R
    file: str
    path: tuple[PathPart, ...]
    line_of: LineOf
    show: Callable[[Sequence[PathPart]], str] = format_path
    muted: frozenset[str] = frozenset()
    lenient: frozenset[str] = frozenset()
    """Codes of problems that are warnings for this record: a table row's deadline that cannot be dated
    loads without its dates (``"deadline"``), where a curated record's is an error."""

    def problem(self, message: str, hint: str = "", *, at: Sequence[PathPart] = (), code: str = "invalid") -> Problem:
        full = (*self.path, *at)
        muted = bool(at) and at[0] in self.muted
        return Problem(
            self.file,
            self.line_of(full),
            self.show(full),
            message,
            hint,
            MUTED if muted else code,
            warning=code in self.lenient,
        )

    @property
    def line(self) -> int | None:
        return self.line_of(self.path)
