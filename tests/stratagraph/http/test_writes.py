"""Writes over HTTP: tokens, statuses, the audit trail, conflicts and the compliance view, on the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stratagraph.http.writes_app import CBC, COORDINATED, EVIDENCE, IN_SCOPE, TODAY, WriteApp, write_app

REPORT = """
mutation Report($input: ReportTaskStatusInput!) {
  reportTaskStatus(input: $input) {
    task { id status progress statusAsOf history { totalCount edges { node { id action } } } }
    activity { id action actor { name role } agency { id } changes { field before after } note evidence { number } }
    version
    errors {
      __typename
      ... on InvalidInput { field message }
      ... on VersionConflict { expectedVersion currentVersion }
      ... on NotFound { message }
    }
  }
}
"""


@pytest.fixture
def app(write_template: Path, tmp_path: Path) -> Iterator[WriteApp]:
    yield from write_app(write_template, tmp_path)


def report_input(**changes: object) -> dict[str, object]:
    return {
        "task": IN_SCOPE,
        "status": "IN_PROGRESS",
        "progress": 40,
        "asOf": TODAY.isoformat(),
        "note": "Đã xong thiết kế",
        "evidence": EVIDENCE,
        **changes,
    }


def test_a_reporter_reports_a_task_of_its_agency_and_it_is_in_the_history(app: WriteApp) -> None:
    before = app.version()
    response = app.post(REPORT, {"input": report_input()}, app.tokens.reporter)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["reportTaskStatus"]
    assert payload["errors"] == []
    assert payload["version"] == before + 1 == app.version()
    assert payload["task"]["status"] == "IN_PROGRESS"
    assert payload["task"]["progress"] == 40
    activity = payload["activity"]
    assert activity["actor"] == {"name": "Phòng Báo in, CBC", "role": "reporter"}
    assert activity["agency"] == {"id": CBC}
    assert {"field": "status", "before": '"unknown"', "after": '"in-progress"'} in activity["changes"]
    assert activity["evidence"] == [{"number": "125/BC-CBC"}]
    assert payload["task"]["history"]["edges"][0]["node"] == {"id": activity["id"], "action": "reportTaskStatus"}


def test_without_a_token_a_mutation_is_a_401_and_writes_nothing(app: WriteApp) -> None:
    before = app.version()
    response = app.post(REPORT, {"input": report_input()})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert app.version() == before


def test_a_bad_token_is_refused_before_anything_runs(app: WriteApp) -> None:
    for token in ("nonsense", app.tokens.reporter[:-2] + "xx", app.tokens.expired, app.tokens.revoked):
        response = app.post("{ plans(first: 1) { totalCount } }", token=token)
        assert response.status_code == 401, token
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_reads_stay_public(app: WriteApp) -> None:
    response = app.post("{ plans(first: 1) { totalCount } }")
    assert response.status_code == 200
    assert response.json()["data"]["plans"]["totalCount"] > 0


def test_a_mutation_by_get_is_refused(app: WriteApp) -> None:
    response = app.client.get(
        "/graphql",
        params={"query": "mutation { reportTaskStatus(input: {}) { version } }"},
        headers={"Authorization": f"Bearer {app.tokens.admin}", "Accept": "application/json"},
    )
    assert response.status_code == 405


def test_a_stale_expected_version_is_a_conflict_and_writes_nothing(app: WriteApp) -> None:
    version = app.version()
    first = app.post(REPORT, {"input": report_input(expectedVersion=version)}, app.tokens.reporter).json()
    assert first["data"]["reportTaskStatus"]["version"] == version + 1
    digest = app.export_hash()
    second = app.post(REPORT, {"input": report_input(status="DONE", expectedVersion=version)}, app.tokens.reporter)
    payload = second.json()["data"]["reportTaskStatus"]
    assert payload["errors"] == [
        {"__typename": "VersionConflict", "expectedVersion": version, "currentVersion": version + 1}
    ]
    assert payload["version"] is None
    assert app.version() == version + 1
    assert app.export_hash() == digest


def test_an_invalid_input_is_refused_with_the_loaders_message(app: WriteApp) -> None:
    digest = app.export_hash()
    response = app.post(REPORT, {"input": report_input(progress=140)}, app.tokens.reporter)
    assert response.json()["data"]["reportTaskStatus"]["errors"] == [
        {"__typename": "InvalidInput", "field": "progress", "message": "140 is not a percentage: give 0 to 100"}
    ]
    assert app.export_hash() == digest


def test_repeated_failures_from_one_client_are_slowed(write_template: Path, tmp_path: Path) -> None:
    for limited in write_app(write_template, tmp_path, auth_failures=3):
        statuses = [limited.post("{ plans { totalCount } }", token="sgt_bad").status_code for _ in range(5)]
        assert statuses == [401, 401, 401, 429, 429]
        refused = limited.post("{ plans { totalCount } }", token=limited.tokens.admin)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1


PORTAL = "https://baocao.example.gov.vn"


def test_only_the_write_origins_may_send_a_token_from_a_page(write_template: Path, tmp_path: Path) -> None:
    for app in write_app(write_template, tmp_path, write_origins=(PORTAL,)):
        ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
        granted = app.client.options("/graphql", headers={"Origin": PORTAL, **ask})
        assert granted.headers["access-control-allow-origin"] == PORTAL
        assert "Authorization" in granted.headers["access-control-allow-headers"]
        assert "access-control-allow-credentials" not in granted.headers
        other = app.client.options("/graphql", headers={"Origin": "https://evil.example", **ask})
        assert "access-control-allow-origin" not in other.headers
        reads = app.client.options(
            "/graphql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert reads.headers["access-control-allow-origin"] == "*"  # reads stay open to every page
        version = app.version()
        refused = app.post(REPORT, {"input": report_input()}, app.tokens.reporter, Origin="https://evil.example")
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert app.version() == version
        accepted = app.post(REPORT, {"input": report_input()}, app.tokens.reporter, Origin=PORTAL)
        assert accepted.status_code == 200
        assert app.version() == version + 1


def test_audit_log_and_compliance_are_read_by_anyone(app: WriteApp) -> None:
    app.post(REPORT, {"input": report_input()}, app.tokens.reporter)
    query = f'{{ auditLog(agency: "{CBC}", first: 5) {{ totalCount edges {{ node {{ action actor {{ name }} }} }} }} }}'
    log = app.post(query).json()["data"]["auditLog"]
    assert log["totalCount"] == 1
    assert log["edges"][0]["node"] == {"action": "reportTaskStatus", "actor": {"name": "Phòng Báo in, CBC"}}
    duties = app.post(
        '{ reportingCompliance(asOf: "2025-04-10") { task { id } due overdue agencies { agency { id } state } } }'
    ).json()["data"]["reportingCompliance"]
    q1 = next(d for d in duties if d["task"]["id"] == "task/781-do-luong-so-lieu-quy-1")
    assert q1["due"] == "2025-04-02"
    assert {"agency": {"id": CBC}, "state": "OVERDUE"} in q1["agencies"]
    csv_text = app.client.get("/compliance.csv?asOf=2025-04-10")
    assert csv_text.headers["content-type"].startswith("text/csv")
    assert "task/781-do-luong-so-lieu-quy-1" in csv_text.text
    assert app.client.get("/compliance.csv?asOf=yesterday").status_code == 400


RETIRE = """
mutation Retire($input: RetireTaskInput!) {
  retireTask(input: $input) {
    task { id retired { on by } history { totalCount } }
    activity { action changes { field before after } }
    version
    errors { __typename ... on InvalidInput { field message } }
  }
}
"""
COUNTS = "{ live: tasks { totalCount } all: tasks(filter: {includeRetired: true}) { totalCount } }"


def test_a_coordinator_retires_a_task_which_stays_with_its_history_and_leaves_the_lists(app: WriteApp) -> None:
    """``retireTask`` writes what a revised table writes (``loaders.retire``), audited like every write."""
    before = app.post(COUNTS).json()["data"]
    assert before["live"] == before["all"]
    version = app.version()
    response = app.post(RETIRE, {"input": {"task": COORDINATED, "evidence": EVIDENCE}}, app.tokens.coordinator)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["retireTask"]
    assert payload["errors"] == []
    assert payload["version"] == version + 1 == app.version()
    assert payload["task"]["retired"]["by"] == "Lãnh đạo CBC"
    assert payload["task"]["retired"]["on"] is not None
    assert payload["task"]["history"]["totalCount"] == 1
    assert payload["activity"]["action"] == "retireTask"
    assert {change["field"] for change in payload["activity"]["changes"]} == {"retiredOn", "retiredBy"}
    after = app.post(COUNTS).json()["data"]
    assert after == {"live": {"totalCount": before["live"]["totalCount"] - 1}, "all": before["all"]}

    again = app.post(RETIRE, {"input": {"task": COORDINATED, "evidence": EVIDENCE}}, app.tokens.coordinator)
    refused = again.json()["data"]["retireTask"]
    assert refused["errors"][0]["__typename"] == "InvalidInput"
    assert "was retired on" in refused["errors"][0]["message"]
    assert app.version() == version + 1
