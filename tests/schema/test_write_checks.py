"""Writes through the service are refused with the loaders' own words: one validation path.

For each mistake a file can make and a write can make too (an unknown agency, a deadline no rule
reads, a dependency cycle), the same mistake is loaded from a YAML file against the same store and
the write's message is the file's problem, message and hint.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stratagraph.graph.store import Store
from stratagraph.loaders.load import existing_in, read
from stratagraph.model.access import Caller, Role
from stratagraph.model.errors import DatasetError, InvalidWriteError, Problem
from stratagraph.model.records import Rel
from stratagraph.schema.writes import Evidence, Writer

TASK = "781-do-luong-so-lieu-quy-1"
EVIDENCE = Evidence(document="document/qd-781-2023-btttt")


def admin(store: Store) -> Writer:
    return Writer(store, Caller("0123456789abcdef", "Quản trị", "agency/cuc-bao-chi", Role.ADMIN))


async def problem_of(store: Store, tmp_path: Path, task_fields: str) -> Problem:
    """The one problem of loading a task record with ``task_fields`` against ``store``."""
    path = tmp_path / "tasks.yaml"
    path.write_text(
        "tasks:\n"
        f"  - id: {task_fields.split('|')[0]}\n"
        "    plan: ke-hoach-hanh-dong-781\n"
        "    name: {vi: Nhiệm vụ thử}\n"
        + "".join(f"    {line}\n" for line in task_fields.split("|")[1:])
        + "    sources: [{doc: qd-781-2023-btttt, at: A5, kind: inferred, note: thử}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        read([path], await existing_in(store))
    (problem,) = caught.value.problems
    return problem


def worded(problem: Problem) -> str:
    return f"{problem.message} (hint: {problem.hint})" if problem.hint else problem.message


async def test_an_unknown_agency_is_refused_as_a_file_is(bundled_store: Store, tmp_path: Path) -> None:
    problem = await problem_of(bundled_store, tmp_path, "thu|lead: Cuc Bao chi Trung uong")
    with pytest.raises(InvalidWriteError) as caught:
        await admin(bundled_store).set_lead(f"task/{TASK}", "Cuc Bao chi Trung uong", EVIDENCE)
    assert caught.value.field == "lead"
    assert caught.value.message == worded(problem)


async def test_a_deadline_no_rule_reads_is_refused_as_a_file_is(bundled_store: Store, tmp_path: Path) -> None:
    problem = await problem_of(bundled_store, tmp_path, 'thu|deadline: "Quý V/2025"')
    with pytest.raises(InvalidWriteError) as caught:
        await admin(bundled_store).set_deadline(f"task/{TASK}", "Quý V/2025", EVIDENCE)
    assert caught.value.field == "deadline"
    assert caught.value.message == worded(problem)


async def test_a_dependency_cycle_is_refused_as_a_file_is(bundled_store: Store, tmp_path: Path) -> None:
    edge = (await bundled_store.edges(Rel.DEPENDS_ON))[0]  # waiting -> awaited, as stored
    waiting, awaited = edge.source.split("/", 1)[1], edge.target.split("/", 1)[1]
    problem = await problem_of(bundled_store, tmp_path, f"{awaited}|dependsOn: [{waiting}]")
    version = await bundled_store.version()
    with pytest.raises(InvalidWriteError) as caught:
        await admin(bundled_store).add_dependency(edge.target, edge.source, EVIDENCE)
    assert caught.value.field == "dependsOn"
    assert caught.value.message == worded(problem)
    assert await bundled_store.version() == version


async def test_a_duty_report_must_be_dated_in_its_year(bundled_store: Store) -> None:
    reporter = Writer(bundled_store, Caller("0123456789abcdef", "CBC", "agency/cuc-bao-chi", Role.REPORTER))
    last_year = dt.date.today().year - 1
    evidence = Evidence(number="9/BC-CBC", date=dt.date(last_year, 3, 1), title="Báo cáo quý I")
    with pytest.raises(InvalidWriteError, match=f"meets the occurrence of {last_year}, not of {last_year + 1}"):
        await reporter.attach_duty_report(f"task/{TASK}", last_year + 1, evidence)
    written = await reporter.attach_duty_report(f"task/{TASK}", last_year, evidence)
    fulfilled = await bundled_store.neighbours([f"task/{TASK}"], Rel.FULFILLED_BY)
    assert "document/bao-cao-9-bc-cbc" in {edge.target for edge in fulfilled}
    issued = await bundled_store.neighbours(["document/bao-cao-9-bc-cbc"], Rel.ISSUED_BY)
    assert [edge.target for edge in issued] == ["agency/cuc-bao-chi"]
    assert written.entity == f"task/{TASK}"
