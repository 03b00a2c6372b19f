"""Requests take turns: at most a few are worked on at once, the others wait in arrival order.

One event loop serves every request, and it runs each ready request a step at a
time. With fifty requests in progress, one turn of the loop runs a step of each;
a request that needs many steps (a SPARQL query waits for its worker, an analysis
for its thread, each wait a turn) then waits behind every other request at every
step, and took seconds where it costs milliseconds (``bench/README.md``, "Mixed
workload"). Letting only ``limit`` requests in at once keeps a turn short, so
every request waits about as long as any other: its place in the line, once.

A request holds its turn from when its body is in (at once when it has none: a
client still sending holds nothing) until its answer starts; sending the answer
to a slow reader holds nothing either. ``/healthz`` never waits, so a busy
server still says it is alive. A request that finds no turn within ``patience``
seconds is answered ``503`` with ``Retry-After``: an overloaded server says so
rather than letting its line grow without end.

A request waiting for a value derived from a new data version (the analysis
graph, an export) keeps its turn meanwhile; such a build happens once per
version, and it takes the loop's share of the CPU while it runs anyway.
"""

from __future__ import annotations

import asyncio

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stratagraph.model.errors import BusyError

__all__ = ["Turns"]

NO_WAIT = frozenset({"/healthz"})
"""Paths answered without taking a turn (cheap, and they must answer when the server is busy)."""


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


class _Turn:
    """One request's turn: taken once, given back once."""

    def __init__(self, slots: asyncio.Semaphore, patience: float) -> None:
        self.slots = slots
        self.patience = patience
        self.state = "waiting"  # then "held", then "done" (the answer has started, or no turn came)

    async def take(self) -> None:
        """Wait for a turn; ``BusyError`` when none comes within ``patience`` seconds."""
        if self.state == "waiting":
            try:
                await asyncio.wait_for(self.slots.acquire(), self.patience)
            except TimeoutError:
                self.state = "done"
                raise BusyError(f"no turn came within {self.patience:g} s: the server is overloaded") from None
            self.state = "held"

    def give_back(self) -> None:
        if self.state == "held":
            self.slots.release()
        self.state = "done"


class Turns:
    """ASGI middleware: at most ``limit`` requests are worked on at once; the others wait in arrival order."""

    def __init__(self, app: ASGIApp, limit: int, patience: float = 30.0) -> None:
        self.app = app
        self.patience = patience
        self.slots = asyncio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NO_WAIT:
            await self.app(scope, receive, send)
            return
        turn = _Turn(self.slots, self.patience)

        async def receive_then_wait() -> Message:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                await turn.take()  # the body is in: wait for a turn before the app works on it
            return message

        async def send_giving_back(message: Message) -> None:
            if message["type"] == "http.response.start":
                turn.give_back()
            await send(message)

        try:
            if not _has_body(scope):
                await turn.take()
            await self.app(scope, receive_then_wait, send_giving_back)
        except BusyError as error:  # raised only while waiting for the turn, so before any answer started
            busy = PlainTextResponse(f"{error}; try again shortly\n", 503, headers={"Retry-After": "1"})
            await busy(scope, receive, send)
        finally:
            turn.give_back()
