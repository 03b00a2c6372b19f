"""The GraphQL schema (Strawberry): types and thin resolvers over ``queries/``.

No Cypher and no rdflib here; resolvers read through the request context's
batching loaders so nested fields cost one store call per level, not per item.
"""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from schema.agencies import Agency
from schema.documents import Document
from schema.indicators import Indicator, Measurement, Target
from schema.plans import Plan
from schema.query import Query
from schema.tasks import Task

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 2000


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=[Agency, Plan, Document, Task, Indicator, Target, Measurement],
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )
