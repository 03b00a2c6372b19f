"""What depends on what: closures, the order of a plan's tasks, and dependency cycles.

``a DEPENDS_ON b`` means ``a`` cannot start before ``b`` is done. *Upstream* of a
task are the tasks it waits for, transitively; *downstream* the tasks that wait
for it. Every answer carries the edges it used, and each edge its citations, so a
planner can see which links the sources state and which are the curators'
reading (``DependencyEdge.inferred`` and its reasons).

Cycles are reported as lists of tasks in DEPENDS_ON order (each depends on the
next, the last on the first), rotated to start at the smallest id, so the same
cycle always reads the same way. An order of tasks cannot exist across a cycle:
asking for one raises ``CycleError`` naming a cycle through the plan's tasks.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

import networkx as nx

from stratagraph.model.errors import CycleError, NotFoundError, QueryError
from stratagraph.queries.analysis_graph import AnalysisGraph, DependencyEdge

_N = TypeVar("_N", bound=Hashable)

__all__ = [
    "Closure",
    "Cycle",
    "Direction",
    "canonical_cycle",
    "closure",
    "dependency_cycles",
    "edges_along",
    "simple_cycles",
    "topological_order",
]


class Direction(StrEnum):
    UPSTREAM = "upstream"  # what the task waits for
    DOWNSTREAM = "downstream"  # what waits for the task


@dataclass(frozen=True)
class Closure:
    """Tasks reached from ``task`` in one direction, breadth first, with a shortest path to each.

    ``reached`` maps each task to ``(depth, parent)``: the parent is the task one
    step nearer to ``task`` on a shortest path (the smallest id among equals).
    """

    task: str
    direction: Direction
    reached: dict[str, tuple[int, str]]

    def tasks(self) -> list[str]:
        """The reached tasks, nearest first, then by id."""
        return sorted(self.reached, key=lambda t: (self.reached[t][0], t))

    def path(self, task: str) -> list[str]:
        """From the closure's task to ``task``, each step one dependency."""
        path = [task]
        while path[-1] != self.task:
            path.append(self.reached[path[-1]][1])
        path.reverse()
        return path


def closure(graph: AnalysisGraph, task: str, direction: Direction, depth: int | None = None) -> Closure:
    """Every task ``direction`` of ``task`` within ``depth`` steps (all when None). O(reached)."""
    if depth is not None and depth < 0:
        raise QueryError(f"depth must not be negative, not {depth}")
    if task not in graph.order:
        raise NotFoundError(f"no task {task!r}")
    schedule = graph.schedule
    step = schedule.predecessors if direction is Direction.UPSTREAM else schedule.successors
    reached: dict[str, tuple[int, str]] = {}
    frontier = [task]
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        found: dict[str, str] = {}
        for current in frontier:  # frontier is sorted, so the smallest parent wins
            for neighbour in step[current]:
                if neighbour != task and neighbour not in reached and neighbour not in found:
                    found[neighbour] = current
        for neighbour, parent in found.items():
            reached[neighbour] = (level, parent)
        frontier = sorted(found)
    return Closure(task, direction, reached)


def edges_along(graph: AnalysisGraph, path: list[str], direction: Direction) -> list[DependencyEdge]:
    """The dependency edges a closure path walks, each with its citations."""
    pairs = itertools.pairwise(path)
    if direction is Direction.UPSTREAM:
        return [graph.dependencies[(near, far)] for near, far in pairs]
    return [graph.dependencies[(far, near)] for near, far in pairs]


# --- cycles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cycle:
    """Tasks each depending on the next (the last on the first), with those edges."""

    tasks: tuple[str, ...]
    edges: tuple[DependencyEdge, ...]


def canonical_cycle(cycle: Iterable[str]) -> tuple[str, ...]:
    """The same cycle starting at its smallest task, direction kept."""
    tasks = list(cycle)
    first = tasks.index(min(tasks))
    return tuple(tasks[first:] + tasks[:first])


def simple_cycles(order: nx.DiGraph, touching: Collection[str] | None = None) -> Iterable[tuple[str, ...]]:
    """Every elementary dependency cycle (through a task of ``touching``), canonical, in DEPENDS_ON order.

    Only strongly connected components that can hold a cycle are searched, so an
    acyclic graph of 100k tasks costs one pass. Enumeration is lazy: there may be
    exponentially many cycles, and callers take what they can show.
    """
    for component in sorted(_cyclic_components(order), key=min):
        if touching is not None and not any(t in component for t in touching):
            continue
        sub = order.subgraph(component)
        for found in nx.simple_cycles(sub):
            if touching is None or any(t in touching for t in found):
                yield canonical_cycle(reversed(found))  # order edges run prerequisite -> dependent


def _cyclic_components(order: nx.DiGraph) -> list[set[str]]:
    return [c for c in nx.strongly_connected_components(order) if len(c) > 1 or _self_loop(order, next(iter(c)))]


def _self_loop(order: nx.DiGraph, task: str) -> bool:
    return task in order.succ[task]


def dependency_cycles(
    graph: AnalysisGraph, tasks: Collection[str] | None = None, limit: int | None = None
) -> list[Cycle]:
    """Dependency cycles through ``tasks`` (every cycle when None), shortest first, at most ``limit``.

    When more than ``limit`` exist, which ones are kept follows networkx's
    enumeration order, which is stable for one data version.
    """
    if limit is not None and limit < 0:
        raise QueryError(f"limit must not be negative, not {limit}")
    if len(graph.schedule.early) == graph.order.number_of_nodes():
        return []  # Kahn's algorithm scheduled every task: there is no cycle at all
    found = list(itertools.islice(simple_cycles(graph.order, tasks), limit))
    found.sort(key=lambda c: (len(c), c))
    return [Cycle(c, tuple(graph.dependencies[(a, b)] for a, b in zip(c, (*c[1:], c[0]), strict=True))) for c in found]


# --- order -----------------------------------------------------------------------------


def topological_order(graph: AnalysisGraph, plan: str) -> list[str]:
    """The plan's tasks in an order every dependency respects, also through other plans' tasks.

    Among tasks free to go next, the one due first comes first (undated last, then
    by id), so the order reads like a timetable. ``CycleError`` when a task of the
    plan lies on a dependency cycle; a cycle elsewhere upstream does not matter,
    since it orders no two tasks of the plan.
    """
    graph.require_plan(plan)
    members = set(graph.plan_tasks.get(plan, ()))
    if len(graph.schedule.early) == graph.order.number_of_nodes():
        relevant = _with_ancestors(graph, members)
        return [t for t in _kahn(graph.order.subgraph(relevant), graph, {t: t for t in relevant}) if t in members]
    relevant = _with_ancestors(graph, members)
    sub = graph.order.subgraph(relevant)
    components = list(nx.strongly_connected_components(sub))
    for component in components:
        on_cycle = sorted(t for t in component if t in members and (len(component) > 1 or _self_loop(sub, t)))
        if on_cycle:
            raise CycleError(_cycle_through_member(sub, on_cycle[0]))
    condensed = nx.condensation(sub, components)
    names: dict[int, str] = {index: min(component) for index, component in enumerate(components)}
    # Each member is its own component (none lies on a cycle), named by its id.
    ordered = _kahn(condensed, graph, names)
    return [names_t for names_t in ordered if names_t in members]


def _kahn(sub: nx.DiGraph, graph: AnalysisGraph, names: Mapping[_N, str]) -> list[str]:
    """Kahn's algorithm over an acyclic ``sub``, earliest due first; yields each node's name."""
    far = date.max

    def key(node: _N) -> tuple[date, str]:
        name = names[node]
        window = graph.windows.get(name)
        return ((window.due if window and window.due else far), name)

    remaining = {v: sub.in_degree(v) for v in sub}
    heap = [(key(v), names[v], v) for v, count in remaining.items() if count == 0]
    heapq.heapify(heap)
    out: list[str] = []
    while heap:
        _, name, v = heapq.heappop(heap)
        out.append(name)
        for s in sub.succ[v]:
            remaining[s] -= 1
            if remaining[s] == 0:
                heapq.heappush(heap, (key(s), names[s], s))
    return out


def _with_ancestors(graph: AnalysisGraph, tasks: set[str]) -> set[str]:
    pred = graph.schedule.predecessors
    seen = set(tasks)
    queue = deque(tasks)
    while queue:
        for p in pred[queue.popleft()]:
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return seen


def _cycle_through_member(sub: nx.DiGraph, task: str) -> list[str]:
    """A shortest cycle through ``task`` in DEPENDS_ON order (``task`` lies on one)."""
    if _self_loop(sub, task):
        return [task]
    best: list[str] | None = None
    for successor in sorted(sub.succ[task]):
        try:
            back = nx.shortest_path(sub, successor, task)
        except nx.NetworkXNoPath:
            continue
        if best is None or len(back) < len(best):
            best = back
    assert best is not None, "a task on a cycle reaches itself"
    # best runs successor -> ... -> task along prerequisite -> dependent edges.
    return list(canonical_cycle(reversed(best)))
