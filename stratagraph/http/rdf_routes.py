"""Linked Data over HTTP: ``/rdf``, ``/id/{type}/{key}``, ``/context.jsonld``, ``/.well-known/void``, ``/sparql``.

- ``/rdf`` sends the whole graph (or ``?plan=`` / ``?agency=`` slices) in the
  format ``Accept`` asks for (``?format=`` overrides), with an ``ETag`` made of the
  data version, so a client that already has this version gets ``304``. The whole
  graph is a file written once per data version and format (``export_files``),
  sent gzipped (``Content-Encoding``) to clients that accept it; slices are
  streamed, serialised in a worker thread as they are sent.
- ``/id/{type}/{key}`` is each entity's IRI. Browsers (``Accept`` naming
  ``text/html``) get an HTML page; RDF clients the entity's description,
  negotiated the same way. We answer ``200`` with ``Vary: Accept`` and a
  ``Content-Location`` naming the representation, rather than ``303``-redirecting
  to a separate document: one round trip, the negotiation Cool URIs for the
  Semantic Web describes (section 4), and what ``rdflib``/``curl`` clients expect.
  Unknown keys are ``404``.
- ``/context.jsonld`` is the JSON-LD context the ``/rdf`` output refers to.
- ``/.well-known/void`` describes the dataset in VoID (RFC 5785 well-known URI,
  as the VoID note recommends).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.http.entity_page import render_entity
from stratagraph.http.export_files import ExportFiles
from stratagraph.http.media import accepts_gzip
from stratagraph.http.rdf_negotiation import (
    PAGE,
    entity_representation,
    etag_matches,
    link_header,
    media_type,
    rdf_format,
)
from stratagraph.http.sparql_endpoint import sparql_endpoint
from stratagraph.loaders.load import agency_named
from stratagraph.model.errors import NotFoundError, QueryError
from stratagraph.model.records import Direction, Label, Rel, label_of
from stratagraph.ontology.export import Selection, agency_slice, entity_description, plan_slice
from stratagraph.ontology.formats import FORMATS, Format, Source, chunks, to_bytes
from stratagraph.ontology.iris import entity_iri
from stratagraph.ontology.jsonld import CONTEXT
from stratagraph.ontology.vocab import VERSION as ONTOLOGY_VERSION
from stratagraph.ontology.void import DatasetFigures, Publication, void_triples
from stratagraph.settings import Settings
from stratagraph.sparql.engine import SparqlEngine

__all__ = ["RDFService"]

WHOLE_GRAPH_VARY = "Accept, Accept-Encoding"
"""The whole graph varies by format and by gzip (slices are sent as written)."""


def _not_acceptable(request: Request) -> Response:
    offered = ", ".join(info.media_type for info in FORMATS.values())
    override = request.query_params.get("format")
    if override:
        return PlainTextResponse(f"unknown format {override!r}: use one of ttl, jsonld, nt, xml\n", 400)
    return PlainTextResponse(f"none of the RDF formats offered is acceptable: {offered}\n", 406)


StartingPoints = tuple[list[str], list[str]]


async def _starting_points(derived: Derived) -> StartingPoints:
    """VoID's root resources (the plans no other plan implements) and examples (a root, a task, its lead,
    an indicator)."""
    store = derived.store
    plans = [node.id for node in await store.find(Label.PLAN)]
    implementing = {edge.source for edge in await store.neighbours(plans, Rel.IMPLEMENTS)}
    roots = [plan for plan in plans if plan not in implementing] or plans
    examples = roots[:1]
    members = [edge.source for edge in await store.neighbours(roots[:1], Rel.IN_PLAN, Direction.IN)]
    task = next((m for m in members if m.startswith("task/")), None)
    if task is not None:
        examples.append(task)
        examples += [edge.source for edge in await store.neighbours([task], Rel.LEADS, Direction.IN)][:1]
    examples += [m for m in members if m.startswith("indicator/")][:1]
    return roots, examples


def _as_read(found: StartingPoints) -> StartingPoints:
    return found


VOID_STARTING_POINTS: Recipe[[], StartingPoints, StartingPoints] = Recipe(
    "VoID starting points", _starting_points, _as_read
)
"""VoID's roots and examples of the current version: ``await derived.get(VOID_STARTING_POINTS)``."""


class RDFService:
    """The Linked Data routes over ``derived``'s store; ``close`` stops the SPARQL workers and removes the files."""

    def __init__(self, derived: Derived, settings: Settings) -> None:
        self.store = derived.store
        self.derived = derived
        self.settings = settings
        self.base = settings.base_iri
        self.engine = SparqlEngine(
            derived,
            settings.base_iri,
            timeout=settings.sparql_timeout,
            workers=settings.sparql_workers,
            memory_budget=settings.sparql_memory_mb << 20,
        )
        self.exports = ExportFiles(derived, settings.base_iri, f"{settings.base_iri}context.jsonld")
        self.routes = [
            Route("/rdf", self.rdf, methods=["GET", "HEAD"]),
            Route("/id/{type}/{key}", self.entity, methods=["GET", "HEAD"]),
            Route("/context.jsonld", self.context, methods=["GET", "HEAD"]),
            Route("/.well-known/void", self.void, methods=["GET", "HEAD"]),
            Route("/sparql", sparql_endpoint(self.engine), methods=["GET", "POST", "HEAD"]),
        ]

    async def close(self) -> None:
        await self.engine.close()
        self.exports.close()

    # -- responses -------------------------------------------------------------------

    def _rdf_headers(self, fmt: Format, etag: str, filename: str, url: str) -> dict[str, str]:
        """``url``: the document's address (absolute, from the base IRI), named in each format by ``Link``."""
        return {
            "ETag": etag,
            "Vary": "Accept",
            "Cache-Control": "no-cache",
            "Content-Disposition": f'inline; filename="{filename}.{FORMATS[fmt].extension}"',
            "Link": link_header(url),
        }

    def _rdf_response(self, source: Source, fmt: Format, etag: str, filename: str, url: str) -> Response:
        headers = self._rdf_headers(fmt, etag, filename, url)
        context = f"{self.base}context.jsonld"
        return StreamingResponse(chunks(source, fmt, context=context), media_type=media_type(fmt), headers=headers)

    async def _whole_graph(self, fmt: Format, gzipped: bool) -> Response:
        try:
            export = await self.exports.export(fmt)
        except QueryError as error:  # the data cannot be written in this format (a character RDF/XML cannot hold)
            return PlainTextResponse(f"{error}\n", 406, headers={"Vary": "Accept"})
        etag = self._etag(export.version, "all", fmt, gzipped)
        headers = self._rdf_headers(fmt, etag, "stratagraph-all", f"{self.base}rdf")
        headers["Vary"] = WHOLE_GRAPH_VARY
        stored = export.gzipped if gzipped else export.plain
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        if stored.body is not None:
            return Response(stored.body, media_type=media_type(fmt), headers=headers)
        return FileResponse(stored.path, media_type=media_type(fmt), headers=headers)

    def _etag(self, version: int, scope: str, fmt: Format, gzipped: bool = False) -> str:
        """One tag per representation: the gzipped bytes are another representation (RFC 9110, 8.8.3)."""
        return f'"{ONTOLOGY_VERSION}-{version}-{scope}-{fmt.value}{"-gzip" if gzipped else ""}"'

    # -- routes ------------------------------------------------------------------------

    async def rdf(self, request: Request) -> Response:
        fmt = rdf_format(request.headers.get("accept"), request.query_params.get("format"))
        if fmt is None:
            return _not_acceptable(request)
        plan, agency = request.query_params.get("plan"), request.query_params.get("agency")
        if plan and agency:
            return PlainTextResponse("give plan or agency, not both\n", 400)
        if agency:  # by id, key, name or abbreviation, as the CLI takes it
            try:
                agency = await agency_named(self.store, agency)
            except NotFoundError as error:
                return PlainTextResponse(f"{error}\n", 404)
        scope = (
            f"plan-{plan.removeprefix('plan/')}"
            if plan
            else f"agency-{agency.removeprefix('agency/')}"
            if agency
            else "all"
        )
        url = f"{self.base}rdf" + (f"?plan={quote(plan)}" if plan else f"?agency={quote(agency)}" if agency else "")
        gzipped = scope == "all" and accepts_gzip(request.headers.get("accept-encoding"))
        version = await self.store.version()
        etag = self._etag(version, scope, fmt, gzipped)
        if etag_matches(request.headers.get("if-none-match"), etag):
            vary = WHOLE_GRAPH_VARY if scope == "all" else "Accept"
            return Response(status_code=304, headers={"ETag": etag, "Vary": vary, "Link": link_header(url)})
        try:
            selection: Selection
            if plan:
                selection = await plan_slice(self.store, plan.removeprefix("plan/"))
            elif agency:
                selection = await agency_slice(self.store, agency.removeprefix("agency/"))
            else:
                return await self._whole_graph(fmt, gzipped)
        except NotFoundError as error:
            return PlainTextResponse(f"{error}\n", 404)
        etag = self._etag(selection.version, scope, fmt)
        return self._rdf_response(selection.rdf(self.base), fmt, etag, f"stratagraph-{scope}", url)

    async def entity(self, request: Request) -> Response:
        node_id = f"{request.path_params['type']}/{request.path_params['key']}"
        label = label_of(node_id)
        override = request.query_params.get("format")
        if label is None:
            return PlainTextResponse(f"no entity type {request.path_params['type']!r}\n", 404)
        chosen = entity_representation(request.headers.get("accept"), override)
        if chosen is None:
            return _not_acceptable(request)
        fmt = None if chosen == PAGE else chosen
        try:
            selection = await entity_description(self.store, node_id)
        except NotFoundError:
            return PlainTextResponse(f"no {node_id} in the graph\n", 404, headers={"Vary": "Accept"})
        scope = node_id.replace("/", "-")
        version = selection.version
        etag = f'"html-{ONTOLOGY_VERSION}-{version}-{scope}"' if fmt is None else self._etag(version, scope, fmt)
        iri = entity_iri(self.base, node_id)
        headers = {"ETag": etag, "Vary": "Accept", "Cache-Control": "no-cache", "Link": link_header(iri, page=True)}
        if etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        if fmt is None:
            headers["Content-Location"] = f"{iri}?format={PAGE}"
            return await self._page(selection, iri, headers)
        headers["Content-Location"] = f"{iri}?format={fmt.value}"
        context = f"{self.base}context.jsonld"
        body = to_bytes(selection.rdf(self.base), fmt, context=context)
        return Response(body, media_type=media_type(fmt), headers=headers)

    async def _page(self, selection: Selection, iri: str, headers: dict[str, str]) -> Response:
        node = selection.nodes[0]
        named = {e.source for e in selection.edges} | {e.target for e in selection.edges}
        named |= {c.document for c in node.sources} | {c.document for e in selection.edges for c in e.sources}
        nodes = await self.store.get(sorted(named))
        page = render_entity(node, selection.edges, nodes, iri, self.base)
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)

    async def context(self, request: Request) -> Response:
        etag = f'"context-{ONTOLOGY_VERSION}"'
        headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
        if etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        return JSONResponse(dict(CONTEXT), media_type=FORMATS[Format.JSONLD].media_type, headers=headers)

    async def void(self, request: Request) -> Response:
        fmt = rdf_format(request.headers.get("accept"), request.query_params.get("format"))
        if fmt is None:
            return _not_acceptable(request)
        dump = await self.engine.dump()
        etag = self._etag(dump.version, "void", fmt)
        if etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers={"ETag": etag, "Vary": "Accept"})
        stats = dump.stats
        figures = DatasetFigures(dump.version, stats.triples, stats.subjects, stats.classes, stats.properties)
        roots, examples = await self.derived.get(VOID_STARTING_POINTS)
        publication = Publication(
            license=self.settings.license,
            publisher=self.settings.dataset_publisher,
            publisher_name=self.settings.publisher_name,
            modified=datetime.fromtimestamp(dump.path.stat().st_mtime, UTC),
            roots=roots,
            examples=examples,
        )
        url = f"{self.base}.well-known/void"
        return self._rdf_response(void_triples(self.base, figures, publication), fmt, etag, "void", url)
