"""The plan report prints to PDF: Debian's chromium prints it, PDFium reads and renders the first page.

The first page must carry the plan's title and its timeline (the heading, the
task names on its axis, and its bars: pixels of the overdue colour, which only the
timeline's bars cover in that amount), and none of the screen's navigation. The
rendered page is written to ``tests/artifacts/pages/report-page1.png``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Route, expect, sync_playwright

from stratagraph.http.pages import PAGE_ENTRY
from stratagraph.http.web_build import WebBuild
from stratagraph.settings import REPOSITORY

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPOSITORY / "tests" / "artifacts" / "pages"
STRATEGY = "chien-luoc-cds-bao-chi"
OVERDUE_RGB = (0xB3, 0x26, 0x1E)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _overdue_pixels(image: object) -> int:
    data = image.convert("RGB").tobytes()  # type: ignore[attr-defined]
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for p in pixels if all(abs(a - b) <= 24 for a, b in zip(p, OVERDUE_RGB, strict=True)))


def test_report_prints_title_and_timeline_on_the_first_page(live_server: str, tmp_path: Path) -> None:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)"
    assert WebBuild().entry(PAGE_ENTRY) is not None, "the pages are not built: run `make install`"
    query = '{ plan(id: "plan/%s") { name tasks(first: 100) { edges { node { name deadlineState due } } } } }'
    answer = httpx.post(f"{live_server}/graphql", json={"query": query % STRATEGY}, timeout=30).json()
    plan = answer["data"]["plan"]
    overdue = [e["node"] for e in plan["tasks"]["edges"] if e["node"]["deadlineState"] == "OVERDUE"]
    assert overdue, "the Strategy has no overdue task in the bundled dataset"

    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    pdf = tmp_path / "report.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            context = browser.new_context()
            context.route("**/*", only_loopback)
            page = context.new_page()
            page.goto(f"{live_server}/plans/{STRATEGY}/report")
            expect(page.get_by_test_id("gantt").locator("svg")).to_be_visible(timeout=30_000)
            expect(page.get_by_test_id("report-gaps")).to_be_visible(timeout=30_000)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    assert not refused, f"the report reached other hosts: {refused}"

    document = pdfium.PdfDocument(pdf)
    try:
        assert len(document) >= 2, "the report fits on one page: its task table should start on the second"
        first = document[0]
        width, height = first.get_size()
        assert width > height, "the report is meant for A4 landscape"
        text = first.get_textpage().get_text_range()
        image = first.render(scale=1.5).to_pil()
    finally:
        document.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SHOTS / "report-page1.png")

    squeezed = _squeeze(text)
    assert _squeeze(plan["name"]) in squeezed, f"the title is not on the first page:\n{text}"
    assert _squeeze("Tiến độ (biểu đồ Gantt)") in squeezed
    assert _squeeze(overdue[0]["name"][:20]) in squeezed, "the timeline's task names are not on the first page"
    assert "GraphQL" not in text, "the screen's navigation was printed"
    assert _overdue_pixels(image) > 500, "no timeline bar is drawn on the first page"
