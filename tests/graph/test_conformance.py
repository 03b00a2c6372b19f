"""What every ``Store`` must do, written against the protocol alone.

Each test runs once per store kind (see ``conftest.py``). Ids carry the test's
``ns`` and assertions look only at the test's own records, so the suite also
holds on a database that contains other data.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratagraph.graph.store import Store
from stratagraph.model.deadlines import Deadline, DeadlineKind, deadline_from_props, deadline_props
from stratagraph.model.errors import StoreConflictError, VersionConflictError
from stratagraph.model.records import Batch, Citation, Direction, Edge, Kind, Label, Node, PropValue, Rel

StoreMaker = Callable[[], Store]
R = TypeVar("R", Node, Edge)

DECISION = Citation(
    document="document/qd-348-2023-ttg",
    locator="Mục I.2.a",
    kind=Kind.VERBATIM,
    page="S1",
    quote="Bộ Thông tin và Truyền thông chủ trì",
    note=None,
)
NEWS = Citation(document="document/tin-bao-chi", locator="§2", kind=Kind.PARAPHRASE)


def nid(ns: str, label: Label, key: str) -> str:
    return f"{label.prefix}/{ns}-{key}"


def node(ns: str, label: Label, key: str, *sources: Citation, **props: PropValue) -> Node:
    return Node(nid(ns, label, key), label, props, sources)


def edge(rel: Rel, source: Node, target: Node, *sources: Citation, **props: PropValue) -> Edge:
    return Edge(rel, source.id, target.id, props, sources)


def mine(ns: str, records: Iterable[R]) -> list[R]:
    """The test's own records, in the order the store gave them."""
    own: list[R] = []
    for record in records:
        ids = [record.id] if isinstance(record, Node) else [record.source, record.target]
        if any(i.split("/", 1)[1].startswith(ns) for i in ids):
            own.append(record)
    return own


def typed(value: object) -> object:
    """``value`` with every scalar tagged by its type: ``1``, ``1.0`` and ``True`` differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return (type(value).__name__, [typed(item) for item in value])
    return (type(value).__name__, value)


async def reopened(make_store: StoreMaker) -> Store:
    other = make_store()
    await other.open()
    return other


# --- writes and versions --------------------------------------------------------------


async def test_open_is_idempotent(store: Store, ns: str) -> None:
    await store.open()
    assert await store.get([nid(ns, Label.TASK, "a")]) == {}


async def test_write_returns_the_new_version_and_bumps_it_once(store: Store, ns: str) -> None:
    before = await store.version()
    a, b = node(ns, Label.AGENCY, "a"), node(ns, Label.TASK, "b")
    first = await store.write(Batch.of([a, b], [edge(Rel.LEADS, a, b)]))
    assert first == before + 1 == await store.version()
    second = await store.write(Batch.of([node(ns, Label.TASK, "c")]))
    assert second == first + 1
    assert await store.write(Batch()) == second + 1


async def test_reads_do_not_bump_the_version(store: Store, ns: str) -> None:
    a, b = node(ns, Label.AGENCY, "a"), node(ns, Label.TASK, "b")
    version = await store.write(Batch.of([a, b], [edge(Rel.LEADS, a, b)]))
    await store.get([a.id, b.id])
    await store.find(Label.TASK, {"x": 1})
    await store.count(Label.AGENCY)
    await store.neighbours([a.id], Rel.LEADS, Direction.BOTH, at="2024-01-01")
    await store.edges()
    await store.edges(Rel.LEADS)
    await store.snapshot()
    assert await store.version() == version
    assert await store.version() == version


async def test_delete_bumps_the_version_once(store: Store, ns: str) -> None:
    a = node(ns, Label.TASK, "a")
    version = await store.write(Batch.of([a]))
    assert await store.delete([a.id, nid(ns, Label.TASK, "never-written")]) == version + 1
    assert await store.delete([]) == version + 2
    assert await store.version() == version + 2


async def test_upsert_replaces_properties_and_sources(store: Store, ns: str) -> None:
    a = node(ns, Label.AGENCY, "a", DECISION, name="Bộ TT&TT", abbreviation="MIC")
    t = node(ns, Label.TASK, "t", DECISION, title="Xây dựng", year=2024)
    leads = edge(Rel.LEADS, a, t, DECISION, role="chủ trì")
    await store.write(Batch.of([a, t], [leads]))

    a2 = node(ns, Label.AGENCY, "a", NEWS, name="Bộ Khoa học và Công nghệ")
    leads2 = edge(Rel.LEADS, a, t, NEWS, note="sau hợp nhất")
    await store.write(Batch.of([a2], [leads2]))

    got = await store.get([a.id, t.id])
    assert got[a.id] == a2
    assert dict(got[a.id].props) == {"name": "Bộ Khoa học và Công nghệ"}
    assert got[a.id].sources == (NEWS,)
    assert got[t.id] == t
    assert mine(ns, await store.edges(Rel.LEADS)) == [leads2]
    assert await store.neighbours([a.id], Rel.LEADS) == [leads2]


async def test_a_later_duplicate_in_one_batch_wins(store: Store, ns: str) -> None:
    first = node(ns, Label.TASK, "t", status="open")
    last = node(ns, Label.TASK, "t", status="done")
    await store.write(Batch.of([first, last]))
    assert await store.get([first.id]) == {first.id: last}
    assert mine(ns, await store.find(Label.TASK)) == [last]


async def test_an_edge_may_point_to_a_node_of_the_same_batch(store: Store, ns: str) -> None:
    a = node(ns, Label.AGENCY, "a")
    await store.write(Batch.of([a]))
    t = node(ns, Label.TASK, "t")
    leads = edge(Rel.LEADS, a, t)
    await store.write(Batch.of([t], [leads]))
    assert await store.neighbours([t.id], Rel.LEADS, Direction.IN) == [leads]


@pytest.mark.parametrize("missing_end", ["source", "target"])
async def test_a_dangling_edge_writes_nothing(store: Store, ns: str, missing_end: str) -> None:
    a, t = node(ns, Label.AGENCY, "a"), node(ns, Label.TASK, "t")
    leads = edge(Rel.LEADS, a, t)
    version = await store.write(Batch.of([a, t], [leads]))
    before = await store.snapshot()

    ghost = node(ns, Label.AGENCY, "ghost")
    new = node(ns, Label.TASK, "new", title="mới")
    dangling = edge(Rel.SUPPORTS, ghost, t) if missing_end == "source" else edge(Rel.LEADS, a, ghost)
    batch = Batch.of(
        [new, node(ns, Label.AGENCY, "a", name="changed")],
        [edge(Rel.LEADS, a, new), dangling],
    )
    with pytest.raises(StoreConflictError) as caught:
        await store.write(batch)

    assert dangling.key in str(caught.value)
    assert ghost.id in str(caught.value)
    assert await store.version() == version
    assert await store.get([a.id, t.id, new.id, ghost.id]) == {a.id: a, t.id: t}
    assert mine(ns, await store.edges()) == [leads]
    assert await store.neighbours([a.id], Rel.LEADS) == [leads]
    assert await store.snapshot() is before


@pytest.mark.parametrize(
    "bad",
    [["a", "list"], {"a": "map"}, ("mixed", 1), (1, 2.0), 2**63, (2**64,), b"bytes"],
    ids=[
        "list",
        "dict",
        "mixed-tuple",
        "int-float-tuple",
        "int-over-64-bits",
        "big-int-tuple",
        "bytes",
    ],
)
async def test_a_property_that_is_not_flat_writes_nothing(store: Store, ns: str, bad: object) -> None:
    version = await store.version()
    good = node(ns, Label.TASK, "good", title="ok")
    wrong = Node(nid(ns, Label.TASK, "wrong"), Label.TASK, {"value": bad})  # type: ignore[dict-item]
    with pytest.raises(StoreConflictError, match="value"):
        await store.write(Batch.of([good, wrong]))
    assert await store.version() == version
    assert await store.get([good.id, wrong.id]) == {}


async def test_a_none_property_is_no_property(store: Store, ns: str) -> None:
    t = node(ns, Label.TASK, "t", title="x", deadline=None)
    await store.write(Batch.of([t]))
    got = (await store.get([t.id]))[t.id]
    assert dict(got.props) == {"title": "x"}
    assert got.get("deadline") is None


async def test_retract_removes_edges_in_the_same_transaction(store: Store, ns: str) -> None:
    agency, other, task = (
        node(ns, Label.AGENCY, "a", DECISION),
        node(ns, Label.AGENCY, "b", DECISION),
        node(ns, Label.TASK, "t", DECISION),
    )
    old = edge(Rel.LEADS, agency, task, DECISION)
    await store.write(Batch.of([agency, other, task], [old]))
    new = edge(Rel.LEADS, other, task, DECISION)
    await store.write(Batch.of([task], [new], retract=[old.key, "no|SUCH|edge|"]))
    leads = mine(ns, await store.neighbours([task.id], Rel.LEADS, Direction.IN))
    assert [e.source for e in leads] == [other.id]
    assert not mine(ns, await store.neighbours([agency.id], Rel.LEADS, Direction.OUT))
    assert old.key not in {e.key for e in await store.edges(Rel.LEADS)}
    assert not (await store.snapshot()).has_edge(agency.id, task.id)


async def test_retract_and_re_add_in_one_batch_keeps_the_edge(store: Store, ns: str) -> None:
    agency, task = node(ns, Label.AGENCY, "a", DECISION), node(ns, Label.TASK, "t", DECISION)
    lead = edge(Rel.LEADS, agency, task, DECISION)
    await store.write(Batch.of([agency, task], [lead]))
    await store.write(Batch.of([], [edge(Rel.LEADS, agency, task, NEWS)], retract=[lead.key]))
    [kept] = mine(ns, await store.neighbours([task.id], Rel.LEADS, Direction.IN))
    assert kept.sources == (NEWS,)


async def test_a_failed_batch_retracts_nothing(store: Store, ns: str) -> None:
    agency, task = node(ns, Label.AGENCY, "a", DECISION), node(ns, Label.TASK, "t", DECISION)
    lead = edge(Rel.LEADS, agency, task, DECISION)
    version = await store.write(Batch.of([agency, task], [lead]))
    dangling = Edge(Rel.SUPPORTS, nid(ns, Label.AGENCY, "missing"), task.id)
    with pytest.raises(StoreConflictError):
        await store.write(Batch.of([], [dangling], retract=[lead.key]))
    assert await store.version() == version
    assert len(mine(ns, await store.neighbours([task.id], Rel.LEADS, Direction.IN))) == 1


# --- reads ----------------------------------------------------------------------------


async def test_get_many_ids_at_once(store: Store, ns: str) -> None:
    nodes = [node(ns, Label.TASK, f"t{i}", n=i) for i in range(5)]
    await store.write(Batch.of(nodes))
    wanted = [nodes[3].id, nodes[0].id, nid(ns, Label.TASK, "absent"), nodes[3].id]
    assert await store.get(wanted) == {nodes[3].id: nodes[3], nodes[0].id: nodes[0]}
    assert await store.get([]) == {}


async def test_find_filters_by_properties_and_orders_by_id(store: Store, ns: str) -> None:
    tasks = [
        node(ns, Label.TASK, "c", status="done", year=2024, tags=("a", "b")),
        node(ns, Label.TASK, "a", status="done", year=2025, tags=("a",)),
        node(ns, Label.TASK, "b", status="open", year=2024, urgent=True),
        node(ns, Label.TASK, "d", status="done", year=2024, urgent=1),
        node(ns, Label.TASK, "e", status="open", ratio=1.0),
    ]
    await store.write(Batch.of([*tasks, node(ns, Label.INDICATOR, "i", status="done")]))
    a, b, c, d, e = sorted(tasks, key=lambda n: n.id)

    assert mine(ns, await store.find(Label.TASK)) == [a, b, c, d, e]
    assert mine(ns, await store.find(Label.TASK, {})) == [a, b, c, d, e]
    assert mine(ns, await store.find(Label.TASK, {"status": "done"})) == [a, c, d]
    assert mine(ns, await store.find(Label.TASK, {"status": "done", "year": 2024})) == [c, d]
    assert mine(ns, await store.find(Label.TASK, {"tags": ("a", "b")})) == [c]
    assert mine(ns, await store.find(Label.TASK, {"urgent": True})) == [b]
    assert mine(ns, await store.find(Label.TASK, {"urgent": 1})) == [d]
    assert mine(ns, await store.find(Label.TASK, {"ratio": 1})) == [e]
    assert mine(ns, await store.find(Label.TASK, {"status": "closed"})) == []
    assert mine(ns, await store.find(Label.TASK, {"missing": None})) == []
    assert mine(ns, await store.find(Label.INDICATOR, {"status": "done"})) == [
        node(ns, Label.INDICATOR, "i", status="done")
    ]


async def test_count_by_label(store: Store, ns: str) -> None:
    tasks, agencies = await store.count(Label.TASK), await store.count(Label.AGENCY)
    await store.write(Batch.of([node(ns, Label.TASK, f"t{i}") for i in range(3)] + [node(ns, Label.AGENCY, "a")]))
    await store.write(Batch.of([node(ns, Label.TASK, "t0", changed=True)]))
    assert await store.count(Label.TASK) == tasks + 3
    assert await store.count(Label.AGENCY) == agencies + 1
    await store.delete([nid(ns, Label.TASK, "t1")])
    assert await store.count(Label.TASK) == tasks + 2


@dataclass(frozen=True)
class Sample:
    """A small written graph: records by a short name, and the ids of the nodes."""

    nodes: dict[str, Node]
    edges: dict[str, Edge]

    def id(self, name: str) -> str:
        return self.nodes[name].id


@pytest.fixture
async def sample(store: Store, ns: str) -> Sample:
    """Agencies a, b, c; tasks t1..t3; who leads, who supports, what depends on what."""
    nodes = {k: node(ns, Label.AGENCY, k) for k in "abc"} | {k: node(ns, Label.TASK, k) for k in ("t1", "t2", "t3")}
    a, b, c, t1, t2, t3 = nodes.values()
    edges = {
        "a>t1": edge(Rel.LEADS, a, t1),
        "a>t2": edge(Rel.LEADS, a, t2),
        "b>t3": edge(Rel.LEADS, b, t3),
        "b~t1": edge(Rel.SUPPORTS, b, t1),
        "c~t1": edge(Rel.SUPPORTS, c, t1),
        "t1<t2": edge(Rel.DEPENDS_ON, t2, t1),
        "t2<t3": edge(Rel.DEPENDS_ON, t3, t2),
    }
    await store.write(Batch.of(nodes.values(), reversed(edges.values())))
    return Sample(nodes, edges)


async def test_neighbours_out_in_and_both_for_many_ids(store: Store, sample: Sample) -> None:
    e = sample.edges
    a, b, c, t1, t2, t3 = map(sample.id, ("a", "b", "c", "t1", "t2", "t3"))

    assert await store.neighbours([b, a], Rel.LEADS) == [e["a>t1"], e["a>t2"], e["b>t3"]]
    assert await store.neighbours([a, b], Rel.LEADS, Direction.OUT) == [e["a>t1"], e["a>t2"], e["b>t3"]]
    assert await store.neighbours([t3, t1], Rel.LEADS, Direction.IN) == [e["a>t1"], e["b>t3"]]
    assert await store.neighbours([t1], Rel.SUPPORTS, Direction.IN) == [e["b~t1"], e["c~t1"]]
    assert await store.neighbours([t1], Rel.SUPPORTS, Direction.OUT) == []
    assert await store.neighbours([t2], Rel.DEPENDS_ON, Direction.BOTH) == [e["t1<t2"], e["t2<t3"]]
    # An edge between two of the ids, seen from both ends, comes back once.
    assert await store.neighbours([t1, t2, t2], Rel.DEPENDS_ON, Direction.BOTH) == [e["t1<t2"], e["t2<t3"]]
    assert await store.neighbours([a, a], Rel.LEADS) == [e["a>t1"], e["a>t2"]]
    assert await store.neighbours([c], Rel.LEADS, Direction.BOTH) == []
    assert await store.neighbours([], Rel.LEADS) == []
    assert await store.neighbours([a + "-none"], Rel.LEADS) == []


async def test_neighbours_at_a_date(store: Store, ns: str) -> None:
    x = node(ns, Label.AGENCY, "x")
    p1, p2, p3, gov = (node(ns, Label.AGENCY, k) for k in ("p1", "p2", "p3", "gov"))
    closed = edge(Rel.PART_OF, x, p1, validFrom="2020-01-01", validTo="2023-12-31")
    open_ended = edge(Rel.PART_OF, x, p2, validFrom="2024-01-01")
    until = edge(Rel.PART_OF, x, p3, validTo="2019-06-30")
    undated = edge(Rel.GOVERNED_BY, x, gov)
    await store.write(Batch.of([x, p1, p2, p3, gov], [closed, open_ended, until, undated]))

    async def part_of(at: str | None) -> list[Edge]:
        return await store.neighbours([x.id], Rel.PART_OF, at=at)

    assert await part_of(None) == [closed, open_ended, until]
    assert await part_of("2019-06-30") == [until]
    assert await part_of("2019-07-01") == []
    assert await part_of("2020-01-01") == [closed]
    assert await part_of("2023-12-31") == [closed]
    assert await part_of("2024-01-01") == [open_ended]
    assert await part_of("2099-12-31") == [open_ended]
    for day in (None, "1900-01-01", "2022-05-05", "2099-12-31"):
        assert await store.neighbours([x.id], Rel.GOVERNED_BY, at=day) == [undated]
    assert await store.neighbours([p1.id], Rel.PART_OF, Direction.IN, at="2022-01-01") == [closed]
    assert await store.neighbours([p1.id], Rel.PART_OF, Direction.IN, at="2024-01-01") == []


async def test_dated_repeats_of_one_relation_are_distinct_edges(store: Store, ns: str) -> None:
    x, parent = node(ns, Label.AGENCY, "x"), node(ns, Label.AGENCY, "parent")
    later = edge(Rel.PART_OF, x, parent, validFrom="2023-01-01")
    earlier = edge(Rel.PART_OF, x, parent, validFrom="2020-01-01", validTo="2021-12-31")
    undated = edge(Rel.PART_OF, x, parent)
    await store.write(Batch.of([x, parent], [later, earlier, undated]))

    assert await store.neighbours([x.id], Rel.PART_OF) == [undated, earlier, later]
    assert mine(ns, await store.edges(Rel.PART_OF)) == sorted([undated, earlier, later], key=lambda e: e.key)
    assert await store.neighbours([x.id], Rel.PART_OF, at="2022-06-01") == [undated]

    # An upsert of one period (same validFrom) replaces that period only.
    earlier2 = edge(Rel.PART_OF, x, parent, DECISION, validFrom="2020-01-01", validTo="2022-12-31")
    await store.write(Batch.of([], [earlier2]))
    assert await store.neighbours([x.id], Rel.PART_OF) == [undated, earlier2, later]
    assert await store.neighbours([x.id], Rel.PART_OF, at="2022-06-01") == [undated, earlier2]


async def test_delete_removes_nodes_and_their_edges(store: Store, ns: str, sample: Sample) -> None:
    e, t1 = sample.edges, sample.nodes["t1"]
    await store.delete([t1.id])

    assert await store.get([t1.id]) == {}
    remaining = [e[k] for k in ("a>t2", "b>t3", "t2<t3")]
    assert mine(ns, await store.edges()) == sorted(remaining, key=lambda edge: edge.key)
    assert await store.neighbours([sample.id("a")], Rel.LEADS) == [e["a>t2"]]
    assert await store.neighbours([sample.id("b"), sample.id("c")], Rel.SUPPORTS) == []
    assert await store.neighbours([sample.id("t2")], Rel.DEPENDS_ON, Direction.BOTH) == [e["t2<t3"]]
    assert await store.neighbours([t1.id], Rel.LEADS, Direction.BOTH) == []
    assert t1.id not in (await store.snapshot())

    # The node can come back, without its old edges.
    await store.write(Batch.of([t1]))
    assert await store.neighbours([t1.id], Rel.SUPPORTS, Direction.IN) == []


async def test_edges_all_or_of_one_type_ordered_by_key(store: Store, ns: str, sample: Sample) -> None:
    every = list(sample.edges.values())
    assert mine(ns, await store.edges()) == sorted(every, key=lambda e: e.key)
    leads = [e for e in every if e.type is Rel.LEADS]
    assert mine(ns, await store.edges(Rel.LEADS)) == sorted(leads, key=lambda e: e.key)
    assert mine(ns, await store.edges(Rel.MEASURES)) == []


# --- snapshots ------------------------------------------------------------------------


async def test_snapshot_holds_labels_properties_and_keyed_edges(store: Store, ns: str) -> None:
    x = node(ns, Label.AGENCY, "x", DECISION, name="Cục Báo chí", aliases=("CBC", "Press"))
    parent, t = node(ns, Label.AGENCY, "parent"), node(ns, Label.TASK, "t", year=2025)
    dated = edge(Rel.PART_OF, x, parent, validFrom="2023-04-06", validTo="2025-02-28")
    again = edge(Rel.PART_OF, x, parent, validFrom="2025-03-01")
    leads = edge(Rel.LEADS, x, t, DECISION)
    version = await store.write(Batch.of([x, parent, t], [dated, again, leads]))

    graph = await store.snapshot()
    assert isinstance(graph, nx.MultiDiGraph)
    assert nx.is_frozen(graph)
    assert graph.graph["version"] == version
    assert graph.nodes[x.id] == {
        "label": "Agency",
        "name": "Cục Báo chí",
        "aliases": ("CBC", "Press"),
    }
    assert graph.nodes[t.id] == {"label": "Task", "year": 2025}
    assert graph.get_edge_data(x.id, parent.id) == {
        "PART_OF@2023-04-06": {
            "type": "PART_OF",
            "validFrom": "2023-04-06",
            "validTo": "2025-02-28",
        },
        "PART_OF@2025-03-01": {"type": "PART_OF", "validFrom": "2025-03-01"},
    }
    assert graph.get_edge_data(x.id, t.id) == {"LEADS": {"type": "LEADS"}}
    assert not graph.has_edge(t.id, x.id)
    with pytest.raises(nx.NetworkXError):
        graph.add_node("task/intruder")


async def test_snapshot_is_one_object_per_version_and_never_changes(store: Store, ns: str) -> None:
    a, t = node(ns, Label.AGENCY, "a", name="old"), node(ns, Label.TASK, "t")
    await store.write(Batch.of([a, t], [edge(Rel.LEADS, a, t)]))
    before = await store.snapshot()
    assert await store.snapshot() is before
    seen_nodes = {n: dict(d) for n, d in before.nodes(data=True)}
    seen_edges = sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in before.edges(keys=True, data=True))

    new = node(ns, Label.TASK, "new")
    await store.write(Batch.of([node(ns, Label.AGENCY, "a", name="new"), new], [edge(Rel.LEADS, a, new)]))
    await store.delete([t.id])

    after = await store.snapshot()
    assert after is not before
    assert after.nodes[a.id]["name"] == "new"
    assert t.id not in after
    assert new.id in after
    assert {n: dict(d) for n, d in before.nodes(data=True)} == seen_nodes
    assert (
        sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in before.edges(keys=True, data=True)) == seen_edges
    )
    assert before.nodes[a.id]["name"] == "old"


# --- durability and sharing -------------------------------------------------------------


async def test_reopening_after_close_sees_everything(store: Store, make_store: StoreMaker, ns: str) -> None:
    a = node(ns, Label.AGENCY, "a", DECISION, NEWS, name="Bộ Tài chính")
    t1, t2 = node(ns, Label.TASK, "t1", DECISION, year=2025), node(ns, Label.TASK, "t2")
    leads = edge(Rel.LEADS, a, t1, DECISION, validFrom="2023-04-06")
    await store.write(Batch.of([a, t1, t2], [leads, edge(Rel.LEADS, a, t2)]))
    version = await store.delete([t2.id])
    nodes, edges = await store.get([a.id, t1.id, t2.id]), mine(ns, await store.edges())
    await store.close()

    again = await reopened(make_store)
    try:
        assert await again.version() == version
        assert await again.get([a.id, t1.id, t2.id]) == nodes == {a.id: a, t1.id: t1}
        assert mine(ns, await again.edges()) == edges == [leads]
        assert (await again.get([a.id]))[a.id].sources == (DECISION, NEWS)
    finally:
        await again.close()


async def test_two_instances_on_one_database_stay_in_step(store: Store, make_store: StoreMaker, ns: str) -> None:
    other = await reopened(make_store)
    try:
        a = node(ns, Label.AGENCY, "a")
        assert await other.get([a.id]) == {}  # the other instance has read: it holds state
        version = await store.write(Batch.of([a]))
        assert await other.version() == version
        assert await other.get([a.id]) == {a.id: a}

        # The other instance writes an edge to a node only the first one wrote.
        t = node(ns, Label.TASK, "t")
        leads = edge(Rel.LEADS, a, t)
        assert await other.write(Batch.of([t], [leads])) == version + 1
        assert await store.version() == version + 1
        assert await store.neighbours([a.id], Rel.LEADS) == [leads]
        assert t.id in await store.snapshot()

        await store.delete([a.id])
        assert await other.get([a.id]) == {}
        assert await other.neighbours([t.id], Rel.LEADS, Direction.IN) == []
        assert await other.version() == await store.version() == version + 2
    finally:
        await other.close()


# --- values ---------------------------------------------------------------------------

VIETNAMESE_NFC = unicodedata.normalize("NFC", "Cục Báo chí, Bộ Thông tin và Truyền thông — Đắk Lắk")
VIETNAMESE_NFD = unicodedata.normalize("NFD", VIETNAMESE_NFC)


async def test_vietnamese_text_round_trips_exactly(store: Store, make_store: StoreMaker, ns: str) -> None:
    assert VIETNAMESE_NFC != VIETNAMESE_NFD
    cite = Citation("document/qđ-348", "Điều 2, khoản 3", Kind.INFERRED, quote="“đẩy mạnh”", note="ước tính")
    a = node(ns, Label.AGENCY, "a", cite, nfc=VIETNAMESE_NFC, nfd=VIETNAMESE_NFD, names=("Hà Nội", "Huế"))
    await store.write(Batch.of([a]))
    for reader in (store, await reopened(make_store)):
        got = (await reader.get([a.id]))[a.id]
        assert got == a
        assert got.props["nfc"] == VIETNAMESE_NFC
        assert got.props["nfd"] == VIETNAMESE_NFD
        assert got.sources == (cite,)
        assert mine(ns, await reader.find(Label.AGENCY, {"nfc": VIETNAMESE_NFC})) == [a]
        assert mine(ns, await reader.find(Label.AGENCY, {"nfd": VIETNAMESE_NFC})) == []
        if reader is not store:
            await reader.close()


async def test_list_properties_round_trip_as_tuples_of_their_type(
    store: Store, make_store: StoreMaker, ns: str
) -> None:
    props: dict[str, PropValue] = {
        "words": ("một", "hai"),
        "years": (2023, 2025),
        "ratios": (0.5, 1.0),
        "empty": (),
        "one": 1,
        "one_float": 1.0,
        "yes": True,
    }
    t = Node(nid(ns, Label.INDICATOR, "i"), Label.INDICATOR, props)
    e = Edge(Rel.BROADER, t.id, t.id, {"weights": (1.5, 2.0)})
    await store.write(Batch.of([t], [e]))
    for reader in (store, await reopened(make_store)):
        got = (await reader.get([t.id]))[t.id]
        assert typed(dict(got.props)) == typed(props)
        (got_edge,) = mine(ns, await reader.edges(Rel.BROADER))
        assert typed(dict(got_edge.props)) == typed(dict(e.props))
        if reader is not store:
            await reader.close()


flat_text = st.text(max_size=20)
flat_int = st.integers(min_value=-(2**63), max_value=2**63 - 1)
flat_float = st.floats(allow_nan=False, allow_infinity=False)
flat_value = st.one_of(
    flat_text,
    flat_int,
    flat_float,
    st.booleans(),
    st.lists(flat_text, max_size=4).map(tuple),
    st.lists(flat_int, max_size=4).map(tuple),
    st.lists(flat_float, min_size=1, max_size=4).map(tuple),
)
flat_props = st.dictionaries(st.text(min_size=1, max_size=12), flat_value, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(props=flat_props, edge_props=flat_props)
async def test_any_flat_properties_round_trip(
    store: Store, ns: str, props: dict[str, PropValue], edge_props: dict[str, PropValue]
) -> None:
    edge_props = {k: v for k, v in edge_props.items() if k not in ("validFrom", "validTo")}
    t = Node(nid(ns, Label.TASK, "t"), Label.TASK, props)
    loop = Edge(Rel.DEPENDS_ON, t.id, t.id, edge_props)
    await store.delete([t.id])
    await store.write(Batch.of([t], [loop]))
    got = (await store.get([t.id]))[t.id]
    assert typed(dict(got.props)) == typed(props)
    (got_edge,) = await store.neighbours([t.id], Rel.DEPENDS_ON)
    assert typed(dict(got_edge.props)) == typed(edge_props)


async def test_planners_deadlines_keep_their_reading(store: Store, make_store: StoreMaker, ns: str) -> None:
    """A quarterly, a half-yearly and an undated deadline come back as written, and are found by their kind."""
    readings = {
        "quarterly": Deadline("Hằng quý", DeadlineKind.RECURRING, None, None, 12, 31, every=3),
        "half": Deadline("Định kỳ 6 tháng", DeadlineKind.RECURRING, date(2024, 1, 1), None, 12, 31, every=6),
        "undated": Deadline("Theo tiến độ dự án", DeadlineKind.UNDATED, None, None),
    }
    tasks = {key: node(ns, Label.TASK, key, **deadline_props(d)) for key, d in readings.items()}
    await store.write(Batch.of(list(tasks.values())))
    again = await reopened(make_store)
    try:
        got = await again.get([t.id for t in tasks.values()])
        assert {key: deadline_from_props(got[t.id].props) for key, t in tasks.items()} == readings
        recurring = mine(ns, await again.find(Label.TASK, {"deadlineKind": "recurring"}))
        assert [n.id for n in recurring] == sorted([tasks["half"].id, tasks["quarterly"].id])
        assert mine(ns, await again.find(Label.TASK, {"deadlineKind": "undated"})) == [tasks["undated"]]
    finally:
        await again.close()


# --- conditional writes (expectedVersion) ------------------------------------------------


async def test_a_write_expecting_the_current_version_is_made(store: Store, ns: str) -> None:
    version = await store.write(Batch.of([node(ns, Label.TASK, "a")]))
    b = node(ns, Label.TASK, "b")
    assert await store.write(Batch.of([b], expect_version=version)) == version + 1
    assert await store.get([b.id]) == {b.id: b}


async def test_a_write_expecting_another_version_writes_nothing(store: Store, ns: str) -> None:
    version = await store.write(Batch.of([node(ns, Label.TASK, "a")]))
    b = node(ns, Label.TASK, "b")
    with pytest.raises(VersionConflictError, match=f"expected data version {version - 1}, but it is {version}"):
        await store.write(Batch.of([b], expect_version=version - 1))
    assert await store.version() == version
    assert await store.get([b.id]) == {}


async def test_two_writers_expecting_one_version_exactly_one_wins(
    store: Store, make_store: StoreMaker, ns: str
) -> None:
    """Two instances (two processes' worth of connections) race on one version: the check and the
    write are one transaction, so the second sees the first's version and writes nothing."""
    other = await reopened(make_store)
    try:
        version = await store.write(Batch.of([node(ns, Label.TASK, "t", status="in-progress")]))
        first = Batch.of([node(ns, Label.TASK, "t", status="done")], expect_version=version)
        second = Batch.of([node(ns, Label.TASK, "t", status="cancelled")], expect_version=version)
        results = await asyncio.gather(store.write(first), other.write(second), return_exceptions=True)
        won = [r for r in results if isinstance(r, int)]
        lost = [r for r in results if isinstance(r, VersionConflictError)]
        assert won == [version + 1]
        assert len(lost) == 1
        assert await store.version() == await other.version() == version + 1
        status = (await other.get([nid(ns, Label.TASK, "t")]))[nid(ns, Label.TASK, "t")].get("status")
        assert status == ("done" if isinstance(results[0], int) else "cancelled")
    finally:
        await other.close()
