"""Finding tasks the way planners ask: by agency and role, plan, indicator, status and deadline.

A filter narrows by relations first (one store call per relation, for all
agencies at once), then by properties, so the cost follows the answer, not the
graph. A filter with no relation in it but a deadline window or a deadline
order ("everything due before 2025") reads a per-version index of the one-off
tasks in deadline order (``DueOrder``) and the yearly duties dated on the day asked
(``DutyDues``, per version and day) instead of sorting the whole graph's tasks for
each request, and a narrowed list in deadline order is sorted by the tasks' places
in them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, Final

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.store import Store
from stratagraph.model.records import Direction, Label, Node, Rel, is_retired
from stratagraph.queries.accountability import sub_units
from stratagraph.queries.deadline_state import DeadlineKind, DeadlineState, Duty, deadline_of, deadline_state, due_on
from stratagraph.queries.duties import DUTIES


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"


@dataclass(frozen=True)
class TaskFilter:
    lead: str | None = None
    supporter: str | None = None
    agency: str | None = None  # lead or support
    include_sub_units: bool = False
    plan: str | None = None
    indicator: str | None = None
    status: tuple[str, ...] = ()
    deadline_before: date | None = None
    deadline_after: date | None = None
    states: tuple[DeadlineState, ...] = ()
    as_of: date = field(default_factory=date.today)
    include_retired: bool = False
    """Also tasks a revision of their plan retired (``model.records.is_retired``): left out by default."""


class TaskOrder(StrEnum):
    ID = "id"
    NAME = "name"
    DEADLINE = "deadline"


async def _with_units(store: Store, agency: str, spec: TaskFilter) -> list[str]:
    if not spec.include_sub_units:
        return [agency]
    return [agency, *await sub_units(store, agency, spec.as_of)]


async def _tasks_by(store: Store, agencies: list[str], rels: tuple[Rel, ...], spec: TaskFilter) -> set[str]:
    found: set[str] = set()
    for rel in rels:
        found |= {e.target for e in await store.neighbours(agencies, rel, Direction.OUT, spec.as_of.isoformat())}
    return found


async def find_tasks(
    store: Store, derived: Derived, spec: TaskFilter, order: TaskOrder = TaskOrder.ID, descending: bool = False
) -> list[Node]:
    """Every task matching ``spec``, in ``order``; ``derived`` holds ``store``'s yearly duties and deadline index."""
    candidates: set[str] | None = None

    def narrow(ids: set[str]) -> None:
        nonlocal candidates
        candidates = ids if candidates is None else candidates & ids

    if spec.lead:
        narrow(await _tasks_by(store, await _with_units(store, spec.lead, spec), (Rel.LEADS,), spec))
    if spec.supporter:
        narrow(await _tasks_by(store, await _with_units(store, spec.supporter, spec), (Rel.SUPPORTS,), spec))
    if spec.agency:
        units = await _with_units(store, spec.agency, spec)
        narrow(await _tasks_by(store, units, (Rel.LEADS, Rel.SUPPORTS), spec))
    if spec.plan:
        narrow({e.source for e in await store.neighbours([spec.plan], Rel.IN_PLAN, Direction.IN)})
    if spec.indicator:
        narrow({e.source for e in await store.neighbours([spec.indicator], Rel.CONTRIBUTES_TO, Direction.IN)})
    windowed = spec.deadline_before is not None or spec.deadline_after is not None
    duty_of = await derived.get(DUTIES)
    if candidates is None and (windowed or order is TaskOrder.DEADLINE) and not spec.include_retired:
        index, dues = await derived.get(DUE_ORDER), await derived.get(DUTY_DUES, spec.as_of)
        tasks = index.window(dues, spec.deadline_after, spec.deadline_before, descending)
        if spec.status or spec.states:  # the window has kept to the dates and left the retired out
            rest = replace(spec, deadline_before=None, deadline_after=None)
            tasks = [t for t in tasks if _matches(t, rest, duty_of)]
        return tasks if order is TaskOrder.DEADLINE else sort_tasks(tasks, order, descending, spec.as_of, duty_of)
    if candidates is None:
        tasks = await store.find(Label.TASK)
    else:
        found = await store.get(sorted(candidates))
        tasks = [n for n in found.values() if n.label is Label.TASK]
    tasks = [t for t in tasks if _matches(t, spec, duty_of)]
    if order is TaskOrder.DEADLINE:
        index, dues = await derived.get(DUE_ORDER), await derived.get(DUTY_DUES, spec.as_of)
        return index.sort(tasks, dues, duty_of, descending)
    return sort_tasks(tasks, order, descending, spec.as_of, duty_of)


def _matches(task: Node, spec: TaskFilter, duty_of: Mapping[str, Duty]) -> bool:
    if not spec.include_retired and is_retired(task):
        return False
    if spec.status and task.get("status", "unknown") not in spec.status:
        return False
    duty = duty_of.get(task.id)
    if spec.deadline_before or spec.deadline_after:
        due = due_on(task, spec.as_of, duty)
        if due is None:
            return False
        if spec.deadline_before and not due < spec.deadline_before:
            return False
        if spec.deadline_after and not due > spec.deadline_after:
            return False
    return not (spec.states and deadline_state(task, spec.as_of, duty=duty) not in spec.states)


def sort_tasks(
    tasks: list[Node], order: TaskOrder, descending: bool, as_of: date, duty_of: Mapping[str, Duty]
) -> list[Node]:
    """Tasks in ``order``; tasks with no deadline sort last either way, ties by id."""
    if order is TaskOrder.ID:
        return sorted(tasks, key=lambda t: t.id, reverse=descending)
    if order is TaskOrder.NAME:
        return sorted(tasks, key=lambda t: (str(t.get("nameVi", "")).casefold(), t.id), reverse=descending)
    dated = [(due_on(t, as_of, duty_of.get(t.id)), t) for t in tasks]
    with_due = sorted(((d, t) for d, t in dated if d is not None), key=lambda p: (p[0], p[1].id), reverse=descending)
    without = sorted((t for d, t in dated if d is None), key=lambda t: t.id)
    return [t for _, t in with_due] + without


@dataclass(frozen=True)
class DueOrder:
    """Every one-off task of one data version in deadline order: half of ``sort_tasks``'s DEADLINE order.

    A one-off deadline is due on its last day whatever day is asked; only a yearly
    duty's due date moves with ``as_of`` (its first missed occurrence, else its next).
    So the one-off tasks are sorted once per version (``dated`` by (due, id), then
    ``undated`` by id), the yearly duties (``recurring``, a few in any plan) are dated
    once per day asked (``DutyDues``), and a list puts them in their places: the same
    order as sorting every task by ``due_on``, on any day. Retired tasks are not in it
    (every list leaves them out); the rare list that asks for them (``include_retired``)
    filters every task, and ``sort`` places them as it places a task newer than the index.
    """

    dated: list[Node]  # one-off tasks with a due date, by (due, id)
    keys: list[tuple[date, str]]  # their (due, id), for bisection
    undated: list[Node]  # one-off tasks without a due date, by id
    recurring: list[Node]  # yearly duties: dated per day by DutyDues
    rank: Mapping[str, int]  # a one-off task's place: its index in dated, else len(dated) + its index in undated

    @classmethod
    def build(cls, tasks: list[Node]) -> DueOrder:
        """One pass over ``tasks`` (the retired left out), then one sort of those with a due date."""
        dated: list[tuple[date, str, Node]] = []
        undated: list[Node] = []
        recurring: list[Node] = []
        for task in tasks:
            if is_retired(task):
                continue
            deadline = deadline_of(task)
            if deadline is not None and deadline.kind is DeadlineKind.RECURRING:
                recurring.append(task)
            elif deadline is None or deadline.due is None:
                undated.append(task)
            else:
                dated.append((deadline.due, task.id, task))
        dated.sort(key=lambda entry: entry[:2])
        undated.sort(key=lambda task: task.id)
        ordered = [t for _, _, t in dated] + undated
        rank = {task.id: place for place, task in enumerate(ordered)}
        return cls([t for _, _, t in dated], [(d, i) for d, i, _ in dated], undated, recurring, rank)

    def window(
        self, duties: DutyDues, after: date | None = None, before: date | None = None, descending: bool = False
    ) -> list[Node]:
        """Tasks due on ``duties.as_of`` strictly after ``after`` and before ``before`` (all when both are None)."""
        lo = 0 if after is None else bisect_right(self.keys, (after, _LAST_ID))
        hi = len(self.keys) if before is None else bisect_left(self.keys, (before,))
        moved = duties.within(after, before)
        if not moved:
            found = self.dated[lo:hi] if lo < hi else []
        else:  # one pass: each duty goes after earlier dues and same-day tasks of smaller ids
            found = []
            start = lo
            for due, task_id, task in moved:
                place = max(bisect_left(self.keys, (due, task_id)), start)
                found += self.dated[start:place]
                found.append(task)
                start = place
            found += self.dated[start:hi]
        if descending:
            found.reverse()
        if after is None and before is None:
            undated = self.undated
            if duties.undated:
                undated = sorted([*undated, *duties.undated], key=lambda task: task.id)
            found = [*found, *undated]
        return found

    def sort(
        self, tasks: list[Node], duties: DutyDues, duty_of: Mapping[str, Duty], descending: bool = False
    ) -> list[Node]:
        """``tasks`` in deadline order on ``duties.as_of``: as ``sort_tasks`` gives, by their places in the index."""
        rank = self.rank
        known = sorted((t for t in tasks if t.id in rank), key=lambda task: rank[task.id])
        cut = bisect_left(known, len(self.dated), key=lambda task: rank[task.id])
        dated: list[tuple[date, str, Node]] = [(self.keys[rank[t.id]][0], t.id, t) for t in known[:cut]]
        undated = known[cut:]
        moved: list[tuple[date, str, Node]] = []
        moved_undated: list[Node] = []
        for task in tasks:
            if task.id not in rank:  # a yearly duty, or a task newer than the index
                due = duties.due_of(task, duty_of)
                if due is None:
                    moved_undated.append(task)
                else:
                    moved.append((due, task.id, task))
        if moved:
            dated = sorted([*dated, *moved], key=lambda entry: entry[:2])
        if moved_undated:
            undated = sorted([*undated, *moved_undated], key=lambda task: task.id)
        ordered = [task for _, _, task in dated]
        if descending:
            ordered.reverse()
        return ordered + undated


@dataclass(frozen=True)
class DutyDues:
    """The yearly duties of one data version dated on one day (``as_of``): what ``DueOrder`` leaves to the day."""

    as_of: date
    dated: list[tuple[date, str, Node]]  # by (due, id)
    undated: list[Node]  # by id
    dues: Mapping[str, date | None]

    @classmethod
    def build(cls, as_of: date, duties: list[Node], duty_of: Mapping[str, Duty]) -> DutyDues:
        dues = {task.id: due_on(task, as_of, duty_of.get(task.id)) for task in duties}
        dated = sorted(((due, t.id, t) for t in duties if (due := dues[t.id]) is not None), key=lambda e: e[:2])
        undated = sorted((t for t in duties if dues[t.id] is None), key=lambda task: task.id)
        return cls(as_of, dated, undated, dues)

    def within(self, after: date | None, before: date | None) -> list[tuple[date, str, Node]]:
        """The dated duties due strictly after ``after`` and before ``before``, in (due, id) order."""
        return [e for e in self.dated if (after is None or e[0] > after) and (before is None or e[0] < before)]

    def due_of(self, task: Node, duty_of: Mapping[str, Duty]) -> date | None:
        """``task``'s due date on ``as_of``: read here, or worked out for a task newer than the index."""
        found = self.dues.get(task.id, _UNKNOWN)
        return due_on(task, self.as_of, duty_of.get(task.id)) if found is _UNKNOWN else found


_UNKNOWN: Final[Any] = object()
_LAST_ID: Final = "\U0010ffff"
"""Sorts after every task id: ``(day, _LAST_ID)`` follows every key of ``day``."""


async def _read_due_order(derived: Derived) -> list[Node]:
    return await derived.store.find(Label.TASK)


DUE_ORDER: Recipe[[], list[Node], DueOrder] = Recipe("deadline index", _read_due_order, DueOrder.build)
"""The ``DueOrder`` of the current version: ``await derived.get(DUE_ORDER)``."""


async def _read_duty_dues(derived: Derived, as_of: date) -> tuple[DueOrder, Mapping[str, Duty]]:
    return await derived.get(DUE_ORDER), await derived.get(DUTIES)


def _build_duty_dues(read: tuple[DueOrder, Mapping[str, Duty]], as_of: date) -> DutyDues:
    return DutyDues.build(as_of, read[0].recurring, read[1])


DAYS_KEPT = 16
"""Days whose duty dates are kept per version: clients ask for a few days (today, a report's day); more are redone."""

DUTY_DUES: Recipe[[date], tuple[DueOrder, Mapping[str, Duty]], DutyDues] = Recipe(
    "yearly duties' due dates", _read_duty_dues, _build_duty_dues, keep=DAYS_KEPT
)
"""The ``DutyDues`` of the current version on a day: ``await derived.get(DUTY_DUES, as_of)``."""
