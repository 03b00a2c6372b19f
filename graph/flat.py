"""Checking that record properties are flat: the one shape both stores accept.

Neo4j stores strings, numbers, booleans and homogeneous lists of one of those,
64-bit integers, and UTF-8 text; the embedded store holds itself to the same
rule so that data written to one store can always be written to the other.
"""

from __future__ import annotations

from typing import Final

from graph.records import Props, PropValue
from stratagraph.errors import StoreConflictError

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
FLAT: Final = (str, bool, int, float)


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
