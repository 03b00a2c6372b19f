"""The analysis graph follows the store's data version: built once per version, rebuilt after a write."""

from __future__ import annotations

from datetime import date

from stratagraph.graph.store import Store
from stratagraph.model.records import Batch
from stratagraph.queries.analysis_graph import MEMO_SIZE, Analyzer, analyzer_for
from tests.queries.conftest import analysis_of, depends, task


async def test_one_graph_per_version(bundled_store: Store) -> None:
    analyzer = analyzer_for(bundled_store)
    assert analyzer_for(bundled_store) is analyzer, "every request shares the store's analyzer"
    first = await analyzer.graph()
    assert await analyzer.graph() is first
    assert first.version == await bundled_store.version()

    await bundled_store.write(Batch.of([task("moi", date(2026, 1, 1), date(2026, 3, 31))], []))
    second = await analyzer.graph()
    assert second is not first
    assert "task/moi" in second.windows
    assert "task/moi" not in first.windows
    assert second.schedule.times("task/moi").duration == 90


async def test_dependencies_written_later_are_seen(bundled_store: Store) -> None:
    analyzer = Analyzer(bundled_store)
    before = await analyzer.graph()
    await bundled_store.write(Batch.of([task("x"), task("y")], [depends("y", "x")]))
    after = await analyzer.graph()
    assert ("task/y", "task/x") in after.dependencies
    assert ("task/y", "task/x") not in before.dependencies
    assert after.dependencies[("task/y", "task/x")].sources, "edges keep their citations"


def test_remembered_answers_are_bounded() -> None:
    graph = analysis_of(Batch.of([task("a")]))
    computed: list[int] = []

    def square(n: int) -> int:
        computed.append(n)
        return n * n

    assert graph.remember(("square", 3), lambda: square(3)) == 9
    assert graph.remember(("square", 3), lambda: square(3)) == 9
    assert computed == [3], "asked twice, computed once"
    for n in range(100, 101 + MEMO_SIZE):
        graph.remember(("square", n), lambda n=n: square(n))  # type: ignore[misc]
    assert graph.remember(("square", 3), lambda: square(3)) == 9
    assert computed.count(3) == 2, "the oldest answers make room"
