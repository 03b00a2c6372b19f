"""Relay connections over an ordered list, with a page-size cap; plain lists with a ``first`` cap.

Cursors are opaque (base64 of the position) as the Relay specification asks;
clients page with ``first``/``after`` and must not parse them.

Every list that grows with the data is either a connection or takes ``first``
(at most ``MAX_LIST`` items), so no single field can return the whole graph and
the query cost (``schema.cost``) is a bound, not a guess.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Final, Generic, TypeVar

import strawberry
from graphql import GraphQLError

from stratagraph.schema.cost import ListSize

MAX_PAGE: Final = 100
DEFAULT_PAGE: Final = 20
MAX_LIST: Final = 1000
DEFAULT_LIST: Final = 100

First = Annotated[
    int, strawberry.argument(description=f"At most this many items (up to {MAX_LIST}; {DEFAULT_LIST} when not given).")
]

T = TypeVar("T")
S = TypeVar("S")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(
        description="The page: at most the connection's `first` edges.",
        directives=[ListSize(assumed_size=1)],  # the connection's `first` counts them in a query's cost
    )
    page_info: PageInfo
    total_count: int


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"position:{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        kind, _, number = text.partition(":")
        if kind != "position":
            raise ValueError(kind)
        return int(number)
    except (ValueError, UnicodeDecodeError) as error:
        raise GraphQLError(
            f"invalid cursor {cursor!r}: pass a cursor returned by this API (edges.cursor or pageInfo.endCursor)"
        ) from error


def check_first(first: int, cap: int = MAX_LIST) -> None:
    if not 0 <= first <= cap:
        raise GraphQLError(f"`first` is {first} but must be between 0 and {cap}", extensions={"code": "BAD_USER_INPUT"})


def first_of(items: Sequence[S], first: int, cap: int = MAX_LIST) -> list[S]:
    """The first ``first`` items; an error when ``first`` is negative or over ``cap``."""
    check_first(first, cap)
    return list(items[:first])


def page_bounds(total: int, first: int | None, after: str | None) -> tuple[int, int]:
    """The slice ``[start, stop)`` a request asks for, checked against the cap."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0:
        raise GraphQLError("`first` must not be negative")
    if size > MAX_PAGE:
        raise GraphQLError(f"`first` is {size} but a page holds at most {MAX_PAGE}: page with `after`")
    start = decode_cursor(after) + 1 if after else 0
    return start, min(start + size, total)


async def paginate(
    items: Sequence[S],
    first: int | None,
    after: str | None,
    convert: Callable[[S], T] | Callable[[S], Awaitable[T]],
) -> Connection[T]:
    start, stop = page_bounds(len(items), first, after)
    edges: list[Edge[T]] = []
    for position in range(start, stop):
        value = convert(items[position])
        node: T = await value if isinstance(value, Awaitable) else value
        edges.append(Edge(node=node, cursor=encode_cursor(position)))
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=stop < len(items),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(items),
    )
