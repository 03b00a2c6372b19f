"""Search as planners type: no diacritics, abbreviations, English names, typos."""

from __future__ import annotations

import pytest

from graph.records import Batch, Label
from graph.store import Store
from queries.search import Searcher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cuc bao chi", "agency/cuc-bao-chi"),
        ("Cục Báo chí", "agency/cuc-bao-chi"),
        ("CUC BAO CHI", "agency/cuc-bao-chi"),
        ("Press Department", "agency/cuc-bao-chi"),
        ("MIC", "agency/bo-tttt"),
        ("Bộ TT&TT", "agency/bo-tttt"),
        ("bo tttt", "agency/bo-tttt"),
        ("vhttdl", "agency/bo-vhttdl"),
        ("348/QĐ-TTg", "document/qd-348-2023-ttg"),
        ("cuc bao chj", "agency/cuc-bao-chi"),
    ],
)
async def test_first_hit(bundled_store: Store, text: str, expected: str) -> None:
    hits = await Searcher(bundled_store).search(text)
    assert hits[0].id == expected, hits[:3]


async def test_types_narrow_the_search(bundled_store: Store) -> None:
    hits = await Searcher(bundled_store).search("chuyen doi so bao chi", {Label.PLAN})
    assert hits
    assert {h.label for h in hits} == {Label.PLAN}


async def test_index_follows_the_data_version(bundled_store: Store) -> None:
    searcher = Searcher(bundled_store)
    first = await searcher.index()
    assert await searcher.index() is first
    await bundled_store.write(Batch())
    assert await searcher.index() is not first
