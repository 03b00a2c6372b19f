"""The allowed value a writer most likely meant, for a hint: "did you mean 'done'?".

A close spelling (``in progres``) is found by fuzzy matching; the words people write
for a status instead of ours (``finished``, ``ongoing``, ``todo``) by a short table
of synonyms, used only when the synonym's value is among those allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from stratagraph.model.text import fold

__all__ = ["VIETNAMESE_STATUSES", "allowed_values", "closest_value", "kind_hint", "value_hint"]

VIETNAMESE_STATUSES = {
    "Hoàn thành": "done",
    "Đã hoàn thành": "done",
    "Đã xong": "done",
    "Đang thực hiện": "in-progress",
    "Đang triển khai": "in-progress",
    "Chưa thực hiện": "not-started",
    "Chưa triển khai": "not-started",
    "Chưa bắt đầu": "not-started",
    "Hủy": "cancelled",
    "Đã hủy": "cancelled",
    "Hủy bỏ": "cancelled",
}
"""How planners write a task's status in Vietnamese (matched folded: diacritics, case and punctuation aside)."""
_SYNONYMS = {
    **{fold(word): status for word, status in VIETNAMESE_STATUSES.items()},
    "finished": "done",
    "completed": "done",
    "complete": "done",
    "ongoing": "in-progress",
    "started": "in-progress",
    "in progress": "in-progress",
    "todo": "not-started",
    "planned": "not-started",
    "pending": "not-started",
    "canceled": "cancelled",
    "dropped": "cancelled",
}
_QUOTED = re.compile(r"'([^']*)'")


def allowed_values(expected: str) -> list[str]:
    """The values pydantic lists in a literal error's ``expected`` ("'a', 'b' or 'c'")."""
    return _QUOTED.findall(expected)


def closest_value(given: object, allowed: Sequence[str]) -> str | None:
    """The allowed value ``given`` most likely stands for, or None when none is close."""
    if not isinstance(given, str) or not allowed:
        return None
    text = given.strip().casefold()
    meant = _SYNONYMS.get(fold(given))
    if meant in allowed:
        return meant
    found = process.extractOne(text, allowed, scorer=fuzz.WRatio)
    return found[0] if found is not None and found[1] >= 75 else None


def value_hint(detail: Mapping[str, Any]) -> str | None:
    """For pydantic's error about a value outside a fixed list, "did you mean …?" with the value meant."""
    if detail.get("type") not in ("literal_error", "enum"):
        return None
    meant = closest_value(detail.get("input"), allowed_values(str(detail.get("ctx", {}).get("expected", ""))))
    return None if meant is None else f"did you mean {meant!r}?"


def kind_hint(kind: str) -> str:
    """How to fix a value of the wrong form, by the kind of pydantic's error (a YAML field or a table cell)."""
    hints = {
        "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
        "date_parsing": "write dates as YYYY-MM-DD",
        "date_type": "write dates as YYYY-MM-DD",
        "float_parsing": "write a plain number, e.g. 70 (not '70%')",
        "float_type": "write a plain number, e.g. 70 (not '70%')",
        "int_parsing": "write a whole number",
        "literal_error": "write one of the values the message lists",
        "enum": "write one of the values the message lists",
        "string_pattern_mismatch": "ids are lower-case ASCII letters, digits and '-', e.g. 'cuc-bao-chi'",
        "string_too_short": "write some text, or remove the field",
    }
    return hints.get(kind, "see data/README.md for the field's format")
