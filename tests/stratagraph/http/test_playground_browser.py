"""The playground in Debian's headless chromium, with every non-loopback request blocked.

Fails (does not skip) when ``/usr/bin/chromium`` is missing: ``make test`` installs
it (``make browser``); never a Playwright browser download.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Page, Route, expect, sync_playwright

from stratagraph.http.playground import DEFAULT_QUERY

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def expected_result(base: str) -> dict[str, object]:
    """What the default query answers, asked over plain HTTP."""
    response = httpx.post(f"{base}/graphql", json={"query": DEFAULT_QUERY})
    response.raise_for_status()
    agency: dict[str, object] = response.json()["data"]["agency"]
    return agency


def test_playground_runs_the_default_query_offline(live_server: str, tmp_path: Path) -> None:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)"
    agency = expected_result(live_server)
    edges = agency["tasks"]["edges"]  # type: ignore[index]
    names = [edge["node"]["name"] for edge in edges]
    deadlines = [edge["node"]["deadline"] for edge in edges if edge["node"]["deadline"]]
    assert names, "the Press Department leads no task in the bundled dataset"
    assert deadlines, "none of the Press Department's tasks has a deadline in the bundled dataset"

    blocked: list[str] = []
    problems: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    screenshot = tmp_path / "playground.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1300})
            context.route("**/*", only_loopback)
            page = context.new_page()
            page.on("console", console)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.goto(f"{live_server}/graphql")
            expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible(timeout=30_000)
            expect(page.locator(".graphiql-query-editor")).to_contain_text("agency/cuc-bao-chi")
            page.get_by_role("button", name=re.compile("Execute query")).click()
            result = page.locator(".graphiql-response")
            expect(result).to_contain_text('"totalCount"', timeout=30_000)
            page.screenshot(path=str(screenshot))
            shown = result.inner_text()
            page.get_by_role("button", name=re.compile("Documentation Explorer")).click()
            docs = page.locator(".graphiql-doc-explorer")
            expect(docs).to_contain_text("Query", timeout=30_000)  # the schema came by introspection
            docs.get_by_text("Query", exact=True).first.click()
            expect(docs).to_contain_text("agency")
            page.screenshot(path=str(tmp_path / "docs.png"))
        finally:
            browser.close()
    print(f"screenshot: {screenshot}")

    assert not blocked, f"the playground tried to reach other hosts: {blocked}"
    assert not problems, "\n".join(problems)
    assert agency["name"] in shown
    for name in names:
        assert name in shown, f"task {name!r} is not in the result pane"
    first = deadlines[0]
    assert first["text"] in shown
    assert first["due"] in shown


def fonts_rendering(page: Page, selector: str, text: str) -> dict[str, int]:
    """Font family -> glyphs chromium drew with it, for the first element under ``selector`` showing ``text``."""
    found = page.evaluate(
        """([selector, text]) => {
            const hit = [...document.querySelectorAll(selector)].find((e) => e.textContent.includes(text)
                && ![...e.children].some((c) => c.textContent.includes(text)));
            if (hit) hit.setAttribute("data-font-probe", "1");
            return Boolean(hit);
        }""",
        [selector, text],
    )
    assert found, f"no element under {selector} shows {text!r}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-font-probe]"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    page.evaluate("document.querySelector('[data-font-probe]').removeAttribute('data-font-probe')")
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_playground_draws_vietnamese_with_a_font_that_has_it(live_server: str, tmp_path: Path) -> None:
    """Editor and results in Noto Sans Mono (from npm), every glyph of it: no letter falls back to another font."""
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{live_server}/graphql")
            editor = page.locator(".graphiql-query-editor .CodeMirror")
            expect(editor).to_contain_text("Cục Báo chí", timeout=30_000)
            page.get_by_role("button", name=re.compile("Execute query")).click()
            result = page.locator(".graphiql-response")
            expect(result).to_contain_text("Cục Báo chí", timeout=30_000)
            page.evaluate("document.fonts.ready.then(() => true)")
            in_editor = fonts_rendering(page, ".graphiql-query-editor .CodeMirror-line span", "Cục Báo chí")
            in_result = fonts_rendering(page, ".graphiql-response .CodeMirror-line span", "Cục Báo chí")
            page.screenshot(path=str(tmp_path / "playground-fonts.png"))
        finally:
            browser.close()
    for where, fonts in (("editor", in_editor), ("result", in_result)):
        assert list(fonts) == ["Noto Sans Mono"], f"the {where} draws with {fonts}"
    fonts_loaded = [url for url in requested if url.endswith(".woff2")]
    assert any("noto-sans-mono-vietnamese" in url for url in fonts_loaded), fonts_loaded
    assert all(urlsplit(url).hostname in LOOPBACK for url in requested)
