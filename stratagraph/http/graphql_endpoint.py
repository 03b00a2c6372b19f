"""GraphQL over HTTP at ``/graphql``, with the GraphiQL playground for browsers.

Follows the GraphQL over HTTP specification (graphql-http's audit suite checks
it, see ``tests/stratagraph/http/test_graphql_over_http.py``):

* ``POST`` with a JSON body runs queries (and mutations, should the schema get
  any); ``GET`` with a query string runs queries only: a mutation is a 405 that
  allows ``POST``. Other methods are a 405 that allows ``GET, POST``.
* The response is ``application/graphql-response+json`` when the client names
  it, else ``application/json``; a client accepting neither gets a 406. With
  the former, a request that fails before execution (syntax, validation,
  limits, variables) is a 400 with no ``data``; with plain JSON it is a 200, as
  the specification asks for legacy clients.
* A browser (``GET``, ``Accept: text/html``, no ``query``) gets the playground.
* Every response carries an ``X-Request-Id``; an unexpected error carries the
  same id in its ``extensions``, and the log line about it too.
* A request runs at most ``timeout`` seconds (``STRATAGRAPH_GRAPHQL_TIMEOUT``),
  parsing and validation included; then it stops and its answer says so. The
  analyses and validation run in worker threads, so the event loop keeps
  serving other requests (and the timer keeps running) meanwhile.

Errors are translated here, at the boundary: malformed HTTP requests become
``RequestError``s, GraphQL errors are formatted (and masked outside debug mode)
by ``graphql_errors``.

Successful answers are remembered per data version (``response_cache``): the
same request on the same data is answered with the same bytes, without running
the query again; ``Cache-Control: no-cache`` asks for a fresh computation. A
remembered answer is sent as a plain ``Response`` of its body, status and
headers (Starlette's public constructor; nothing is rendered again).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import orjson
import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.http.auth import BearerAuth
from stratagraph.http.graphql_errors import format_errors, is_unexpected
from stratagraph.http.graphql_request import (
    MAX_BODY,
    GraphQLParams,
    RequestError,
    body_too_large,
    from_json_body,
    from_query_string,
)
from stratagraph.http.media import GRAPHQL_RESPONSE, JSON, choose_graphql_response, names_html
from stratagraph.http.playground import Playground
from stratagraph.http.response_cache import CachedAnswer, ResponseCache
from stratagraph.model.access import Caller
from stratagraph.model.errors import StratagraphError
from stratagraph.schema import DEFAULT_MAX_COST, build_schema
from stratagraph.schema.context import Context

PATH: Final = "/graphql"
REQUEST_ID: Final = "X-Request-Id"
OPERATIONS: Final = {
    "GET": (OperationType.QUERY,),
    "POST": (OperationType.QUERY, OperationType.MUTATION),
}


@dataclass(frozen=True)
class Openness:
    """The conveniences a public read-only dataset offers its developers; each can be turned off."""

    introspection: bool = True
    suggestions: bool = True
    """Validation errors name the fields meant ("Did you mean 'name'?")."""
    playground: bool = True
    get_queries: bool = True
    """Queries by ``GET`` (cacheable by proxies, linkable); off: ``POST`` only."""


class GraphQLEndpoint:
    """One request in, one response out; the schema and the context factory are fixed."""

    def __init__(
        self,
        schema: strawberry.Schema,
        context: Callable[[str, Caller | None], Context],
        playground: Playground | None,
        debug: bool,
        derived: Derived | None = None,
        answers: Recipe[[], None, ResponseCache] | None = None,
        timeout: float | None = None,
        get_queries: bool = True,
        auth: BearerAuth | None = None,
    ) -> None:
        self.schema = schema
        self.auth = auth
        self.operations = OPERATIONS if get_queries else {"POST": OPERATIONS["POST"]}
        self.context = context
        self.playground = playground
        self.debug = debug
        self.derived = derived
        self.timeout = timeout
        # Answers are remembered for the public only: a request with a token (the only kind whose mutations
        # run) is never answered from memory, and a mutation without one is an error, which is not remembered.
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An ASGI app (not a request handler) so that every method reaches ``handle``."""
        response = await self.handle(Request(scope, receive))
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        request_id = uuid.uuid4().hex
        response = await self._handle(request, request_id)
        response.headers[REQUEST_ID] = request_id  # after caching: a remembered answer gets the new request's id
        return response

    async def _handle(self, request: Request, request_id: str) -> Response:
        accept = request.headers.get("accept")
        if (
            self.playground is not None
            and request.method == "GET"
            and "query" not in request.query_params
            and names_html(accept)
        ):
            return await self.playground.page(request)
        media_type = choose_graphql_response(accept)
        try:
            if request.method not in self.operations:
                allowed = ", ".join(self.operations)
                raise RequestError(405, f"{request.method} is not supported here: use {allowed}", {"Allow": allowed})
            if media_type is None:
                raise RequestError(406, f"cannot answer with {accept!r}: accept {GRAPHQL_RESPONSE} or {JSON}")
            caller = await self.auth.caller(request) if self.auth is not None else None
            body = await read_body(request.stream()) if request.method == "POST" else b""
            directives = _cache_directives(request.headers.get("cache-control"))
            public = "no-store" not in directives and "authorization" not in request.headers
            cache = await self._remembered() if public else None
            key = _cache_key(request, media_type, body)
            if cache is not None and "no-cache" not in directives:
                hit = cache.get(key)
                if hit is not None:
                    return Response(hit.body, hit.status, headers=hit.headers)
            params = _params(request, body)
            result = await self.execute(params, request.method, request_id, caller)
        except RequestError as error:
            refusal: dict[str, Any] = {"message": error.message}
            if error.code:
                refusal["extensions"] = {"code": error.code}
            return respond({"errors": [refusal]}, error.status, media_type or JSON, error.headers)
        except TimeoutError:
            return respond({"data": None, "errors": [self._timed_out()]}, 200, media_type or JSON)
        response = self.result_response(result, media_type, request_id)
        if cache is not None and response.status_code == 200 and not result.errors:
            cache.put(key, CachedAnswer.of(bytes(response.body), response.raw_headers))
        return response

    async def _remembered(self) -> ResponseCache | None:
        """The answers remembered for the current data version, or None: remembering is off, or the store
        cannot tell its version (the query then reports why)."""
        if self.derived is None or self.answers is None:
            return None
        try:
            return await self.derived.get(self.answers)
        except StratagraphError:
            return None

    def _timed_out(self) -> dict[str, Any]:
        message = (
            f"the query ran longer than {self.timeout:g} s, the limit for one request: it was stopped. "
            "Ask for less (a smaller `first`, fewer nested lists or analyses) or split it into several queries"
        )
        return dict(GraphQLError(message, extensions={"code": "TIMEOUT", "timeout": self.timeout}).formatted)

    async def execute(
        self, params: GraphQLParams, method: str, request_id: str | None = None, caller: Caller | None = None
    ) -> ExecutionResult:
        """The result; ``TimeoutError`` when it took longer than ``timeout``, ``RequestError`` for a bad request."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self.schema.execute(
                    params.query,
                    variable_values=params.variables,
                    context_value=self.context(request_id or uuid.uuid4().hex, caller),
                    operation_name=params.operation_name,
                    allowed_operation_types=self.operations[method],
                )
        except MissingQueryError as error:
            raise RequestError(400, '"query" is empty: send a GraphQL document') from error
        except CannotGetOperationTypeError as error:
            name = error.operation_name
            message = (
                f"the document has no operation named {name!r}"
                if name
                else "the document has several operations (or none): name one with operationName"
            )
            raise RequestError(400, message) from error
        except InvalidOperationTypeError as error:
            if method == "GET" and error.operation_type is OperationType.MUTATION:
                raise RequestError(
                    405, "mutations are not run for GET requests: send them with POST", {"Allow": "POST"}
                ) from error
            raise RequestError(400, f"{error.operation_type.value} operations are not served over HTTP") from error

    def result_response(self, result: ExecutionResult, media_type: str, request_id: str | None = None) -> Response:
        errors = result.errors or []
        body: dict[str, Any] = {}
        if errors:
            body["errors"] = format_errors(errors, self.debug, request_id)
        if result.extensions:
            body["extensions"] = result.extensions
        executed = result.data is not None or not (
            isinstance(result, PreExecutionError) or all(error.path is None for error in errors)
        )
        if executed:
            status, headers = _access_status(result)
            return respond({"data": result.data, **body}, status, media_type, headers)
        # The request failed before execution: no "data" entry, and a 4xx for clients that can tell.
        if any(is_unexpected(error) for error in errors):
            return respond(body, 500, media_type)
        return respond(body, 400 if media_type == GRAPHQL_RESPONSE else 200, media_type)


def _access_status(result: ExecutionResult) -> tuple[int, dict[str, str]]:
    """401 or 403 when the whole answer is null because the caller may not write, else 200.

    Mutation payloads are non-null, so a refused write nulls ``data``; GraphQL over HTTP then lets the
    status say why, as HTTP does (RFC 9110: 401 with a challenge, 403).
    """
    if result.data is not None:
        return 200, {}
    codes = {(error.extensions or {}).get("code") for error in result.errors or ()}
    if "UNAUTHENTICATED" in codes:
        return 401, {"WWW-Authenticate": 'Bearer realm="stratagraph"'}
    if "FORBIDDEN" in codes:
        return 403, {}
    return 200, {}


def _cache_directives(header: str | None) -> set[str]:
    if not header:
        return set()
    return {part.split("=", 1)[0].strip().lower() for part in header.split(",")}


def _cache_key(request: Request, media_type: str, body: bytes) -> Hashable:
    """What decides an answer besides the data: the request as sent, and the day (``asOf`` defaults to today).

    The raw request rather than its parsed parameters, so that a hit parses nothing: the same method,
    negotiated type, ``Content-Type`` and body (or query string) always parse to the same parameters.
    """
    if request.method == "POST":
        return ("POST", media_type, request.headers.get("content-type"), body, dt.date.today())
    return (request.method, media_type, request.scope.get("query_string", b""), dt.date.today())


def _params(request: Request, body: bytes) -> GraphQLParams:
    """The parameters of a GET or POST request (``body`` already read, within the size limit)."""
    if request.method == "GET":
        return from_query_string(request.query_params)
    return from_json_body(request.headers.get("content-type"), body)


async def read_params(request: Request) -> GraphQLParams:
    """The parameters of a GET or POST request."""
    return _params(request, await read_body(request.stream()) if request.method == "POST" else b"")


async def read_body(chunks: AsyncIterator[bytes], limit: int = MAX_BODY) -> bytes:
    """The whole body, refusing (413) to buffer more than ``limit`` bytes."""
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise RequestError(413, body_too_large(limit))
    return bytes(body)


def respond(
    body: Mapping[str, Any], status: int, media_type: str, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        encode_json(body),
        status,
        headers={"Vary": "Accept", **(headers or {})},
        media_type=f"{media_type}; charset=utf-8",
    )


def encode_json(body: Mapping[str, Any]) -> bytes:
    """``body`` as compact UTF-8 JSON: orjson, which writes a GraphQL answer several times faster than ``json``.

    The standard library takes what orjson refuses (an integer beyond 64 bits, in an error's
    extensions say), so every answer ``json`` could write is still written.
    """
    try:
        return orjson.dumps(body)
    except TypeError:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def graphql_routes(
    derived: Derived,
    debug: bool,
    answers: Recipe[[], None, ResponseCache] | None = None,
    max_cost: int = DEFAULT_MAX_COST,
    timeout: float | None = None,
    public: Openness | None = None,
    auth: BearerAuth | None = None,
) -> list[BaseRoute]:
    """``/graphql`` and the playground's ``/assets/...`` over one schema built for this app.

    Resolvers read ``derived``'s store and the values derived from it. With ``answers``, successful
    answers are remembered per data version (``response_cache.answers_of_each_version``). An operation may
    cost at most ``max_cost`` (``schema.cost``) and run at most ``timeout`` seconds (None: no limit).
    ``public`` says which of the developers' conveniences are on (all, by default).
    """
    public = public or Openness()
    playground = Playground(PATH) if public.playground else None
    schema = build_schema(max_cost, introspection=public.introspection, suggestions=public.suggestions)
    endpoint = GraphQLEndpoint(
        schema,
        lambda request_id, caller: Context(derived.store, derived, debug, request_id=request_id, caller=caller),
        playground,
        debug,
        derived=derived,
        answers=answers,
        timeout=timeout,
        get_queries=public.get_queries,
        auth=auth,
    )
    return [Route(PATH, endpoint, name="graphql"), *(playground.routes() if playground else [])]
