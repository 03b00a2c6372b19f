"""Closures, plan order and dependency cycles: random graphs against networkx, and the bundled dataset."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.errors import CycleError, NotFoundError, QueryError
from stratagraph.model.records import Batch, Edge, Kind, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH, AnalysisGraph
from stratagraph.queries.dependencies import (
    Direction,
    canonical_cycle,
    closure,
    dependency_cycles,
    edges_along,
    topological_order,
)
from tests.queries.conftest import Problem, analysis_of, cite, problems, task


def _graph(p: Problem, plan_members: set[str] | None = None) -> tuple[AnalysisGraph, nx.DiGraph]:
    """The analysis graph of ``p``; ``p.edges`` are read as DEPENDS_ON (a depends on b)."""
    nodes: list[Node] = [task(t.removeprefix("task/")) for t in p.tasks]
    nodes.append(Node("plan/p", Label.PLAN, {}, (cite(),)))
    edges = [Edge(Rel.DEPENDS_ON, a, b, {}, (cite(Kind.INFERRED, f"{a} needs {b}"),)) for a, b in p.edges]
    members = set(p.tasks) if plan_members is None else plan_members
    edges += [Edge(Rel.IN_PLAN, t, "plan/p", {}, (cite(),)) for t in sorted(members)]
    depends_on = nx.DiGraph()
    depends_on.add_nodes_from(p.tasks)
    depends_on.add_edges_from(p.edges)
    return analysis_of(Batch.of(nodes, edges)), depends_on


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=False, max_tasks=6))
def test_cycles_reported_are_exactly_the_cycles(p: Problem) -> None:
    graph, depends_on = _graph(p)
    expected = {canonical_cycle(c) for c in nx.simple_cycles(depends_on)}
    reported = dependency_cycles(graph)
    assert {c.tasks for c in reported} == expected
    assert len(reported) == len(expected), "each cycle once"
    for cycle in reported:
        for edge, (a, b) in zip(
            cycle.edges, zip(cycle.tasks, (*cycle.tasks[1:], cycle.tasks[0]), strict=True), strict=True
        ):
            assert (edge.task, edge.depends_on) == (a, b)
            assert edge.inferred
            assert edge.reasons == (f"{a} needs {b}",)


@settings(max_examples=200, deadline=None)
@given(problems(acyclic=False, max_tasks=6), st.data())
def test_cycles_through_some_tasks(p: Problem, data: st.DataObject) -> None:
    graph, depends_on = _graph(p)
    some = set(data.draw(st.lists(st.sampled_from(p.tasks), unique=True)))
    expected = {canonical_cycle(c) for c in nx.simple_cycles(depends_on) if set(c) & some}
    assert {c.tasks for c in dependency_cycles(graph, some)} == expected
    limited = dependency_cycles(graph, some, limit=1)
    assert len(limited) == min(1, len(expected))


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=False, max_tasks=7), st.data())
def test_closures_match_networkx(p: Problem, data: st.DataObject) -> None:
    graph, depends_on = _graph(p)
    start = data.draw(st.sampled_from(p.tasks))
    depth = data.draw(st.none() | st.integers(0, 4))
    for direction, g in ((Direction.UPSTREAM, depends_on), (Direction.DOWNSTREAM, depends_on.reverse())):
        distances = nx.single_source_shortest_path_length(g, start, cutoff=depth)
        distances.pop(start)
        found = closure(graph, start, direction, depth)
        assert {t: d for t, (d, _) in found.reached.items()} == distances
        for reached in found.tasks():
            path = found.path(reached)
            assert (path[0], path[-1], len(path) - 1) == (start, reached, distances[reached])
            assert all(g.has_edge(a, b) for a, b in itertools.pairwise(path))
            assert len(edges_along(graph, path, direction)) == len(path) - 1


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=False, max_tasks=7), st.data())
def test_topological_order_respects_every_dependency(p: Problem, data: st.DataObject) -> None:
    members = set(data.draw(st.lists(st.sampled_from(p.tasks), unique=True, min_size=1)))
    graph, depends_on = _graph(p, members)
    on_cycle = {t for c in nx.simple_cycles(depends_on) for t in c}
    if on_cycle & members:
        with pytest.raises(CycleError) as raised:
            topological_order(graph, "plan/p")
        cycle = raised.value.cycle
        assert set(cycle) & members
        assert canonical_cycle(cycle) in {canonical_cycle(c) for c in nx.simple_cycles(depends_on)}
        return
    order = topological_order(graph, "plan/p")
    assert sorted(order) == sorted(members)
    position = {t: i for i, t in enumerate(order)}
    for a in members:
        for b in nx.descendants(depends_on, a) & members:  # a depends on b, directly or through others
            assert position[b] < position[a]


def test_bad_arguments() -> None:
    graph, _ = _graph(Problem(("task/a",), (), {"task/a": 1}, {"task/a": 0}, {"task/a": None}))
    with pytest.raises(NotFoundError):
        closure(graph, "task/nope", Direction.UPSTREAM)
    with pytest.raises(QueryError):
        closure(graph, "task/a", Direction.UPSTREAM, -1)
    with pytest.raises(NotFoundError):
        topological_order(graph, "plan/nope")


# --- the bundled dataset -------------------------------------------------------------------

INDEX = "task/781-phap-ly-bo-chi-so-truong-thanh"  # issuing the maturity index


async def test_bundled_dependencies_carry_their_sources(bundled_store: Store) -> None:
    graph = await Derived(bundled_store).get(ANALYSIS_GRAPH)
    assert len(graph.dependencies) == 12
    stated = [e for e in graph.dependencies.values() if not e.inferred]
    assert sorted((e.task, e.depends_on) for e in stated) == [
        ("task/cap-chung-nhan-truong-thanh", "task/tu-danh-gia-truong-thanh-hang-nam"),
        ("task/tao-lap-csdl-cds-bao-chi", INDEX),
    ], "only two orders are stated by a source: 'sau đánh giá' and 951's 'làm căn cứ tạo lập cơ sở dữ liệu'"
    assert all(e.reasons for e in graph.dependencies.values() if e.inferred), "each inferred edge says why"
    assert dependency_cycles(graph) == []


async def test_bundled_closures(bundled_store: Store) -> None:
    graph = await Derived(bundled_store).get(ANALYSIS_GRAPH)
    down = closure(graph, INDEX, Direction.DOWNSTREAM)
    assert down.tasks()[-1] == "task/cap-chung-nhan-truong-thanh"
    assert down.reached["task/cap-chung-nhan-truong-thanh"][0] == 2
    assert down.path("task/cap-chung-nhan-truong-thanh") == [
        INDEX,
        "task/tu-danh-gia-truong-thanh-hang-nam",
        "task/cap-chung-nhan-truong-thanh",
    ]
    assert {t for t, (d, _) in down.reached.items() if d == 1} == {
        "task/danh-gia-truong-thanh-2023",
        "task/danh-gia-truong-thanh-2024",
        "task/danh-gia-truong-thanh-2025",
        "task/khao-sat-mo-hinh-cds-bao-chi-2025-thuc-hien",
        "task/tao-lap-csdl-cds-bao-chi",
        "task/tap-huan-danh-gia-truong-thanh-2024",
        "task/tu-danh-gia-truong-thanh-hang-nam",
    }
    assert len(closure(graph, INDEX, Direction.DOWNSTREAM, depth=1).reached) == 7
    up = closure(graph, "task/danh-gia-truong-thanh-2024", Direction.UPSTREAM)
    assert up.tasks() == [INDEX, "task/tap-huan-danh-gia-truong-thanh-2024"]
    compile_reports = closure(graph, "task/1369-btttt-tong-hop-bao-cao", Direction.UPSTREAM)
    assert len(compile_reports.reached) == 3, "MIC compiles the reports of ministries, provinces and governing bodies"


async def test_bundled_plan_orders(bundled_store: Store) -> None:
    graph = await Derived(bundled_store).get(ANALYSIS_GRAPH)
    for plan in graph.plan_tasks:
        order = topological_order(graph, plan)
        assert sorted(order) == sorted(graph.plan_tasks[plan])
        position = {t: i for i, t in enumerate(order)}
        for a, b in graph.dependencies:
            if a in position and b in position:
                assert position[b] < position[a], f"{b} must come before {a} in {plan}"
