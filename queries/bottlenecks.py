"""Bottlenecks: agencies ranked by how much downstream work waits on their open tasks.

An agency holds work up when tasks it leads (chủ trì) are still open and other
tasks depend on them. For each agency the *waiting* tasks are the open tasks
downstream of its open tasks (each counted once, however many of its tasks it
waits on); their *waiting days* are the sum of their durations in the schedule
model (``queries.schedule``), so a year-long programme weighs more than a
one-day report. Agencies rank by waiting tasks, then waiting days, then id.

Open means not reported done or cancelled: sources rarely report completion, so
an unknown status counts as open, as ``deadline_state`` reads it. Leads are taken
as of a day, because units move between ministries; credit goes to the agency
that leads, not to the ministry above it (``queries.accountability`` climbs).
The walk downstream passes through closed tasks: a dependency on an open task
still holds when something between them was reported done. Downstream means
reachable through one dependency or more, so a task on a dependency cycle waits
on itself (a deadlock is the worst bottleneck there is).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date

from queries.analysis_graph import AnalysisGraph
from queries.schedule import adjacency
from stratagraph.errors import QueryError

__all__ = ["Bottleneck", "bottlenecks"]


@dataclass(frozen=True)
class Bottleneck:
    agency: str
    open_tasks: tuple[str, ...]  # open tasks the agency leads (within the plan, when one is given)
    waiting: tuple[str, ...]  # open tasks downstream of them
    waiting_days: int


def bottlenecks(
    graph: AnalysisGraph, as_of: date, plan: str | None = None, first: int | None = None
) -> list[Bottleneck]:
    """Agencies leading open tasks (of ``plan``, or anywhere), most waited on first; at most ``first``."""
    if first is not None and first < 0:
        raise QueryError(f"first must not be negative, not {first}")
    if plan is not None:
        graph.require_plan(plan)
        scope: list[str] = list(graph.plan_tasks.get(plan, ()))
    else:
        scope = sorted(graph.windows)
    day = as_of.isoformat()
    led: dict[str, list[str]] = defaultdict(list)
    for task in scope:
        if not graph.is_open(task):
            continue
        for lead in graph.leads.get(task, ()):
            if lead.valid_at(day):
                led[lead.agency].append(task)
    ranked = [_bottleneck(graph, agency, tasks) for agency, tasks in led.items()]
    ranked.sort(key=lambda b: (-len(b.waiting), -b.waiting_days, b.agency))
    return ranked if first is None else ranked[:first]


def _bottleneck(graph: AnalysisGraph, agency: str, tasks: list[str]) -> Bottleneck:
    """One breadth-first walk from all the agency's open tasks at once: O(work downstream).

    Each task is expanded once; an agency task downstream of another of its tasks
    is waiting too, so the seeds are expanded but only counted when reached.
    """
    succ, _ = adjacency(graph.order)
    expanded = set(tasks)
    queue = deque(tasks)
    reached: set[str] = set()
    while queue:
        for nxt in succ[queue.popleft()]:
            if nxt not in reached:
                reached.add(nxt)
                if nxt not in expanded:
                    expanded.add(nxt)
                    queue.append(nxt)
    waiting = sorted(t for t in reached if graph.is_open(t))
    waiting_days = sum(graph.windows[t].duration for t in waiting)
    return Bottleneck(agency, tuple(sorted(tasks)), tuple(waiting), waiting_days)
