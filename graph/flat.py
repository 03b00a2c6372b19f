"""Checking records before a store takes them: flat properties, known labels and types, valid text.

Neo4j stores strings, numbers, booleans and homogeneous lists of one of those,
64-bit integers, and UTF-8 text; the embedded store holds itself to the same
rule so that data written to one store can always be written to the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from stratagraph.model.errors import StoreConflictError
from stratagraph.model.records import Citation, Edge, Kind, Label, Node, Props, PropValue, Rel

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
FLAT: Final = (str, bool, int, float)
_KINDS: Final = frozenset(Kind)


def flat_props(props: Props, owner: str) -> dict[str, PropValue]:
    """A copy of ``props`` without ``None`` values (no such property, as in Neo4j), every value flat."""
    clean: dict[str, PropValue] = {}
    for name, value in props.items():
        if value is None:
            continue
        if not isinstance(name, str) or not is_text(name):
            raise StoreConflictError(f"{owner}: property name {name!r} is not a string of valid Unicode text")
        if isinstance(value, int) and not isinstance(value, bool) and not _fits(value):
            raise StoreConflictError(f"{owner}: property {name!r} does not fit in 64 bits")
        if not is_flat(value):
            raise StoreConflictError(
                f"{owner}: property {name!r} is {type(value).__name__} {value!r}; stores "
                "accept strings, numbers, booleans and tuples of one of those"
            )
        items = value if isinstance(value, tuple) else (value,)
        if not all(is_text(item) for item in items if isinstance(item, str)):
            raise StoreConflictError(f"{owner}: property {name!r} is not valid Unicode text")
        clean[name] = value
    return clean


def is_flat(value: object) -> bool:
    """A scalar, or a tuple of scalars of one type (ints within 64 bits)."""
    return isinstance(value, FLAT) or (isinstance(value, tuple) and _homogeneous(value))


def _homogeneous(values: tuple[object, ...]) -> bool:
    if not values:
        return True
    kind = type(values[0])
    if kind not in FLAT or not all(type(value) is kind for value in values):
        return False
    return kind is not int or all(_fits(value) for value in values)


def _fits(value: object) -> bool:
    return isinstance(value, int) and INT64_MIN <= value <= INT64_MAX


def is_text(value: str) -> bool:
    """True unless ``value`` holds lone surrogates, which Bolt (UTF-8) cannot carry."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_node(node: Node) -> Node:
    """``node`` with its label as a ``Label`` and its properties checked; ``StoreConflictError`` if unfit."""
    if not isinstance(node.id, str) or not is_text(node.id):
        raise StoreConflictError(f"node id {node.id!r} is not a string of valid Unicode text")
    try:
        label = Label(node.label)
    except ValueError:
        raise StoreConflictError(f"node {node.id}: unknown label {node.label!r}") from None
    owner = f"node {node.id}"
    return Node(node.id, label, flat_props(node.props, owner), _check_sources(node.sources, owner))


def check_edge(edge: Edge) -> Edge:
    """``edge`` with its type as a ``Rel`` and its properties checked; ``StoreConflictError`` if unfit."""
    for end in (edge.source, edge.target):
        if not isinstance(end, str) or not is_text(end):
            raise StoreConflictError(f"edge end {end!r} is not a string of valid Unicode text")
    try:
        rel = Rel(edge.type)
    except ValueError:
        raise StoreConflictError(f"edge {edge.source}->{edge.target}: unknown type {edge.type!r}") from None
    owner = f"edge {edge.source} -{rel.value}-> {edge.target}"
    props = flat_props(edge.props, owner)
    for name in ("validFrom", "validTo"):
        if name in props and not isinstance(props[name], str):
            raise StoreConflictError(f"{owner}: {name} must be an ISO date string")
    return Edge(rel, edge.source, edge.target, props, _check_sources(edge.sources, owner))


def _check_sources(sources: Iterable[Citation], owner: str) -> tuple[Citation, ...]:
    cited = tuple(sources)
    for citation in cited:
        if not isinstance(citation, Citation) or citation.kind not in _KINDS:
            raise StoreConflictError(f"{owner}: source {citation!r} is not a Citation")
        texts = (citation.document, citation.locator, citation.page, citation.quote, citation.note)
        if not all(text is None or (isinstance(text, str) and is_text(text)) for text in texts):
            raise StoreConflictError(f"{owner}: source {citation!r} holds something other than valid text")
    return cited
