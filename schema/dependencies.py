"""Dependencies in GraphQL (``queries.dependencies``): what a task waits for and what waits for it, cycles, an order.

Types wrap the query layer's values (``analysis``: one style throughout ``schema/``);
paths and edges of a reach are worked out only for the reaches a query asks them of.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from stratagraph.model.records import is_retired
from stratagraph.queries import dependencies as dependency_queries
from stratagraph.queries.analysis_graph import AnalysisGraph, DependencyEdge
from stratagraph.schema import analysis
from stratagraph.schema.analysis import PATH_LENGTH, PLAN_ANALYSIS, TASK_ANALYSIS, weighs
from stratagraph.schema.common import CITATIONS, Citation, Entity, citations
from stratagraph.schema.pagination import DEFAULT_LIST, First, check_first, first_of

if TYPE_CHECKING:
    from stratagraph.schema.tasks import Task

MAX_CYCLES = 1000
DEFAULT_CYCLES = 100


@strawberry.type(description="`task` depends on `dependsOn` (DEPENDS_ON), with the sources that say so.")
class DependencyLink:
    _edge: strawberry.Private[DependencyEdge]

    @classmethod
    def of(cls, edge: DependencyEdge) -> DependencyLink:
        return cls(_edge=edge)

    @strawberry.field(description="The task that waits.")
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await analysis.task(info, self._edge.task)

    @strawberry.field(description="The task it waits for.")
    async def depends_on(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await analysis.task(info, self._edge.depends_on)

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


def links(edges: Sequence[DependencyEdge]) -> list[DependencyLink]:
    return [DependencyLink.of(e) for e in edges]


@strawberry.type(description="A task reached upstream or downstream, with a shortest chain of dependencies to it.")
class DependencyReach:
    depth: int = strawberry.field(description="Dependencies between the asked task and this one (1 = direct).")
    _task_id: strawberry.Private[str]
    _closure: strawberry.Private[dependency_queries.Closure]
    _graph: strawberry.Private[AnalysisGraph]

    @classmethod
    def of(cls, task_id: str, closure: dependency_queries.Closure, graph: AnalysisGraph) -> DependencyReach:
        return cls(depth=closure.reached[task_id][0], _task_id=task_id, _closure=closure, _graph=graph)

    @strawberry.field
    async def task(self, info: Info) -> Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")] | None:
        return await analysis.task(info, self._task_id)

    @strawberry.field(description="From the asked task to this one, both included.", directives=[PATH_LENGTH])
    async def path(self, info: Info) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await analysis.tasks(info, self._closure.path(self._task_id))

    @strawberry.field(description="The dependencies along `path`, each with its sources.", directives=[PATH_LENGTH])
    def edges(self) -> list[DependencyLink]:
        path = self._closure.path(self._task_id)
        return links(dependency_queries.edges_along(self._graph, path, self._closure.direction))


async def _closure(
    root: Entity, info: Info, direction: dependency_queries.Direction, depth: int | None, first: int
) -> list[DependencyReach]:
    """The closure, with paths and edges worked out only for the reaches a query asks them of.

    A retired task has left the plan's flow of work: nothing waits for it, it waits for nothing.
    """
    check_first(first)
    if is_retired(root._node):
        return []
    graph = await analysis.graph(info)
    found = await analysis.compute(dependency_queries.closure, graph, root._node.id, direction, depth)
    return [DependencyReach.of(t, found, graph) for t in first_of(found.tasks(), first)]


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
    _cycle: strawberry.Private[dependency_queries.Cycle]

    @classmethod
    def of(cls, cycle: dependency_queries.Cycle) -> DependencyCycle:
        return cls(_cycle=cycle)

    @strawberry.field(description="The tasks in DEPENDS_ON order, from the smallest id.", directives=[PATH_LENGTH])
    async def tasks(self, info: Info) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
        return await analysis.tasks(info, self._cycle.tasks)

    @strawberry.field(
        description="Each dependency of the cycle with its sources: where to look to break it.",
        directives=[PATH_LENGTH],
    )
    def edges(self) -> list[DependencyLink]:
        return links(self._cycle.edges)


@weighs(PLAN_ANALYSIS)
async def plan_dependency_cycles(root: Entity, info: Info, first: int = DEFAULT_CYCLES) -> list[DependencyCycle]:
    """Dependency cycles through this plan's tasks, shortest first (at most `first`, up to 1000)."""
    if not 0 <= first <= MAX_CYCLES:
        raise GraphQLError(f"`first` must be between 0 and {MAX_CYCLES}")
    graph = await analysis.graph(info)
    graph.require_plan(root._node.id)
    tasks = graph.plan_tasks.get(root._node.id, ())
    cycles = await analysis.compute(dependency_queries.dependency_cycles, graph, tasks, first)
    return [DependencyCycle.of(c) for c in cycles]


@weighs(PLAN_ANALYSIS)
async def plan_topological_order(
    root: Entity, info: Info, first: First = DEFAULT_LIST
) -> list[Annotated[Task, strawberry.lazy("stratagraph.schema.tasks")]]:
    """This plan's tasks in an order every dependency respects (also through other plans' tasks); among tasks free
    to go next, the one due first; at most `first`. An error names the cycle when a task of the plan lies on one."""
    check_first(first)
    graph = await analysis.graph(info)
    order = await analysis.compute(dependency_queries.topological_order, graph, root._node.id)
    return await analysis.tasks(info, first_of(order, first))
