"""GraphQL answers remembered per data version: same request, same data, same bytes; never a stale answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.http.app import create_app
from stratagraph.http.response_cache import CachedAnswer, ResponseCache, answers_of_each_version
from stratagraph.model.records import Batch, Label, Node
from stratagraph.settings import Settings

NAME = '{ agency(id: "agency/cuc-bao-chi") { name } }'


def answer(size: int) -> CachedAnswer:
    return CachedAnswer.of(b"x" * size, [(b"content-type", b"application/json")])


# --- the cache itself ------------------------------------------------------------------------


async def test_an_answer_is_kept_for_its_version_only(bundled_store: Store) -> None:
    derived = Derived(bundled_store)
    answers = answers_of_each_version()
    cache = await derived.get(answers)
    cache.put("q", answer(10))
    assert (await derived.get(answers)).get("q") == answer(10)
    await bundled_store.write(Batch())
    assert (await derived.get(answers)).get("q") is None  # the data moved on: everything is forgotten
    cache.put("late", answer(10))  # computed on the older data, while the write committed
    assert (await derived.get(answers)).get("late") is None, "an answer of an older version is never served"


def test_memory_is_bounded_least_recently_used_first() -> None:
    cache = ResponseCache(max_bytes=100, max_entry=60)
    cache.put("a", answer(40))
    cache.put("b", answer(40))
    assert cache.get("a") is not None  # "b" is now the least recently used
    cache.put("c", answer(40))
    assert cache.get("b") is None
    assert cache.get("a") is not None
    assert cache.get("c") is not None
    assert cache.size == 80
    cache.put("big", answer(61))
    assert cache.get("big") is None


# --- through the endpoint --------------------------------------------------------------------


@pytest.fixture
def app(tmp_path: Path) -> Starlette:
    settings = Settings.from_env().with_changes(store="embedded", data_dir=tmp_path, debug=False)
    return create_app(settings)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


def cache_of(app: Starlette) -> ResponseCache:
    """The answers remembered for the data version last seen."""
    endpoint = next(route for route in app.routes if getattr(route, "path", None) == "/graphql").endpoint
    cache = app.state.derived.peek(endpoint.answers)
    assert isinstance(cache, ResponseCache)
    return cache


async def ask(client: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    return response


async def test_the_same_request_is_answered_from_memory(app: Starlette, client: httpx.AsyncClient) -> None:
    first = await ask(client, NAME)
    hits = cache_of(app).hits
    second = await ask(client, NAME)
    assert cache_of(app).hits == hits + 1
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["vary"] == first.headers["vary"]
    assert "Accept" in {v.strip() for v in second.headers["vary"].split(",")}


async def test_a_write_is_seen_by_the_next_request(app: Starlette, client: httpx.AsyncClient) -> None:
    assert (await ask(client, NAME)).json()["data"]["agency"]["name"] == "Cục Báo chí"
    store: Store = app.state.store
    [node] = (await store.get(["agency/cuc-bao-chi"])).values()
    renamed = Node(node.id, Label.AGENCY, {**node.props, "nameVi": "Cục Báo chí (mới)"}, node.sources)
    await store.write(Batch.of([renamed], []))
    assert (await ask(client, NAME)).json()["data"]["agency"]["name"] == "Cục Báo chí (mới)"


async def test_no_cache_computes_afresh(app: Starlette, client: httpx.AsyncClient) -> None:
    await ask(client, NAME)
    hits = cache_of(app).hits
    fresh = await ask(client, NAME, **{"Cache-Control": "no-cache"})
    assert cache_of(app).hits == hits
    assert fresh.json()["data"]["agency"]["name"] == "Cục Báo chí"


async def test_no_store_keeps_nothing(app: Starlette, client: httpx.AsyncClient) -> None:
    await ask(client, NAME)
    await ask(client, '{ agency(id: "agency/bo-tttt") { name } }', **{"Cache-Control": "no-store"})
    assert len(cache_of(app)) == 1, "only the first answer is kept"


async def test_answers_with_errors_are_not_kept(app: Starlette, client: httpx.AsyncClient) -> None:
    missing = '{ agency(id: "agency/no-such-agency") { name } }'
    for _ in range(2):
        assert (await ask(client, missing)).json()["errors"]
    assert cache_of(app).hits == 0
    assert len(cache_of(app)) == 0


async def test_variables_and_media_types_are_part_of_the_key(app: Starlette, client: httpx.AsyncClient) -> None:
    query = "query ($id: ID!) { agency(id: $id) { id } }"
    for agency in ("agency/cuc-bao-chi", "agency/bo-tttt"):
        response = await client.post("/graphql", json={"query": query, "variables": {"id": agency}})
        assert response.json() == {"data": {"agency": {"id": agency}}}
    graphql_json = await client.post(
        "/graphql", json={"query": NAME}, headers={"Accept": "application/graphql-response+json"}
    )
    plain = await client.post("/graphql", json={"query": NAME}, headers={"Accept": "application/json"})
    assert graphql_json.headers["content-type"].startswith("application/graphql-response+json")
    assert plain.headers["content-type"].startswith("application/json")


async def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    settings = Settings.from_env().with_changes(store="embedded", data_dir=tmp_path, debug=False, response_cache_mb=0)
    app = create_app(settings)
    endpoint = next(route for route in app.routes if getattr(route, "path", None) == "/graphql").endpoint
    assert endpoint.answers is None


async def test_a_remembered_body_sent_with_another_content_type_is_refused(client: httpx.AsyncClient) -> None:
    body = json.dumps({"query": NAME})
    await client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    refused = await client.post("/graphql", content=body, headers={"Content-Type": "text/plain"})
    assert refused.status_code == 415


async def test_get_and_post_are_remembered_apart(app: Starlette, client: httpx.AsyncClient) -> None:
    posted = await ask(client, NAME)
    got = await client.get("/graphql", params={"query": NAME})
    again = await client.get("/graphql", params={"query": NAME})
    assert got.status_code == again.status_code == 200
    assert got.content == again.content == posted.content
