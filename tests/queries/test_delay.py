"""Delay impact against a direct simulation: the whole forward pass run again with the task longer."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.errors import CycleError, QueryError
from stratagraph.model.records import Batch, Edge, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.delay import delay_impact, slip
from stratagraph.queries.schedule import compute
from tests.queries.conftest import Problem, analysis_of, cite, depends, problems, task


def simulate(p: Problem, slipped: str, days: int) -> dict[str, int]:
    """Every early finish that changes when ``slipped`` takes ``days`` longer, by a fresh forward pass."""
    before = compute(p.order(), p.duration, p.release, p.bound)
    longer = {**p.duration, slipped: p.duration[slipped] + days}
    after = compute(p.order(), longer, p.release, p.bound)
    return {t: after.early[t][1] for t in after.early if after.early[t][1] != before.early[t][1]}


@settings(max_examples=400, deadline=None)
@given(problems(acyclic=True), st.data())
def test_slip_equals_direct_simulation(p: Problem, data: st.DataObject) -> None:
    slipped = data.draw(st.sampled_from(p.tasks))
    days = data.draw(st.integers(0, 40))
    schedule = compute(p.order(), p.duration, p.release, p.bound)
    assert slip(schedule, slipped, days) == simulate(p, slipped, days)


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=True), st.data())
def test_slack_is_what_a_task_can_slip(p: Problem, data: st.DataObject) -> None:
    """Slipping by the free slack moves no other task; by the total slack, makes no due bound fail."""
    slipped = data.draw(st.sampled_from(p.tasks))
    schedule = compute(p.order(), p.duration, p.release, p.bound)
    times = schedule.times(slipped)
    if times.free_slack > 0 and p.order().out_degree(slipped) > 0:
        assert set(slip(schedule, slipped, times.free_slack)) == {slipped}
    if times.total_slack >= 0:
        moved = slip(schedule, slipped, times.total_slack)
        for t, finish in moved.items():
            assert finish <= schedule.late[t][1], f"{t} passes its late finish"
    if times.total_slack >= 0 and p.order().out_degree(slipped) > 0:
        moved = slip(schedule, slipped, times.total_slack + 1)
        assert any(finish > schedule.late[t][1] for t, finish in moved.items()), "one more day breaks something"


@settings(max_examples=400, deadline=None)
@given(problems(acyclic=False, max_tasks=6), st.data())
def test_slip_near_cycles(p: Problem, data: st.DataObject) -> None:
    """A slip whose reach stays clear of cycles is simulated; one that reaches a cycle or its dependents says so."""
    slipped = data.draw(st.sampled_from(p.tasks))
    schedule = compute(p.order(), p.duration, p.release, p.bound)
    reach = {slipped} | set(nx.descendants(p.order(), slipped))
    if reach <= set(schedule.early):
        moved = slip(schedule, slipped, 5)
        assert moved == simulate(p, slipped, 5)
    else:
        with pytest.raises(CycleError) as raised:
            slip(schedule, slipped, 5)
        assert raised.value.cycle


@settings(max_examples=200, deadline=None)
@given(problems(acyclic=True, max_tasks=6), st.data())
def test_targets_out_of_reach_equal_direct_simulation(p: Problem, data: st.DataObject) -> None:
    """Targets a slip breaks are those whose serving tasks cross the target's end, recomputed from scratch."""
    base = date(2024, 1, 1)
    offsets = {t: data.draw(st.none() | st.integers(0, 80)) for t in p.tasks}
    due = {t: None if days is None else base + timedelta(days=days) for t, days in offsets.items()}
    nodes: list[Node] = [task(t.removeprefix("task/"), None, due[t]) for t in p.tasks]
    edges = [depends(b.removeprefix("task/"), a.removeprefix("task/")) for a, b in p.edges]
    ends = [base + timedelta(days=data.draw(st.integers(0, 80))) for _ in range(3)]
    nodes.append(Node("indicator/i", Label.INDICATOR, {}, (cite(),)))
    for n, end in enumerate(ends):
        nodes.append(Node(f"target/i-{n}", Label.TARGET, {"year": 2024, "deadlineEnd": end.isoformat()}, (cite(),)))
        edges.append(Edge(Rel.HAS_TARGET, "indicator/i", f"target/i-{n}", {}, (cite(),)))
    contributors = data.draw(st.lists(st.sampled_from(p.tasks), unique=True))
    edges += [Edge(Rel.CONTRIBUTES_TO, t, "indicator/i", {}, (cite(),)) for t in contributors]
    graph = analysis_of(Batch.of(nodes, edges))
    slipped = data.draw(st.sampled_from(p.tasks))
    days = data.draw(st.integers(1, 60))
    impact = delay_impact(graph, slipped, days)

    schedule = graph.schedule
    longer = {**schedule.duration, slipped: schedule.duration[slipped] + days}
    after = compute(graph.order, longer, schedule.release, {t: None for t in graph.order})
    expected = set()
    for n, end in enumerate(ends):
        limit = end.toordinal() + 1
        serving = [t for t in contributors if (d := due[t]) is None or d <= end]
        if any(schedule.early[t][1] <= limit < after.early[t][1] for t in serving):
            expected.add(f"target/i-{n}")
    assert {m.target.id for m in impact.targets} == expected
    moved = {s.task for s in impact.shifts}
    assert moved == {t for t in graph.order if after.early[t][1] != schedule.early[t][1]}
    for shift in impact.missed_deadlines:
        assert shift.due is not None
        assert shift.after > shift.due
        assert shift.days_late
        assert shift.days_late > 0


def test_negative_slip_is_refused() -> None:
    graph = analysis_of(Batch.of([task("a")]))
    with pytest.raises(QueryError):
        delay_impact(graph, "task/a", -1)


async def test_bundled_slip_of_the_index_moves_the_2024_assessment(bundled_store: Store) -> None:
    """The 2024 training and assessment have dates; slipping the index past them moves both, late."""
    graph = await Derived(bundled_store).get(ANALYSIS_GRAPH)
    training = "task/tap-huan-danh-gia-truong-thanh-2024"
    index = "task/781-phap-ly-bo-chi-so-truong-thanh"
    slack = graph.schedule.times(index).total_slack
    assert delay_impact(graph, index, slack).missed_deadlines == ()
    impact = delay_impact(graph, index, slack + 10)
    late = {s.task: s for s in impact.missed_deadlines}
    assert training in late
    assert late[training].days_late == 10
    assert late[training].due == date(2024, 10, 31)
    assert not late[training].was_late
    assert impact.shifts[0].task == index
