"""CORS: which pages on other origins may read the service.

Everything served is public and read-only, and no request carries credentials, so
by default any page may read it (``Access-Control-Allow-Origin: *``), as public
SPARQL endpoints allow. That answer is the same for every request, so it is two
fixed headers added to each response and a fixed answer to preflights
(``AnyOrigin``). Starlette's ``CORSMiddleware`` parses each request's headers and
varies answers by ``Origin``, which measurably slows the cheapest and most frequent
answer, a remembered GraphQL one (``python -m bench.cors``; figures in
``bench/README.md``): the one reason this hand-written path exists. A list of origins
(``STRATAGRAPH_CORS_ORIGINS``) needs the ``Origin`` echoed back and ``Vary: Origin``,
and gets Starlette's middleware. This is the one place CORS headers are set: a
route that added its own would send them twice (browsers then refuse the answer)
or grant an origin the list leaves out.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["cross_origin", "write_gate"]

METHODS = ("GET", "HEAD", "POST")
REQUEST_HEADERS = ("Accept", "Content-Type", "Cache-Control", "If-None-Match")
EXPOSED = ("ETag", "Content-Location", "Content-Disposition")
MAX_AGE = 3600


def cross_origin(origins: tuple[str, ...]) -> Middleware:
    """CORS for pages on ``origins`` (``*``: any): reads only (GET, HEAD, POST for GraphQL and SPARQL)."""
    if origins == ("*",):
        return Middleware(AnyOrigin)
    return Middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=list(METHODS),
        allow_headers=list(REQUEST_HEADERS),
        expose_headers=list(EXPOSED),
        max_age=MAX_AGE,
    )


_GRANT = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", ", ".join(EXPOSED).encode()),
]
_PREFLIGHT = [
    *_GRANT,
    (b"access-control-allow-methods", ", ".join(METHODS).encode()),
    (b"access-control-allow-headers", ", ".join(REQUEST_HEADERS).encode()),
    (b"access-control-max-age", str(MAX_AGE).encode()),
    (b"content-length", b"0"),
]


class AnyOrigin:
    """Every response readable by any page; preflights answered without reaching the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and any(
            name == b"access-control-request-method" for name, _ in scope["headers"]
        ):
            await send({"type": "http.response.start", "status": 200, "headers": _PREFLIGHT})
            await send({"type": "http.response.body", "body": b""})
            return

        async def granted(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *_GRANT]
            await send(message)

        await self.app(scope, receive, granted)


def write_gate(write_origins: tuple[str, ...]) -> Middleware:
    """Preflights that ask to send ``Authorization`` (a write's bearer token): granted to ``write_origins`` only."""
    return Middleware(WriteGate, write_origins=write_origins)


class WriteGate:
    """Answers the preflights of writes before the read grant sees them.

    The read grant never lists ``Authorization`` among the headers a page may send, so a
    page can carry a token only after a preflight this gate granted: its origin is one of
    ``STRATAGRAPH_WRITE_ORIGINS``. Others get an answer with no grant, which browsers
    refuse. No ``Access-Control-Allow-Credentials``: cookies are never part of a write.
    """

    def __init__(self, app: ASGIApp, write_origins: tuple[str, ...]) -> None:
        self.app = app
        self.write_origins = frozenset(write_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        asked = headers.get(b"access-control-request-headers", b"").decode("latin-1").lower()
        if b"access-control-request-method" not in headers or "authorization" not in asked:
            await self.app(scope, receive, send)
            return
        origin = headers.get(b"origin", b"")
        grant: list[tuple[bytes, bytes]] = [(b"vary", b"Origin"), (b"content-length", b"0")]
        if origin.decode("latin-1") in self.write_origins:
            grant += [
                (b"access-control-allow-origin", origin),
                (b"access-control-allow-methods", b"POST"),
                (b"access-control-allow-headers", ", ".join((*REQUEST_HEADERS, "Authorization")).encode()),
                (b"access-control-max-age", str(MAX_AGE).encode()),
            ]
        await send({"type": "http.response.start", "status": 200, "headers": grant})
        await send({"type": "http.response.body", "body": b""})
