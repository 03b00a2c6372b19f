"""A citation as a JSON object: how both stores keep a record's sources.

Neo4j has no map properties and the embedded store keeps rows as JSON, so each
store writes a record's citations as a JSON array of these objects, with every
field (an absent one as ``null``) in a fixed order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from stratagraph.model.records import Citation, Kind

__all__ = ["citation_from", "citation_json"]

_KINDS: Final = {kind.value: kind for kind in Kind}


def citation_json(citation: Citation) -> dict[str, str | None]:
    """The citation as a JSON object."""
    return {
        "document": citation.document,
        "locator": citation.locator,
        "kind": citation.kind.value,
        "page": citation.page,
        "quote": citation.quote,
        "note": citation.note,
    }


def citation_from(item: Mapping[str, Any]) -> Citation:
    """The citation a JSON object holds; ``KeyError`` for a missing field or an unknown kind."""
    return Citation(
        document=item["document"],
        locator=item["locator"],
        kind=_KINDS[item["kind"]],
        page=item.get("page"),
        quote=item.get("quote"),
        note=item.get("note"),
    )
