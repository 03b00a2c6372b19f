"""Bottleneck ranking against a direct count with networkx, and on a dated lead."""

from __future__ import annotations

from datetime import date

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Edge, Label, Node, PropValue, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.bottlenecks import RANKING, RANKINGS_KEPT, bottlenecks, ranked_bottlenecks
from tests.queries.conftest import Problem, analysis_of, cite, depends, problems, task

AGENCIES = ("agency/a", "agency/b", "agency/c")


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=False, max_tasks=7), st.data())
def test_ranking_equals_union_of_descendants(p: Problem, data: st.DataObject) -> None:
    done = set(data.draw(st.lists(st.sampled_from(p.tasks), unique=True)))
    lead = {t: data.draw(st.sampled_from(AGENCIES)) for t in p.tasks}
    nodes = [task(t.removeprefix("task/"), status="done" if t in done else "unknown") for t in p.tasks]
    nodes += [Node(a, Label.AGENCY, {}, (cite(),)) for a in AGENCIES]
    edges = [depends(a.removeprefix("task/"), b.removeprefix("task/")) for a, b in p.edges]
    edges += [Edge(Rel.LEADS, lead[t], t, {}, (cite(),)) for t in p.tasks]
    ranked = bottlenecks(analysis_of(Batch.of(nodes, edges)), date(2025, 1, 1))

    dependents = nx.DiGraph()  # b -> a when a depends on b: work flows downstream
    dependents.add_nodes_from(p.tasks)
    dependents.add_edges_from((b, a) for a, b in p.edges)
    expected = {}
    for agency in AGENCIES:
        own = [t for t in p.tasks if lead[t] == agency and t not in done]
        if own:
            # Downstream = reachable by one dependency or more: a task on a cycle waits on itself.
            on_cycle = {t for c in nx.simple_cycles(dependents) for t in c}
            reached = set().union(*(nx.descendants(dependents, t) | ({t} & on_cycle) for t in own))
            expected[agency] = sorted(t for t in reached if t not in done)
    assert {b.agency: list(b.waiting) for b in ranked} == expected
    keys = [(-len(b.waiting), -b.waiting_days, b.agency) for b in ranked]
    assert keys == sorted(keys)
    assert all(b.waiting_days == len(b.waiting) for b in ranked), "undated tasks weigh one day each"


def test_leads_are_taken_on_the_day() -> None:
    nodes: list[Node] = [
        task("x"),
        task("y"),
        Node("agency/old", Label.AGENCY, {}, ()),
        Node("agency/new", Label.AGENCY, {}, ()),
    ]
    until: dict[str, PropValue] = {"validTo": "2024-12-31"}
    since: dict[str, PropValue] = {"validFrom": "2025-01-01"}
    edges = [
        depends("y", "x"),
        Edge(Rel.LEADS, "agency/old", "task/x", until, (cite(),)),
        Edge(Rel.LEADS, "agency/new", "task/x", since, (cite(),)),
    ]
    graph = analysis_of(Batch.of(nodes, edges))
    assert [b.agency for b in bottlenecks(graph, date(2024, 6, 1))] == ["agency/old"]
    assert [b.agency for b in bottlenecks(graph, date(2025, 6, 1))] == ["agency/new"]
    assert bottlenecks(graph, date(2025, 6, 1), first=0) == []


async def test_the_ranking_is_kept_per_version_day_and_plan_and_bounded(bundled_store: Store) -> None:
    derived = Derived(bundled_store)
    day = date(2025, 6, 1)
    ranked = await ranked_bottlenecks(derived, day)
    assert ranked == bottlenecks(await derived.get(ANALYSIS_GRAPH), day)
    assert await ranked_bottlenecks(derived, day, first=2) == ranked[:2]
    kept = derived.peek(RANKING, day, None)
    assert kept is not None, "ranked once for the day"
    for n in range(RANKINGS_KEPT):
        await ranked_bottlenecks(derived, date(2024, 1, 1 + n))
    assert derived.peek(RANKING, day, None) is None, "a client asking for every day in turn cannot grow the memory"
    assert derived.peek(RANKING, date(2024, 1, RANKINGS_KEPT), None) is not None
