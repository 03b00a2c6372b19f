"""What one request may ask (depth, aliases, tokens), checked once per distinct document.

Strawberry's ``QueryDepthLimiter``, ``MaxAliasesLimiter`` and ``MaxTokensLimiter``
are three extensions: each request instantiates them, and the first two define a
new validation rule class every time, so the whole document is parsed and
validated again for every request. Parsing and validating take most of the time
of a small query (measured in ``bench/README.md``), while clients send the same
few documents again and again.

``DocumentLimits`` is one extension that applies the same limits with the same
rules (Strawberry's own, built once) and remembers, per document text, the parsed
document and the validation verdict, in a bounded LRU. Both depend only on the
text, the schema and the rules, never on variables or data, so reusing them is
exact. Documents that fail to parse are not remembered: Strawberry parses them
again and reports the error as it always does.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterator
from typing import Final

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document

MAX_DEPTH: Final = 12
MAX_ALIASES: Final = 30
MAX_TOKENS: Final = 2000
CACHED_DOCUMENTS: Final = 512

RULES: Final[tuple[type[ASTValidationRule], ...]] = (depth_rule(MAX_DEPTH, None), aliases_rule(MAX_ALIASES))


class DocumentCache:
    """Parsed documents and their validation errors by document text, least recently used dropped first."""

    def __init__(self, size: int = CACHED_DOCUMENTS) -> None:
        self.size = size
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()
        self._verdicts: OrderedDict[tuple[str, tuple[type[ASTValidationRule], ...]], list[GraphQLError]] = OrderedDict()

    def parse(self, query: str) -> DocumentNode:
        """The parsed document; raises ``GraphQLError`` (not remembered) when it does not parse."""
        document = self._documents.get(query)
        if document is None:
            document = parse(query, max_tokens=MAX_TOKENS)
            self._documents[query] = document
            if len(self._documents) > self.size:
                self._documents.popitem(last=False)
        else:
            self._documents.move_to_end(query)
        return document

    def validate(
        self, schema: GraphQLSchema, query: str, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
    ) -> list[GraphQLError]:
        """The validation errors of ``document`` (parsed from ``query``) under ``rules``; a fresh list each time."""
        key = (query, rules)
        errors = self._verdicts.get(key)
        if errors is None:
            errors = validate_document(schema, document, rules)
            self._verdicts[key] = errors
            if len(self._verdicts) > self.size:
                self._verdicts.popitem(last=False)
        else:
            self._verdicts.move_to_end(key)
        return list(errors)


class DocumentLimits(SchemaExtension):
    """The depth, alias and token limits, with each document parsed and validated once (``DocumentCache``)."""

    def __init__(self, cache: DocumentCache) -> None:
        self.cache = cache

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS  # for Strawberry's own parse of a bad document
        context.validation_rules = context.validation_rules + RULES
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            # A document that does not parse is left to Strawberry, which reports the error the usual way.
            with contextlib.suppress(GraphQLError):
                context.graphql_document = self.cache.parse(context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, query = context.graphql_document, context.query
        if document is not None and query and context.pre_execution_errors is None:
            context.pre_execution_errors = self.cache.validate(
                context.schema._schema, query, document, context.validation_rules
            )
        yield
