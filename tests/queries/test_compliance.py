"""Reporting compliance: who reported each recurring duty's current cycle, who has not, who is late."""

from __future__ import annotations

import csv
import datetime as dt
import io

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.access import Caller, Role
from stratagraph.queries.compliance import ComplianceState, compliance, compliance_csv
from stratagraph.schema.writes import Evidence, Writer

Q1 = "task/781-do-luong-so-lieu-quy-1"  # before 03/4 every year; led by the MIC units, supported by Cục Báo chí
CBC = "agency/cuc-bao-chi"
UNITS = "agency/cac-don-vi-thuoc-bo-tttt"
ON = dt.date(2025, 4, 10)


def states(found: list, task: str) -> dict[str, tuple[ComplianceState, str | None]]:  # type: ignore[type-arg]
    (duty,) = [d for d in found if d.task.id == task]
    return {row.agency: (row.state, row.report) for row in duty.agencies}


async def test_before_any_report_every_expected_agency_is_overdue_after_the_due_day(bundled_store: Store) -> None:
    found = await compliance(Derived(bundled_store), ON)
    assert {d.task.id for d in found} >= {Q1, "task/1369-chu-quan-bao-cao-hang-nam"}
    assert states(found, Q1) == {UNITS: (ComplianceState.OVERDUE, None), CBC: (ComplianceState.OVERDUE, None)}
    assert next(d for d in found if d.task.id == Q1).due == dt.date(2025, 4, 2)  # "trước ngày 03/4"
    before = await compliance(Derived(bundled_store), dt.date(2025, 3, 1))
    assert states(before, Q1)[CBC] == (ComplianceState.NOT_YET_DUE, None)


async def test_reports_on_time_and_late_are_told_apart(bundled_store: Store) -> None:
    cbc = Writer(bundled_store, Caller("0" * 16, "CBC", CBC, Role.REPORTER), today=ON)
    units = Writer(bundled_store, Caller("1" * 16, "Đơn vị", UNITS, Role.REPORTER), today=ON)
    await cbc.attach_duty_report(
        Q1, 2025, Evidence(number="31/BC-CBC", date=dt.date(2025, 3, 28), title="Số liệu quý I")
    )
    await units.attach_duty_report(Q1, 2025, Evidence(number="7/BC-DV", date=dt.date(2025, 4, 8), title="Số liệu"))
    found = await compliance(Derived(bundled_store), ON)
    assert states(found, Q1) == {
        UNITS: (ComplianceState.REPORTED_LATE, "document/bao-cao-7-bc-dv"),
        CBC: (ComplianceState.REPORTED, "document/bao-cao-31-bc-cbc"),
    }
    # a report of another year is another cycle's
    assert states(await compliance(Derived(bundled_store), dt.date(2024, 4, 10)), Q1)[CBC] == (
        ComplianceState.OVERDUE,
        None,
    )
    rows = list(csv.reader(io.StringIO((await compliance_csv(Derived(bundled_store), ON)).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Nhiệm vụ", "id", "Hạn kỳ này"]
    assert [Q1, "2025-04-02", CBC, "reported", "document/bao-cao-31-bc-cbc", "2025-03-28"] in [
        [r[1], r[2], r[4], r[6], r[7], r[8]] for r in rows[1:]
    ]
