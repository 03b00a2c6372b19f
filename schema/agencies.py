"""Agencies: ministries, departments, press agencies and the bodies above them."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.model.records import Direction, Edge, Rel
from stratagraph.queries.tasks import Role as RoleValue
from stratagraph.queries.workload import Assignment as AssignmentValue
from stratagraph.queries.workload import Workload as WorkloadValue
from stratagraph.queries.workload import workload as agency_workload
from stratagraph.schema.common import (
    CITATIONS,
    Citation,
    Entity,
    Lang,
    as_date,
    citations,
    context,
    name_in,
    optional_str,
    parse_day,
    str_list,
)
from stratagraph.schema.cost import Cost, ListSize
from stratagraph.schema.pagination import DEFAULT_LIST, DEFAULT_PAGE, Connection, First, first_of

if TYPE_CHECKING:
    from stratagraph.schema.documents import Document
    from stratagraph.schema.tasks import DeadlineState, Task, TaskFilter, TaskOrder


@strawberry.enum(description="How one agency answers to another.")
class AffiliationKind(Enum):
    PART_OF = "PART_OF"
    GOVERNED_BY = "GOVERNED_BY"


strawberry.enum(RoleValue, name="Role", description="An agency's role on a task: chủ trì (lead) or phối hợp (support).")
Role = RoleValue  # the GraphQL enum is the query layer's own


@strawberry.type(description="A dated link between two agencies (trực thuộc or cơ quan chủ quản).")
class Affiliation:
    _edge: strawberry.Private[Edge]
    _other: strawberry.Private[str]

    @classmethod
    def of(cls, edge: Edge, other: str) -> Affiliation:
        return cls(_edge=edge, _other=other)

    @strawberry.field(description="The agency at the other end of the link.")
    async def agency(self, info: Info) -> Agency | None:
        node = await context(info).node(self._other)
        return Agency(_node=node) if node else None

    @strawberry.field
    def kind(self) -> AffiliationKind:
        return AffiliationKind(self._edge.type.value)

    @strawberry.field(description="First day the link holds; null when the sources give none.")
    def valid_from(self) -> dt.date | None:
        return as_date(self._edge.valid_from)

    @strawberry.field(description="Last day the link holds (inclusive); null when it still holds or is unknown.")
    def valid_to(self) -> dt.date | None:
        return as_date(self._edge.valid_to)

    @strawberry.field(directives=[CITATIONS])
    def sources(self) -> list[Citation]:
        return citations(self._edge.sources)


@strawberry.type(description="A task an agency holds a role on, and where it stands on a day.")
class Assignment:
    _task: strawberry.Private[str]
    _agency: strawberry.Private[str]
    role: Role
    state: Annotated[DeadlineState, strawberry.lazy("stratagraph.schema.tasks")]
    due: dt.date | None

    @classmethod
    def of(cls, assignment: AssignmentValue) -> Assignment:
        return cls(
            _task=assignment.task,
            _agency=assignment.agency,
            role=assignment.role,
            state=assignment.state,
            due=assignment.due,
        )

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        from stratagraph.schema.tasks import Task

        node = await context(info).node(self._task)
        return Task(_node=node) if node else None

    @strawberry.field(description="The agency holding the role: the one asked about, or one of its sub-units.")
    async def agency(self, info: Info) -> Agency | None:
        node = await context(info).node(self._agency)
        return Agency(_node=node) if node else None


@strawberry.type
class StateCount:
    state: Annotated[DeadlineState, strawberry.lazy("stratagraph.schema.tasks")]
    count: int


@strawberry.type(description="What an agency leads and supports, grouped by deadline state on a day.")
class Workload:
    as_of: dt.date
    include_sub_units: bool
    lead_count: int
    support_count: int
    by_state: list[StateCount] = strawberry.field(directives=[ListSize(assumed_size=6)])  # one per deadline state
    _assignments: strawberry.Private[tuple[AssignmentValue, ...]]

    @classmethod
    def of(cls, workload: WorkloadValue, include_sub_units: bool) -> Workload:
        return cls(
            as_of=workload.as_of,
            include_sub_units=include_sub_units,
            lead_count=workload.count(RoleValue.LEAD),
            support_count=workload.count(RoleValue.SUPPORT),
            by_state=[StateCount(state=state, count=count) for state, count in workload.by_state().items()],
            _assignments=workload.assignments,
        )

    @strawberry.field(description="The tasks, each with its role and state (at most `first`).")
    def assignments(self, first: First = DEFAULT_LIST) -> list[Assignment]:
        return [Assignment.of(a) for a in first_of(self._assignments, first)]


@strawberry.type(description="A ministry, department, press agency or any other body that holds a role.")
class Agency(Entity):
    @strawberry.field(description="Name in Vietnamese (default) or English.")
    def name(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang)

    @strawberry.field
    def abbreviation(self) -> str | None:
        return optional_str(self._node, "abbreviation")

    @strawberry.field(description="Other names this agency goes by.", directives=[ListSize(assumed_size=3)])
    def aliases(self) -> list[str]:
        return str_list(self._node, "aliases")

    @strawberry.field(description="ministry, department, press-agency, province, collective, ...")
    def type(self) -> str | None:
        return optional_str(self._node, "agencyType")

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    async def _links(
        self, info: Info, rel: Rel, direction: Direction, as_of: dt.date | None, first: int = DEFAULT_LIST
    ) -> list[Affiliation]:
        day = as_of.isoformat() if as_of else None
        edges = first_of(await context(info).related(self._node.id, rel, direction, day), first)
        return [Affiliation.of(e, e.target if direction is Direction.OUT else e.source) for e in edges]

    @strawberry.field(
        description="Units this agency is part of (trực thuộc), valid on `asOf` (all periods when null).",
        directives=[ListSize(assumed_size=2)],
    )
    async def parents(self, info: Info, as_of: dt.date | None = None) -> list[Affiliation]:
        return await self._links(info, Rel.PART_OF, Direction.OUT, as_of)

    @strawberry.field(
        description="Its governing bodies (cơ quan chủ quản), valid on `asOf`.", directives=[ListSize(assumed_size=2)]
    )
    async def governing_bodies(self, info: Info, as_of: dt.date | None = None) -> list[Affiliation]:
        return await self._links(info, Rel.GOVERNED_BY, Direction.OUT, as_of)

    @strawberry.field(description="Units directly part of this agency, valid on `asOf` (at most `first`).")
    async def units(self, info: Info, as_of: dt.date | None = None, first: First = DEFAULT_LIST) -> list[Affiliation]:
        return await self._links(info, Rel.PART_OF, Direction.IN, as_of, first)

    @strawberry.field(
        description="Press agencies this body governs (is cơ quan chủ quản of), valid on `asOf` (at most `first`)."
    )
    async def governs(self, info: Info, as_of: dt.date | None = None, first: First = DEFAULT_LIST) -> list[Affiliation]:
        return await self._links(info, Rel.GOVERNED_BY, Direction.IN, as_of, first)

    @strawberry.field(
        description="Tasks this agency leads or supports, optionally with those of its sub-units.",
        directives=[Cost(weight=200)],  # finds and orders every task of the agency before paging
    )
    async def tasks(
        self,
        info: Info,
        role: Role | None = None,
        include_sub_units: bool = False,
        filter: Annotated[TaskFilter, strawberry.lazy("stratagraph.schema.tasks")] | None = None,
        order_by: Annotated[TaskOrder, strawberry.lazy("stratagraph.schema.tasks")] | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        from stratagraph.schema.tasks import TaskFilter, task_connection

        key = {Role.LEAD: "lead", Role.SUPPORT: "supporter"}.get(role, "agency") if role else "agency"
        overrides: dict[str, object] = {key: self._node.id, "include_sub_units": include_sub_units}
        spec = (filter or TaskFilter()).to_spec(**overrides)
        return await task_connection(info, spec, order_by, first, after)

    @strawberry.field(
        description="Tasks led and supported, by deadline state on `asOf` (default today).",
        directives=[Cost(weight=500)],  # reads every task of the agency and works out each one's state
    )
    async def workload(self, info: Info, as_of: dt.date | None = None, include_sub_units: bool = False) -> Workload:
        ctx = context(info)
        found = await agency_workload(ctx.store, ctx.derived, self._node.id, parse_day(as_of), include_sub_units)
        return Workload.of(found, include_sub_units)

    @strawberry.field(description="Documents this agency issued (at most `first`).")
    async def documents(
        self, info: Info, first: First = DEFAULT_LIST
    ) -> list[Annotated[Document, strawberry.lazy("stratagraph.schema.documents")]]:
        from stratagraph.schema.documents import Document

        nodes = await context(info).far_nodes(self._node.id, Rel.ISSUED_BY, Direction.IN)
        return [Document(_node=n) for n in first_of(nodes, first)]
