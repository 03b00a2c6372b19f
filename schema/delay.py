"""What a slip breaks, in GraphQL (``queries.delay``): the tasks that move, the deadlines missed, the targets lost.

Types wrap the query layer's values (``analysis``: one style throughout ``schema/``); a
moved task's entity is loaded with its page, in one batch, so a list of a thousand is
a thousand attribute reads rather than a thousand resolver calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Final

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from stratagraph.queries import delay as delay_queries
from stratagraph.schema import analysis
from stratagraph.schema.analysis import TASK_ANALYSIS, weighs
from stratagraph.schema.common import Entity, context
from stratagraph.schema.pagination import DEFAULT_LIST, First, first_of

if TYPE_CHECKING:
    from stratagraph.schema.indicators import Indicator, Target
    from stratagraph.schema.tasks import Task

MAX_DELAY_DAYS: Final = 3650  # ten years: longer than any plan, and far from the last date a calendar holds


@strawberry.type(description="A task whose earliest finish a slip moves.")
class DelayedTask:
    before: dt.date = strawberry.field(description="Early finish before the slip.")
    after: dt.date = strawberry.field(description="Early finish after it.")
    delay: int
    due: dt.date | None
    days_late: int | None = strawberry.field(description="Days past the due date after the slip (<= 0: on time).")
    misses_deadline: bool
    was_late: bool = strawberry.field(description="Already past its due date before the slip.")
    task: Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None

    @classmethod
    def of(cls, shift: delay_queries.Shift, task: Task | None) -> DelayedTask:
        return cls(
            before=shift.before,
            after=shift.after,
            delay=shift.delay,
            due=shift.due,
            days_late=shift.days_late,
            misses_deadline=shift.misses_deadline,
            was_late=shift.was_late,
            task=task,
        )

    @classmethod
    async def page(cls, info: Info, shifts: Sequence[delay_queries.Shift]) -> list[DelayedTask]:
        """``shifts`` as GraphQL values, their tasks loaded in one batch (a list may hold thousands)."""
        tasks: dict[str, Task] = {task.id: task for task in await analysis.tasks(info, [s.task for s in shifts])}
        return [cls.of(s, tasks.get(s.task)) for s in shifts]


@strawberry.type(description="An indicator target a slip puts out of reach.")
class MissedTarget:
    year: int | None
    end: dt.date = strawberry.field(description="The day the target must be met by.")
    finish: dt.date = strawberry.field(description="Latest new finish of the serving tasks pushed past `end`.")
    days_late: int
    was_missed: bool = strawberry.field(description="Already out of reach before the slip.")
    _missed: strawberry.Private[delay_queries.MissedTarget]

    @classmethod
    def of(cls, missed: delay_queries.MissedTarget) -> MissedTarget:
        return cls(
            year=missed.target.year,
            end=missed.target.end,
            finish=missed.finish,
            days_late=missed.days_late,
            was_missed=missed.was_missed,
            _missed=missed,
        )

    @strawberry.field
    async def target(self, info: Info) -> Annotated[Target, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Target

        node = await context(info).node(self._missed.target.id)
        return Target(_node=node) if node else None

    @strawberry.field
    async def indicator(
        self, info: Info
    ) -> Annotated[Indicator, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Indicator

        node = await context(info).node(self._missed.target.indicator)
        return Indicator(_node=node) if node else None

    @strawberry.field(description="Tasks serving the target that the slip pushes past its end (at most `first`).")
    async def tasks(
        self, info: Info, first: First = DEFAULT_LIST
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await analysis.tasks(info, first_of(self._missed.tasks, first))


@strawberry.type(description="What a slip breaks: moved tasks, missed deadlines, targets out of reach.")
class DelayImpact:
    days: int
    hypothetical: bool = strawberry.field(
        description="True when the task is reported done or cancelled: the answer is what its slip would have "
        "broken in the plan's schedule, which does not look at statuses (tasks downstream move even when done)."
    )
    _impact: strawberry.Private[delay_queries.DelayImpact]

    @classmethod
    def of(cls, impact: delay_queries.DelayImpact, hypothetical: bool) -> DelayImpact:
        return cls(days=impact.days, hypothetical=hypothetical, _impact=impact)

    @strawberry.field(description="Every task that moves, the slipped one first (at most `first`).")
    async def moved(self, info: Info, first: First = DEFAULT_LIST) -> list[DelayedTask]:
        return await DelayedTask.page(info, first_of(self._impact.shifts, first))

    @strawberry.field(description="Moved tasks that finish after their due date (at most `first`).")
    async def missed_deadlines(self, info: Info, first: First = DEFAULT_LIST) -> list[DelayedTask]:
        return await DelayedTask.page(info, first_of(self._impact.missed_deadlines, first))

    @strawberry.field(description="Indicator targets out of reach after the slip (at most `first`).")
    def targets(self, first: First = DEFAULT_LIST) -> list[MissedTarget]:
        return [MissedTarget.of(m) for m in first_of(self._impact.targets, first)]


@weighs(TASK_ANALYSIS)
async def task_delay_impact(root: Entity, info: Info, days: int) -> DelayImpact:
    """If this task slips by `days` (0 to 3650), the tasks that move, the deadlines missed and by how much, and the
    indicator targets that can no longer be met."""
    if not 0 <= days <= MAX_DELAY_DAYS:
        raise GraphQLError(
            f"`days` is {days} but a slip is between 0 and {MAX_DELAY_DAYS} days (ten years)",
            extensions={"code": "BAD_USER_INPUT"},
        )
    graph = await analysis.graph(info)
    impact = await analysis.compute(delay_queries.delay_impact, graph, root._node.id, days)
    return DelayImpact.of(impact, hypothetical=not graph.is_open(root._node.id))
