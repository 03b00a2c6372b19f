"""Requests take turns: a few at once, in arrival order, none held by a slow client.

The app under the middleware is a few lines of ASGI that wait where the test says,
so each property shows as what the app saw. Waits are bounded (``asyncio.wait_for``):
a request that never gets its turn fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from stratagraph.http.app import create_app
from stratagraph.http.turns import Turns
from stratagraph.settings import Settings

BOUND = 5.0


class Recorder:
    """An app that counts the requests it is working on, records their order and waits on ``gates[path]``:
    before its answer starts (it is still working), or, with ``gate_after_head``, after (it is sending)."""

    def __init__(self, gate_after_head: bool = False) -> None:
        self.gate_after_head = gate_after_head
        self.working = 0
        self.most = 0
        self.order: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}
        self.sent_head: dict[str, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if scope["method"] == "POST":
            while (await receive()).get("more_body"):
                pass
        self.working += 1
        self.most = max(self.most, self.working)
        self.order.append(path)
        try:
            if not self.gate_after_head:
                await self._gate(path)
            await send({"type": "http.response.start", "status": 200, "headers": []})
            self.sent_head.setdefault(path, asyncio.Event()).set()
            if self.gate_after_head:
                await self._gate(path)
            await send({"type": "http.response.body", "body": path.encode()})
        finally:
            self.working -= 1

    async def _gate(self, path: str) -> None:
        if path in self.gates:
            await self.gates[path].wait()
        await asyncio.sleep(0.01)


def client(app: Recorder, limit: int, patience: float = 30.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=Turns(app, limit, patience)), base_url="http://test")


@contextlib.asynccontextmanager
async def one_turn_held(patience: float = 30.0) -> AsyncIterator[tuple[Recorder, httpx.AsyncClient]]:
    """A client of an app with one turn, which a request to ``/busy`` holds until the block ends;
    then the turn is free again for ``/after``."""
    app = Recorder()
    app.gates["/busy"] = asyncio.Event()
    async with client(app, 1, patience) as http:
        busy = asyncio.create_task(http.get("/busy"))
        await asyncio.sleep(0.05)
        yield app, http
        app.gates["/busy"].set()
        assert (await asyncio.wait_for(busy, BOUND)).status_code == 200
        assert (await asyncio.wait_for(http.get("/after"), BOUND)).status_code == 200


async def test_at_most_limit_requests_are_worked_on_at_once() -> None:
    app = Recorder()
    async with client(app, 3) as http:
        answers = await asyncio.wait_for(asyncio.gather(*(http.get(f"/{n}") for n in range(12))), BOUND)
    assert [a.status_code for a in answers] == [200] * 12
    assert app.most == 3


async def test_waiting_requests_are_served_in_arrival_order() -> None:
    async with one_turn_held() as (app, http):
        later = []
        for n in range(5):  # each arrives while /busy holds the one turn
            later.append(asyncio.create_task(http.get(f"/{n}")))
            await asyncio.sleep(0.01)
    await asyncio.wait_for(asyncio.gather(*later), BOUND)
    assert app.order == ["/busy", "/0", "/1", "/2", "/3", "/4", "/after"]


async def test_healthz_answers_while_every_turn_is_taken() -> None:
    async with one_turn_held() as (_, http):
        health = await asyncio.wait_for(http.get("/healthz"), BOUND)
        assert health.status_code == 200


async def test_a_client_still_sending_its_body_holds_no_turn() -> None:
    app = Recorder()
    more = asyncio.Event()

    async def slow_body() -> AsyncIterator[bytes]:
        yield b"part one,"
        await more.wait()
        yield b" part two"

    async with client(app, 1) as http:
        sending = asyncio.create_task(http.post("/upload", content=slow_body()))
        await asyncio.sleep(0.05)
        other = await asyncio.wait_for(http.get("/other"), BOUND)
        assert other.status_code == 200
        more.set()
        assert (await asyncio.wait_for(sending, BOUND)).status_code == 200


async def test_an_answer_being_sent_holds_no_turn() -> None:
    app = Recorder(gate_after_head=True)
    app.gates["/slow-reader"] = asyncio.Event()  # its body is sent only after /next is answered
    async with client(app, 1) as http:
        slow = asyncio.create_task(http.get("/slow-reader"))
        await asyncio.wait_for(app.sent_head.setdefault("/slow-reader", asyncio.Event()).wait(), BOUND)
        following = await asyncio.wait_for(http.get("/next"), BOUND)
        assert following.text == "/next"
        app.gates["/slow-reader"].set()
        assert (await asyncio.wait_for(slow, BOUND)).text == "/slow-reader"


@pytest.mark.parametrize("limit", [1, 4])
def test_the_app_takes_its_limit_from_the_settings(tmp_path: object, limit: int) -> None:
    app = create_app(Settings(data_dir=tmp_path, active_requests=limit), dataset=None)
    turns = [m for m in app.user_middleware if m.cls == Turns]  # type: ignore[comparison-overlap]
    assert [(m.kwargs["limit"], m.kwargs["patience"]) for m in turns] == [(limit, 30.0)]


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_request_that_finds_no_turn_in_time_is_told_the_server_is_busy(method: str) -> None:
    async with one_turn_held(patience=0.2) as (app, http):
        body = b"x" if method == "POST" else None
        refused = await asyncio.wait_for(http.request(method, "/late", content=body), BOUND)
        assert refused.status_code == 503
        assert "no turn came within 0.2 s" in refused.text
        assert refused.headers["retry-after"] == "1"
    assert "/late" not in app.order
