"""Bearer tokens at the HTTP boundary: who a ``POST /graphql`` writes as, and who may not try again yet.

* Reads are public: a request without ``Authorization`` is the public, and only
  mutations need more (they answer ``UNAUTHENTICATED`` themselves).
* A request with ``Authorization`` is checked before anything runs: anything but
  ``Bearer <a valid token>`` (unknown, expired, revoked) is a 401 with
  ``WWW-Authenticate: Bearer error="invalid_token"`` (RFC 6750); tokens are only read
  from ``POST`` requests, so they never sit in a URL, a browser history or a proxy's
  cache. The token is never logged nor echoed; the secret is compared in constant
  time (``stratagraph.tokens``).
* A page on another origin sends a token only if ``STRATAGRAPH_WRITE_ORIGINS`` lists its
  origin (``stratagraph.http.cors`` grants the ``Authorization`` header to those alone);
  a request that carries an ``Origin`` outside that list and a token is a 403, for
  clients that do not enforce CORS. No cookie is ever read, so no page can write with
  a visitor's ambient credentials.
* Failed checks are counted per client address (``FailureLimiter``): past
  ``STRATAGRAPH_AUTH_FAILURES`` in a minute the client gets 429 with ``Retry-After``
  until the minute has passed, without the token being looked at. The table holds at
  most ``STRATAGRAPH_AUTH_CLIENTS`` clients (the least recent are forgotten), so an
  attacker with many addresses costs bounded memory.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.requests import Request

from stratagraph.http.graphql_request import RequestError
from stratagraph.model.access import Caller
from stratagraph.model.errors import UnauthenticatedError
from stratagraph.tokens import TokenStore

__all__ = ["BearerAuth", "FailureLimiter"]

WINDOW = 60.0
"""Seconds over which a client's failed checks are counted."""


class FailureLimiter:
    """Failed token checks per client over the last ``WINDOW`` seconds, for at most ``clients`` clients."""

    def __init__(self, limit: int, clients: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clients = clients
        self.clock = clock
        self._seen: OrderedDict[str, tuple[float, int]] = OrderedDict()  # client -> (window start, failures)

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or None when it may now."""
        found = self._seen.get(client)
        if found is None:
            return None
        start, failures = found
        left = start + WINDOW - self.clock()
        if left <= 0:
            del self._seen[client]
            return None
        return max(1, int(left + 0.999)) if failures >= self.limit else None

    def failed(self, client: str) -> None:
        now = self.clock()
        start, failures = self._seen.pop(client, (now, 0))
        if start + WINDOW <= now:
            start, failures = now, 0
        self._seen[client] = (start, failures + 1)
        while len(self._seen) > self.clients:
            self._seen.popitem(last=False)

    def __len__(self) -> int:
        return len(self._seen)


class BearerAuth:
    """The caller of a request, from its ``Authorization`` header (see the module docstring)."""

    def __init__(self, tokens: TokenStore, limiter: FailureLimiter, write_origins: tuple[str, ...] = ()) -> None:
        self.tokens = tokens
        self.limiter = limiter
        self.write_origins = write_origins

    async def caller(self, request: Request) -> Caller | None:
        header = request.headers.get("authorization")
        if header is None or request.method != "POST":
            return None
        self._check_origin(request)
        client = request.client.host if request.client else "-"
        wait = self.limiter.retry_after(client)
        if wait is not None:
            raise RequestError(
                429,
                f"too many failed token checks from this address: try again in {wait} s",
                {"Retry-After": str(wait)},
                "TOO_MANY_REQUESTS",
            )
        scheme, _, token = header.partition(" ")
        try:
            if scheme.lower() != "bearer" or not token.strip():
                raise UnauthenticatedError("send the token as `Authorization: Bearer sgt_…`")
            return await asyncio.to_thread(self.tokens.check, token.strip())
        except UnauthenticatedError as error:
            self.limiter.failed(client)
            challenge = 'Bearer realm="stratagraph", error="invalid_token"'
            raise RequestError(401, str(error), {"WWW-Authenticate": challenge}, error.code) from None

    def _check_origin(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is None or origin in self.write_origins:
            return
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin == own:
            return
        raise RequestError(
            403,
            f"pages on {origin} may not send writes: the service lists the origins that may in "
            "STRATAGRAPH_WRITE_ORIGINS",
            code="FORBIDDEN",
        )
