"""What a token's role lets its holder write, read from the graph on the day of the write.

* ``reporter`` of agency X: progress on tasks X or one of X's current sub-units
  (PART_OF, transitively, valid today) leads or supports; measurements of the
  indicators those tasks contribute to.
* ``coordinator`` of X: that, and assignments (lead, supporters, deadline,
  dependencies) on tasks of the plans X's ministry adopted: plans whose adopting
  document was issued by the ministry X belongs to today (X itself, when X is a
  ministry) or by one of its current units.
* ``admin``: anything.

A refusal is a ``ForbiddenError`` that names the token's agency and what it may
write, so the holder knows whom to ask.
"""

from __future__ import annotations

import datetime as dt

from stratagraph.graph.store import Store
from stratagraph.model.access import Caller, Role
from stratagraph.model.errors import ForbiddenError
from stratagraph.model.records import Direction, Rel
from stratagraph.queries.accountability import above, sub_units

__all__ = ["may_assign", "may_report", "may_report_on_indicator"]


async def _own(store: Store, agency: str, day: dt.date) -> set[str]:
    return {agency, *await sub_units(store, agency, day)}


async def _responsible(store: Store, task_id: str, day: dt.date) -> set[str]:
    iso = day.isoformat()
    edges = [
        *await store.neighbours([task_id], Rel.LEADS, Direction.IN, iso),
        *await store.neighbours([task_id], Rel.SUPPORTS, Direction.IN, iso),
    ]
    return {edge.source for edge in edges}


async def _reports_on(store: Store, caller: Caller, task_id: str, day: dt.date) -> bool:
    return bool(await _own(store, caller.agency, day) & await _responsible(store, task_id, day))


async def _ministry(store: Store, agency: str, day: dt.date) -> str | None:
    chain = [agency, *(step.parent for step in await above(store, [agency], day))]
    nodes = await store.get(chain)
    return next((i for i in chain if i in nodes and nodes[i].get("agencyType") == "ministry"), None)


async def _coordinates(store: Store, caller: Caller, plan_ids: set[str], day: dt.date) -> bool:
    ministry = await _ministry(store, caller.agency, day)
    if ministry is None or not plan_ids:
        return False
    issuers = await _own(store, ministry, day)
    adopted = await store.neighbours(sorted(plan_ids), Rel.ADOPTED_BY)
    issued = await store.neighbours(sorted({edge.target for edge in adopted}), Rel.ISSUED_BY)
    return any(edge.target in issuers for edge in issued)


async def _plans_of(store: Store, node_id: str) -> set[str]:
    return {edge.target for edge in await store.neighbours([node_id], Rel.IN_PLAN)}


async def may_report(store: Store, caller: Caller, task_id: str, day: dt.date) -> None:
    """Progress on ``task_id``: its lead or supporters (or their parents), a coordinator of its plan, an admin."""
    if caller.role is Role.ADMIN or await _reports_on(store, caller, task_id, day):
        return
    if caller.role is Role.COORDINATOR and await _coordinates(store, caller, await _plans_of(store, task_id), day):
        return
    raise ForbiddenError(
        f"a {caller.role.value} token of {caller.agency} reports only on tasks that {caller.agency} or its units "
        f"lead or support{' (or in plans its ministry adopted)' if caller.role is Role.COORDINATOR else ''}; "
        f"{task_id} is not one of them"
    )


async def may_report_on_indicator(store: Store, caller: Caller, indicator_id: str, day: dt.date) -> None:
    """A measurement of ``indicator_id``: by those who may report on a task contributing to it, or its plan's."""
    if caller.role is Role.ADMIN:
        return
    contributing = await store.neighbours([indicator_id], Rel.CONTRIBUTES_TO, Direction.IN)
    own = await _own(store, caller.agency, day)
    for edge in contributing:
        if own & await _responsible(store, edge.source, day):
            return
    if caller.role is Role.COORDINATOR and await _coordinates(store, caller, await _plans_of(store, indicator_id), day):
        return
    raise ForbiddenError(
        f"a {caller.role.value} token of {caller.agency} records measurements only of indicators that tasks "
        f"{caller.agency} or its units lead or support contribute to; {indicator_id} is not one of them"
    )


async def may_assign(store: Store, caller: Caller, task_id: str, day: dt.date) -> None:
    """Assignments on ``task_id`` (lead, supporters, deadline, dependencies): coordinators of its plan, admins."""
    if caller.role is Role.ADMIN:
        return
    if caller.role is Role.COORDINATOR and await _coordinates(store, caller, await _plans_of(store, task_id), day):
        return
    raise ForbiddenError(
        f"assigning is for coordinators of the plans their ministry adopted (and admins): a {caller.role.value} "
        f"token of {caller.agency} cannot change {task_id}'s assignment"
    )
