"""The yearly duties of one data version, with what the graph says of them (``deadline_state.Duty``).

Whether a yearly duty is overdue depends on more than its task: the day it starts
counting (its own start, else its plan's) and the reports that fulfil it. Task
lists, workloads and a task's own state read that here: a few store calls for the
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
from stratagraph.queries.deadline_state import Duty, deadline_of, iso_day, plan_start

__all__ = ["DUTIES"]


@dataclass(frozen=True)
class _Records:
    """What the yearly duties are read from: the recurring tasks, their plans, and the documents that date them."""

    tasks: list[Node]
    in_plan: list[Edge]
    plans: dict[str, Node]
    adopted: list[Edge]
    fulfilled: list[Edge]
    documents: dict[str, Node]


async def _read(derived: Derived) -> _Records:
    store = derived.store
    tasks = await store.find(Label.TASK, {"deadlineKind": DeadlineKind.RECURRING.value})
    if not tasks:
        return _Records([], [], {}, [], [], {})
    ids = [task.id for task in tasks]
    in_plan = await store.neighbours(ids, Rel.IN_PLAN)
    plan_ids = sorted({edge.target for edge in in_plan})
    plans = await store.get(plan_ids)
    adopted = await store.neighbours(plan_ids, Rel.ADOPTED_BY)
    fulfilled = await store.neighbours(ids, Rel.FULFILLED_BY)
    documents = await store.get(sorted({edge.target for edge in (*adopted, *fulfilled)}))
    return _Records(tasks, in_plan, plans, adopted, fulfilled, documents)


def _build(read: _Records) -> Mapping[str, Duty]:
    def day(node_id: str) -> date | None:
        node = read.documents.get(node_id)
        return None if node is None else iso_day(node.get("date"))

    starts = {plan_id: iso_day(plan.get("start")) for plan_id, plan in read.plans.items()}
    for edge in read.adopted:
        starts[edge.source] = plan_start(starts.get(edge.source), day(edge.target))
    periods: dict[str, list[tuple[date | None, date | None]]] = {}
    for edge in read.in_plan:
        if (plan := read.plans.get(edge.target)) is not None:
            periods.setdefault(edge.source, []).append((starts.get(edge.target), iso_day(plan.get("end"))))
    reports: dict[str, list[date]] = {}
    for edge in read.fulfilled:
        if (when := day(edge.target)) is not None:
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
