"""Where a canonical query's time goes when its answer is computed afresh: the app in process, no sockets.

    python -m bench.computed                          # 10k tasks: ms per request, Q1-Q5
    python -m bench.computed --size 100000 --only Q2 Q5
    python -m bench.computed --profile Q2             # and cProfile's top functions for Q2

The app (``create_app`` over a synthetic graph, ``bench.synthetic`` seed 0, CORS
off) is called as an ASGI app with each canonical query of ``bench.run`` and
``Cache-Control: no-cache``, so every request parses nothing new (documents are
remembered) but resolves every field. What is derived per data version (the
analysis graph, the indexes) is built by a first request and not timed. The
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
import tempfile
import time
from pathlib import Path

from starlette.types import ASGIApp, Message

from bench._asgi import graphql_post
from bench.run import Query, canonical_queries, load_store, pick
from bench.synthetic import generate
from stratagraph.http.app import create_app
from stratagraph.settings import Settings


async def measure(
    folder: Path, queries: list[Query], requests: int, rounds: int, profile: str | None
) -> dict[str, float]:
    settings = Settings.from_env().with_changes(store="embedded", data_dir=folder, debug=False, cors_origins=())
    app = create_app(settings, dataset=None)
    best: dict[str, float] = {}
    async with app.router.lifespan_context(app):
        for query in queries:
            await warm(app, query.body)
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
    return best


async def warm(app: ASGIApp, body: bytes, attempts: int = 10) -> None:
    """Ask until answered: what is derived per version is built by the first requests, which may time out at 100k."""
    for _ in range(attempts - 1):
        try:
            await call(app, body)
            return
        except RuntimeError as error:
            if "TIMEOUT" not in str(error):
                raise
    await call(app, body)


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
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="query keys (Q1 … Q5)")
    parser.add_argument("--profile", default=None, help="a query key: print cProfile's top functions for it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratagraph-bench-computed-") as folder:
        batch = generate(args.size, 0)
        asyncio.run(load_store(batch, Path(folder) / "stratagraph.sqlite3"))
        queries = [q for q in canonical_queries(pick(batch, 0)) if args.only is None or q.key in args.only]
        del batch
        best = asyncio.run(measure(Path(folder), queries, args.requests, args.rounds, args.profile))
    print(f"computed afresh, {args.size:,} tasks, in process: ms of CPU per request (least of {args.rounds} rounds)")
    for query in queries:
        print(f"{query.key}  {query.title:<45}{best[query.key]:>8.2f}")


if __name__ == "__main__":
    main()
