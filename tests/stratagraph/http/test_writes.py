"""Writes over HTTP: tokens, statuses, the audit trail, conflicts and the compliance view, on the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stratagraph.http.writes_app import CBC, EVIDENCE, IN_SCOPE, TODAY, WriteApp, write_app

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
