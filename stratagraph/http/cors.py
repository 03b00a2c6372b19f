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

__all__ = ["cross_origin"]

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
