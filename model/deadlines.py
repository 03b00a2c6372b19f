"""A deadline as a value: the window a text names, its due dates, and how a store keeps it.

The words ("Quý II/2023", "Trước ngày 15/12 hằng năm") are read by
``stratagraph.loaders.deadline_text``; what they mean lives here, below every layer
that asks what is due when: a window ``[start, end]`` whose last day is the due
date, or a yearly recurrence on a month and day, or ongoing work that is never due.
The text is kept verbatim beside its meaning: the reading is ours, the words are
the document's.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, date, datetime, timedelta
from enum import StrEnum, auto
from typing import Final, TypeVar

from stratagraph.model.errors import DeadlineError

__all__ = [
    "DEADLINE_PROPS",
    "Deadline",
    "DeadlineKind",
    "deadline_from_props",
    "deadline_props",
    "next_due",
    "occurrences",
]


class DeadlineKind(StrEnum):
    """What a deadline text names; the store keeps the lower-case value."""

    DATE = auto()  # one day: "06/4/2023", "Trước ngày 15/12/2023"
    MONTH = auto()  # "Tháng 6/2024"
    QUARTER = auto()  # "Quý II/2023"
    HALF = auto()  # "6 tháng đầu năm 2024"
    YEAR = auto()  # "Năm 2025", "Đến năm 2025"
    PERIOD = auto()  # "2023-2025", "Tháng 9-10/2025", "24-25/11/2025"
    RECURRING = auto()  # "Trước ngày 15/12 hằng năm": every year on month/day; "Hằng quý": every 3 months
    ONGOING = auto()  # "Thường xuyên", "Từ năm 2024": no due date
    UNDATED = auto()  # "Theo tiến độ dự án", "Khi có yêu cầu": the text names no date at all


_T = TypeVar("_T")
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline text and what it means.

    ``start``/``end`` are the first and last day of the window the text names; an
    open start (``None``) means "by" ("Đến năm 2025"). A RECURRING deadline is due
    every year on ``day``/``month`` (the day before it when ``before``), for the
    years of ``start``..``end`` when those are set; with ``every`` 6 or 3 it is due
    every half-year or quarter too, ``month``/``day`` being the year's last occurrence
    (the end of each quarter: 31/3, 30/6, 30/9, 31/12; a day past a month's end is
    its last day). An UNDATED deadline keeps its text and names no day. Construction
    checks these invariants, so a Deadline read back from a store is as sound as a
    parsed one.
    """

    text: str
    kind: DeadlineKind
    start: date | None
    end: date | None
    month: int | None = None
    day: int | None = None
    before: bool = False
    every: int = 12
    """Months between occurrences of a recurrence: 12 (yearly), 6 (half-yearly) or 3 (quarterly)."""

    def __post_init__(self) -> None:
        if self.every not in RECURRENCE_MONTHS:
            raise ValueError(f"a recurrence repeats every 3, 6 or 12 months, not {self.every}")
        if self.every != 12 and self.kind is not DeadlineKind.RECURRING:
            raise ValueError(f"a {self.kind} deadline does not repeat")
        if self.kind is DeadlineKind.UNDATED and (self.start is not None or self.end is not None):
            raise ValueError("an undated deadline names no day")
        if self.kind is DeadlineKind.RECURRING:
            if self.month is None or self.day is None:
                raise ValueError("a recurring deadline needs a month and a day")
            date(2001, self.month, self.day)  # a day every year has: not 29/2
        elif self.month is not None or self.day is not None:
            raise ValueError(f"a {self.kind} deadline has no yearly month and day")
        if self.kind is DeadlineKind.ONGOING and self.end is not None:
            raise ValueError("an ongoing deadline has no end")
        if self.kind not in (DeadlineKind.RECURRING, DeadlineKind.ONGOING, DeadlineKind.UNDATED) and self.end is None:
            raise ValueError(f"a {self.kind} deadline needs an end")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")

    @property
    def due(self) -> date | None:
        """The day by which everything the text asks is due.

        ``end`` for a one-off deadline; for a recurrence the last occurrence when it
        is bounded ("hằng năm, giai đoạn 2021-2025"), else None, as for ongoing work.
        """
        if self.kind is DeadlineKind.RECURRING:
            return None if self.end is None else _occurrence(self, self.end.year)
        return self.end


RECURRENCE_MONTHS: Final = (3, 6, 12)
DEADLINE_PROPS: Final = (
    "deadlineText",
    "deadlineKind",
    "deadlineStart",
    "deadlineEnd",
    "deadlineMonth",
    "deadlineDay",
    "deadlineBefore",
    "deadlineEvery",
)
"""Every store property ``deadline_props`` may write, in a fixed order."""


def deadline_props(d: Deadline) -> dict[str, str | int | bool]:
    """The flat store properties of a deadline (dates as ISO strings, None omitted).

    Stores keep scalars only, and ISO dates sort and compare as text, so
    ``deadlineEnd <= "2025-06-30"`` works in Cypher as it does here.
    """
    props: dict[str, str | int | bool] = {
        "deadlineText": d.text,
        "deadlineKind": d.kind.value,
        "deadlineBefore": d.before,
    }
    if d.start is not None:
        props["deadlineStart"] = d.start.isoformat()
    if d.end is not None:
        props["deadlineEnd"] = d.end.isoformat()
    if d.month is not None:
        props["deadlineMonth"] = d.month
    if d.day is not None:
        props["deadlineDay"] = d.day
    if d.every != 12:  # a yearly recurrence is stored as before
        props["deadlineEvery"] = d.every
    return props


def deadline_from_props(props: Mapping[str, object]) -> Deadline | None:
    """The deadline stored in ``props``, or None when they carry none.

    The stored reading is rebuilt as it is, without re-reading the text, so a stored
    deadline keeps its meaning when the rules change (and this layer needs no reader
    of texts). Malformed or inconsistent properties, or a text stored without its
    reading, raise DeadlineError naming the property.
    """
    text = props.get("deadlineText")
    if text is None:
        return None
    if not isinstance(text, str):
        raise DeadlineError(repr(text), "deadlineText must be a string")
    if props.get("deadlineKind") is None:
        raise DeadlineError(text, "the store holds its text without its reading (deadlineKind): load it again")
    try:
        return Deadline(
            text=text,
            kind=DeadlineKind(_prop(props, "deadlineKind", str) or ""),
            start=_prop_date(props, "deadlineStart"),
            end=_prop_date(props, "deadlineEnd"),
            month=_prop(props, "deadlineMonth", int),
            day=_prop(props, "deadlineDay", int),
            before=_prop(props, "deadlineBefore", bool) or False,
            every=_prop(props, "deadlineEvery", int) or 12,
        )
    except ValueError as error:
        raise DeadlineError(text, f"stored deadline properties are inconsistent: {error}") from None


def occurrences(d: Deadline, start: date, end: date) -> list[date]:
    """The due dates of ``d`` within ``[start, end]``, in order.

    A recurrence is due once a year, or every half-year or quarter (within its own
    years, when bounded); a one-off deadline is due once, on ``due``; ongoing and
    undated work is never due.
    """
    if d.kind is DeadlineKind.RECURRING:
        # The occurrences of year y fall in y, or in y - 1 when "trước 01/01".
        found = (day for year in range(start.year, end.year + 2) for day in _occurrences_in(d, year))
        return sorted(day for day in found if day is not None and start <= day <= end)
    due = d.due
    return [due] if due is not None and start <= due <= end else []


def next_due(d: Deadline, after: date) -> date | None:
    """The first due date of ``d`` on or after ``after``; None when there is none."""
    if d.kind is not DeadlineKind.RECURRING:
        due = d.due
        return due if due is not None and due >= after else None
    first = after.year if d.start is None else max(after.year, d.start.year)
    # The last occurrence of year first + 1 falls on 31/12 of `first` at the earliest
    # ("trước 01/01"), which is on or after `after`: two years always suffice.
    for year in (first, first + 1):
        for day in _occurrences_in(d, year):
            if day is not None and day >= after:
                return day
    return None


def _occurrences_in(d: Deadline, year: int) -> list[date | None]:
    """The due dates of a recurrence that belong to ``year``, in order: one, or two or four every half-year
    or quarter (the months ``every`` apart before the year's last, ``month``)."""
    if d.month is None or d.every == 12:
        return [_occurrence(d, year)]
    months = range(d.month - (12 // d.every - 1) * d.every, d.month + 1, d.every)
    return [_occurrence(d, year, month) for month in months if month >= 1]


def _occurrence(d: Deadline, year: int, month: int | None = None) -> date | None:
    """The due date of a recurrence in ``year`` (the year of the day it names), in ``month`` when it recurs
    more than yearly (a day past the month's end is its last day)."""
    if d.month is None or d.day is None or not 1 < year <= MAXYEAR:
        return None
    if (d.start is not None and year < d.start.year) or (d.end is not None and year > d.end.year):
        return None
    month = d.month if month is None else month
    named = date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
    return named - _DAY if d.before else named


# --- store properties ------------------------------------------------------------------


def _prop(props: Mapping[str, object], name: str, kind: type[_T]) -> _T | None:
    """A typed stored property; bool is not an int here, though Python says so."""
    value = props.get(name)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{name} is {value!r}, not {kind.__name__}")
    return value


def _prop_date(props: Mapping[str, object], name: str) -> date | None:
    """A stored ISO date (or a date object, as some drivers return)."""
    value = props.get(name)
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"{name} is {value!r}, not an ISO date")
