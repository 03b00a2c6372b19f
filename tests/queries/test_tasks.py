"""Task lists by deadline: the per-version deadline index answers as sorting every task would."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Mapping
from datetime import date
from pathlib import Path

import pytest

from bench.synthetic import generate
from stratagraph.graph.derived import Derived
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Label, Node
from stratagraph.queries.deadline_state import DeadlineState, Duty, deadline_state, due_on
from stratagraph.queries.duties import DUTIES
from stratagraph.queries.tasks import DUE_ORDER, TaskFilter, TaskOrder, find_tasks, sort_tasks


@pytest.fixture
async def synthetic_store(store_path: Path) -> AsyncIterator[Store]:
    store = open_store("embedded", path=store_path)
    await store.open()
    await store.write(generate(400, seed=3))
    try:
        yield store
    finally:
        await store.close()


def brute_force(
    tasks: list[Node], spec: TaskFilter, order: TaskOrder, descending: bool, duty_of: Mapping[str, Duty]
) -> list[Node]:
    def keep(task: Node) -> bool:
        due = due_on(task, spec.as_of, duty_of.get(task.id))
        if spec.deadline_before and (due is None or not due < spec.deadline_before):
            return False
        if spec.deadline_after and (due is None or not due > spec.deadline_after):
            return False
        if spec.status and task.get("status", "unknown") not in spec.status:
            return False
        return not (spec.states and deadline_state(task, spec.as_of, duty=duty_of.get(task.id)) not in spec.states)

    return sort_tasks([t for t in tasks if keep(t)], order, descending, spec.as_of, duty_of)


DAYS = [None, date(2023, 1, 1), date(2024, 6, 30), date(2025, 6, 30), date(2031, 1, 1)]


async def test_deadline_windows_and_orders_match_sorting_every_task(synthetic_store: Store) -> None:
    tasks = await synthetic_store.find(Label.TASK)
    derived = Derived(synthetic_store)
    as_of = date(2025, 6, 30)
    for before, after in itertools.product(DAYS, DAYS):
        for order, descending in itertools.product(TaskOrder, (False, True)):
            spec = TaskFilter(deadline_before=before, deadline_after=after, as_of=as_of)
            expected = brute_force(tasks, spec, order, descending, await derived.get(DUTIES))
            found = await find_tasks(synthetic_store, derived, spec, order, descending)
            assert [t.id for t in found] == [t.id for t in expected], (before, after, order, descending)


async def test_status_and_state_filters_on_the_index(synthetic_store: Store) -> None:
    tasks = await synthetic_store.find(Label.TASK)
    derived = Derived(synthetic_store)
    for as_of in (date(2024, 1, 1), date(2025, 6, 30)):
        for spec in (
            TaskFilter(status=("done",), as_of=as_of),
            TaskFilter(states=(DeadlineState.OVERDUE, DeadlineState.DUE_SOON), as_of=as_of),
            TaskFilter(deadline_before=date(2026, 1, 1), status=("in-progress", "unknown"), as_of=as_of),
        ):
            expected = brute_force(tasks, spec, TaskOrder.DEADLINE, False, await derived.get(DUTIES))
            found = await find_tasks(synthetic_store, derived, spec, TaskOrder.DEADLINE)
            assert [t.id for t in found] == [t.id for t in expected]


async def test_the_index_follows_the_data_version(synthetic_store: Store) -> None:
    day = date(2025, 6, 30)
    derived = Derived(synthetic_store)
    first = await derived.get(DUE_ORDER, day)
    assert await derived.get(DUE_ORDER, day) is first
    await synthetic_store.write(Batch())
    assert await derived.get(DUE_ORDER, day) is not first
