"""A mixed workload of distinct requests, as a published service meets it: errors and latency per kind.

    python -m bench.mixed                             # bundled dataset, 50 clients, 60 s
    python -m bench.mixed --tasks 10000 --duration 60 # a 10k-task synthetic graph (seed 0)
    python -m bench.mixed --clients 16 --duration 10  # shorter

Every request is drawn at random (seeded) from the kinds below, with its own
agency, task, date, filter, delay, search word, format or SPARQL query, so
answers are computed rather than remembered (the response cache only helps a
request repeated byte for byte): GraphQL as in the benchmark's five canonical
queries (an agency's led tasks, tasks due before a date, an accountability chain,
a delay impact, a search typed without diacritics), the whole graph at ``/rdf`` in
a random format (accepting gzip), an entity's IRI as RDF or HTML, and a SPARQL SELECT. Each client
is one keep-alive connection sending its next request when the last is answered.

A request is an error when its answer is not a 200, or a GraphQL answer carries
``errors``. The table gives, per kind, the requests, errors, p50, p99 and the
slowest; the server is ours, started as ``stratagraph serve`` on a free loopback port.
The same load runs first for ``--warmup`` seconds, not counted: a server builds its
indexes and starts its SPARQL workers once per data version (at 10k tasks each worker
loads 1.2M triples), which is start-up, not the steady state measured here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from bench._server import HEADERS, Server, free_port, our_server
from bench.synthetic import generate
from stratagraph.model.records import Batch, Label
from stratagraph.model.text import fold

RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
SG = "https://w3id.org/stratagraph/ontology#"


@dataclass(frozen=True)
class Call:
    """One request to send: its kind (for the table), method, path, headers and body."""

    kind: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    graphql: bool = False

    def encoded(self, port: int) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


@dataclass
class Graph:
    """Ids and words to draw requests from, read from the server under test through its own API."""

    agencies: list[str]
    tasks: list[str]
    words: list[str]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: dict[str, str] = field(default_factory=dict)


def _graphql(kind: str, document: str) -> Call:
    return Call(kind, "POST", "/graphql", HEADERS, json.dumps({"query": document}).encode(), graphql=True)


def _day(rng: random.Random) -> str:
    return f"{rng.randint(2023, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def agency_tasks(rng: random.Random, g: Graph) -> Call:
    role = rng.choice(("LEAD", "SUPPORT"))
    return _graphql(
        "gql agency's tasks",
        f'{{ agency(id: "{rng.choice(g.agencies)}") {{ id name tasks(role: {role}, orderBy: {{field: DEADLINE}}, '
        f"first: {rng.randint(5, 40)}) {{ totalCount edges {{ node {{ id name status deadline {{ text due }} "
        "indicators { id name } } } } } }",
    )


def tasks_due(rng: random.Random, g: Graph) -> Call:
    return _graphql(
        "gql tasks due before",
        f'{{ tasks(filter: {{deadlineBefore: "{_day(rng)}", asOf: "{_day(rng)}"}}, orderBy: {{field: DEADLINE}}, '
        f"first: {rng.randint(10, 100)}) {{ totalCount edges {{ node {{ id name deadline {{ text due }} }} }} }} }}",
    )


def accountability(rng: random.Random, g: Graph) -> Call:
    return _graphql(
        "gql accountability",
        f'{{ task(id: "{rng.choice(g.tasks)}") {{ id name accountability(asOf: "{_day(rng)}") {{ '
        "leads { id name } chain { id name type } ministry { id name } government { id name } } } }",
    )


def delay(rng: random.Random, g: Graph) -> Call:
    return _graphql(
        "gql delay impact",
        f'{{ task(id: "{rng.choice(g.tasks)}") {{ id delayImpact(days: {rng.randint(1, 365)}) {{ days '
        "moved(first: 200) { task { id } delay } missedDeadlines(first: 200) { task { id } daysLate } "
        "targets { year daysLate } } } }",
    )


def search(rng: random.Random, g: Graph) -> Call:
    words = " ".join(rng.sample(g.words, rng.randint(1, 2)))
    return _graphql(
        "gql search",
        f'{{ search(text: "{words}", first: {rng.randint(5, 20)}) {{ score node {{ __typename id }} }} }}',
    )


def whole_graph(rng: random.Random, g: Graph) -> Call:
    """Accepting gzip, as browsers, curl ``--compressed``, httpx and requests do."""
    return Call("rdf whole graph", "GET", "/rdf", (("Accept", rng.choice(RDF_TYPES)), ("Accept-Encoding", "gzip")))


def entity(rng: random.Random, g: Graph) -> Call:
    node = rng.choice(g.tasks + g.agencies)
    accept = rng.choice(("text/turtle", "application/ld+json", "text/html"))
    return Call("entity IRI", "GET", f"/id/{node}", (("Accept", accept),))


def sparql(rng: random.Random, g: Graph) -> Call:
    agency = rng.choice(g.agencies)
    query = (
        f"PREFIX sg: <{SG}> SELECT ?task ?name WHERE {{ ?a sg:leads ?task . ?task sg:nameVi ?name . "
        f'FILTER(STRENDS(STR(?a), "{agency.split("/", 1)[1]}")) }} LIMIT {rng.randint(5, 50)}'
    )
    accept = rng.choice(("application/sparql-results+json", "text/csv"))
    return Call("sparql select", "GET", f"/sparql?query={quote(query)}", (("Accept", accept),))


KINDS: tuple[tuple[Callable[[random.Random, Graph], Call], int], ...] = (
    (agency_tasks, 3),
    (tasks_due, 2),
    (accountability, 3),
    (delay, 2),
    (search, 3),
    (whole_graph, 1),
    (entity, 2),
    (sparql, 1),
)
"""Each kind of request and its weight in the mix."""

GRAPHQL_KINDS = tuple(
    (kind, weight) for kind, weight in KINDS if kind in (agency_tasks, tasks_due, accountability, delay, search)
)
"""The GraphQL kinds only: the canonical queries' shapes, each request distinct (``make bench``'s mixed row)."""


def read_graph(server: Server, most_tasks: int = 2000) -> Graph:
    """Agencies, up to ``most_tasks`` tasks and the words of their names, paged through ``/graphql``."""

    def pages(field_name: str, most: int) -> list[dict[str, str]]:
        found: list[dict[str, str]] = []
        after = None
        while len(found) < most:
            cursor = f', after: "{after}"' if after else ""
            document = (
                f"{{ {field_name}(first: 100{cursor}) {{ edges {{ node {{ id name }} }} "
                "pageInfo { endCursor hasNextPage } } }"
            )
            page = json.loads(server.ask(field_name, json.dumps({"query": document}).encode()))["data"][field_name]
            found += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        return found

    agencies, tasks = pages("agencies", 10_000), pages("tasks", most_tasks)
    return _graph([(a["id"], a["name"]) for a in agencies], [(t["id"], t["name"]) for t in tasks])


def graph_of(batch: Batch, most_tasks: int = 2000) -> Graph:
    """What ``read_graph`` reads from a server, taken from the batch it was loaded with (for in-process runs)."""
    agencies = [(n.id, str(n.get("nameVi", ""))) for n in batch.nodes if n.label is Label.AGENCY]
    tasks = [(n.id, str(n.get("nameVi", ""))) for n in batch.nodes if n.label is Label.TASK][:most_tasks]
    return _graph(agencies, tasks)


def _graph(agencies: list[tuple[str, str]], tasks: list[tuple[str, str]]) -> Graph:
    """Agencies and tasks as (id, name), and the words of their names."""
    words = sorted({w for _, name in agencies + tasks for w in fold(name).split() if len(w) >= 4 and w.isalpha()})
    return Graph([a for a, _ in agencies], [t for t, _ in tasks], words)


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return status, bytes(body)
            body += chunk[:-2]
    return status, await reader.readexactly(int(headers.get(b"content-length", b"0")))


async def run_mix(
    port: int,
    graph: Graph,
    clients: int,
    duration: float,
    seed: int,
    mix: tuple[tuple[Callable[[random.Random, Graph], Call], int], ...] = KINDS,
) -> Tally:
    tally = Tally()
    kinds = [kind for kind, _ in mix]
    weights = [weight for _, weight in mix]
    deadline = time.perf_counter() + duration

    async def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 26)
        try:
            while time.perf_counter() < deadline:
                call = rng.choices(kinds, weights)[0](rng, graph)
                sent = time.perf_counter()
                writer.write(call.encoded(port))
                status, body = await _read_answer(reader)
                tally.latencies[call.kind].append(time.perf_counter() - sent)
                failed = status != 200 or (call.graphql and b'"errors"' in body and "errors" in json.loads(body))
                if failed:
                    tally.errors[call.kind] += 1
                    tally.samples.setdefault(call.kind, f"{status} {body[:300]!r} for {call.body[:200]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(client(number) for number in range(clients)))
    return tally


def report(tally: Tally, title: str) -> str:
    lines = [title, f"{'kind':<22} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"]
    every: list[float] = []
    for kind in sorted(tally.latencies):
        seconds = tally.latencies[kind]
        every += seconds
        lines.append(_line(kind, seconds, tally.errors[kind]))
    lines.append(_line("all", every, sum(tally.errors.values())))
    lines += [f"first error of {kind}: {sample}" for kind, sample in sorted(tally.samples.items())]
    return "\n".join(lines)


def _line(kind: str, seconds: list[float], errors: int) -> str:
    p50, p99, slowest = percentiles_ms(seconds)
    return f"{kind:<22} {len(seconds):>9,} {errors:>7} {p50:>8.1f} {p99:>8.1f} {slowest:>8.1f}"


def percentiles_ms(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p99 and the slowest of ``seconds``, in milliseconds."""
    cuts = statistics.quantiles(seconds, n=100, method="inclusive") if len(seconds) > 1 else seconds * 99
    return cuts[49] * 1000, cuts[98] * 1000, max(seconds) * 1000


async def _fill(path: Path, tasks: int, seed: int) -> None:
    from stratagraph.graph.embedded import EmbeddedStore

    store = EmbeddedStore(path)
    await store.open()
    try:
        await store.write(generate(tasks, seed))
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mixed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=0, help="a synthetic graph of this many tasks (0: bundled)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent keep-alive clients (default 50)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve --workers; default 1)")
    parser.add_argument(
        "--warmup", type=float, default=20.0, help="seconds of the same load first, not counted (default 20)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratagraph-mixed-") as directory:
        work = Path(directory)
        if args.tasks:
            asyncio.run(_fill(work / "stratagraph.sqlite3", args.tasks, args.seed))
        server = our_server(work, free_port(), work / "server.log", {"STRATAGRAPH_WORKERS": str(args.workers)})
        try:
            server.wait_healthy()
            graph = read_graph(server)
            with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=300) as warm:
                for media_type in RDF_TYPES:  # the first request of a version builds its file
                    warm.get("/rdf", headers={"Accept": media_type})
            if args.warmup:  # every process builds its indexes and starts its SPARQL workers once
                asyncio.run(run_mix(server.port, graph, args.clients, args.warmup, args.seed + 1))
            tally = asyncio.run(run_mix(server.port, graph, args.clients, args.duration, args.seed))
        finally:
            server.stop()
    size = f"{args.tasks:,} synthetic tasks" if args.tasks else "the bundled dataset"
    processes = f", {args.workers} server processes" if args.workers > 1 else ""
    title = (
        f"bench.mixed: {size}{processes}, {args.clients} clients, {args.duration:g} s "
        f"after {args.warmup:g} s of warm-up, seed {args.seed}"
    )
    print(report(tally, title))
    if sum(tally.errors.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
