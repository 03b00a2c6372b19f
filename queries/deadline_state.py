"""Where a task stands against its deadline on a given day.

Sources rarely report completion, so a task whose status is not ``done`` and
whose due date has passed is ``overdue``: the planner's question is "what is
past due and not known to be done?", and hiding unknowns would answer a
different one. A yearly duty is past due once one of its occurrences passed with
no report that fulfils it (``Duty``: what the graph knows beyond the task, read by
``queries.duties``); ``consistency.recurring_obligations`` lists the same misses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from stratagraph.model.deadlines import (
    DEADLINE_PROPS,
    Deadline,
    DeadlineKind,
    deadline_from_props,
    next_due,
    occurrences,
)
from stratagraph.model.records import Node, TaskStatus

DUE_SOON_DAYS = 30
CLOSED_STATUSES = frozenset(status.value for status in TaskStatus if status.closed)
"""Statuses of tasks no longer open: their duties are met, their deadlines no longer missed."""

__all__ = [
    "CLOSED_STATUSES",
    "DUE_SOON_DAYS",
    "Deadline",
    "DeadlineKind",
    "DeadlineState",
    "Duty",
    "deadline_of",
    "deadline_state",
    "due_on",
    "duty_occurrences",
    "iso_day",
    "missed_occurrences",
    "next_due_after",
]


class DeadlineState(StrEnum):
    DONE = "done"
    ON_TRACK = "on-track"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    NO_DEADLINE = "no-deadline"


def deadline_of(task: Node) -> Deadline | None:
    """The task's deadline as stored; readings are remembered, since a plan's tasks share a few deadline texts.

    Listing and ordering tasks by deadline reads every task's deadline, and
    rebuilding (and checking) the same ``Deadline`` each time cost most of a task
    list's time (``bench/README.md``). The key holds each property's type as well
    as its value, so ``True`` and ``1`` never share an entry and a malformed
    property still raises ``DeadlineError`` (failures are not remembered).
    """
    props = task.props
    if "deadlineText" not in props:
        return deadline_from_props(props)
    return _deadline_from(
        tuple((name, type(value), value) for name in DEADLINE_PROPS if (value := props.get(name)) is not None)
    )


@lru_cache(maxsize=4096)
def _deadline_from(items: tuple[tuple[str, type, object], ...]) -> Deadline | None:
    return deadline_from_props({name: value for name, _, value in items})


@dataclass(frozen=True, slots=True)
class Duty:
    """What the graph says of a yearly duty beyond its task: when it counts, and what fulfils it.

    ``since``: the duty's own start, else the start of its plan (the later of the
    year the plan states and the day its decision was issued); ``until``: the end of
    its plan (the latest, when in several; None when one has no end): a plan's duty
    does not recur after the plan ends. ``reports``: the dates of the documents that
    fulfil it (FULFILLED_BY). An occurrence counts as met by a report of its year
    issued on or before it, or when the task is closed.

    ``first_unmet``: the first occurrence from ``since`` (to ``until``) that no report
    meets. It is the same on every day, which only decides whether it has passed: a
    task list asked about a new day dates each duty from it and ``last_due`` instead
    of walking every occurrence up to that day (``bench/README.md``).
    """

    since: date | None
    reports: tuple[date, ...]
    until: date | None
    first_unmet: date | None
    last_due: date | None
    """The plan's last occurrence of the duty; None while it has no end."""

    @classmethod
    def of(
        cls, deadline: Deadline, plan_periods: Iterable[tuple[date | None, date | None]], reports: Iterable[date]
    ) -> Duty:
        """The duty of ``deadline`` in plans of ``(start, end)``: from its own start, else the earliest plan's."""
        periods = list(plan_periods)
        since = deadline.start or min((start for start, _ in periods if start is not None), default=None)
        ends = [end for _, end in periods if end is not None]
        until = max(ends) if ends and len(ends) == len(periods) else None
        met_by = tuple(sorted(set(reports)))
        return cls(since, met_by, until, _first_unmet(deadline, since, until, met_by), _last_due(deadline, until))

    def next_due(self, deadline: Deadline, as_of: date) -> date | None:
        """The next occurrence on or after ``as_of``, while the plan lasts."""
        day = next_due(deadline, as_of)
        return None if day is None or (self.until is not None and day > self.until) else day


def iso_day(value: object) -> date | None:
    """A stored ISO date (a document's date, a plan's start) as a ``date``; None when absent or unreadable."""
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def duty_occurrences(deadline: Deadline, duty: Duty, closed: bool, as_of: date) -> tuple[list[date], list[date]]:
    """A yearly duty's occurrences from ``duty.since`` to the day before ``as_of`` or its plan's end: (met, missed)."""
    if duty.since is None or duty.since >= as_of:
        return [], []
    met: list[date] = []
    missed: list[date] = []
    last = as_of - timedelta(days=1)
    for occurrence in occurrences(deadline, duty.since, last if duty.until is None else min(last, duty.until)):
        if closed or _met(occurrence, duty.reports, deadline.every):
            met.append(occurrence)
        else:
            missed.append(occurrence)
    return met, missed


def _first_unmet(deadline: Deadline, since: date | None, until: date | None, reports: tuple[date, ...]) -> date | None:
    """The first occurrence from ``since`` to ``until`` that no report meets (``Duty.first_unmet``).

    A report meets only occurrences within a year after it, so the walk stops two
    years past the last report: if the recurrence still runs, an unmet occurrence
    falls in that year.
    """
    if since is None:
        return None
    horizon = date(max((since, *reports)).year + 2, 12, 31)
    for occurrence in occurrences(deadline, since, horizon if until is None else min(horizon, until)):
        if not _met(occurrence, reports, deadline.every):
            return occurrence
    return None


def _last_due(deadline: Deadline, until: date | None) -> date | None:
    if until is None:
        return None
    found = occurrences(deadline, date(until.year - 1, 1, 1), until)
    return found[-1] if found else None


def _met(occurrence: date, reports: Iterable[date], every: int) -> bool:
    """Whether one of ``reports`` meets ``occurrence``: what ``duty_occurrences`` and ``Duty.first_unmet`` both ask."""
    return any(_in_cycle(report, occurrence, every) for report in reports)


def _in_cycle(report: date, occurrence: date, every: int) -> bool:
    """Whether a report meets an occurrence: issued in its year on or before it; for a half-yearly or quarterly
    duty, in the ``every`` months before it (a report of January meets the first quarter only)."""
    if report > occurrence:
        return False
    if every == 12:
        return report.year == occurrence.year
    months = occurrence.year * 12 + occurrence.month - 1 - every
    return (report.year, report.month) > (months // 12, months % 12 + 1)


def missed_occurrences(task: Node, as_of: date, duty: Duty) -> list[date]:
    """The occurrences of ``task``, a yearly duty, that passed before ``as_of`` and nothing met."""
    deadline = deadline_of(task)
    if deadline is None or deadline.kind is not DeadlineKind.RECURRING:
        return []
    return _missed(task, deadline, as_of, duty)


def _missed(task: Node, deadline: Deadline, as_of: date, duty: Duty) -> list[date]:
    return duty_occurrences(deadline, duty, task.get("status") in CLOSED_STATUSES, as_of)[1]


def due_on(task: Node, as_of: date, duty: Duty | None = None) -> date | None:
    """The date the task is due as seen on ``as_of``.

    One-off deadlines are due on their last day whether or not it has passed. A
    yearly duty is due on the first occurrence it missed (with ``duty``: the graph's
    evidence), else on its next (or its last, once the recurrence or its plan has ended).
    """
    deadline = deadline_of(task)
    return None if deadline is None else _due(task, deadline, as_of, duty)[0]


def _due(task: Node, deadline: Deadline, as_of: date, duty: Duty | None) -> tuple[date | None, bool]:
    """``due_on``, and whether that day is an occurrence of a yearly duty that nothing met."""
    if deadline.kind is not DeadlineKind.RECURRING:
        return deadline.due, False
    if duty is None:
        return next_due(deadline, as_of) or deadline.due, False
    missed = duty.first_unmet
    if missed is not None and missed < as_of and task.get("status") not in CLOSED_STATUSES:
        return missed, True
    return duty.next_due(deadline, as_of) or duty.last_due or deadline.due, False


def next_due_after(deadline: Deadline, as_of: date) -> date | None:
    """For yearly duties, the next due date on or after ``as_of``."""
    return next_due(deadline, as_of)


def deadline_state(task: Node, as_of: date, soon_days: int = DUE_SOON_DAYS, duty: Duty | None = None) -> DeadlineState:
    """Where ``task`` stands on ``as_of``.

    A task reported done is done, except on a day before its deadline's window opens:
    the status is today's report, and work that had not begun was not done then (asked
    about 2024, the training of November 2025 is on track, not done). A yearly duty
    (with ``duty``, the graph's evidence) is overdue once an occurrence passed that
    nothing met, and done once its plan has ended with every one met.
    """
    deadline = deadline_of(task)
    if task.get("status") == TaskStatus.DONE and (
        deadline is None or deadline.start is None or as_of >= deadline.start
    ):
        return DeadlineState.DONE  # reported done: so it is on any day its work had begun by
    if deadline is None or deadline.kind is DeadlineKind.UNDATED:
        return DeadlineState.NO_DEADLINE  # "Theo tiến độ dự án": its words are kept, and no day is due
    due, missed = _due(task, deadline, as_of, duty)
    if due is None:
        return DeadlineState.ON_TRACK  # ongoing duties have no day to miss
    if due < as_of:
        if deadline.kind is DeadlineKind.RECURRING and duty is not None and not missed:
            return DeadlineState.DONE  # its plan has ended and every occurrence was met
        return DeadlineState.OVERDUE
    if due <= as_of + timedelta(days=soon_days):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK
