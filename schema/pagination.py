"""Relay connections over an ordered list, with a page-size cap.

Cursors are opaque (base64 of the position) as the Relay specification asks;
clients page with ``first``/``after`` and must not parse them.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLError

MAX_PAGE = 100
DEFAULT_PAGE = 20

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
    edges: list[Edge[T]]
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
