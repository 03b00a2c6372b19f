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

Ranking every agency of a large graph walks all the work downstream of them, and
the ranking changes only with the data version and the day, so the server keeps
it per version (``RANKING``, for the last ``RANKINGS_KEPT`` (day, plan) pairs
asked: a client asking for every day in turn cannot grow the memory).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.model.errors import QueryError
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH, AnalysisGraph

__all__ = ["RANKING", "Bottleneck", "bottlenecks", "rank", "ranked_bottlenecks"]

RANKINGS_KEPT = 16


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
    _check(graph, plan, first)
    return _first(rank(graph, as_of, plan), first)


async def ranked_bottlenecks(
    derived: Derived, as_of: date, plan: str | None = None, first: int | None = None
) -> list[Bottleneck]:
    """``bottlenecks`` of the current version, the ranking kept per version for each (day, plan)."""
    _check(await derived.get(ANALYSIS_GRAPH), plan, first)
    return _first(await derived.get(RANKING, as_of, plan), first)


def _check(graph: AnalysisGraph, plan: str | None, first: int | None) -> None:
    if first is not None and first < 0:
        raise QueryError(f"first must not be negative, not {first}")
    if plan is not None:
        graph.require_plan(plan)


def _first(ranked: list[Bottleneck], first: int | None) -> list[Bottleneck]:
    return ranked if first is None else ranked[:first]


async def _read(derived: Derived, as_of: date, plan: str | None) -> AnalysisGraph:
    return await derived.get(ANALYSIS_GRAPH)


def rank(graph: AnalysisGraph, as_of: date, plan: str | None) -> list[Bottleneck]:
    """Every agency leading open tasks (of ``plan``, or anywhere), most waited on first."""
    scope = graph.plan_tasks.get(plan, ()) if plan is not None else sorted(graph.windows)
    open_tasks = graph.open_tasks
    day = as_of.isoformat()
    led: dict[str, list[str]] = defaultdict(list)
    for task in scope:
        if task not in open_tasks:
            continue
        for lead in graph.leads.get(task, ()):
            if lead.valid_at(day):
                led[lead.agency].append(task)
    ranked = [_bottleneck(graph, agency, tasks) for agency, tasks in led.items()]
    ranked.sort(key=lambda b: (-len(b.waiting), -b.waiting_days, b.agency))
    return ranked


def _bottleneck(graph: AnalysisGraph, agency: str, tasks: list[str]) -> Bottleneck:
    """One walk from all the agency's open tasks at once: O(work downstream).

    Each task is expanded once; an agency task downstream of another of its tasks
    is waiting too, so the seeds are expanded first but counted only when reached.
    """
    succ = graph.schedule.successors
    seeds = set(tasks)
    stack = list(tasks)
    reached: set[str] = set()
    while stack:
        for nxt in succ[stack.pop()]:
            if nxt not in reached:
                reached.add(nxt)
                if nxt not in seeds:
                    stack.append(nxt)
    waiting = sorted(reached & graph.open_tasks)
    duration = graph.schedule.duration
    return Bottleneck(agency, tuple(sorted(tasks)), tuple(waiting), sum(duration[t] for t in waiting))


RANKING: Recipe[[date, str | None], AnalysisGraph, list[Bottleneck]] = Recipe(
    "bottleneck ranking", _read, rank, keep=RANKINGS_KEPT
)
"""Every agency's bottleneck on a day, in a plan or everywhere: ``await derived.get(RANKING, as_of, plan)``."""
