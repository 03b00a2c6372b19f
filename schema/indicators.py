"""Indicators (chỉ tiêu), their targets per plan and year, and measured results."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.model.records import Direction, Label, Node, Rel
from stratagraph.schema import analysis
from stratagraph.schema.common import (
    Entity,
    Lang,
    as_date,
    context,
    name_in,
    optional_float,
    optional_int,
    optional_str,
)
from stratagraph.schema.cost import ListSize
from stratagraph.schema.pagination import DEFAULT_LIST, First, first_of
from stratagraph.schema.schedule import indicator_critical_path, target_critical_path

if TYPE_CHECKING:
    from stratagraph.schema.documents import Document
    from stratagraph.schema.plans import Plan
    from stratagraph.schema.tasks import Task


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

    critical_path = analysis.field(target_critical_path)

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.HAS_TARGET, Direction.IN)
        return Indicator(_node=nodes[0]) if nodes else None

    @strawberry.field(description="The plan that sets this target.")
    async def plan(self, info: Info) -> Annotated[Plan, strawberry.lazy("stratagraph.schema.plans")] | None:
        from stratagraph.schema.plans import Plan

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

    @strawberry.field(description="Points this component weighs in its index (an index version: its full score).")
    def max_score(self) -> float | None:
        return optional_float(self._node, "maxScore")

    @strawberry.field(description="An index version: how many criteria (tiêu chí) it scores, as its sources count.")
    def criteria_count(self) -> int | None:
        return optional_int(self._node, "criteriaCount")

    @strawberry.field(description="An index version: how many component indices (chỉ số thành phần) it has.")
    def component_count(self) -> int | None:
        return optional_int(self._node, "componentCount")

    @strawberry.field(
        description="An index version: how many rating levels it has; `levels` lists those the sources name."
    )
    def level_count(self) -> int | None:
        return optional_int(self._node, "levelCount")

    @strawberry.field(
        description="A rating level: its place in the scale, 1 for the lowest; a pillar: its number in its index."
    )
    def rank(self) -> int | None:
        return optional_int(self._node, "rank")

    @strawberry.field(description="A rating level: the lowest score it covers (inclusive); null when not given.")
    def score_from(self) -> float | None:
        return optional_float(self._node, "scoreFrom")

    @strawberry.field(description="A rating level: the score it stays under (exclusive); null when not given.")
    def score_below(self) -> float | None:
        return optional_float(self._node, "scoreBelow")

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field
    async def plan(self, info: Info) -> Annotated[Plan, strawberry.lazy("stratagraph.schema.plans")] | None:
        from stratagraph.schema.plans import Plan

        nodes = await context(info).far_nodes(self._node.id, Rel.IN_PLAN)
        return Plan(_node=nodes[0]) if nodes else None

    @strawberry.field(description="The index or pillar this indicator is part of.")
    async def broader(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.BROADER)
        return Indicator(_node=nodes[0]) if nodes else None

    @strawberry.field(
        description="Components of this index or pillar (of an index version: its pillars), in the order the "
        "sources number them (`rank`), then by id.",
        directives=[ListSize(assumed_size=10)],
    )
    async def narrower(self, info: Info) -> list[Indicator]:
        nodes = await context(info).far_nodes(self._node.id, Rel.BROADER, Direction.IN)
        return [Indicator(_node=n) for n in sorted(nodes, key=_by_rank)]

    @strawberry.field(
        description="An index's versions, each issued by one decision, oldest first.",
        directives=[ListSize(assumed_size=5)],
    )
    async def versions(self, info: Info) -> list[Indicator]:
        nodes = await context(info).far_nodes(self._node.id, Rel.VERSION_OF, Direction.IN)
        dates = dict(
            zip((n.id for n in nodes), await asyncio.gather(*(_issued_on(info, n) for n in nodes)), strict=True)
        )
        return [Indicator(_node=n) for n in sorted(nodes, key=lambda n: (dates[n.id] or "9999", n.id))]

    @strawberry.field(description="An index version: the index it is a version of.")
    async def version_of(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.VERSION_OF)
        return Indicator(_node=nodes[0]) if nodes else None

    @strawberry.field(description="An index version: the decision that issued it.")
    async def adopted_by(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("stratagraph.schema.documents")] | None:
        from stratagraph.schema.documents import Document

        nodes = await context(info).far_nodes(self._node.id, Rel.ADOPTED_BY)
        return Document(_node=nodes[0]) if nodes else None

    @strawberry.field(
        description="An index version: the versions it replaces.",
        directives=[ListSize(assumed_size=2)],
    )
    async def replaces(self, info: Info) -> list[Indicator]:
        return [Indicator(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.REPLACES)]

    @strawberry.field(
        description="An index version: the versions that replace it.",
        directives=[ListSize(assumed_size=2)],
    )
    async def replaced_by(self, info: Info) -> list[Indicator]:
        return [Indicator(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.REPLACES, Direction.IN)]

    @strawberry.field(
        description="An index version: its rating levels (xếp loại) that the sources name, lowest first.",
        directives=[ListSize(assumed_size=5)],
    )
    async def levels(self, info: Info) -> list[Indicator]:
        nodes = await context(info).far_nodes(self._node.id, Rel.LEVEL_OF, Direction.IN)
        return [Indicator(_node=n) for n in sorted(nodes, key=_by_rank)]

    @strawberry.field(description="A rating level: the index version it belongs to.")
    async def level_of(self, info: Info) -> Indicator | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.LEVEL_OF)
        return Indicator(_node=nodes[0]) if nodes else None

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

    critical_path = analysis.field(indicator_critical_path)

    @strawberry.field(description="Tasks that contribute to this indicator (at most `first`).")
    async def tasks(
        self, info: Info, first: First = DEFAULT_LIST
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        from stratagraph.schema.tasks import Task

        nodes = await context(info).far_nodes(self._node.id, Rel.CONTRIBUTES_TO, Direction.IN)
        return [Task(_node=n) for n in first_of(nodes, first)]


async def _issued_on(info: Info, version: Node) -> str | None:
    """The date of the decision that issued ``version``, to order versions by."""
    documents = [n for n in await context(info).far_nodes(version.id, Rel.ADOPTED_BY) if n.label is Label.DOCUMENT]
    date = documents[0].get("date") if documents else None
    return date if isinstance(date, str) else None


def _by_rank(node: Node) -> tuple[bool, int, str]:
    """Numbered parts and levels first, in their order; the others by id."""
    rank = optional_int(node, "rank")
    return (rank is None, rank or 0, node.id)
