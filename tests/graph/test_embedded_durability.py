"""The embedded store keeps every acknowledged commit, and a failed write leaves no trace.

What these tests can and cannot show: ``SIGKILL`` ends the writer at an
arbitrary instruction, but the kernel's page cache survives it, so they prove
that a commit is in the file (WAL included) before ``write`` returns, not that
the disk survives a power cut; that part rests on ``synchronous=FULL`` (an
fsync per commit), which no test here can observe.
"""

from __future__ import annotations

import asyncio
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from stratagraph.graph.embedded import EmbeddedStore
from stratagraph.model.errors import StoreConflictError
from stratagraph.model.records import Batch, Direction, Edge, Label, Node, Rel

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import asyncio, sys
from collections.abc import Callable
from pathlib import Path
from stratagraph.graph.embedded import EmbeddedStore
from stratagraph.model.records import Batch, Edge, Label, Node, Rel

async def main() -> None:
    store = EmbeddedStore(Path(sys.argv[1]))
    await store.open()
    n = await store.count(Label.TASK)
    while True:  # one task per transaction, each chained to the one before
        node = Node(f"task/t{n:06d}", Label.TASK, {"n": n, "title": f"Nhiệm vụ {n}"})
        edges = [Edge(Rel.DEPENDS_ON, node.id, f"task/t{n - 1:06d}")] if n else []
        version = await store.write(Batch.of([node], edges))
        print(version, node.id, flush=True)
        n += 1

asyncio.run(main())
"""


def acknowledged_then_killed(path: Path, wanted: int) -> list[tuple[int, str]]:
    """Run the writer until it has acknowledged ``wanted`` commits, SIGKILL it, return every ack."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    received = b""
    deadline = time.monotonic() + 60
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while received.count(b"\n") < wanted:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"writer stopped early: {proc.stderr.read().decode()}")
            if selector.select(timeout=1):
                received += os.read(proc.stdout.fileno(), 65536)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    received += proc.stdout.read()  # acks printed before the kill landed
    proc.stdout.close()
    proc.stderr.close()
    lines = received.decode().split("\n")[:-1]  # a torn last line is no ack
    return [(int(version), node_id) for version, node_id in (line.split() for line in lines)]


async def check_store(path: Path, acks: list[tuple[int, str]]) -> int:
    store = EmbeddedStore(path)
    await store.open()
    try:
        version = await store.version()
        last_ack = max(v for v, _ in acks)
        # Every acknowledged commit is there; at most one unacknowledged one
        # (committed, then killed before it could print) may follow.
        assert last_ack <= version <= last_ack + 1
        assert set(await store.get([node_id for _, node_id in acks])) == {n for _, n in acks}
        # One task per commit, each chained to the previous: nothing half-written.
        assert await store.count(Label.TASK) == version
        chain = await store.edges(Rel.DEPENDS_ON)
        assert len(chain) == version - 1
        ids = [f"task/t{n:06d}" for n in range(version)]
        assert len(await store.neighbours(ids, Rel.DEPENDS_ON, Direction.OUT)) == version - 1
        return version
    finally:
        await store.close()


def test_sigkill_loses_no_acknowledged_commit(tmp_path: Path) -> None:
    path = tmp_path / "stratagraph.sqlite3"
    all_acks: list[tuple[int, str]] = []
    for wanted in (40, 25, 60):  # three crashes, each recovered and continued from
        acks = acknowledged_then_killed(path, wanted)
        assert len(acks) >= wanted
        all_acks += acks
        with sqlite3.connect(path) as raw:  # a hot WAL is recovered on first open
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        raw.close()
        asyncio.run(check_store(path, all_acks))


def files(path: Path) -> dict[str, bytes | None]:
    """The database and its WAL, byte for byte (``None`` when absent).

    The ``-shm`` file is left out on purpose: it is a shared-memory index of the
    WAL that readers update (read marks), holds no data and is rebuilt on open.
    """
    return {
        suffix: Path(f"{path}{suffix}").read_bytes() if Path(f"{path}{suffix}").exists() else None
        for suffix in ("", "-wal")
    }


def seeded() -> Batch:
    agency = Node("agency/bo-tttt", Label.AGENCY, {"name": "Bộ Thông tin và Truyền thông"})
    task = Node("task/chuyen-doi-so", Label.TASK, {"title": "Chuyển đổi số báo chí"})
    return Batch.of([agency, task], [Edge(Rel.LEADS, agency.id, task.id)])


def dangling() -> Batch:
    fresh = Node("task/moi", Label.TASK, {"title": "mới"})
    return Batch.of(
        [fresh, Node("agency/bo-tttt", Label.AGENCY, {"name": "đổi tên"})],
        [Edge(Rel.LEADS, "agency/bo-tttt", fresh.id), Edge(Rel.LEADS, "agency/none", fresh.id)],
    )


def unencodable() -> Batch:
    """Valid records until the last, whose text SQLite cannot take: fails mid-transaction."""
    nodes = [Node(f"task/n{i}", Label.TASK, {"i": i}) for i in range(500)]
    nodes.append(Node("task/broken", Label.TASK, {"title": "nửa \ud800 cặp"}))
    return Batch.of(nodes, [Edge(Rel.LEADS, "agency/bo-tttt", "task/n1")])


@pytest.mark.parametrize("failing", [dangling, unencodable])
async def test_a_failed_write_leaves_the_files_unchanged_while_open(
    tmp_path: Path, failing: Callable[[], Batch]
) -> None:
    path = tmp_path / "stratagraph.sqlite3"
    store = EmbeddedStore(path)
    await store.open()
    try:
        version = await store.write(seeded())
        assert files(path)["-wal"]  # the commit sits in the WAL, not yet checkpointed
        before, snapshot = files(path), await store.snapshot()
        with pytest.raises(StoreConflictError):
            await store.write(failing())
        assert files(path) == before
        assert await store.version() == version
        assert await store.snapshot() is snapshot
        assert await store.count(Label.TASK) == 1
    finally:
        await store.close()


@pytest.mark.parametrize("failing", [dangling, unencodable])
async def test_a_failed_write_leaves_the_closed_file_unchanged(tmp_path: Path, failing: Callable[[], Batch]) -> None:
    """At rest (closed, WAL folded in) the file is the same bytes before and after."""
    path = tmp_path / "stratagraph.sqlite3"
    store = EmbeddedStore(path)
    await store.open()
    await store.write(seeded())
    await store.close()
    before = files(path)
    assert before["-wal"] is None

    store = EmbeddedStore(path)
    await store.open()
    with pytest.raises(StoreConflictError):
        await store.write(failing())
    await store.close()
    assert files(path) == before
