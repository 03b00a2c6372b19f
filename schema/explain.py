"""How two entities relate, in GraphQL (``queries.explain``): the shortest chain of relations between them.

Types wrap the query layer's values (``analysis``: one style throughout ``schema/``);
a step's sources are read from the store only when a query asks for them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from stratagraph.model.records import Citation as CitationRecord
from stratagraph.model.records import Direction, Rel
from stratagraph.queries import explain as explain_queries
from stratagraph.schema import analysis
from stratagraph.schema.analysis import GRAPH_ANALYSIS, PATH_LENGTH, weighs
from stratagraph.schema.common import CITATIONS, Citation, Entity, as_date, citations, context


@strawberry.type(description="One relation on a chain, walked from `from` to `to`.")
class PathStep:
    relation: str = strawberry.field(description="The relation type, e.g. LEADS, PART_OF, CONTRIBUTES_TO.")
    forward: bool = strawberry.field(description="True when the walk follows the stored direction (source -> target).")
    valid_from: dt.date | None
    valid_to: dt.date | None
    _step: strawberry.Private[explain_queries.Step]

    @classmethod
    def of(cls, step: explain_queries.Step) -> PathStep:
        return cls(
            relation=step.relation,
            forward=step.forward,
            valid_from=as_date(step.valid_from),
            valid_to=as_date(step.valid_to),
            _step=step,
        )

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
        edges = await context(info).related(step.source, Rel(step.relation), Direction.OUT)
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

    @classmethod
    def of(cls, path: explain_queries.Path) -> Explanation:
        return cls(length=len(path.steps), steps=[PathStep.of(s) for s in path.steps], _nodes=path.nodes)

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
    graph = await analysis.graph(info)
    day = as_of.isoformat() if as_of else None
    found = await analysis.compute(explain_queries.shortest_path, graph.snapshot, from_, to, day)
    return None if found is None else Explanation.of(found)
