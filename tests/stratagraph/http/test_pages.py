"""The planners' pages as the service sends them: shells, their build's files, and the queries they ask.

In-process (httpx over ASGI): each page is a shell naming the page and the entity
that loads only this service's built files; an unknown entity is a 404; only files
the build's manifest lists are served; without a build every page says how to make
it. Every GraphQL document the pages send (``web/src/queries/*.graphql``) is valid
against the schema and costs at most half the service's limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from graphql import get_operation_ast, parse, validate
from starlette.applications import Starlette

from stratagraph.http.app import create_app
from stratagraph.http.pages import PAGE_ENTRY
from stratagraph.http.web_build import PLAYGROUND_FONTS, WebBuild
from stratagraph.schema import DEFAULT_MAX_COST, build_schema
from stratagraph.settings import REPOSITORY, Settings

QUERIES = sorted((REPOSITORY / "web" / "src" / "queries").glob("*.graphql"))
in_module_loop = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings.from_env().with_changes(
        store="embedded", data_dir=tmp_path_factory.mktemp("store"), debug=False
    )
    app: Starlette = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def test_the_pages_are_built() -> None:
    build = WebBuild()
    assert build.entry(PAGE_ENTRY) is not None, "web/dist is missing: run `make install` (it builds the pages)"
    assert build.url(PLAYGROUND_FONTS) is not None


@in_module_loop
@pytest.mark.parametrize(
    ("path", "page", "key"),
    [
        ("/", "home", ""),
        ("/plans/chien-luoc-cds-bao-chi", "plan", "chien-luoc-cds-bao-chi"),
        ("/plans/chien-luoc-cds-bao-chi/report", "report", "chien-luoc-cds-bao-chi"),
        ("/agencies/cuc-bao-chi", "agency", "cuc-bao-chi"),
        ("/tasks/781-phap-ly-bo-chi-so-truong-thanh", "task", "781-phap-ly-bo-chi-so-truong-thanh"),
    ],
)
async def test_each_page_is_a_shell_loading_only_this_service(
    client: httpx.AsyncClient, path: str, page: str, key: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f'data-page="{page}"' in response.text
    assert f'data-key="{key}"' in response.text
    assert '<html lang="vi">' in response.text
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'self'" in policy
    assert "script-src 'self'" in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources
    for source in sources:
        assert source.startswith(("/", "data:")), f"{source} is not on this service"
        if source.startswith("/static/"):
            asset = await client.get(source)
            assert asset.status_code == 200, source
            assert "immutable" in asset.headers["cache-control"]


@in_module_loop
@pytest.mark.parametrize(
    "path",
    ["/plans/no-such-plan", "/plans/no-such-plan/report", "/agencies/no-such", "/tasks/no-such",
     "/agencies/chien-luoc-cds-bao-chi", "/tasks/cuc-bao-chi"],
)  # fmt: skip
async def test_unknown_entities_are_404_pages(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert 'data-page="missing"' in response.text


@in_module_loop
async def test_only_the_builds_listed_files_are_served(client: httpx.AsyncClient) -> None:
    build = WebBuild()
    files = build.files()
    assert any(name.endswith(".woff2") for name in files), "the fonts are not in the build"
    for name in ("../../pyproject.toml", "..%2F..%2Fpyproject.toml", ".vite/manifest.json", "nope.js"):
        response = await client.get(f"/static/assets/{name}")
        assert response.status_code == 404, name
    font = next(name for name in files if name.endswith(".woff2"))
    response = await client.get(f"/static/assets/{font}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "font/woff2"


@in_module_loop
async def test_without_a_build_pages_say_how_to_make_it(tmp_path: Path) -> None:
    from stratagraph.graph.open import open_store
    from stratagraph.http.pages import Pages

    store = open_store("embedded", path=tmp_path / "s.sqlite3")
    await store.open()
    try:
        app = Starlette(routes=Pages(store, WebBuild(tmp_path / "dist")).routes)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            response = await http.get("/")
            assert response.status_code == 503
            assert "make install" in response.text
            assert (await http.get("/static/assets/pages.js")).status_code == 404
    finally:
        await store.close()


def test_a_rebuild_is_seen_without_a_restart(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / ".vite").mkdir(parents=True)
    manifest = dist / ".vite" / "manifest.json"
    manifest.write_text(json.dumps({PAGE_ENTRY: {"file": "assets/pages-a.js", "isEntry": True}}))
    build = WebBuild(dist)
    assert build.entry(PAGE_ENTRY).script == "/static/assets/pages-a.js"  # type: ignore[union-attr]
    manifest.write_text(json.dumps({PAGE_ENTRY: {"file": "assets/pages-b.js", "css": ["assets/b.css"]}}))
    import os

    os.utime(manifest, (1, 1))  # a different modification time, whatever the clock's resolution
    entry = build.entry(PAGE_ENTRY)
    assert entry is not None
    assert (entry.script, entry.styles) == ("/static/assets/pages-b.js", ("/static/assets/b.css",))
    assert build.files() == {"pages-b.js", "b.css"}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_every_page_query_is_valid_and_well_within_the_cost_limit(path: Path) -> None:
    schema = build_schema()
    document = parse(path.read_text(encoding="utf-8"))
    errors = validate(schema.graphql_schema, document)
    assert not errors, [e.message for e in errors]
    operation = get_operation_ast(document)
    assert operation is not None
    variables = {"first": 100, "days": 3650, "after": None}
    cost = schema.cost.cost(document, operation, variables)
    assert cost <= DEFAULT_MAX_COST // 2, f"{path.name} costs {cost}, over half the limit {DEFAULT_MAX_COST}"


def test_the_pages_ask_only_the_queries_in_their_folder() -> None:
    """No GraphQL text hides in the pages' code, where the cost test above would not see it."""
    sources = [p for p in (REPOSITORY / "web" / "src").rglob("*") if p.suffix in (".js", ".jsx")]
    assert sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"\{\s*(plan|agency|task|tasks|plans|search)\s*\(", text), f"inline query in {source}"
    assert len(QUERIES) >= 9
