"""Writes through the service on every store: the change and its activity in one transaction, the
history that follows, refusals that change nothing, and conflicts on ``expectedVersion``.

Runs once per store kind like ``test_conformance.py`` (Neo4j when ``NEO4J_URI`` is set). The
records are the test's own (``ns``); activities, whose ids are not, are deleted at the end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from stratagraph.graph.store import Store
from stratagraph.model.access import Caller, Role
from stratagraph.model.audit import changes_of
from stratagraph.model.errors import ForbiddenError, InvalidWriteError, VersionConflictError
from stratagraph.model.records import Batch, Citation, Direction, Edge, Kind, Label, Node, Rel, TaskStatus
from stratagraph.queries.history import audit_log, history
from stratagraph.schema.writes import Evidence, Writer

TODAY = dt.date.today()


@dataclass
class World:
    agency: str
    other: str
    task: str
    second: str
    document: str


@pytest.fixture
async def world(store: Store, ns: str) -> AsyncIterator[World]:
    cite = Citation(f"document/{ns}-qd", "Điều 1", Kind.VERBATIM)
    doc = Node(f"document/{ns}-qd", Label.DOCUMENT, {"number": f"{ns}/QĐ", "nameVi": "Quyết định"}, (cite,))
    agency = Node(f"agency/{ns}-cuc", Label.AGENCY, {"nameVi": f"Cục {ns}", "agencyType": "department"}, (cite,))
    other = Node(f"agency/{ns}-so", Label.AGENCY, {"nameVi": f"Sở {ns}", "agencyType": "department"}, (cite,))
    plan = Node(f"plan/{ns}-kh", Label.PLAN, {"nameVi": "Kế hoạch"}, (cite,))
    task = Node(f"task/{ns}-a", Label.TASK, {"nameVi": "Nhiệm vụ A", "status": "unknown"}, (cite,))
    second = Node(f"task/{ns}-b", Label.TASK, {"nameVi": "Nhiệm vụ B", "status": "unknown"}, (cite,))
    edges = [
        Edge(Rel.LEADS, agency.id, task.id, {}, (cite,)),
        Edge(Rel.LEADS, other.id, second.id, {}, (cite,)),
        Edge(Rel.IN_PLAN, task.id, plan.id, {}, (cite,)),
        Edge(Rel.IN_PLAN, second.id, plan.id, {}, (cite,)),
        Edge(Rel.DEPENDS_ON, second.id, task.id, {}, (cite,)),
    ]
    await store.write(Batch.of([doc, agency, other, plan, task, second], edges))
    yield World(agency.id, other.id, task.id, second.id, doc.id)
    made = [node.id for node in await store.find(Label.ACTIVITY) if ns in str(node.get("changes"))]
    await store.delete(made)


def writer(store: Store, agency: str, role: Role = Role.REPORTER) -> Writer:
    return Writer(store, Caller("0123456789abcdef", "Nguyễn Văn A", agency, role))


async def test_a_report_writes_the_change_and_its_activity_in_one_version(store: Store, world: World) -> None:
    before = await store.version()
    evidence = Evidence(document=world.document)
    written = await writer(store, world.agency).report_status(
        world.task, TaskStatus.IN_PROGRESS, TODAY, evidence, progress=30, note="đang làm"
    )
    assert written.version == before + 1 == await store.version()
    task = (await store.get([world.task]))[world.task]
    assert (task.get("status"), task.get("progress"), task.get("statusAsOf")) == ("in-progress", 30, TODAY.isoformat())
    (made,) = await history(store, world.task)
    assert made.id == written.activity
    assert made.get("dataVersion") == written.version
    assert made.get("actorName") == "Nguyễn Văn A"
    assert {(c.field, c.before, c.after) for c in changes_of(made.get("changes"))} >= {
        ("status", "unknown", "in-progress"),
        ("progress", None, 30),
    }
    assert [e.target for e in await store.neighbours([made.id], Rel.WAS_ASSOCIATED_WITH)] == [world.agency]
    assert {e.target for e in await store.neighbours([made.id], Rel.USED)} == {world.task, world.document}
    assert [n.id for n in await audit_log(store, TODAY, world.agency)] == [made.id]


async def test_history_is_newest_first_and_kept_on_every_write(store: Store, world: World) -> None:
    reporter = writer(store, world.agency)
    evidence = Evidence(document=world.document)
    first = await reporter.report_status(world.task, TaskStatus.IN_PROGRESS, TODAY, evidence, progress=10)
    second = await reporter.report_status(world.task, TaskStatus.DONE, TODAY, evidence, progress=100)
    found = await history(store, world.task)
    assert {n.id for n in found} == {first.activity, second.activity}
    assert max(found, key=lambda n: int(str(n.get("dataVersion")))).id == second.activity


async def test_a_refused_write_changes_nothing(store: Store, world: World) -> None:
    version = await store.version()
    evidence = Evidence(document=world.document)
    with pytest.raises(ForbiddenError):
        await writer(store, world.agency).report_status(world.second, TaskStatus.DONE, TODAY, evidence)
    with pytest.raises(InvalidWriteError, match="DEPENDS_ON cycle"):
        await writer(store, world.agency, Role.ADMIN).add_dependency(world.task, world.second, evidence)
    with pytest.raises(InvalidWriteError, match="unknown agency"):
        await writer(store, world.agency, Role.ADMIN).set_lead(world.task, "không có cơ quan này", evidence)
    assert await store.version() == version
    assert await history(store, world.task) == []


async def test_a_stale_expected_version_is_a_conflict(store: Store, world: World) -> None:
    version = await store.version()
    evidence = Evidence(document=world.document)
    reporter = writer(store, world.agency)
    await reporter.report_status(world.task, TaskStatus.IN_PROGRESS, TODAY, evidence, expected=version)
    with pytest.raises(VersionConflictError):
        await reporter.report_status(world.task, TaskStatus.DONE, TODAY, evidence, expected=version)
    assert await store.version() == version + 1
    assert len(await history(store, world.task)) == 1


async def test_two_writers_on_one_expected_version_exactly_one_wins(store: Store, world: World) -> None:
    version = await store.version()
    evidence = Evidence(document=world.document)
    results = await asyncio.gather(
        writer(store, world.agency).report_status(world.task, TaskStatus.DONE, TODAY, evidence, expected=version),
        writer(store, world.agency).report_status(world.task, TaskStatus.CANCELLED, TODAY, evidence, expected=version),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["VersionConflictError", "Written"]
    assert await store.version() == version + 1
    (made,) = await history(store, world.task)
    status = (await store.get([world.task]))[world.task].get("status")
    assert status in {c.after for c in changes_of(made.get("changes")) if c.field == "status"}


async def test_writers_without_expected_version_are_both_applied_in_turn(store: Store, world: World) -> None:
    version = await store.version()
    evidence = Evidence(document=world.document)
    reporter = writer(store, world.agency)
    await asyncio.gather(
        reporter.report_status(world.task, TaskStatus.IN_PROGRESS, TODAY, evidence, progress=10),
        reporter.report_status(world.task, TaskStatus.IN_PROGRESS, TODAY, evidence, progress=20),
    )
    assert await store.version() == version + 2
    found = await history(store, world.task)
    assert sorted(int(str(n.get("dataVersion"))) for n in found) == [version + 1, version + 2]
    newest = max(found, key=lambda n: int(str(n.get("dataVersion"))))
    progress = (await store.get([world.task]))[world.task].get("progress")
    assert [c.after for c in changes_of(newest.get("changes")) if c.field == "progress"] == [progress]
    assert await store.neighbours([world.task], Rel.USED, Direction.IN)
