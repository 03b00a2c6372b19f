"""Writes in GraphQL, Relay style: each mutation takes one ``input`` and returns its own payload.

Expected failures are data, not exceptions: a payload's ``errors`` lists
``InvalidInput`` (the loaders' checks refused a field, with their message),
``NotFound`` or ``VersionConflict`` (``expectedVersion`` is no longer the data
version: read again), and nothing was written. Who may write is not an expected
failure of the input: no token is a GraphQL error ``UNAUTHENTICATED`` (HTTP 401),
a token outside its scope ``FORBIDDEN`` (HTTP 403), and the payload is null.
The checks, the audit record and the write itself are ``schema.writes``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from stratagraph.model.access import Caller
from stratagraph.model.errors import (
    AccessError,
    InvalidWriteError,
    NotFoundError,
    UnauthenticatedError,
    VersionConflictError,
)
from stratagraph.model.records import Label, TaskStatus
from stratagraph.schema.activities import Activity
from stratagraph.schema.common import context
from stratagraph.schema.cost import ListSize
from stratagraph.schema.indicators import Measurement
from stratagraph.schema.tasks import Task
from stratagraph.schema.writes import Evidence, Writer, Written

NO_TOKEN = "a write needs a bearer token: send `Authorization: Bearer sgt_…` (ask for one: `stratagraph token create`)"


# -- input ---------------------------------------------------------------------------------


@strawberry.input(
    description="Why a write is made: a stored `document` (its id), a new document (`number`, `date`, `title`; "
    "recorded as issued by the token's agency), or a `url`."
)
class EvidenceInput:
    document: strawberry.ID | None = None
    number: str | None = strawberry.field(default=None, description="Its number and sign, e.g. `125/BC-CBC`.")
    date: dt.date | None = None
    title: str | None = None
    url: str | None = strawberry.field(default=None, description="A web page (http:// or https://).")

    def value(self) -> Evidence:
        return Evidence(self.document, self.number, self.date, self.title, self.url)


_EXPECTED = strawberry.field(
    default=None,
    description="Write only if the data version is still this one (read it from `dataVersion`); else a "
    "`VersionConflict` and nothing is written.",
)
_MUTATION_ID = strawberry.field(default=None, description="Returned as it was sent (Relay).")


@strawberry.input
class ReportTaskStatusInput:
    task: strawberry.ID
    status: TaskStatus
    as_of: dt.date = strawberry.field(description="The day the status describes (not after today).")
    evidence: EvidenceInput
    progress: float | None = strawberry.field(default=None, description="Percent done, 0 to 100.")
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class RecordMeasurementInput:
    indicator: strawberry.ID
    year: int = strawberry.field(description="The period measured: a year ...")
    value: float
    evidence: EvidenceInput = strawberry.field(description="The source of the value.")
    date: dt.date | None = strawberry.field(default=None, description="... or a day of it.")
    unit: str | None = strawberry.field(default=None, description="Default: the indicator's unit.")
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class AttachDutyReportInput:
    task: strawberry.ID = strawberry.field(description="A yearly duty (a task whose deadline recurs).")
    year: int = strawberry.field(description="The occurrence the report meets: the report is dated in this year.")
    evidence: EvidenceInput = strawberry.field(description="The report: a dated document.")
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class SetTaskLeadInput:
    task: strawberry.ID
    lead: str = strawberry.field(description="The agency: id, key, name or abbreviation.")
    evidence: EvidenceInput
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class SetTaskSupportersInput:
    task: strawberry.ID
    supporters: list[str] = strawberry.field(description="Every supporting agency (the list replaces the old one).")
    evidence: EvidenceInput
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class SetTaskDeadlineInput:
    task: strawberry.ID
    deadline: str = strawberry.field(description='As a plan writes it: "Quý II/2025", "trước ngày 15/12 hằng năm".')
    evidence: EvidenceInput
    yearly: bool = strawberry.field(default=False, description="Read a day without a year as recurring yearly.")
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class AddTaskDependencyInput:
    task: strawberry.ID
    depends_on: strawberry.ID = strawberry.field(description="The task it waits for.")
    evidence: EvidenceInput
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


@strawberry.input
class RetireTaskInput:
    task: strawberry.ID
    evidence: EvidenceInput = strawberry.field(description="The decision or letter that drops the task from its plan.")
    note: str | None = None
    expected_version: int | None = _EXPECTED
    client_mutation_id: str | None = _MUTATION_ID


# -- expected failures -----------------------------------------------------------------------


@strawberry.type(description="The checks refused a field (the message a loaded file would get); nothing was written.")
class InvalidInput:
    field: str
    message: str


@strawberry.type(description="An id that is not in the graph; nothing was written.")
class NotFound:
    message: str


@strawberry.type(
    description="The data version is no longer `expectedVersion`: another write came first. Nothing was "
    "written; read again and retry with `currentVersion`."
)
class VersionConflict:
    message: str
    expected_version: int
    current_version: int


WriteError = Annotated[InvalidInput | NotFound | VersionConflict, strawberry.union("WriteError")]


# -- payloads ----------------------------------------------------------------------------------


@strawberry.type
class WritePayload:
    activity: Activity | None = strawberry.field(description="The audit record of the write (null when refused).")
    version: int | None = strawberry.field(description="The data version the write created.")
    errors: list[WriteError] = strawberry.field(directives=[ListSize(assumed_size=1)])
    client_mutation_id: str | None


@strawberry.type(description="What a write on a task returns (every task mutation: one type keeps the schema small).")
class TaskPayload(WritePayload):
    task: Task | None = strawberry.field(description="The task as written.")


@strawberry.type
class RecordMeasurementPayload(WritePayload):
    measurement: Measurement | None


# -- the one path -----------------------------------------------------------------------------


async def _write(
    info: Info, client_id: str | None, write: Callable[[Writer], Awaitable[Written]]
) -> tuple[dict[str, object], Written | None]:
    """Common fields of a payload, and what was written (None when refused as an expected failure)."""
    ctx = context(info)
    caller: Caller | None = ctx.caller
    try:
        if caller is None:
            raise UnauthenticatedError(NO_TOKEN)
        written = await write(Writer(ctx.store, caller))
    except AccessError as error:
        raise GraphQLError(str(error), extensions={"code": error.code}) from error
    except VersionConflictError as error:
        conflict = VersionConflict(message=str(error), expected_version=error.expected, current_version=error.found)
        return _refused(client_id, conflict), None
    except InvalidWriteError as error:
        return _refused(client_id, InvalidInput(field=error.field, message=error.message)), None
    except NotFoundError as error:
        return _refused(client_id, NotFound(message=str(error))), None
    ctx.fresh()
    made = await ctx.node(written.activity)
    fields: dict[str, object] = {
        "activity": Activity(_node=made) if made is not None else None,
        "version": written.version,
        "errors": [],
        "client_mutation_id": client_id,
    }
    return fields, written


def _refused(client_id: str | None, error: InvalidInput | NotFound | VersionConflict) -> dict[str, object]:
    return {"activity": None, "version": None, "errors": [error], "client_mutation_id": client_id}


async def _task(info: Info, written: Written | None) -> Task | None:
    node = None if written is None else await context(info).node(written.entity)
    return Task(_node=node) if node is not None and node.label is Label.TASK else None


@strawberry.type(description="Writes: each needs a bearer token (`Authorization: Bearer …`) and is audited.")
class Mutation:
    @strawberry.mutation(description="Report a task's status and progress as of a day, with evidence (reporters).")
    async def report_task_status(self, info: Info, input: ReportTaskStatusInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.report_status(
                input.task,
                TaskStatus(input.status),
                input.as_of,
                input.evidence.value(),
                progress=input.progress,
                note=input.note,
                expected=input.expected_version,
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]

    @strawberry.mutation(description="Record a measured value of an indicator, with its source (reporters).")
    async def record_measurement(self, info: Info, input: RecordMeasurementInput) -> RecordMeasurementPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.record_measurement(
                input.indicator,
                input.year,
                input.value,
                input.evidence.value(),
                day=input.date,
                unit=input.unit,
                note=input.note,
                expected=input.expected_version,
            ),
        )
        node = None if written is None else await context(info).node(written.entity)
        measurement = Measurement(_node=node) if node is not None else None
        return RecordMeasurementPayload(measurement=measurement, **fields)  # type: ignore[arg-type]

    @strawberry.mutation(description="Attach the report that meets a yearly duty's occurrence (reporters).")
    async def attach_duty_report(self, info: Info, input: AttachDutyReportInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.attach_duty_report(
                input.task, input.year, input.evidence.value(), note=input.note, expected=input.expected_version
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]

    @strawberry.mutation(description="Set a task's lead agency (chủ trì) (coordinators).")
    async def set_task_lead(self, info: Info, input: SetTaskLeadInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.set_lead(
                input.task, input.lead, input.evidence.value(), note=input.note, expected=input.expected_version
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]

    @strawberry.mutation(description="Set a task's supporting agencies (phối hợp) (coordinators).")
    async def set_task_supporters(self, info: Info, input: SetTaskSupportersInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.set_supporters(
                input.task, input.supporters, input.evidence.value(), note=input.note, expected=input.expected_version
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]

    @strawberry.mutation(description="Set a task's deadline as a plan writes it (coordinators).")
    async def set_task_deadline(self, info: Info, input: SetTaskDeadlineInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.set_deadline(
                input.task,
                input.deadline,
                input.evidence.value(),
                yearly=input.yearly,
                note=input.note,
                expected=input.expected_version,
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]

    @strawberry.mutation(description="Make a task wait for another (DEPENDS_ON); a cycle is refused (coordinators).")
    async def add_task_dependency(self, info: Info, input: AddTaskDependencyInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.add_dependency(
                input.task, input.depends_on, input.evidence.value(), note=input.note, expected=input.expected_version
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Retire a task its plan no longer lists: it stays, with its history and citations, and leaves "
        "task lists, workloads, gaps and the schedule (coordinators)."
    )
    async def retire_task(self, info: Info, input: RetireTaskInput) -> TaskPayload:
        fields, written = await _write(
            info,
            input.client_mutation_id,
            lambda w: w.retire_task(
                input.task, input.evidence.value(), note=input.note, expected=input.expected_version
            ),
        )
        return TaskPayload(task=await _task(info, written), **fields)  # type: ignore[arg-type]
