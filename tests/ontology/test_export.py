"""Selections read from a store: the whole graph, a plan, an agency with its tasks, one entity."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from stratagraph.graph.store import Store
from stratagraph.loaders.load import load
from stratagraph.model.errors import NotFoundError
from stratagraph.model.records import OWNED, Direction, Label, Rel
from stratagraph.ontology.export import Selection, agency_slice, entity_description, plan_slice, whole_graph
from stratagraph.ontology.formats import Format, to_bytes
from tests.ontology.conftest import BASE

PLAN = "ke-hoach-hanh-dong-781"
AGENCY = "cuc-bao-chi"


def owner(rel: Rel, source: str, target: str) -> str:
    return target if rel in (Rel.LEADS, Rel.SUPPORTS) else source


def assert_complete_records(selection: Selection) -> None:
    """Each node has every relation its record states, and every edge belongs to a node of the slice."""
    ids = {n.id for n in selection.nodes}
    for edge in selection.edges:
        assert owner(edge.type, edge.source, edge.target) in ids, edge
    owned = {(rel, node.id) for node in selection.nodes for rel, _ in OWNED[node.label]}
    assert owned >= {(e.type, owner(e.type, e.source, e.target)) for e in selection.edges}


async def test_the_whole_graph_is_every_node_and_edge_at_one_version(bundled_store: Store) -> None:
    selection = await whole_graph(bundled_store)
    assert selection.version == await bundled_store.version()
    assert len(selection.nodes) == sum([await bundled_store.count(label) for label in Label])
    assert len(selection.edges) == len(await bundled_store.edges())
    assert [e.key for e in selection.edges] == sorted(e.key for e in selection.edges)
    ids = {n.id for n in selection.nodes}
    assert all(e.source in ids and e.target in ids for e in selection.edges)


async def test_a_plan_slice_holds_its_tasks_indicators_and_targets(bundled_store: Store) -> None:
    selection = await plan_slice(bundled_store, PLAN)
    ids = {n.id for n in selection.nodes}
    members = await bundled_store.neighbours([f"plan/{PLAN}"], Rel.IN_PLAN, direction=Direction.IN)
    assert f"plan/{PLAN}" in ids
    assert {e.source for e in members} <= ids
    assert any(i.startswith("task/") for i in ids)
    assert not any(i.startswith("agency/") for i in ids)
    assert_complete_records(selection)
    leads = [e for e in selection.edges if e.type is Rel.LEADS]
    assert leads, "who leads the plan's tasks travels with the tasks"


async def test_an_agency_slice_holds_the_tasks_it_leads_or_supports(bundled_store: Store) -> None:
    selection = await agency_slice(bundled_store, AGENCY)
    ids = {n.id for n in selection.nodes}
    led = {e.target for e in await bundled_store.neighbours([f"agency/{AGENCY}"], Rel.LEADS)}
    supported = {e.target for e in await bundled_store.neighbours([f"agency/{AGENCY}"], Rel.SUPPORTS)}
    assert ids == {f"agency/{AGENCY}"} | led | supported
    assert any(e.type is Rel.PART_OF and e.valid_from for e in selection.edges)
    assert_complete_records(selection)


async def test_a_slice_loaded_back_changes_nothing(bundled_store: Store, tmp_path: Path) -> None:
    before = await whole_graph(bundled_store)
    for name, selection in (
        ("plan", await plan_slice(bundled_store, PLAN)),
        ("agency", await agency_slice(bundled_store, AGENCY)),
    ):
        file = tmp_path / f"{name}.ttl"
        file.write_bytes(to_bytes(selection.triples(BASE), Format.TURTLE))
        await load([file], bundled_store)
    after = await whole_graph(bundled_store)
    assert after.version == before.version  # the same records again: nothing to write, the version stays
    assert isomorphic(graph(before), graph(after))


def graph(selection: Selection) -> Graph:
    return Graph().parse(data=to_bytes(selection.triples(BASE), Format.NTRIPLES), format="nt")


async def test_an_entity_comes_with_every_edge_touching_it(bundled_store: Store) -> None:
    selection = await entity_description(bundled_store, f"agency/{AGENCY}")
    assert [n.id for n in selection.nodes] == [f"agency/{AGENCY}"]
    assert {e.type for e in selection.edges} >= {Rel.LEADS, Rel.PART_OF}
    assert all(f"agency/{AGENCY}" in (e.source, e.target) for e in selection.edges)


@pytest.mark.parametrize(
    "read",
    [
        lambda s: plan_slice(s, "khong-co"),
        lambda s: agency_slice(s, "khong-co"),
        lambda s: entity_description(s, "task/x"),
    ],
    ids=["plan", "agency", "entity"],
)
async def test_unknown_keys_are_not_found(bundled_store: Store, read: object) -> None:
    with pytest.raises(NotFoundError, match=r"no .* in the graph"):
        await read(bundled_store)  # type: ignore[operator]
