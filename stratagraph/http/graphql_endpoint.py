"""GraphQL over HTTP at /graphql, with the GraphiQL playground for browsers."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute, Route
from strawberry.asgi import GraphQL
from strawberry.http.temporal_response import TemporalResponse

from graph.store import Store
from queries.search import Searcher
from schema import build_schema
from schema.context import Context


class Endpoint(GraphQL[Context, None]):
    def __init__(self, store: Store, searcher: Searcher, debug: bool) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql", allow_queries_via_get=True)
        self.store = store
        self.searcher = searcher
        self.debug_mode = debug

    async def get_context(self, request: Any, response: TemporalResponse | Any) -> Context:
        return Context(self.store, self.searcher, self.debug_mode)


def graphql_routes(store: Store, searcher: Searcher, debug: bool) -> list[BaseRoute]:
    endpoint = Endpoint(store, searcher, debug)

    return [Route("/graphql", endpoint, methods=["GET", "POST"])]
