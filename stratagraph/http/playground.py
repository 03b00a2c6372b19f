"""The GraphiQL playground, served entirely by this service (no CDN).

The page is ``graphiql.html`` next to this module; React, ReactDOM and GraphiQL
come from ``web/node_modules`` (installed by ``make install``), its fonts (Noto Sans
Mono and Be Vietnam Pro, which have every Vietnamese letter) from the pages' build
(``web_build``), through
``/assets/{package}/{version}/{file}``, which serves only the allow-listed files
below, cached for a year (the version in the path changes when they do). When
the files are missing the page is a 503 that says how to install them.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Final

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from stratagraph.http.web_build import PLAYGROUND_FONTS, WebBuild
from stratagraph.settings import PACKAGE

NODE_MODULES: Final = PACKAGE / "web" / "node_modules"
TEMPLATE: Final = Path(__file__).with_name("graphiql.html")
ASSET_ROUTE: Final = "playground-asset"
YEAR: Final = 365 * 24 * 3600

DEFAULT_HEADERS: Final = json.dumps(
    {
        "X-How-To-Write": "Reads need no token. To write (mutations), replace this line with "
        '"Authorization": "Bearer sgt_..." and your token (ask your administrator: stratagraph token create). '
        "Tokens are for POST only, are never saved by this page, and each write is recorded with the token's "
        "name and agency."
    },
    indent=2,
)
"""The Headers tab's text: JSON (GraphiQL parses it as such, so it cannot hold a comment); the server ignores
the header, which only explains where the token goes."""

DEFAULT_QUERY: Final = """\
# Tasks the Press Department (Cục Báo chí) leads (chủ trì),
# with their deadlines, soonest first.
# Run: Ctrl-Enter or ▶. Schema docs: the book icon.
{
  agency(id: "agency/cuc-bao-chi") {
    name
    tasks(role: LEAD, orderBy: {field: DEADLINE}) {
      totalCount
      edges {
        node {
          name
          deadline {
            text
            due
          }
        }
      }
    }
  }
}
"""


@dataclass(frozen=True)
class Asset:
    """One file the playground may load: ``package/path`` under ``node_modules``."""

    key: str  # the template placeholder
    package: str
    path: str
    media_type: str


ASSETS: Final = (
    Asset("react_js", "react", "umd/react.production.min.js", "text/javascript"),
    Asset("react_dom_js", "react-dom", "umd/react-dom.production.min.js", "text/javascript"),
    Asset("graphiql_js", "graphiql", "graphiql.min.js", "text/javascript"),
    Asset("graphiql_css", "graphiql", "graphiql.min.css", "text/css"),
)

MISSING_PAGE: Final = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Playground not installed</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; margin: 2rem; max-width: 48rem">
<h1>The GraphQL playground is not installed</h1>
<p>Its files (GraphiQL and React) are missing from <code>web/node_modules</code>.
Run <code>make install</code> in the stratagraph repository (it runs <code>npm ci</code>
in <code>web/</code>), then reload this page. The playground is never loaded from a CDN.</p>
<p>The GraphQL endpoint itself works: POST queries to this URL as
<code>application/json</code>.</p>
</body></html>
"""


class Playground:
    def __init__(
        self, endpoint: str = "/graphql", node_modules: Path = NODE_MODULES, build: WebBuild | None = None
    ) -> None:
        self.endpoint = endpoint
        self.node_modules = node_modules
        self.build = build or WebBuild()
        self.template = Template(TEMPLATE.read_text(encoding="utf-8"))
        self._versions: dict[str, str] | None = None

    def routes(self) -> list[BaseRoute]:
        return [Route("/assets/{package}/{version}/{file:path}", self.asset, name=ASSET_ROUTE)]

    def versions(self) -> dict[str, str] | None:
        """Installed version of each asset package; None while any allow-listed file is missing."""
        if self._versions is None:
            if not all((self.node_modules / a.package / a.path).is_file() for a in ASSETS):
                return None
            self._versions = {a.package: self._version(a.package) for a in ASSETS}
        return self._versions

    def _version(self, package: str) -> str:
        manifest = json.loads((self.node_modules / package / "package.json").read_text(encoding="utf-8"))
        return str(manifest["version"])

    async def page(self, request: Request) -> Response:
        versions = self.versions()
        if versions is None:
            return HTMLResponse(MISSING_PAGE, 503, headers={"Cache-Control": "no-store"})
        nonce = secrets.token_urlsafe(16)
        urls = {
            a.key: request.url_for(ASSET_ROUTE, package=a.package, version=versions[a.package], file=a.path).path
            for a in ASSETS
        }
        settings = {
            "endpoint": self.endpoint,
            "defaultQuery": DEFAULT_QUERY,
            "defaultHeaders": DEFAULT_HEADERS,
            "subtitle": "GraphQL playground",
        }
        fonts = self.build.url(PLAYGROUND_FONTS)  # Vietnamese in the editors; the system's fonts without a build
        link = f'<link rel="stylesheet" href="{fonts}" />' if fonts else ""
        html = self.template.substitute(
            urls, nonce=nonce, endpoint=self.endpoint, settings=_script_json(settings), fonts=link
        )
        return HTMLResponse(html, headers={"Cache-Control": "no-cache", **security_headers(nonce)})

    async def asset(self, request: Request) -> Response:
        package, version, path = (request.path_params[k] for k in ("package", "version", "file"))
        asset = next((a for a in ASSETS if a.package == package and a.path == path), None)
        versions = self.versions()
        if asset is None or versions is None or versions[package] != version:
            return PlainTextResponse("no such asset\n", 404)
        return FileResponse(
            self.node_modules / asset.package / asset.path,
            media_type=f"{asset.media_type}; charset=utf-8",
            headers={"Cache-Control": f"public, max-age={YEAR}, immutable", "X-Content-Type-Options": "nosniff"},
        )


def security_headers(nonce: str) -> dict[str, str]:
    """A policy that lets the page load only from this origin: a CDN request would be refused."""
    policy = "; ".join(
        (
            "default-src 'none'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>`` can end it early)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
