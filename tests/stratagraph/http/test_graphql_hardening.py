"""No request can freeze or exhaust /graphql: bounded input, clear 4xx for client mistakes, request ids, quiet logs,
a time budget, and the event loop free for others while a heavy query runs."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from starlette.applications import Starlette

from bench.run import pick
from bench.synthetic import generate
from stratagraph.graph.open import open_store
from stratagraph.http.app import create_app
from stratagraph.http.graphql_request import MAX_JSON_DEPTH
from stratagraph.settings import Settings
from tests.stratagraph.http.live import serve

GRAPHQL_RESPONSE = "application/graphql-response+json"
in_module_loop = pytest.mark.asyncio(loop_scope="module")


def bomb(levels: int) -> str:
    fragments = " ".join(f"fragment F{i} on Query {{ __typename ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"


def settings_for(data_dir: Path, **changes: Any) -> Settings:
    return Settings.from_env().with_changes(store="embedded", data_dir=data_dir, debug=False, **changes)


async def running(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def app(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Starlette]:
    yield create_app(settings_for(tmp_path_factory.mktemp("store")))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async for client in running(app):
        yield client


async def post_raw(client: httpx.AsyncClient, body: str) -> httpx.Response:
    headers = {"Content-Type": "application/json", "Accept": GRAPHQL_RESPONSE}
    return await client.post("/graphql", content=body.encode(), headers=headers)


# --- client mistakes are 4xx that say what is wrong and the bound ------------------------------


@in_module_loop
@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"query": "{ __typename }", "variables": {"a": ' + "[" * 50_000 + "]" * 50_000 + "}}",
        '{"query": "{ __typename }", "variables": {"a": '
        + "[" * (MAX_JSON_DEPTH + 1)
        + "]" * (MAX_JSON_DEPTH + 1)
        + "}}",
    ],
    ids=["body-100k-deep", "variables-50k-deep", "variables-just-over"],
)
async def test_deeply_nested_json_is_a_400(client: httpx.AsyncClient, body: str) -> None:
    response = await post_raw(client, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        f"the request body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep: send flatter JSON"
    )


@in_module_loop
async def test_json_as_deep_as_allowed_is_read(client: httpx.AsyncClient) -> None:
    depth = MAX_JSON_DEPTH - 2  # the body object and "variables" are two levels
    body = '{"query": "{ __typename }", "variables": {"a": ' + "[" * depth + "]" * depth + "}}"
    response = await post_raw(client, body)
    assert response.status_code == 200, response.text


@in_module_loop
async def test_deep_json_in_a_get_parameter_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }", "variables": "[" * 5000 + "]" * 5000})
    assert response.status_code == 400
    assert "the variables parameter nests arrays and objects more than" in response.json()["errors"][0]["message"]


@in_module_loop
async def test_an_integer_too_long_in_json_is_a_400(client: httpx.AsyncClient) -> None:
    response = await post_raw(client, '{"query": "{ __typename }", "variables": {"n": ' + "9" * 5000 + "}}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "the request body holds an integer of more than 4300 digits: "
        "GraphQL integers lie between -2147483648 and 2147483647"
    )


@in_module_loop
async def test_an_integer_literal_too_long_is_a_400(client: httpx.AsyncClient) -> None:
    response = await post_raw(client, json.dumps({"query": "{ tasks(first: " + "9" * 5000 + ") { totalCount } }"}))
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("an integer of 5000 digits: an Int lies between")


@in_module_loop
async def test_a_delay_past_the_calendar_is_a_clear_error(client: httpx.AsyncClient) -> None:
    query = '{ task(id: "task/tap-huan-danh-gia-truong-thanh-2024") { delayImpact(days: 3650000) { days } } }'
    response = await post_raw(client, json.dumps({"query": query}))
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["message"] == "`days` is 3650000 but a slip is between 0 and 3650 days (ten years)"


@in_module_loop
async def test_a_costly_query_is_a_400_naming_the_cost_and_the_limit(client: httpx.AsyncClient) -> None:
    query = '{ plan(id: "plan/chien-luoc-cds-bao-chi") { topologicalOrder { id downstream { task { id } } } } }'
    response = await post_raw(client, json.dumps({"query": query}))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"].startswith("the query costs ")
    assert "and the limit is 60,000" in error["message"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"] == 60_000


@in_module_loop
async def test_a_fragment_bomb_is_refused_at_once(client: httpx.AsyncClient) -> None:
    response = await asyncio.wait_for(post_raw(client, json.dumps({"query": bomb(25)})), timeout=10)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["cost"] == 2**26 - 1


# --- request ids and logs ----------------------------------------------------------------------


@in_module_loop
async def test_every_answer_carries_its_own_request_id(client: httpx.AsyncClient) -> None:
    body = json.dumps({"query": '{ agency(id: "agency/cuc-bao-chi") { name } }'})
    first, again = await post_raw(client, body), await post_raw(client, body)  # the second from the answer cache
    bad = await post_raw(client, "{")
    ids = [r.headers["x-request-id"] for r in (first, again, bad)]
    assert len(set(ids)) == 3
    assert all(len(i) == 32 for i in ids)
    assert again.content == first.content


@in_module_loop
async def test_an_unexpected_error_is_logged_once_with_the_id_the_client_gets(
    client: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def find(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(app.state.store, "find", find)
    with caplog.at_level(logging.INFO):
        response = await post_raw(client, json.dumps({"query": "{ agencies { totalCount } }"}))
    request_id = response.headers["x-request-id"]
    assert response.json()["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1
    assert request_id in records[0].getMessage()
    assert "RuntimeError: the disk is on fire" in records[0].getMessage()
    assert records[0].exc_info is not None


@in_module_loop
async def test_expected_errors_are_not_logged(client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    aliases = " ".join(f'a{i}: task(id: "task/khong-co-{i}") {{ id }}' for i in range(30))
    with caplog.at_level(logging.INFO):
        response = await post_raw(client, json.dumps({"query": f"{{ {aliases} }}"}))
        await post_raw(client, json.dumps({"query": "{ nosuchfield }"}))
    assert len(response.json()["errors"]) == 30
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


# --- the time budget -----------------------------------------------------------------------------


async def test_a_request_over_the_time_budget_stops_with_a_clear_error(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path / "store", graphql_timeout=1e-6))
    async for client in running(app):
        response = await post_raw(client, json.dumps({"query": '{ plan(id: "plan/chien-luoc-cds-bao-chi") { id } }'}))
        assert response.status_code == 200
        body = response.json()
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"].startswith("the query ran longer than 1e-06 s, the limit for one request")
        assert error["extensions"] == {"code": "TIMEOUT", "timeout": 1e-6}


# --- others are served while a heavy query runs --------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A live server over 10k synthetic tasks, and a task with much downstream of it."""
    data_dir = tmp_path_factory.mktemp("synthetic")
    batch = generate(10_000, seed=0)
    task = pick(batch, 0).delayed_task

    async def write() -> None:
        store = open_store("embedded", path=data_dir / "stratagraph.sqlite3")
        await store.open()
        try:
            await store.write(batch)
        finally:
            await store.close()

    asyncio.run(write())
    with serve(data_dir) as url:
        yield url, task


async def healthz_while(url: str, heavy: asyncio.Task[httpx.Response]) -> list[float]:
    """Seconds each /healthz took while ``heavy`` ran; an answer slower than 5 s fails the test."""
    waits: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=5) as client:
        while not heavy.done():
            started = time.perf_counter()
            response = await client.get("/healthz")
            assert response.status_code == 200
            waits.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
    return waits


async def test_healthz_answers_while_a_fragment_bomb_is_validated(synthetic_server: tuple[str, str]) -> None:
    url, _ = synthetic_server
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        heavy = asyncio.create_task(client.post("/graphql", json={"query": bomb(25)}))
        await healthz_while(url, heavy)
        assert (await heavy).json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


async def test_healthz_answers_while_a_heavy_allowed_query_runs(synthetic_server: tuple[str, str]) -> None:
    url, task = synthetic_server
    aliases = " ".join(f'a{i}: task(id: "{task}") {{ downstream(first: 1000) {{ task {{ id }} }} }}' for i in range(19))
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        heavy = asyncio.create_task(
            client.post("/graphql", json={"query": f"{{ {aliases} }}"}, headers={"Cache-Control": "no-store"})
        )
        waits = await healthz_while(url, heavy)
        answer = (await heavy).json()
    assert "errors" not in answer, answer["errors"]
    assert len(answer["data"]["a0"]["downstream"]) > 100
    assert waits, "the heavy query finished before /healthz was asked"
