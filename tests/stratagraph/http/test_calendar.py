"""Deadline calendars (``/plans/{key}/deadlines.ics``, ``/agencies/{key}/deadlines.ics``), read by two parsers.

The feed is written with the Python ``icalendar`` library and read back twice: by
``icalendar`` itself and by Mozilla's ``ical.js`` (run with Node, as Thunderbird
runs it), which also expands the yearly duties' recurrence rules. Both must see
the same events, and those must be the deadlines the GraphQL API gives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.settings import REPOSITORY

WEB = REPOSITORY / "web"
READER = Path(__file__).with_name("ical_read.mjs")
STRATEGY = "chien-luoc-cds-bao-chi"

TASKS = """query ($id: ID!) { plan(id: $id) { tasks(first: 100) { edges { node {
  id name deadline { text kind due } } } } } }"""


def read_with_ical_js(body: bytes, tmp_path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is not installed: run `make install`"
    assert (WEB / "node_modules" / "ical.js").is_dir(), "web/node_modules/ical.js is missing: run `make install`"
    path = tmp_path / "feed.ics"
    path.write_bytes(body)
    done = subprocess.run([node, str(READER), str(path), str(WEB)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"ical.js could not read the feed:\n{done.stderr}"
    read: dict[str, Any] = json.loads(done.stdout)
    return read


def plan_tasks(base: str, plan: str) -> list[dict[str, Any]]:
    answer = httpx.post(f"{base}/graphql", json={"query": TASKS, "variables": {"id": f"plan/{plan}"}}, timeout=30)
    return [edge["node"] for edge in answer.json()["data"]["plan"]["tasks"]["edges"]]


@pytest.mark.node
def test_plan_feed_reads_the_same_in_two_parsers(live_server: str, tmp_path: Path) -> None:
    response = httpx.get(f"{live_server}/plans/{STRATEGY}/deadlines.ics", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    tasks = plan_tasks(live_server, STRATEGY)
    one_off = {
        t["id"]: t for t in tasks if t["deadline"] and t["deadline"]["due"] and t["deadline"]["kind"] != "RECURRING"
    }
    yearly = {t["id"]: t for t in tasks if t["deadline"] and t["deadline"]["kind"] == "RECURRING"}
    assert one_off, "the Strategy should have one-off deadlines in the bundled dataset"
    assert yearly, "the Strategy should have yearly duties in the bundled dataset"

    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]).removesuffix("@stratagraph"): e for e in calendar.walk("VEVENT")}
    assert set(events) == set(one_off) | set(yearly)
    for task_id, task in one_off.items():
        event = events[task_id]
        assert event.decoded("dtstart") == date.fromisoformat(task["deadline"]["due"])
        assert (event.decoded("dtend") - event.decoded("dtstart")).days == 1
        assert "rrule" not in event
        assert str(event["summary"]) == f"Hạn: {task['name']}"
        assert str(event["url"]).endswith(f"/tasks/{task_id.split('/', 1)[1]}")
    for task_id in yearly:
        rule = events[task_id]["rrule"]
        assert rule["FREQ"] == ["YEARLY"]

    read = read_with_ical_js(response.content, tmp_path)
    assert read["version"] == "2.0"
    assert read["name"] == str(calendar["x-wr-calname"])
    by_uid = {e["uid"].removesuffix("@stratagraph"): e for e in read["events"]}
    assert set(by_uid) == set(events)
    for task_id, event in events.items():
        seen = by_uid[task_id]
        assert seen["allDay"], f"{task_id} is not an all-day event in ical.js"
        assert seen["summary"] == str(event["summary"])
        assert seen["start"] == event.decoded("dtstart").isoformat()
        assert seen["recurring"] == (task_id in yearly)
    for task_id in yearly:
        occurrences = [date.fromisoformat(d) for d in by_uid[task_id]["occurrences"]]
        assert len(occurrences) > 1, f"{task_id}: the yearly rule gave one occurrence"
        assert [d.year for d in occurrences] == list(range(occurrences[0].year, occurrences[-1].year + 1))
        assert len({(d.month, d.day) for d in occurrences}) == 1
        until = events[task_id]["rrule"].get("UNTIL")
        if until:
            assert occurrences[-1] <= until[0]
    # A duty due "trước ngày 15/12 hằng năm" falls on the 14th: as the API counts its occurrences.
    duty = next(t for t in yearly.values() if "15/12" in t["deadline"]["text"])
    first = date.fromisoformat(by_uid[duty["id"]]["occurrences"][0])
    assert (first.month, first.day) == (12, 14)


@pytest.mark.node
def test_agency_feed_has_its_tasks_with_its_role(live_server: str, tmp_path: Path) -> None:
    query = """{ agency(id: "agency/cuc-bao-chi") { workload { assignments(first: 300) {
      role task { id deadline { kind due } } } } } }"""
    answer = httpx.post(f"{live_server}/graphql", json={"query": query}, timeout=30).json()
    assignments = answer["data"]["agency"]["workload"]["assignments"]
    dated = {a["task"]["id"]: a["role"] for a in assignments if a["task"]["deadline"] and a["task"]["deadline"]["due"]}
    assert dated, "the Press Department has no dated task in the bundled dataset"
    response = httpx.get(f"{live_server}/agencies/cuc-bao-chi/deadlines.ics", timeout=30)
    assert response.status_code == 200
    events = {
        str(e["uid"]).removesuffix("@stratagraph"): e for e in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert set(dated) <= set(events)
    for task_id, role in dated.items():
        assert ("Vai trò: Chủ trì" if role == "LEAD" else "Vai trò: Phối hợp") in str(events[task_id]["description"])
    read = read_with_ical_js(response.content, tmp_path)
    assert {e["uid"].removesuffix("@stratagraph") for e in read["events"]} == set(events)


@pytest.mark.parametrize("path", ["/plans/no-such-plan/deadlines.ics", "/agencies/no-such/deadlines.ics",
                                  "/agencies/chien-luoc-cds-bao-chi/deadlines.ics"])  # fmt: skip
def test_unknown_entity_has_no_feed(live_server: str, path: str) -> None:
    response = httpx.get(f"{live_server}{path}", timeout=30)
    assert response.status_code == 404
    assert "no " in response.text


@pytest.mark.asyncio
async def test_a_feed_too_large_is_refused_with_the_reason(
    bundled_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.applications import Starlette

    from stratagraph.http import calendar

    monkeypatch.setattr(calendar, "MAX_EVENTS", 2)
    app = Starlette(routes=calendar.CalendarFeeds(Derived(bundled_store), "http://t/").routes)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get(f"/plans/{STRATEGY}/deadlines.ics")
    assert response.status_code == 422
    assert "at most 2" in response.text
