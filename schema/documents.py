"""Documents: decisions, official letters, plans and the news that reports them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from stratagraph.model.records import Direction, Label, Rel
from stratagraph.schema.agencies import Agency
from stratagraph.schema.common import Entity, Lang, as_date, context, name_in, optional_str, str_list
from stratagraph.schema.cost import ListSize
from stratagraph.schema.pagination import DEFAULT_LIST, First, first_of

if TYPE_CHECKING:
    from stratagraph.schema.indicators import Indicator
    from stratagraph.schema.plans import Plan


@strawberry.type
class Signer:
    name: str
    title: str | None


@strawberry.type(description="A web page a source text was read from.")
class SourcePage:
    tag: str
    url: str


@strawberry.type(description="A legal instrument or other source document (number, date, issuer, signer).")
class Document(Entity):
    @strawberry.field(description="Its number and sign, e.g. `348/QĐ-TTg`.")
    def number(self) -> str | None:
        return optional_str(self._node, "number")

    @strawberry.field(description="decision, official-letter, plan, resolution, decree, news, report, draft, web-page")
    def type(self) -> str | None:
        return optional_str(self._node, "docType")

    @strawberry.field(description="Title in Vietnamese (default) or English.")
    def title(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang)

    @strawberry.field(
        description="The title under the name every other entity has, so one fragment reads any search hit."
    )
    def name(self, lang: Lang = Lang.VI) -> str | None:
        return name_in(self._node, lang)

    @strawberry.field(description="Date of issue.")
    def date(self) -> dt.date | None:
        return as_date(self._node.get("date"))

    @strawberry.field
    def signer(self) -> Signer | None:
        name = optional_str(self._node, "signerName")
        return Signer(name=name, title=optional_str(self._node, "signerTitle")) if name else None

    @strawberry.field(description="complete, partial or metadata-only: how much of the text the sources hold.")
    def completeness(self) -> str | None:
        return optional_str(self._node, "completeness")

    @strawberry.field(description="File under shared/sources holding the text.")
    def source_file(self) -> str | None:
        return optional_str(self._node, "sourceFile")

    @strawberry.field(directives=[ListSize(assumed_size=2)])
    def pages(self) -> list[SourcePage]:
        pages = []
        for entry in str_list(self._node, "pages"):
            tag, _, url = entry.partition(" ")
            pages.append(SourcePage(tag=tag, url=url))
        return pages

    @strawberry.field
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field
    async def issuer(self, info: Info) -> Agency | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.ISSUED_BY)
        return Agency(_node=nodes[0]) if nodes else None

    @strawberry.field(directives=[ListSize(assumed_size=2)])
    async def replaces(self, info: Info) -> list[Document]:
        return [Document(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.REPLACES)]

    @strawberry.field(directives=[ListSize(assumed_size=2)])
    async def replaced_by(self, info: Info) -> list[Document]:
        return [Document(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.REPLACES, Direction.IN)]

    @strawberry.field(
        description="Documents this one cites (căn cứ) or refers to.",
        directives=[ListSize(assumed_size=10)],  # the căn cứ of a decision: a handful to a dozen
    )
    async def cites(self, info: Info) -> list[Document]:
        return [Document(_node=n) for n in await context(info).far_nodes(self._node.id, Rel.CITES)]

    @strawberry.field(description="Documents that cite this one (at most `first`).")
    async def cited_by(self, info: Info, first: First = DEFAULT_LIST) -> list[Document]:
        nodes = await context(info).far_nodes(self._node.id, Rel.CITES, Direction.IN)
        return [Document(_node=n) for n in first_of(nodes, first)]

    @strawberry.field(description="Plans this document adopts.", directives=[ListSize(assumed_size=2)])
    async def adopts(self, info: Info) -> list[Annotated[Plan, strawberry.lazy("stratagraph.schema.plans")]]:
        from stratagraph.schema.plans import Plan

        nodes = await context(info).far_nodes(self._node.id, Rel.ADOPTED_BY, Direction.IN)
        return [Plan(_node=n) for n in nodes if n.label is Label.PLAN]

    @strawberry.field(
        description="Index versions this document issues (a decision issuing a maturity index).",
        directives=[ListSize(assumed_size=2)],
    )
    async def issues_indicators(
        self, info: Info
    ) -> list[Annotated[Indicator, strawberry.lazy("stratagraph.schema.indicators")]]:
        from stratagraph.schema.indicators import Indicator

        nodes = await context(info).far_nodes(self._node.id, Rel.ADOPTED_BY, Direction.IN)
        return [Indicator(_node=n) for n in nodes if n.label is Label.INDICATOR]
