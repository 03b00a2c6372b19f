"""The yearly duties of one data version, with what the graph says of them (``deadline_state.Duty``).

Whether a yearly duty is overdue depends on more than its task: the day it starts
counting (its own start, else its plan's, ``queries.plan_periods``) and the reports
that fulfil it. Task lists, workloads and a task's own state read that here: a few store calls for the
few recurring tasks there are, derived once per data version (``DUTIES``, held by
the app's ``graph.derived.Derived``) like the deadline index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.model.deadlines import DeadlineKind
from stratagraph.model.errors import DeadlineError
from stratagraph.model.records import Edge, Label, Node, Rel
from stratagraph.queries.deadline_state import Duty, deadline_of, iso_day
from stratagraph.queries.plan_periods import PLAN_PERIODS, Period

__all__ = ["DUTIES"]


@dataclass(frozen=True)
class _Records:
    """What the yearly duties are read from: the recurring tasks, their plans, and the documents that date them."""

    tasks: list[Node]
    in_plan: list[Edge]
    periods: Mapping[str, Period]
    fulfilled: list[Edge]
    reports: dict[str, Node]


async def _read(derived: Derived) -> _Records:
    store = derived.store
    tasks = await store.find(Label.TASK, {"deadlineKind": DeadlineKind.RECURRING.value})
    if not tasks:
        return _Records([], [], {}, [], {})
    ids = [task.id for task in tasks]
    in_plan = await store.neighbours(ids, Rel.IN_PLAN)
    periods = await derived.get(PLAN_PERIODS)
    fulfilled = await store.neighbours(ids, Rel.FULFILLED_BY)
    reports = await store.get(sorted({edge.target for edge in fulfilled}))
    return _Records(tasks, in_plan, periods, fulfilled, reports)


def _build(read: _Records) -> Mapping[str, Duty]:
    periods: dict[str, list[Period]] = {}
    for edge in read.in_plan:
        if (period := read.periods.get(edge.target)) is not None:
            periods.setdefault(edge.source, []).append(period)
    reports: dict[str, list[date]] = {}
    for edge in read.fulfilled:
        report = read.reports.get(edge.target)
        if report is not None and (when := iso_day(report.get("date"))) is not None:
            reports.setdefault(edge.source, []).append(when)
    found: dict[str, Duty] = {}
    for task in read.tasks:
        try:
            deadline = deadline_of(task)
        except DeadlineError:
            continue  # unreadable: Plan.gaps shows it, and it has no state to judge
        if deadline is not None:
            found[task.id] = Duty.of(deadline, periods.get(task.id, ()), reports.get(task.id, ()))
    return found


DUTIES: Recipe[[], _Records, Mapping[str, Duty]] = Recipe("yearly duties", _read, _build)
"""Task id -> ``Duty`` for every yearly duty of the current version: ``await derived.get(DUTIES)``."""
