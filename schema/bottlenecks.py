"""Bottlenecks in GraphQL (``queries.bottlenecks``): agencies ranked by the open work waiting on their open tasks.

The ranking of a day (and plan) is kept per data version by the app's
``graph.derived.Derived`` (``queries.bottlenecks.RANKING``): a dashboard asking again
gets it at once. Types wrap the query layer's values (``analysis``: one style
throughout ``schema/``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.queries import bottlenecks as bottleneck_queries
from stratagraph.schema import analysis
from stratagraph.schema.agencies import Agency
from stratagraph.schema.analysis import GRAPH_ANALYSIS, PLAN_ANALYSIS, weighs
from stratagraph.schema.common import Entity, context, parse_day
from stratagraph.schema.pagination import MAX_LIST, check_first, first_of

if TYPE_CHECKING:
    from stratagraph.schema.tasks import Task


@strawberry.type(description="An agency and the open work downstream of the open tasks it leads.")
class Bottleneck:
    open_task_count: int
    waiting_count: int = strawberry.field(description="Open tasks downstream of the agency's open tasks.")
    waiting_days: int = strawberry.field(description="Their durations summed, in days (see `Schedule.duration`).")
    _found: strawberry.Private[bottleneck_queries.Bottleneck]

    @classmethod
    def of(cls, found: bottleneck_queries.Bottleneck) -> Bottleneck:
        return cls(
            open_task_count=len(found.open_tasks),
            waiting_count=len(found.waiting),
            waiting_days=found.waiting_days,
            _found=found,
        )

    @strawberry.field
    async def agency(self, info: Info) -> Agency | None:
        node = await context(info).node(self._found.agency)
        return Agency(_node=node) if node else None

    @strawberry.field(description=f"Open tasks the agency leads (at most `first`, up to {MAX_LIST}).")
    async def open_tasks(
        self, info: Info, first: int = 20
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await analysis.tasks(info, first_of(self._found.open_tasks, first))

    @strawberry.field(description=f"Open tasks waiting on them (at most `first`, up to {MAX_LIST}).")
    async def waiting(
        self, info: Info, first: int = 20
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await analysis.tasks(info, first_of(self._found.waiting, first))


async def _bottlenecks(info: Info, as_of: dt.date | None, plan: str | None, first: int) -> list[Bottleneck]:
    check_first(first)
    found = await bottleneck_queries.ranked_bottlenecks(context(info).derived, parse_day(as_of), plan, first)
    return [Bottleneck.of(b) for b in found]


@weighs(PLAN_ANALYSIS)
async def plan_bottlenecks(root: Entity, info: Info, as_of: dt.date | None = None, first: int = 10) -> list[Bottleneck]:
    """Agencies ranked by how much open work waits downstream of the open tasks of this plan they lead (leads as of
    `asOf`, default today); at most `first` (up to 1000)."""
    return await _bottlenecks(info, as_of, root._node.id, first)


@weighs(GRAPH_ANALYSIS)
async def bottlenecks(info: Info, as_of: dt.date | None = None, first: int = 10) -> list[Bottleneck]:
    """Agencies ranked by how much open work waits downstream of the open tasks they lead, in every plan (leads as
    of `asOf`, default today); at most `first` (up to 1000)."""
    return await _bottlenecks(info, as_of, None, first)
