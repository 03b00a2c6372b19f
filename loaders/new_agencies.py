"""Units a task table names that the graph lacks, read as new agencies (``load --new-agencies``).

A ministry's table names its own units ("Vụ Kế hoạch – Tài chính"), which no curated
dataset holds. With ``--new-agencies`` each becomes an agency under the parent the table
gives: in brackets after the name ("Vụ Kế hoạch – Tài chính (Bộ Văn hóa, Thể thao và Du
lịch)") or in a ``Đơn vị`` sheet of the workbook (a unit per row, and the unit it belongs
to). Its type is read from its first words (Vụ, Cục: a department; Sở: a provincial
department…); it cites the rows that name it and says in its note that it comes from
the table, so a curator can tell it from a curated agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stratagraph.model.text import fold

NEW_AGENCY_HINT = (
    "if it is a unit the graph lacks, load with --new-agencies to add it, its parent in brackets: 'Vụ X (Bộ Y)'"
)
_BRACKETED = re.compile(r"(?P<name>[^()]+?)\s*\((?P<parent>[^()]+)\)\s*")
_TYPES = (
    (("bo",), "ministry"),
    (("vu", "cuc", "van phong", "thanh tra", "ban"), "department"),
    (("so",), "provincial-department"),
    (("ubnd", "uy ban nhan dan"), "province"),
    (("trung tam",), "centre"),
    (("vien",), "institute"),
    (("truong", "hoc vien"), "school"),
    (("bao", "tap chi", "dai", "thong tan xa", "dai truyen hinh", "dai phat thanh"), "press-agency"),
    (("hoi",), "mass-organisation"),
)


@dataclass(frozen=True)
class NewUnit:
    """A unit as a table writes it: its name, and its parent's name when given."""

    name: str
    parent: str | None


def new_unit(text: str, parents: dict[str, str]) -> NewUnit:
    """``Vụ X (Bộ Y)`` -> Vụ X under Bộ Y; else the parent a ``Đơn vị`` sheet gives, if any."""
    bracketed = _BRACKETED.fullmatch(text.strip())
    if bracketed is not None:
        return NewUnit(bracketed["name"].strip(), bracketed["parent"].strip())
    name = text.strip()
    return NewUnit(name, parents.get(fold(name)))


def agency_type(name: str) -> str:
    """The agency type a unit's first words say ("Vụ …": department); a department when they say none."""
    folded = fold(name)
    for words, kind in _TYPES:
        if any(folded == word or folded.startswith(word + " ") for word in words):
            return kind
    return "department"
