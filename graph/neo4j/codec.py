"""Records to Cypher parameters and Neo4j rows back to records: the pure half of the store.

How a record looks in Neo4j
---------------------------
* A ``Node`` is a Neo4j node with two labels, ``:Entity`` and its ``Label``
  (``:Entity:Task``), and the record's properties as they are (tuples become
  arrays), plus ``id`` (unique on ``:Entity``) and ``sourcesJson``.
* An ``Edge`` is a relationship whose type is the ``Rel`` value, with the
  record's properties (``validFrom``/``validTo`` are ISO date strings, compared
  as strings), plus ``key`` (``Edge.key``: what an upsert matches) and
  ``sourcesJson``.
* Citations are a JSON array of objects in ``sourcesJson`` because a Neo4j
  property cannot hold a map or a list of maps. Every field is written (``null``
  when absent) and text is not ASCII-escaped, so Vietnamese stays readable in
  Neo4j Browser.

Reserved names
--------------
``id``, ``sourcesJson`` (nodes) and ``key``, ``sourcesJson`` (edges) are the
store's own. A record property of such a name — or of such a name behind
underscores — is stored with one more leading underscore (``id`` as ``_id``,
``_id`` as ``__id``) and read back without it: the mapping is one-to-one, so
every flat property round-trips, as in the embedded store, and the store's own
names never collide with data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

from stratagraph.graph.citations import citation_from, citation_json
from stratagraph.graph.flat import is_flat
from stratagraph.model.errors import StoreError
from stratagraph.model.records import Citation, Edge, Label, Node, Props, PropValue, Rel

NODE_ID: Final = "id"
EDGE_KEY: Final = "key"
SOURCES: Final = "sourcesJson"
NODE_RESERVED: Final = (NODE_ID, SOURCES)
EDGE_RESERVED: Final = (EDGE_KEY, SOURCES)

_LABELS: Final = {label.value: label for label in Label}
_ESCAPED: Final[dict[tuple[str, ...], re.Pattern[str]]] = {
    NODE_RESERVED: re.compile(r"_*(?:id|sourcesJson)"),
    EDGE_RESERVED: re.compile(r"_*(?:key|sourcesJson)"),
}

T = TypeVar("T")


# --- names -----------------------------------------------------------------------------


def stored_name(name: str, reserved: tuple[str, ...]) -> str:
    """The Neo4j property name of a record property (see "Reserved names")."""
    return "_" + name if _ESCAPED[reserved].fullmatch(name) else name


def record_name(stored: str, reserved: tuple[str, ...]) -> str | None:
    """The record property name of a Neo4j property; ``None`` for the store's own names."""
    if stored in reserved:
        return None
    return stored[1:] if _ESCAPED[reserved].fullmatch(stored) else stored


# --- checking records before they are sent ---------------------------------------------


def last_wins(records: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """``records`` without earlier duplicates: within a batch a later record of the same identity wins."""
    return list({key(record): record for record in records}.values())


def dangling_message(edges: Sequence[Edge], missing: set[str]) -> str:
    """What a refused write says: which edges need which missing nodes (the first five)."""
    dangling = [(edge, end) for edge in edges for end in dict.fromkeys((edge.source, edge.target)) if end in missing]
    shown = "; ".join(f"edge {edge.key} needs missing node {end}" for edge, end in dangling[:5])
    more = f" (and {len(dangling) - 5} more)" if len(dangling) > 5 else ""
    return f"nothing written: {shown}{more}; write the node in the same batch or first"


# --- parameters ----------------------------------------------------------------------


def node_row(node: Node) -> dict[str, Any]:
    """One row of ``upsert_nodes.cypher``: the id and every property the node will have."""
    props = _stored_props(node.props, NODE_RESERVED)
    props[NODE_ID] = node.id
    props[SOURCES] = sources_json(node.sources)
    return {"id": node.id, "props": props}


def edge_row(edge: Edge) -> dict[str, Any]:
    """One row of ``upsert_edges.cypher``: the ends, the key and every property the edge will have."""
    props = _stored_props(edge.props, EDGE_RESERVED)
    props[EDGE_KEY] = edge.key
    props[SOURCES] = sources_json(edge.sources)
    return {"source": edge.source, "target": edge.target, "key": edge.key, "props": props}


def where_param(where: Mapping[str, PropValue] | None) -> dict[str, Any]:
    """The ``$where`` map of ``find_nodes.cypher``: stored names; ``None`` kept (it matches nothing)."""
    return {stored_name(name, NODE_RESERVED): _param(value) for name, value in (where or {}).items()}


def _stored_props(props: Props, reserved: tuple[str, ...]) -> dict[str, Any]:
    return {stored_name(name, reserved): _param(value) for name, value in props.items() if value is not None}


def _param(value: PropValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def sources_json(sources: Iterable[Citation]) -> str:
    """Citations as the JSON text of ``sourcesJson`` (every field, in a fixed order)."""
    return json.dumps(
        [citation_json(c) for c in sources],
        ensure_ascii=False,
        separators=(",", ":"),
    )


# --- rows back to records --------------------------------------------------------------


def node_from(labels: Sequence[str], props: Mapping[str, Any]) -> Node:
    """The record of a Neo4j node, given ``labels(n)`` and ``properties(n)``."""
    node_id = props.get(NODE_ID)
    if not isinstance(node_id, str):
        raise StoreError(f"a Neo4j node labelled {list(labels)} has no string id: not written by stratagraph")
    own = [_LABELS[name] for name in labels if name in _LABELS]
    if len(own) != 1:
        raise StoreError(f"Neo4j node {node_id} has labels {list(labels)}: expected Entity and one of {list(_LABELS)}")
    owner = f"Neo4j node {node_id}"
    return Node(node_id, own[0], _record_props(props, NODE_RESERVED, owner), sources_from(props.get(SOURCES), owner))


def edge_from(rel: Rel | str, source: str, target: str, props: Mapping[str, Any]) -> Edge:
    """The record of a Neo4j relationship, given its type, the ids of its ends and ``properties(r)``."""
    try:
        kind = Rel(rel)
    except ValueError:
        raise StoreError(f"Neo4j relationship {source} -{rel}-> {target} has no stratagraph type") from None
    owner = f"Neo4j relationship {source} -{kind.value}-> {target}"
    return Edge(
        kind, source, target, _record_props(props, EDGE_RESERVED, owner), sources_from(props.get(SOURCES), owner)
    )


def _record_props(props: Mapping[str, Any], reserved: tuple[str, ...], owner: str) -> dict[str, PropValue]:
    found: dict[str, PropValue] = {}
    for stored, value in props.items():
        name = record_name(stored, reserved)
        if name is None:
            continue
        if isinstance(value, list):
            value = tuple(value)
        if not is_flat(value):
            raise StoreError(f"{owner}: property {stored!r} is {type(value).__name__}, not a flat value")
        found[name] = value
    return found


def sources_from(text: object, owner: str) -> tuple[Citation, ...]:
    """The citations of a ``sourcesJson`` value (none when the property is absent)."""
    if text is None:
        return ()
    try:
        items = json.loads(text) if isinstance(text, str) else None
        if not isinstance(items, list):
            raise ValueError("not a JSON array")
        return tuple(citation_from(item) for item in items)
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(f"{owner}: unreadable {SOURCES} {text!r}: {error}") from error


def retract_rows(keys: Iterable[str]) -> dict[Rel, list[dict[str, Any]]]:
    """Edge keys (``source|TYPE|target|validFrom``) grouped by relation type, with their source id.

    A key naming no known relation type cannot match any edge and is ignored, as
    the protocol says of keys that match nothing.
    """
    rels = {rel.value: rel for rel in Rel}
    rows: dict[Rel, list[dict[str, Any]]] = {}
    for key in dict.fromkeys(keys):
        source, _, rest = key.partition("|")
        rel = rels.get(rest.partition("|")[0])
        if rel is not None:
            rows.setdefault(rel, []).append({"source": source, "key": key})
    return rows
