"""Pieces every entity type shares: languages, citations, dates and the Node interface."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from stratagraph.model.records import Citation as CitationRecord
from stratagraph.model.records import Kind, Label, Node
from stratagraph.queries.search import SEARCH_INDEX
from stratagraph.schema.cost import ListSize

CITATIONS = ListSize(assumed_size=3)  # a record cites one to a few places

if TYPE_CHECKING:
    from stratagraph.schema.context import Context
    from stratagraph.schema.documents import Document


@strawberry.enum(description="Language of a name or title.")
class Lang(Enum):
    VI = "vi"
    EN = "en"


@strawberry.enum(description="How a fact was obtained from its source.")
class SourceKind(Enum):
    VERBATIM = "verbatim"
    PARAPHRASE = "paraphrase"
    INFERRED = "inferred"


def context(info: Info) -> Context:
    ctx: Context = info.context
    return ctx


def name_in(node: Node, lang: Lang, vi: str = "nameVi", en: str = "nameEn") -> str | None:
    """The name in ``lang``, falling back to Vietnamese when no English name is recorded."""
    value = node.get(en) if lang is Lang.EN else None
    value = value or node.get(vi)
    return None if value is None else str(value)


def as_date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def parse_day(value: dt.date | None) -> dt.date:
    """``asOf`` arguments default to today, as a planner asking "now" expects."""
    return value or dt.date.today()


def optional_str(node: Node, name: str) -> str | None:
    value = node.get(name)
    return None if value is None else str(value)


def optional_float(node: Node, name: str) -> float | None:
    value = node.get(name)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def optional_int(node: Node, name: str) -> int | None:
    value = node.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def str_list(node: Node, name: str) -> list[str]:
    value = node.get(name)
    return [str(v) for v in value] if isinstance(value, tuple) else []


@strawberry.type(description="Where a fact comes from: a document, a place in it, and how it was read.")
class Citation:
    _record: strawberry.Private[CitationRecord]

    @classmethod
    def of(cls, record: CitationRecord) -> Citation:
        return cls(_record=record)

    @strawberry.field(description="The document the fact comes from.")
    async def document(self, info: Info) -> Annotated[Document, strawberry.lazy("stratagraph.schema.documents")] | None:
        from stratagraph.schema.documents import Document

        node = await context(info).node(self._record.document)
        return Document(_node=node) if node else None

    @strawberry.field(description="Id of that document (also when it is not in the graph).")
    def document_id(self) -> strawberry.ID:
        return strawberry.ID(self._record.document)

    @strawberry.field(description="Article, clause, section or page within the document.")
    def locator(self) -> str:
        return self._record.locator

    @strawberry.field
    def kind(self) -> SourceKind:
        return SourceKind(Kind(self._record.kind).value)

    @strawberry.field(description="Tag of the web page the text was read from, as listed in the source file.")
    def page(self) -> str | None:
        return self._record.page

    @strawberry.field(description="The words that support the fact.")
    def quote(self) -> str | None:
        return self._record.quote

    @strawberry.field
    def note(self) -> str | None:
        return self._record.note


def citations(node_or_sources: Node | tuple[CitationRecord, ...]) -> list[Citation]:
    sources = node_or_sources.sources if isinstance(node_or_sources, Node) else node_or_sources
    return [Citation.of(c) for c in sources]


@strawberry.interface(name="Node", description="An entity of the graph, found by its readable, stable id.")
class Entity:
    """A stored node as its GraphQL type: made with ``Entity(_node=node)``; ``id`` is copied from the node.

    ``id`` is a data field rather than a resolver, as plain fields are everywhere in ``schema/``
    (``schema.analysis`` states the rule): asked of every entity of nearly every answer, it is
    then read as an attribute instead of going through a resolver call.
    """

    _node: strawberry.Private[Node]
    id: strawberry.ID = strawberry.field(
        default=strawberry.ID(""),
        description="Readable, stable id: its type, a slash and a key (`agency/cuc-bao-chi`, "
        "`task/781-nen-tang-dung-chung`); also the path of its IRI.",
    )

    def __post_init__(self) -> None:
        self.id = strawberry.ID(self._node.id)

    @strawberry.field(description="Where this entity's facts come from.", directives=[CITATIONS])
    def sources(self) -> list[Citation]:
        return citations(self._node)


def not_found(kind: str, node_id: str, hint: str = "") -> GraphQLError:
    message = f"no {kind} with id {node_id!r}"
    return GraphQLError(f"{message}; {hint}" if hint else message, extensions={"code": "NOT_FOUND"})


async def require(info: Info, node_id: str, label: Label) -> Node:
    """The node ``node_id`` of ``label``, or a NOT_FOUND error that suggests what was meant.

    Ids are typed by hand in the playground; "did you mean" saves a search.
    """
    node = await context(info).node(node_id)
    if node is not None and node.label is label:
        return node
    kind = label.value.lower()
    if node is not None:
        article = "an" if label.value[0] in "AEIOU" else "a"
        raise not_found(kind, node_id, f"{node_id!r} is a {node.label.value}, not {article} {label.value}")
    if not node_id.startswith(f"{label.prefix}/"):  # the key alone, or under another type's prefix
        meant = f"{label.prefix}/{node_id.split('/', 1)[-1]}"
        found = await context(info).node(meant)
        if found is not None and found.label is label:
            raise not_found(kind, node_id, f"did you mean {meant!r}? ids start with {label.prefix + '/'!r}")
    typed = node_id.split("/", 1)[-1].replace("-", " ")
    hits = (await context(info).value(SEARCH_INDEX)).search(typed, {label}, 3)
    hits = [h for h in hits if h.score >= hits[0].score - 5]  # only the close calls
    hint = "did you mean " + " or ".join(repr(h.id) for h in hits) + "?" if hits else f"search for the {kind} by name"
    raise not_found(kind, node_id, hint)
