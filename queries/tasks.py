"""Finding tasks the way planners ask: by agency and role, plan, indicator, status and deadline.

A filter narrows by relations first (one store call per relation, for all
agencies at once), then by properties, so the cost follows the answer, not the
graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from graph.records import Label, Node, Rel
from graph.store import Direction, Store
from queries.accountability import sub_units
from queries.deadline_state import DeadlineState, deadline_state, due_on


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
    if candidates is None:
        tasks = await store.find(Label.TASK)
    else:
        found = await store.get(sorted(candidates))
        tasks = [n for n in found.values() if n.label is Label.TASK]
    tasks = [t for t in tasks if _matches(t, spec)]
    return sort_tasks(tasks, order, descending, spec.as_of)


def _matches(task: Node, spec: TaskFilter) -> bool:
    if spec.status and task.get("status", "unknown") not in spec.status:
        return False
    if spec.deadline_before or spec.deadline_after:
        due = due_on(task, spec.as_of)
        if due is None:
            return False
        if spec.deadline_before and not due < spec.deadline_before:
            return False
        if spec.deadline_after and not due > spec.deadline_after:
            return False
    return not (spec.states and deadline_state(task, spec.as_of) not in spec.states)


def sort_tasks(tasks: list[Node], order: TaskOrder, descending: bool, as_of: date) -> list[Node]:
    """Tasks in ``order``; tasks with no deadline sort last either way, ties by id."""
    if order is TaskOrder.ID:
        return sorted(tasks, key=lambda t: t.id, reverse=descending)
    if order is TaskOrder.NAME:
        return sorted(tasks, key=lambda t: (str(t.get("nameVi", "")).casefold(), t.id), reverse=descending)
    dated = [(due_on(t, as_of), t) for t in tasks]
    with_due = sorted(((d, t) for d, t in dated if d is not None), key=lambda p: (p[0], p[1].id), reverse=descending)
    without = sorted((t for d, t in dated if d is None), key=lambda t: t.id)
    return [t for _, t in with_due] + without
