"""Indicators (chỉ tiêu), their targets per plan and year, and measured results."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from graph.records import Rel
from graph.store import Direction
from schema import analysis
from schema.common import Entity, Lang, as_date, context, name_in, optional_float, optional_int, optional_str
from schema.cost import ListSize
from schema.pagination import DEFAULT_LIST, First, first_of

if TYPE_CHECKING:
    from schema.plans import Plan
    from schema.tasks import Task


@strawberry.type(description="A target of an indicator set by a plan for a year (or a deadline).")
class Target(Entity):
    @strawberry.field
    def year(self) -> int | None:
        return optional_int(self._node, "year")

    @strawberry.field(description="The number to reach; null for a qualitative milestone.")
    def value(self) -> float | None:
        return optional_float(self._node, "value")

    @strawberry.field
    def unit(self) -> str | None:
        return optional_str(self._node, "unit")

    @strawberry.field(description="True for a milestone with no number (see `text`).")
    def qualitative(self) -> bool:
        return bool(self._node.get("qualitative", False))

    @strawberry.field(description="The target's wording in its source.")
    def text(self) -> str | None:
        return optional_str(self._node, "text")

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    critical_path = analysis.field(analysis.target_critical_path)

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.HAS_TARGET, Direction.IN)
        return Indicator(_node=nodes[0]) if nodes else None

    @strawberry.field(description="The plan that sets this target.")
    async def plan(self, info: Info) -> Annotated[Plan, strawberry.lazy("schema.plans")] | None:
        from schema.plans import Plan

        nodes = await context(info).far_nodes(self._node.id, Rel.IN_PLAN)
        return Plan(_node=nodes[0]) if nodes else None


@strawberry.type(description="A measured result (kết quả, số liệu) of an indicator.")
class Measurement(Entity):
    @strawberry.field
    def date(self) -> dt.date | None:
        return as_date(self._node.get("date"))

    @strawberry.field
    def year(self) -> int | None:
        return optional_int(self._node, "year")

    @strawberry.field
    def value(self) -> float | None:
        return optional_float(self._node, "value")

    @strawberry.field
    def unit(self) -> str | None:
        return optional_str(self._node, "unit")

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.MEASURES)
        return Indicator(_node=nodes[0]) if nodes else None


@strawberry.type(description="An indicator (chỉ tiêu) a plan sets targets for.")
class Indicator(Entity):
    @strawberry.field(description="Name in Vietnamese (default) or English.")
    def name(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang)

    @strawberry.field
    def unit(self) -> str | None:
        return optional_str(self._node, "unit")

    @strawberry.field(description="Points this component weighs in its index.")
    def max_score(self) -> float | None:
        return optional_float(self._node, "maxScore")

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field
    async def plan(self, info: Info) -> Annotated[Plan, strawberry.lazy("schema.plans")] | None:
        from schema.plans import Plan

        nodes = await context(info).far_nodes(self._node.id, Rel.IN_PLAN)
        return Plan(_node=nodes[0]) if nodes else None

    @strawberry.field(description="The index or pillar this indicator is part of.")
    async def broader(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.BROADER)
        return Indicator(_node=nodes[0]) if nodes else None

    @strawberry.field(description="Components of this index or pillar.", directives=[ListSize(assumed_size=10)])
    async def narrower(self, info: Info) -> list[Indicator]:
        return [Indicator(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.BROADER, Direction.IN)]

    @strawberry.field(
        description="Targets, by year; only those of one plan when `plan` is given.",
        directives=[ListSize(assumed_size=10)],  # one a year of a plan or two
    )
    async def targets(self, info: Info, plan: strawberry.ID | None = None) -> list[Target]:
        nodes = await context(info).far_nodes(self._node.id, Rel.HAS_TARGET)
        if plan is not None:
            keep = set()
            for node in nodes:
                plans = await context(info).related(node.id, Rel.IN_PLAN)
                if any(e.target == plan for e in plans):
                    keep.add(node.id)
            nodes = [n for n in nodes if n.id in keep]
        return [Target(_node=n) for n in sorted(nodes, key=lambda n: (optional_int(n, "year") or 0, n.id))]

    @strawberry.field(directives=[ListSize(assumed_size=10)])  # one a year or so
    async def measurements(self, info: Info) -> list[Measurement]:
        nodes = await context(info).far_nodes(self._node.id, Rel.MEASURES, Direction.IN)
        return [Measurement(_node=n) for n in sorted(nodes, key=lambda n: (str(n.get("date") or n.get("year")), n.id))]

    critical_path = analysis.field(analysis.indicator_critical_path)

    @strawberry.field(description="Tasks that contribute to this indicator (at most `first`).")
    async def tasks(
        self, info: Info, first: First = DEFAULT_LIST
    ) -> list[Annotated[Task, strawberry.lazy("schema.tasks")]]:
        from schema.tasks import Task

        nodes = await context(info).far_nodes(self._node.id, Rel.CONTRIBUTES_TO, Direction.IN)
        return [Task(_node=n) for n in first_of(nodes, first)]
