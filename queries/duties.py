"""The yearly duties of one data version, with what the graph says of them (``deadline_state.Duty``).

Whether a yearly duty is overdue depends on more than its task: the day it starts
counting (its own start, else its plan's) and the reports that fulfil it. Task
lists, workloads and a task's own state read that here: a few store calls for the
few recurring tasks there are, kept per data version like the deadline index.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from datetime import date

from stratagraph.graph.store import Store
from stratagraph.model.deadlines import DeadlineKind
from stratagraph.model.errors import DeadlineError
from stratagraph.model.records import Label, Rel
from stratagraph.queries.deadline_state import Duty, deadline_of, iso_day, plan_start

__all__ = ["duties"]

_DUTIES_BY_STORE: weakref.WeakKeyDictionary[Store, tuple[int, Mapping[str, Duty]]] = weakref.WeakKeyDictionary()
"""Each store's duties, with the data version they were read at."""


async def duties(store: Store) -> Mapping[str, Duty]:
    """Task id -> ``Duty`` for every yearly duty of the store's current version."""
    version = await store.version()
    kept = _DUTIES_BY_STORE.get(store)
    if kept is not None and kept[0] == version:
        return kept[1]
    found = await _read(store)
    if await store.version() == version:  # not mixed with a write that committed meanwhile
        _DUTIES_BY_STORE[store] = (version, found)
    return found


async def _read(store: Store) -> Mapping[str, Duty]:
    tasks = await store.find(Label.TASK, {"deadlineKind": DeadlineKind.RECURRING.value})
    if not tasks:
        return {}
    ids = [task.id for task in tasks]
    in_plan = await store.neighbours(ids, Rel.IN_PLAN)
    plan_ids = sorted({edge.target for edge in in_plan})
    plans = await store.get(plan_ids)
    adopted = await store.neighbours(plan_ids, Rel.ADOPTED_BY)
    fulfilled = await store.neighbours(ids, Rel.FULFILLED_BY)
    documents = await store.get(sorted({edge.target for edge in (*adopted, *fulfilled)}))

    def day(node_id: str) -> date | None:
        node = documents.get(node_id)
        return None if node is None else iso_day(node.get("date"))

    starts = {plan_id: iso_day(plan.get("start")) for plan_id, plan in plans.items()}
    for edge in adopted:
        starts[edge.source] = plan_start(starts.get(edge.source), day(edge.target))
    periods: dict[str, list[tuple[date | None, date | None]]] = {}
    for edge in in_plan:
        if (plan := plans.get(edge.target)) is not None:
            periods.setdefault(edge.source, []).append((starts.get(edge.target), iso_day(plan.get("end"))))
    reports: dict[str, list[date]] = {}
    for edge in fulfilled:
        if (when := day(edge.target)) is not None:
            reports.setdefault(edge.source, []).append(when)
    found: dict[str, Duty] = {}
    for task in tasks:
        try:
            deadline = deadline_of(task)
        except DeadlineError:
            continue  # unreadable: Plan.gaps shows it, and it has no state to judge
        if deadline is not None:
            found[task.id] = Duty.of(deadline, periods.get(task.id, ()), reports.get(task.id, ()))
    return found
