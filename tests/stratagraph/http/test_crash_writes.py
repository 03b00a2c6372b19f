"""SIGKILL during a stream of mutations to a served process: nothing acknowledged lost, nothing half-applied.

The harness is ``bench/crash_writes.py`` (100 trials: ``python -m bench.crash_writes``); ``make test`` runs 10.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench._server import free_port, our_server
from bench.crash_writes import CBC, MUTATION, TASK, run, template
from stratagraph.model.access import Role
from stratagraph.tokens import TokenStore


def test_sigkill_during_writes_over_http_loses_and_tears_nothing() -> None:
    results = run(trials=10, seed=16)
    assert sum(r.acknowledged for r in results) > 0
    for index, result in enumerate(results):
        assert result.lost == [], index
        assert result.half_applied == [], index
        assert result.disagreements == [], index


CONFLICT_MUTATION = MUTATION.replace(
    "errors { __typename }", "errors { __typename ... on VersionConflict { currentVersion } }"
)


def report(base: str, token: str, progress: int, expected: int, barrier: threading.Barrier) -> dict[str, Any]:
    """One client's report expecting ``expected``, sent when the other client is ready too."""
    variables = {
        "input": {
            "task": TASK,
            "status": "IN_PROGRESS",
            "progress": progress,
            "asOf": dt.date.today().isoformat(),
            "evidence": {"url": f"https://example.gov.vn/bao-cao/{expected}/{progress}"},
            "expectedVersion": expected,
        }
    }
    with httpx.Client(base_url=base, timeout=30) as client:
        barrier.wait()
        response = client.post(
            "/graphql",
            json={"query": CONFLICT_MUTATION, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    payload: dict[str, Any] = response.json()["data"]["reportTaskStatus"]
    return payload


def test_two_writers_with_one_expected_version_over_http_exactly_one_wins(tmp_path: Path) -> None:
    """Two clients of a served process send a report on one task, both expecting the same version, at once."""
    source = template(tmp_path / "template")
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    token, _ = TokenStore(data_dir / "tokens.sqlite3").create("hai người", CBC, Role.REPORTER)
    server = our_server(data_dir, free_port(), tmp_path / "server.log")
    try:
        server.wait_healthy()
        base = str(server.client.base_url)
        for round_ in range(5):
            version = int(server.client.get("/healthz").json()["version"])
            barrier = threading.Barrier(2)
            with ThreadPoolExecutor(2) as pool:
                futures = [pool.submit(report, base, token, p, version, barrier) for p in (10 + round_, 60 + round_)]
                answers = [future.result(timeout=60) for future in futures]
            won = [a for a in answers if not a["errors"]]
            lost = [a for a in answers if a["errors"]]
            assert [a["version"] for a in won] == [version + 1]
            assert [a["errors"] for a in lost] == [[{"__typename": "VersionConflict", "currentVersion": version + 1}]]
            assert int(server.client.get("/healthz").json()["version"]) == version + 1
    finally:
        server.stop()
