"""CORS: which pages on other origins may read the service.

Everything served is public and read-only, and no request carries credentials, so
by default any page may read it (``Access-Control-Allow-Origin: *``), as public
SPARQL endpoints allow; ``STRATAGRAPH_CORS_ORIGINS`` narrows that to a list of
origins, or to none. Either way Starlette's ``CORSMiddleware`` answers: a
hand-written fast path for ``*`` bought nothing measurable on a remembered answer
(``bench/README.md``, ``python -m bench.cors``). This is the one place CORS headers
are set: a route that added its own would send them twice (browsers then refuse the
answer) or grant an origin the list leaves out.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

__all__ = ["cross_origin"]

METHODS = ("GET", "HEAD", "POST")
REQUEST_HEADERS = ("Accept", "Content-Type", "Cache-Control", "If-None-Match")
EXPOSED = ("ETag", "Content-Location", "Content-Disposition")
MAX_AGE = 3600


def cross_origin(origins: tuple[str, ...]) -> Middleware:
    """CORS for pages on ``origins`` (``*``: any): reads only (GET, HEAD, POST for GraphQL and SPARQL)."""
    return Middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=list(METHODS),
        allow_headers=list(REQUEST_HEADERS),
        expose_headers=list(EXPOSED),
        max_age=MAX_AGE,
    )
