"""The critical-path method against a brute-force enumeration of paths, and the model's reading of deadlines."""

from __future__ import annotations

import itertools
from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings

from stratagraph.loaders.deadline_text import parse_deadline
from stratagraph.model.deadlines import deadline_props
from stratagraph.model.errors import CycleError, NotFoundError
from stratagraph.model.records import Batch, Edge, Label, Node, Rel
from stratagraph.queries.schedule import (
    Window,
    compute,
    critical_path_to_plan_end,
    critical_path_to_task,
    driving_path,
    window_of,
)
from tests.queries.conftest import Problem, analysis_of, cite, depends, problems, task

# --- brute force --------------------------------------------------------------------------


def paths_into(order: nx.DiGraph, v: str) -> list[list[str]]:
    """Every path ending at ``v`` (``v`` alone included); ``v``'s ancestors must be acyclic."""
    found = [[v]]
    for u in nx.ancestors(order, v):
        found.extend(nx.all_simple_paths(order, u, v))
    return found


def paths_from(order: nx.DiGraph, v: str) -> list[list[str]]:
    found = [[v]]
    for u in nx.descendants(order, v):
        found.extend(nx.all_simple_paths(order, v, u))
    return found


def brute_early_finish(p: Problem, order: nx.DiGraph, v: str) -> int:
    """EF = the longest release-plus-durations over every chain ending at ``v``."""
    return max(p.release[path[0]] + sum(p.duration[u] for u in path) for path in paths_into(order, v))


def acyclic_upstream(order: nx.DiGraph) -> set[str]:
    """Tasks with no cycle among themselves and their ancestors."""
    on_cycle = {v for c in nx.simple_cycles(order) for v in c}
    return {v for v in order if v not in on_cycle and not (nx.ancestors(order, v) & on_cycle)}


def acyclic_downstream(order: nx.DiGraph) -> set[str]:
    on_cycle = {v for c in nx.simple_cycles(order) for v in c}
    return {v for v in order if v not in on_cycle and not (nx.descendants(order, v) & on_cycle)}


def brute_horizon(p: Problem, order: nx.DiGraph, upstream_ok: set[str]) -> int:
    finishes = [brute_early_finish(p, order, v) for v in upstream_ok]
    bounds = [b for b in p.bound.values() if b is not None]
    return max([*finishes, *bounds], default=0)


def brute_late_finish(p: Problem, order: nx.DiGraph, v: str, horizon: int) -> int:
    """LF = the tightest due bound minus the durations after ``v`` over every chain starting at ``v``."""

    def bound(u: str) -> int:
        b = p.bound[u]
        return horizon if b is None else b

    return min(bound(path[-1]) - sum(p.duration[u] for u in path[1:]) for path in paths_from(order, v))


# --- properties ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=True))
def test_cpm_equals_brute_force_on_dags(p: Problem) -> None:
    order = p.order()
    schedule = compute(order, p.duration, p.release, p.bound)
    horizon = brute_horizon(p, order, set(order))
    assert schedule.horizon == horizon
    for v in p.tasks:
        times = schedule.times(v)
        early_finish = brute_early_finish(p, order, v)
        late_finish = brute_late_finish(p, order, v, horizon)
        assert (times.early_start, times.early_finish) == (early_finish - p.duration[v], early_finish)
        assert (times.late_start, times.late_finish) == (late_finish - p.duration[v], late_finish)
        assert times.total_slack == late_finish - early_finish
        successors = list(order.succ[v])
        expected_free = (
            min(brute_early_finish(p, order, s) - p.duration[s] for s in successors) - early_finish
            if successors
            else late_finish - early_finish
        )
        assert times.free_slack == expected_free
        assert times.critical == (times.total_slack <= 0)


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=True))
def test_critical_path_is_a_longest_chain(p: Problem) -> None:
    """The driving chain is a real chain of dependencies whose release plus durations is the EF."""
    order = p.order()
    schedule = compute(order, p.duration, p.release, p.bound)
    for v in p.tasks:
        chain = driving_path(schedule, v)
        assert chain[-1] == v
        assert all(order.has_edge(a, b) for a, b in itertools.pairwise(chain))
        assert p.release[chain[0]] + sum(p.duration[u] for u in chain) == brute_early_finish(p, order, v)
        # Each task on it starts exactly when the one before finishes: nothing else drives it.
        for a, b in itertools.pairwise(chain):
            assert schedule.early[a][1] == schedule.early[b][0]


@settings(max_examples=300, deadline=None)
@given(problems(acyclic=False, max_tasks=6))
def test_cycles_leave_the_rest_scheduled(p: Problem) -> None:
    """Tasks no cycle reaches keep their brute-force dates; the others raise CycleError naming a real cycle."""
    order = p.order()
    schedule = compute(order, p.duration, p.release, p.bound)
    up_ok, down_ok = acyclic_upstream(order), acyclic_downstream(order)
    assert set(schedule.early) == up_ok
    assert set(schedule.late) == down_ok
    horizon = brute_horizon(p, order, up_ok)
    for v in p.tasks:
        if v in up_ok:
            assert schedule.early_finish(v) == brute_early_finish(p, order, v)
        else:
            with pytest.raises(CycleError) as raised:
                schedule.early_finish(v)
            cycle = raised.value.cycle
            # DEPENDS_ON order: each task depends on the next, i.e. order edges run next -> this.
            assert all(order.has_edge(b, a) for a, b in zip(cycle, (*cycle[1:], cycle[0]), strict=True))
            assert set(cycle) <= nx.ancestors(order, v) | {v}
        if v in down_ok:
            assert schedule.late[v][1] == brute_late_finish(p, order, v, horizon)
        if v not in up_ok or v not in down_ok:
            with pytest.raises(CycleError):
                schedule.times(v)


# --- the model ----------------------------------------------------------------------------


def _props(text: str, kind: str, **dates: str) -> dict[str, object]:
    return {"deadlineText": text, "deadlineKind": kind, **dates}


def stored(text: str) -> dict[str, object]:
    """A deadline's properties as the loaders store them."""
    return dict(deadline_props(parse_deadline(text)))


def test_windows_read_from_deadlines() -> None:
    quarter = window_of(_props("Quý II/2024", "quarter", deadlineStart="2024-04-01", deadlineEnd="2024-06-30"))
    assert quarter == Window(date(2024, 4, 1), date(2024, 6, 30))
    assert quarter.duration == 91
    by = window_of(stored("Đến năm 2025"))
    assert by == Window(None, date(2025, 12, 31))
    assert by.duration == 1, "an open start says when, not how long"
    recurring = window_of(stored("trước ngày 15/12 hằng năm"))
    assert recurring == Window(None, None), "an open-ended yearly duty has no due date"
    bounded = window_of(stored("Trước ngày 15/12 hằng năm, giai đoạn 2023-2025"))
    assert bounded == Window(date(2023, 1, 1), date(2025, 12, 14))
    assert window_of(stored("Thường xuyên")).due is None
    assert window_of({}) == Window(None, None)
    assert window_of({"deadlineText": "x", "deadlineKind": "nonsense"}) == Window(None, None)


def _plan(start: str | None = "2024-01-01", end: str | None = "2024-12-31") -> Node:
    props = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
    return Node("plan/p", Label.PLAN, props, (cite(),))


def _in_plan(*keys: str) -> list[Edge]:
    return [Edge(Rel.IN_PLAN, f"task/{k}", "plan/p", {}, (cite(),)) for k in keys]


def test_releases_and_bounds_follow_the_plan() -> None:
    """A task without a start is released at its plan's start; one without a due date is held to the plan's end."""
    graph = analysis_of(
        Batch.of(
            [
                _plan(),
                task("law", None, date(2024, 3, 31)),
                task("portal", date(2024, 4, 1), date(2024, 6, 30)),
                task("x"),
            ],
            [*_in_plan("law", "portal", "x"), depends("portal", "law"), depends("x", "portal")],
        )
    )
    schedule = graph.schedule
    law, portal, x = (schedule.times(f"task/{k}") for k in ("law", "portal", "x"))
    assert law.early_start == date(2024, 1, 1).toordinal()
    assert law.duration == 1
    assert portal.early_start == date(2024, 4, 1).toordinal()
    assert portal.duration == 91
    assert x.early_start == date(2024, 7, 1).toordinal()
    assert x.duration == 1
    assert x.late_finish == date(2025, 1, 1).toordinal(), "no due date: held to the plan's end"
    assert portal.total_slack == 0
    assert portal.critical
    assert law.free_slack == (date(2024, 4, 1) - date(2024, 1, 2)).days
    path = critical_path_to_plan_end(graph, "plan/p")
    assert path.tasks == ("task/portal", "task/x")
    assert (path.finish, path.deadline, path.slack) == (date(2024, 7, 1), date(2024, 12, 31), 183)


def test_late_prerequisite_gives_negative_slack_downstream() -> None:
    graph = analysis_of(
        Batch.of(
            [_plan(), task("a", date(2024, 1, 1), date(2024, 6, 30)), task("b", date(2024, 4, 1), date(2024, 4, 30))],
            [*_in_plan("a", "b"), depends("b", "a")],
        )
    )
    b = graph.schedule.times("task/b")
    assert b.early_start == date(2024, 7, 1).toordinal()
    assert b.total_slack == -(date(2024, 7, 30) - date(2024, 4, 30)).days
    path = critical_path_to_task(graph, "task/b")
    assert path.tasks == ("task/a", "task/b")
    assert path.slack == b.total_slack


def test_epoch_anchors_tasks_without_any_start() -> None:
    graph = analysis_of(Batch.of([task("a", None, date(2023, 5, 1)), task("b", date(2022, 2, 1), date(2022, 2, 1))]))
    assert graph.epoch == date(2022, 2, 1)
    assert graph.schedule.times("task/a").early_start == date(2022, 2, 1).toordinal()


def test_unknown_and_cyclic_tasks() -> None:
    graph = analysis_of(Batch.of([task("a"), task("b"), task("c")], [depends("a", "b"), depends("b", "a")]))
    with pytest.raises(NotFoundError):
        graph.schedule.times("task/nope")
    with pytest.raises(CycleError, match="task/a -> task/b -> task/a"):
        critical_path_to_task(graph, "task/a")
    assert graph.schedule.times("task/c").total_slack >= 0
