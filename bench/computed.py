"""Where a canonical query's time goes when its answer is computed afresh: the app in process, no sockets.

    python -m bench.computed                          # 10k tasks: ms per request, Q1-Q5
    python -m bench.computed --size 100000 --only Q2 Q5
    python -m bench.computed --profile Q2             # and cProfile's top functions for Q2
    python -m bench.computed --mixed 60               # and 60 distinct requests of each of bench.mixed's kinds

Beside each figure, the **engine's floor**: graphql-core alone executing the same
document over the answer it gave, with no resolver of ours at all (the committed
``schema.graphql``, built by ``graphql.build_schema``; the root value is the answer's
``data``, read by graphql-core's default resolver), plus writing it with orjson. No
resolver, store or cache can make a request cheaper than that on this engine.

The app (``create_app`` over a synthetic graph, ``bench.synthetic`` seed 0, CORS
off) is called as an ASGI app with each canonical query of ``bench.run`` (and Q0,
``{ __typename }``: what any request costs) and ``Cache-Control: no-cache``, so
every request parses nothing new (documents are remembered) but resolves every field.
What is derived per data version (the analysis graph, the indexes) is built by a
first request and not timed. The
figure is the process's CPU time per request (every thread's, so an analysis run in
a worker thread counts), the least of ``--rounds`` rounds: on a shared machine CPU
time moves far less than the time on the clock. Over HTTP the same work costs this
plus uvicorn's share (``make bench``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from graphql import GraphQLSchema, build_schema, execute_sync, parse
from starlette.types import ASGIApp, Message

from bench._asgi import graphql_post
from bench.mixed import GRAPHQL_KINDS, Graph, graph_of
from bench.run import Query, canonical_queries, load_store, pick
from bench.synthetic import generate
from stratagraph.http.app import create_app
from stratagraph.settings import Settings

EMPTY = Query("Q0", "{ __typename }: what every request pays", "{ __typename }")
"""The app's cost around any query (middleware, parsing the body, the operation's hooks, writing the answer)."""
SCHEMA = Path(__file__).parent.parent / "schema.graphql"
"""The committed SDL (``make schema``; CI fails when it drifts): the floor's schema is the app's own."""


async def measure(
    folder: Path, queries: list[Query], requests: int, rounds: int, profile: str | None
) -> tuple[dict[str, float], dict[str, bytes]]:
    """Each query's least CPU time per request, in ms, and the answer it gave."""
    app = create_app(_settings(folder), dataset=None)
    best: dict[str, float] = {}
    answers: dict[str, bytes] = {}
    async with app.router.lifespan_context(app):
        for query in queries:
            answers[query.key] = await warm(app, query.body)
        for _ in range(rounds):
            for query in queries:
                started = time.process_time()
                for _ in range(requests):
                    await call(app, query.body)
                took = (time.process_time() - started) / requests * 1e3
                best[query.key] = min(best.get(query.key, took), took)
        for query in queries:
            if query.key == profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(requests):
                    await call(app, query.body)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return best, answers


async def measure_mixed(folder: Path, graph: Graph, queries: list[Query], requests: int) -> dict[str, float]:
    """CPU time per request, in ms, of ``requests`` distinct requests of each of ``bench.mixed``'s GraphQL kinds."""
    app = create_app(_settings(folder), dataset=None)
    took: dict[str, float] = {}
    async with app.router.lifespan_context(app):
        for query in queries:  # what is derived per version, built once and not timed
            await warm(app, query.body)
        for kind, _ in GRAPHQL_KINDS:
            rng = random.Random(0)
            bodies = [kind(rng, graph).body for _ in range(requests)]
            started = time.process_time()
            for body in bodies:
                await call(app, body)
            took[kind.__name__] = (time.process_time() - started) / requests * 1e3
    return took


def engine_floor(schema: GraphQLSchema, query: Query, answer: bytes, requests: int, rounds: int) -> float:
    """graphql-core's least CPU time, in ms, to execute ``query`` over ``answer``'s data and write it: no resolvers."""
    document = parse(query.document)
    data: dict[str, Any] = orjson.loads(answer)["data"]
    check = execute_sync(schema, document, data)
    if check.errors or check.data != data:
        found = check.errors or check.data
        raise RuntimeError(f"{query.key}: graphql-core alone did not give our answer back: {found}")
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            orjson.dumps({"data": execute_sync(schema, document, data).data})
        best = min(best, (time.process_time() - started) / requests * 1e3)
    return best


def _settings(folder: Path) -> Settings:
    return Settings.from_env().with_changes(store="embedded", data_dir=folder, debug=False, cors_origins=())


async def warm(app: ASGIApp, body: bytes, attempts: int = 10) -> bytes:
    """Ask until answered: what is derived per version is built by the first requests, which may time out at 100k."""
    for _ in range(attempts - 1):
        try:
            return await call(app, body)
        except RuntimeError as error:
            if "TIMEOUT" not in str(error):
                raise
    return await call(app, body)


async def call(app: ASGIApp, body: bytes) -> bytes:
    sent: list[bytes] = []
    status: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        elif message["type"] == "http.response.body":
            sent.append(message.get("body", b""))

    await app(graphql_post(app, body, (b"cache-control", b"no-cache")), receive, send)
    answer = b"".join(sent)
    if status != [200] or b'"errors"' in answer:
        raise RuntimeError(f"{status}: {answer[:300]!r}")
    return answer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="tasks in the synthetic graph (default 10,000)")
    parser.add_argument("--requests", type=int, default=100, help="requests per query and round (default 100)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the least CPU time is kept (default 5)")
    parser.add_argument("--only", nargs="*", default=None, help="query keys (Q0 … Q5)")
    parser.add_argument("--profile", default=None, help="a query key: print cProfile's top functions for it")
    parser.add_argument("--mixed", type=int, default=0, metavar="N", help="also N distinct requests of each mixed kind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratagraph-bench-computed-") as folder:
        batch = generate(args.size, 0)
        asyncio.run(load_store(batch, Path(folder) / "stratagraph.sqlite3"))
        canonical = canonical_queries(pick(batch, 0))
        queries = [q for q in [EMPTY, *canonical] if args.only is None or q.key in args.only]
        graph = graph_of(batch)
        del batch
        best, answers = asyncio.run(measure(Path(folder), queries, args.requests, args.rounds, args.profile))
        mixed = asyncio.run(measure_mixed(Path(folder), graph, canonical, args.mixed)) if args.mixed else {}
    schema = build_schema(SCHEMA.read_text(encoding="utf-8"))
    rounds = "one round" if args.rounds == 1 else f"the least of {args.rounds} rounds"
    print(f"computed afresh, {args.size:,} tasks, in process: ms of CPU per request ({rounds})")
    print(f"{'':<50}{'ours':>8}{'engine floor':>14}{'ours / floor':>14}")
    for query in queries:
        floor = engine_floor(schema, query, answers[query.key], args.requests, args.rounds)
        print(f"{query.key}  {query.title:<46}{best[query.key]:>8.2f}{floor:>14.2f}{best[query.key] / floor:>13.2f}×")
    if mixed:
        print(f"\ndistinct requests, {args.mixed} of each of bench.mixed's GraphQL kinds: ms of CPU per request")
        for name, took in mixed.items():
            print(f"{name:<52}{took:>8.2f}")
        weights = {kind.__name__: weight for kind, weight in GRAPHQL_KINDS}
        mean = sum(mixed[name] * weights[name] for name in mixed) / sum(weights.values())
        print(f"{'the mix, by its weights':<52}{mean:>8.2f}  ({1e3 / mean:,.0f} requests/s on one core)")


if __name__ == "__main__":
    main()
