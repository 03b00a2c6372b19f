"""Finding tasks the way planners ask: by agency and role, plan, indicator, status and deadline.

A filter narrows by relations first (one store call per relation, for all
agencies at once), then by properties, so the cost follows the answer, not the
graph. A filter with no relation in it but a deadline window or a deadline
order ("everything due before 2025") reads a per-version index of every task in
deadline order instead of sorting the whole graph's tasks for each request.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from stratagraph.graph.store import Store
from stratagraph.model.memory import paused_gc
from stratagraph.model.records import Direction, Label, Node, Rel, is_retired
from stratagraph.queries.accountability import sub_units
from stratagraph.queries.deadline_state import DeadlineState, Duty, deadline_state, due_on
from stratagraph.queries.duties import duties


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
    store: Store, spec: TaskFilter, order: TaskOrder = TaskOrder.ID, descending: bool = False
) -> list[Node]:
    """Every task matching ``spec``, in ``order``."""
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
    duty_of = await duties(store)
    if candidates is None and (windowed or order is TaskOrder.DEADLINE):
        index = await due_order(store, spec.as_of)
        tasks = index.window(spec.deadline_after, spec.deadline_before, descending)
        if spec.status or spec.states or not spec.include_retired:
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
    """Every task of one data version in deadline order as seen on ``as_of``: ``sort_tasks``'s DEADLINE order."""

    version: int
    as_of: date
    dated: list[Node]  # tasks with a due date, by (due, id)
    dues: list[date]  # their due dates, for bisection
    undated: list[Node]  # the rest, by id

    @classmethod
    def build(cls, version: int, as_of: date, tasks: list[Node], duty_of: Mapping[str, Duty]) -> DueOrder:
        """One pass over ``tasks`` (in id order, as ``find`` gives them), the collector paused meanwhile."""
        with paused_gc():
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
            return cls(version, as_of, [t for _, _, t in dated], [d for d, _, _ in dated], undated)

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


_DUE_ORDERS: weakref.WeakKeyDictionary[Store, OrderedDict[date, DueOrder]] = weakref.WeakKeyDictionary()
_DAYS_KEPT = 4


async def due_order(store: Store, as_of: date) -> DueOrder:
    """The ``DueOrder`` of the store's current version on ``as_of``, built on first use (a few days are kept)."""
    version = await store.version()
    kept = _DUE_ORDERS.setdefault(store, OrderedDict())
    found = kept.get(as_of)
    if found is not None and found.version == version:
        kept.move_to_end(as_of)
        return found
    built = DueOrder.build(version, as_of, await store.find(Label.TASK), await duties(store))
    if await store.version() == version:  # not mixed with a write that committed meanwhile
        for day in [d for d, o in kept.items() if o.version != version]:
            del kept[day]
        kept[as_of] = built
        while len(kept) > _DAYS_KEPT:
            kept.popitem(last=False)
    return built
