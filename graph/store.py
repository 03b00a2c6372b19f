"""The store seam: one small async protocol, two implementations.

Everything above ``graph/`` talks to a ``Store`` and nothing else, so the
embedded store and Neo4j are interchangeable; ``tests/graph/test_conformance.py``
holds both to the same behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

import networkx as nx

from stratagraph.model.records import OWNED, Batch, Direction, Edge, Label, Node, PropValue, Rel


@runtime_checkable
class Store(Protocol):
    """A graph of ``Node``s and ``Edge``s with transactional writes and a version.

    Reads never see half a write. ``version`` changes with every committed write
    and never otherwise, so callers may cache anything derived from a version.
    Writes made through another instance (another process, another client of the
    same database) are visible to every read that starts after they committed.

    Property values are flat (see ``stratagraph.model.records``); a ``None`` value means "no
    such property" (as in Neo4j, where setting null removes a property), so it is
    absent when the record is read back. Every method except ``open`` requires an
    open store.
    """

    name: str

    async def open(self) -> None:
        """Connect, create what is missing (tables, constraints); idempotent."""

    async def close(self) -> None:
        """Release connections; pending writes are either committed or not."""

    async def write(self, batch: Batch) -> int:
        """Upsert every node and edge of ``batch`` in one transaction; return the new version.

        Edges named in ``batch.retract`` are removed first (keys not in the store
        are ignored), so a batch can both drop and re-add an edge.
        Nodes are matched by id and edges by ``Edge.key``; an upsert replaces
        properties and sources; within a batch a later duplicate wins. An edge
        whose ends are neither in the store nor in the batch, or a property value
        that is not flat (a list, a dict, a mixed tuple, an int beyond 64 bits),
        raises ``StoreConflictError`` and nothing is written. Each successful call
        increases the version by one, even for an empty batch. With
        ``batch.expect_version`` set, the version is compared inside the transaction,
        after the write lock is taken (so no other writer can slip in between the
        check and the commit): a different version raises ``VersionConflictError``
        and nothing is written.
        """

    async def delete(self, ids: Sequence[str]) -> int:
        """Remove nodes and every edge touching them in one transaction; return the version.

        Ids not in the store are ignored; like ``write``, each successful call
        increases the version by one.
        """

    async def version(self) -> int:
        """The data version: bumped in the same transaction as every write."""

    async def get(self, ids: Sequence[str]) -> dict[str, Node]:
        """The nodes among ``ids`` that exist, by id (one round trip for many ids)."""

    async def find(self, label: Label, where: Mapping[str, PropValue] | None = None) -> list[Node]:
        """Nodes of ``label`` whose properties equal every value in ``where``, ordered by id.

        Equality is Neo4j's: ``True`` does not equal ``1``, ``1`` equals ``1.0``,
        tuples compare element by element, and ``None`` matches nothing.
        """

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

        ``at`` is an ISO date; ``None`` returns edges of every period. Both bounds
        are inclusive and an undated edge is always valid (``Edge.valid_at``). One
        round trip for all ids, so resolvers can batch. Each edge appears once (also
        for ``BOTH`` and repeated ids), ordered by (source, target, validFrom), an
        undated edge before dated ones.
        """

    async def edges(self, rel: Rel | None = None) -> list[Edge]:
        """Every edge, or every edge of one type, ordered by key."""

    async def snapshot(self) -> nx.MultiDiGraph:
        """The whole graph for analysis, read-only, as of one version.

        Node attributes: ``label`` (the label's string) and the node's properties;
        edge keys are the relation type, followed by ``@validFrom`` for a dated
        edge (``PART_OF@2023-04-06``) so that dated repeats stay distinct; edge
        attributes ``type`` (the relation's string) and the edge's properties
        (``label`` and ``type`` win over properties of those names). The graph
        attribute ``version`` is the version shown. The graph is frozen; treat its
        attribute dicts as read-only too. The same object is returned until the
        version changes, so it may be cached by callers, and a snapshot never
        changes after it is handed out.
        """


async def stated_edges(store: Store, nodes: Iterable[Node]) -> list[Edge]:
    """The stored edges the records of ``nodes`` state (``model.records.OWNED``): what loading them replaces."""
    by_label: dict[Label, list[str]] = {}
    for node in nodes:
        by_label.setdefault(node.label, []).append(node.id)
    edges: list[Edge] = []
    for label, ids in by_label.items():
        for rel, direction in OWNED[label]:
            edges.extend(await store.neighbours(ids, rel, direction))
    return edges
