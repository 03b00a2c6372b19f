"""The store seam: one small async protocol, two implementations.

Everything above ``graph/`` talks to a ``Store`` and nothing else, so the
embedded store and Neo4j are interchangeable; ``tests/graph/test_conformance.py``
holds both to the same behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Protocol, runtime_checkable

import networkx as nx

from graph.records import Batch, Edge, Label, Node, PropValue, Rel


class Direction(StrEnum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@runtime_checkable
class Store(Protocol):
    """A graph of ``Node``s and ``Edge``s with transactional writes and a version.

    Reads never see half a write. ``version`` changes with every committed write
    and never otherwise, so callers may cache anything derived from a version.
    """

    name: str

    async def open(self) -> None:
        """Connect, create what is missing (tables, constraints); idempotent."""

    async def close(self) -> None:
        """Release connections; pending writes are either committed or not."""

    async def write(self, batch: Batch) -> int:
        """Upsert every node and edge of ``batch`` in one transaction; return the new version.

        Nodes are matched by id and edges by ``Edge.key``; an upsert replaces
        properties and sources. An edge whose ends are neither in the store nor
        in the batch raises ``StoreConflictError`` and nothing is written.
        """

    async def delete(self, ids: Sequence[str]) -> int:
        """Remove nodes and every edge touching them in one transaction; return the version."""

    async def version(self) -> int:
        """The data version: bumped in the same transaction as every write."""

    async def get(self, ids: Sequence[str]) -> dict[str, Node]:
        """The nodes among ``ids`` that exist, by id (one round trip for many ids)."""

    async def find(
        self, label: Label, where: Mapping[str, PropValue] | None = None
    ) -> list[Node]:
        """Nodes of ``label`` whose properties equal every value in ``where``, ordered by id."""

    async def count(self, label: Label) -> int:
        """How many nodes carry ``label``."""

    async def neighbours(
        self,
        ids: Sequence[str],
        rel: Rel,
        direction: Direction = Direction.OUT,
        at: str | None = None,
    ) -> list[Edge]:
        """Edges of type ``rel`` touching any of ``ids`` in ``direction``, valid on ``at``.

        ``at`` is an ISO date; ``None`` returns edges of every period. One round
        trip for all ids, so resolvers can batch. Ordered by (source, target, validFrom).
        """

    async def edges(self, rel: Rel | None = None) -> list[Edge]:
        """Every edge, or every edge of one type, ordered by key."""

    async def snapshot(self) -> nx.MultiDiGraph:
        """The whole graph for analysis, read-only, as of one version.

        Node attributes: ``label`` and the node's properties; edge keys are the
        relation types, edge attributes the edge's properties. The same object
        is returned until the version changes, so it may be cached by callers.
        """


class StoreFactory(Protocol):
    def __call__(self) -> Store: ...


def ends_of(edges: Sequence[Edge], direction: Direction, ids: Sequence[str]) -> list[str]:
    """The far ends of ``edges`` as seen from ``ids``."""
    wanted = set(ids)
    far: list[str] = []
    for edge in edges:
        if direction in (Direction.OUT, Direction.BOTH) and edge.source in wanted:
            far.append(edge.target)
        if direction in (Direction.IN, Direction.BOTH) and edge.target in wanted:
            far.append(edge.source)
    return far
