"""The audit trail: the activities of writes through the service (``model.audit``), newest first.

An activity is linked to what it changed by ``USED`` and to the agency it was made
for by ``WAS_ASSOCIATED_WITH``; both are read here, never written.
"""

from __future__ import annotations

import datetime as dt

from stratagraph.graph.store import Store
from stratagraph.model.records import Direction, Label, Node, Rel

__all__ = ["audit_log", "history"]


def _newest_first(nodes: list[Node]) -> list[Node]:
    return sorted(nodes, key=lambda node: (str(node.get("startedAt", "")), node.id), reverse=True)


async def history(store: Store, entity_id: str) -> list[Node]:
    """The activities that changed ``entity_id`` (or gave it as evidence), newest first."""
    edges = await store.neighbours([entity_id], Rel.USED, Direction.IN)
    found = await store.get(sorted({edge.source for edge in edges}))
    return _newest_first([node for node in found.values() if node.label is Label.ACTIVITY])


async def audit_log(store: Store, since: dt.date | None = None, agency: str | None = None) -> list[Node]:
    """Every activity made on or after ``since`` (UTC day), for ``agency`` when given, newest first."""
    if agency is not None:
        edges = await store.neighbours([agency], Rel.WAS_ASSOCIATED_WITH, Direction.IN)
        nodes = list((await store.get(sorted({edge.source for edge in edges}))).values())
    else:
        nodes = await store.find(Label.ACTIVITY)
    if since is not None:
        day = since.isoformat()
        nodes = [node for node in nodes if str(node.get("startedAt", ""))[:10] >= day]
    return _newest_first(nodes)
