"""The root Query: the public contract's fields, each a thin call into ``queries/``."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from stratagraph.model.records import Direction, Label, Node, Rel
from stratagraph.model.text import fold
from stratagraph.queries import search as search_queries
from stratagraph.queries import tasks as task_queries
from stratagraph.queries.compliance import compliance
from stratagraph.queries.history import audit_log
from stratagraph.schema import analysis
from stratagraph.schema.activities import Activity
from stratagraph.schema.agencies import Agency
from stratagraph.schema.bottlenecks import bottlenecks
from stratagraph.schema.common import Entity, context, require
from stratagraph.schema.compliance import DutyCompliance
from stratagraph.schema.consistency import recurring_obligations
from stratagraph.schema.cost import Cost, ListSize
from stratagraph.schema.documents import Document
from stratagraph.schema.explain import explain_path
from stratagraph.schema.indicators import Indicator
from stratagraph.schema.node import TYPES, as_entity
from stratagraph.schema.pagination import DEFAULT_PAGE, MAX_PAGE, Connection, paginate
from stratagraph.schema.plans import Plan
from stratagraph.schema.tasks import Task, TaskFilter, TaskOrder, task_connection


@strawberry.enum(description="Kinds of entity, to narrow a search.")
class EntityType(Enum):
    AGENCY = "Agency"
    PLAN = "Plan"
    DOCUMENT = "Document"
    TASK = "Task"
    INDICATOR = "Indicator"


@strawberry.type(description="A search hit: the entity, how well it matched, and the spelling that matched.")
class SearchResult:
    node: Entity
    score: float
    matched: str
    draft: bool = strawberry.field(
        description="A draft plan, in one, or a draft document: never adopted, so it ranks below what was."
    )

    @classmethod
    def of(cls, hit: search_queries.Hit, node: Node) -> SearchResult:
        return cls(node=TYPES[node.label](_node=node), score=hit.score, matched=hit.matched, draft=hit.draft)


@strawberry.enum
class EntityOrderField(Enum):
    ID = "id"
    NAME = "name"
    DATE = "date"


@strawberry.input(description="Order of a list: by id (default), name (Vietnamese, ignoring diacritics) or date.")
class EntityOrder:
    field: EntityOrderField = EntityOrderField.ID
    descending: bool = False


def _ordered(nodes: list[Node], order: EntityOrder | None) -> list[Node]:
    order = order or EntityOrder()
    if order.field is EntityOrderField.NAME:
        return sorted(nodes, key=lambda n: (fold(str(n.get("nameVi", ""))), n.id), reverse=order.descending)
    if order.field is EntityOrderField.DATE:
        dated = sorted((n for n in nodes if n.get("date")), key=lambda n: (str(n.get("date")), n.id))
        undated = sorted((n for n in nodes if not n.get("date")), key=lambda n: n.id)
        return (dated[::-1] if order.descending else dated) + undated
    return sorted(nodes, key=lambda n: n.id, reverse=order.descending)


@strawberry.input
class AgencyFilter:
    type: str | None = strawberry.field(default=None, description="ministry, department, press-agency, ...")
    parent: strawberry.ID | None = strawberry.field(default=None, description="Directly part of this agency.")
    governed_by: strawberry.ID | None = None


@strawberry.input
class DocumentFilter:
    type: str | None = None
    issuer: strawberry.ID | None = None


@strawberry.input
class PlanFilter:
    kind: str | None = None
    status: str | None = None


@strawberry.input
class IndicatorFilter:
    plan: strawberry.ID | None = None


async def _linked(info: Info, nodes: list[Node], target: str | None, rel: Rel, label: Label) -> list[Node]:
    if target is None:
        return nodes
    await require(info, target, label)
    sources = {e.source for e in await context(info).store.neighbours([target], rel, Direction.IN)}
    return [n for n in nodes if n.id in sources]


@strawberry.type
class Query:
    @strawberry.field(description="Any entity by id, e.g. `agency/cuc-bao-chi`.")
    async def node(self, info: Info, id: strawberry.ID) -> Entity | None:
        return as_entity(await context(info).node(id))

    @strawberry.field
    async def agency(self, info: Info, id: strawberry.ID) -> Agency | None:
        return Agency(_node=await require(info, id, Label.AGENCY))

    @strawberry.field(description="Agencies, ordered by id.")
    async def agencies(
        self,
        info: Info,
        filter: AgencyFilter | None = None,
        order_by: EntityOrder | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Agency]:
        f = filter or AgencyFilter()
        nodes = await context(info).store.find(Label.AGENCY, {"agencyType": f.type} if f.type else None)
        nodes = await _linked(info, nodes, f.parent, Rel.PART_OF, Label.AGENCY)
        nodes = await _linked(info, nodes, f.governed_by, Rel.GOVERNED_BY, Label.AGENCY)
        return await paginate(_ordered(nodes, order_by), first, after, lambda n: Agency(_node=n))

    @strawberry.field
    async def task(self, info: Info, id: strawberry.ID) -> Task | None:
        return Task(_node=await require(info, id, Label.TASK))

    @strawberry.field(
        description="Tasks matching every given filter.",
        directives=[Cost(weight=500)],  # finds and orders every matching task before paging
    )
    async def tasks(
        self,
        info: Info,
        filter: TaskFilter | None = None,
        order_by: TaskOrder | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Task]:
        spec: task_queries.TaskFilter = (filter or TaskFilter()).to_spec()
        return await task_connection(info, spec, order_by, first, after)

    @strawberry.field(
        description="Every accepted write through the service, newest first: since a day (UTC), for one agency.",
        directives=[Cost(weight=50)],  # reads every activity before paging
    )
    async def audit_log(
        self,
        info: Info,
        since: dt.date | None = None,
        agency: strawberry.ID | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Activity]:
        agency_id = None if agency is None else (await require(info, agency, Label.AGENCY)).id
        found = await audit_log(context(info).store, since, agency_id)
        return await paginate(found, first, after, lambda node: Activity(_node=node))

    @strawberry.field(
        description="For every recurring duty (CV 1369's yearly report, 781's data before 03/4 and 05/7): which "
        "agencies have reported for the cycle of `asOf`'s year (default today), which have not, which are late. "
        "Also as CSV: /compliance.csv?asOf=YYYY-MM-DD.",
        directives=[ListSize(assumed_size=10), Cost(weight=50)],
    )
    async def reporting_compliance(self, info: Info, as_of: dt.date | None = None) -> list[DutyCompliance]:
        found = await compliance(context(info).derived, as_of or dt.date.today())
        return [DutyCompliance(task=Task(_node=duty.task), due=duty.due, _value=duty) for duty in found]

    @strawberry.field
    async def indicator(self, info: Info, id: strawberry.ID) -> Indicator | None:
        return Indicator(_node=await require(info, id, Label.INDICATOR))

    @strawberry.field
    async def indicators(
        self,
        info: Info,
        filter: IndicatorFilter | None = None,
        order_by: EntityOrder | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Indicator]:
        nodes = await context(info).store.find(Label.INDICATOR)
        nodes = await _linked(info, nodes, (filter or IndicatorFilter()).plan, Rel.IN_PLAN, Label.PLAN)
        return await paginate(_ordered(nodes, order_by), first, after, lambda n: Indicator(_node=n))

    @strawberry.field
    async def document(self, info: Info, id: strawberry.ID) -> Document | None:
        return Document(_node=await require(info, id, Label.DOCUMENT))

    @strawberry.field
    async def documents(
        self,
        info: Info,
        filter: DocumentFilter | None = None,
        order_by: EntityOrder | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Document]:
        f = filter or DocumentFilter()
        nodes = await context(info).store.find(Label.DOCUMENT, {"docType": f.type} if f.type else None)
        if f.issuer:
            await require(info, f.issuer, Label.AGENCY)
            issued = {e.source for e in await context(info).store.neighbours([f.issuer], Rel.ISSUED_BY, Direction.IN)}
            nodes = [n for n in nodes if n.id in issued]
        return await paginate(_ordered(nodes, order_by), first, after, lambda n: Document(_node=n))

    @strawberry.field
    async def plan(self, info: Info, id: strawberry.ID) -> Plan | None:
        return Plan(_node=await require(info, id, Label.PLAN))

    @strawberry.field
    async def plans(
        self,
        info: Info,
        filter: PlanFilter | None = None,
        order_by: EntityOrder | None = None,
        first: int | None = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Plan]:
        f = filter or PlanFilter()
        where = {k: v for k, v in (("planKind", f.kind), ("status", f.status)) if v}
        nodes = await context(info).store.find(Label.PLAN, where or None)
        return await paginate(_ordered(nodes, order_by), first, after, lambda n: Plan(_node=n))

    path = analysis.field(explain_path)
    recurring_obligations = analysis.field(recurring_obligations)
    bottlenecks = analysis.field(bottlenecks)

    @strawberry.field(
        description="Entities whose names, abbreviations or aliases match `text`, in either language, "
        "ignoring diacritics and case; best first.",
        directives=[Cost(weight=1000)],  # a fuzzy match against every name
    )
    async def search(
        self, info: Info, text: str, types: list[EntityType] | None = None, first: int = 20
    ) -> list[SearchResult]:
        if not 0 <= first <= MAX_PAGE:
            raise GraphQLError(f"`first` must be between 0 and {MAX_PAGE}")
        labels = {Label(t.value) for t in types} if types else None
        hits = await search_queries.search(context(info).derived, text, labels, first)
        nodes = await context(info).nodes.load_many([h.id for h in hits])
        return [SearchResult.of(h, n) for h, n in zip(hits, nodes, strict=True) if n is not None]
