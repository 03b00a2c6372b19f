"""Task lists by deadline: the per-version deadline index answers as sorting every task would."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bench.synthetic import generate
from stratagraph.graph.derived import Derived
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.model.records import RETIRED_ON, Batch, Label, Node, Rel, is_retired
from stratagraph.queries.deadline_state import DeadlineState, Duty, deadline_state, due_on
from stratagraph.queries.duties import DUTIES
from stratagraph.queries.tasks import DUE_ORDER, DueOrder, DutyDues, TaskFilter, TaskOrder, find_tasks, sort_tasks


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
        if not spec.include_retired and is_retired(task):
            return False
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


AS_OF = [date(2023, 3, 1), date(2024, 4, 1), date(2025, 6, 30), date(2031, 1, 1)]


async def test_deadline_windows_and_orders_match_sorting_every_task(synthetic_store: Store) -> None:
    tasks = await synthetic_store.find(Label.TASK)
    derived = Derived(synthetic_store)
    assert any(due_on(t, AS_OF[0]) != due_on(t, AS_OF[-1]) for t in tasks), "yearly duties move with the day"
    for as_of in AS_OF:
        for before, after in itertools.product(DAYS, DAYS):
            for order, descending in itertools.product(TaskOrder, (False, True)):
                spec = TaskFilter(deadline_before=before, deadline_after=after, as_of=as_of)
                expected = brute_force(tasks, spec, order, descending, await derived.get(DUTIES))
                found = await find_tasks(synthetic_store, derived, spec, order, descending)
                assert [t.id for t in found] == [t.id for t in expected], (as_of, before, after, order, descending)


async def test_a_narrowed_list_in_deadline_order_matches_sorting_it(synthetic_store: Store) -> None:
    """An agency's tasks by deadline are sorted by their places in the index, yearly duties dated for the day."""
    tasks = {t.id: t for t in await synthetic_store.find(Label.TASK)}
    derived = Derived(synthetic_store)
    duty_of = await derived.get(DUTIES)
    agencies = sorted({e.source for e in await synthetic_store.edges(Rel.LEADS)})[:12]
    for agency, as_of, descending in itertools.product(agencies, AS_OF, (False, True)):
        spec = TaskFilter(agency=agency, as_of=as_of)
        led = [tasks[e.target] for e in await synthetic_store.neighbours([agency], Rel.LEADS, at=as_of.isoformat())]
        led += [tasks[e.target] for e in await synthetic_store.neighbours([agency], Rel.SUPPORTS, at=as_of.isoformat())]
        expected = sort_tasks(list({t.id: t for t in led}.values()), TaskOrder.DEADLINE, descending, as_of, duty_of)
        found = await find_tasks(synthetic_store, derived, spec, TaskOrder.DEADLINE, descending)
        assert [t.id for t in found] == [t.id for t in expected], (agency, as_of, descending)


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


async def test_retired_tasks_leave_every_window_unless_asked_for(synthetic_store: Store) -> None:
    tasks = await synthetic_store.find(Label.TASK)
    retired = [replace(t, props={**t.props, RETIRED_ON: "2026-01-01"}) for t in tasks[::7]]
    await synthetic_store.write(Batch.of(retired))
    tasks = await synthetic_store.find(Label.TASK)
    derived = Derived(synthetic_store)
    duty_of = await derived.get(DUTIES)
    for before, include_retired, status in itertools.product(DAYS, (False, True), ((), ("unknown",))):
        spec = TaskFilter(deadline_before=before, include_retired=include_retired, status=status, as_of=AS_OF[1])
        expected = brute_force(tasks, spec, TaskOrder.DEADLINE, False, duty_of)
        found = await find_tasks(synthetic_store, derived, spec, TaskOrder.DEADLINE)
        assert [t.id for t in found] == [t.id for t in expected], (before, include_retired, status)
        if before is None and not status:
            assert any(is_retired(t) for t in found) is include_retired
    by_id = {t.id: t for t in tasks}
    for agency in sorted({e.source for e in await synthetic_store.edges(Rel.LEADS)})[:8]:
        led = [by_id[e.target] for e in await synthetic_store.neighbours([agency], Rel.LEADS, at=AS_OF[1].isoformat())]
        for include_retired in (False, True):
            kept = [t for t in led if include_retired or not is_retired(t)]
            expected = sort_tasks(kept, TaskOrder.DEADLINE, False, AS_OF[1], duty_of)
            spec = TaskFilter(lead=agency, include_retired=include_retired, as_of=AS_OF[1])
            found = await find_tasks(synthetic_store, derived, spec, TaskOrder.DEADLINE)
            assert [t.id for t in found] == [t.id for t in expected], (agency, include_retired)


async def test_the_index_follows_the_data_version(synthetic_store: Store) -> None:
    derived = Derived(synthetic_store)
    first = await derived.get(DUE_ORDER)
    assert await derived.get(DUE_ORDER) is first
    await synthetic_store.write(Batch())
    assert await derived.get(DUE_ORDER) is not first


def test_a_duty_without_a_due_date_sorts_among_the_undated_by_id() -> None:
    """A yearly duty with no due day on the day asked goes with the undated tasks, in id order."""
    a, b, c = (Node(f"task/{key}", Label.TASK, {}, ()) for key in "abc")
    index = DueOrder(dated=[], keys=[], undated=[a, c], recurring=[b], rank={a.id: 0, c.id: 1})
    dues = DutyDues(date(2025, 6, 30), dated=[], undated=[b], dues={b.id: None})
    assert [t.id for t in index.sort([c, b, a], dues, {})] == ["task/a", "task/b", "task/c"]
    assert [t.id for t in index.window(dues)] == ["task/a", "task/b", "task/c"]
