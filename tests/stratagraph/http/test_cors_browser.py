"""CORS as a browser applies it: Debian's headless chromium on another loopback origin reads the service.

A page served from a second loopback server (``http://127.0.0.1:P`` and, as a
second origin, ``http://localhost:P``) fetches ``/context.jsonld`` and ``/rdf``. A
header the browser refuses (``*`` sent twice) or a grant to an origin that is not
listed shows up here as it would for a person, not only in the headers.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Route, sync_playwright

from tests.stratagraph.http.live import serve
from tests.stratagraph.http.test_playground_browser import ARGS, CHROMIUM, LOOPBACK

pytestmark = pytest.mark.browser

_PAGE = b"<!doctype html><html><head><meta charset='utf-8'><title>another origin</title></head><body></body></html>"
_FETCH = """async (url) => {
  try {
    const response = await fetch(url);
    return {status: response.status, body: (await response.text()).slice(0, 200)};
  } catch (error) {
    return {error: String(error)};
  }
}"""


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(_PAGE)))
        self.end_headers()
        self.wfile.write(_PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def page_port() -> Iterator[int]:
    """The port of a loopback server of one empty page: the other origin."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)"
    with sync_playwright() as playwright:
        the_browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield the_browser
        finally:
            the_browser.close()


@contextmanager
def page_on(browser: Browser, origin: str) -> Iterator[Any]:
    """A page of ``origin`` in a fresh context, every non-loopback request blocked."""
    context = browser.new_context()

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_loopback)
    try:
        page = context.new_page()
        page.goto(origin + "/")
        yield page
    finally:
        context.close()


def fetched(page: Any, url: str) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(_FETCH, url)
    return result


def test_any_origin_reads_the_context_and_the_graph(browser: Browser, page_port: int, tmp_path: Path) -> None:
    with serve(tmp_path) as base, page_on(browser, f"http://127.0.0.1:{page_port}") as page:
        context = fetched(page, f"{base}/context.jsonld")
        graph = fetched(page, f"{base}/rdf")
        grants = httpx.get(f"{base}/context.jsonld", headers={"Origin": "http://a.test"}).headers
    assert context.get("status") == 200, context
    assert '"@context"' in context["body"]
    assert graph.get("status") == 200, graph
    assert "@prefix" in graph["body"]
    assert grants.get_list("access-control-allow-origin") == ["*"]


def test_a_listed_origin_reads_and_another_does_not(browser: Browser, page_port: int, tmp_path: Path) -> None:
    listed, unlisted = f"http://127.0.0.1:{page_port}", f"http://localhost:{page_port}"
    with serve(tmp_path, cors_origins=(listed,)) as base:
        grants = {
            (path, origin): httpx.get(f"{base}{path}", headers={"Origin": origin}).headers.get_list(
                "access-control-allow-origin"
            )
            for path in ("/context.jsonld", "/rdf")
            for origin in (listed, unlisted)
        }
        with page_on(browser, listed) as page:
            context, graph = fetched(page, f"{base}/context.jsonld"), fetched(page, f"{base}/rdf")
        with page_on(browser, unlisted) as page:
            other_context, other_graph = fetched(page, f"{base}/context.jsonld"), fetched(page, f"{base}/rdf")
    assert context.get("status") == 200, context
    assert graph.get("status") == 200, graph
    assert "error" in other_context, other_context
    assert "error" in other_graph, other_graph
    for path in ("/context.jsonld", "/rdf"):
        assert grants[path, listed] == [listed], path
        assert grants[path, unlisted] == [], path


_FETCH_JSON_LD = """async (url) => {
  try {
    const response = await fetch(url, {headers: {Accept: "application/ld+json"}});
    return {status: response.status, type: response.headers.get("content-type"), body: await response.text()};
  } catch (error) {
    return {error: String(error)};
  }
}"""


def test_any_origin_reads_the_vocabulary_and_the_service_description(
    browser: Browser, page_port: int, tmp_path: Path
) -> None:
    """A browser-side JSON-LD processor on another origin gets the ontology and the SPARQL service description."""
    with serve(tmp_path) as base, page_on(browser, f"http://127.0.0.1:{page_port}") as page:
        ontology = page.evaluate(_FETCH_JSON_LD, f"{base}/ontology")
        service = page.evaluate(_FETCH_JSON_LD, f"{base}/sparql")
    assert ontology.get("status") == 200, ontology
    assert ontology["type"] == "application/ld+json"
    assert '"owl:Ontology"' in ontology["body"]
    assert service.get("status") == 200, service
    assert service["type"] == "application/ld+json"
    assert "http://www.w3.org/ns/sparql-service-description#endpoint" in service["body"], service["body"][:300]
