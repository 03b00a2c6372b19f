"""Deadlines that contradict each other, and yearly duties, in GraphQL (``queries.consistency``).

Types wrap the query layer's values (``analysis``: one style throughout ``schema/``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.queries import consistency as consistency_queries
from stratagraph.schema import analysis
from stratagraph.schema.analysis import GRAPH_ANALYSIS, PLAN_ANALYSIS, weighs
from stratagraph.schema.common import Entity, context, parse_day
from stratagraph.schema.cost import ListSize
from stratagraph.schema.dependencies import DependencyLink
from stratagraph.schema.pagination import DEFAULT_LIST, First, check_first, first_of

if TYPE_CHECKING:
    from stratagraph.schema.indicators import Indicator, Target
    from stratagraph.schema.tasks import Task

YEARS = ListSize(assumed_size=10)  # a yearly duty's occurrences: one a year of its plan


@strawberry.type(description="A task due after the last target of an indicator it contributes to: it serves none.")
class DueAfterTargets:
    due: dt.date
    target_end: dt.date
    days: int = strawberry.field(description="Days between the target's end and the task's due date.")
    _found: strawberry.Private[consistency_queries.DueAfterTargets]

    @classmethod
    def of(cls, found: consistency_queries.DueAfterTargets) -> DueAfterTargets:
        return cls(due=found.due, target_end=found.target.end, days=found.days, _found=found)

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await analysis.task(info, self._found.task)

    @strawberry.field
    async def indicator(
        self, info: Info
    ) -> Annotated[Indicator, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Indicator

        node = await context(info).node(self._found.indicator)
        return Indicator(_node=node) if node else None

    @strawberry.field(description="The indicator's last target.")
    async def target(self, info: Info) -> Annotated[Target, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Target

        node = await context(info).node(self._found.target.id)
        return Target(_node=node) if node else None


@strawberry.type(description="A task due after a task that depends on it: as written, the dependent cannot be on time.")
class DueAfterDependent:
    dependency: DependencyLink
    dependent_due: dt.date
    prerequisite_due: dt.date
    days: int = strawberry.field(description="Days the prerequisite is due after its dependent.")

    @classmethod
    def of(cls, found: consistency_queries.DueAfterDependent) -> DueAfterDependent:
        return cls(
            dependency=DependencyLink.of(found.edge),
            dependent_due=found.dependent_due,
            prerequisite_due=found.prerequisite_due,
            days=found.days,
        )


@strawberry.type(description="A yearly duty: when it is next due and which occurrences are not known to be met.")
class RecurringObligation:
    text: str = strawberry.field(description="The deadline as the source writes it.")
    since: dt.date | None = strawberry.field(
        description="The day the duty counts from (its first year, or its plan's start)."
    )
    until: dt.date | None = strawberry.field(
        description="The end of its plan: a plan's duty does not recur after it; null when the plan has no end."
    )
    next_due: dt.date | None = strawberry.field(
        description="First occurrence on or after `asOf`, up to `until`; null once the plan has ended."
    )
    due: list[dt.date] = strawberry.field(
        description="Occurrences from `since` to the day before `asOf` (or to `until`, when earlier).",
        directives=[YEARS],
    )
    met: list[dt.date] = strawberry.field(
        description="Those a fulfilling document (FULFILLED_BY) dated in its cycle meets.", directives=[YEARS]
    )
    missed: list[dt.date] = strawberry.field(description="Those not known to be met.", directives=[YEARS])
    _task: strawberry.Private[str]

    @classmethod
    def of(cls, obligation: consistency_queries.RecurringObligation) -> RecurringObligation:
        return cls(
            text=obligation.text,
            since=obligation.since,
            until=obligation.until,
            next_due=obligation.next_due,
            due=list(obligation.due),
            met=list(obligation.met),
            missed=list(obligation.missed),
            _task=obligation.task,
        )

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await analysis.task(info, self._task)


@strawberry.type(description="Deadlines that contradict targets or dependencies, and yearly duties, as of a day.")
class Consistency:
    as_of: dt.date
    _found: strawberry.Private[consistency_queries.Consistency]

    @classmethod
    def of(cls, found: consistency_queries.Consistency) -> Consistency:
        return cls(as_of=found.as_of, _found=found)

    @strawberry.field(description="Tasks due after the last target of an indicator they serve (at most `first`).")
    def due_after_targets(self, first: First = DEFAULT_LIST) -> list[DueAfterTargets]:
        return [DueAfterTargets.of(d) for d in first_of(self._found.due_after_targets, first)]

    @strawberry.field(description="Prerequisites due after a task that depends on them (at most `first`).")
    def due_after_dependents(self, first: First = DEFAULT_LIST) -> list[DueAfterDependent]:
        return [DueAfterDependent.of(d) for d in first_of(self._found.due_after_dependents, first)]

    @strawberry.field(description="The plan's yearly duties (at most `first`).")
    def recurring_obligations(self, first: First = DEFAULT_LIST) -> list[RecurringObligation]:
        return [RecurringObligation.of(o) for o in first_of(self._found.recurring, first)]


@weighs(PLAN_ANALYSIS)
async def plan_consistency(root: Entity, info: Info, as_of: dt.date | None = None) -> Consistency:
    """Tasks due after their indicators' last target, prerequisites due after their dependents, and yearly duties
    with their next due date and missed occurrences as of `asOf` (default today)."""
    graph = await analysis.graph(info)
    found = await analysis.compute(consistency_queries.consistency, graph, parse_day(as_of), root._node.id)
    return Consistency.of(found)


@weighs(GRAPH_ANALYSIS)
async def recurring_obligations(
    info: Info, as_of: dt.date | None = None, plan: strawberry.ID | None = None, first: First = DEFAULT_LIST
) -> list[RecurringObligation]:
    """Yearly duties ("trước ngày 15/12 hằng năm") of every plan, or of `plan`: next due date and the occurrences
    not known to be met as of `asOf` (default today); at most `first`."""
    check_first(first)
    graph = await analysis.graph(info)
    found = await analysis.compute(consistency_queries.recurring_obligations, graph, parse_day(as_of), plan)
    return [RecurringObligation.of(o) for o in first_of(found, first)]
