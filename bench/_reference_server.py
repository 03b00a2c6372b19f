"""The reference server of ``bench.run``: the limits our server is measured against.

    python -m bench._reference_server --port 8765 --db store.sqlite3 --responses answers.json

A minimal Starlette app under uvicorn, started the way ``stratagraph serve``
starts ours (same uvicorn, same event loop and HTTP implementation), that

* at start-up reads the same SQLite file into a bare ``networkx.MultiDiGraph``
  (node and edge properties and citations as attributes, citation lists shared
  as our store shares them): the least a process holding this graph can take
  in time and memory;
* answers ``POST /graphql`` with the exact response bytes our server gave for
  the same request body (computed beforehand, looked up by body): the fastest
  any server can answer those requests on this stack, the HTTP limit;
* answers ``GET /healthz``.

No access log, and the loaded graph is moved out of the garbage collector's
way (``gc.freeze``): a limit should be as fast as it can be.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gc
import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import networkx as nx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def bare_graph(path: Path) -> nx.MultiDiGraph:
    """The SQLite store's rows as a networkx graph, nothing more."""
    graph = nx.MultiDiGraph()
    sources: dict[str, Any] = {}

    def cited(text: str) -> Any:
        found = sources.get(text)
        if found is None:
            found = sources[text] = json.loads(text)
        return found

    conn = sqlite3.connect(path)
    try:
        for node_id, label, props, cites in conn.execute("SELECT id, label, props, sources FROM nodes"):
            graph.add_node(node_id, label=label, sources=cited(cites), **json.loads(props))
        for key, rel, source, target, props, cites in conn.execute(
            "SELECT key, type, source, target, props, sources FROM edges"
        ):
            graph.add_edge(source, target, key, type=rel, sources=cited(cites), **json.loads(props))
    finally:
        conn.close()
    return graph


def create_app(db: Path, responses: dict[bytes, bytes]) -> Starlette:
    holder: dict[str, nx.MultiDiGraph] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        holder["graph"] = bare_graph(db)
        gc.collect()
        gc.freeze()
        yield

    async def graphql(request: Request) -> Response:
        body = await request.body()
        answer = responses.get(body)
        if answer is None:
            return Response(b'{"errors": [{"message": "not precomputed"}]}', 400, media_type="application/json")
        return Response(answer, media_type="application/json; charset=utf-8", headers={"Vary": "Accept"})

    async def healthz(request: Request) -> Response:
        return Response(b'{"status": "ok"}', media_type="application/json")

    routes = [Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz)]
    return Starlette(routes=routes, lifespan=lifespan)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._reference_server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--responses", type=Path, required=True, help="JSON: request body -> base64 response")
    args = parser.parse_args()
    pairs = json.loads(args.responses.read_text())
    responses = {body.encode(): base64.b64decode(answer) for body, answer in pairs.items()}
    uvicorn.run(create_app(args.db, responses), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
