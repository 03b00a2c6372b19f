"""The ASGI application: one store opened for the app's lifetime, routes over it.

The app owns the one ``graph.derived.Derived`` over its store: every value derived
from a data version (analysis graph, search and deadline indexes, yearly duties,
remembered GraphQL answers, the whole-graph files, the SPARQL dump) is held there,
shared by every route, dropped when the data moves on and when the app stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from stratagraph.graph.derived import Derived
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.http.auth import BearerAuth, FailureLimiter
from stratagraph.http.calendar import CalendarFeeds
from stratagraph.http.cors import cross_origin, write_gate
from stratagraph.http.graphql_endpoint import Openness, graphql_routes
from stratagraph.http.pages import Pages
from stratagraph.http.rdf_routes import RDFService
from stratagraph.http.response_cache import answers_of_each_version
from stratagraph.http.turns import Turns
from stratagraph.http.vocabulary_routes import vocabulary_routes
from stratagraph.loaders.load import load
from stratagraph.model.errors import StratagraphError
from stratagraph.model.memory import settle_heap
from stratagraph.model.records import Label
from stratagraph.plan_table import plan_table
from stratagraph.queries.compliance import compliance_csv as compliance_table
from stratagraph.queries.matrix import responsibility_matrix
from stratagraph.settings import BUNDLED_DATASET, Settings
from stratagraph.tokens import TokenStore

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def seed_if_empty(store: Store, dataset: Path | None) -> None:
    """Serve something useful on first start: the bundled dataset into an empty store."""
    if dataset is None or await store.count(Label.AGENCY) > 0:
        return
    await load([dataset], store)


def create_app(
    settings: Settings | None = None, store: Store | None = None, dataset: Path | None = BUNDLED_DATASET
) -> Starlette:
    """The app; ``store`` is opened and closed with it (built from ``settings`` when not given)."""
    settings = settings or Settings.from_env()
    the_store = store or open_store(settings.store, **settings.store_options())
    derived = Derived(the_store)
    rdf = RDFService(derived, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await the_store.open()
        await seed_if_empty(the_store, dataset)
        settle_heap()
        try:
            yield
        finally:
            await rdf.close()
            derived.close()
            await the_store.close()

    async def healthz(request: Request) -> Response:
        try:
            version = await the_store.version()
        except StratagraphError as error:
            return JSONResponse({"status": "unavailable", "store": the_store.name, "error": str(error)}, 503)
        return JSONResponse({"status": "ok", "store": the_store.name, "version": version})

    async def matrix_csv(request: Request) -> Response:
        plan_id = f"plan/{request.path_params['key']}"
        if not await the_store.get([plan_id]):
            return PlainTextResponse(f"no plan {plan_id}\n", 404)
        matrix = await responsibility_matrix(the_store, plan_id)
        return Response(
            matrix.to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{request.path_params["key"]}-matrix.csv"'},
        )

    async def compliance_csv(request: Request) -> Response:
        text = request.query_params.get("asOf")
        try:
            as_of = dt.date.fromisoformat(text) if text else dt.date.today()
        except ValueError:
            return PlainTextResponse(f"asOf={text!r} is not a date: give YYYY-MM-DD\n", 400)
        return Response(
            await compliance_table(derived, as_of),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="compliance-{as_of.isoformat()}.csv"'},
        )

    async def task_table(request: Request) -> Response:
        """The plan's tasks in the planners' columns, as CSV or Excel: what `stratagraph load` reads back."""
        key, fmt = request.path_params["key"], request.url.path.rsplit(".", 1)[1]
        plan_id = f"plan/{key}"
        if not await the_store.get([plan_id]):
            return PlainTextResponse(f"no plan {plan_id}\n", 404)
        table = await plan_table(the_store, plan_id)
        disposition = {"Content-Disposition": f'attachment; filename="{key}-tasks.{fmt}"'}
        if fmt == "csv":
            return Response(table.to_csv(), media_type="text/csv; charset=utf-8", headers=disposition)
        body = await asyncio.to_thread(table.to_xlsx)  # zipping a large plan's sheet is work for a thread
        return Response(body, media_type=XLSX, headers=disposition)

    answers = answers_of_each_version(settings.response_cache_mb << 20) if settings.response_cache_mb > 0 else None
    routes = [
        *graphql_routes(
            derived,
            debug=settings.debug,
            answers=answers,
            max_cost=settings.graphql_max_cost,
            timeout=settings.graphql_timeout,
            public=Openness(
                introspection=settings.introspection,
                suggestions=settings.field_suggestions,
                playground=settings.playground,
                get_queries=settings.graphql_get,
            ),
            auth=BearerAuth(
                TokenStore(settings.tokens_path),
                FailureLimiter(settings.auth_failures, settings.auth_clients),
                settings.write_origins,
            ),
        ),
        Route("/compliance.csv", compliance_csv),
        Route("/healthz", healthz),
        Route("/plans/{key}/matrix.csv", matrix_csv),
        Route("/plans/{key}/tasks.csv", task_table),
        Route("/plans/{key}/tasks.xlsx", task_table),
        *CalendarFeeds(derived, settings.base_iri).routes,
        *Pages(the_store).routes,
        *rdf.routes,
        *vocabulary_routes(settings.base_iri),
    ]
    middleware = [write_gate(settings.write_origins)]
    if settings.cors_origins:
        middleware.append(cross_origin(settings.cors_origins))
    middleware.append(Middleware(Turns, limit=settings.active_requests, patience=settings.queue_timeout))
    app = Starlette(routes=routes, lifespan=lifespan, debug=settings.debug, middleware=middleware)
    app.state.store = the_store
    app.state.derived = derived
    app.state.settings = settings
    return app
