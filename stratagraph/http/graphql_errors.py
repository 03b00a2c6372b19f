"""GraphQL errors as clients see them: expected ones verbatim, unexpected ones masked.

Expected errors are ``GraphQLError``s raised on purpose (bad ids, page sizes,
limits, syntax and validation) and the project's ``StratagraphError`` family;
their messages are written for users. Anything else is a bug or a failing
dependency (``schema.errors.is_unexpected``): in production its message (which
may hold paths, queries or credentials) becomes "Unexpected error."; in debug
mode it says what happened and where. Either way it carries the request's id
(``extensions.requestId``, also the ``X-Request-Id`` header), under which the
schema has logged it once with its traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError

from stratagraph.schema.errors import is_unexpected

MASKED_MESSAGE = "Unexpected error."

__all__ = ["MASKED_MESSAGE", "format_error", "format_errors", "is_unexpected"]


def format_error(error: GraphQLError, debug: bool, request_id: str | None = None) -> dict[str, Any]:
    """The error's JSON form, masked unless it is expected or ``debug`` is on."""
    formatted: dict[str, Any] = dict(error.formatted)
    original = error.original_error
    if original is None or not is_unexpected(error):
        return formatted
    reference = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id} if request_id else {}
    if not debug:
        formatted["message"] = MASKED_MESSAGE
        formatted.pop("extensions", None)
        if reference:
            formatted["extensions"] = reference
        return formatted
    formatted["message"] = f"Unexpected error: {type(original).__name__}: {original}"
    formatted["extensions"] = {
        **formatted.get("extensions", {}),
        **reference,
        "exception": {
            "type": f"{type(original).__module__}.{type(original).__qualname__}",
            "stacktrace": traceback.format_exception(original),
        },
    }
    return formatted


def format_errors(errors: Sequence[GraphQLError], debug: bool, request_id: str | None = None) -> list[dict[str, Any]]:
    return [format_error(error, debug, request_id) for error in errors]
