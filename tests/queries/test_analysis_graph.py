"""The analysis graph follows the store's data version: built once per version, rebuilt after a write."""

from __future__ import annotations

from datetime import date

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from tests.queries.conftest import depends, task


async def test_one_graph_per_version(bundled_store: Store) -> None:
    derived = Derived(bundled_store)
    first = await derived.get(ANALYSIS_GRAPH)
    assert await derived.get(ANALYSIS_GRAPH) is first
    assert first.version == await bundled_store.version()

    await bundled_store.write(Batch.of([task("moi", date(2026, 1, 1), date(2026, 3, 31))], []))
    second = await derived.get(ANALYSIS_GRAPH)
    assert second is not first
    assert second.version == first.version + 1
    assert "task/moi" in second.windows
    assert "task/moi" not in first.windows
    assert second.schedule.times("task/moi").duration == 90


async def test_dependencies_written_later_are_seen(bundled_store: Store) -> None:
    derived = Derived(bundled_store)
    before = await derived.get(ANALYSIS_GRAPH)
    await bundled_store.write(Batch.of([task("x"), task("y")], [depends("y", "x")]))
    after = await derived.get(ANALYSIS_GRAPH)
    assert ("task/y", "task/x") in after.dependencies
    assert ("task/y", "task/x") not in before.dependencies
    assert after.dependencies[("task/y", "task/x")].sources, "edges keep their citations"
