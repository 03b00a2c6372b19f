"""Dependency and deadline analysis in GraphQL: types and thin resolvers over ``queries/``.

Every resolver reads one ``AnalysisGraph`` (``queries.analysis_graph``), built
once per data version and shared by all requests, so a field costs the analysis
itself, not a walk of the store. Entities in the answers (tasks, agencies,
targets) are loaded through the request's batching loaders.

The fields live here and the entity types (``Task``, ``Plan``, ``Indicator``,
``Target``, the root ``Query``) borrow them with one line each
(``upstream = analysis.field(analysis.task_upstream)``), so those modules stay
small and others can edit them without touching this file. A resolver's
docstring is its GraphQL description, and its ``@weighs(n)`` its declared cost
(``schema.cost``): what the analysis costs beside a plain field.

The analyses themselves run in one worker thread (``compute``), never on the
event loop: at 100k tasks one may take a second, and every other request must
go on meanwhile. One thread, so analyses run one at a time: they share the
analysis graph's memo, and the event loop competes with one CPU-bound thread
at most. A request that gives up (its time budget ran out) drops the analyses
it queued that have not started.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import inspect
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Annotated, Any, Final, ParamSpec, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from stratagraph.model.errors import CycleError
from stratagraph.model.records import Citation as CitationRecord
from stratagraph.model.records import Direction as StoreDirection
from stratagraph.model.records import Rel, is_retired
from stratagraph.queries import bottlenecks as bottleneck_queries
from stratagraph.queries import consistency as consistency_queries
from stratagraph.queries import delay as delay_queries
from stratagraph.queries import dependencies as dependency_queries
from stratagraph.queries import explain as explain_queries
from stratagraph.queries import schedule as schedule_queries
from stratagraph.queries.analysis_graph import AnalysisGraph, DependencyEdge, analyzer_for
from stratagraph.schema.agencies import Agency
from stratagraph.schema.common import CITATIONS, Citation, Entity, citations, context, parse_day
from stratagraph.schema.cost import Cost, ListSize
from stratagraph.schema.pagination import DEFAULT_LIST, MAX_LIST, First, check_first, first_of

if TYPE_CHECKING:
    from stratagraph.schema.indicators import Indicator, Target
    from stratagraph.schema.tasks import Task

MAX_CYCLES = 1000
DEFAULT_CYCLES = 100
MAX_DELAY_DAYS: Final = 3650  # ten years: longer than any plan, and far from the last date a calendar holds

# What an analysis costs in a query (``schema.cost``): a task's own, one over a plan, one over the whole graph.
TASK_ANALYSIS: Final = 500
PLAN_ANALYSIS: Final = 2000
GRAPH_ANALYSIS: Final = 5000

PATH_LENGTH = ListSize(assumed_size=10)  # dependency chains, cycles, explanations: short in practice
_WEIGHTS: dict[Callable[..., Any], int] = {}
_ANALYSES: Final = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def weighs(weight: int) -> Callable[[F], F]:
    """Declare what the resolver's field costs in a query (its ``@cost``), where the resolver is defined."""

    def declare(resolver: F) -> F:
        _WEIGHTS[resolver] = weight
        return resolver

    return declare


def field(resolver: Callable[..., Any]) -> Any:
    """A field for an entity type, resolved here, described by the resolver's docstring, weighing its ``@weighs``."""
    return strawberry.field(
        resolver=resolver, description=inspect.getdoc(resolver), directives=[Cost(weight=_WEIGHTS[resolver])]
    )


async def compute(work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``work(*args, **kwargs)`` in the analysis thread, so the event loop serves other requests meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_ANALYSES, functools.partial(work, *args, **kwargs))


async def _graph(info: Info) -> AnalysisGraph:
    return await analyzer_for(context(info).store).graph()


async def _tasks(info: Info, ids: Sequence[str]) -> list[Task]:
    from stratagraph.schema.tasks import Task

    nodes = await context(info).nodes.load_many(list(ids))
    return [Task(_node=n) for n in nodes if n is not None]


async def _task(info: Info, task_id: str) -> Task | None:
    found = await _tasks(info, [task_id])
    return found[0] if found else None


def _date(ordinal: int) -> dt.date:
    return schedule_queries.day(ordinal)


# --- dependencies ------------------------------------------------------------------------


@strawberry.type(description="`task` depends on `dependsOn` (DEPENDS_ON), with the sources that say so.")
class DependencyLink:
    _edge: strawberry.Private[DependencyEdge]

    @strawberry.field(description="The task that waits.")
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._edge.task)

    @strawberry.field(description="The task it waits for.")
    async def depends_on(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._edge.depends_on)

    @strawberry.field(description="True when no source states the dependency: it is the curators' reading.")
    def inferred(self) -> bool:
        return self._edge.inferred

    @strawberry.field(
        description="Why the curators inferred it (the notes of the inferred citations).", directives=[CITATIONS]
    )
    def reasons(self) -> list[str]:
        return list(self._edge.reasons)

    @strawberry.field(directives=[CITATIONS])
    def sources(self) -> list[Citation]:
        return citations(self._edge.sources)


def _links(edges: Sequence[DependencyEdge]) -> list[DependencyLink]:
    return [DependencyLink(_edge=e) for e in edges]


@strawberry.type(description="A task reached upstream or downstream, with a shortest chain of dependencies to it.")
class DependencyReach:
    depth: int = strawberry.field(description="Dependencies between the asked task and this one (1 = direct).")
    _task_id: strawberry.Private[str]
    _closure: strawberry.Private[dependency_queries.Closure]
    _graph: strawberry.Private[AnalysisGraph]

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._task_id)

    @strawberry.field(description="From the asked task to this one, both included.", directives=[PATH_LENGTH])
    async def path(self, info: Info) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await _tasks(info, self._closure.path(self._task_id))

    @strawberry.field(description="The dependencies along `path`, each with its sources.", directives=[PATH_LENGTH])
    def edges(self) -> list[DependencyLink]:
        path = self._closure.path(self._task_id)
        return _links(dependency_queries.edges_along(self._graph, path, self._closure.direction))


async def _closure(
    root: Entity, info: Info, direction: dependency_queries.Direction, depth: int | None, first: int
) -> list[DependencyReach]:
    """The closure, with paths and edges worked out only for the reaches a query asks them of.

    A retired task has left the plan's flow of work: nothing waits for it, it waits for nothing.
    """
    check_first(first)
    if is_retired(root._node):
        return []
    graph = await _graph(info)
    found = await compute(dependency_queries.closure, graph.order, root._node.id, direction, depth)
    return [
        DependencyReach(depth=found.reached[t][0], _task_id=t, _closure=found, _graph=graph)
        for t in first_of(found.tasks(), first)
    ]


@weighs(TASK_ANALYSIS)
async def task_upstream(
    root: Entity, info: Info, depth: int | None = None, first: First = DEFAULT_LIST
) -> list[DependencyReach]:
    """Tasks this one waits for, directly or through others, within `depth` steps (all when null); nearest first;
    at most `first`."""
    return await _closure(root, info, dependency_queries.Direction.UPSTREAM, depth, first)


@weighs(TASK_ANALYSIS)
async def task_downstream(
    root: Entity, info: Info, depth: int | None = None, first: First = DEFAULT_LIST
) -> list[DependencyReach]:
    """Tasks that wait for this one, directly or through others, within `depth` steps (all when null); nearest
    first; at most `first`."""
    return await _closure(root, info, dependency_queries.Direction.DOWNSTREAM, depth, first)


@strawberry.type(description="Tasks that each depend on the next, the last on the first; no order can satisfy them.")
class DependencyCycle:
    _tasks: strawberry.Private[tuple[str, ...]]
    _edges: strawberry.Private[tuple[DependencyEdge, ...]]

    @strawberry.field(description="The tasks in DEPENDS_ON order, from the smallest id.", directives=[PATH_LENGTH])
    async def tasks(self, info: Info) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await _tasks(info, self._tasks)

    @strawberry.field(
        description="Each dependency of the cycle with its sources: where to look to break it.",
        directives=[PATH_LENGTH],
    )
    def edges(self) -> list[DependencyLink]:
        return _links(self._edges)


@weighs(PLAN_ANALYSIS)
async def plan_dependency_cycles(root: Entity, info: Info, first: int = DEFAULT_CYCLES) -> list[DependencyCycle]:
    """Dependency cycles through this plan's tasks, shortest first (at most `first`, up to 1000)."""
    if not 0 <= first <= MAX_CYCLES:
        raise GraphQLError(f"`first` must be between 0 and {MAX_CYCLES}")
    graph = await _graph(info)
    graph.require_plan(root._node.id)
    tasks = graph.plan_tasks.get(root._node.id, ())
    cycles = await compute(dependency_queries.dependency_cycles, graph, tasks, first)
    return [DependencyCycle(_tasks=c.tasks, _edges=c.edges) for c in cycles]


@weighs(PLAN_ANALYSIS)
async def plan_topological_order(
    root: Entity, info: Info, first: First = DEFAULT_LIST
) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
    """This plan's tasks in an order every dependency respects (also through other plans' tasks); among tasks free
    to go next, the one due first; at most `first`. An error names the cycle when a task of the plan lies on one."""
    check_first(first)
    graph = await _graph(info)
    return await _tasks(
        info, first_of(await compute(dependency_queries.topological_order, graph, root._node.id), first)
    )


# --- schedule ------------------------------------------------------------------------------


@strawberry.type(
    description="A task's place in the schedule by the critical-path method: windows from deadlines, finish-to-start "
    "dependencies, dates as days worked, slack in days (see queries/schedule.py for the model)."
)
class Schedule:
    duration: int = strawberry.field(description="Days the task takes: its deadline window, one day when open.")
    early_start: dt.date
    early_finish: dt.date = strawberry.field(description="Last day worked when everything starts as early as it can.")
    late_start: dt.date
    late_finish: dt.date = strawberry.field(description="Last day it may finish without any due date being missed.")
    total_slack: int = strawberry.field(
        description="Days it can slip before a due date (its own or downstream) is missed."
    )
    free_slack: int = strawberry.field(description="Days it can slip before any task that waits for it moves.")
    critical: bool = strawberry.field(description="Total slack <= 0.")


def _schedule(times: schedule_queries.Times) -> Schedule:
    return Schedule(
        duration=times.duration,
        early_start=_date(times.early_start),
        early_finish=_date(times.early_finish - 1),
        late_start=_date(times.late_start),
        late_finish=_date(times.late_finish - 1),
        total_slack=times.total_slack,
        free_slack=times.free_slack,
        critical=times.critical,
    )


@weighs(TASK_ANALYSIS)
async def task_schedule(root: Entity, info: Info) -> Schedule:
    """Early and late dates, total and free slack; an error names the cycle when one lies up- or downstream."""
    graph = await _graph(info)
    return _schedule(await compute(schedule_queries.task_times, graph, root._node.id))


@strawberry.type(description="A task on a critical path, with its schedule.")
class ScheduledTask:
    _task_id: strawberry.Private[str]
    _graph: strawberry.Private[AnalysisGraph]

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._task_id)

    @strawberry.field(description="Null when a cycle lies downstream (its late dates are undefined).")
    def schedule(self) -> Schedule | None:
        try:
            return _schedule(self._graph.schedule.times(self._task_id))
        except CycleError:
            return None


@strawberry.type(
    description="The chain of tasks that fixes when something can finish at the earliest (each task starts when the "
    "one before it finishes), first task first."
)
class CriticalPath:
    tasks: list[ScheduledTask] = strawberry.field(directives=[ListSize(assumed_size=50)])
    finish: dt.date | None = strawberry.field(description="Last day worked by the last task; null without tasks.")
    deadline: dt.date | None = strawberry.field(description="The day it is held to: due date, target end, plan end.")
    slack: int | None = strawberry.field(description="Days from `finish` to `deadline`; negative when it is missed.")


def _critical_path(graph: AnalysisGraph, path: schedule_queries.CriticalPath) -> CriticalPath:
    return CriticalPath(
        tasks=[ScheduledTask(_task_id=t, _graph=graph) for t in path.tasks],
        finish=path.finish,
        deadline=path.deadline,
        slack=path.slack,
    )


@weighs(TASK_ANALYSIS)
async def task_critical_path(root: Entity, info: Info) -> CriticalPath:
    """The chain of predecessors that fixes this task's earliest finish, held to its due date."""
    graph = await _graph(info)
    return _critical_path(graph, await compute(schedule_queries.critical_path_to_task, graph, root._node.id))


@weighs(PLAN_ANALYSIS)
async def plan_critical_path(root: Entity, info: Info) -> CriticalPath:
    """The critical path to the plan's end: the driving chain of its task that finishes last."""
    graph = await _graph(info)
    return _critical_path(graph, await compute(schedule_queries.critical_path_to_plan_end, graph, root._node.id))


@weighs(TASK_ANALYSIS)
async def target_critical_path(root: Entity, info: Info) -> CriticalPath:
    """The critical path to this target: through the tasks contributing to its indicator that are due by its end."""
    graph = await _graph(info)
    return _critical_path(graph, await compute(schedule_queries.critical_path_to_target, graph, root._node.id))


@weighs(TASK_ANALYSIS)
async def indicator_critical_path(root: Entity, info: Info, year: int) -> CriticalPath | None:
    """The critical path to this indicator's target for `year` (null when it has none); the first by id when
    several plans set one for that year."""
    graph = await _graph(info)
    graph.require_indicator(root._node.id)
    found = [t for t in graph.targets_of.get(root._node.id, ()) if t.year == year]
    if not found:
        return None
    target = min(found, key=lambda t: t.id)
    return _critical_path(graph, await compute(schedule_queries.critical_path_to_target, graph, target.id))


# --- delay ------------------------------------------------------------------------------


@strawberry.type(description="A task whose earliest finish a slip moves.")
class DelayedTask:
    before: dt.date = strawberry.field(description="Early finish before the slip.")
    after: dt.date = strawberry.field(description="Early finish after it.")
    delay: int
    due: dt.date | None
    days_late: int | None = strawberry.field(description="Days past the due date after the slip (<= 0: on time).")
    misses_deadline: bool
    was_late: bool = strawberry.field(description="Already past its due date before the slip.")
    _task_id: strawberry.Private[str]

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._task_id)


def _delayed(shift: delay_queries.Shift) -> DelayedTask:
    return DelayedTask(
        before=shift.before,
        after=shift.after,
        delay=shift.delay,
        due=shift.due,
        days_late=shift.days_late,
        misses_deadline=shift.misses_deadline,
        was_late=shift.was_late,
        _task_id=shift.task,
    )


@strawberry.type(description="An indicator target a slip puts out of reach.")
class MissedTarget:
    year: int | None
    end: dt.date = strawberry.field(description="The day the target must be met by.")
    finish: dt.date = strawberry.field(description="Latest new finish of the serving tasks pushed past `end`.")
    days_late: int
    was_missed: bool = strawberry.field(description="Already out of reach before the slip.")
    _target: strawberry.Private[str]
    _indicator: strawberry.Private[str]
    _tasks: strawberry.Private[tuple[str, ...]]

    @strawberry.field
    async def target(self, info: Info) -> Annotated[Target, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Target

        node = await context(info).node(self._target)
        return Target(_node=node) if node else None

    @strawberry.field
    async def indicator(
        self, info: Info
    ) -> Annotated[Indicator, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Indicator

        node = await context(info).node(self._indicator)
        return Indicator(_node=node) if node else None

    @strawberry.field(description="Tasks serving the target that the slip pushes past its end (at most `first`).")
    async def tasks(
        self, info: Info, first: First = DEFAULT_LIST
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await _tasks(info, first_of(self._tasks, first))


@strawberry.type(description="What a slip breaks: moved tasks, missed deadlines, targets out of reach.")
class DelayImpact:
    days: int
    _moved: strawberry.Private[list[DelayedTask]]
    _missed_deadlines: strawberry.Private[list[DelayedTask]]
    _targets: strawberry.Private[list[MissedTarget]]
    hypothetical: bool = strawberry.field(
        description="True when the task is reported done or cancelled: the answer is what its slip would have "
        "broken in the plan's schedule, which does not look at statuses (tasks downstream move even when done)."
    )

    @strawberry.field(description="Every task that moves, the slipped one first (at most `first`).")
    def moved(self, first: First = DEFAULT_LIST) -> list[DelayedTask]:
        return first_of(self._moved, first)

    @strawberry.field(description="Moved tasks that finish after their due date (at most `first`).")
    def missed_deadlines(self, first: First = DEFAULT_LIST) -> list[DelayedTask]:
        return first_of(self._missed_deadlines, first)

    @strawberry.field(description="Indicator targets out of reach after the slip (at most `first`).")
    def targets(self, first: First = DEFAULT_LIST) -> list[MissedTarget]:
        return first_of(self._targets, first)


@weighs(TASK_ANALYSIS)
async def task_delay_impact(root: Entity, info: Info, days: int) -> DelayImpact:
    """If this task slips by `days` (0 to 3650), the tasks that move, the deadlines missed and by how much, and the
    indicator targets that can no longer be met."""
    if not 0 <= days <= MAX_DELAY_DAYS:
        raise GraphQLError(
            f"`days` is {days} but a slip is between 0 and {MAX_DELAY_DAYS} days (ten years)",
            extensions={"code": "BAD_USER_INPUT"},
        )
    graph = await _graph(info)
    impact = await compute(delay_queries.delay_impact, graph, root._node.id, days)
    missed = [
        MissedTarget(
            year=m.target.year,
            end=m.target.end,
            finish=m.finish,
            days_late=m.days_late,
            was_missed=m.was_missed,
            _target=m.target.id,
            _indicator=m.target.indicator,
            _tasks=m.tasks,
        )
        for m in impact.targets
    ]
    return DelayImpact(
        days=impact.days,
        _moved=[_delayed(s) for s in impact.shifts],
        _missed_deadlines=[_delayed(s) for s in impact.missed_deadlines],
        _targets=missed,
        hypothetical=not graph.is_open(root._node.id),
    )


# --- consistency ------------------------------------------------------------------------


@strawberry.type(description="A task due after the last target of an indicator it contributes to: it serves none.")
class DueAfterTargets:
    due: dt.date
    target_end: dt.date
    days: int = strawberry.field(description="Days between the target's end and the task's due date.")
    _task: strawberry.Private[str]
    _target: strawberry.Private[str]
    _indicator: strawberry.Private[str]

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._task)

    @strawberry.field
    async def indicator(
        self, info: Info
    ) -> Annotated[Indicator, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Indicator

        node = await context(info).node(self._indicator)
        return Indicator(_node=node) if node else None

    @strawberry.field(description="The indicator's last target.")
    async def target(self, info: Info) -> Annotated[Target, strawberry.lazy("stratagraph.schema.indicators")] | None:
        from stratagraph.schema.indicators import Target

        node = await context(info).node(self._target)
        return Target(_node=node) if node else None


@strawberry.type(description="A task due after a task that depends on it: as written, the dependent cannot be on time.")
class DueAfterDependent:
    dependency: DependencyLink
    dependent_due: dt.date
    prerequisite_due: dt.date
    days: int = strawberry.field(description="Days the prerequisite is due after its dependent.")


YEARS = ListSize(assumed_size=10)  # a yearly duty's occurrences: one a year of its plan


@strawberry.type(description="A yearly duty: when it is next due and which occurrences are not known to be met.")
class RecurringObligation:
    text: str = strawberry.field(description="The deadline as the source writes it.")
    since: dt.date | None = strawberry.field(
        description="The day the duty counts from (its first year, or its plan's start)."
    )
    until: dt.date | None = strawberry.field(
        description="The end of its plan: a plan's duty does not recur after it; null when the plan has no end."
    )
    next_due: dt.date | None = strawberry.field(
        description="First occurrence on or after `asOf`, up to `until`; null once the plan has ended."
    )
    due: list[dt.date] = strawberry.field(
        description="Occurrences from `since` to the day before `asOf` (or to `until`, when earlier).",
        directives=[YEARS],
    )
    met: list[dt.date] = strawberry.field(
        description="Those a fulfilling document (FULFILLED_BY) dated in its cycle meets.", directives=[YEARS]
    )
    missed: list[dt.date] = strawberry.field(description="Those not known to be met.", directives=[YEARS])
    _task: strawberry.Private[str]

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await _task(info, self._task)


def _obligation(o: consistency_queries.RecurringObligation) -> RecurringObligation:
    return RecurringObligation(
        text=o.text,
        since=o.since,
        until=o.until,
        next_due=o.next_due,
        due=list(o.due),
        met=list(o.met),
        missed=list(o.missed),
        _task=o.task,
    )


@strawberry.type(description="Deadlines that contradict targets or dependencies, and yearly duties, as of a day.")
class Consistency:
    as_of: dt.date
    _due_after_targets: strawberry.Private[list[DueAfterTargets]]
    _due_after_dependents: strawberry.Private[list[DueAfterDependent]]
    _recurring_obligations: strawberry.Private[list[RecurringObligation]]

    @strawberry.field(description="Tasks due after the last target of an indicator they serve (at most `first`).")
    def due_after_targets(self, first: First = DEFAULT_LIST) -> list[DueAfterTargets]:
        return first_of(self._due_after_targets, first)

    @strawberry.field(description="Prerequisites due after a task that depends on them (at most `first`).")
    def due_after_dependents(self, first: First = DEFAULT_LIST) -> list[DueAfterDependent]:
        return first_of(self._due_after_dependents, first)

    @strawberry.field(description="The plan's yearly duties (at most `first`).")
    def recurring_obligations(self, first: First = DEFAULT_LIST) -> list[RecurringObligation]:
        return first_of(self._recurring_obligations, first)


@weighs(PLAN_ANALYSIS)
async def plan_consistency(root: Entity, info: Info, as_of: dt.date | None = None) -> Consistency:
    """Tasks due after their indicators' last target, prerequisites due after their dependents, and yearly duties
    with their next due date and missed occurrences as of `asOf` (default today)."""
    graph = await _graph(info)
    found = await compute(consistency_queries.consistency, graph, parse_day(as_of), root._node.id)
    return Consistency(
        as_of=found.as_of,
        _due_after_targets=[
            DueAfterTargets(
                due=d.due,
                target_end=d.target.end,
                days=d.days,
                _task=d.task,
                _target=d.target.id,
                _indicator=d.indicator,
            )
            for d in found.due_after_targets
        ],
        _due_after_dependents=[
            DueAfterDependent(
                dependency=DependencyLink(_edge=d.edge),
                dependent_due=d.dependent_due,
                prerequisite_due=d.prerequisite_due,
                days=d.days,
            )
            for d in found.due_after_dependents
        ],
        _recurring_obligations=[_obligation(o) for o in found.recurring],
    )


@weighs(GRAPH_ANALYSIS)
async def recurring_obligations(
    info: Info, as_of: dt.date | None = None, plan: strawberry.ID | None = None, first: First = DEFAULT_LIST
) -> list[RecurringObligation]:
    """Yearly duties ("trước ngày 15/12 hằng năm") of every plan, or of `plan`: next due date and the occurrences
    not known to be met as of `asOf` (default today); at most `first`."""
    check_first(first)
    graph = await _graph(info)
    found = await compute(consistency_queries.recurring_obligations, graph, parse_day(as_of), plan)
    return [_obligation(o) for o in first_of(found, first)]


# --- bottlenecks -------------------------------------------------------------------------


@strawberry.type(description="An agency and the open work downstream of the open tasks it leads.")
class Bottleneck:
    open_task_count: int
    waiting_count: int = strawberry.field(description="Open tasks downstream of the agency's open tasks.")
    waiting_days: int = strawberry.field(description="Their durations summed, in days (see `Schedule.duration`).")
    _agency: strawberry.Private[str]
    _open: strawberry.Private[tuple[str, ...]]
    _waiting: strawberry.Private[tuple[str, ...]]

    @strawberry.field
    async def agency(self, info: Info) -> Agency | None:
        node = await context(info).node(self._agency)
        return Agency(_node=node) if node else None

    @strawberry.field(description=f"Open tasks the agency leads (at most `first`, up to {MAX_LIST}).")
    async def open_tasks(
        self, info: Info, first: int = 20
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await _tasks(info, first_of(self._open, first))

    @strawberry.field(description=f"Open tasks waiting on them (at most `first`, up to {MAX_LIST}).")
    async def waiting(
        self, info: Info, first: int = 20
    ) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await _tasks(info, first_of(self._waiting, first))


async def _bottlenecks(info: Info, as_of: dt.date | None, plan: str | None, first: int) -> list[Bottleneck]:
    check_first(first)
    graph = await _graph(info)
    found = await compute(bottleneck_queries.bottlenecks, graph, parse_day(as_of), plan, first)
    return [
        Bottleneck(
            open_task_count=len(b.open_tasks),
            waiting_count=len(b.waiting),
            waiting_days=b.waiting_days,
            _agency=b.agency,
            _open=b.open_tasks,
            _waiting=b.waiting,
        )
        for b in found
    ]


@weighs(PLAN_ANALYSIS)
async def plan_bottlenecks(root: Entity, info: Info, as_of: dt.date | None = None, first: int = 10) -> list[Bottleneck]:
    """Agencies ranked by how much open work waits downstream of the open tasks of this plan they lead (leads as of
    `asOf`, default today); at most `first` (up to 1000)."""
    return await _bottlenecks(info, as_of, root._node.id, first)


@weighs(GRAPH_ANALYSIS)
async def bottlenecks(info: Info, as_of: dt.date | None = None, first: int = 10) -> list[Bottleneck]:
    """Agencies ranked by how much open work waits downstream of the open tasks they lead, in every plan (leads as
    of `asOf`, default today); at most `first` (up to 1000)."""
    return await _bottlenecks(info, as_of, None, first)


# --- explain -----------------------------------------------------------------------------


@strawberry.type(description="One relation on a chain, walked from `from` to `to`.")
class PathStep:
    relation: str = strawberry.field(description="The relation type, e.g. LEADS, PART_OF, CONTRIBUTES_TO.")
    forward: bool = strawberry.field(description="True when the walk follows the stored direction (source -> target).")
    valid_from: dt.date | None
    valid_to: dt.date | None
    _step: strawberry.Private[explain_queries.Step]

    @strawberry.field(name="from")
    async def from_(self, info: Info) -> Entity | None:
        return await _entity(info, self._step.walked_from)

    @strawberry.field
    async def to(self, info: Info) -> Entity | None:
        return await _entity(info, self._step.walked_to)

    @strawberry.field(description="The stored edge's source (its subject).")
    async def source(self, info: Info) -> Entity | None:
        return await _entity(info, self._step.source)

    @strawberry.field(description="The stored edge's target (its object).")
    async def target(self, info: Info) -> Entity | None:
        return await _entity(info, self._step.target)

    @strawberry.field(description="Where the relation comes from.", directives=[CITATIONS])
    async def sources(self, info: Info) -> list[Citation]:
        step = self._step
        edges = await context(info).related(step.source, Rel(step.relation), StoreDirection.OUT)
        found: list[CitationRecord] = []
        for edge in edges:
            if edge.target == step.target and (edge.valid_from or None) == step.valid_from:
                found.extend(edge.sources)
        return citations(tuple(found))


async def _entity(info: Info, node_id: str) -> Entity | None:
    from stratagraph.schema.node import as_entity

    return as_entity(await context(info).node(node_id))


@strawberry.type(description="The shortest chain of relations between two entities.")
class Explanation:
    length: int = strawberry.field(description="Relations on the chain.")
    steps: list[PathStep] = strawberry.field(directives=[PATH_LENGTH])
    _nodes: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="Entities on the chain, from `from` to `to`.", directives=[PATH_LENGTH])
    async def nodes(self, info: Info) -> list[Entity]:
        from stratagraph.schema.node import as_entity

        found = await context(info).nodes.load_many(list(self._nodes))
        return [e for n in found if (e := as_entity(n)) is not None]


@weighs(GRAPH_ANALYSIS)
async def explain_path(
    info: Info,
    from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
    to: strawberry.ID,
    as_of: dt.date | None = None,
) -> Explanation | None:
    """How two entities relate: the shortest chain of relations between them, walked in either direction (null when
    unlinked). With `asOf`, only relations valid that day (affiliations change)."""
    graph = await _graph(info)
    day = as_of.isoformat() if as_of else None
    found = await compute(explain_queries.shortest_path, graph.snapshot, from_, to, day)
    if found is None:
        return None
    steps = [
        PathStep(
            relation=s.relation,
            forward=s.forward,
            valid_from=dt.date.fromisoformat(s.valid_from) if s.valid_from else None,
            valid_to=dt.date.fromisoformat(s.valid_to) if s.valid_to else None,
            _step=s,
        )
        for s in found.steps
    ]
    return Explanation(length=len(steps), steps=steps, _nodes=found.nodes)
