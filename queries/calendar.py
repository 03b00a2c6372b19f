"""A plan's or an agency's deadlines as calendar entries: one-off due days and yearly duties.

A one-off deadline is one entry on its due day (the last day of the window the
text names: "Quý II/2023" is due on 30/06/2023). A yearly duty ("trước ngày 15/12
hằng năm") is one entry that recurs every year: from its first occurrence on or
after the day it counts from (its own start, else its plan's) to its plan's last
occurrence, or without end when its plan has none. Ongoing work and tasks without
a deadline have no day to be put on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.errors import DeadlineError
from stratagraph.model.records import Direction, Label, Node, Rel, is_retired
from stratagraph.queries.deadline_state import Deadline, DeadlineKind, deadline_of, next_due_after
from stratagraph.queries.duties import DUTIES
from stratagraph.queries.tasks import TaskFilter, find_tasks

__all__ = ["DeadlineEntry", "agency_deadlines", "plan_deadlines"]


@dataclass(frozen=True)
class DeadlineEntry:
    """A task's deadline on the calendar: ``first`` day, and for a yearly duty every year up to ``until``."""

    task: Node
    deadline: Deadline
    first: date
    yearly: bool
    until: date | None
    leads: tuple[str, ...]
    role: str | None = None  # the agency's role on the task, for an agency's calendar: "lead" or "support"


async def plan_deadlines(store: Store, derived: Derived, plan_id: str) -> list[DeadlineEntry]:
    """The deadlines of the plan's tasks, by first day then task id (``derived``: ``store``'s derived values)."""
    tasks = await find_tasks(store, derived, TaskFilter(plan=plan_id))
    return await _entries(store, derived, tasks, {})


async def agency_deadlines(store: Store, derived: Derived, agency_id: str) -> list[DeadlineEntry]:
    """The deadlines of the tasks the agency leads or supports (in any period), with its role on each."""
    roles: dict[str, str] = {}
    for rel, role in ((Rel.SUPPORTS, "support"), (Rel.LEADS, "lead")):
        for edge in await store.neighbours([agency_id], rel, Direction.OUT):
            roles[edge.target] = role
    found = await store.get(sorted(roles))
    tasks = [node for node in found.values() if node.label is Label.TASK and not is_retired(node)]
    return await _entries(store, derived, tasks, roles)


async def _entries(store: Store, derived: Derived, tasks: Sequence[Node], roles: dict[str, str]) -> list[DeadlineEntry]:
    duty_of = await derived.get(DUTIES)
    lead_edges = await store.neighbours([t.id for t in tasks], Rel.LEADS, Direction.IN)
    agencies = await store.get(sorted({e.source for e in lead_edges}))
    leads: dict[str, list[str]] = {}
    for edge in lead_edges:
        agency = agencies.get(edge.source)
        name = agency.get("nameVi") if agency is not None else None
        leads.setdefault(edge.target, []).append(name if isinstance(name, str) else edge.source)
    entries: list[DeadlineEntry] = []
    for task in tasks:
        try:
            deadline = deadline_of(task)
        except DeadlineError:
            continue  # unreadable: the plan's gaps show it
        if deadline is None:
            continue
        names = tuple(sorted(set(leads.get(task.id, ()))))
        role = roles.get(task.id)
        if deadline.kind is DeadlineKind.RECURRING:
            duty = duty_of.get(task.id)
            since = (duty.since if duty is not None else None) or deadline.start or date.today()
            first = next_due_after(deadline, since) if duty is None else duty.next_due(deadline, since)
            if first is None:
                continue  # its plan ended before it first fell due
            until = None if duty is None else duty.last_due
            entries.append(DeadlineEntry(task, deadline, first, True, until, names, role))
        elif deadline.due is not None:
            entries.append(DeadlineEntry(task, deadline, deadline.due, False, None, names, role))
    return sorted(entries, key=lambda e: (e.first, e.task.id))
