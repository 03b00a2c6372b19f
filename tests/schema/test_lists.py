"""Relay lists: ordering, filters and paging with opaque cursors."""

from __future__ import annotations

from graph.store import Store
from queries.search import Searcher
from schema import build_schema
from schema.context import Context
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
        "{ tasks(first: 1000) { totalCount } }", context_value=Context(bundled_store, Searcher(bundled_store))
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
