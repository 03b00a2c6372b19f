"""The planners' pages: a shell per page, and the files of the front-end build they load.

Each page (home, plan, plan report, agency, task) is the same small HTML shell
naming the page and the entity's key in ``<body data-page data-key>``; its script
draws the page from the public GraphQL API, as any client of the service would.
The scripts, styles and fonts come from ``web/dist`` (built by Vite from
``web/src`` at ``make install``): the shell names them through Vite's manifest,
and ``/static/assets/{file}`` serves only the files the manifest lists, cached
for a year (their names carry a hash of their content). Nothing is loaded from
another host, and the pages' policy (``Content-Security-Policy``) forbids it.
When the build is missing, every page is a 503 that says how to make it.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from stratagraph.graph.store import Store
from stratagraph.http.playground import YEAR, security_headers
from stratagraph.http.web_build import Entry, WebBuild
from stratagraph.model.records import Label

__all__ = ["PAGE_ENTRY", "Pages"]

PAGE_ENTRY: Final = "src/pages.jsx"
ASSETS_PATH: Final = "/static/assets/"
MEDIA_TYPES: Final = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}

MISSING_PAGE: Final = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Pages not built</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; margin: 2rem; max-width: 48rem">
<h1>The planners' pages are not built</h1>
<p>Their files are missing from <code>web/dist</code>. Run <code>make install</code> in the stratagraph
repository (it installs the npm packages of <code>web/package-lock.json</code> and builds the pages), then
reload this page. The GraphQL API at <a href="/graphql">/graphql</a> works meanwhile.</p>
</body></html>
"""


@dataclass(frozen=True)
class Page:
    """A page of the front-end: its name in ``data-page`` and, for an entity's page, the entity's label."""

    name: str
    label: Label | None = None


HOME: Final = Page("home")
PLAN: Final = Page("plan", Label.PLAN)
REPORT: Final = Page("report", Label.PLAN)
AGENCY: Final = Page("agency", Label.AGENCY)
TASK: Final = Page("task", Label.TASK)


class Pages:
    """The routes of the planners' pages over ``store`` (only to answer 404 for an unknown entity)."""

    def __init__(self, store: Store, build: WebBuild | None = None) -> None:
        self.store = store
        self.build = build or WebBuild()

    @property
    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self._page(HOME)),
            Route("/plans/{key}", self._page(PLAN)),
            Route("/plans/{key}/report", self._page(REPORT)),
            Route("/agencies/{key}", self._page(AGENCY)),
            Route("/tasks/{key}", self._page(TASK)),
            Route(ASSETS_PATH + "{file}", self.asset),
        ]

    def _page(self, page: Page) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await self.page(request, page)

        return endpoint

    async def page(self, request: Request, page: Page) -> Response:
        entry = self.build.entry(PAGE_ENTRY)
        if entry is None or entry.script is None:
            return HTMLResponse(MISSING_PAGE, 503, headers={"Cache-Control": "no-store"})
        key = request.path_params.get("key", "")
        status = 200
        if page.label is not None:
            entity_id = f"{page.label.prefix}/{key}"
            found = (await self.store.get([entity_id])).get(entity_id)
            if found is None or found.label is not page.label:
                status = 404
        html = _shell(entry, page.name if status == 200 else "missing", key)
        return HTMLResponse(html, status, headers={"Cache-Control": "no-cache", **security_headers(_nonce())})

    async def asset(self, request: Request) -> Response:
        name = request.path_params["file"]
        if name not in self.build.files():
            return PlainTextResponse("no such asset\n", 404)
        media_type = MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
        return FileResponse(
            self.build.dist / "assets" / name,
            media_type=media_type,
            headers={"Cache-Control": f"public, max-age={YEAR}, immutable", "X-Content-Type-Options": "nosniff"},
        )


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _shell(entry: Entry, page: str, key: str) -> str:
    styles = "".join(f'<link rel="stylesheet" href="{escape(href)}">' for href in entry.styles)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>stratagraph</title><link rel="icon" href="data:,">{styles}
<script type="module" src="{escape(entry.script or "")}"></script></head>
<body data-page="{escape(page)}" data-key="{escape(key)}"><div id="app"><noscript><p style="margin:2rem">
Trang này cần JavaScript. Không có JavaScript, dữ liệu vẫn có tại <a href="/rdf">/rdf</a> và
<a href="/sparql">/sparql</a>.</p></noscript></div></body></html>
"""
