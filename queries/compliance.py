"""Reporting compliance: for each recurring duty, who has reported for the current cycle, who has not, who is late.

The view Cục Báo chí needs when it consolidates the yearly reports (CV 1369: before
15/12 every year; 781's data before 03/4 and 05/7). On a day ``as_of``:

* the **cycle** of a duty is its occurrence in the year of ``as_of`` (its due day that year),
  while the duty counts (from its start, until its plan ends: ``queries.duties``);
* a **report** for the cycle is a document that fulfils the duty (``FULFILLED_BY``) dated
  in that year, as ``deadline_state.Duty`` counts it; it was made by the agency that
  issued it (``ISSUED_BY``: the reporting token's agency, for reports made through the service);
* the agencies **expected** to report are the duty's lead and supporters on ``as_of``;
  an agency that reported without being listed (a ministry reporting for "các bộ,
  ngành", a collective the data names as one) is listed too.

Each agency is then ``reported`` (on or before the due day), ``reported-late``,
``overdue`` (nothing, and the due day has passed) or ``not-yet-due``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.deadlines import occurrences
from stratagraph.model.errors import DeadlineError
from stratagraph.model.records import Direction, Node, Rel
from stratagraph.queries.deadline_state import deadline_of, iso_day
from stratagraph.queries.duties import DUTIES
from stratagraph.spreadsheet import csv_text

__all__ = ["AgencyCompliance", "ComplianceState", "DutyCompliance", "compliance", "compliance_csv"]


class ComplianceState(StrEnum):
    REPORTED = "reported"
    REPORTED_LATE = "reported-late"
    OVERDUE = "overdue"
    NOT_YET_DUE = "not-yet-due"


@dataclass(frozen=True, slots=True)
class AgencyCompliance:
    agency: str
    expected: bool
    """Whether the agency leads or supports the duty (else it reported without being listed)."""
    state: ComplianceState
    report: str | None = None
    reported_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DutyCompliance:
    task: Node
    due: dt.date
    agencies: tuple[AgencyCompliance, ...]

    def count(self, state: ComplianceState) -> int:
        return sum(1 for agency in self.agencies if agency.state is state)


async def compliance(derived: Derived, as_of: dt.date) -> list[DutyCompliance]:
    """Every recurring duty with a cycle in the year of ``as_of``, by task id."""
    store = derived.store
    found = await derived.get(DUTIES)
    tasks = await store.get(sorted(found))
    day = as_of.isoformat()
    out: list[DutyCompliance] = []
    for task_id, duty in sorted(found.items()):
        task = tasks.get(task_id)
        if task is None:
            continue
        try:
            deadline = deadline_of(task)
        except DeadlineError:
            continue
        if deadline is None:
            continue
        due_days = occurrences(deadline, dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31))
        if not due_days:
            continue
        due = due_days[0]
        if (duty.since is not None and due < duty.since) or (duty.until is not None and due > duty.until):
            continue
        expected = [
            edge.source
            for rel in (Rel.LEADS, Rel.SUPPORTS)
            for edge in await store.neighbours([task_id], rel, Direction.IN, day)
        ]
        reports = await _reports(store, task_id, as_of.year)
        out.append(DutyCompliance(task, due, _states(expected, reports, due, as_of)))
    return out


async def _reports(store: Store, task_id: str, year: int) -> dict[str, tuple[dt.date, str]]:
    """Issuer -> (date, document) of its first report of ``year`` fulfilling ``task_id``."""
    documents = await store.get([edge.target for edge in await store.neighbours([task_id], Rel.FULFILLED_BY)])
    issuers = await store.neighbours(sorted(documents), Rel.ISSUED_BY)
    first: dict[str, tuple[dt.date, str]] = {}
    for edge in issuers:
        when = iso_day(documents[edge.source].get("date"))
        if when is None or when.year != year:
            continue
        if edge.target not in first or (when, edge.source) < first[edge.target]:
            first[edge.target] = (when, edge.source)
    return first


def _states(
    expected: Sequence[str], reports: dict[str, tuple[dt.date, str]], due: dt.date, as_of: dt.date
) -> tuple[AgencyCompliance, ...]:
    rows: list[AgencyCompliance] = []
    for agency in dict.fromkeys([*expected, *sorted(reports)]):
        listed = agency in expected
        report = reports.get(agency)
        if report is not None and report[0] <= as_of:
            state = ComplianceState.REPORTED if report[0] <= due else ComplianceState.REPORTED_LATE
            rows.append(AgencyCompliance(agency, listed, state, report[1], report[0]))
        else:
            state = ComplianceState.OVERDUE if as_of > due else ComplianceState.NOT_YET_DUE
            rows.append(AgencyCompliance(agency, listed, state))
    return tuple(rows)


async def compliance_csv(derived: Derived, as_of: dt.date) -> str:
    """The same view as a spreadsheet: one row per duty and agency (UTF-8 with a byte-order mark)."""
    store = derived.store
    duties_found = await compliance(derived, as_of)
    agency_ids = sorted({row.agency for duty in duties_found for row in duty.agencies})
    agencies = await store.get(agency_ids)
    header = ["Nhiệm vụ", "id", "Hạn kỳ này", "Cơ quan", "agency", "Được giao", "Tình trạng", "Báo cáo", "Ngày báo cáo"]
    rows = [
        [
            duty.task.get("nameVi", ""),
            duty.task.id,
            duty.due.isoformat(),
            agencies[row.agency].get("nameVi", "") if row.agency in agencies else "",
            row.agency,
            "có" if row.expected else "không",
            row.state.value,
            row.report or "",
            row.reported_on.isoformat() if row.reported_on else "",
        ]
        for duty in duties_found
        for row in duty.agencies
    ]
    return csv_text([header, *rows])
