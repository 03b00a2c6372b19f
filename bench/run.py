"""Speed and scale in one table: every figure beside the fastest reference for the same work.

    python -m bench.run                          # 1k, 10k and 100k tasks (make bench)
    python -m bench.run --sizes 1000 10000       # shorter
    python -m bench.run --quick                  # 1k and 10k, one load run per figure
    python -m bench.run --only export --sizes 10000 100000   # the RDF export rows alone

For each size a synthetic graph (``bench.synthetic``, seed 0) is measured as
a user meets it, each figure printed beside its reference and the ratio:

* **load**: ``store.write`` of the whole batch into a fresh embedded store file
  (tasks per second), beside the same rows JSON-encoded and inserted with bare
  ``sqlite3`` in one transaction with the store's pragmas (the disk's limit);
* **start-up**: ``stratagraph serve --data-dir ...`` (real uvicorn, a
  subprocess on a free loopback port) from spawn until ``/healthz`` answers, and
  until each of the five canonical queries has been answered once ("served");
  beside the reference server (``bench._reference_server``: Starlette under the
  same uvicorn, reading the same file into a bare networkx graph);
* **five canonical GraphQL queries over HTTP** (an agency with its led tasks,
  their deadlines and indicators; tasks due before a date, first 100; a task's
  accountability chain; a delay impact; a search): requests per second with
  concurrent keep-alive clients, p50 and p99 latency, beside the reference
  server answering the same requests with the exact response bytes, precomputed
  (the HTTP limit). Each query is run as clients repeat it and again with
  ``Cache-Control: no-cache`` (the server computes every answer). Both servers
  run side by side and are measured in turn, the best of ``--rounds`` runs kept
  (the machine may be shared); a query too slow for concurrent clients to do
  anything but queue up is measured with one client;
* **analysis**: the accountability chain and the delay impact, in process, both
  through the query layer (``queries/``: the analysis itself, which the 1.5x
  target is about) and through the GraphQL schema (plus resolving and
  serialising the entities of the answer), beside the bare networkx code
  computing the same answer on the same graph (the analysis limit);
* **RDF export**: the whole graph from the store to N-Triples and Turtle
  (triples per second), beside pyoxigraph serialising the same triples from a
  prebuilt list (the export limit);
* **peak memory**: the server's peak RSS (``VmHWM``) after all of the above,
  beside the reference server's.

**ratio** is always how many times the reference's cost ours is: time over
time, the reference's rate over ours, memory over memory; 1.00× is the limit,
lower is better. **target** is the issue's goal for that row, when it has one.
The table is printed and written to ``bench/results/latest.txt``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

import networkx as nx
from pyoxigraph import RdfFormat, Triple, serialize

from bench._loadgen import LoadResult, Request, generator_name, run_load
from bench._server import HEADERS, NO_CACHE, Server, free_port, our_server, peak_rss
from bench.export import Sink
from bench.synthetic import generate
from stratagraph.graph.citations import citation_json
from stratagraph.graph.embedded import _SCHEMA, EmbeddedStore
from stratagraph.model.records import Batch, Citation, Rel
from stratagraph.model.text import fold

AS_OF = "2025-06-30"
DUE_BEFORE = "2025-01-01"
DELAY_DAYS = 90
BASE = "http://127.0.0.1:8000/"
RESULTS = Path(__file__).parent / "results" / "latest.txt"
GIB = 1024**3

# --- the table ---------------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    measure: str
    figure: str
    reference: str
    ratio: float | None
    target: str = ""
    met: bool | None = None


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  {_format_row(row)}", flush=True)

    def render(self, header: str) -> str:
        lines = [header, "", _format_header(), "-" * len(_format_header())]
        previous = None
        for row in self.rows:
            if previous is not None and row.size != previous:
                lines.append("")
            lines.append(_format_row(row))
            previous = row.size
        return "\n".join(lines) + "\n"


_WIDTHS = (7, 50, 32, 40, 8, 10)


def _format_header() -> str:
    names = ("tasks", "measure", "figure", "reference", "ratio", "target")
    return "  ".join(
        n.rjust(w) if i in (0, 4) else n.ljust(w) for i, (n, w) in enumerate(zip(names, _WIDTHS, strict=True))
    )


def _format_row(row: Row) -> str:
    ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
    target = row.target + ("" if row.met is None else " ok" if row.met else " MISS")
    cells = (f"{row.size:,}", row.measure, row.figure, row.reference, ratio, target)
    return "  ".join(
        c.rjust(w) if i in (0, 4) else c.ljust(w) for i, (c, w) in enumerate(zip(cells, _WIDTHS, strict=True))
    )


def _rate(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}"


def _http_cell(result: LoadResult) -> str:
    fails = f" !{result.failures} failed" if result.failures else ""
    one = " (1 client: slow)" if result.connections == 1 else ""
    rate = f"{result.rate:,.0f}" if result.rate >= 10 else f"{result.rate:.2f}"
    return f"{rate}/s p50 {_ms(result.p50_ms)} p99 {_ms(result.p99_ms)} ms{one}{fails}"


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 1000 else f"{value:,.0f}"


# --- the canonical queries ---------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    key: str
    title: str
    document: str

    @property
    def body(self) -> bytes:
        return json.dumps({"query": self.document}).encode()


@dataclass(frozen=True)
class Picks:
    agency: str
    accountable_task: str
    delayed_task: str
    search_text: str


def pick(batch: Batch, seed: int) -> Picks:
    """Where the answers are large: the busiest lead, the deepest chain, the widest delay, a name typed plainly."""
    leads = Counter(e.source for e in batch.edges if e.type is Rel.LEADS)
    agency = min(leads, key=lambda a: (-leads[a], a))
    parents: defaultdict[str, list[str]] = defaultdict(list)
    for e in batch.edges:
        if e.type in (Rel.PART_OF, Rel.GOVERNED_BY) and e.valid_at(AS_OF):
            parents[e.source].append(e.target)
    depths: dict[str, int] = {}

    def depth(a: str, seen: frozenset[str] = frozenset()) -> int:
        if a not in depths:
            depths[a] = 1 + max((depth(p, seen | {a}) for p in parents[a] if p not in seen), default=0)
        return depths[a]

    lead_of = {e.target: e.source for e in batch.edges if e.type is Rel.LEADS}
    accountable = min(lead_of, key=lambda t: (-depth(lead_of[t]), t))
    order = nx.DiGraph((e.target, e.source) for e in batch.edges if e.type is Rel.DEPENDS_ON)
    rng = random.Random(seed)
    sources = sorted(t for t in order if order.out_degree(t))
    sample = rng.sample(sources, min(300, len(sources)))
    delayed = max(sample, key=lambda t: (len(nx.descendants(order, t)), t))
    names = {n.id: str(n.get("nameVi", "")) for n in batch.nodes}
    return Picks(agency, accountable, delayed, fold(names[agency]))


def canonical_queries(p: Picks) -> list[Query]:
    return [
        Query(
            "Q1",
            "agency, led tasks, deadlines, indicators",
            f'query AgencyTasks {{ agency(id: "{p.agency}") {{ id name tasks(role: LEAD, '
            "orderBy: {field: DEADLINE}, first: 20) { totalCount edges { node { id name status "
            "deadline { text due } indicators { id name } } } } } }",
        ),
        Query(
            "Q2",
            f"tasks due before {DUE_BEFORE[:4]}, first 100",
            f'query DueBefore {{ tasks(filter: {{deadlineBefore: "{DUE_BEFORE}", asOf: "{AS_OF}"}}, '
            "orderBy: {field: DEADLINE}, first: 100) { totalCount edges { node { id name deadline { text due } } } } }",
        ),
        Query(
            "Q3",
            "a task's accountability chain",
            f'query Accountability {{ task(id: "{p.accountable_task}") {{ id name accountability(asOf: "{AS_OF}") {{ '
            "leads { id name } chain { id name type } ministry { id name } government { id name } "
            "steps { relation validFrom validTo agency { id } parent { id } } } } }",
        ),
        Query(
            "Q4",
            f"a delay impact ({DELAY_DAYS} days)",
            f'query DelayImpact {{ task(id: "{p.delayed_task}") {{ id name delayImpact(days: {DELAY_DAYS}) {{ days '
            "moved(first: 1000) { task { id } delay before after } "
            "missedDeadlines(first: 1000) { task { id } daysLate } targets { year daysLate } } } }",
        ),
        Query(
            "Q5",
            f'search "{p.search_text[:16]}…"',
            f'query Search {{ search(text: "{p.search_text}", first: 20) {{ score matched '
            "node { __typename id ... on Agency { name } ... on Task { name } } } }",
        ),
    ]


def best_of(server: Server, request: Request, rounds: int, connections: int, duration: float, slow: bool) -> LoadResult:
    """The best of ``rounds`` load runs (the machine is shared: the best run is the least disturbed one).

    A query too slow for concurrent clients to do anything but queue up is run
    by one client, three requests at most. The server is left idle after each run.
    """
    results: list[LoadResult] = []
    for _ in range(rounds):
        if slow:
            results.append(
                run_load(server.port, request, connections=1, duration=duration, max_requests=3, python=True)
            )
        else:
            results.append(run_load(server.port, request, connections=connections, duration=duration))
        server.drain()
    return max(results, key=lambda r: r.rate)


def reference_server(db: Path, answers: dict[bytes, bytes], port: int, directory: Path) -> Server:
    file = directory / "answers.json"
    file.write_text(json.dumps({k.decode(): base64.b64encode(v).decode() for k, v in answers.items()}))
    command = [sys.executable, "-m", "bench._reference_server", "--port", str(port), "--db", str(db)]
    return Server([*command, "--responses", str(file)], port, directory / "reference.log")


# --- load --------------------------------------------------------------------------------------


async def load_store(batch: Batch, path: Path) -> float:
    store = EmbeddedStore(path)
    await store.open()
    try:
        started = time.perf_counter()
        await store.write(batch)
        return time.perf_counter() - started
    finally:
        await store.close()


def bare_load(batch: Batch, path: Path) -> float:
    """The same rows into the same tables with bare sqlite3: one transaction, the store's pragmas."""

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    cited: dict[tuple[Citation, ...], str] = {}

    def sources(cites: tuple[Citation, ...]) -> str:
        text = cited.get(cites)
        if text is None:
            text = cited[cites] = dumps([citation_json(c) for c in cites])
        return text

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO nodes VALUES (?, ?, ?, ?)",
        ((n.id, n.label.value, dumps(n.props), sources(n.sources)) for n in batch.nodes),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?, ?, ?)",
        ((e.key, e.type.value, e.source, e.target, dumps(e.props), sources(e.sources)) for e in batch.edges),
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


# --- analysis in process -----------------------------------------------------------------------


def _median_ms(call: Callable[[], object], budget: float = 1.0, at_most: int = 200) -> float:
    samples: list[float] = []
    end = time.perf_counter() + budget
    while len(samples) < 3 or (time.perf_counter() < end and len(samples) < at_most):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


async def _median_ms_async(call: Callable[[], Awaitable[object]], budget: float = 1.0, at_most: int = 200) -> float:
    samples: list[float] = []
    end = time.perf_counter() + budget
    while len(samples) < 3 or (time.perf_counter() < end and len(samples) < at_most):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def bare_accountability(snapshot: nx.MultiDiGraph, task: str, day: str) -> list[tuple[str, str, str]]:
    """The chain above a task's lead, breadth first, from the snapshot with networkx alone."""

    def valid(data: dict[str, Any]) -> bool:
        return str(data.get("validFrom") or "") <= day and (not data.get("validTo") or day <= str(data["validTo"]))

    leads = [u for u, _, d in snapshot.in_edges(task, data=True) if d["type"] == "LEADS" and valid(d)]
    steps: list[tuple[str, str, str]] = []
    seen, frontier = set(leads), list(leads)
    while frontier:
        following: list[str] = []
        for agency in frontier:
            for _, parent, d in snapshot.out_edges(agency, data=True):
                if d["type"] in ("PART_OF", "GOVERNED_BY") and valid(d):
                    steps.append((agency, parent, d["type"]))
                    if parent not in seen:
                        seen.add(parent)
                        following.append(parent)
        frontier = following
    return steps


def bare_delay(order: nx.DiGraph, early: dict[str, tuple[int, int]], release: dict[str, int], task: str) -> dict:
    """The tasks a slip moves: descendants in topological order, each after its latest predecessor."""
    duration = {v: f - s for v, (s, f) in early.items()}
    reach = nx.descendants(order, task)
    moved = {task: early[task][1] + DELAY_DAYS}
    for v in nx.topological_sort(order.subgraph(reach)):
        start = max([release[v], *(moved.get(p, early[p][1]) for p in order.predecessors(v))])
        if start + duration[v] != early[v][1]:
            moved[v] = start + duration[v]
    return moved


async def analysis_rows(size: int, path: Path, picks: Picks, queries: list[Query], table: Table) -> None:
    from stratagraph.graph.derived import Derived
    from stratagraph.queries.accountability import accountability
    from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
    from stratagraph.queries.delay import delay_impact
    from stratagraph.schema import build_schema
    from stratagraph.schema.context import Context

    store = EmbeddedStore(path)
    await store.open()
    try:
        derived = Derived(store)
        graph = await derived.get(ANALYSIS_GRAPH)
        snapshot = graph.snapshot
        schema = build_schema()

        async def execute(document: str) -> None:
            result = await schema.execute(document, context_value=Context(store, derived))
            if result.errors:
                raise RuntimeError(result.errors)

        day = date.fromisoformat(AS_OF)
        by_key = {q.key: q for q in queries}
        schedule = graph.schedule
        early = {t: (s, f) for t, (s, f) in schedule.early.items()}
        release = dict(schedule.release)
        cases: list[tuple[str, Callable[[], Awaitable[object]], str, Callable[[], object], str]] = [
            (
                "Q3 accountability chain",
                lambda: accountability(store, picks.accountable_task, day),
                by_key["Q3"].document,
                lambda: bare_accountability(snapshot, picks.accountable_task, AS_OF),
                "networkx BFS on snapshot",
            ),
            (
                f"Q4 delay impact ({DELAY_DAYS} d)",
                _sync(lambda: delay_impact(graph, picks.delayed_task, DELAY_DAYS)),
                by_key["Q4"].document,
                lambda: bare_delay(graph.order, early, release, picks.delayed_task),
                "descendants+topological pass",
            ),
        ]
        for name, direct, document, bare, bare_name in cases:
            await execute(document)  # warm: fills what is remembered per version
            bare_ms = _median_ms(bare)
            direct_ms = await _median_ms_async(direct)
            graphql_ms = await _median_ms_async(lambda d=document: execute(d))  # type: ignore[misc]
            reference = f"{bare_ms:.3f} ms {bare_name}"
            ratio = direct_ms / bare_ms
            table.add(Row(size, f"{name}, query layer", f"{direct_ms:.3f} ms", reference, ratio, "≤1.5×", ratio <= 1.5))
            table.add(Row(size, f"{name}, via GraphQL", f"{graphql_ms:.3f} ms", reference, graphql_ms / bare_ms))
    finally:
        await store.close()


def _sync(call: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    async def run() -> object:
        return call()

    return run


# --- export ------------------------------------------------------------------------------------


async def export_rows(size: int, path: Path, table: Table, rounds: int) -> None:
    """Our whole-graph export (store -> records -> triples -> bytes) beside pyoxigraph on the same triples.

    Each round times ours, then pyoxigraph, per format, and the best of ``rounds`` is kept for each (the
    machine may be shared). Ours is a first export each time (the store opened again; the writer remembers
    what it wrote only within one export), with the collector settled as the server and the CLI settle it
    once the store is open.
    """
    from stratagraph.model.memory import settle_heap
    from stratagraph.ontology.export import whole_graph
    from stratagraph.ontology.formats import FORMATS, Format, write
    from stratagraph.ontology.jsonld import CONTEXT, PREFIXES

    formats = (Format.NTRIPLES, Format.TURTLE)
    ours: dict[Format, float] = dict.fromkeys(formats, float("inf"))
    direct: dict[Format, float] = dict.fromkeys(formats, float("inf"))
    thresholds = gc.get_threshold()
    prebuilt: list[Triple] = []
    for _ in range(rounds):
        for fmt in formats:
            store = EmbeddedStore(path)
            await store.open()
            try:
                gc.collect()
                settle_heap()  # as the server and `stratagraph export` run it, once the store is open
                started = time.perf_counter()
                selection = await whole_graph(store)
                write(selection.rdf(BASE), fmt, cast(IO[bytes], Sink()), context=CONTEXT)
                ours[fmt] = min(ours[fmt], time.perf_counter() - started)
                if not prebuilt:
                    prebuilt = list(selection.triples(BASE))
                del selection  # freed before pyoxigraph is timed, not during it
            finally:
                await store.close()
                gc.unfreeze()  # the rest of this process measures other things, with the collector as it was
                gc.set_threshold(*thresholds)
            gc.collect()
            started = time.perf_counter()
            serialize(
                prebuilt, cast(IO[bytes], Sink()), FORMATS[fmt].oxigraph or RdfFormat.N_TRIPLES, prefixes=dict(PREFIXES)
            )
            direct[fmt] = min(direct[fmt], time.perf_counter() - started)
    count = len(prebuilt)
    for fmt in formats:
        ratio = ours[fmt] / direct[fmt]
        table.add(
            Row(
                size,
                f"RDF export, {fmt.name.replace('NTRIPLES', 'N-Triples').title()} ({count:,} triples)",
                _rate(count / ours[fmt], "triples/s"),
                _rate(count / direct[fmt], "triples/s") + " pyoxigraph",
                ratio,
                "≤3×",
                ratio <= 3,
            )
        )


# --- one size ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MixedResult:
    rate: float
    p50: float
    p99: float
    errors: int
    worst_kind: str
    worst_p99: float


def mixed_load(server: Server, clients: int, duration: float, seed: int) -> MixedResult:
    """``bench.mixed``'s GraphQL kinds against ``server``: every request distinct, so every answer computed."""
    from bench.mixed import GRAPHQL_KINDS, percentiles_ms, read_graph, run_mix

    graph = read_graph(server)
    started = time.perf_counter()
    tally = asyncio.run(run_mix(server.port, graph, clients, duration, seed, GRAPHQL_KINDS))
    took = time.perf_counter() - started
    server.drain()
    every = [s for seconds in tally.latencies.values() for s in seconds]
    p50, p99, _ = percentiles_ms(every)
    worst = max(tally.latencies, key=lambda kind: percentiles_ms(tally.latencies[kind])[1])
    return MixedResult(
        len(every) / took, p50, p99, sum(tally.errors.values()), worst, percentiles_ms(tally.latencies[worst])[1]
    )


def export_only(size: int, seed: int, rounds: int, directory: Path, table: Table) -> None:
    """The export rows alone (``--only export``): the same store, loaded the same way, without the servers."""
    work = directory / f"tasks-{size}"
    work.mkdir()
    db = work / "stratagraph.sqlite3"
    asyncio.run(load_store(generate(size, seed), db))
    gc.collect()
    asyncio.run(export_rows(size, db, table, rounds))


def bench_size(
    size: int,
    seed: int,
    duration: float,
    rounds: int,
    connections: int,
    directory: Path,
    table: Table,
    mixed_clients: int = 50,
    mixed_duration: float = 10.0,
) -> None:
    work = directory / f"tasks-{size}"
    work.mkdir()
    started = time.perf_counter()
    batch = generate(size, seed)
    print(
        f"\n{size:,} tasks: {len(batch.nodes):,} nodes, {len(batch.edges):,} edges "
        f"(generated in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    db = work / "stratagraph.sqlite3"
    written = asyncio.run(load_store(batch, db))
    bare = bare_load(batch, work / "bare.sqlite3")
    table.add(
        Row(
            size,
            "load into the embedded store",
            _rate(size / written, "tasks/s"),
            _rate(size / bare, "tasks/s") + " bare sqlite3",
            written / bare,
        )
    )
    picks = pick(batch, seed)
    queries = canonical_queries(picks)
    del batch
    gc.collect()

    # our server, alone while it starts; then the reference beside it, idle while the other is measured
    server = our_server(work, free_port(), work / "server.log")
    answers: dict[bytes, bytes] = {}
    try:
        healthy = server.wait_healthy()
        for query in queries:
            answers[query.body] = server.ask(query.key, query.body)
        served = time.perf_counter() - server.started
        warm: dict[str, float] = {}
        for query in queries:  # one more answer each, computed (no-cache): is the query fast enough to load?
            asked = time.perf_counter()
            server.ask(query.key, query.body, fresh=True)
            warm[query.key] = time.perf_counter() - asked
        reference = reference_server(work / "stratagraph.sqlite3", answers, free_port(), work)
        try:
            ref_healthy = reference.wait_healthy()
            for query in queries:
                reference.ask(query.key, query.body)
            ref_served = time.perf_counter() - reference.started
            ours: dict[tuple[str, bool], LoadResult] = {}
            refs: dict[str, LoadResult] = {}
            for query in queries:
                slow = warm[query.key] > duration / 8  # so slow that concurrent clients would only queue up
                for fresh in (False, True):
                    request = Request("POST", "/graphql", query.body, NO_CACHE if fresh else HEADERS)
                    ours[(query.key, fresh)] = best_of(server, request, rounds, connections, duration, slow)
                request = Request("POST", "/graphql", query.body, HEADERS)
                refs[query.key] = best_of(reference, request, rounds, connections, duration, False)
            mixed = mixed_load(server, mixed_clients, mixed_duration, seed)
            our_peak = peak_rss(server.process.pid)
            ref_peak = peak_rss(reference.process.pid)
        finally:
            reference.stop()
    finally:
        server.stop()

    ref_name = "Starlette+networkx"
    table.add(
        Row(
            size,
            "start-up until /healthz answers",
            f"{healthy:.2f} s",
            f"{ref_healthy:.2f} s {ref_name}",
            healthy / ref_healthy,
        )
    )
    table.add(
        Row(
            size,
            "served: all five queries answered once",
            f"{served:.2f} s",
            f"{ref_served:.2f} s {ref_name}",
            served / ref_served,
            "≤10 s" if size >= 100_000 else "",
            served <= 10 if size >= 100_000 else None,
        )
    )
    for query in queries:
        ref = refs[query.key]
        for fresh in (False, True):
            result = ours[(query.key, fresh)]
            first = query.key == "Q1" and not fresh and size == 10_000
            ratio = ref.rate / result.rate if result.rate else float("inf")
            table.add(
                Row(
                    size,
                    f"{query.key} {query.title}" + (", no-cache" if fresh else ""),
                    _http_cell(result),
                    _http_cell(ref),
                    ratio,
                    "≤2×" if first else "",
                    ratio <= 2 if first else None,
                )
            )
    limit = max(refs.values(), key=lambda r: r.rate)
    table.add(
        Row(
            size,
            f"mixed distinct queries, {mixed_clients} clients, {mixed.errors} errors",
            f"{mixed.rate:,.0f}/s p50 {mixed.p50:.1f} p99 {mixed.p99:.1f} ms",
            _http_cell(limit),
            limit.rate / mixed.rate if mixed.rate else float("inf"),
        )
    )
    table.add(
        Row(
            size,
            f"mixed: slowest kind's p99 ({mixed.worst_kind})",
            f"{mixed.worst_p99:.1f} ms",
            "",
            None,
            "<250 ms",
            mixed.worst_p99 < 250,
        )
    )
    asyncio.run(analysis_rows(size, db, picks, queries, table))
    asyncio.run(export_rows(size, db, table, rounds))
    big = size >= 100_000
    table.add(
        Row(
            size,
            "peak memory (server RSS)",
            f"{our_peak / 2**20:,.0f} MiB",
            f"{ref_peak / 2**20:,.0f} MiB {ref_name}",
            our_peak / ref_peak,
            "<2 GiB" if big else "",
            our_peak < 2 * GIB if big else None,
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="task counts (default 1000 10000 100000)")
    parser.add_argument("--quick", action="store_true", help="1k and 10k tasks, one load run per figure")
    parser.add_argument("--duration", type=float, default=None, help="seconds per HTTP load run (default 2)")
    parser.add_argument("--rounds", type=int, default=None, help="load runs per figure, the best kept (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive clients (default 16)")
    parser.add_argument("--mixed-clients", type=int, default=50, help="clients of the mixed workload (default 50)")
    parser.add_argument(
        "--mixed-duration", type=float, default=None, help="seconds of the mixed workload (default 10; --quick 5)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["export"], help="only these rows (export: the RDF export rows)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"also write the table here ({RESULTS})")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1000, 10_000] if args.quick else [1000, 10_000, 100_000])
    duration = args.duration or 2.0
    rounds = args.rounds or (1 if args.quick else 2)
    table = Table()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stratagraph-bench-") as directory:
        for size in sizes:
            if args.only == "export":
                export_only(size, args.seed, rounds, Path(directory), table)
            else:
                bench_size(
                    size,
                    args.seed,
                    duration,
                    rounds,
                    args.connections,
                    Path(directory),
                    table,
                    args.mixed_clients,
                    args.mixed_duration or (5.0 if args.quick else 10.0),
                )
    header = (
        f"stratagraph bench.run — {date.today()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"load generator: {generator_name()}, {args.connections} connections, "
        f"{f'best of {rounds} runs' if rounds > 1 else 'one run'} of {duration:g} s per figure, "
        f"total {time.perf_counter() - started:.0f} s\n"
        "ratio = our cost / the reference's (time, 1/rate or memory): 1.00× is the limit, lower is better.\n"
        "references: load = bare sqlite3 inserts of the same rows; start-up, HTTP and memory = Starlette under the "
        "same uvicorn\nserving the precomputed response bytes, holding the graph in bare networkx; analysis = bare "
        "networkx on the same graph;\nexport = pyoxigraph serialising the same triples from a list."
    )
    text = Table(table.rows).render(header)
    print("\n" + text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
