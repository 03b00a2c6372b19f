"""Accountability gaps of a plan: which targets nobody works toward, told apart from indicators without targets."""

from __future__ import annotations

from pathlib import Path

from stratagraph.graph.open import open_store
from stratagraph.model.records import Batch, Edge, Label, Node, Rel
from stratagraph.queries.gaps import GapKind, accountability_gaps
from tests.queries.conftest import cite, task

PLAN = "plan/p"


def indicator(key: str) -> Node:
    return Node(f"indicator/{key}", Label.INDICATOR, {"nameVi": key}, (cite(),))


def target(key: str, of: str) -> tuple[Node, Edge]:
    node = Node(f"target/{key}", Label.TARGET, {"year": 2025, "value": 100}, (cite(),))
    return node, Edge(Rel.HAS_TARGET, f"indicator/{of}", node.id, {}, (cite(),))


def in_plan(node_id: str) -> Edge:
    return Edge(Rel.IN_PLAN, node_id, PLAN, {}, (cite(),))


def part_of(part: str, whole: str) -> Edge:
    return Edge(Rel.BROADER, f"indicator/{part}", f"indicator/{whole}", {}, (cite(),))


def works_toward(task_key: str, indicator_key: str) -> Edge:
    return Edge(Rel.CONTRIBUTES_TO, f"task/{task_key}", f"indicator/{indicator_key}", {}, (cite(),))


async def test_targets_nobody_works_toward_are_told_from_indicators_without_targets(store_path: Path) -> None:
    """An index is worked toward through a worked part; a target nobody serves is the gap a planner asks for."""
    indicators = [indicator(k) for k in ("index", "pillar-a", "pillar-b", "unserved", "count")]
    targets = [target("index-2025", "index"), target("unserved-2025", "unserved")]
    nodes = [
        Node(PLAN, Label.PLAN, {"nameVi": "p"}, (cite(),)),
        task("build"),
        *indicators,
        *(t for t, _ in targets),
    ]
    edges = [
        in_plan("task/build"),
        *(in_plan(i.id) for i in indicators),
        *(in_plan(t.id) for t, _ in targets),
        *(e for _, e in targets),
        part_of("pillar-a", "index"),
        part_of("pillar-b", "index"),
        works_toward("build", "pillar-a"),
    ]
    store = open_store("embedded", path=store_path)
    await store.open()
    try:
        await store.write(Batch.of(nodes, edges))
        gaps = await accountability_gaps(store, PLAN)
    finally:
        await store.close()
    found = {(g.kind, g.subject) for g in gaps if g.kind in (GapKind.UNSERVED_TARGET, GapKind.UNWORKED_INDICATOR)}
    assert found == {
        (GapKind.UNSERVED_TARGET, "indicator/unserved"),
        (GapKind.UNWORKED_INDICATOR, "indicator/pillar-b"),
        (GapKind.UNWORKED_INDICATOR, "indicator/count"),
    }, "the index is worked toward through pillar-a"


async def test_a_task_reported_done_or_cancelled_is_no_gap(store_path: Path) -> None:
    """Nobody needs to lead or date what is finished; an open task without either is a gap."""
    tasks = [task("open"), task("finished", status="done"), task("dropped", status="cancelled")]
    nodes = [Node(PLAN, Label.PLAN, {"nameVi": "p"}, (cite(),)), *tasks]
    store = open_store("embedded", path=store_path)
    await store.open()
    try:
        await store.write(Batch.of(nodes, [in_plan(t.id) for t in tasks]))
        gaps = await accountability_gaps(store, PLAN)
    finally:
        await store.close()
    assert {(g.kind, g.subject) for g in gaps} == {
        (GapKind.NO_LEAD, "task/open"),
        (GapKind.NO_DEADLINE, "task/open"),
    }
