"""Nested fields are batched: store calls do not grow with the number of tasks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Direction, Edge, Label, Node, PropValue, Rel
from stratagraph.queries.duties import DUTIES
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context

NESTED = """
query ($n: Int!) {
  tasks(first: $n) {
    totalCount
    edges { node { id name lead { name } supporters { name abbreviation } indicators { name } plan { name }
                   deadlineState(asOf: "2026-11-26") due(asOf: "2026-11-26") missedOccurrences(asOf: "2026-11-26") } }
  }
}
"""


class CountingStore:
    """The real store, with every call counted: the project's own seam, not a mock."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: Counter[str] = Counter()

    async def open(self) -> None:
        await self.inner.open()

    async def close(self) -> None:
        await self.inner.close()

    async def write(self, batch: Batch) -> int:
        self.calls["write"] += 1
        return await self.inner.write(batch)

    async def delete(self, ids: Sequence[str]) -> int:
        self.calls["delete"] += 1
        return await self.inner.delete(ids)

    async def version(self) -> int:
        self.calls["version"] += 1
        return await self.inner.version()

    async def get(self, ids: Sequence[str]) -> dict[str, Node]:
        self.calls["get"] += 1
        return await self.inner.get(ids)

    async def find(self, label: Label, where: Mapping[str, PropValue] | None = None) -> list[Node]:
        self.calls["find"] += 1
        return await self.inner.find(label, where)

    async def count(self, label: Label) -> int:
        self.calls["count"] += 1
        return await self.inner.count(label)

    async def neighbours(
        self, ids: Sequence[str], rel: Rel, direction: Direction = Direction.OUT, at: str | None = None
    ) -> list[Edge]:
        self.calls["neighbours"] += 1
        return await self.inner.neighbours(ids, rel, direction, at)

    async def edges(self, rel: Rel | None = None) -> list[Edge]:
        self.calls["edges"] += 1
        return await self.inner.edges(rel)

    async def snapshot(self) -> nx.MultiDiGraph:
        self.calls["snapshot"] += 1
        return await self.inner.snapshot()


async def _calls(store: Store, n: int) -> tuple[int, Counter[str]]:
    counting = CountingStore(store)
    derived = Derived(counting)
    await derived.get(DUTIES)  # the yearly duties are read once per data version, not per request
    counting.calls.clear()
    result = await build_schema().execute(NESTED, variable_values={"n": n}, context_value=Context(counting, derived))
    assert result.errors is None, result.errors
    data: dict[str, Any] = result.data or {}
    return len(data["tasks"]["edges"]), counting.calls


async def test_store_calls_do_not_grow_with_tasks(bundled_store: Store) -> None:
    few, few_calls = await _calls(bundled_store, 5)
    many, many_calls = await _calls(bundled_store, 50)
    assert (few, many) == (5, 50)
    assert many_calls == few_calls
    # one find for the list, then per level one neighbours call per relation and one get
    # (and one version read: the yearly duties kept for this version still hold)
    assert sum(many_calls.values()) <= 11, many_calls


async def test_the_yearly_duties_are_read_once_per_data_version(bundled_store: Store) -> None:
    counting = CountingStore(bundled_store)
    derived = Derived(counting)
    first = await derived.get(DUTIES)
    reads = sum(counting.calls.values())
    assert await derived.get(DUTIES) is first
    assert sum(counting.calls.values()) == reads + 1  # the version, nothing else
