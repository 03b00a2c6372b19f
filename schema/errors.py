"""Which GraphQL errors are the client's and which are ours, and logging ours once.

Expected errors are ``GraphQLError``s raised on purpose (bad ids, page sizes,
limits, syntax and validation) and the project's ``StratagraphError`` family:
their messages are written for users and nothing about them needs a log line.
Anything else is a bug or a failing dependency: it is logged once, with its
traceback and the request id the client receives with the error, so a report
("request 3f2a... failed") leads to its log line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from graphql import GraphQLError

from stratagraph.model.errors import StratagraphError

logger = logging.getLogger("stratagraph.graphql")


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | StratagraphError)


def log_unexpected(errors: Iterable[GraphQLError], request_id: str | None) -> None:
    """One log line, with its traceback, per unexpected error; nothing for the others."""
    for error in errors:
        original = error.original_error
        if original is not None and is_unexpected(error):
            path = ".".join(str(p) for p in error.path or ()) or "-"
            logger.error(
                "unexpected error in request %s at %s: %s: %s",
                request_id or "-",
                path,
                type(original).__name__,
                original,
                exc_info=(type(original), original, original.__traceback__),
            )
