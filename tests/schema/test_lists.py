"""Relay lists: ordering, filters and paging with opaque cursors; plain lists capped by `first`; arguments' bounds."""

from __future__ import annotations

import re

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context
from tests.schema.conftest import Run


async def test_documents_newest_first(run: Run) -> None:
    data = await run("{ documents(orderBy: {field: DATE, descending: true}, first: 100) { edges { node { date } } } }")
    dates = [e["node"]["date"] for e in data["documents"]["edges"] if e["node"]["date"]]
    assert dates == sorted(dates, reverse=True)


async def test_paging_visits_every_agency_once(run: Run) -> None:
    seen: list[str] = []
    after = None
    while True:
        cursor = f', after: "{after}"' if after else ""
        page = (
            await run(
                f"{{ agencies(first: 7{cursor}) "
                "{ totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }"
            )
        )["agencies"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


async def test_agencies_by_type_and_parent(run: Run) -> None:
    data = await run(
        '{ ministries: agencies(filter: {type: "ministry"}, first: 100) { edges { node { type } } } '
        'units: agencies(filter: {parent: "agency/bo-tttt"}, first: 100) { edges { node { id } } } }'
    )
    assert {e["node"]["type"] for e in data["ministries"]["edges"]} == {"ministry"}
    assert "agency/cuc-bao-chi" in {e["node"]["id"] for e in data["units"]["edges"]}


async def test_tasks_due_before_a_date_ordered_by_deadline(run: Run) -> None:
    data = await run(
        '{ tasks(filter: {deadlineBefore: "2026-01-01", asOf: "2025-01-01"}, orderBy: {field: DEADLINE}, first: 100) '
        '{ edges { node { due(asOf: "2025-01-01") } } } }'
    )
    dues = [e["node"]["due"] for e in data["tasks"]["edges"]]
    assert dues
    assert dues == sorted(dues)
    assert all(d < "2026-01-01" for d in dues)


async def test_a_page_larger_than_the_cap_is_refused(bundled_store: Store) -> None:
    result = await build_schema().execute(
        "{ tasks(first: 1000) { totalCount } }", context_value=Context(bundled_store, Derived(bundled_store))
    )
    assert result.errors
    assert "at most 100" in result.errors[0].message


async def test_one_fragment_names_any_search_hit_documents_included(run: Run) -> None:
    data = await run(
        '{ search(text: "781", first: 10) { node { __typename ... on Document { name title(lang: VI) } } } }'
    )
    documents = [hit["node"] for hit in data["search"] if hit["node"]["__typename"] == "Document"]
    assert documents
    assert all(d["name"] == d["title"] and d["name"] for d in documents)


async def errors_of(store: Store, document: str) -> list[str]:
    result = await build_schema().execute(document, context_value=Context(store, Derived(store)))
    assert result.errors, document
    assert all(e.original_error is None or not isinstance(e.original_error, OverflowError) for e in result.errors)
    return [e.message for e in result.errors]


PLAN = "plan/chien-luoc-cds-bao-chi"
TASK = "task/tap-huan-danh-gia-truong-thanh-2024"


@pytest.mark.parametrize(
    "field",
    [
        f'plan(id: "{PLAN}") {{ topologicalOrder(first: 1001) {{ id }} }}',
        f'task(id: "{TASK}") {{ downstream(first: 5000) {{ depth }} }}',
        f'task(id: "{TASK}") {{ dependents(first: -1) {{ id }} }}',
        f'plan(id: "{PLAN}") {{ bottlenecks(first: 1001) {{ openTaskCount }} }}',
        "bottlenecks(first: 1) { openTasks(first: 1001) { id } }",
        "recurringObligations(first: 1001) { text }",
    ],
    ids=["topologicalOrder", "downstream", "dependents-negative", "bottlenecks", "openTasks", "recurringObligations"],
)
async def test_a_list_refuses_more_than_its_cap(bundled_store: Store, field: str) -> None:
    [message] = await errors_of(bundled_store, f"{{ {field} }}")
    assert re.fullmatch(r"`first` is -?\d+ but must be between 0 and 1000", message), message


async def test_first_cuts_a_growing_list(run: Run) -> None:
    data = await run(
        f'{{ plan(id: "{PLAN}") {{ all: topologicalOrder {{ id }} two: topologicalOrder(first: 2) {{ id }} }} }}'
    )
    assert len(data["plan"]["all"]) > 2
    assert data["plan"]["two"] == data["plan"]["all"][:2]


@pytest.mark.parametrize("days", [3650000, 3651, -1])
async def test_a_delay_out_of_range_says_the_range(bundled_store: Store, days: int) -> None:
    messages = await errors_of(bundled_store, f'{{ task(id: "{TASK}") {{ delayImpact(days: {days}) {{ days }} }} }}')
    assert messages == [f"`days` is {days} but a slip is between 0 and 3650 days (ten years)"]


async def test_a_ten_year_delay_is_answered(run: Run) -> None:
    data = await run(f'{{ task(id: "{TASK}") {{ delayImpact(days: 3650) {{ days moved(first: 1) {{ delay }} }} }} }}')
    assert data["task"]["delayImpact"]["moved"] == [{"delay": 3650}]
