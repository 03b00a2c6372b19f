"""Per-request context: the store, batching loaders, and the app's values derived per data version.

Loaders live per request (a DataLoader caches, and a cache must not outlive
the data version it was filled at). What is derived from a data version (the
analysis graph, the search index, the yearly duties) lives with the app, in one
``graph.derived.Derived``; a request asks it for each value once (``value``), so a
field resolved for each of a hundred tasks reads the store's version once, not a
hundred times, and the request sees one version of each value.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar, cast

from strawberry.dataloader import DataLoader

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.store import Store
from stratagraph.model.access import Caller
from stratagraph.model.records import Direction, Edge, Node, Rel
from stratagraph.queries.deadline_state import Duty
from stratagraph.queries.duties import DUTIES

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

EdgeKey = tuple[Rel, Direction, str | None, str]  # relation, direction, as-of day, node id


def _node_loader(store: Store) -> DataLoader[str, Node | None]:
    async def load(ids: Sequence[str]) -> list[Node | None]:
        found = await store.get(list(ids))
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def _edge_loader(store: Store) -> DataLoader[EdgeKey, list[Edge]]:
    async def load(keys: Sequence[EdgeKey]) -> list[list[Edge]]:
        groups: dict[tuple[Rel, Direction, str | None], list[str]] = defaultdict(list)
        for rel, direction, day, node_id in keys:
            groups[(rel, direction, day)].append(node_id)
        found: dict[EdgeKey, list[Edge]] = defaultdict(list)
        for (rel, direction, day), ids in groups.items():
            wanted = set(ids)
            for edge in await store.neighbours(sorted(wanted), rel, direction, day):
                if direction is not Direction.IN and edge.source in wanted:
                    found[(rel, direction, day, edge.source)].append(edge)
                if direction is not Direction.OUT and edge.target in wanted:
                    found[(rel, direction, day, edge.target)].append(edge)
        return [found.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


@dataclass
class Context:
    store: Store
    derived: Derived
    """The app's values derived from ``store``'s data versions."""
    debug: bool = False
    request_id: str | None = None
    """The id the client receives with an unexpected error (and in ``X-Request-Id``), and the log line carries."""
    caller: Caller | None = None
    """The holder of the request's bearer token (checked by the HTTP layer); None for the public."""
    nodes: DataLoader[str, Node | None] = field(init=False)
    edges: DataLoader[EdgeKey, list[Edge]] = field(init=False)

    _values: dict[Hashable, asyncio.Future[Any]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.fresh()

    def fresh(self) -> None:
        """Forget what this request has read: after a write, its answer shows the new data."""
        self.nodes = _node_loader(self.store)
        self.edges = _edge_loader(self.store)
        self._duties = None

    async def value(self, recipe: Recipe[P, R, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``derived.get(recipe, *args)``, asked once per request: later calls get the same value."""
        key = (recipe, args, tuple(sorted(kwargs.items())))
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = asyncio.ensure_future(self.derived.get(recipe, *args, **kwargs))
        elif found.done():
            return cast(T, found.result())  # the common case: a field of the hundredth task
        # shielded: one resolver cancelled does not cancel the read the request's other resolvers share
        return cast(T, await asyncio.shield(found))

    async def duty(self, task_id: str) -> Duty | None:
        """The yearly duty ``task_id`` is, if it is one."""
        return (await self.value(DUTIES)).get(task_id)

    async def node(self, node_id: str | None) -> Node | None:
        return None if node_id is None else await self.nodes.load(node_id)

    async def related(
        self, node_id: str, rel: Rel, direction: Direction = Direction.OUT, day: str | None = None
    ) -> list[Edge]:
        return await self.edges.load((rel, direction, day, node_id))

    async def far_nodes(
        self, node_id: str, rel: Rel, direction: Direction = Direction.OUT, day: str | None = None
    ) -> list[Node]:
        """The nodes at the other end of ``rel`` edges, in edge order."""
        edges = await self.related(node_id, rel, direction, day)
        ids = [e.target if e.source == node_id and direction is not Direction.IN else e.source for e in edges]
        nodes = await self.nodes.load_many(ids)
        return [n for n in nodes if n is not None]
