"""What CORS costs a remembered GraphQL answer: the same server with and without it, requests with and without Origin.

    python -m bench.cors                     # 10k tasks, 16 connections, best of 3 runs of 3 s per figure
    python -m bench.cors --size 1000 --rounds 5

The server is ``stratagraph serve`` (``bench._server``) on a synthetic graph
(``bench.synthetic``, seed 0), asked Q1 of ``bench.run`` (an agency's led tasks
with deadlines and indicators) as clients repeat it, so every answer comes from
the remembered answers and the request's path through the middleware is most of
what is left. Three servers run side by side: CORS off (``STRATAGRAPH_CORS_ORIGINS``
empty), the default (any origin), and a list of one origin. Each is measured
without an ``Origin`` header (a same-origin page, curl, a server-side client) and
with one (a page on another origin, what CORS is for), in turn and ``--rounds``
times, the best run kept: the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench._loadgen import Request, generator_name, run_load
from bench._server import HEADERS, Server, free_port, our_server
from bench.run import canonical_queries, load_store, pick
from bench.synthetic import generate

ORIGIN = "https://page.example.org"
SERVERS = {"CORS off": "", "any origin (default)": "*", "one listed origin": ORIGIN}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratagraph-bench-cors-") as folder:
        work = Path(folder)
        batch = generate(args.size, 0)
        asyncio.run(load_store(batch, work / "stratagraph.sqlite3"))
        q1 = canonical_queries(pick(batch, 0))[0]
        del batch
        servers: dict[str, Server] = {}
        try:
            for name, origins in SERVERS.items():
                settings = {"STRATAGRAPH_CORS_ORIGINS": origins}
                server = our_server(work, free_port(), work / f"{len(servers)}.log", settings)
                server.wait_healthy()
                server.ask(q1.key, q1.body)  # remembered from now on
                servers[name] = server
            requests = {
                "no Origin": Request("POST", "/graphql", q1.body, HEADERS),
                "with Origin": Request("POST", "/graphql", q1.body, (*HEADERS, ("Origin", ORIGIN))),
            }
            best: dict[tuple[str, str], float] = {}
            for _ in range(args.rounds):
                for name, server in servers.items():
                    for kind, request in requests.items():
                        server.drain()
                        result = run_load(server.port, request, connections=args.connections, duration=args.duration)
                        if result.failures:
                            raise RuntimeError(f"{name}, {kind}: {result.failures} failed requests")
                        best[name, kind] = max(best.get((name, kind), 0.0), result.rate)
        finally:
            for server in servers.values():
                server.stop()
    print(
        f"Q1 remembered, {args.size:,} tasks, {generator_name()}, {args.connections} connections, "
        f"best of {args.rounds} runs of {args.duration:g} s (req/s)"
    )
    print(f"{'server':24}{'no Origin':>12}{'with Origin':>14}")
    for name in servers:
        print(f"{name:24}{best[name, 'no Origin']:>12,.0f}{best[name, 'with Origin']:>14,.0f}")


if __name__ == "__main__":
    main()
