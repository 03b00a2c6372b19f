"""The embedded store: the whole graph in memory, every commit in SQLite first.

Why this shape
--------------
The store must work with nothing installed and nothing running, survive
``kill -9`` without losing an acknowledged write, and answer the resolvers'
many small reads without a round trip. So:

* **Disk first.** ``write``/``delete`` run one SQLite transaction (WAL,
  ``synchronous=FULL``: the commit is fsynced before it returns). The new
  in-memory state is built *before* ``COMMIT`` and swapped in *after* it, by one
  reference assignment that cannot fail. A write that fails at any point
  therefore changes nothing, neither on disk nor in memory; a process killed
  after ``COMMIT`` returned loses nothing, because the rows are on disk.
* **Copy-on-write state.** A ``_State`` is never mutated once built: a write
  makes shallow copies of its dicts (the ``Node``/``Edge`` records themselves
  are frozen and shared), so a read that started before a write finishes on the
  old state, and nothing handed out ever changes under its holder. The price is
  O(graph) pointer copying per write on top of O(batch), nothing to notice at
  the size of a national plan (figures: ``bench/README.md``).
* **Lazy, cached snapshot.** The networkx graph is built from a state the first
  time ``snapshot()`` asks for it and cached until the version changes. Copying
  a large ``MultiDiGraph`` costs more than building it, so keeping one up to
  date copy-on-write would add a full copy to every small write; building on
  demand costs nothing for the writes nobody snapshots.
* **Indexes for the resolvers.** Nodes by id and by label, edges by key, and
  edge keys by ``(node, relation, outgoing?)``: ``neighbours`` for many ids costs
  O(result), ``count`` is O(1).

Threading
---------
SQLite work (commits, loads, the snapshot build) runs in a worker thread via
``asyncio.to_thread``, one at a time under an ``asyncio.Lock``. An fsynced
commit takes milliseconds on real disks and a bulk load seconds; the sqlite3
module releases the GIL meanwhile, so the event loop keeps serving reads from
the old in-memory state. The only SQL run on the loop itself is the version
check before each read (a tiny ``SELECT`` on a second, read-only connection),
because a thread hop would cost more than the query. Cancellation: the locked
section runs as its own shielded task, so a cancelled caller never releases the
connection while its thread still uses it. A write whose caller was cancelled
still runs to its end and commits or fails whole, as if it had not been
cancelled.

Several processes
-----------------
Two processes (a ``stratagraph load`` next to a running server) may share one
file. SQLite's ``BEGIN IMMEDIATE`` serialises their writes (waiting up to
``busy_timeout`` seconds); every read, and ``version()``, first compares the
on-disk version with the in-memory one and, when another process has committed,
reloads the whole graph from disk before answering. A write re-checks inside its
transaction, so it validates against what is really on disk. Reloading is
O(graph): right for an occasional load next to a server, wrong for two busy
writers (use Neo4j for that).

On disk
-------
``nodes(id, label, props, sources)``, ``edges(key, type, source, target, props,
sources)`` and ``meta(version)``; ``props`` and ``sources`` are JSON (UTF-8, not
escaped, so the file is readable with the ``sqlite3`` shell), citations are JSON
objects with every field, labels and relations their string values, tuples JSON
arrays that load back as tuples. ``PRAGMA user_version`` is the format number.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import operator
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Final

import networkx as nx
import orjson

from stratagraph.graph.citations import citation_from, citation_json
from stratagraph.graph.flat import check_edge, check_node
from stratagraph.model.errors import StoreConflictError, StoreError, StoreUnavailableError, VersionConflictError
from stratagraph.model.memory import paused_gc
from stratagraph.model.records import Batch, Citation, Direction, Edge, Label, Node, PropValue, Rel

FORMAT: Final = 1
"""``PRAGMA user_version`` of files this module writes; bump with a migration."""

_SCHEMA: Final = """
CREATE TABLE nodes (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    props TEXT NOT NULL,
    sources TEXT NOT NULL
);
CREATE TABLE edges (
    key TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes (id),
    target TEXT NOT NULL REFERENCES nodes (id),
    props TEXT NOT NULL,
    sources TEXT NOT NULL
);
CREATE INDEX edges_source ON edges (source);
CREATE INDEX edges_target ON edges (target);
CREATE TABLE meta (version INTEGER NOT NULL);
INSERT INTO meta (version) VALUES (0);
"""

_UPSERT_NODE: Final = """
INSERT INTO nodes (id, label, props, sources) VALUES (?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    label = excluded.label, props = excluded.props, sources = excluded.sources
"""

_UPSERT_EDGE: Final = """
INSERT INTO edges (key, type, source, target, props, sources) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (key) DO UPDATE SET props = excluded.props, sources = excluded.sources
"""

_ABSENT: Final = object()
_LABELS: Final = {label.value: label for label in Label}
_RELS: Final = {rel.value: rel for rel in Rel}
_REL_VALUES: Final = {rel: rel.value for rel in Rel}

_first: Final = itemgetter(0)
"""A pair's or a row's first item: its id or key, to sort by."""


def _ascending(items: Sequence[str]) -> bool:
    """Whether ``items`` are in order already (one pass; sorting is what it spares)."""
    return all(map(operator.le, items, itertools.islice(items, 1, None)))


_AdjacencyKey = tuple[str, Rel, bool]
"""``(node id, relation, outgoing?)``: the index behind ``neighbours``."""


# --- the in-memory state -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _State:
    """One version of the graph, never mutated after construction.

    ``adjacency`` maps ``(node, relation, outgoing?)`` to the keys of those
    edges; tuples rather than sets because most nodes have few edges of a type
    and a small tuple takes a quarter of the memory of a small frozenset.
    """

    version: int
    nodes: Mapping[str, Node]
    edges: Mapping[str, Edge]
    labels: Mapping[Label, frozenset[str]]
    adjacency: Mapping[_AdjacencyKey, tuple[str, ...]]
    by_label: dict[Label, tuple[Node, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Each label's nodes in id order, filled on first use: ``find`` sorts a label once per version."""

    by_type: dict[Rel | None, tuple[Edge, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Every edge (``None``) or those of one type, in key order, filled on first use: ``edges`` sorts once."""

    def ordered_edges(self, rel: Rel | None) -> tuple[Edge, ...]:
        found = self.by_type.get(rel)
        if found is None:
            every = self.by_type.get(None)
            if every is not None:  # already in key order: one type's edges are too
                found = tuple(edge for edge in every if edge.type is rel)
            else:
                edges = self.edges
                keys = sorted(edges) if rel is None else sorted(k for k, edge in edges.items() if edge.type is rel)
                found = tuple(edges[key] for key in keys)
            self.by_type[rel] = found
        return found

    def ordered(self, label: Label) -> tuple[Node, ...]:
        found = self.by_label.get(label)
        if found is None:
            nodes = self.nodes
            found = tuple(sorted((nodes[i] for i in self.labels.get(label, frozenset())), key=lambda n: n.id))
            self.by_label[label] = found
        return found

    def with_batch(
        self, nodes: Sequence[Node], edges: Sequence[Edge], version: int, retract: Sequence[str] = ()
    ) -> _State:
        """A new state with ``retract`` edges removed, then ``nodes`` and ``edges`` upserted (later duplicates win)."""
        if retract:
            return self._without_edges(retract).with_batch(nodes, edges, version)
        new_nodes = dict(self.nodes)
        new_nodes.update((node.id, node) for node in nodes)
        added: defaultdict[Label, set[str]] = defaultdict(set)
        removed: defaultdict[Label, set[str]] = defaultdict(set)
        for node_id in {node.id for node in nodes}:
            before, after = self.nodes.get(node_id), new_nodes[node_id]
            if before is None or before.label is not after.label:
                if before is not None:
                    removed[before.label].add(node_id)
                added[after.label].add(node_id)
        labels = dict(self.labels)
        for label in added.keys() | removed.keys():
            ids = labels.get(label, frozenset())
            labels[label] = (ids - removed[label] if label in removed else ids) | added[label]

        new_edges = dict(self.edges)
        linked: defaultdict[_AdjacencyKey, list[str]] = defaultdict(list)
        for edge in edges:
            key = edge.key
            if key not in new_edges:  # so each key is linked once
                linked[(edge.source, edge.type, True)].append(key)
                linked[(edge.target, edge.type, False)].append(key)
            new_edges[key] = edge
        adjacency = dict(self.adjacency)
        for index, keys in linked.items():
            adjacency[index] = adjacency.get(index, ()) + tuple(keys)
        return _State(version, new_nodes, new_edges, labels, adjacency)

    @staticmethod
    def loaded(version: int, nodes: Iterable[Node], edges: Iterable[tuple[str, Edge]]) -> _State:
        """A state from scratch: what ``_EMPTY.with_batch`` builds, from edges with their keys as stored."""
        by_id: dict[str, Node] = {}
        labelled: defaultdict[Label, list[Node]] = defaultdict(list)
        for node in nodes:
            by_id[node.id] = node
            labelled[node.label].append(node)
        by_key: dict[str, Edge] = {}
        linked: defaultdict[_AdjacencyKey, list[str]] = defaultdict(list)
        for key, edge in edges:
            if key not in by_key:
                linked[(edge.source, edge.type, True)].append(key)
                linked[(edge.target, edge.type, False)].append(key)
            by_key[key] = edge
        frozen = {label: frozenset(node.id for node in found) for label, found in labelled.items()}
        # rows come in the order they were written; one load writes them in id and key order
        # (``_commit_batch``), later writes append: what came in order needs no sorting later
        in_order: dict[Label, tuple[Node, ...]] = {
            label: tuple(found) for label, found in labelled.items() if _ascending([node.id for node in found])
        }
        keyed: dict[Rel | None, tuple[Edge, ...]] = {None: tuple(by_key.values())} if _ascending(list(by_key)) else {}
        adjacency = {index: tuple(keys) for index, keys in linked.items()}
        return _State(version, by_id, by_key, frozen, adjacency, in_order, keyed)

    def _without_edges(self, keys: Sequence[str]) -> _State:
        """The same state without the edges ``keys`` (unknown keys are ignored)."""
        edges, adjacency = dict(self.edges), dict(self.adjacency)
        unlinked: defaultdict[_AdjacencyKey, set[str]] = defaultdict(set)
        for key in keys:
            edge = edges.pop(key, None)
            if edge is not None:
                unlinked[(edge.source, edge.type, True)].add(key)
                unlinked[(edge.target, edge.type, False)].add(key)
        for index, gone in unlinked.items():
            remaining = tuple(key for key in adjacency.get(index, ()) if key not in gone)
            if remaining:
                adjacency[index] = remaining
            else:
                adjacency.pop(index, None)
        return _State(self.version, self.nodes, edges, self.labels, adjacency)

    def without(self, ids: Iterable[str], version: int) -> _State:
        """A new state without the nodes ``ids`` and every edge touching them."""
        nodes, edges, adjacency = dict(self.nodes), dict(self.edges), dict(self.adjacency)
        unlabelled: defaultdict[Label, set[str]] = defaultdict(set)
        unlinked: defaultdict[_AdjacencyKey, set[str]] = defaultdict(set)
        for node_id in ids:
            node = nodes.pop(node_id, None)
            if node is None:
                continue
            unlabelled[node.label].add(node_id)
            for rel in Rel:
                for outgoing in (True, False):
                    for key in adjacency.pop((node_id, rel, outgoing), ()):
                        edge = edges.pop(key, None)
                        if edge is not None:
                            far = edge.target if outgoing else edge.source
                            unlinked[(far, rel, not outgoing)].add(key)
        for index, gone in unlinked.items():
            if index in adjacency:
                remaining = tuple(key for key in adjacency[index] if key not in gone)
                if remaining:
                    adjacency[index] = remaining
                else:
                    del adjacency[index]
        labels = dict(self.labels)
        for label, gone_ids in unlabelled.items():
            labels[label] = labels[label] - gone_ids
        return _State(version, nodes, edges, labels, adjacency)


_EMPTY: Final = _State(0, {}, {}, {}, {})


def _graph_of(state: _State) -> nx.MultiDiGraph:
    """The frozen networkx view of ``state``, nodes in id order and edges in key order.

    A stable order keeps analyses reproducible: algorithms that break ties by
    iteration order give the same answer for the same data. This is the first
    request's cost for every analysis after a start or a write, so it is built with
    the garbage collector paused (``stratagraph.model.memory``) and sorted on the
    state's own keys, through networkx's public methods (what it costs:
    ``bench/README.md``).
    """
    with paused_gc():
        graph = nx.MultiDiGraph(version=state.version)
        graph.add_nodes_from(
            (node_id, {**node.props, "label": node.label.value})
            for node_id, node in sorted(state.nodes.items(), key=_first)
        )
        add_edge = graph.add_edge  # add_edges_from looks each edge up again through the public views
        for _, edge in sorted(state.edges.items(), key=_first):
            add_edge(edge.source, edge.target, graph_key(edge), **{**edge.props, "type": _REL_VALUES[edge.type]})
        return nx.freeze(graph)


def graph_key(edge: Edge) -> str:
    """The edge's key in a snapshot: ``PART_OF``, or ``PART_OF@2023-04-06`` when dated.

    The date keeps an affiliation that ended and began again as two edges.
    """
    start = edge.valid_from
    rel = _REL_VALUES[edge.type]
    return rel if start is None else f"{rel}@{start}"


# --- checking and encoding records ---------------------------------------------------


def _check_ends(state: _State, nodes: Sequence[Node], edges: Sequence[Edge]) -> None:
    """Refuse a batch with an edge to a node that is neither stored nor in the batch."""
    known = {node.id for node in nodes}
    dangling = [
        (edge, end)
        for edge in edges
        for end in dict.fromkeys((edge.source, edge.target))
        if end not in known and end not in state.nodes
    ]
    if dangling:
        shown = "; ".join(f"edge {edge.key} needs missing node {end}" for edge, end in dangling[:5])
        more = f" (and {len(dangling) - 5} more)" if len(dangling) > 5 else ""
        raise StoreConflictError(f"nothing written: {shown}{more}; write the node in the same batch or first")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Codec:
    """Rows to and from records; remembers citation lists, which repeat across records.

    A loader cites one document for many records, so a batch or a load holds few
    distinct citation lists: encoding or decoding each once saves most of the JSON
    work, and a load shares one tuple of ``Citation`` objects between records.
    """

    def __init__(self) -> None:
        self._encoded: dict[tuple[Citation, ...], str] = {}
        self._decoded: dict[str, tuple[Citation, ...]] = {}

    def node_row(self, node: Node) -> tuple[str, str, str, str]:
        return node.id, node.label.value, _json(node.props), self._sources_json(node.sources)

    def edge_row(self, edge: Edge) -> tuple[str, str, str, str, str, str]:
        props, sources = _json(edge.props), self._sources_json(edge.sources)
        return edge.key, edge.type.value, edge.source, edge.target, props, sources

    def node(self, node_id: str, label: str, props: str, sources: str) -> Node:
        return Node(node_id, _LABELS[label], _props_from(props), self._sources(sources))

    def edge(self, rel: str, source: str, target: str, props: str, sources: str) -> Edge:
        return Edge(_RELS[rel], source, target, _props_from(props), self._sources(sources))

    def _sources_json(self, sources: tuple[Citation, ...]) -> str:
        text = self._encoded.get(sources)
        if text is None:
            text = self._encoded[sources] = _json([citation_json(c) for c in sources])
        return text

    def _sources(self, text: str) -> tuple[Citation, ...]:
        sources = self._decoded.get(text)
        if sources is None:
            sources = self._decoded[text] = tuple(map(citation_from, _loads(text)))
        return sources


def _loads(text: str) -> Any:
    """JSON text to Python: orjson (about 3 times faster on these small objects), else the standard library.

    The standard library's encoder wrote the files and also writes ``NaN`` and
    ``Infinity``, which orjson refuses to read: those rows fall back to ``json``.
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _props_from(text: str) -> dict[str, PropValue]:
    if text == "{}":
        return {}
    loaded: dict[str, Any] = _loads(text)
    return {name: tuple(v) if isinstance(v, list) else v for name, v in loaded.items()}


def _read_state(conn: sqlite3.Connection) -> _State:
    """Everything on disk, read inside the caller's transaction so it is one version.

    The collector is paused meanwhile (``stratagraph.model.memory``): the rows become a
    few million long-lived objects, and collecting while they are made nearly
    doubles the time (``bench/README.md``).
    """
    (version,) = conn.execute("SELECT version FROM meta").fetchone()
    codec = _Codec()
    with paused_gc():
        try:
            nodes = itertools.starmap(codec.node, conn.execute("SELECT id, label, props, sources FROM nodes"))
            rows = conn.execute("SELECT key, type, source, target, props, sources FROM edges")
            edges = ((key, codec.edge(*row)) for key, *row in rows)
            return _State.loaded(int(version), nodes, edges)
        except (ValueError, KeyError, TypeError) as error:  # JSONDecodeError is a ValueError
            raise StoreError(f"unreadable row in the embedded store: {error!r}") from error


def _translate(error: sqlite3.Error, path: Path, doing: str) -> StoreError:
    """The project's error for a sqlite3 error, saying which file and what we were doing."""
    code = getattr(error, "sqlite_errorname", "")
    text = f"embedded store {path}: {doing} failed: {error} ({code or type(error).__name__})"
    if isinstance(error, sqlite3.IntegrityError):
        return StoreConflictError(text)
    if code.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_AUTH")):
        return StoreUnavailableError(text)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"{text}; another process held the write lock for too long")
    return StoreError(text)


# --- the store -----------------------------------------------------------------------


class EmbeddedStore:
    """The zero-set-up ``Store``: networkx-shaped memory over one SQLite file.

    ``path`` is created (with its directory) on ``open()``. ``busy_timeout`` is
    how long a write waits for another process's write to finish. An instance
    belongs to one event loop at a time. See the module docstring for the design.
    """

    name: str = "embedded"

    def __init__(self, path: Path, *, busy_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._writer: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._state: _State | None = None
        self._graph: tuple[_State, nx.MultiDiGraph] | None = None
        self._lock = asyncio.Lock()
        self._graph_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[_State]] = set()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    # lifecycle

    async def open(self) -> None:
        """Create the file and tables if missing and load the graph; idempotent."""
        async with self._lock:
            if self._state is None:
                self._writer, self._reader, self._state = await asyncio.to_thread(self._connect)

    async def close(self) -> None:
        """Wait for a write in flight, checkpoint the WAL into the file, disconnect."""
        async with self._lock:
            writer, reader = self._writer, self._reader
            self._writer = self._reader = self._state = self._graph = None
            if writer is not None and reader is not None:
                await asyncio.to_thread(self._disconnect, writer, reader)

    # writes

    async def write(self, batch: Batch) -> int:
        self._open_state()
        state = await self._exclusive(lambda: self._commit_batch(batch))
        return state.version

    async def delete(self, ids: Sequence[str]) -> int:
        self._open_state()
        wanted = list(dict.fromkeys(ids))
        state = await self._exclusive(lambda: self._commit_delete(wanted))
        return state.version

    # reads

    async def version(self) -> int:
        return (await self._fresh()).version

    async def get(self, ids: Sequence[str]) -> dict[str, Node]:
        nodes = (await self._fresh()).nodes
        return {node_id: nodes[node_id] for node_id in ids if node_id in nodes}

    async def find(self, label: Label, where: Mapping[str, PropValue] | None = None) -> list[Node]:
        ordered = (await self._fresh()).ordered(label)
        if not where:
            return list(ordered)
        wanted = list(where.items())
        found: list[Node] = []
        for node in ordered:
            for name, value in wanted:
                if not _same(node.props.get(name, _ABSENT), value):
                    break
            else:
                found.append(node)
        return found

    async def count(self, label: Label) -> int:
        return len((await self._fresh()).labels.get(label, frozenset()))

    async def neighbours(
        self,
        ids: Sequence[str],
        rel: Rel,
        direction: Direction = Direction.OUT,
        at: str | None = None,
    ) -> list[Edge]:
        state = await self._fresh()
        sides = {Direction.OUT: (True,), Direction.IN: (False,), Direction.BOTH: (True, False)}
        found: dict[str, Edge] = {}
        for node_id in ids:
            for outgoing in sides[direction]:
                for key in state.adjacency.get((node_id, rel, outgoing), ()):
                    found[key] = state.edges[key]
        edges = [edge for edge in found.values() if edge.valid_at(at)]
        edges.sort(key=lambda edge: (edge.source, edge.target, edge.valid_from or ""))
        return edges

    async def edges(self, rel: Rel | None = None) -> list[Edge]:
        return list((await self._fresh()).ordered_edges(rel))

    async def snapshot(self) -> nx.MultiDiGraph:
        """The frozen graph of the current version, built on first request and cached.

        The graph attribute ``version`` says which version it shows. Treat node
        and edge attribute dicts as read-only too: networkx cannot freeze those.
        """
        state = await self._fresh()
        async with self._graph_lock:
            cached = self._graph
            if cached is not None and cached[0] is state:
                return cached[1]
            graph = await asyncio.to_thread(_graph_of, state)
            if self._state is state:
                self._graph = (state, graph)
            return graph

    # internals: the event-loop side

    def _open_state(self) -> _State:
        if self._state is None:
            raise StoreError(f"{self!r} is not open: await store.open() first")
        return self._state

    def _disk_version(self) -> int:
        """The committed version on disk: one tiny ``SELECT``, run on the loop thread."""
        reader = self._reader
        if reader is None:
            raise StoreError(f"{self!r} is not open: await store.open() first")
        try:
            rows = reader.execute("SELECT version FROM meta").fetchall()
        except sqlite3.Error as error:
            raise _translate(error, self.path, "reading the version") from error
        return int(rows[0][0])

    async def _fresh(self) -> _State:
        """The in-memory state, reloaded first if another process has committed since."""
        state = self._open_state()
        if self._disk_version() == state.version:
            return state
        return await self._exclusive(self._reload_if_stale)

    async def _exclusive(self, work: Callable[[], _State]) -> _State:
        """Run ``work`` in a thread under the lock, then swap in the state it returns.

        The locked section is its own task, shielded from the caller's
        cancellation: the lock is held until the thread is done with the
        connection, and a committed state is always swapped in.
        """

        async def locked() -> _State:
            async with self._lock:
                self._open_state()
                state = await asyncio.to_thread(work)
                if state is not self._state:
                    self._state, self._graph = state, None
                return state

        task = asyncio.ensure_future(locked())
        self._tasks.add(task)
        task.add_done_callback(self._forget)
        return await asyncio.shield(task)

    def _forget(self, task: asyncio.Task[_State]) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved, so an abandoned failure is not logged as lost

    # internals: the worker-thread side (always under self._lock)

    def _connect(self) -> tuple[sqlite3.Connection, sqlite3.Connection, _State]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailableError(f"cannot create {self.path.parent}: {error}") from error
        writer = reader = None
        try:
            writer = self._connection()
            mode = writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreUnavailableError(f"{self.path}: the file system refuses WAL ({mode})")
            self._ensure_schema(writer)
            reader = self._connection()
            reader.execute("PRAGMA query_only = ON")
            writer.execute("BEGIN")
            try:
                state = _read_state(writer)
            finally:
                writer.execute("COMMIT")
            return writer, reader, state
        except sqlite3.Error as error:
            self._disconnect_quietly(writer, reader)
            raise _translate(error, self.path, "opening") from error
        except BaseException:
            self._disconnect_quietly(writer, reader)
            raise

    def _connection(self) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; we issue BEGIN ourselves.
        # check_same_thread=False: worker threads vary; self._lock serialises use.
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        """Create the tables in a fresh file; refuse files this code did not make."""
        if conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT:
            return  # the common case opens without a write transaction
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if found == 0 and tables == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {FORMAT}")
            elif found != FORMAT:
                raise StoreError(
                    f"{self.path} is not a stratagraph store of format {FORMAT} "
                    f"(user_version {found}, {tables} schema objects)"
                )
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    def _reload_if_stale(self) -> _State:
        writer = self._require_writer()
        try:
            writer.execute("BEGIN")
            try:
                return self._current(writer)
            finally:
                writer.execute("COMMIT")
        except sqlite3.Error as error:
            raise _translate(error, self.path, "reloading") from error

    def _current(self, conn: sqlite3.Connection) -> _State:
        """The state as on disk: memory if it is that version, else a reload (in a transaction)."""
        state = self._open_state()
        (version,) = conn.execute("SELECT version FROM meta").fetchone()
        return state if version == state.version else _read_state(conn)

    def _commit_batch(self, batch: Batch) -> _State:
        nodes = [check_node(node) for node in batch.nodes]
        edges = [check_edge(edge) for edge in batch.edges]
        retract = list(dict.fromkeys(batch.retract))

        def apply(conn: sqlite3.Connection, state: _State) -> _State:
            # inside BEGIN IMMEDIATE: no other writer, in this process or another, can commit until we do
            if batch.expect_version is not None and state.version != batch.expect_version:
                raise VersionConflictError(batch.expect_version, state.version)
            _check_ends(state, nodes, edges)
            codec = _Codec()
            conn.executemany("DELETE FROM edges WHERE key = ?", [(key,) for key in retract])
            # rows in id and key order (stable: a later duplicate still wins), so a file written by
            # one load reads back in order and the first ``find`` or ``edges`` need not sort
            conn.executemany(_UPSERT_NODE, sorted(map(codec.node_row, nodes), key=_first))
            conn.executemany(_UPSERT_EDGE, sorted(map(codec.edge_row, edges), key=_first))
            return state.with_batch(nodes, edges, state.version + 1, retract)

        return self._transaction(apply, "writing")

    def _commit_delete(self, ids: list[str]) -> _State:
        def apply(conn: sqlite3.Connection, state: _State) -> _State:
            rows = [(node_id,) for node_id in ids]
            conn.executemany("DELETE FROM edges WHERE source = ?", rows)
            conn.executemany("DELETE FROM edges WHERE target = ?", rows)
            conn.executemany("DELETE FROM nodes WHERE id = ?", rows)
            return state.without(ids, state.version + 1)

        return self._transaction(apply, "deleting")

    def _transaction(self, apply: Callable[[sqlite3.Connection, _State], _State], doing: str) -> _State:
        """BEGIN IMMEDIATE, apply, bump the version, build the new state, COMMIT.

        The new state is built before COMMIT, so nothing that can fail happens
        after it; on any failure the transaction is rolled back.
        """
        conn = self._require_writer()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                new = apply(conn, self._current(conn))
                conn.execute("UPDATE meta SET version = ?", (new.version,))
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
        except sqlite3.Error as error:
            raise _translate(error, self.path, doing) from error
        except UnicodeEncodeError as error:
            raise StoreConflictError(f"nothing written: text is not valid Unicode: {error}") from error
        return new

    def _require_writer(self) -> sqlite3.Connection:
        if self._writer is None:
            raise StoreError(f"{self!r} is not open: await store.open() first")
        return self._writer

    def _disconnect(self, writer: sqlite3.Connection, reader: sqlite3.Connection) -> None:
        # Checkpoint so the main file holds everything; SQLite also deletes the
        # -wal file when the last connection to the database closes.
        with contextlib.suppress(sqlite3.Error):
            writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            reader.close()
            writer.close()
        except sqlite3.Error as error:
            raise _translate(error, self.path, "closing") from error

    @staticmethod
    def _disconnect_quietly(*conns: sqlite3.Connection | None) -> None:
        for conn in conns:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _same(stored: object, wanted: object) -> bool:
    """Property equality as Neo4j has it: ``True`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(stored, tuple) and isinstance(wanted, tuple):
        return len(stored) == len(wanted) and all(map(_same, stored, wanted))
    if isinstance(stored, bool) or isinstance(wanted, bool):
        return type(stored) is type(wanted) and stored == wanted
    return stored == wanted
