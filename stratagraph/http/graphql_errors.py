"""GraphQL errors as clients see them: expected ones verbatim, unexpected ones masked.

Expected errors are ``GraphQLError``s raised on purpose (bad ids, page sizes,
limits, syntax and validation) and the project's ``StratagraphError`` family;
their messages are written for users. Anything else is a bug or a failing
dependency: in production its message (which may hold paths, queries or
credentials) becomes "Unexpected error."; in debug mode it says what happened
and where. Strawberry has already logged every error with its traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError

from stratagraph.errors import StratagraphError

MASKED_MESSAGE = "Unexpected error."


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | StratagraphError)


def format_error(error: GraphQLError, debug: bool) -> dict[str, Any]:
    """The error's JSON form, masked unless it is expected or ``debug`` is on."""
    formatted: dict[str, Any] = dict(error.formatted)
    original = error.original_error
    if original is None or not is_unexpected(error):
        return formatted
    if not debug:
        formatted["message"] = MASKED_MESSAGE
        formatted.pop("extensions", None)
        return formatted
    formatted["message"] = f"Unexpected error: {type(original).__name__}: {original}"
    formatted["extensions"] = {
        **formatted.get("extensions", {}),
        "exception": {
            "type": f"{type(original).__module__}.{type(original).__qualname__}",
            "stacktrace": traceback.format_exception(original),
        },
    }
    return formatted


def format_errors(errors: Sequence[GraphQLError], debug: bool) -> list[dict[str, Any]]:
    return [format_error(error, debug) for error in errors]
