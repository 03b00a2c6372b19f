"""Finding tasks the way planners ask: by agency and role, plan, indicator, status and deadline.

A filter narrows by relations first (one store call per relation, for all
agencies at once), then by properties, so the cost follows the answer, not the
graph. A filter with no relation in it but a deadline window or a deadline
order ("everything due before 2025") reads a per-version index of every task in
deadline order instead of sorting the whole graph's tasks for each request.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.store import Store
from stratagraph.model.records import Direction, Label, Node, Rel
from stratagraph.queries.accountability import sub_units
from stratagraph.queries.deadline_state import DeadlineState, Duty, deadline_state, due_on
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
    if candidates is None and (windowed or order is TaskOrder.DEADLINE):
        index = await derived.get(DUE_ORDER, spec.as_of)
        tasks = index.window(spec.deadline_after, spec.deadline_before, descending)
        if spec.status or spec.states:
            tasks = [t for t in tasks if _matches(t, spec, duty_of)]
        return tasks if order is TaskOrder.DEADLINE else sort_tasks(tasks, order, descending, spec.as_of, duty_of)
    if candidates is None:
        tasks = await store.find(Label.TASK)
    else:
        found = await store.get(sorted(candidates))
        tasks = [n for n in found.values() if n.label is Label.TASK]
    tasks = [t for t in tasks if _matches(t, spec, duty_of)]
    return sort_tasks(tasks, order, descending, spec.as_of, duty_of)


def _matches(task: Node, spec: TaskFilter, duty_of: Mapping[str, Duty]) -> bool:
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
    """Every task of one data version in deadline order as seen on ``as_of``: ``sort_tasks``'s DEADLINE order."""

    as_of: date
    dated: list[Node]  # tasks with a due date, by (due, id)
    dues: list[date]  # their due dates, for bisection
    undated: list[Node]  # the rest, by id

    @classmethod
    def build(cls, as_of: date, tasks: list[Node], duty_of: Mapping[str, Duty]) -> DueOrder:
        """One pass over ``tasks`` (in id order, as ``find`` gives them)."""
        dated: list[tuple[date, str, Node]] = []
        undated: list[Node] = []
        for task in tasks:
            due = due_on(task, as_of, duty_of.get(task.id))
            if due is None:
                undated.append(task)
            else:
                dated.append((due, task.id, task))
        dated.sort(key=lambda entry: entry[:2])
        undated.sort(key=lambda task: task.id)
        return cls(as_of, [t for _, _, t in dated], [d for d, _, _ in dated], undated)

    def window(self, after: date | None, before: date | None, descending: bool = False) -> list[Node]:
        """Tasks due strictly after ``after`` and strictly before ``before`` (all of them when both are None)."""
        if after is None and before is None:
            dated = self.dated[::-1] if descending else self.dated
            return [*dated, *self.undated]
        lo = 0 if after is None else bisect_right(self.dues, after)
        hi = len(self.dues) if before is None else bisect_left(self.dues, before)
        if lo >= hi:
            return []
        return self.dated[hi - 1 : lo - 1 if lo else None : -1] if descending else self.dated[lo:hi]


async def _read_due_order(derived: Derived, as_of: date) -> tuple[list[Node], Mapping[str, Duty]]:
    return await derived.store.find(Label.TASK), await derived.get(DUTIES)


def _build_due_order(read: tuple[list[Node], Mapping[str, Duty]], as_of: date) -> DueOrder:
    return DueOrder.build(as_of, *read)


DAYS_KEPT = 4
"""Deadline indexes kept per version: a due date depends on the day (yearly duties), and clients ask for a few."""

DUE_ORDER: Recipe[[date], tuple[list[Node], Mapping[str, Duty]], DueOrder] = Recipe(
    "deadline index", _read_due_order, _build_due_order, keep=DAYS_KEPT
)
"""The ``DueOrder`` of the current version on a day: ``await derived.get(DUE_ORDER, as_of)``."""
