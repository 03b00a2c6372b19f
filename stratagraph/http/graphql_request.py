"""A GraphQL-over-HTTP request's parameters, read and checked per the specification.

``GET`` carries them in the query string (``variables`` and ``extensions`` as
JSON text), ``POST`` as a JSON object body. Anything malformed raises a
``RequestError`` carrying the HTTP status that says why, before the schema sees it.

JSON is bounded besides its size: at most ``MAX_JSON_DEPTH`` arrays and objects
within one another (no GraphQL input of this schema nests deeper, and Python's
parser fails on a few hundred), and integers as long as Python reads them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

MAX_BODY = 1024 * 1024  # bytes; the token limit keeps documents far smaller
MAX_JSON_DEPTH: Final = 64


def body_too_large(limit: int) -> str:
    """What a 413 says, on every endpoint that reads a body."""
    return f"the request body is larger than {limit} bytes: send a shorter query, or split it into several"


class RequestError(Exception):
    """A request the endpoint refuses before executing anything: status, message, headers."""

    def __init__(
        self, status: int, message: str, headers: Mapping[str, str] | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers: dict[str, str] = dict(headers or {})
        self.code = code
        """The GraphQL error code the answer carries in ``extensions`` (UNAUTHENTICATED, ...), if any."""


@dataclass(frozen=True)
class GraphQLParams:
    query: str
    operation_name: str | None = None
    variables: dict[str, Any] | None = None
    extensions: dict[str, Any] = field(default_factory=dict)


def from_query_string(params: Mapping[str, str]) -> GraphQLParams:
    """Parameters of a ``GET`` request (``application/x-www-form-urlencoded``)."""
    return _checked(
        {
            "query": params.get("query"),
            "operationName": params.get("operationName") or None,
            "variables": _json_text(params, "variables"),
            "extensions": _json_text(params, "extensions"),
        }
    )


def from_json_body(content_type: str | None, body: bytes) -> GraphQLParams:
    """Parameters of a ``POST`` request, whose body must be a UTF-8 JSON object."""
    _check_content_type(content_type)
    if len(body) > MAX_BODY:
        raise RequestError(413, body_too_large(MAX_BODY))
    if not body.strip():
        raise RequestError(400, 'the request body is empty: send a JSON object with a "query"')
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestError(400, f"the request body is not UTF-8: {error.reason}") from error
    document = _loads(text, "the request body")
    if not isinstance(document, dict):
        raise RequestError(400, 'the request body must be a JSON object with a "query" (batching is not supported)')
    return _checked(document)


def _check_content_type(content_type: str | None) -> None:
    if not content_type:
        raise RequestError(415, "a POST request needs the header Content-Type: application/json")
    media, *params = (piece.strip() for piece in content_type.split(";"))
    if media.lower() != "application/json":
        raise RequestError(415, f"unsupported Content-Type {media!r}: send application/json")
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise RequestError(415, f"unsupported charset {value.strip()!r}: send UTF-8")


def _json_text(params: Mapping[str, str], name: str) -> object:
    text = params.get(name)
    if not text:
        return None
    return _loads(text, f"the {name} parameter")


def _loads(text: str, what: str) -> object:
    """``text`` as JSON, or a 400 that says what is wrong with it and the bound it broke."""
    too_deep = f"{what} nests arrays and objects more than {MAX_JSON_DEPTH} levels deep: send flatter JSON"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestError(400, f"{what} is not JSON: {error.msg} at character {error.pos}") from error
    except RecursionError as error:
        raise RequestError(400, too_deep) from error
    except ValueError as error:  # json reads integers with int(), which refuses very long ones
        raise RequestError(
            400,
            f"{what} holds an integer of more than {sys.get_int_max_str_digits()} digits: "
            "GraphQL integers lie between -2147483648 and 2147483647",
        ) from error
    if _deeper_than(value, MAX_JSON_DEPTH):
        raise RequestError(400, too_deep)
    return value


def _deeper_than(value: object, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` deep in ``value``; without recursion."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _checked(document: Mapping[str, object]) -> GraphQLParams:
    query = document.get("query")
    if query is None:
        raise RequestError(400, 'the request has no "query": send the GraphQL document as a string')
    if not isinstance(query, str):
        raise RequestError(400, '"query" must be a string holding a GraphQL document')
    operation_name = document.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, '"operationName" must be a string or null')
    variables = document.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, '"variables" must be a JSON object (a map of names to values) or null')
    extensions = document.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, '"extensions" must be a JSON object or null')
    return GraphQLParams(query, operation_name, variables, extensions or {})
