"""What one request may ask (tokens, depth, aliases, cost), checked once per distinct document, off the event loop.

Parsing and validating take most of the time of a small query (measured in
``bench/README.md``) while clients send the same few documents again and again,
so ``DocumentLimits`` remembers, per document text, the parsed document and the
validation verdict in a bounded LRU. Both depend only on the text, the schema
and the rules, never on variables or data, so reusing them is exact. Documents
that fail to parse are not remembered: Strawberry parses them again and reports
the error as it always does.

A new document is parsed and validated in a worker thread: a request may hold up
to a megabyte of text, and no request may stall the others while it is read.

Every check here is linear in the document, however its fragments spread one
another: ``DocumentShape`` measures each fragment once and reuses the figure at
every spread (a fragment spreading the next twice, 25 deep, stands for 2^25
fields; walking each spread took minutes). The cost of the operation to run
(``schema.cost``) is then worked out with the request's variables, the same way.
"""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    Visitor,
    get_operation_ast,
    parse,
    validate,
    visit,
)
from strawberry.extensions import SchemaExtension

from stratagraph.schema.cost import CostLimitError
from stratagraph.schema.needed_rules import needed_rules

if TYPE_CHECKING:
    from stratagraph.schema import StratagraphSchema

MAX_DEPTH: Final = 12
MAX_ALIASES: Final = 30
MAX_TOKENS: Final = 2000
ON_THE_LOOP_BYTES: Final = 512
"""A document up to this many bytes is parsed and validated on the event loop, a larger one in a worker thread.

A small document costs a few ms at most (bench/README.md, "Mixed workload"), less than the hop
to a thread and back costs under load, where threads take turns with the loop for the GIL;
a large one (up to ``MAX_TOKENS``) could cost tens of ms, which other requests must not wait for."""
CACHED_DOCUMENTS: Final = 512


@dataclass(frozen=True, slots=True)
class Shape:
    """How deep a selection nests (introspection fields not counted) and how many aliases it holds, expanded."""

    depth: int = 0
    aliases: int = 0


class _Shapes:
    """Each fragment's shape, measured once: a spread reuses it, so a document is walked once."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[str, Shape] = {}
        self.measuring: set[str] = set()  # a cycle is NoFragmentCyclesRule's to report: it counts for nothing here

    def fragment(self, name: str) -> Shape:
        found = self.measured.get(name)
        if found is not None:
            return found
        definition = self.fragments.get(name)
        if definition is None or name in self.measuring:
            return Shape()
        self.measuring.add(name)
        found = self.measured[name] = self.selections(definition.selection_set)
        self.measuring.discard(name)
        return found

    def selections(self, selection_set: SelectionSetNode | None) -> Shape:
        depth = aliases = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                inner = self.selections(selection.selection_set)
                aliases += inner.aliases + (1 if selection.alias else 0)
                if selection.selection_set and not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
            else:
                inner = (
                    self.fragment(selection.name.value)
                    if isinstance(selection, FragmentSpreadNode)
                    else self.selections(selection.selection_set)
                    if isinstance(selection, InlineFragmentNode)
                    else Shape()
                )
                aliases += inner.aliases
                depth = max(depth, inner.depth)
        return Shape(depth, aliases)


def document_shapes(document: DocumentNode) -> dict[OperationDefinitionNode, Shape]:
    """Every operation's shape, fragments expanded where they are spread; linear in the document."""
    shapes = _Shapes(document)
    return {
        d: shapes.selections(d.selection_set) for d in document.definitions if isinstance(d, OperationDefinitionNode)
    }


class DocumentShape(ValidationRule):
    """At most ``MAX_DEPTH`` levels of fields and ``MAX_ALIASES`` aliases per operation, fragments expanded."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        for operation, shape in document_shapes(context.document).items():
            name = operation.name.value if operation.name else "anonymous"
            if shape.depth > MAX_DEPTH:
                self.report_error(
                    GraphQLError(
                        f"'{name}' exceeds maximum operation depth of {MAX_DEPTH} (it nests {shape.depth} levels "
                        "of fields): ask for nested data in a second query",
                        operation,
                    )
                )
            if shape.aliases > MAX_ALIASES:
                self.report_error(
                    GraphQLError(
                        f"{shape.aliases} aliases found. Allowed: {MAX_ALIASES} "
                        "(a fragment's aliases count at each of its spreads): ask for the rest in a second query",
                        operation,
                    )
                )


RULES: Final[tuple[type[ASTValidationRule], ...]] = (DocumentShape,)


class DocumentCache:
    """Parsed documents and their validation errors by document text, least recently used dropped first.

    A plain LRU, not a value of ``graph.derived.Derived``: what it holds depends on the document
    text, the schema and the rules, never on the data, so a write must not drop it and no version
    is read to use it; it belongs to the schema it was validated against (``StratagraphSchema``).
    Two requests with one new document may both parse it, each in a worker thread: the results are
    equal, and the cost (one parse of a bounded document) is less than making one wait for the other.

    Lookups and inserts happen on the event loop; ``parse`` and ``validate`` themselves are pure, so
    they may run in a worker thread (``DocumentLimits`` runs them there).
    """

    def __init__(self, size: int = CACHED_DOCUMENTS) -> None:
        self.size = size
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()
        self._verdicts: OrderedDict[tuple[str, tuple[type[ASTValidationRule], ...]], list[GraphQLError]] = OrderedDict()

    def document(self, query: str) -> DocumentNode | None:
        document = self._documents.get(query)
        if document is not None:
            self._documents.move_to_end(query)
        return document

    def keep_document(self, query: str, document: DocumentNode) -> None:
        self._documents[query] = document
        if len(self._documents) > self.size:
            self._documents.popitem(last=False)

    def verdict(self, query: str, rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError] | None:
        """A fresh list of the remembered errors (empty: valid), or None when this document was not validated."""
        errors = self._verdicts.get((query, rules))
        if errors is None:
            return None
        self._verdicts.move_to_end((query, rules))
        return list(errors)

    def keep_verdict(self, query: str, rules: tuple[type[ASTValidationRule], ...], errors: list[GraphQLError]) -> None:
        self._verdicts[(query, rules)] = list(errors)
        if len(self._verdicts) > self.size:
            self._verdicts.popitem(last=False)

    def parse(self, query: str) -> DocumentNode:
        """The parsed document; raises ``GraphQLError`` (not remembered) when it does not parse."""
        document = self.document(query)
        if document is None:
            document = parse(query, max_tokens=MAX_TOKENS)
            self.keep_document(query, document)
        return document

    def validate(
        self, schema: GraphQLSchema, query: str, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
    ) -> list[GraphQLError]:
        """The validation errors of ``document`` (parsed from ``query``) under ``rules``; a fresh list each time."""
        errors = self.verdict(query, rules)
        if errors is None:
            errors = validate_document(schema, document, rules)
            self.keep_verdict(query, rules, errors)
        return list(errors)


def _parse(query: str) -> DocumentNode:
    try:
        return parse(query, max_tokens=MAX_TOKENS)
    except RecursionError as error:  # graphql-core bounds nesting itself; this is a safety net
        raise GraphQLError("Syntax Error: Document is nested too deeply. Parsing aborted.") from error


MAX_DIGITS: Final = 100


class Census(Visitor):
    """One walk of a document before it is validated: the kinds of node it holds (which rules it needs:
    ``schema.needed_rules``), and integer literals too long to be any Int (Python refuses to read more than
    4300 digits at all, so validation would fail on them rather than report)."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: set[str] = set()
        self.errors: list[GraphQLError] = []

    def enter(self, node: Node, *_: object) -> None:
        self.kinds.add(node.kind)
        if isinstance(node, IntValueNode) and (digits := len(node.value.lstrip("-"))) > MAX_DIGITS:
            self.errors.append(
                GraphQLError(
                    f"an integer of {digits} digits: an Int lies between -2147483648 and 2147483647, and no "
                    f"integer literal may have more than {MAX_DIGITS} digits",
                    node,
                )
            )


def census(document: DocumentNode) -> Census:
    found = Census()
    visit(document, found)
    return found


def validate_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    suggestions: bool = True,
) -> list[GraphQLError]:
    """graphql-core's validation under ``rules`` (those the document needs: ``schema.needed_rules``), after
    refusing what would make it fail rather than report."""
    found = census(document)
    if found.errors:
        return found.errors
    return validate(schema, document, needed_rules(found.kinds, rules), hide_suggestions=not suggestions)


class DocumentLimits(SchemaExtension):
    """The token, depth, alias and cost limits, with each document parsed and validated once (``DocumentCache``).

    The schema (``StratagraphSchema``) holds what outlives a request: the cache, the cost analysis.
    """

    @property
    def schema(self) -> StratagraphSchema:
        return cast("StratagraphSchema", self.execution_context.schema)

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS  # for Strawberry's own parse, should it ever parse
        context.validation_rules = context.validation_rules + RULES
        yield

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        cache = self.schema.documents
        if context.query and context.graphql_document is None:
            document = cache.document(context.query)
            if document is None:  # a syntax error is reported as usual
                small = len(context.query) <= ON_THE_LOOP_BYTES
                document = _parse(context.query) if small else await asyncio.to_thread(_parse, context.query)
                cache.keep_document(context.query, document)
            context.graphql_document = document
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document, query, rules = context.graphql_document, context.query, context.validation_rules
        if document is not None and query and context.pre_execution_errors is None:
            cache = self.schema.documents
            errors = cache.verdict(query, rules)
            if errors is None:
                validation = functools.partial(
                    validate_document, self.schema.graphql_schema, document, rules, self.schema.suggestions
                )
                errors = validation() if len(query) <= ON_THE_LOOP_BYTES else await asyncio.to_thread(validation)
                cache.keep_verdict(query, rules, errors)
            if not errors:
                errors = self._cost_errors(document, context.operation_name, context.variables)
            context.pre_execution_errors = errors
        yield

    def _cost_errors(
        self, document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
    ) -> list[GraphQLError]:
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return []  # Strawberry reports the missing or ambiguous operation
        try:
            self.schema.cost.check(document, operation, variables or {})
        except CostLimitError as error:
            return [error]
        return []
