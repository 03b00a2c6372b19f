"""Deadlines as planners write them, from a table to the answers: undated tasks, quarterly and half-yearly duties."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from unittest.mock import ANY

from icalendar import Calendar

from stratagraph.graph.derived import Derived
from stratagraph.graph.open import open_store
from stratagraph.http.calendar import deadline_calendar
from stratagraph.loaders.load import load
from stratagraph.queries.calendar import plan_deadlines
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context
from stratagraph.settings import BUNDLED_DATASET

TABLE = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành
1,Báo cáo tiến độ chuyển đổi số,Cục Báo chí,Hằng quý
2,Sơ kết chuyển đổi số,Cục Báo chí,Định kỳ 6 tháng
3,Nâng cấp nền tảng,Cục Báo chí,Theo tiến độ dự án
4,Hỗ trợ kỹ thuật,Cục Báo chí,Khi có yêu cầu
5,Rà soát quy chế,Cục Báo chí,"Quý II, III/2024"
6,Tổng kết,Cục Báo chí,Giữa năm 2025
"""
KEY = "task/ke-hoach-hanh-dong-781-"
QUERY = """{
  plan(id: "plan/ke-hoach-hanh-dong-781") { gaps(kinds: [UNDATED_DEADLINE, NO_DEADLINE]) { kind subjectId } }
  undated: task(id: "%s3") { deadline { text kind due } deadlineState(asOf: "2024-07-01") }
  recurringObligations(asOf: "2024-07-01", plan: "plan/ke-hoach-hanh-dong-781", first: 1000) {
    task { id } text nextDue due
  }
}"""


async def answers(tmp_path: Path) -> dict[str, Any]:
    table = tmp_path / "phu-luc.csv"
    table.write_text(TABLE, encoding="utf-8")
    store = open_store("embedded", path=tmp_path / "store.sqlite3")
    await store.open()
    try:
        await load([BUNDLED_DATASET, table], store, plan="781/QĐ-BTTTT", doc="781/QĐ-BTTTT")
        result = await build_schema().execute(QUERY % KEY, context_value=Context(store, Derived(store)))
    finally:
        await store.close()
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


async def test_a_table_of_planners_deadlines_loads_and_answers(tmp_path: Path) -> None:
    data = await answers(tmp_path)
    undated = {gap["subjectId"] for gap in data["plan"]["gaps"] if gap["kind"] == "UNDATED_DEADLINE"}
    assert undated == {f"{KEY}3", f"{KEY}4"}
    assert data["undated"]["deadline"] == {"text": "Theo tiến độ dự án", "kind": "UNDATED", "due": None}
    assert data["undated"]["deadlineState"] == "NO_DEADLINE"
    duties = {o["task"]["id"]: o for o in data["recurringObligations"]}
    quarterly, half = duties[f"{KEY}1"], duties[f"{KEY}2"]
    assert quarterly["text"] == "Hằng quý"
    assert quarterly["nextDue"] == "2024-09-30"
    assert quarterly["due"][-2:] == ["2024-03-31", "2024-06-30"]  # every quarter's end since the plan began
    assert half["nextDue"] == "2024-12-31"
    assert "2024-06-30" in half["due"]
    assert "2024-03-31" not in half["due"]


async def test_quarterly_and_half_yearly_duties_are_calendar_rules_of_their_period(tmp_path: Path) -> None:
    table = tmp_path / "phu-luc.csv"
    table.write_text(TABLE, encoding="utf-8")
    store = open_store("embedded", path=tmp_path / "store.sqlite3")
    await store.open()
    try:
        await load([BUNDLED_DATASET, table], store, plan="781/QĐ-BTTTT", doc="781/QĐ-BTTTT")
        entries = await plan_deadlines(store, Derived(store), "plan/ke-hoach-hanh-dong-781")
    finally:
        await store.close()
    feed = Calendar.from_ical(deadline_calendar("781", entries, "http://127.0.0.1:8000/", datetime(2024, 7, 1)))
    rules = {str(e["uid"]).split("@")[0]: e.get("rrule") for e in feed.walk("VEVENT")}
    assert dict(rules[f"{KEY}1"]) == {"FREQ": ["MONTHLY"], "INTERVAL": [3], "BYMONTHDAY": [-1], "UNTIL": [ANY]}
    assert dict(rules[f"{KEY}2"])["INTERVAL"] == [6]
    assert f"{KEY}3" not in rules  # undated: on no day of a calendar
