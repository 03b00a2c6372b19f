"""The Neo4j store: the ``Store`` protocol over the official async driver.

For graphs and teams that outgrow one process: many service instances share one
Neo4j (a server, a cluster or Aura) and behave as one embedded store would;
``tests/graph/test_conformance.py`` holds both to the same behaviour.

Why this shape
--------------
* **One transaction per call.** ``write`` and ``delete`` are one managed write
  transaction each: bump the version first (which takes the version node's
  write lock, so writers queue and each validates against what the ones before
  it committed), refuse dangling edges, then ``UNWIND ... MERGE`` the rows in
  chunks. Any failure rolls the whole transaction back: all or nothing. The
  driver retries a transaction that failed for a transient reason; the
  transaction function is safe to run again because a failed run left nothing.
* **Ids through one index.** Every node has ``:Entity`` and a unique ``id`` on
  it, so ``get``, ``neighbours`` and the edge upserts find nodes by one index
  seek per id, whatever the label. Labels and relationship types are written
  into statements from the enums only (see ``graph.neo4j.statements``), so label
  and type scans go through Neo4j's lookup indexes.
* **Snapshot cached by version.** ``snapshot`` asks for the version (one tiny
  query) and returns the cached graph while it is unchanged; otherwise it reads
  the whole graph in one query (``snapshot.cypher``), which also reads the
  version before and after so the graph is known to show one version.
* **Reads see other instances' writes.** Nothing is cached but the snapshot,
  which is checked against the version on every call. All stores of one event
  loop on one database share a bookmark manager, so in a cluster a read waits
  for the writes they made; a write made by another process is visible to
  reads served by the cluster's leader at once and by its followers within
  their replication delay (use a ``bolt://`` URI to the leader, or a single
  server, where that matters).
* **Errors at the boundary.** Every driver error becomes a ``StoreError`` whose
  message is one line (``graph.neo4j.errors``). The driver reconnects by itself:
  after Neo4j comes back, the next call works, with no reopen.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar

import networkx as nx
from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncSession,
    Record,
)
from neo4j.api import AsyncBookmarkManager
from neo4j.exceptions import DriverError, Neo4jError

from stratagraph.graph.flat import check_edge, check_node
from stratagraph.graph.neo4j import codec
from stratagraph.graph.neo4j.config import Neo4jConfig
from stratagraph.graph.neo4j.errors import Where, translate
from stratagraph.graph.neo4j.snapshot import build_graph
from stratagraph.graph.neo4j.statements import SCHEMA, Q, query
from stratagraph.model.errors import StoreConflictError, StoreError, StratagraphError, VersionConflictError
from stratagraph.model.records import Batch, Direction, Edge, Label, Node, PropValue, Rel

CHUNK: Final = 5000
"""Rows per ``UNWIND`` statement: big batches stay in one transaction without one huge message."""

SNAPSHOT_ATTEMPTS: Final = 5
"""How often ``snapshot`` reads again when writes keep landing while it reads."""

_NEIGHBOURS: Final = {Direction.OUT: Q.NEIGHBOURS_OUT, Direction.IN: Q.NEIGHBOURS_IN, Direction.BOTH: Q.NEIGHBOURS_BOTH}
_BOOKMARKS: dict[tuple[str, str | None, int], AsyncBookmarkManager] = {}

T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]


def _bookmarks(config: Neo4jConfig) -> AsyncBookmarkManager:
    """The bookmark manager shared by every store of this thread on one database (causal reads).

    Per thread because the driver's async bookmark manager is not thread-safe;
    an event loop runs in one thread, so the stores of one loop share one.
    """
    key = (config.uri, config.database, threading.get_ident())
    if key not in _BOOKMARKS:
        _BOOKMARKS[key] = AsyncGraphDatabase.bookmark_manager()
    return _BOOKMARKS[key]


class Neo4jStore:
    """The scale-out ``Store``. ``open`` connects and creates the constraints and indexes.

    An instance belongs to one event loop at a time (the driver's does).
    """

    name: str = "neo4j"

    def __init__(self, config: Neo4jConfig) -> None:
        self.config = config
        self._where = Where(config.uri, config.user, config.database)
        self._driver: AsyncDriver | None = None
        self._snapshot: nx.MultiDiGraph | None = None
        self._open_lock = asyncio.Lock()
        self._snapshot_lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"Neo4jStore({self._where.server!r}, database={self.config.database!r})"

    # lifecycle

    async def open(self) -> None:
        """Connect, check the credentials, create what is missing; idempotent.

        On failure nothing stays open and the error is one line:
        ``cannot reach Neo4j at bolt://...: ...`` or ``... refused the credentials ...``.
        """
        async with self._open_lock:
            if self._driver is not None:
                return
            driver = self._new_driver()
            try:
                async with self._translating("connecting"):
                    await driver.verify_connectivity()
                for statement in SCHEMA:
                    async with self._translating("creating constraints and indexes"), self._session(driver) as session:
                        await (await session.run(*query(statement))).consume()
                await self._in_write(driver, _ensure_meta, "creating the version node")
            except BaseException:
                with contextlib.suppress(Exception):
                    await driver.close()
                raise
            self._driver = driver

    async def close(self) -> None:
        """Close the driver's connections; a write in flight has committed or not, whole."""
        async with self._open_lock:
            driver, self._driver, self._snapshot = self._driver, None, None
            if driver is not None:
                async with self._translating("closing"):
                    await driver.close()

    # writes

    async def write(self, batch: Batch) -> int:
        driver = self._require()
        nodes = codec.last_wins(map(check_node, batch.nodes), key=lambda node: node.id)
        edges = codec.last_wins(map(check_edge, batch.edges), key=lambda edge: edge.key)
        written = {node.id for node in nodes}
        ends = sorted({end for edge in edges for end in (edge.source, edge.target)} - written)
        node_rows: defaultdict[Label, list[dict[str, Any]]] = defaultdict(list)
        for node in nodes:
            node_rows[node.label].append(codec.node_row(node))
        edge_rows: defaultdict[Rel, list[dict[str, Any]]] = defaultdict(list)
        for edge in edges:
            edge_rows[edge.type].append(codec.edge_row(edge))
        retract_rows = codec.retract_rows(batch.retract)

        async def work(tx: AsyncManagedTransaction) -> int:
            version = await _bump(tx)  # holds the version node's write lock until commit: writers queue here
            if batch.expect_version is not None and version != batch.expect_version + 1:
                raise VersionConflictError(batch.expect_version, version - 1)  # rolls the bump back
            missing = {str(row["id"]) for chunk in _chunks(ends) for row in await _rows(tx, Q.MISSING_NODES, ids=chunk)}
            if missing:
                raise StoreConflictError(codec.dangling_message(edges, missing))
            for rel, rows in retract_rows.items():
                for chunk in _chunks(rows):
                    await _rows(tx, Q.RETRACT_EDGES, rel, rows=chunk)
            for label, rows in node_rows.items():
                for chunk in _chunks(rows):
                    await _rows(tx, Q.UPSERT_NODES, label, rows=chunk)
            for rel, rows in edge_rows.items():
                for chunk in _chunks(rows):
                    (row,) = await _rows(tx, Q.UPSERT_EDGES, rel, rows=chunk)
                    if row["written"] != len(chunk):
                        raise StoreConflictError(
                            f"nothing written: {len(chunk) - row['written']} {rel.value} edge(s) lost an end "
                            "while being written (a node deleted by a client outside stratagraph?)"
                        )
            return version

        return await self._in_write(driver, work, "writing")

    async def delete(self, ids: Sequence[str]) -> int:
        driver = self._require()
        wanted = list(dict.fromkeys(ids))

        async def work(tx: AsyncManagedTransaction) -> int:
            version = await _bump(tx)
            for chunk in _chunks(wanted):
                await _rows(tx, Q.DELETE_NODES, ids=chunk)
            return version

        return await self._in_write(driver, work, "deleting")

    # reads

    async def version(self) -> int:
        """The data version, read in one auto-commit query without retries.

        ``/healthz`` calls this: when Neo4j is unreachable it must say so at once
        (a ``StoreUnavailableError``), not after the retries of a transaction.
        """
        driver = self._require()
        async with self._translating("reading the version"), self._session(driver, READ_ACCESS) as session:
            record = await (await session.run(*query(Q.VERSION))).single(strict=True)
        return int(record["version"])

    async def get(self, ids: Sequence[str]) -> dict[str, Node]:
        driver = self._require()
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        rows = await self._in_read(driver, _reader(Q.GET_NODES, ids=wanted), "reading nodes")
        nodes = {node.id: node for node in (codec.node_from(row["labels"], row["props"]) for row in rows)}
        return {node_id: nodes[node_id] for node_id in wanted if node_id in nodes}

    async def find(self, label: Label, where: Mapping[str, PropValue] | None = None) -> list[Node]:
        driver = self._require()
        work = _reader(Q.FIND_NODES, Label(label), where=codec.where_param(where))
        rows = await self._in_read(driver, work, f"finding {Label(label).value} nodes")
        return sorted((codec.node_from(row["labels"], row["props"]) for row in rows), key=lambda node: node.id)

    async def count(self, label: Label) -> int:
        driver = self._require()
        (row,) = await self._in_read(driver, _reader(Q.COUNT_NODES, Label(label)), "counting nodes")
        return int(row["count"])

    async def neighbours(
        self,
        ids: Sequence[str],
        rel: Rel,
        direction: Direction = Direction.OUT,
        at: str | None = None,
    ) -> list[Edge]:
        driver = self._require()
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        kind = Rel(rel)
        work = _reader(_NEIGHBOURS[Direction(direction)], kind, ids=wanted, at=at)
        rows = await self._in_read(driver, work, f"reading {kind.value} edges")
        edges = {edge.key: edge for edge in (codec.edge_from(kind, r["source"], r["target"], r["props"]) for r in rows)}
        return sorted(edges.values(), key=lambda edge: (edge.source, edge.target, edge.valid_from or ""))

    async def edges(self, rel: Rel | None = None) -> list[Edge]:
        driver = self._require()
        if rel is None:
            rows = await self._in_read(driver, _reader(Q.EDGES_ALL, types=_TYPES), "reading edges")
            found = [codec.edge_from(r["type"], r["source"], r["target"], r["props"]) for r in rows]
        else:
            kind = Rel(rel)
            rows = await self._in_read(driver, _reader(Q.EDGES_OF_TYPE, kind), f"reading {kind.value} edges")
            found = [codec.edge_from(kind, r["source"], r["target"], r["props"]) for r in rows]
        return sorted(found, key=lambda edge: edge.key)

    async def snapshot(self) -> nx.MultiDiGraph:
        """The frozen graph of the current version; the same object until the version changes."""
        version = await self.version()
        cached = self._snapshot
        if cached is not None and cached.graph["version"] == version:
            return cached
        async with self._snapshot_lock:
            cached = self._snapshot
            if cached is not None and cached.graph["version"] == version:
                return cached
            driver = self._require()
            for _ in range(SNAPSHOT_ATTEMPTS):
                read = await self._in_read(driver, _read_snapshot, "reading the graph")
                if read is not None:
                    break
            else:
                raise StoreError(
                    f"Neo4j at {self._where.server}: the graph changed {SNAPSHOT_ATTEMPTS} times while "
                    "being read for analysis; try again"
                )
            graph = await asyncio.to_thread(build_graph, *read)
            self._snapshot = graph
            return graph

    # internals

    def _new_driver(self) -> AsyncDriver:
        config = self.config
        return AsyncGraphDatabase.driver(
            config.uri,
            auth=(config.user, config.password),
            connection_timeout=config.connect_timeout,
            max_transaction_retry_time=config.retry_seconds,
            user_agent="stratagraph",
        )

    def _require(self) -> AsyncDriver:
        if self._driver is None:
            raise StoreError(f"{self!r} is not open: await store.open() first")
        return self._driver

    def _session(self, driver: AsyncDriver, mode: str = WRITE_ACCESS) -> AsyncSession:
        return driver.session(
            database=self.config.database,
            default_access_mode=mode,
            bookmark_manager=_bookmarks(self.config),
        )

    async def _in_read(self, driver: AsyncDriver, work: Work[T], doing: str) -> T:
        async with self._translating(doing), self._session(driver, READ_ACCESS) as session:
            result: T = await session.execute_read(work)
            return result

    async def _in_write(self, driver: AsyncDriver, work: Work[T], doing: str) -> T:
        async with self._translating(doing), self._session(driver) as session:
            result: T = await session.execute_write(work)
            return result

    @contextlib.asynccontextmanager
    async def _translating(self, doing: str) -> AsyncIterator[None]:
        """Driver errors raised inside become the project's (``graph.neo4j.errors.translate``)."""
        try:
            yield
        except StratagraphError:
            raise
        except (Neo4jError, DriverError) as error:
            raise translate(error, self._where, doing) from error


_TYPES: Final = [rel.value for rel in Rel]


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


async def _rows(tx: AsyncManagedTransaction, name: Q, member: Label | Rel | None = None, **params: Any) -> list[Record]:
    result = await tx.run(*query(name, member, **params))
    return [record async for record in result]


def _reader(name: Q, member: Label | Rel | None = None, **params: Any) -> Work[list[Record]]:
    """A transaction function that runs one statement and returns its rows."""

    async def work(tx: AsyncManagedTransaction) -> list[Record]:
        return await _rows(tx, name, member, **params)

    return work


async def _ensure_meta(tx: AsyncManagedTransaction) -> None:
    await _rows(tx, Q.ENSURE_META)


async def _bump(tx: AsyncManagedTransaction) -> int:
    (row,) = await _rows(tx, Q.BUMP_VERSION)
    return int(row["version"])


async def _read_snapshot(tx: AsyncManagedTransaction) -> tuple[int, list[Node], list[Edge]] | None:
    """The version, nodes and edges of ``snapshot.cypher``; ``None`` when a write landed while reading."""
    versions: list[int] = []
    nodes: list[Node] = []
    edges: list[Edge] = []
    result = await tx.run(*query(Q.SNAPSHOT, types=_TYPES))
    async for row in result:
        kind = row["kind"]
        if kind == "node":
            nodes.append(codec.node_from(row["labels"], row["props"]))
        elif kind == "edge":
            edges.append(codec.edge_from(row["type"], row["source"], row["target"], row["props"]))
        else:
            versions.append(int(row["version"]))
    if len(versions) != 2 or versions[0] != versions[1]:
        return None
    return versions[0], nodes, edges
