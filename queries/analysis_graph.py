"""The graph the dependency and deadline analyses run on, derived once per data version.

At 100k tasks a GraphQL field must answer in milliseconds, so nothing is read from
the store per request: the store's ``snapshot()`` (a frozen networkx graph of one
version) is turned once into what the analyses need — a ``DiGraph`` of task
precedence (prerequisite -> dependent), each task's window, plans, leads,
indicator targets — and the schedule (``queries.schedule``) is computed with it.
``ANALYSIS_GRAPH`` is that recipe for the app's ``graph.derived.Derived``, which
builds it once per version, in a worker thread, from a consistent read.

The snapshot carries no citations, so the DEPENDS_ON edges are read as records
(``store.edges``) alongside it: a dependency must say whether the sources state it
or the curators inferred it, and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.model.deadlines import DEADLINE_PROPS
from stratagraph.model.errors import NotFoundError
from stratagraph.model.records import RETIRED_BY, RETIRED_ON, Citation, Edge, Kind, Label, Rel
from stratagraph.queries.deadline_state import CLOSED_STATUSES, iso_day
from stratagraph.queries.plan_periods import PLAN_PERIODS, Period
from stratagraph.queries.schedule import Schedule, Window, compute, window_of

__all__ = ["ANALYSIS_GRAPH", "AnalysisGraph", "DependencyEdge", "Lead", "TargetInfo", "build"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class DependencyEdge:
    """``task`` DEPENDS_ON ``depends_on``, with the citations that back it."""

    task: str
    depends_on: str
    sources: tuple[Citation, ...]

    @property
    def inferred(self) -> bool:
        """True when no source states the dependency: it is the curators' reading."""
        return not any(c.kind in (Kind.VERBATIM, Kind.PARAPHRASE) for c in self.sources)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the curators inferred it: the notes of the inferred citations."""
        return tuple(c.note for c in self.sources if c.kind is Kind.INFERRED and c.note)


@dataclass(frozen=True, slots=True)
class Lead:
    """An agency leading a task, for the period its LEADS edge holds."""

    agency: str
    valid_from: str | None
    valid_to: str | None

    def valid_at(self, day: str) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """A target of an indicator: the day it must be met by (its deadline or 31/12 of its year)."""

    id: str
    indicator: str
    year: int | None
    end: date


@dataclass(frozen=True)
class AnalysisGraph:
    """Everything the analyses read, for one data version; never mutated.

    ``order`` has one node per task and an edge ``b -> a`` for every ``a DEPENDS_ON
    b`` (the direction work flows); ``dependencies`` keeps each edge's citations,
    keyed by ``(a, b)``. ``plan_periods`` holds each plan's start and end, as
    ``queries.plan_periods`` decides them (from the day the plan was adopted).
    """

    version: int
    snapshot: nx.MultiDiGraph
    order: nx.DiGraph
    dependencies: Mapping[tuple[str, str], DependencyEdge]
    windows: Mapping[str, Window]
    status: Mapping[str, str]
    plans_of: Mapping[str, tuple[str, ...]]
    plan_tasks: Mapping[str, tuple[str, ...]]
    plan_periods: Mapping[str, Period]
    leads: Mapping[str, tuple[Lead, ...]]
    indicators_of: Mapping[str, tuple[str, ...]]
    targets_of: Mapping[str, tuple[TargetInfo, ...]]
    targets: Mapping[str, TargetInfo]
    fulfilled: Mapping[str, tuple[date, ...]]
    epoch: date

    # lookups

    def require_task(self, task: str) -> None:
        if task not in self.windows:
            attrs = self.snapshot.nodes.get(task)
            if attrs is not None and attrs.get(RETIRED_ON) is not None:
                raise NotFoundError(
                    f"task {task!r} was retired on {attrs.get(RETIRED_ON)} (by {attrs.get(RETIRED_BY)}): "
                    "it is no longer planned, so it has no schedule"
                )
            raise NotFoundError(f"no task {task!r}")

    def require_plan(self, plan: str) -> None:
        if plan not in self.plan_periods:
            raise NotFoundError(f"no plan {plan!r}")

    def target(self, target: str) -> TargetInfo:
        found = self.targets.get(target)
        if found is None:
            raise NotFoundError(f"no target {target!r} (or it has neither a year nor a deadline)")
        return found

    def require_indicator(self, indicator: str) -> None:
        attrs = self.snapshot.nodes.get(indicator)
        if attrs is None or attrs.get("label") != Label.INDICATOR.value:
            raise NotFoundError(f"no indicator {indicator!r}")

    def is_open(self, task: str) -> bool:
        """Not reported done or cancelled (unknown counts as open, as in ``deadline_state``)."""
        return task in self.open_tasks

    @cached_property
    def open_tasks(self) -> frozenset[str]:
        """Tasks not reported done or cancelled."""
        return frozenset(t for t, s in self.status.items() if s not in CLOSED_STATUSES)

    def serving_tasks(self, target: TargetInfo) -> list[str]:
        """Tasks contributing to the target's indicator that are due by its end, or undated."""
        found = []
        for task in self.contributors.get(target.indicator, ()):
            due = self.windows[task].due
            if due is None or due <= target.end:
                found.append(task)
        return found

    @cached_property
    def contributors(self) -> Mapping[str, tuple[str, ...]]:
        """Tasks contributing to each indicator, by indicator, in id order."""
        by_indicator: dict[str, list[str]] = defaultdict(list)
        for task, indicators in self.indicators_of.items():
            for indicator in indicators:
                by_indicator[indicator].append(task)
        return {indicator: tuple(sorted(tasks)) for indicator, tasks in by_indicator.items()}

    # the schedule

    @cached_property
    def schedule(self) -> Schedule:
        """The CPM passes over every task (see ``queries.schedule`` for the model)."""
        epoch = self.epoch.toordinal()
        duration: dict[str, int] = {}
        release: dict[str, int] = {}
        due_bound: dict[str, int | None] = {}
        for task, window in self.windows.items():
            duration[task] = window.duration
            plan_start, plan_end = self._plan_period_of(task)
            start = window.start or plan_start
            release[task] = epoch if start is None else start.toordinal()
            due = window.due or plan_end
            due_bound[task] = None if due is None else due.toordinal() + 1
        return compute(self.order, duration, release, due_bound)

    def _plan_period_of(self, task: str) -> tuple[date | None, date | None]:
        """The earliest start and latest end among the task's plans (the most lenient reading)."""
        starts = [s for p in self.plans_of.get(task, ()) if (s := self.plan_periods[p][0]) is not None]
        ends = [e for p in self.plans_of.get(task, ()) if (e := self.plan_periods[p][1]) is not None]
        return (min(starts) if starts else None, max(ends) if ends else None)


_TASK = Label.TASK.value
_IN_PLAN, _LEADS, _CONTRIBUTES_TO = Rel.IN_PLAN.value, Rel.LEADS.value, Rel.CONTRIBUTES_TO.value
_HAS_TARGET, _FULFILLED_BY = Rel.HAS_TARGET.value, Rel.FULFILLED_BY.value


def _windows(nodes: Mapping[str, Mapping[str, object]], tasks: list[str]) -> dict[str, Window]:
    """Every task's window; a plan repeats a few hundred deadline texts, so each is read once."""
    seen: dict[tuple[object, ...], Window] = {}
    windows: dict[str, Window] = {}
    for task in tasks:
        props = nodes[task]
        key = tuple(props.get(name) for name in DEADLINE_PROPS)
        window = seen.get(key)
        if window is None:
            window = seen[key] = window_of(props)
        windows[task] = window
    return windows


def _sorted_tuples(lists: Mapping[str, list[_T]], key: Callable[[_T], Any] | None = None) -> dict[str, tuple[_T, ...]]:
    """Each list as a sorted tuple; most hold one item, which needs no sort."""
    return {k: (v[0],) if len(v) == 1 else tuple(sorted(v, key=key)) for k, v in lists.items()}  # type: ignore[type-var, arg-type]


def build(
    snapshot: nx.MultiDiGraph, dependency_edges: Sequence[Edge], plan_periods: Mapping[str, Period]
) -> AnalysisGraph:
    """The analysis graph of one snapshot, its DEPENDS_ON records and its plans' periods: O(graph)."""
    nodes: Mapping[str, Mapping[str, object]] = dict(snapshot.nodes.items())
    # a retired task is no longer planned: it leaves the schedule, and what waits on it no longer waits
    tasks = sorted(n for n, attrs in nodes.items() if attrs.get("label") == _TASK and attrs.get(RETIRED_ON) is None)
    windows = _windows(nodes, tasks)
    status = {t: str(nodes[t].get("status", "unknown")) for t in tasks}

    order = nx.DiGraph()
    order.add_nodes_from(tasks)
    dependencies: dict[tuple[str, str], DependencyEdge] = {}
    for edge in dependency_edges:
        if edge.source not in windows or edge.target not in windows:
            continue  # DEPENDS_ON is Task -> Task; anything else is not ours to schedule
        key = (edge.source, edge.target)
        previous = dependencies.get(key)
        sources = edge.sources if previous is None else (*previous.sources, *edge.sources)
        dependencies[key] = DependencyEdge(edge.source, edge.target, sources)
    order.add_edges_from((b, a) for a, b in dependencies)

    plans_of: dict[str, list[str]] = defaultdict(list)
    plan_tasks: dict[str, list[str]] = defaultdict(list)
    leads: dict[str, list[Lead]] = defaultdict(list)
    indicators_of: dict[str, list[str]] = defaultdict(list)
    target_of: dict[str, str] = {}
    fulfilled: dict[str, list[date]] = defaultdict(list)
    for source, target, attrs in snapshot.edges(data=True):
        kind = attrs.get("type")
        if kind == _IN_PLAN:
            if source in windows and target in plan_periods:
                plans_of[source].append(target)
                plan_tasks[target].append(source)
        elif kind == _LEADS:
            if target in windows:
                leads[target].append(Lead(source, attrs.get("validFrom"), attrs.get("validTo")))
        elif kind == _CONTRIBUTES_TO:
            if source in windows:
                indicators_of[source].append(target)
        elif kind == _HAS_TARGET:
            target_of[target] = source
        elif kind == _FULFILLED_BY and source in windows:
            when = iso_day(nodes[target].get("date"))
            if when is not None:
                fulfilled[source].append(when)

    targets: dict[str, TargetInfo] = {}
    targets_of: dict[str, list[TargetInfo]] = defaultdict(list)
    for target_id, indicator in target_of.items():
        attrs = nodes[target_id]
        year = attrs.get("year")
        year = year if isinstance(year, int) and not isinstance(year, bool) else None
        end = iso_day(attrs.get("deadlineEnd")) or (date(year, 12, 31) if year is not None else None)
        if end is None:
            continue
        info = TargetInfo(target_id, indicator, year, end)
        targets[target_id] = info
        targets_of[indicator].append(info)

    distinct = set(windows.values())
    known = [w.start for w in distinct if w.start] + [w.due for w in distinct if w.due]
    known += [s for s, _ in plan_periods.values() if s]
    version = snapshot.graph.get("version", 0)
    return AnalysisGraph(
        version=version if isinstance(version, int) else 0,
        snapshot=snapshot,
        order=nx.freeze(order),
        dependencies=dependencies,
        windows=windows,
        status=status,
        plans_of=_sorted_tuples(plans_of),
        plan_tasks=_sorted_tuples(plan_tasks),
        plan_periods=plan_periods,
        leads=_sorted_tuples(leads, key=lambda lead: (lead.agency, lead.valid_from or "")),
        indicators_of=_sorted_tuples(indicators_of),
        targets_of=_sorted_tuples(targets_of, key=lambda t: (t.end, t.id)),
        targets=targets,
        fulfilled={t: tuple(sorted(set(d))) for t, d in fulfilled.items()},
        epoch=min(known, default=date(2000, 1, 1)),
    )


_Read = tuple[nx.MultiDiGraph, list[Edge], Mapping[str, Period]]


async def _read(derived: Derived) -> _Read:
    return (
        await derived.store.snapshot(),
        await derived.store.edges(Rel.DEPENDS_ON),
        await derived.get(PLAN_PERIODS),
    )


def _build_and_schedule(read: _Read) -> AnalysisGraph:
    """Build and run the CPM passes: O(graph) CPU work, which ``Derived`` runs in a worker thread."""
    built = build(*read)
    _ = built.schedule
    return built


ANALYSIS_GRAPH: Recipe[[], _Read, AnalysisGraph] = Recipe("analysis graph", _read, _build_and_schedule)
"""The analysis graph of the current data version, with its schedule: ``await derived.get(ANALYSIS_GRAPH)``."""
