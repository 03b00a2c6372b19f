"""Dependency and deadline analysis in GraphQL: what every analysis field shares.

The analyses are presented one schema module per query module, each with its types
and thin resolvers: ``dependencies``, ``schedule``, ``delay``, ``consistency``,
``bottlenecks``, ``explain`` (``queries/`` has the same names). This module holds
what they share:

* the analysis graph (``graph``): ``queries.analysis_graph.ANALYSIS_GRAPH``, derived
  once per data version by the app's ``graph.derived.Derived`` and read once per
  request, so a field costs the analysis itself, not a walk of the store;
* the analysis thread (``compute``): analyses run in one worker thread, never on the
  event loop, because on a large graph one may take a second and every other request
  must go on meanwhile; one thread, so the event loop competes with one CPU-bound
  analysis at most. A request that gives up (its time budget ran out) drops the
  analyses it queued that have not started;
* how a field is declared (``weighs``, ``field``): the entity types (``Task``,
  ``Plan``, ``Indicator``, ``Target``, the root ``Query``) borrow each field with one
  line (``upstream = analysis.field(dependencies.task_upstream)``), so those modules
  stay small; a resolver's docstring is its GraphQL description, and its
  ``@weighs(n)`` its declared cost (``schema.cost``): what the analysis costs beside a
  plain field;
* entities in answers (``tasks``, ``task``) are loaded through the request's
  batching loaders.

How a query result reaches GraphQL, in every module of ``schema/``: through its
GraphQL type's ``of`` classmethod, the one place the query layer's value becomes the
type. ``of`` copies what the type shows as it is into its data fields, which
graphql-core reads as attributes (a resolver method costs some microseconds more per
field, for every item of every list: ``bench/README.md``), and keeps in private fields
what the resolvers need: fields that take arguments (``first``) build their items when
asked, and fields that are entities load them by id through the batching loaders.
Where the public schema lists an entity field first (``DependencyLink.task``), the
type's other fields are resolvers too, because Strawberry lists data fields before
resolvers and the schema's field order is part of the contract. Entity types are the
one other shape: they wrap their ``Node`` (``_node``), whose properties are read per
field, some with arguments (``name(lang:)``).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar

import strawberry
from strawberry.types import Info

from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH, AnalysisGraph
from stratagraph.queries.schedule import day
from stratagraph.schema.common import context
from stratagraph.schema.cost import Cost, ListSize

if TYPE_CHECKING:
    import datetime as dt

    from stratagraph.schema.tasks import Task

__all__ = [
    "GRAPH_ANALYSIS",
    "PATH_LENGTH",
    "PLAN_ANALYSIS",
    "TASK_ANALYSIS",
    "compute",
    "date_of",
    "field",
    "graph",
    "task",
    "tasks",
    "weighs",
]

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


async def graph(info: Info) -> AnalysisGraph:
    """The analysis graph of the current data version, as this request reads it."""
    return await context(info).value(ANALYSIS_GRAPH)


async def tasks(info: Info, ids: Sequence[str]) -> list[Task]:
    """The tasks ``ids`` that exist, in that order."""
    from stratagraph.schema.tasks import Task

    nodes = await context(info).nodes.load_many(list(ids))
    return [Task(_node=n) for n in nodes if n is not None]


async def task(info: Info, task_id: str) -> Task | None:
    found = await tasks(info, [task_id])
    return found[0] if found else None


def date_of(ordinal: int) -> dt.date:
    """The date of a schedule's day number (``queries.schedule`` counts days as ordinals)."""
    return day(ordinal)
