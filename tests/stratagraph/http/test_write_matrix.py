"""Every mutation × every kind of caller → the answer it must get; a refusal leaves the graph as it was.

Callers: no token, an expired token, a revoked one, a reporter of Cục Báo chí on a target of its own
(its tasks, an indicator they serve, a duty it supports) and on one outside it, a coordinator of Cục Báo
chí (whose ministry is now Bộ VHTTDL: it assigns within the plans Bộ VHTTDL adopted), and an admin.
For every refusal the N-Triples export is hashed before and after, and the data version compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.stratagraph.http.writes_app import (
    COORDINATED,
    DUTY,
    DUTY_781,
    DUTY_REPORT,
    EVIDENCE,
    IN_SCOPE,
    INDICATOR_IN_SCOPE,
    INDICATOR_OUT_OF_SCOPE,
    OUT_OF_SCOPE,
    TODAY,
    WriteApp,
    write_app,
)


@dataclass(frozen=True)
class Mutation:
    name: str
    input_type: str
    targets: dict[str, str]
    """Target of each caller kind: ``in`` (reporter in scope), ``out``, ``coordinator``, ``admin``."""
    build: Any
    reporter_assigns: bool = False
    """Reporters may not make it even on their own tasks (assignments)."""


def _task_input(key: str, **more: object) -> Any:
    return lambda target: {key: target, "evidence": EVIDENCE, **more}


MUTATIONS = [
    Mutation(
        "reportTaskStatus",
        "ReportTaskStatusInput",
        {"in": IN_SCOPE, "out": OUT_OF_SCOPE, "coordinator": COORDINATED, "admin": OUT_OF_SCOPE},
        _task_input("task", status="DONE", asOf=TODAY.isoformat(), progress=100),
    ),
    Mutation(
        "recordMeasurement",
        "RecordMeasurementInput",
        {
            "in": INDICATOR_IN_SCOPE,
            "out": INDICATOR_OUT_OF_SCOPE,
            "coordinator": INDICATOR_IN_SCOPE,
            "admin": INDICATOR_OUT_OF_SCOPE,
        },
        _task_input("indicator", year=TODAY.year, value=42.5),
    ),
    Mutation(
        "attachDutyReport",
        "AttachDutyReportInput",
        {"in": DUTY_781, "out": DUTY, "coordinator": DUTY_781, "admin": DUTY},
        lambda target: {"task": target, "year": TODAY.year, "evidence": DUTY_REPORT},
    ),
    Mutation(
        "setTaskLead",
        "SetTaskLeadInput",
        {"in": IN_SCOPE, "out": OUT_OF_SCOPE, "coordinator": COORDINATED, "admin": OUT_OF_SCOPE},
        _task_input("task", lead="Thông tấn xã Việt Nam"),
        reporter_assigns=True,
    ),
    Mutation(
        "setTaskSupporters",
        "SetTaskSupportersInput",
        {"in": IN_SCOPE, "out": OUT_OF_SCOPE, "coordinator": COORDINATED, "admin": OUT_OF_SCOPE},
        _task_input("task", supporters=["Cục Báo chí"]),
        reporter_assigns=True,
    ),
    Mutation(
        "setTaskDeadline",
        "SetTaskDeadlineInput",
        {"in": IN_SCOPE, "out": OUT_OF_SCOPE, "coordinator": COORDINATED, "admin": OUT_OF_SCOPE},
        _task_input("task", deadline="Quý IV/2026"),
        reporter_assigns=True,
    ),
    Mutation(
        "addTaskDependency",
        "AddTaskDependencyInput",
        {"in": IN_SCOPE, "out": OUT_OF_SCOPE, "coordinator": COORDINATED, "admin": OUT_OF_SCOPE},
        _task_input("task", dependsOn=DUTY_781),
        reporter_assigns=True,
    ),
    Mutation(
        "retireTask",
        "RetireTaskInput",
        {"in": IN_SCOPE, "out": OUT_OF_SCOPE, "coordinator": COORDINATED, "admin": OUT_OF_SCOPE},
        _task_input("task"),
        reporter_assigns=True,
    ),
]

CALLERS = ["no token", "expired", "revoked", "reporter in scope", "reporter out of scope", "coordinator", "admin"]


def expected(mutation: Mutation, caller: str) -> tuple[int, str | None]:
    """HTTP status and error code (None: the write is made)."""
    if caller in ("no token", "expired", "revoked"):
        return 401, "UNAUTHENTICATED"
    if caller == "reporter out of scope" or (caller == "reporter in scope" and mutation.reporter_assigns):
        return 403, "FORBIDDEN"
    return 200, None


def target_of(mutation: Mutation, caller: str) -> str:
    kind = {"reporter in scope": "in", "coordinator": "coordinator", "admin": "admin"}.get(caller, "out")
    return mutation.targets[kind]


def token_of(app: WriteApp, caller: str) -> str | None:
    tokens = app.tokens
    return {
        "no token": None,
        "expired": tokens.expired,
        "revoked": tokens.revoked,
        "reporter in scope": tokens.reporter,
        "reporter out of scope": tokens.reporter,
        "coordinator": tokens.coordinator,
        "admin": tokens.admin,
    }[caller]


@pytest.fixture
def app(write_template: Path, tmp_path: Path) -> Iterator[WriteApp]:
    yield from write_app(write_template, tmp_path)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_every_mutation_for_every_caller(app: WriteApp, mutation: Mutation, caller: str) -> None:
    query = (
        f"mutation Write($input: {mutation.input_type}!) {{ {mutation.name}(input: $input) {{ "
        "version activity { id action actor { name } } errors { __typename } } }"
    )
    status, code = expected(mutation, caller)
    version, digest = app.version(), app.export_hash()
    response = app.post(query, {"input": mutation.build(target_of(mutation, caller))}, token_of(app, caller))
    assert response.status_code == status, response.text
    body = response.json()
    if code is None:
        payload = body["data"][mutation.name]
        assert payload["errors"] == []
        assert payload["version"] == version + 1 == app.version()
        assert payload["activity"]["action"] == mutation.name
        assert app.export_hash() != digest
        return
    assert body["errors"][0]["extensions"]["code"] == code
    assert body.get("data") is None
    assert app.version() == version
    assert app.export_hash() == digest
