"""What an agency (and optionally its sub-units) leads and supports, by deadline state."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Direction, Label, Rel, is_retired
from stratagraph.queries.accountability import sub_units
from stratagraph.queries.deadline_state import DeadlineState, deadline_state, due_on
from stratagraph.queries.duties import DUTIES
from stratagraph.queries.tasks import Role


@dataclass(frozen=True)
class Assignment:
    task: str
    agency: str  # the agency that holds the role: the asked one or a sub-unit
    role: Role
    state: DeadlineState
    due: date | None


@dataclass(frozen=True)
class Workload:
    agency: str
    as_of: date
    units: tuple[str, ...]
    assignments: tuple[Assignment, ...]

    def count(self, role: Role | None = None, state: DeadlineState | None = None) -> int:
        return sum(
            1 for a in self.assignments if (role is None or a.role is role) and (state is None or a.state is state)
        )

    def by_state(self) -> dict[DeadlineState, int]:
        counts = Counter(a.state for a in self.assignments)
        return {state: counts.get(state, 0) for state in DeadlineState}


async def workload(
    store: Store, derived: Derived, agency_id: str, as_of: date, include_sub_units: bool = False
) -> Workload:
    """What the agency (and its sub-units on ``as_of``) leads and supports; ``derived`` holds ``store``'s duties."""
    units = [agency_id, *(await sub_units(store, agency_id, as_of) if include_sub_units else [])]
    day = as_of.isoformat()
    roles = (
        (Role.LEAD, await store.neighbours(units, Rel.LEADS, Direction.OUT, day)),
        (Role.SUPPORT, await store.neighbours(units, Rel.SUPPORTS, Direction.OUT, day)),
    )
    tasks = await store.get(sorted({e.target for _, edges in roles for e in edges}))
    duty_of = await derived.get(DUTIES)
    assignments: list[Assignment] = []
    for role, edges in roles:
        for edge in edges:
            task = tasks.get(edge.target)
            if task is None or task.label is not Label.TASK or is_retired(task):
                continue
            duty = duty_of.get(task.id)
            state = deadline_state(task, as_of, duty=duty)
            assignments.append(Assignment(task.id, edge.source, role, state, due_on(task, as_of, duty)))
    assignments.sort(key=lambda a: (a.role.value, a.due or date.max, a.task))
    return Workload(agency_id, as_of, tuple(units), tuple(assignments))
