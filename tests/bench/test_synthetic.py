"""The synthetic generator: deterministic, well-formed, realistic in shape, and loadable."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from bench.synthetic import REFERENCE_DAY, generate
from stratagraph.graph.open import open_store
from stratagraph.model.deadlines import deadline_from_props
from stratagraph.model.records import Edge, Label, Node, Rel


def test_same_seed_same_graph_other_seed_other_graph() -> None:
    assert generate(300, seed=7) == generate(300, seed=7)
    assert generate(300, seed=7) != generate(300, seed=8)


@pytest.mark.parametrize("size", [1, 2, 25, 1000])
def test_sizes_and_shape(size: int) -> None:
    batch = generate(size)
    labels = Counter(n.label for n in batch.nodes)
    assert labels[Label.TASK] == size
    assert labels[Label.PLAN] >= 3
    assert labels[Label.AGENCY] >= 40
    assert labels[Label.INDICATOR] > 0
    assert labels[Label.TARGET] > labels[Label.INDICATOR]
    ids = [n.id for n in batch.nodes]
    assert len(ids) == len(set(ids))
    keys = [e.key for e in batch.edges]
    assert len(keys) == len(set(keys))
    known = set(ids)
    assert all(e.source in known and e.target in known for e in batch.edges)


def test_every_fact_cites_a_document_in_the_graph() -> None:
    batch = generate(500)
    documents = {n.id for n in batch.nodes if n.label is Label.DOCUMENT}
    records: list[Node | Edge] = [*batch.nodes, *batch.edges]
    for record in records:
        assert record.sources, record
        assert all(c.document in documents for c in record.sources)


def test_tasks_look_like_a_plan() -> None:
    batch = generate(1000)
    tasks = [n for n in batch.nodes if n.label is Label.TASK]
    kinds = Counter(n.get("deadlineKind") for n in tasks)
    assert {"quarter", "month", "year", "half", "date", "period", "recurring", "ongoing", None} <= set(kinds)
    for node in tasks:
        if node.get("deadlineText") is not None:
            assert deadline_from_props(node.props) is not None, "stored exactly as the loader stores it"
    leads = Counter(e.target for e in batch.edges if e.type is Rel.LEADS)
    assert set(leads.values()) == {1}, "one lead (chủ trì) per task"
    statuses = Counter(n.get("status") for n in tasks)
    assert statuses["done"] > 0
    assert statuses["not-started"] > 0
    assert all(str(n.get("nameVi")) for n in tasks)


def test_dependencies_form_a_dag_with_long_chains_and_inferred_edges() -> None:
    batch = generate(2000)
    deps = [e for e in batch.edges if e.type is Rel.DEPENDS_ON]
    graph = nx.DiGraph((e.source, e.target) for e in deps)
    assert nx.is_directed_acyclic_graph(graph)
    assert nx.dag_longest_path_length(graph) >= 40, "a few long chains across plans"
    kinds = Counter(c.kind.value for e in deps for c in e.sources)
    assert kinds["inferred"] > 0
    assert kinds["paraphrase"] > 0
    assert all(c.note for e in deps for c in e.sources if c.kind.value == "inferred"), "each inference says why"
    plan_of = {e.source: e.target for e in batch.edges if e.type is Rel.IN_PLAN}
    across = sum(plan_of[e.source] != plan_of[e.target] for e in deps)
    assert 0 < across < len(deps) / 2, "mostly within a plan, some across plans"


def test_agency_hierarchy_with_dated_moves() -> None:
    batch = generate(10_000)
    part_of = [e for e in batch.edges if e.type is Rel.PART_OF]
    ended = [e for e in part_of if e.valid_to is not None]
    started = {e.source: e for e in part_of if e.valid_from is not None}
    assert ended, "some units move between ministries"
    for edge in ended:
        assert edge.valid_to is not None
        assert edge.valid_to < REFERENCE_DAY.isoformat()
        assert started[edge.source].target != edge.target
    hierarchy = nx.DiGraph((e.source, e.target) for e in part_of if e.valid_to is None)
    assert nx.is_directed_acyclic_graph(hierarchy)
    assert "agency/chinh-phu" in hierarchy


async def test_loads_into_the_embedded_store(tmp_path: Path) -> None:
    batch = generate(1000)
    store = open_store("embedded", path=tmp_path / "synthetic.sqlite3")
    await store.open()
    try:
        await store.write(batch)
        assert await store.count(Label.TASK) == 1000
        snapshot = await store.snapshot()
        assert snapshot.number_of_edges() == len(batch.edges)
    finally:
        await store.close()
