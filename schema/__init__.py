"""The GraphQL schema (Strawberry): types and thin resolvers over ``queries/``.

No Cypher and no rdflib here; resolvers read through the request context's
batching loaders so nested fields cost one store call per level, not per item.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSchema
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from stratagraph.schema.activities import Activity
from stratagraph.schema.agencies import Agency
from stratagraph.schema.cost import DEFAULT_MAX_COST, CostAnalysis
from stratagraph.schema.documents import Document
from stratagraph.schema.errors import log_unexpected
from stratagraph.schema.indicators import Indicator, Measurement, Target
from stratagraph.schema.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, DocumentCache, DocumentLimits
from stratagraph.schema.mutations import Mutation
from stratagraph.schema.plans import Plan
from stratagraph.schema.query import Query
from stratagraph.schema.tasks import Task

__all__ = ["DEFAULT_MAX_COST", "MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "StratagraphSchema", "build_schema"]


class StratagraphSchema(strawberry.Schema):
    """The schema with what its requests need besides types: the cost analysis and the remembered documents.

    Each schema remembers its own parsed and validated documents. Errors are logged here, once,
    and only the unexpected ones (Strawberry's default logs every error with a traceback).
    """

    def __init__(self, *, max_cost: int, suggestions: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.suggestions = suggestions
        """Whether validation errors suggest names ("Did you mean 'name'?")."""
        # Strawberry keeps graphql-core's schema under a private name and offers no public one;
        # this is the one place that reads it.
        self.graphql_schema: GraphQLSchema = self._schema
        self.cost = CostAnalysis.of(self, self.graphql_schema, max_cost)
        self.documents = DocumentCache()

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        context = execution_context.context if execution_context is not None else None
        log_unexpected(errors, getattr(context, "request_id", None))


def build_schema(
    max_cost: int = DEFAULT_MAX_COST, *, introspection: bool = True, suggestions: bool = True
) -> StratagraphSchema:
    """The schema, with the request limits: an operation may cost at most ``max_cost`` (``schema.cost``).

    ``introspection`` and ``suggestions`` (field names offered in validation errors) are on for a public
    read-only dataset, whose developers explore it in the playground; a deployment may turn them off.
    """
    extensions: list[type[SchemaExtension] | SchemaExtension] = [DocumentLimits]
    if not introspection:
        extensions.append(DisableIntrospection)
    return StratagraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Agency, Plan, Document, Task, Indicator, Target, Measurement, Activity],
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
        max_cost=max_cost,
        suggestions=suggestions,
    )
