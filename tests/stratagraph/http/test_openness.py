"""The developers' conveniences of a public dataset — introspection, suggestions, the playground, GET — each on by
default and each turned off by its setting, as the README's security section says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from stratagraph.http.app import create_app
from stratagraph.settings import Settings

INTROSPECTION = "{ __schema { queryType { name } } }"
MISSPELT = "{ agencies { totalCont } }"
BROWSER = {"Accept": "text/html"}


async def client_with(tmp_path: Path, **changes: bool) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings.from_env().with_changes(store="embedded", data_dir=tmp_path, **changes)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest.fixture
async def default(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in client_with(tmp_path):
        yield client


@pytest.fixture
async def closed(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    off = {"introspection": False, "field_suggestions": False, "playground": False, "graphql_get": False}
    async for client in client_with(tmp_path, **off):
        yield client


async def test_by_default_every_convenience_is_on(default: httpx.AsyncClient) -> None:
    introspected = await default.post("/graphql", json={"query": INTROSPECTION})
    assert introspected.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    misspelt = await default.post("/graphql", json={"query": MISSPELT})
    assert "Did you mean 'totalCount'?" in misspelt.text
    page = await default.get("/graphql", headers=BROWSER)
    assert "graphiql" in page.text.lower()
    by_get = await default.get("/graphql", params={"query": "{ __typename }"})
    assert by_get.json() == {"data": {"__typename": "Query"}}


async def test_introspection_off_refuses_schema_questions(closed: httpx.AsyncClient) -> None:
    answer = (await closed.post("/graphql", json={"query": INTROSPECTION})).json()
    assert "introspection" in answer["errors"][0]["message"].lower()
    assert "data" not in answer


async def test_suggestions_off_name_no_field(closed: httpx.AsyncClient) -> None:
    message = (await closed.post("/graphql", json={"query": MISSPELT})).json()["errors"][0]["message"]
    assert "totalCont" in message
    assert "Did you mean" not in message


async def test_playground_off_serves_no_page_and_no_assets(closed: httpx.AsyncClient) -> None:
    page = await closed.get("/graphql", headers=BROWSER)
    assert "graphiql" not in page.text.lower()
    assert page.status_code in (405, 406)
    assets = await closed.get("/assets/graphiql/5.0.0/graphiql.min.js")
    assert assets.status_code == 404


async def test_get_off_takes_queries_by_post_only(closed: httpx.AsyncClient) -> None:
    refused = await closed.get("/graphql", params={"query": "{ __typename }"})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"
    posted = await closed.post("/graphql", json={"query": "{ __typename }"})
    assert posted.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(("value", "on"), [("0", False), ("off", False), ("false", False), ("1", True), ("yes", True)])
def test_a_switch_reads_the_usual_words(monkeypatch: pytest.MonkeyPatch, value: str, on: bool) -> None:
    monkeypatch.setenv("STRATAGRAPH_INTROSPECTION", value)
    assert Settings.from_env().introspection is on
