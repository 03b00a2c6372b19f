"""What a delay breaks: if a task slips by N days, which deadlines and targets are missed.

The slip moves the task's early finish N days later; the forward pass of the
schedule (``queries.schedule``) then moves every task downstream whose driving
chain runs through it, and nothing else. A task *misses its deadline* when its new
early finish passes its due date; a target *can no longer be met* when a task that
serves it (contributes to its indicator and is due by the target's end, see
``AnalysisGraph.serving_tasks``) is pushed past the target's end.

Only the tasks the slip reaches are recomputed, in topological order, so the cost
follows the impact, not the graph.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from stratagraph.model.errors import QueryError
from stratagraph.queries.analysis_graph import AnalysisGraph, TargetInfo
from stratagraph.queries.schedule import Schedule, day

__all__ = ["DelayImpact", "MissedTarget", "Shift", "delay_impact", "slip"]


def slip(schedule: Schedule, task: str, days: int) -> dict[str, int]:
    """The new early finish (exclusive day number) of every task a ``days``-day slip of ``task`` moves.

    ``task`` itself is included when ``days > 0``. Raises ``CycleError`` when a
    cycle lies upstream of a task the slip reaches (its dates are undefined).
    """
    if days < 0:
        raise QueryError(f"a slip is a number of days >= 0, not {days}")
    finish = schedule.early_finish(task)
    if days == 0:
        return {}
    moved = {task: finish + days}
    succ, pred = schedule.successors, schedule.predecessors
    if len(schedule.early) < len(schedule.duration):
        _refuse_cycles_downstream(schedule, task)
    queue: list[tuple[int, str]] = []
    queued: set[str] = set()

    def push_successors(v: str) -> None:
        for s in succ[v]:
            if s not in queued:
                queued.add(s)
                heapq.heappush(queue, (_position(schedule, s), s))

    push_successors(task)
    while queue:
        _, v = heapq.heappop(queue)
        start = schedule.release[v]
        for p in pred[v]:
            p_finish = moved.get(p)
            if p_finish is None:
                p_finish = schedule.early[p][1]
            if p_finish > start:
                start = p_finish
        new_finish = start + schedule.duration[v]
        if new_finish != schedule.early[v][1]:
            moved[v] = new_finish
            push_successors(v)
    return moved


def _refuse_cycles_downstream(schedule: Schedule, task: str) -> None:
    """CycleError when a task downstream of ``task`` has no early dates (a cycle lies upstream of it).

    Checked for the whole reach, not only for the tasks that move, so the answer
    does not depend on whether the slip happens to be absorbed before the cycle.
    """
    succ = schedule.successors
    seen = {task}
    stack = [task]
    while stack:
        for s in succ[stack.pop()]:
            if s not in seen:
                schedule.early_finish(s)  # raises CycleError naming the cycle
                seen.add(s)
                stack.append(s)


def _position(schedule: Schedule, task: str) -> int:
    position = schedule.position.get(task)
    if position is None:
        schedule.early_finish(task)  # raises CycleError naming the cycle upstream
    assert position is not None
    return position


@dataclass(frozen=True)
class Shift:
    """A task whose early finish moves: from ``before`` to ``after`` (last days worked)."""

    task: str
    before: date
    after: date
    due: date | None

    @property
    def delay(self) -> int:
        return (self.after - self.before).days

    @property
    def days_late(self) -> int | None:
        """Days past the due date after the slip (<= 0 when still on time); None without one."""
        return None if self.due is None else (self.after - self.due).days

    @property
    def misses_deadline(self) -> bool:
        return self.due is not None and self.after > self.due

    @property
    def was_late(self) -> bool:
        """Already past its due date in the schedule before the slip."""
        return self.due is not None and self.before > self.due


@dataclass(frozen=True)
class MissedTarget:
    """A target the slip pushes out of reach, and the serving tasks pushed past its end."""

    target: TargetInfo
    tasks: tuple[str, ...]
    finish: date  # the latest new finish among those tasks
    was_missed: bool  # already out of reach before the slip

    @property
    def days_late(self) -> int:
        return (self.finish - self.target.end).days


@dataclass(frozen=True)
class DelayImpact:
    task: str
    days: int
    shifts: tuple[Shift, ...]  # the slipped task first, then downstream in topological order
    targets: tuple[MissedTarget, ...]

    @property
    def missed_deadlines(self) -> tuple[Shift, ...]:
        return tuple(s for s in self.shifts if s.misses_deadline)


def delay_impact(graph: AnalysisGraph, task: str, days: int) -> DelayImpact:
    """Every task a slip of ``task`` by ``days`` moves, and the targets it puts out of reach."""
    graph.require_task(task)
    schedule = graph.schedule
    moved = slip(schedule, task, days)
    ordered = sorted(moved, key=lambda t: schedule.position[t])
    shifts = tuple(Shift(t, day(schedule.early[t][1] - 1), day(moved[t] - 1), graph.windows[t].due) for t in ordered)
    return DelayImpact(task, days, shifts, tuple(_missed_targets(graph, moved)))


def _missed_targets(graph: AnalysisGraph, moved: dict[str, int]) -> list[MissedTarget]:
    schedule = graph.schedule
    crossing: dict[str, list[str]] = {}
    for task in sorted(moved):
        due = graph.windows[task].due
        for indicator in graph.indicators_of.get(task, ()):
            for target in graph.targets_of.get(indicator, ()):
                if due is not None and due > target.end:
                    continue  # not needed for this target (see serving_tasks)
                limit = target.end.toordinal() + 1
                if schedule.early[task][1] <= limit < moved[task]:
                    crossing.setdefault(target.id, []).append(task)
    missed = []
    for target_id in sorted(crossing):
        target = graph.targets[target_id]
        limit = target.end.toordinal() + 1
        baseline = max((schedule.early_finish(t) for t in graph.serving_tasks(target)), default=limit)
        finish = max(moved[t] for t in crossing[target_id])
        missed.append(MissedTarget(target, tuple(crossing[target_id]), day(finish - 1), baseline > limit))
    return missed
