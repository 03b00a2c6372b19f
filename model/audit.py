"""An accepted write as provenance: the ``Activity`` node and edges written in the same batch.

Every write through the service records who made it (the token's holder and the
agency it acts for: ``WAS_ASSOCIATED_WITH``), when (``startedAt``), what it
changed (``changes``: each field's value before and after, as JSON, since a
store property is flat) and why (``note``; the evidence documents and the
entities changed: ``USED``). Being in the same ``Batch`` as the change, an
activity exists exactly when its change does: a crash or a refused write leaves
neither. Nothing edits an activity after it is written: its id is new each
time, and no mutation takes one.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from stratagraph.model.access import Caller
from stratagraph.model.records import Citation, Edge, Label, Node, PropValue, Rel

__all__ = ["REPORTED_PROPS", "SERVICE_LOCATOR", "Change", "activity", "changes_of", "written_by_service"]

SERVICE_LOCATOR = "báo cáo qua stratagraph"
"""How the citation of a fact written through the service begins (then ``: <action>``): what a reload keeps."""

REPORTED_PROPS = ("progress", "statusAsOf")
"""Task properties only writes through the service set (no file states them)."""


def written_by_service(sources: Sequence[Citation]) -> bool:
    """Whether a fact was written through the service: every citation of it is a report's."""
    return bool(sources) and all(c.locator.startswith(SERVICE_LOCATOR) for c in sources)


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one entity, before and after (``None``: not there)."""

    entity: str
    field: str
    before: PropValue | list[str]
    after: PropValue | list[str]

    def as_json(self) -> dict[str, object]:
        return {"entity": self.entity, "field": self.field, "before": _plain(self.before), "after": _plain(self.after)}


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def changes_of(text: PropValue) -> list[Change]:
    """The changes an activity's ``changes`` property holds."""
    if not isinstance(text, str):
        return []
    return [Change(str(c["entity"]), str(c["field"]), c.get("before"), c.get("after")) for c in json.loads(text)]


def activity(
    *,
    action: str,
    caller: Caller,
    changes: Sequence[Change],
    used: Sequence[str],
    evidence: Sequence[str],
    sources: tuple[Citation, ...],
    version: int,
    note: str | None = None,
    evidence_url: str | None = None,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[Node, list[Edge]]:
    """The activity of one write that will create data version ``version``, and its edges.

    ``used``: the entities changed; ``evidence``: the documents given as evidence (both ``USED``);
    ``sources``: the citations of the activity and its edges (the evidence).
    """
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    key = f"{when:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
    props: dict[str, PropValue] = {
        "action": action,
        "startedAt": when.isoformat(timespec="seconds"),
        "actorName": caller.name,
        "actorRole": caller.role.value,
        "changes": json.dumps([c.as_json() for c in changes], ensure_ascii=False, separators=(",", ":")),
        "dataVersion": version,
    }
    if note:
        props["note"] = note
    if evidence_url:
        props["evidenceUrl"] = evidence_url
    if as_of:
        props["asOf"] = as_of.isoformat()
    node = Node(f"{Label.ACTIVITY.prefix}/{key}", Label.ACTIVITY, props, sources)
    edges = [Edge(Rel.WAS_ASSOCIATED_WITH, node.id, caller.agency, {}, sources)]
    edges += [Edge(Rel.USED, node.id, target, {}, sources) for target in dict.fromkeys([*used, *evidence])]
    return node, edges
