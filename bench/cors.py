"""What CORS costs a remembered GraphQL answer: the app's CPU per request with no CORS, ours, and Starlette's.

    python -m bench.cors                     # 10k tasks, 7 rounds of 5,000 requests per variant
    python -m bench.cors --size 1000 --requests 2000

A remembered answer is the cheapest thing the service does (``http/response_cache``),
so what a middleware adds to every request shows most there. The app
(``create_app`` over a synthetic graph, ``bench.synthetic`` seed 0, CORS off) is called
in process, as an ASGI app, with Q1 of ``bench.run`` as clients repeat it, bare and
wrapped in each CORS middleware: ours for any origin (``http.cors.cross_origin("*")``)
and Starlette's ``CORSMiddleware`` configured the same way. Each is timed with and
without an ``Origin`` header, in turn, and the fastest round kept (the machine may be
shared). No sockets: uvicorn's share of a request is the same whichever middleware
runs, and would only blur the difference (``make bench`` measures the whole path).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message

from bench._asgi import graphql_post
from bench.run import canonical_queries, load_store, pick
from bench.synthetic import generate
from stratagraph.http.app import create_app
from stratagraph.http.cors import EXPOSED, MAX_AGE, METHODS, REQUEST_HEADERS, cross_origin
from stratagraph.settings import Settings

ORIGIN = b"https://page.example.org"


def variants(app: ASGIApp) -> dict[str, ASGIApp]:
    ours = cross_origin(("*",))
    starlette = CORSMiddleware(
        app,
        allow_origins=["*"],
        allow_methods=list(METHODS),
        allow_headers=list(REQUEST_HEADERS),
        expose_headers=list(EXPOSED),
        max_age=MAX_AGE,
    )
    return {"CORS off": app, "ours, any origin": ours.cls(app, *ours.args, **ours.kwargs), "Starlette's": starlette}


async def measure(folder: Path, body: bytes, requests: int, rounds: int) -> dict[tuple[str, bool], float]:
    settings = Settings.from_env().with_changes(store="embedded", data_dir=folder, debug=False, cors_origins=())
    app = create_app(settings, dataset=None)
    best: dict[tuple[str, bool], float] = {}
    async with app.router.lifespan_context(app):
        statuses: list[int] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        for _ in range(rounds):
            for name, wrapped in variants(app).items():
                for origin in (False, True):
                    scope = graphql_post(app, body, *([(b"origin", ORIGIN)] if origin else []))
                    await wrapped(dict(scope), receive, send)  # the first computes and remembers
                    started = time.perf_counter()
                    for _ in range(requests):
                        await wrapped(dict(scope), receive, send)
                    took = (time.perf_counter() - started) / requests * 1e6
                    best[name, origin] = min(best.get((name, origin), took), took)
        if set(statuses) != {200}:
            raise RuntimeError(f"answers other than 200: {sorted(set(statuses))}")
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratagraph-bench-cors-") as folder:
        batch = generate(args.size, 0)
        asyncio.run(load_store(batch, Path(folder) / "stratagraph.sqlite3"))
        q1 = canonical_queries(pick(batch, 0))[0]
        del batch
        best = asyncio.run(measure(Path(folder), q1.body, args.requests, args.rounds))
    print(
        f"Q1 remembered, {args.size:,} tasks, in process: µs of app CPU per request "
        f"(fastest of {args.rounds} rounds of {args.requests:,})"
    )
    print(f"{'':20}{'no Origin':>12}{'with Origin':>14}")
    for name in ("CORS off", "ours, any origin", "Starlette's"):
        print(f"{name:20}{best[name, False]:>12.1f}{best[name, True]:>14.1f}")


if __name__ == "__main__":
    main()
