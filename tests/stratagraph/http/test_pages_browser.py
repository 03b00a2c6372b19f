"""The planners' pages in Debian's headless chromium, over loopback, against the real service.

Every page is opened at a laptop's 1366×768 and a phone's 390 px width and must
draw its data (checked against what the GraphQL API answers), make no request
that leaves loopback (every request is recorded; any other host is refused and
fails the test), log no console error, overflow no phone screen sideways, and
pass axe-core (from npm) with no serious or critical violation. Screenshots go to
``tests/artifacts/pages/`` (not committed). Fails (does not skip) without
``/usr/bin/chromium`` or the front-end build: ``make test`` makes both.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, expect, sync_playwright

from stratagraph.http.web_build import WebBuild
from stratagraph.settings import BUNDLED_DATASET, REPOSITORY
from tests.stratagraph.http.live import serve

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
AXE = REPOSITORY / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPOSITORY / "tests" / "artifacts" / "pages"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
STRATEGY = "chien-luoc-cds-bao-chi"
CBC = "agency/cuc-bao-chi"
MIC = "Bộ Thông tin và Truyền thông"
MCST = "Bộ Văn hóa, Thể thao và Du lịch"
INDEX_TASK = "task/781-phap-ly-bo-chi-so-truong-thanh"  # led by Cục Báo chí, with tasks downstream
PLAN_781 = "ke-hoach-hanh-dong-781"
RETIRED = "task/781-nen-tang-phat-thanh-so"  # the row a revision leaves out


def api(base: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, timeout=30)
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


@dataclass
class Watch:
    """What the pages did: every URL requested, the ones refused, the console errors."""

    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def request(self, request: Request) -> None:
        self.requested.append(request.url)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {message.location.get('url')}: {message.text}")

    def assert_clean(self) -> None:
        others = [url for url in self.requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")
                  and urlsplit(url).hostname not in LOOPBACK]  # fmt: skip
        assert not others + self.refused, f"requests left loopback: {others + self.refused}"
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)"
    assert WebBuild().entry("src/pages.jsx") is not None, "the pages are not built: run `make install`"
    assert AXE.is_file(), f"{AXE} is missing: run `make install`"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def open_page(browser: Browser, watch: Watch) -> Iterator[Any]:
    contexts = []

    def opener(viewport: dict[str, int] = LAPTOP) -> Page:
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        contexts.append(context)
        context.route("**/*", watch.route)
        context.on("request", watch.request)
        page = context.new_page()
        page.on("console", watch.console)
        page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
        return page

    yield opener
    for context in contexts:
        context.close()


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def check_page(page: Page, name: str) -> None:
    """Accessibility at this size, the phone's width not overflowed, and a screenshot for the reader."""
    page.wait_for_load_state("networkidle")
    assert not axe_violations(page), "\n".join(axe_violations(page))
    width = page.viewport_size["width"] if page.viewport_size else 0
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{name}: the page is {overflow} px wide in a {width} px window"
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_home_shows_plans_states_overdue_and_search(live_server: str, open_page: Any, watch: Watch) -> None:
    query = """{ plans(first: 50) { totalCount }
      overdue: tasks(first: 100, filter: {deadlineState: [OVERDUE]}) { totalCount edges { node { name } } }
      done: tasks(first: 0, filter: {deadlineState: [DONE]}) { totalCount } }"""
    expected = api(live_server, query)
    for viewport in (LAPTOP, PHONE):
        page = open_page(viewport)
        page.goto(f"{live_server}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan kế hoạch", timeout=30_000)
        plans = page.get_by_test_id("plans").locator("tbody tr")
        expect(plans).to_have_count(expected["plans"]["totalCount"])
        tiles = page.get_by_test_id("state-tiles")
        expect(tiles.locator('[data-state="OVERDUE"] .tile-count')).to_have_text(str(expected["overdue"]["totalCount"]))
        expect(tiles.locator('[data-state="DONE"] .tile-count')).to_have_text(str(expected["done"]["totalCount"]))
        overdue = page.get_by_test_id("overdue").locator("tbody tr")
        expect(overdue).to_have_count(len(expected["overdue"]["edges"]))
        for edge in expected["overdue"]["edges"]:
            expect(page.get_by_test_id("overdue")).to_contain_text(edge["node"]["name"])
        for link in ("/graphql", "/sparql", "/rdf?format=ttl"):
            expect(page.locator(f'main a[href="{link}"]')).to_have_count(1)
        check_page(page, "home")

    page.get_by_label(re.compile("Tìm cơ quan")).fill("cuc bao chi")  # no diacritics, as planners type
    results = page.get_by_test_id("search-results")
    expect(results.get_by_role("link", name="Cục Báo chí", exact=True)).to_be_visible(timeout=30_000)
    results.get_by_role("link", name="Cục Báo chí", exact=True).click()
    expect(page).to_have_url(re.compile("/agencies/cuc-bao-chi$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cục Báo chí", timeout=30_000)
    watch.assert_clean()


def test_language_switch_is_remembered(live_server: str, open_page: Any, watch: Watch) -> None:
    page = open_page()
    page.goto(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan kế hoạch", timeout=30_000)
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans at a glance")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server}/plans/{STRATEGY}")
    expect(page.get_by_role("heading", name="Timeline (Gantt chart)")).to_be_visible(timeout=30_000)
    english = api(live_server, f'{{ plan(id: "plan/{STRATEGY}") {{ name(lang: EN) }} }}')["plan"]["name"]
    expect(page.get_by_role("heading", level=1)).to_have_text(english)
    page.goto(f"{live_server}/?lang=vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan kế hoạch", timeout=30_000)
    watch.assert_clean()


PLAN_QUERY = """query ($id: ID!) { plan(id: $id) {
  name criticalPath { tasks { task { id } } }
  tasks(first: 100) { totalCount edges { node { id name due deadline { end } dependsOn(first: 20) { id } } } }
  responsibilityMatrix { rows(first: 300) { cells { role } } }
  indicators(first: 60) { id targets(plan: $id) { year value } measurements { value } }
  gaps(first: 200) { kind } } }"""


def test_plan_page_draws_timeline_graph_matrix_indicators_and_gaps(
    live_server: str, open_page: Any, watch: Watch
) -> None:
    plan = api(live_server, PLAN_QUERY, id=f"plan/{STRATEGY}")["plan"]
    tasks = [edge["node"] for edge in plan["tasks"]["edges"]]
    assert len(tasks) == plan["tasks"]["totalCount"]
    dated = [t for t in tasks if (t["deadline"] or {}).get("end") or t["due"]]
    assert dated, "the Strategy has no dated task in the bundled dataset"
    critical = {step["task"]["id"] for step in plan["criticalPath"]["tasks"]}
    linked = {t["id"] for t in tasks if t["dependsOn"]} | {d["id"] for t in tasks for d in t["dependsOn"]}
    cells = sum(len(row["cells"]) for row in plan["responsibilityMatrix"]["rows"])
    charted = [
        i
        for i in plan["indicators"]
        if any(x["value"] is not None and x["year"] for x in i["targets"])
        or any(m["value"] is not None for m in i["measurements"])
    ]

    for viewport in (LAPTOP, PHONE):
        page = open_page(viewport)
        page.goto(f"{live_server}/plans/{STRATEGY}")
        expect(page.get_by_role("heading", level=1)).to_have_text(plan["name"], timeout=30_000)
        gantt = page.get_by_test_id("gantt")
        bars = gantt.locator("svg g[aria-label='bar']:not([aria-hidden]) a")  # Plot: one link per bar
        expect(bars).to_have_count(len(dated), timeout=30_000)
        hrefs = set(bars.evaluate_all("links => links.map(a => a.href.baseVal)"))
        assert hrefs == {f"/tasks/{t['id'].split('/', 1)[1]}" for t in dated}
        for task in dated:
            label = bars.locator(f"[aria-label^='{task['name'][:30]}']")
            expect(label.first).to_be_attached()
        outlined = gantt.locator("svg g[aria-hidden='true'] rect")
        expect(outlined).to_have_count(len(critical & {t["id"] for t in dated}))
        expect(gantt.get_by_text("Hôm nay")).to_be_visible()

        graph = page.get_by_test_id("dependency-graph")
        expect(graph.locator("a.node")).to_have_count(len(linked))
        for task_id in critical & linked:
            expect(graph.locator(f'a.node[data-id="{task_id}"]')).to_have_class(re.compile("critical"))
        expect(page.get_by_test_id("heatmap").locator("svg a")).to_have_count(cells, timeout=30_000)
        expect(page.get_by_test_id("indicator-chart")).to_have_count(len(charted), timeout=30_000)
        expect(page.get_by_test_id("gaps").locator("tbody tr")).to_have_count(len(plan["gaps"]), timeout=30_000)
        check_page(page, "plan")

    first = sorted(linked)[0]
    page.get_by_test_id("dependency-graph").locator(f'a.node[data-id="{first}"]').focus()
    page.keyboard.press("Enter")  # the graph works from the keyboard
    expect(page).to_have_url(re.compile(f"/tasks/{re.escape(first.split('/', 1)[1])}$"))
    expect(page.get_by_role("heading", name="Chuỗi trách nhiệm")).to_be_visible(timeout=30_000)
    watch.assert_clean()


def test_agency_chart_follows_the_date(live_server: str, open_page: Any, watch: Watch) -> None:
    query = """query ($id: ID!, $day: Date!) { agency(id: $id) { name parents(asOf: $day) { agency { id name } } } }"""
    in_2023 = api(live_server, query, id=CBC, day="2023-06-01")["agency"]
    in_2025 = api(live_server, query, id=CBC, day="2025-06-01")["agency"]
    assert [p["agency"]["name"] for p in in_2023["parents"]] == [MIC]
    assert [p["agency"]["name"] for p in in_2025["parents"]] == [MCST]
    workload = api(
        live_server, "query ($id: ID!) { agency(id: $id) { workload { assignments(first: 300) { role } } } }", id=CBC
    )["agency"]["workload"]["assignments"]

    for viewport in (LAPTOP, PHONE):
        page = open_page(viewport)
        page.goto(f"{live_server}/agencies/cuc-bao-chi")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Cục Báo chí", timeout=30_000)
        chart = page.get_by_test_id("org-chart")
        for day, parents, other in (("01/06/2023", in_2023, MCST), ("01/06/2025", in_2025, MIC)):
            page.get_by_label("Tính đến ngày").fill(day)
            page.get_by_label("Tính đến ngày").press("Enter")
            parent = parents["parents"][0]["agency"]
            expect(page.get_by_test_id("parents")).to_have_text(re.compile(re.escape(parent["name"])), timeout=30_000)
            expect(page.get_by_test_id("parents")).not_to_contain_text(other)
            edge = chart.locator(f'path.edge[data-from="{parent["id"]}"][data-to="{CBC}"]')
            expect(edge).to_have_count(1)
            expect(chart.locator(f'a.node[data-id="{parent["id"]}"]')).to_contain_text(parent["name"].split()[0])
            assert f"asOf={'2023' if '2023' in day else '2025'}-06-01" in page.url  # shareable
        leads = page.get_by_test_id("lead-tasks").locator("tbody tr")
        expect(leads).to_have_count(sum(1 for a in workload if a["role"] == "LEAD"))
        supports = page.get_by_test_id("support-tasks").locator("tbody tr")
        expect(supports).to_have_count(sum(1 for a in workload if a["role"] == "SUPPORT"))
        check_page(page, "agency")
    page.get_by_label("Tính đến ngày").fill("31/02/2025")
    page.get_by_label("Tính đến ngày").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("dd/mm/yyyy")
    watch.assert_clean()


def test_task_page_chain_reach_delay_and_sources(live_server: str, open_page: Any, watch: Watch) -> None:
    query = """query ($id: ID!, $day: Date!) { task(id: $id) {
      name accountability(asOf: $day) { chain { name } }
      upstream(first: 50) { task { id } } downstream(first: 50) { task { id } }
      delayImpact(days: 90) { moved(first: 200) { task { id } missesDeadline } }
      sources { quote } } }"""
    in_2023 = api(live_server, query, id=INDEX_TASK, day="2023-06-01")["task"]
    in_2025 = api(live_server, query, id=INDEX_TASK, day="2025-06-01")["task"]
    assert MIC in [a["name"] for a in in_2023["accountability"]["chain"]]
    assert MCST in [a["name"] for a in in_2025["accountability"]["chain"]]
    moved = [m["task"]["id"] for m in in_2023["delayImpact"]["moved"]]
    assert len(moved) > 1, "a 90-day slip of the index task moves nothing downstream in the dataset"

    for viewport in (LAPTOP, PHONE):
        page = open_page(viewport)
        page.goto(f"{live_server}/tasks/{INDEX_TASK.split('/', 1)[1]}?asOf=2023-06-01")
        expect(page.get_by_role("heading", level=1)).to_have_text(in_2023["name"], timeout=30_000)
        chain = page.get_by_test_id("chain")
        expect(chain).to_contain_text(MIC)
        expect(chain).not_to_contain_text(MCST)
        expect(page.get_by_test_id("downstream").locator("li")).to_have_count(len(in_2023["downstream"]))
        quotes = [s["quote"] for s in in_2023["sources"] if s["quote"]]
        expect(page.get_by_test_id("sources").locator("blockquote")).to_have_count(len(quotes))
        page.get_by_label("Tính đến ngày").fill("01/06/2025")
        page.get_by_role("button", name="Xem").click()
        expect(chain).to_contain_text(MCST, timeout=30_000)
        page.get_by_label("Số ngày chậm").fill("90")
        page.get_by_role("button", name="Tính ảnh hưởng").click()
        rows = page.get_by_test_id("moved").locator("tbody tr")
        expect(rows).to_have_count(len(moved), timeout=30_000)
        assert rows.evaluate_all("rows => rows.map(r => r.dataset.task)") == moved
        missed = [m["task"]["id"] for m in in_2023["delayImpact"]["moved"] if m["missesDeadline"]]
        expect(page.get_by_test_id("moved").locator("tr.missed")).to_have_count(len(missed))
        check_page(page, "task")
    watch.assert_clean()


def test_a_retired_task_says_when_and_by_which_table(tmp_path: Path, open_page: Any, watch: Watch) -> None:
    """A planner revises 781's table without one row and loads it with --replace; the task's page says it left.

    The commands run as a planner runs them (in their own process: playwright's loop holds this thread).
    """

    def stratagraph(*args: str) -> str:
        command = [str(Path(sys.executable).with_name("stratagraph")), *args, "--data-dir", str(tmp_path)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    stratagraph("load", str(BUNDLED_DATASET))
    table = tmp_path / "phu-luc-v2.csv"
    stratagraph("export", "--plan", PLAN_781, "-o", str(table))
    kept = [line for line in table.read_text(encoding="utf-8").splitlines() if RETIRED.split("/")[1] not in line]
    table.write_text("\n".join(kept) + "\n", encoding="utf-8")
    revised = stratagraph("load", str(table), "--plan", PLAN_781, "--doc", "781/QĐ-BTTTT", "--replace")
    assert f"retired 1 by phu-luc-v2.csv:\n  {RETIRED}" in revised
    with serve(tmp_path) as base:
        retired = api(base, "query ($id: ID!) { task(id: $id) { name retired { on by } } }", id=RETIRED)["task"]
        assert retired["retired"]["by"] == "phu-luc-v2.csv"
        on = dt.date.fromisoformat(retired["retired"]["on"])
        for viewport in (LAPTOP, PHONE):
            page = open_page(viewport)
            page.goto(f"{base}/tasks/{RETIRED.split('/', 1)[1]}")
            expect(page.get_by_role("heading", level=1)).to_have_text(retired["name"], timeout=30_000)
            note = page.get_by_test_id("retired")
            expect(note).to_contain_text(f"Đã bỏ khỏi kế hoạch ngày {on:%d/%m/%Y} (phu-luc-v2.csv)")
            check_page(page, "task-retired")
        live = api(base, "query ($id: ID!) { task(id: $id) { name retired { on } } }", id=INDEX_TASK)["task"]
        assert live["retired"] is None
        page.goto(f"{base}/tasks/{INDEX_TASK.split('/', 1)[1]}")
        expect(page.get_by_role("heading", level=1)).to_have_text(live["name"], timeout=30_000)
        expect(page.get_by_test_id("retired")).to_have_count(0)
    watch.assert_clean()


def test_unknown_entity_page_says_not_found(live_server: str, open_page: Any, watch: Watch) -> None:
    page = open_page()
    response = page.goto(f"{live_server}/plans/no-such-plan")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy.", timeout=30_000)
    watch.problems = [p for p in watch.problems if "404" not in p]  # the page's own status, logged by chromium
    watch.assert_clean()


def test_sparql_form_shows_a_table_and_entity_pages_read_in_words(
    live_server: str, open_page: Any, watch: Watch
) -> None:
    page = open_page()
    page.goto(f"{live_server}/sparql")
    page.get_by_role("button", name=re.compile("Chạy")).click()
    table = page.locator("#results")
    expect(table.locator("tbody tr")).to_have_count(20, timeout=30_000)  # the example asks LIMIT 20
    expect(table.locator("thead th")).to_have_text(["task", "name", "lead"])
    check_page(page, "sparql")
    table.locator("tbody a[href^='/id/task/']").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Thông tin"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("link", name="Xem dạng trực quan →")).to_have_attribute("href", re.compile("^/tasks/"))
    page.goto(f"{live_server}/id/{CBC}")
    expect(page.get_by_role("rowheader", name=re.compile("Loại cơ quan")).first).to_be_visible()
    check_page(page, "entity")
    watch.assert_clean()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_vocabulary_pages_read_well_and_land_on_a_term(
    live_server: str, open_page: Any, watch: Watch, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(f"{live_server}/ontology#Agency")
    expect(page.locator("section#Agency h3")).to_have_text("Cơ quan, đơn vị", timeout=30_000)
    expect(page.locator("section#Agency")).to_be_in_viewport()
    check_page(page, "ontology")
    page.goto(f"{live_server}/shapes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ràng buộc SHACL của stratagraph")
    check_page(page, "shapes")
    watch.assert_clean()
