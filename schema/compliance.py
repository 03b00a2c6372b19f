"""Reporting compliance in GraphQL (``queries.compliance``): who has reported each recurring duty this cycle."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from stratagraph.queries.compliance import ComplianceState as ComplianceStateValue
from stratagraph.queries.compliance import DutyCompliance as DutyComplianceValue
from stratagraph.schema.agencies import Agency
from stratagraph.schema.common import context
from stratagraph.schema.cost import ListSize
from stratagraph.schema.documents import Document
from stratagraph.schema.tasks import Task

strawberry.enum(
    ComplianceStateValue,
    name="ComplianceState",
    description="reported (on or before the due day), reported-late, overdue (nothing, and the due day passed), "
    "not-yet-due.",
)


@strawberry.type(description="One agency's report for a duty's current cycle.")
class AgencyReport:
    agency: Agency | None
    expected: bool = strawberry.field(description="It leads or supports the duty (else it reported unlisted).")
    state: ComplianceStateValue
    report: Document | None
    reported_on: dt.date | None


@strawberry.type(description="A recurring duty on a day: its due day this cycle and each agency's report.")
class DutyCompliance:
    task: Task
    due: dt.date
    _value: strawberry.Private[DutyComplianceValue]

    @strawberry.field(directives=[ListSize(assumed_size=20)])
    async def agencies(self, info: Info) -> list[AgencyReport]:
        nodes = await context(info).nodes.load_many(
            [id_ for row in self._value.agencies for id_ in (row.agency, row.report or row.agency)]
        )
        by_id = {node.id: node for node in nodes if node is not None}
        return [
            AgencyReport(
                agency=Agency(_node=by_id[row.agency]) if row.agency in by_id else None,
                expected=row.expected,
                state=row.state,
                report=Document(_node=by_id[row.report]) if row.report in by_id else None,
                reported_on=row.reported_on,
            )
            for row in self._value.agencies
        ]

    @strawberry.field(description="How many agencies reported on time.")
    def reported(self) -> int:
        return self._value.count(ComplianceStateValue.REPORTED)

    @strawberry.field(description="How many reported after the due day.")
    def late(self) -> int:
        return self._value.count(ComplianceStateValue.REPORTED_LATE)

    @strawberry.field(description="How many have not reported though the due day passed.")
    def overdue(self) -> int:
        return self._value.count(ComplianceStateValue.OVERDUE)

    @strawberry.field(description="How many have not reported and are not due yet.")
    def pending(self) -> int:
        return self._value.count(ComplianceStateValue.NOT_YET_DUE)
