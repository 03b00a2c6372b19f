"""What to export, read from a store as of one data version: the whole graph, a plan, an agency, an entity.

A selection is records, not text: ``ontology.mapping`` turns it into triples and
``ontology.formats`` into a serialisation, both streaming.

Slices (one plan, one agency with its tasks) are sets of *complete records*:
each node comes with every relation its record states (``model.records.OWNED``:
a task with its plan, lead, supports, indicators, dependencies), and entities
outside the slice appear only as the IRIs those relations point to. So a slice
loaded into a store that holds the rest replaces exactly those records, and
nothing is lost, as loading a YAML file does. SHACL range checks need the far
ends' types, so validate the whole export, not a slice.

The store's reads are separate calls; a selection re-reads until the data
version is the same before and after, so it never mixes two versions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from pyoxigraph import Triple

from stratagraph.graph.store import Store, stated_edges
from stratagraph.model.errors import NotFoundError, StoreError
from stratagraph.model.records import Direction, Edge, Label, Node, Rel
from stratagraph.ontology.mapping import Mapped

__all__ = ["Selection", "agency_slice", "entity_description", "plan_slice", "whole_graph"]

_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Selection:
    """Nodes and edges read at one data version, in a stable order (nodes by label and id, edges by key)."""

    version: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def rdf(self, base: str) -> Mapped:
        """The selection mapped to RDF under ``base``, ready to write (``ontology.formats``)."""
        return Mapped(self.nodes, self.edges, base)

    def triples(self, base: str) -> Iterator[Triple]:
        """The selection's triples as pyoxigraph terms."""
        return self.rdf(base).triples()


Reader = Callable[[Store], Awaitable[tuple[list[Node], list[Edge]]]]


async def _consistent(store: Store, read: Reader, *, ordered: bool = False) -> Selection:
    """What ``read`` gives, read again until the version did not move meanwhile.

    ``ordered``: the reader gives every node and edge once, already in the selection's
    order (``whole_graph``, from the store's own order), so nothing is sorted again.
    """
    for _ in range(_ATTEMPTS):
        before = await store.version()
        nodes, edges = await read(store)
        if await store.version() == before:
            if ordered:
                return Selection(before, tuple(nodes), tuple(edges))
            order = {label: index for index, label in enumerate(Label)}
            unique_edges = {edge.key: edge for edge in edges}
            return Selection(
                before,
                tuple(sorted({n.id: n for n in nodes}.values(), key=lambda n: (order[n.label], n.id))),
                tuple(unique_edges[key] for key in sorted(unique_edges)),
            )
    raise StoreError(f"the data changed {_ATTEMPTS} times while it was being read; try again")


async def whole_graph(store: Store) -> Selection:
    """Every node and every edge."""

    async def read(store: Store) -> tuple[list[Node], list[Edge]]:
        nodes: list[Node] = []
        for label in Label:
            nodes.extend(await store.find(label))  # each label's nodes in id order (the Store protocol)
        return nodes, await store.edges()  # by key (the Store protocol)

    return await _consistent(store, read, ordered=True)


async def _require(store: Store, node_id: str) -> Node:
    found = await store.get([node_id])
    if node_id not in found:
        raise NotFoundError(f"no {node_id} in the graph")
    return found[node_id]


async def plan_slice(store: Store, key: str) -> Selection:
    """A plan with its tasks, indicators, targets and measurements, each with the relations it states.

    Targets are stated inside their indicator's record, so the indicator of every
    target the plan sets comes along (it may belong to the strategy the plan
    implements), with all its targets.
    """
    plan_id = f"{Label.PLAN.prefix}/{key}"

    async def read(store: Store) -> tuple[list[Node], list[Edge]]:
        plan = await _require(store, plan_id)
        members = [e.source for e in await store.neighbours([plan_id], Rel.IN_PLAN, Direction.IN)]
        targets = [m for m in members if m.startswith(Label.TARGET.prefix + "/")]
        indicators = {m for m in members if m.startswith(Label.INDICATOR.prefix + "/")}
        # a target is written inside its indicator's record, so a target the plan sets
        # brings its indicator (of whichever plan), and an indicator all its targets
        indicators |= {e.source for e in await store.neighbours(targets, Rel.HAS_TARGET, Direction.IN)}
        targets += [e.target for e in await store.neighbours(sorted(indicators), Rel.HAS_TARGET)]
        measured = [e.source for e in await store.neighbours(sorted(indicators), Rel.MEASURES, Direction.IN)]
        nodes = [plan, *(await store.get([*members, *indicators, *targets, *measured])).values()]
        return nodes, await stated_edges(store, nodes)

    return await _consistent(store, read)


async def agency_slice(store: Store, key: str) -> Selection:
    """An agency and the tasks it leads or supports, each with the relations it states."""
    agency_id = f"{Label.AGENCY.prefix}/{key}"

    async def read(store: Store) -> tuple[list[Node], list[Edge]]:
        agency = await _require(store, agency_id)
        tasks = [e.target for rel in (Rel.LEADS, Rel.SUPPORTS) for e in await store.neighbours([agency_id], rel)]
        nodes = [agency, *(await store.get(tasks)).values()]
        return nodes, await stated_edges(store, nodes)

    return await _consistent(store, read)


async def entity_description(store: Store, node_id: str) -> Selection:
    """One entity with every edge that touches it, in both directions: what ``/id/{type}/{key}`` returns."""

    async def read(store: Store) -> tuple[list[Node], list[Edge]]:
        node = await _require(store, node_id)
        edges: list[Edge] = []
        for rel in Rel:
            edges.extend(await store.neighbours([node_id], rel, Direction.BOTH))
        return [node], edges

    return await _consistent(store, read)
