"""Tasks (nhiệm vụ), their deadlines, and who answers for them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.model.records import RETIRED_BY, RETIRED_ON, Direction, Label, Node, Rel, TaskStatus
from stratagraph.model.records import Edge as EdgeRecord
from stratagraph.queries import tasks as task_queries
from stratagraph.queries.accountability import Chain
from stratagraph.queries.accountability import accountability as accountability_chain
from stratagraph.queries.deadline_state import Deadline as DeadlineValue
from stratagraph.queries.deadline_state import DeadlineKind as DeadlineKindValue
from stratagraph.queries.deadline_state import DeadlineState as DeadlineStateValue
from stratagraph.queries.deadline_state import deadline_of, deadline_state, due_on, missed_occurrences, next_due_after
from stratagraph.queries.history import history as history_of
from stratagraph.schema import analysis
from stratagraph.schema.activities import Activity
from stratagraph.schema.agencies import AffiliationKind, Agency
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
    require,
)
from stratagraph.schema.cost import Cost, ListSize
from stratagraph.schema.delay import task_delay_impact
from stratagraph.schema.dependencies import task_downstream, task_upstream
from stratagraph.schema.pagination import DEFAULT_LIST, DEFAULT_PAGE, Connection, First, first_of, paginate
from stratagraph.schema.schedule import task_critical_path, task_schedule

if TYPE_CHECKING:
    from stratagraph.schema.documents import Document
    from stratagraph.schema.indicators import Indicator
    from stratagraph.schema.plans import Plan


strawberry.enum(
    DeadlineStateValue,
    name="DeadlineState",
    description="Where a task stands against its deadline on a day. `DONE`: reported done (a status is "
    "today's report: on a day before its deadline's window opens, the deadline decides). "
    "`OVERDUE`: its due day has passed and "
    "no source reports it done, as monitoring counts a task without a completion report (quá hạn); "
    "its `status` tells a task reported late (`IN_PROGRESS`, `NOT_STARTED`) from one nothing was "
    "reported on (`UNKNOWN`). A yearly duty is overdue once an occurrence passed that no report "
    "fulfils and the task is not done (the root field `recurringObligations` lists them); otherwise "
    "its next occurrence decides.",
)
DeadlineState = DeadlineStateValue  # the GraphQL enum is the query layer's own


strawberry.enum(TaskStatus, description="A task's recorded status; `UNKNOWN` when no source reports it.")


strawberry.enum(DeadlineKindValue, name="DeadlineKind", description="What a deadline text names.")
DeadlineKind = DeadlineKindValue  # the GraphQL enum is the query layer's own


@strawberry.type(description="A deadline as written (thời hạn) and what it means as dates.")
class Deadline:
    text: str = strawberry.field(description="The deadline exactly as the source writes it.")
    kind: DeadlineKind
    start: dt.date | None = strawberry.field(description="First day of the window the text names.")
    end: dt.date | None = strawberry.field(description="Last day of that window.")
    due: dt.date | None = strawberry.field(description="The day everything is due; null for ongoing duties.")
    month: int | None = strawberry.field(description="For yearly duties: the month they recur in.")
    day: int | None = strawberry.field(description="For yearly duties: the day they recur on.")
    before: bool = strawberry.field(description="True when the text says 'trước' (strictly before).")
    _value: strawberry.Private[DeadlineValue]

    @classmethod
    def of(cls, value: DeadlineValue) -> Deadline:
        return cls(
            text=value.text,
            kind=value.kind,
            start=value.start,
            end=value.end,
            due=value.due,
            month=value.month,
            day=value.day,
            before=value.before,
            _value=value,
        )

    @strawberry.field(description="For yearly duties, the next due date on or after `asOf` (default today).")
    def next_due(self, as_of: dt.date | None = None) -> dt.date | None:
        return next_due_after(self._value, parse_day(as_of))


@strawberry.type(description="A task's retirement: a revision of its plan no longer lists it.")
class Retirement:
    on: dt.date = strawberry.field(description="The day it was retired.")
    by: str | None = strawberry.field(description="What retired it: the revised table (file), or who did.")


@strawberry.enum
class TaskOrderField(Enum):
    ID = "id"
    NAME = "name"
    DEADLINE = "deadline"


@strawberry.input(description="Order of a task list; tasks with no deadline sort last.")
class TaskOrder:
    field: TaskOrderField = TaskOrderField.ID
    descending: bool = False


@strawberry.input(description="Filters on tasks; all given filters must hold.")
class TaskFilter:
    lead: strawberry.ID | None = strawberry.field(default=None, description="Led (chủ trì) by this agency.")
    supporter: strawberry.ID | None = strawberry.field(default=None, description="Supported (phối hợp) by this agency.")
    agency: strawberry.ID | None = strawberry.field(default=None, description="Led or supported by this agency.")
    include_sub_units: bool = strawberry.field(
        default=False, description="Also tasks of the agency's sub-units (PART_OF, as of `asOf`)."
    )
    plan: strawberry.ID | None = None
    indicator: strawberry.ID | None = strawberry.field(default=None, description="Contributing to this indicator.")
    status: list[TaskStatus] | None = None
    deadline_before: dt.date | None = strawberry.field(default=None, description="Due strictly before this day.")
    deadline_after: dt.date | None = strawberry.field(default=None, description="Due strictly after this day.")
    deadline_state: list[DeadlineState] | None = None
    as_of: dt.date | None = strawberry.field(
        default=None, description="Day for affiliations, recurrences and deadline states (default today)."
    )
    include_retired: bool = strawberry.field(
        default=False,
        description="Also tasks a revision of their plan retired (`Task.retired`); left out by default.",
    )

    def to_spec(self, **overrides: object) -> task_queries.TaskFilter:
        spec = task_queries.TaskFilter(
            lead=self.lead,
            supporter=self.supporter,
            agency=self.agency,
            include_sub_units=self.include_sub_units,
            plan=self.plan,
            indicator=self.indicator,
            status=tuple(s.value for s in self.status or ()),
            deadline_before=self.deadline_before,
            deadline_after=self.deadline_after,
            states=tuple(DeadlineStateValue(s.value) for s in self.deadline_state or ()),
            as_of=parse_day(self.as_of),
            include_retired=self.include_retired,
        )
        return dataclasses.replace(spec, **overrides)  # type: ignore[arg-type]


async def task_connection(
    info: Info,
    spec: task_queries.TaskFilter,
    order: TaskOrder | None,
    first: int | None,
    after: str | None,
) -> Connection[Task]:
    order = order or TaskOrder()
    for node_id, label in (
        (spec.lead, Label.AGENCY),
        (spec.supporter, Label.AGENCY),
        (spec.agency, Label.AGENCY),
        (spec.plan, Label.PLAN),
        (spec.indicator, Label.INDICATOR),
    ):
        if node_id is not None:
            await require(info, node_id, label)
    ctx = context(info)
    found = await task_queries.find_tasks(
        ctx.store, ctx.derived, spec, task_queries.TaskOrder(order.field.value), order.descending
    )
    return await paginate(found, first, after, lambda n: Task(_node=n))


@strawberry.type(description="One link of an accountability chain: `agency` answers to `parent`.")
class AccountabilityStep:
    _edge: strawberry.Private[EdgeRecord]
    _agencies: strawberry.Private[Mapping[str, Node]]

    @strawberry.field
    def agency(self) -> Agency | None:
        return _agency(self._agencies, self._edge.source)

    @strawberry.field
    def parent(self) -> Agency | None:
        return _agency(self._agencies, self._edge.target)

    @strawberry.field
    def relation(self) -> AffiliationKind:
        return AffiliationKind(self._edge.type.value)

    @strawberry.field
    def valid_from(self) -> dt.date | None:
        return as_date(self._edge.valid_from)

    @strawberry.field
    def valid_to(self) -> dt.date | None:
        return as_date(self._edge.valid_to)

    @strawberry.field(directives=[CITATIONS])
    def sources(self) -> list[Citation]:
        return citations(self._edge.sources)


def _agency(agencies: Mapping[str, Node], agency_id: str | None) -> Agency | None:
    node = None if agency_id is None else agencies.get(agency_id)
    return None if node is None else Agency(_node=node)


@strawberry.type(description="Who answers for a task on a day: lead, supporters and the chain above the lead.")
class Accountability:
    """The agencies the chain names come with it, read by the query layer in one batch (``Chain.nodes``),
    so its fields are synchronous: an async resolver per agency cost more than the chain itself."""

    as_of: dt.date
    steps: list[AccountabilityStep] = strawberry.field(
        description="Every link above the lead, nearest first.", directives=[ListSize(assumed_size=4)]
    )
    _chain: strawberry.Private[Chain]

    @classmethod
    def of(cls, chain: Chain) -> Accountability:
        steps = [AccountabilityStep(_edge=step.edge, _agencies=chain.nodes) for step in chain.steps]
        return cls(as_of=chain.as_of, steps=steps, _chain=chain)

    def _agency_list(self, ids: tuple[str, ...]) -> list[Agency]:
        return [found for i in ids if (found := _agency(self._chain.nodes, i)) is not None]

    @strawberry.field(directives=[ListSize(assumed_size=2)])
    def leads(self) -> list[Agency]:
        return self._agency_list(self._chain.leads)

    @strawberry.field(directives=[ListSize(assumed_size=5)])
    def supporters(self) -> list[Agency]:
        return self._agency_list(self._chain.supporters)

    @strawberry.field(
        description="The lead, then every agency above it, each once, nearest first.",
        directives=[ListSize(assumed_size=5)],
    )
    def chain(self) -> list[Agency]:
        return self._agency_list(self._chain.agencies)

    @strawberry.field(description="The first ministry in the chain: the ministry accountable on `asOf`.")
    def ministry(self) -> Agency | None:
        return _agency(self._chain.nodes, self._chain.ministry)

    @strawberry.field(description="The government body at the top of the chain, when the graph records it.")
    def government(self) -> Agency | None:
        return _agency(self._chain.nodes, self._chain.government)


@strawberry.type(description="A task or duty (nhiệm vụ) of a plan.")
class Task(Entity):
    @strawberry.field(description="Name in Vietnamese (default) or English.")
    def name(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang)

    @strawberry.field(description="Task group (nhóm nhiệm vụ) as the plan names it.")
    def group(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang, "groupVi", "groupEn")

    @strawberry.field(description="Output or deliverable (sản phẩm).")
    def output(self) -> str | None:
        return optional_str(self._node, "output")

    @strawberry.field
    def status(self) -> TaskStatus:
        return TaskStatus(str(self._node.get("status", "unknown")))

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field(
        description="When and by what a revision of the plan retired the task (it no longer lists it); null while "
        "the task is live. A retired task keeps its history and citations, and leaves task lists, workloads, gaps "
        "and the schedule."
    )
    def retired(self) -> Retirement | None:
        on = as_date(optional_str(self._node, RETIRED_ON))
        if on is None:
            return None
        return Retirement(on=on, by=optional_str(self._node, RETIRED_BY))

    @strawberry.field(description="Reported progress, in percent (0 to 100), as of `statusAsOf`.")
    def progress(self) -> float | None:
        value = self._node.get("progress")
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    @strawberry.field(description="The day the reported status and progress describe.")
    def status_as_of(self) -> dt.date | None:
        return as_date(self._node.get("statusAsOf"))

    @strawberry.field(description="Every accepted write that changed this task, newest first (the audit trail).")
    async def history(
        self, info: Info, first: int | None = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Activity]:
        found = await history_of(context(info).store, self._node.id)
        return await paginate(found, first, after, lambda node: Activity(_node=node))

    @strawberry.field
    def deadline(self) -> Deadline | None:
        value = deadline_of(self._node)
        return None if value is None else Deadline.of(value)

    @strawberry.field(
        description="The day the task is due as seen on `asOf` (default today): for a yearly duty, the first "
        "occurrence it missed, else its next."
    )
    async def due(self, info: Info, as_of: dt.date | None = None) -> dt.date | None:
        return due_on(self._node, parse_day(as_of), await context(info).duty(self._node.id))

    @strawberry.field(
        description="For a yearly duty, its occurrences up to `asOf` (default today) that no report fulfils and "
        "that a done task would not leave open: why it is overdue. Empty for other tasks.",
        directives=[ListSize(assumed_size=5)],
    )
    async def missed_occurrences(self, info: Info, as_of: dt.date | None = None) -> list[dt.date]:
        duty = await context(info).duty(self._node.id)
        return [] if duty is None else missed_occurrences(self._node, parse_day(as_of), duty)

    @strawberry.field(description="Where the task stands on `asOf` (default today).")
    async def deadline_state(self, info: Info, as_of: dt.date | None = None) -> DeadlineState:
        duty = await context(info).duty(self._node.id)
        return DeadlineState(deadline_state(self._node, parse_day(as_of), duty=duty).value)

    @strawberry.field
    async def plan(self, info: Info) -> Annotated[Plan, strawberry.lazy("stratagraph.schema.plans")] | None:
        from stratagraph.schema.plans import Plan

        nodes = await context(info).far_nodes(self._node.id, Rel.IN_PLAN)
        return Plan(_node=nodes[0]) if nodes else None

    @strawberry.field(description="The agency that leads (chủ trì); null when none or several do (see `leads`).")
    async def lead(self, info: Info) -> Agency | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.LEADS, Direction.IN)
        return Agency(_node=nodes[0]) if len(nodes) == 1 else None

    @strawberry.field(
        description="Every agency recorded as leading: more than one is an accountability gap.",
        directives=[ListSize(assumed_size=2)],
    )
    async def leads(self, info: Info) -> list[Agency]:
        return [Agency(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.LEADS, Direction.IN)]

    @strawberry.field(description="Agencies that support (phối hợp).", directives=[ListSize(assumed_size=5)])
    async def supporters(self, info: Info) -> list[Agency]:
        nodes = await context(info).far_nodes(self._node.id, Rel.SUPPORTS, Direction.IN)
        return [Agency(_node=n) for n in nodes]

    @strawberry.field(description="Indicators this task contributes to.", directives=[ListSize(assumed_size=3)])
    async def indicators(
        self, info: Info
    ) -> list[Annotated[Indicator, strawberry.lazy("stratagraph.schema.indicators")]]:
        from stratagraph.schema.indicators import Indicator

        return [Indicator(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.CONTRIBUTES_TO)]

    @strawberry.field(description="Tasks this one waits for (at most `first`).")
    async def depends_on(self, info: Info, first: First = DEFAULT_LIST) -> list[Task]:
        nodes = await context(info).far_nodes(self._node.id, Rel.DEPENDS_ON)
        return [Task(_node=n) for n in first_of(nodes, first)]

    @strawberry.field(description="Tasks that wait for this one (at most `first`).")
    async def dependents(self, info: Info, first: First = DEFAULT_LIST) -> list[Task]:
        nodes = await context(info).far_nodes(self._node.id, Rel.DEPENDS_ON, Direction.IN)
        return [Task(_node=n) for n in first_of(nodes, first)]

    @strawberry.field(description='The task this one is a part of (listed under it: "1.1", "a)", "-").')
    async def parent(self, info: Info) -> Task | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.SUBTASK_OF)
        return Task(_node=nodes[0]) if nodes else None

    @strawberry.field(description="The tasks listed under this one as its parts (at most `first`).")
    async def subtasks(self, info: Info, first: First = DEFAULT_LIST) -> list[Task]:
        nodes = await context(info).far_nodes(self._node.id, Rel.SUBTASK_OF, Direction.IN)
        return [Task(_node=n) for n in first_of(nodes, first)]

    upstream = analysis.field(task_upstream)
    downstream = analysis.field(task_downstream)
    schedule = analysis.field(task_schedule)
    critical_path = analysis.field(task_critical_path)
    delay_impact = analysis.field(task_delay_impact)

    @strawberry.field(description="Documents that carried the task out.", directives=[ListSize(assumed_size=5)])
    async def fulfilled_by(
        self, info: Info
    ) -> list[Annotated[Document, strawberry.lazy("stratagraph.schema.documents")]]:
        from stratagraph.schema.documents import Document

        return [Document(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.FULFILLED_BY)]

    @strawberry.field(
        description="Lead, supporters and the chain of units and governing bodies above the lead on `asOf`.",
        directives=[Cost(weight=30)],  # a few store reads per task, not batched
    )
    async def accountability(self, info: Info, as_of: dt.date | None = None) -> Accountability:
        return Accountability.of(await accountability_chain(context(info).store, self._node.id, parse_day(as_of)))


__all__ = ["Deadline", "DeadlineState", "Task", "TaskFilter", "TaskOrder", "citations", "task_connection"]
