"""Plans (chiến lược, kế hoạch, chương trình): their tasks, matrix and gaps."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from stratagraph.model.records import Direction, Rel
from stratagraph.queries import gaps
from stratagraph.queries.gaps import accountability_gaps
from stratagraph.queries.matrix import Matrix, responsibility_matrix
from stratagraph.schema import analysis
from stratagraph.schema.agencies import Agency, Role
from stratagraph.schema.bottlenecks import plan_bottlenecks
from stratagraph.schema.common import (
    CITATIONS,
    Citation,
    Entity,
    Lang,
    as_date,
    citations,
    context,
    name_in,
    optional_int,
    optional_str,
)
from stratagraph.schema.consistency import plan_consistency
from stratagraph.schema.cost import Cost, ListSize
from stratagraph.schema.dependencies import plan_dependency_cycles, plan_topological_order
from stratagraph.schema.documents import Document
from stratagraph.schema.indicators import Indicator, Target
from stratagraph.schema.pagination import DEFAULT_LIST, DEFAULT_PAGE, Connection, First, first_of
from stratagraph.schema.schedule import plan_critical_path
from stratagraph.schema.tasks import Task, TaskFilter, TaskOrder, task_connection


@strawberry.type
class MatrixCell:
    agency: Agency
    role: Role


@strawberry.type(description="One task's row of the responsibility matrix.")
class MatrixRow:
    task: Task
    cells: list[MatrixCell] = strawberry.field(
        description="The agencies holding a role on the task.", directives=[ListSize(assumed_size=5)]
    )


@strawberry.type(description="Agency × task with each agency's role; also at /plans/{key}/matrix.csv.")
class ResponsibilityMatrix:
    _agencies: strawberry.Private[list[Agency]]
    _rows: strawberry.Private[list[MatrixRow]]
    csv_path: str = strawberry.field(description="The whole matrix as CSV, however large.")

    @classmethod
    def of(cls, matrix: Matrix, csv_path: str) -> ResponsibilityMatrix:
        agencies = [Agency(_node=a) for a in matrix.agencies]
        rows = [
            MatrixRow(
                task=Task(_node=t),
                cells=[
                    MatrixCell(agency=agency, role=role)
                    for agency in agencies
                    if (role := matrix.role(agency._node.id, t.id)) is not None
                ],
            )
            for t in matrix.tasks
        ]
        return cls(_agencies=agencies, _rows=rows, csv_path=csv_path)

    @strawberry.field(description="The agencies, the matrix's columns (at most `first`).")
    def agencies(self, first: First = DEFAULT_LIST) -> list[Agency]:
        return first_of(self._agencies, first)

    @strawberry.field(description="One row per task (at most `first`).")
    def rows(self, first: First = DEFAULT_LIST) -> list[MatrixRow]:
        return first_of(self._rows, first)


strawberry.enum(gaps.GapKind, name="GapKind", description="Kinds of accountability gap.")
GapKind = gaps.GapKind  # the GraphQL enum is the query layer's own


@strawberry.type(description="Something nobody leads, leads twice, dates, or works toward; with its sources.")
class Gap:
    kind: GapKind
    description: str
    subject_id: strawberry.ID
    sources: list[Citation] = strawberry.field(directives=[CITATIONS])
    _agencies: strawberry.Private[tuple[str, ...]]

    @classmethod
    def of(cls, gap: gaps.Gap) -> Gap:
        return cls(
            kind=gap.kind,
            description=gap.description,
            subject_id=strawberry.ID(gap.subject),
            sources=citations(gap.sources),
            _agencies=gap.agencies,
        )

    @strawberry.field(description="The task or indicator the gap is about.")
    async def subject(self, info: Info) -> Entity | None:
        from stratagraph.schema.node import as_entity

        return as_entity(await context(info).node(self.subject_id))

    @strawberry.field(
        description="Agencies involved (the leads of a multiply-led task, ...).", directives=[ListSize(assumed_size=3)]
    )
    async def agencies(self, info: Info) -> list[Agency]:
        nodes = await context(info).nodes.load_many(list(self._agencies))
        return [Agency(_node=n) for n in nodes if n is not None]


@strawberry.type(description="A strategy, plan or programme.")
class Plan(Entity):
    @strawberry.field(description="Name in Vietnamese (default) or English.")
    def name(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang)

    @strawberry.field(description="strategy, plan or programme")
    def kind(self) -> str | None:
        return optional_str(self._node, "planKind")

    @strawberry.field(description="approved, draft or superseded")
    def status(self) -> str | None:
        return optional_str(self._node, "status")

    @strawberry.field
    def start(self) -> dt.date | None:
        return as_date(self._node.get("start"))

    @strawberry.field
    def end(self) -> dt.date | None:
        return as_date(self._node.get("end"))

    @strawberry.field(description="The year the plan looks toward (định hướng đến năm).")
    def horizon(self) -> int | None:
        return optional_int(self._node, "horizon")

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field(description="The decision that adopts the plan.")
    async def adopted_by(self, info: Info) -> Document | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.ADOPTED_BY)
        return Document(_node=nodes[0]) if nodes else None

    @strawberry.field(description="Plans this one carries out.", directives=[ListSize(assumed_size=2)])
    async def implements(self, info: Info) -> list[Plan]:
        return [Plan(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.IMPLEMENTS)]

    @strawberry.field(description="Plans that carry this one out (at most `first`).")
    async def implemented_by(self, info: Info, first: First = DEFAULT_LIST) -> list[Plan]:
        nodes = await context(info).far_nodes(self._node.id, Rel.IMPLEMENTS, Direction.IN)
        return [Plan(_node=n) for n in first_of(nodes, first)]

    @strawberry.field(directives=[Cost(weight=200)])  # finds and orders every task of the plan before paging
    async def tasks(
        self,
        info: Info,
        filter: TaskFilter | None = None,
        order_by: TaskOrder | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Task]:
        spec = (filter or TaskFilter()).to_spec(plan=self._node.id)
        return await task_connection(info, spec, order_by, first, after)

    @strawberry.field(description="Indicators of this plan (at most `first`).")
    async def indicators(self, info: Info, first: First = DEFAULT_LIST) -> list[Indicator]:
        nodes = await context(info).far_nodes(self._node.id, Rel.IN_PLAN, Direction.IN)
        return [Indicator(_node=n) for n in first_of([n for n in nodes if n.label.value == "Indicator"], first)]

    @strawberry.field(description="Targets this plan sets (at most `first`).")
    async def targets(self, info: Info, first: First = DEFAULT_LIST) -> list[Target]:
        nodes = await context(info).far_nodes(self._node.id, Rel.IN_PLAN, Direction.IN)
        return [Target(_node=n) for n in first_of([n for n in nodes if n.label.value == "Target"], first)]

    topological_order = analysis.field(plan_topological_order)
    dependency_cycles = analysis.field(plan_dependency_cycles)
    critical_path = analysis.field(plan_critical_path)
    consistency = analysis.field(plan_consistency)
    bottlenecks = analysis.field(plan_bottlenecks)

    @strawberry.field(
        description="Agency × task with each agency's role.",
        directives=[Cost(weight=1000)],  # reads every task of the plan and its agencies
    )
    async def responsibility_matrix(self, info: Info) -> ResponsibilityMatrix:
        matrix = await responsibility_matrix(context(info).store, self._node.id)
        return ResponsibilityMatrix.of(matrix, csv_path=f"/plans/{self._node.key}/matrix.csv")

    @strawberry.field(
        description="Tasks with no lead or several, no deadline; indicators nobody works toward (at most `first`).",
        directives=[Cost(weight=1000)],  # reads every task and indicator of the plan
    )
    async def gaps(self, info: Info, kinds: list[GapKind] | None = None, first: First = DEFAULT_LIST) -> list[Gap]:
        wanted = set(kinds or ())
        found = [
            gap
            for gap in await accountability_gaps(context(info).store, self._node.id)
            if not wanted or gap.kind in wanted
        ]
        return [Gap.of(g) for g in first_of(found, first)]
