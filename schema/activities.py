"""The audit trail in GraphQL: each accepted write as an ``Activity`` (``model.audit``), read-only.

No mutation takes an activity: the trail is written with each change and never edited.
"""

from __future__ import annotations

import datetime as dt
import json

import strawberry
from strawberry.types import Info

from stratagraph.model.audit import changes_of
from stratagraph.model.records import Label, Rel
from stratagraph.schema.agencies import Agency
from stratagraph.schema.common import Entity, as_date, context, optional_str
from stratagraph.schema.cost import ListSize
from stratagraph.schema.documents import Document


@strawberry.type(description="One field of one entity as a write changed it; values as JSON (null: not there).")
class Change:
    entity: strawberry.ID
    field: str
    before: str = strawberry.field(description="The value before, as JSON text.")
    after: str = strawberry.field(description="The value after, as JSON text.")


@strawberry.type(description="Who made a write: the name given to the token, and its role.")
class Actor:
    name: str
    role: str


@strawberry.type(
    description="An accepted write through the service (a PROV activity): who, when, what changed and why. "
    "Recorded in the same transaction as the change, never edited."
)
class Activity(Entity):
    @strawberry.field(description="The mutation that made it (reportTaskStatus, recordMeasurement, ...).")
    def action(self) -> str:
        return str(self._node.get("action", ""))

    @strawberry.field(description="When it was made: ISO 8601, UTC.")
    def at(self) -> str:
        return str(self._node.get("startedAt", ""))

    @strawberry.field
    def actor(self) -> Actor:
        return Actor(name=str(self._node.get("actorName", "")), role=str(self._node.get("actorRole", "")))

    @strawberry.field(description="The agency the token that made it writes for.")
    async def agency(self, info: Info) -> Agency | None:
        nodes = await context(info).far_nodes(self._node.id, Rel.WAS_ASSOCIATED_WITH)
        return next((Agency(_node=n) for n in nodes if n.label is Label.AGENCY), None)

    @strawberry.field(description="Each field changed, before and after.", directives=[ListSize(assumed_size=4)])
    def changes(self) -> list[Change]:
        return [
            Change(
                entity=strawberry.ID(c.entity),
                field=c.field,
                before=json.dumps(c.before, ensure_ascii=False),
                after=json.dumps(c.after, ensure_ascii=False),
            )
            for c in changes_of(self._node.get("changes"))
        ]

    @strawberry.field(description="Why: the note given with the write.")
    def note(self) -> str | None:
        return optional_str(self._node, "note")

    @strawberry.field(description="The day the report describes.")
    def as_of(self) -> dt.date | None:
        return as_date(self._node.get("asOf"))

    @strawberry.field(description="The documents given as evidence.", directives=[ListSize(assumed_size=2)])
    async def evidence(self, info: Info) -> list[Document]:
        nodes = await context(info).far_nodes(self._node.id, Rel.USED)
        return [Document(_node=n) for n in nodes if n.label is Label.DOCUMENT]

    @strawberry.field(description="A web page given as evidence.")
    def evidence_url(self) -> str | None:
        return optional_str(self._node, "evidenceUrl")

    @strawberry.field(description="The data version this write created.")
    def data_version(self) -> int | None:
        value = self._node.get("dataVersion")
        return value if isinstance(value, int) else None

    @strawberry.field(description="What it changed (besides its evidence).", directives=[ListSize(assumed_size=2)])
    async def changed(self, info: Info) -> list[Entity]:
        from stratagraph.schema.node import as_entity  # the node types import this module

        nodes = await context(info).far_nodes(self._node.id, Rel.USED)
        return [e for n in nodes if n.label is not Label.DOCUMENT if (e := as_entity(n)) is not None]
