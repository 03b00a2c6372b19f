"""The GraphQL schema (Strawberry): types and thin resolvers over ``queries/``.

No Cypher and no rdflib here; resolvers read through the request context's
batching loaders so nested fields cost one store call per level, not per item.
"""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.agencies import Agency
from schema.documents import Document
from schema.indicators import Indicator, Measurement, Target
from schema.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, DocumentCache, DocumentLimits
from schema.plans import Plan
from schema.query import Query
from schema.tasks import Task

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "build_schema"]


def build_schema() -> strawberry.Schema:
    """The schema, with the request limits; each schema remembers its own parsed and validated documents."""
    documents = DocumentCache()
    return strawberry.Schema(
        query=Query,
        types=[Agency, Plan, Document, Task, Indicator, Target, Measurement],
        extensions=[lambda: DocumentLimits(documents)],
        config=StrawberryConfig(auto_camel_case=True),
    )
