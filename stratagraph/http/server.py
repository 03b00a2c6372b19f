"""uvicorn as ``stratagraph serve`` runs it, with the bounds uvicorn does not set itself.

An ASGI app only sees a request once its headers are complete, so what a client
does before that is the server's to bound. uvicorn closes idle keep-alive
connections (``timeout_keep_alive``), but waits for ever on a request whose line or
headers never finish, holds every connection it accepts, and, with httptools,
buffers headers of any size. ``GuardedHttpTools`` adds, per connection:

- a header timeout: the request line and headers must be complete within
  ``header_timeout`` seconds of the connection opening (or of a kept-alive
  connection's next request starting), else ``408`` and the connection is closed;
- a header size bound: more than ``MAX_HEADER_BYTES`` before the headers end, or
  headers that end past it (the bytes of a whole request can come in one read), is
  ``431`` and closed, before the app sees the request;
- a connection bound: a connection beyond ``max_connections`` open at once is
  answered ``503`` and closed as soon as it is accepted.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from stratagraph.settings import Settings

__all__ = ["MAX_HEADER_BYTES", "GuardedHttpTools", "server_options"]

MAX_HEADER_BYTES = 64 * 1024
"""Bytes a request line and headers may take (a longer SPARQL query goes in a POST body)."""
KEEP_ALIVE = 5
"""Seconds an idle kept-alive connection stays open (uvicorn's ``timeout_keep_alive``)."""


class _HeadersTooLarge(Exception):
    """Raised in the parser's callback to stop it; uvicorn answers a stopped parser with ``send_400_response``."""


def _refusal(status: int, reason: str, message: str) -> bytes:
    body = message.encode() + b"\n"
    head = f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
    return (head + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode() + body


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header timeout, a header size bound and a connection bound."""

    header_timeout: float = 10.0
    max_connections: int = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._headers_too_large = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self._refuse(503, "Service Unavailable", f"more than {self.max_connections} connections are open")
            return
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        awaiting = self._header_timer is not None
        if awaiting:
            self._header_bytes += len(data)
        super().data_received(data)
        if awaiting and self._header_timer is not None and self._header_bytes > MAX_HEADER_BYTES:
            self._refuse_too_large()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:  # a kept-alive connection's next request
            self._await_headers()

    def on_headers_complete(self) -> None:
        self._headers_done()
        if len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers) > MAX_HEADER_BYTES:
            self._headers_too_large = True
            raise _HeadersTooLarge
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if self._headers_too_large:
            self._refuse_too_large()
        else:
            super().send_400_response(msg)

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_done()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._header_bytes = 0
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _headers_done(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        self._refuse(408, "Request Timeout", f"the request's headers did not arrive within {self.header_timeout:g} s")

    def _refuse_too_large(self) -> None:
        self._refuse(
            431,
            "Request Header Fields Too Large",
            f"the request line and headers take more than {MAX_HEADER_BYTES} bytes; send a long query in a POST body",
        )

    def _refuse(self, status: int, reason: str, message: str) -> None:
        self._headers_done()
        if not self.transport.is_closing():
            self.transport.write(_refusal(status, reason, message))
            self.transport.close()


def guarded(settings: Settings) -> type[GuardedHttpTools]:
    """``GuardedHttpTools`` with ``settings``' bounds (uvicorn builds one protocol object per connection)."""
    return type(
        "GuardedHttpTools",
        (GuardedHttpTools,),
        {"header_timeout": settings.header_timeout, "max_connections": settings.max_connections},
    )


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for ``settings`` (``uvicorn.run`` or ``uvicorn.Config``): the guarded protocol, keep-alive."""
    return {"http": guarded(settings), "timeout_keep_alive": KEEP_ALIVE}
