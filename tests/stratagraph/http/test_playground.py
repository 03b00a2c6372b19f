"""The GraphiQL playground: our page, our assets, nothing from a CDN.

The page and its assets do not touch the store, so the app runs here without
its lifespan (the store stays closed).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from stratagraph.http.app import create_app
from stratagraph.http.playground import ASSETS, DEFAULT_QUERY, NODE_MODULES, Playground
from stratagraph.http.web_build import PLAYGROUND_FONTS, WebBuild
from stratagraph.settings import Settings

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings.from_env().with_changes(store="embedded", data_dir=tmp_path))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def page(client: httpx.AsyncClient) -> httpx.Response:
    return await client.get("/graphql", headers={"Accept": BROWSER})


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


async def test_browsers_get_our_page(client: httpx.AsyncClient) -> None:
    response = await page(client)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>stratagraph · GraphQL playground</title>" in response.text
    assert 'agency(id: \\"agency/cuc-bao-chi\\")' in response.text  # the default query, as JSON
    assert "tasks(role: LEAD" in DEFAULT_QUERY


async def test_page_loads_only_our_own_assets(client: httpx.AsyncClient) -> None:
    response = await page(client)
    urls = asset_urls(response.text)
    fonts = WebBuild().url(PLAYGROUND_FONTS)
    assert fonts is not None, "the pages' build (with the playground's fonts) is missing: run `make install`"
    expected = [f"/assets/{a.package}/{version(a.package)}/{a.path}" for a in ASSETS] + [fonts]
    assert sorted(urls) == sorted(expected)
    assert (await client.get(fonts)).status_code == 200
    assert not re.search(r"https?://(?!www\.w3\.org)", response.text), "the page names an external URL"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "connect-src 'self'" in policy


async def test_every_asset_is_served_with_long_cache(client: httpx.AsyncClient) -> None:
    for url in asset_urls((await page(client)).text):
        response = await client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["content-type"].startswith(("text/javascript", "text/css"))
        assert len(response.content) > 1000


@pytest.mark.parametrize(
    "url",
    [
        "/assets/graphiql/0.0.0/graphiql.min.js",  # not the installed version
        "/assets/graphiql/{v}/package.json",  # not on the allow-list
        "/assets/graphiql/{v}/../react/umd/react.production.min.js",
        "/assets/graphql-http/{v}/lib/index.js",
        "/assets/graphiql/{v}/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    ],
)
async def test_only_allow_listed_files_are_served(client: httpx.AsyncClient, url: str) -> None:
    response = await client.get(url.format(v=version("graphiql")))
    assert response.status_code == 404


async def test_clients_without_html_get_graphql_errors_not_the_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "*/*"})
    assert response.status_code == 400
    assert 'no "query"' in response.json()["errors"][0]["message"]


async def test_missing_node_modules_is_a_clear_503(tmp_path: Path) -> None:
    playground = Playground(node_modules=tmp_path / "node_modules")
    app = Starlette(routes=[Route("/graphql", playground.page), *playground.routes()])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        response = await page(client)
        assert response.status_code == 503
        assert "make install" in response.text
        assert "cdn" in response.text.lower()  # says it never falls back to one
        assert not re.search(r"(?:src|href)=", response.text)
        asset = await client.get(f"/assets/graphiql/{version('graphiql')}/graphiql.min.js")
        assert asset.status_code == 404


def version(package: str) -> str:
    return Playground(node_modules=NODE_MODULES).versions()[package]  # type: ignore[index]


async def test_the_headers_tab_says_where_the_token_goes(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    found = re.search(r'<script id="playground-settings" type="application/json">(.*?)</script>', response.text, re.S)
    assert found is not None
    settings = json.loads(found.group(1))
    headers = json.loads(settings["defaultHeaders"])  # GraphiQL parses the tab as JSON
    (explanation,) = headers.values()
    assert '"Authorization": "Bearer sgt_..."' in explanation
    assert explanation.isascii()  # a fetch header must be ISO-8859-1: any page may send it as it is
    assert 'defaultEditorToolsVisibility: "headers"' in response.text
    assert "shouldPersistHeaders: false" in response.text  # a token is never saved in the browser
