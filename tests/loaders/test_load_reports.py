"""Reloading the curated files keeps what agencies reported through the service."""

from __future__ import annotations

import datetime as dt

from stratagraph.graph.store import Store
from stratagraph.loaders.load import load
from stratagraph.model.access import Caller, Role
from stratagraph.model.records import Direction, Rel, TaskStatus
from stratagraph.schema.writes import Evidence, Writer
from stratagraph.settings import BUNDLED_DATASET

TASK = "task/chi-dao-2023-04-10-cbc-co-so-du-lieu"
DUTY = "task/781-do-luong-so-lieu-quy-1"
CBC = "agency/cuc-bao-chi"


async def test_a_reload_keeps_reported_progress_and_duty_reports_but_not_assignments(bundled_store: Store) -> None:
    today = dt.date(2025, 4, 10)
    reporter = Writer(bundled_store, Caller("0" * 16, "CBC", CBC, Role.REPORTER), today=today)
    evidence = Evidence(number="31/BC-CBC", date=dt.date(2025, 3, 28), title="Số liệu quý I")
    await reporter.report_status(TASK, TaskStatus.IN_PROGRESS, today, evidence, progress=40)
    await reporter.attach_duty_report(DUTY, 2025, evidence)
    admin = Writer(bundled_store, Caller("1" * 16, "Quản trị", CBC, Role.ADMIN), today=today)
    await admin.set_lead(TASK, "Thông tấn xã Việt Nam", evidence)

    await load([BUNDLED_DATASET], bundled_store)

    task = (await bundled_store.get([TASK]))[TASK]
    assert (task.get("status"), task.get("progress"), task.get("statusAsOf")) == ("in-progress", 40, "2025-04-10")
    fulfilled = await bundled_store.neighbours([DUTY], Rel.FULFILLED_BY)
    assert "document/bao-cao-31-bc-cbc" in {edge.target for edge in fulfilled}
    leads = await bundled_store.neighbours([TASK], Rel.LEADS, Direction.IN)
    assert [edge.source for edge in leads] == [CBC]  # the file's lead wins; the audit trail keeps the change
