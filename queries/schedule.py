"""Schedules from deadlines: the critical-path method (CPM) over task dependencies.

Planners ask "what is critical?" and "how late can this start?". Action plans give
deadlines, not durations or start dates, so the schedule has to be read out of the
deadline windows. This module states that reading once; every analysis (critical
paths, delay impact, bottlenecks) uses it.

The scheduling model
--------------------
* **Days.** Calendar days, no working calendar: the plans give calendar dates and
  say nothing about working days. Internally a day is ``date.toordinal()``.
* **Window.** A task's deadline (``stratagraph.model.deadlines``) names a window
  ``[start, due]``: ``start`` is ``deadlineStart``, ``due`` is ``Deadline.due``
  (``deadlineEnd`` for a one-off deadline, the last occurrence of a bounded yearly
  duty). "Quý II/2024" is ``[2024-04-01, 2024-06-30]``.
* **Duration.** The window's length in days, ``due - start + 1`` (at least 1). A
  deadline with an open start ("Đến năm 2025", "trước ngày 15/12/2023") says when
  the work must be done, not how long it takes, so it lasts **one day**. So does a
  task **without a due date** (no deadline, "thường xuyên", a yearly duty with no
  last year): it still hands its predecessors' finish on to its successors, but we
  do not invent a length for it. (Yearly duties are checked occurrence by
  occurrence in ``queries.consistency``.)
* **Release** (the earliest start a task is held to, MS Project's "start no
  earlier than"): its own ``start`` when known; else the start of its plan (the
  day the plan is adopted, when that is later than the start it states); else
  the *epoch*, the earliest date the graph knows, so that the anchor never makes
  a task late by itself.
* **Precedence.** A task that ``DEPENDS_ON`` another cannot start before that one
  finishes (finish-to-start, no lag).
* **Forward pass.** ``ES = max(release, EF of every predecessor)``,
  ``EF = ES + duration``.
* **Due bound.** The day after ``due``; for a task without a due date, the day
  after its plan's end, or the *horizon* (the latest early finish or due bound in
  the graph) when the plan gives no end.
* **Backward pass.** ``LF = min(due bound, LS of every successor)``,
  ``LS = LF - duration``.
* **Slack.** Total slack ``LS - ES`` (= ``LF - EF``): negative when even the
  earliest schedule misses a due date downstream. Free slack ``min(ES of
  successors) - EF``: how long the task can slip without moving any successor; a
  task without successors has its total slack as free slack (MS Project measures it
  against the project finish; here the finish it is held to is its own due bound).
  **Critical**: total slack <= 0.
* **Finish instants are exclusive.** A task with ``ES = s`` and duration ``d``
  works on days ``s .. s+d-1``; ``EF = s + d`` is the first day a successor may
  start. Reported finish dates are the last day worked (``EF - 1``), as MS Project
  shows them; slack is in days.
* **Status is ignored.** This is the plan's schedule, not progress tracking: the
  sources rarely report completion (see ``queries.deadline_state``).
* **Cycles.** A task downstream of a dependency cycle has no early dates, one
  upstream of a cycle no late dates; asking for them raises ``CycleError`` naming
  the cycle. Every other task is scheduled as usual (Kahn's algorithm schedules
  exactly the tasks no cycle reaches).

The core (``compute``, ``driving_path``) is pure over a networkx ``DiGraph`` whose
edges run from a prerequisite to the task that waits for it, with durations,
releases and due bounds as plain mappings, so property tests can hold it to a
brute-force enumeration of paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import networkx as nx

from stratagraph.model.deadlines import DeadlineKind, deadline_from_props
from stratagraph.model.errors import CycleError, DeadlineError, NotFoundError

if TYPE_CHECKING:
    from stratagraph.queries.analysis_graph import AnalysisGraph

__all__ = [
    "CriticalPath",
    "Schedule",
    "Times",
    "Window",
    "compute",
    "critical_path_to_plan_end",
    "critical_path_to_target",
    "critical_path_to_task",
    "cycle_through",
    "day",
    "driving_path",
    "task_times",
    "window_of",
]


def day(ordinal: int) -> date:
    """The date of an internal day number."""
    return date.fromordinal(ordinal)


# --- windows ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """What a task's deadline says about its schedule: first day and due day, either unknown."""

    start: date | None
    due: date | None

    @property
    def duration(self) -> int:
        """Days the task takes: the window's length, one day when either end is open."""
        if self.start is None or self.due is None:
            return 1
        return max(1, (self.due - self.start).days + 1)


NO_WINDOW = Window(None, None)


def window_of(props: Mapping[str, object]) -> Window:
    """The window of a task's stored deadline properties (see the module docstring).

    A deadline the loaders would reject (malformed stored properties) counts as no
    deadline: one bad record must not stop every analysis, and ``Plan.gaps``
    already lists tasks without a readable deadline.
    """
    try:
        deadline = deadline_from_props(props)
    except DeadlineError:
        return NO_WINDOW
    if deadline is None:
        return NO_WINDOW
    due = deadline.due
    start = deadline.start
    if deadline.kind is DeadlineKind.ONGOING:
        return Window(start, None)
    if start is not None and due is not None and start > due:
        start = None  # "trước 01/01 hằng năm": the last occurrence falls before the first year
    return Window(start, due)


# --- the core ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Times:
    """One task's CPM figures as day numbers (finishes exclusive) and slack in days."""

    duration: int
    early_start: int
    early_finish: int
    late_start: int
    late_finish: int
    total_slack: int
    free_slack: int

    @property
    def critical(self) -> bool:
        return self.total_slack <= 0


@dataclass(frozen=True)
class Schedule:
    """The forward and backward passes over one dependency graph.

    ``early`` holds ``(ES, EF)`` of every task no cycle reaches from upstream, in
    topological order (``position`` is the index in that order); ``late`` holds
    ``(LS, LF)`` of every task that reaches no cycle downstream.

    ``successors`` and ``predecessors`` map each task to its neighbours in
    ``order`` (networkx's ``adjacency()`` of the graph and of its reverse view,
    taken once here): every walk of the analyses reads them, and the public
    per-node views (``order.succ[v]``) build a wrapper on each lookup.
    """

    order: nx.DiGraph
    successors: Mapping[str, Mapping[str, object]]
    predecessors: Mapping[str, Mapping[str, object]]
    duration: Mapping[str, int]
    release: Mapping[str, int]
    early: Mapping[str, tuple[int, int]]
    late: Mapping[str, tuple[int, int]]
    position: Mapping[str, int]
    horizon: int

    def early_start(self, task: str) -> int:
        """ES of ``task``; CycleError when a dependency cycle lies upstream of it."""
        return self._early(task)[0]

    def early_finish(self, task: str) -> int:
        """EF of ``task``; CycleError when a dependency cycle lies upstream of it."""
        return self._early(task)[1]

    def times(self, task: str) -> Times:
        """Every figure of ``task``; CycleError when a cycle lies upstream or downstream."""
        early_start, early_finish = self._early(task)
        late = self.late.get(task)
        if late is None:
            raise CycleError(cycle_through(self, task, self.late, upstream=False))
        late_start, late_finish = late
        # Without successors the finish a task is held to is its own due bound (see the model).
        free_until = min((self.early_start(s) for s in self.successors[task]), default=late_finish)
        return Times(
            duration=self.duration[task],
            early_start=early_start,
            early_finish=early_finish,
            late_start=late_start,
            late_finish=late_finish,
            total_slack=late_start - early_start,
            free_slack=free_until - early_finish,
        )

    def _early(self, task: str) -> tuple[int, int]:
        found = self.early.get(task)
        if found is None:
            if task not in self.duration:
                raise NotFoundError(f"no task {task!r}")
            raise CycleError(cycle_through(self, task, self.early, upstream=True))
        return found


def compute(
    order: nx.DiGraph,
    duration: Mapping[str, int],
    release: Mapping[str, int],
    due_bound: Mapping[str, int | None],
) -> Schedule:
    """Forward and backward passes over ``order`` (edges prerequisite -> dependent).

    ``due_bound[v]`` is the exclusive day ``v`` must finish by, or None for "the
    horizon" (the latest early finish or due bound). Tasks a cycle reaches are left
    out of the pass they cannot take (see ``Schedule``). O(tasks + dependencies).
    """
    succ, pred = dict(order.adjacency()), dict(order.reverse(copy=False).adjacency())
    remaining = {v: len(ps) for v, ps in pred.items()}
    ready = deque(v for v, count in remaining.items() if count == 0)
    early: dict[str, tuple[int, int]] = {}
    position: dict[str, int] = {}
    while ready:
        v = ready.popleft()
        start = release[v]
        for p in pred[v]:
            finish = early[p][1]
            if finish > start:
                start = finish
        early[v] = (start, start + duration[v])
        position[v] = len(position)
        for s in succ[v]:
            remaining[s] -= 1
            if remaining[s] == 0:
                ready.append(s)
    bounds = [b for b in due_bound.values() if b is not None]
    horizon = max([*(ef for _, ef in early.values()), *bounds], default=0)
    remaining = {v: len(ss) for v, ss in succ.items()}
    ready = deque(v for v, count in remaining.items() if count == 0)
    late: dict[str, tuple[int, int]] = {}
    while ready:
        v = ready.popleft()
        bound = due_bound.get(v)
        finish = horizon if bound is None else bound
        for s in succ[v]:
            late_start = late[s][0]
            if late_start < finish:
                finish = late_start
        late[v] = (finish - duration[v], finish)
        for p in pred[v]:
            remaining[p] -= 1
            if remaining[p] == 0:
                ready.append(p)
    return Schedule(order, succ, pred, duration, release, early, late, position, horizon)


def driving_path(schedule: Schedule, task: str) -> list[str]:
    """The chain of predecessors that fixes ``task``'s early finish, first task first.

    Walks back through a *driving* predecessor (one whose EF equals the task's ES;
    the smallest id on a tie) until a task starts at its own release. The release
    of the first task plus every duration on the chain is ``task``'s EF: this is
    the critical path to ``task``. CycleError when a cycle lies upstream.
    """
    schedule.early_finish(task)
    chain = [task]
    current = task
    while True:
        start = schedule.early[current][0]
        driving = sorted(p for p in schedule.predecessors[current] if schedule.early[p][1] == start)
        if not driving:
            break
        current = driving[0]
        chain.append(current)
    chain.reverse()
    return chain


def cycle_through(schedule: Schedule, task: str, reached: Container[str], *, upstream: bool) -> list[str]:
    """A dependency cycle upstream (or downstream) of ``task``, in DEPENDS_ON order.

    ``reached`` holds the tasks Kahn's algorithm reached from that side; ``task``
    is not among them, so it has a neighbour on that side which is not either, and
    following the smallest such neighbour must come back to a task already seen.
    The cycle is listed so that each task depends on the next, from its smallest id.
    """
    step = schedule.predecessors if upstream else schedule.successors
    seen: dict[str, int] = {}
    walk: list[str] = []
    current = task
    while current not in seen:
        seen[current] = len(walk)
        walk.append(current)
        current = min(n for n in step[current] if n not in reached)
    cycle = walk[seen[current] :]
    if not upstream:
        cycle.reverse()  # walked along the dependents: reverse into DEPENDS_ON order
    first = cycle.index(min(cycle))
    return cycle[first:] + cycle[:first]


# --- answers over the analysis graph -------------------------------------------------


@dataclass(frozen=True)
class CriticalPath:
    """The chain that fixes when something can finish at the earliest.

    ``tasks`` run first to last; ``finish`` is the last day worked by the last task
    (None when no task leads there); ``deadline`` the day it is held to (a task's
    due date, a target's year end, a plan's end), ``slack`` the days between them.
    """

    tasks: tuple[str, ...]
    finish: date | None
    deadline: date | None

    @property
    def slack(self) -> int | None:
        if self.finish is None or self.deadline is None:
            return None
        return (self.deadline - self.finish).days


def task_times(graph: AnalysisGraph, task: str) -> Times:
    """The CPM figures of one task (NotFoundError, also for a retired task; CycleError)."""
    graph.require_task(task)
    return graph.schedule.times(task)


def critical_path_to_task(graph: AnalysisGraph, task: str) -> CriticalPath:
    graph.require_task(task)
    chain = driving_path(graph.schedule, task)
    return CriticalPath(tuple(chain), day(graph.schedule.early_finish(task) - 1), graph.windows[task].due)


def _path_to_latest(graph: AnalysisGraph, tasks: list[str], deadline: date | None) -> CriticalPath:
    """The driving chain of whichever of ``tasks`` finishes last (smallest id on a tie)."""
    if not tasks:
        return CriticalPath((), None, deadline)
    schedule = graph.schedule
    last = min(tasks, key=lambda t: (-schedule.early_finish(t), t))
    chain = driving_path(schedule, last)
    return CriticalPath(tuple(chain), day(schedule.early_finish(last) - 1), deadline)


def critical_path_to_target(graph: AnalysisGraph, target: str) -> CriticalPath:
    """The critical path to an indicator target: through the tasks that serve it.

    A task serves a target of an indicator it contributes to when it is due by the
    target's end (or has no due date): a task due in 2028 is not needed for a 2025
    target. The path ends at the serving task that finishes last.
    """
    info = graph.target(target)
    return _path_to_latest(graph, graph.serving_tasks(info), info.end)


def critical_path_to_plan_end(graph: AnalysisGraph, plan: str) -> CriticalPath:
    """The critical path to a plan's end: the driving chain of its last-finishing task."""
    graph.require_plan(plan)
    return _path_to_latest(graph, list(graph.plan_tasks.get(plan, ())), graph.plan_periods[plan][1])
