"""The schedule in GraphQL (``queries.schedule``): a task's CPM dates and slack, critical paths.

Types wrap the query layer's values (``analysis``: one style throughout ``schema/``).
The scheduling model itself (windows from deadline texts, tasks without dates, yearly
duties) is stated in ``queries/schedule.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.model.errors import CycleError
from stratagraph.queries import schedule as schedule_queries
from stratagraph.queries.analysis_graph import AnalysisGraph
from stratagraph.schema import analysis
from stratagraph.schema.analysis import PLAN_ANALYSIS, TASK_ANALYSIS, date_of, weighs
from stratagraph.schema.common import Entity
from stratagraph.schema.cost import ListSize

if TYPE_CHECKING:
    from stratagraph.schema.tasks import Task


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

    @classmethod
    def of(cls, times: schedule_queries.Times) -> Schedule:
        return cls(
            duration=times.duration,
            early_start=date_of(times.early_start),
            early_finish=date_of(times.early_finish - 1),
            late_start=date_of(times.late_start),
            late_finish=date_of(times.late_finish - 1),
            total_slack=times.total_slack,
            free_slack=times.free_slack,
            critical=times.critical,
        )


@weighs(TASK_ANALYSIS)
async def task_schedule(root: Entity, info: Info) -> Schedule:
    """Early and late dates, total and free slack; an error names the cycle when one lies up- or downstream."""
    graph = await analysis.graph(info)
    return Schedule.of(await analysis.compute(schedule_queries.task_times, graph, root._node.id))


@strawberry.type(description="A task on a critical path, with its schedule.")
class ScheduledTask:
    _task_id: strawberry.Private[str]
    _graph: strawberry.Private[AnalysisGraph]

    @classmethod
    def of(cls, task_id: str, graph: AnalysisGraph) -> ScheduledTask:
        return cls(_task_id=task_id, _graph=graph)

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await analysis.task(info, self._task_id)

    @strawberry.field(description="Null when a cycle lies downstream (its late dates are undefined).")
    def schedule(self) -> Schedule | None:
        try:
            return Schedule.of(self._graph.schedule.times(self._task_id))
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

    @classmethod
    def of(cls, path: schedule_queries.CriticalPath, graph: AnalysisGraph) -> CriticalPath:
        tasks = [ScheduledTask.of(t, graph) for t in path.tasks]
        return cls(tasks=tasks, finish=path.finish, deadline=path.deadline, slack=path.slack)


@weighs(TASK_ANALYSIS)
async def task_critical_path(root: Entity, info: Info) -> CriticalPath:
    """The chain of predecessors that fixes this task's earliest finish, held to its due date."""
    graph = await analysis.graph(info)
    path = await analysis.compute(schedule_queries.critical_path_to_task, graph, root._node.id)
    return CriticalPath.of(path, graph)


@weighs(PLAN_ANALYSIS)
async def plan_critical_path(root: Entity, info: Info) -> CriticalPath:
    """The critical path to the plan's end: the driving chain of its task that finishes last."""
    graph = await analysis.graph(info)
    path = await analysis.compute(schedule_queries.critical_path_to_plan_end, graph, root._node.id)
    return CriticalPath.of(path, graph)


@weighs(TASK_ANALYSIS)
async def target_critical_path(root: Entity, info: Info) -> CriticalPath:
    """The critical path to this target: through the tasks contributing to its indicator that are due by its end."""
    graph = await analysis.graph(info)
    path = await analysis.compute(schedule_queries.critical_path_to_target, graph, root._node.id)
    return CriticalPath.of(path, graph)


@weighs(TASK_ANALYSIS)
async def indicator_critical_path(root: Entity, info: Info, year: int) -> CriticalPath | None:
    """The critical path to this indicator's target for `year` (null when it has none); the first by id when
    several plans set one for that year."""
    graph = await analysis.graph(info)
    graph.require_indicator(root._node.id)
    found = [t for t in graph.targets_of.get(root._node.id, ()) if t.year == year]
    if not found:
        return None
    target = min(found, key=lambda t: t.id)
    path = await analysis.compute(schedule_queries.critical_path_to_target, graph, target.id)
    return CriticalPath.of(path, graph)
