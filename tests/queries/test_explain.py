"""The shortest chain of relations: as short as networkx finds, each step a stored edge, dates respected."""

from __future__ import annotations

import itertools
from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.errors import NotFoundError
from stratagraph.model.records import Batch, Edge, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.explain import shortest_path
from tests.queries.conftest import cite, snapshot_of

RELS = (Rel.LEADS, Rel.PART_OF, Rel.CONTRIBUTES_TO, Rel.IN_PLAN)


@st.composite
def random_graphs(draw: st.DrawFn) -> Batch:
    count = draw(st.integers(2, 8))
    nodes = [Node(f"agency/{i}", Label.AGENCY, {}, (cite(),)) for i in range(count)]
    pairs = [(i, j) for i in range(count) for j in range(count) if i != j]
    chosen = draw(st.lists(st.tuples(st.sampled_from(pairs), st.sampled_from(RELS)), unique=True, max_size=14))
    edges = [Edge(rel, f"agency/{i}", f"agency/{j}", {}, (cite(),)) for (i, j), rel in chosen]
    return Batch.of(nodes, edges)


@settings(max_examples=300, deadline=None)
@given(random_graphs(), st.data())
def test_shortest_chain_matches_networkx(batch: Batch, data: st.DataObject) -> None:
    graph = snapshot_of(batch)
    ids = [n.id for n in batch.nodes]
    start, end = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
    found = shortest_path(graph, start, end)
    undirected = graph.to_undirected(as_view=True)
    if not nx.has_path(undirected, start, end):
        assert found is None
        return
    assert found is not None
    assert len(found.steps) == nx.shortest_path_length(undirected, start, end)
    assert (found.nodes[0], found.nodes[-1]) == (start, end)
    for step, (a, b) in zip(found.steps, itertools.pairwise(found.nodes), strict=True):
        assert (step.walked_from, step.walked_to) == (a, b)
        assert graph.has_edge(step.source, step.target)
        assert step.relation in {attrs["type"] for attrs in graph.get_edge_data(step.source, step.target).values()}


def test_unknown_ids() -> None:
    graph = snapshot_of(Batch.of([Node("agency/a", Label.AGENCY, {}, ())]))
    with pytest.raises(NotFoundError):
        shortest_path(graph, "agency/a", "agency/nope")
    found = shortest_path(graph, "agency/a", "agency/a")
    assert found is not None
    assert found.steps == ()


async def test_bundled_department_to_ministry_across_the_move(bundled_store: Store) -> None:
    """Before 2025 the Press Department is part of MIC; after, of the Ministry of Culture."""
    graph = (await Derived(bundled_store).get(ANALYSIS_GRAPH)).snapshot
    before = shortest_path(graph, "agency/cuc-bao-chi", "agency/bo-tttt", at=date(2024, 6, 1).isoformat())
    assert before is not None
    assert len(before.steps) == 1
    assert (before.steps[0].relation, before.steps[0].forward) == ("PART_OF", True)
    after = shortest_path(graph, "agency/cuc-bao-chi", "agency/bo-vhttdl", at=date(2025, 6, 1).isoformat())
    assert after is not None
    assert [s.relation for s in after.steps] == ["PART_OF"]
    assert after.steps[0].valid_from is not None
    moved = shortest_path(graph, "agency/cuc-bao-chi", "agency/bo-tttt", at=date(2025, 6, 1).isoformat())
    assert moved is None or len(moved.steps) > 1


async def test_bundled_department_to_indicator(bundled_store: Store) -> None:
    graph = (await Derived(bundled_store).get(ANALYSIS_GRAPH)).snapshot
    found = shortest_path(graph, "agency/cuc-bao-chi", "indicator/noi-dung-len-nen-tang-so")
    assert found is not None
    assert found.nodes[0] == "agency/cuc-bao-chi"
    assert found.nodes[-1] == "indicator/noi-dung-len-nen-tang-so"
    assert len(found.steps) <= 3
