"""What the embedded store does beyond the protocol: its file, its errors, its concurrency."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import networkx as nx
import pytest

from bench.synthetic import generate
from stratagraph.graph.embedded import EmbeddedStore, graph_key
from stratagraph.model.errors import StoreConflictError, StoreError, StoreUnavailableError
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, Rel

ROOT = Path(__file__).resolve().parents[2]
CITE = Citation("document/qd-348-2023-ttg", "Mục I.2.a", Kind.VERBATIM, page="S1")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "stratagraph.sqlite3"


@pytest.fixture
async def store(path: Path) -> AsyncIterator[EmbeddedStore]:
    opened = EmbeddedStore(path)
    await opened.open()
    yield opened
    await opened.close()


def tasks(count: int, start: int = 0) -> list[Node]:
    return [
        Node(f"task/t{i:06d}", Label.TASK, {"n": i, "title": f"Nhiệm vụ {i}"}, (CITE,))
        for i in range(start, start + count)
    ]


async def test_a_commit_is_on_disk_in_the_documented_format(store: EmbeddedStore, path: Path) -> None:
    agency = Node("agency/cuc-bao-chi", Label.AGENCY, {"name": "Cục Báo chí", "aka": ("CBC",)})
    part_of = Edge(Rel.PART_OF, agency.id, agency.id, {"validFrom": "2023-04-06"}, (CITE,))
    version = await store.write(Batch.of([agency], [part_of]))

    # A second connection, as another program would open the file, while the store is open.
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA user_version").fetchone() == (1,)
        assert raw.execute("SELECT version FROM meta").fetchall() == [(version,)]
        assert raw.execute("SELECT id, label, props, sources FROM nodes").fetchall() == [
            ("agency/cuc-bao-chi", "Agency", '{"name":"Cục Báo chí","aka":["CBC"]}', "[]")
        ]
        ((key, rel, source, target, props, sources),) = raw.execute("SELECT * FROM edges")
    assert (key, rel, source, target) == (part_of.key, "PART_OF", agency.id, agency.id)
    assert json.loads(props) == {"validFrom": "2023-04-06"}
    assert json.loads(sources) == [
        {
            "document": "document/qd-348-2023-ttg",
            "locator": "Mục I.2.a",
            "kind": "verbatim",
            "page": "S1",
            "quote": None,
            "note": None,
        }
    ]


async def test_snapshot_keys_dated_edges_by_their_start() -> None:
    undated = Edge(Rel.LEADS, "agency/a", "task/t")
    dated = Edge(Rel.PART_OF, "agency/a", "agency/b", {"validFrom": "2023-04-06"})
    assert graph_key(undated) == "LEADS"
    assert graph_key(dated) == "PART_OF@2023-04-06"


async def test_close_folds_the_wal_into_the_file(store: EmbeddedStore, path: Path) -> None:
    wal = f"{path}-wal"
    await store.write(Batch.of(tasks(50)))
    assert os.path.exists(wal)  # noqa: ASYNC240 (a stat, in a test)
    await store.close()
    assert not os.path.exists(wal)  # noqa: ASYNC240

    # The main file alone now holds every commit.
    copy = path.with_name("copy.sqlite3")
    shutil.copyfile(path, copy)
    alone = EmbeddedStore(copy)
    await alone.open()
    try:
        assert await alone.count(Label.TASK) == 50
    finally:
        await alone.close()


async def test_using_a_store_that_is_not_open_is_an_error(path: Path) -> None:
    store = EmbeddedStore(path)
    with pytest.raises(StoreError, match="not open"):
        await store.version()
    with pytest.raises(StoreError, match="not open"):
        await store.write(Batch())
    await store.open()
    await store.close()
    await store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="not open"):
        await store.get(["task/a"])


async def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database, just words " * 100)
    with pytest.raises(StoreError, match=r"notes\.sqlite3"):
        await EmbeddedStore(text).open()

    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE nodes (x)")
    raw.close()
    with pytest.raises(StoreError, match="not a stratagraph store"):
        await EmbeddedStore(foreign).open()


async def test_a_path_that_cannot_be_created_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreUnavailableError):
        await EmbeddedStore(blocker / "sub" / "store.sqlite3").open()


async def test_a_dangling_edge_is_named_in_the_error(store: EmbeddedStore) -> None:
    edge = Edge(Rel.LEADS, "agency/none", "task/none")
    with pytest.raises(StoreConflictError) as caught:
        await store.write(Batch.of([], [edge]))
    message = str(caught.value)
    assert "agency/none|LEADS|task/none|" in message
    assert "missing node agency/none" in message
    assert "missing node task/none" in message


async def test_reads_during_a_write_see_the_old_or_the_new_graph(store: EmbeddedStore) -> None:
    """Each read sees all of a write or none of it, and the loop keeps answering meanwhile."""
    await store.write(Batch.of(tasks(10)))
    big = tasks(30_000, start=10)
    ends = [big[0].id, big[-1].id]
    writing = asyncio.create_task(store.write(Batch.of(big)))
    seen: list[tuple[int, int, int]] = []
    while not writing.done():
        seen.append((await store.version(), await store.count(Label.TASK), len(await store.get(ends))))
        await asyncio.sleep(0)
    await writing

    versions, counts, found = (set(column) for column in zip(*seen, strict=True))
    assert versions <= {1, 2}
    assert counts <= {10, 30_010}
    assert found <= {0, 2}
    # Once the new graph is seen, the old one never is again.
    assert seen == sorted(seen)
    # The event loop kept answering while the commit ran in its thread.
    assert (1, 10, 0) in seen
    assert len(seen) > 1


async def test_a_cancelled_write_is_all_or_nothing_and_the_store_stays_usable(store: EmbeddedStore, path: Path) -> None:
    """Cancelling the caller does not cut the transaction short: it commits or fails whole."""
    before = await store.version()
    writing = asyncio.create_task(store.write(Batch.of(tasks(20_000))))
    await asyncio.sleep(0.01)
    writing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await writing
    assert (await store.version(), await store.count(Label.TASK)) in {
        (before, 0),  # not committed yet (or never)
        (before + 1, 20_000),
    }

    # The next write queues behind the cancelled one, which keeps the connection until done.
    version = await store.write(Batch.of(tasks(1, start=99_999)))
    count = await store.count(Label.TASK)
    assert (version, count) in {(before + 1, 1), (before + 2, 20_001)}
    await store.close()
    again = EmbeddedStore(path)
    await again.open()
    try:
        assert (await again.version(), await again.count(Label.TASK)) == (version, count)
    finally:
        await again.close()


async def test_a_write_by_another_process_is_seen_by_an_open_store(store: EmbeddedStore, path: Path) -> None:
    seen_before = await store.snapshot()
    code = """
import asyncio, sys
from pathlib import Path
from stratagraph.graph.embedded import EmbeddedStore
from stratagraph.model.records import Batch, Label, Node

async def main() -> None:
    store = EmbeddedStore(Path(sys.argv[1]))
    await store.open()
    print(await store.write(Batch.of([Node("task/from-elsewhere", Label.TASK, {"by": "khác"})])))
    await store.close()

asyncio.run(main())
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, str(path), env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(writer.communicate(), timeout=60)
    assert writer.returncode == 0
    assert int(out) == 1
    assert await store.version() == 1
    assert await store.get(["task/from-elsewhere"]) == {
        "task/from-elsewhere": Node("task/from-elsewhere", Label.TASK, {"by": "khác"})
    }
    assert "task/from-elsewhere" in await store.snapshot()
    assert "task/from-elsewhere" not in seen_before


async def test_the_snapshot_holds_every_record_nodes_in_id_order(tmp_path: Path) -> None:
    """Analyses break ties by iteration order, so the snapshot's order is part of its contract."""
    store = EmbeddedStore(tmp_path / "s.sqlite3")
    await store.open()
    try:
        batch = generate(200, seed=5)
        await store.write(batch)
        snapshot = await store.snapshot()
        nodes = sorted(batch.nodes, key=lambda n: n.id)
        assert list(snapshot.nodes(data=True)) == [(n.id, {**n.props, "label": n.label.value}) for n in nodes]
        edges = [(e.source, e.target, graph_key(e), {**e.props, "type": e.type.value}) for e in batch.edges]
        assert sorted(snapshot.edges(keys=True, data=True), key=lambda e: e[:3]) == sorted(edges, key=lambda e: e[:3])
        assert snapshot.graph == {"version": await store.version()}
        assert nx.is_frozen(snapshot)
    finally:
        await store.close()


async def test_find_hands_out_a_fresh_list_each_time(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s.sqlite3")
    await store.open()
    try:
        await store.write(Batch.of([Node("agency/b", Label.AGENCY), Node("agency/a", Label.AGENCY)], []))
        first = await store.find(Label.AGENCY)
        first.clear()
        assert [n.id for n in await store.find(Label.AGENCY)] == ["agency/a", "agency/b"]
    finally:
        await store.close()


async def test_a_load_writes_rows_in_order_and_reads_come_back_in_order_after_later_writes(path: Path) -> None:
    """One load writes ids and keys in order, so reopening need not sort; rows written later append out of order."""
    shuffled = list(reversed(tasks(50)))
    edges = [Edge(Rel.DEPENDS_ON, a.id, b.id) for a, b in itertools.pairwise(shuffled)]
    store = EmbeddedStore(path)
    await store.open()
    await store.write(Batch.of(shuffled, edges))
    await store.close()
    with sqlite3.connect(path) as raw:
        ids = [row[0] for row in raw.execute("SELECT id FROM nodes ORDER BY rowid")]
        keys = [row[0] for row in raw.execute("SELECT key FROM edges ORDER BY rowid")]
    assert ids == sorted(ids)
    assert keys == sorted(keys)

    store = EmbeddedStore(path)
    await store.open()
    assert [edge.key for edge in await store.edges(Rel.DEPENDS_ON)] == keys
    assert [node.id for node in await store.find(Label.TASK)] == ids
    # a second load: rows that sort before the first load's land after them on disk
    await store.write(Batch.of([Node("task/a-first", Label.TASK)], [Edge(Rel.DEPENDS_ON, "task/a-first", ids[0])]))
    await store.close()
    store = EmbeddedStore(path)
    await store.open()
    try:
        found = [node.id for node in await store.find(Label.TASK)]
        assert found == sorted(found)
        assert found[0] == "task/a-first"
        every = [edge.key for edge in await store.edges()]
        assert every == sorted(every)
        assert len(every) == len(edges) + 1
        of_type = [edge.key for edge in await store.edges(Rel.DEPENDS_ON)]
        assert of_type == every
    finally:
        await store.close()
