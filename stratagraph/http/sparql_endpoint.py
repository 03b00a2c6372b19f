"""``/sparql``: the SPARQL 1.1 Protocol, query operation only.

- query by GET (``?query=``), by form POST (``application/x-www-form-urlencoded``,
  field ``query``) or by direct POST (``application/sparql-query`` body);
- SELECT / ASK results as JSON, XML, CSV or TSV, CONSTRUCT / DESCRIBE results as
  Turtle, JSON-LD, N-Triples or RDF/XML, chosen by ``Accept``; the ``format``,
  ``output`` and ``results`` parameters some clients add (SPARQLWrapper sends all
  three) override it;
- updates are refused with ``403`` (``update=`` fields, ``application/sparql-update``
  bodies, and update operations sent as a query), since the graph is only ever
  written through the loaders, which check what they write;
- relative IRIs in a query resolve against the endpoint's IRI (``{base}sparql``);
- the data is one graph, published at ``{base}rdf``: ``FROM``, ``FROM NAMED``,
  ``default-graph-uri`` and ``named-graph-uri`` naming it are honoured, any other
  graph is refused with ``400`` (``stratagraph.sparql.dataset``), never answered
  from an empty dataset;
- a query given twice (in the URL and in the body, or twice in either) is ``400``;
- a query that runs past the time limit is stopped and answered ``503``.

A browser's form asks ``format=html``: the answer is the form again with the results as a
table (``sparql_page``).

GET answers carry an ``ETag`` of the data version and the request, so a client
polling an unchanged graph gets ``304``. Without a query, GET returns the SPARQL
1.1 Service Description, negotiated: the query form (HTML) to browsers, Turtle,
JSON-LD, N-Triples or RDF/XML to RDF clients (Turtle when ``Accept`` names none).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping
from html import escape
from urllib.parse import parse_qsl

from pyoxigraph import Literal, NamedNode, Triple
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from stratagraph.http.graphql_endpoint import read_body
from stratagraph.http.graphql_request import RequestError, body_too_large
from stratagraph.http.rdf_negotiation import (
    GRAPH_OFFERS,
    SOLUTION_MEDIA_TYPES,
    SOLUTION_OFFERS,
    choose,
    etag_matches,
    media_type,
)
from stratagraph.http.sparql_page import EXAMPLE, HTML_FORMAT, form_page, results_page
from stratagraph.ontology.formats import Format, format_named, to_bytes
from stratagraph.sparql.engine import SparqlEngine, SparqlError

__all__ = ["is_update", "sparql_endpoint"]

MAX_QUERY_BYTES = 1 << 20
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_IRI = re.compile(r"<[^<>\s]*>")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.S)
_COMMENT = re.compile(r"#[^\n]*")
_FIRST = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s*<>)\s*)*([A-Za-z]+)", re.I)
_OVERRIDES = ("format", "output", "results")
_SOLUTION_NAMES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


def is_update(query: str) -> bool:
    """True when ``query`` is a SPARQL Update request (its first keyword after the prologue)."""
    text = _COMMENT.sub(" ", _STRING.sub('""', _IRI.sub("<>", query)))
    match = _FIRST.match(text)
    return match is not None and match[1].upper() in _UPDATE_KEYWORDS


def _refuse_update() -> Response:
    return PlainTextResponse(
        "this SPARQL endpoint is read-only: updates are refused; change the data with `stratagraph load`\n", 403
    )


def _formats(request: Request, params: QueryParams) -> tuple[str | None, str | None]:
    """(format for SELECT/ASK, format for CONSTRUCT/DESCRIBE): override parameters first, then ``Accept``."""
    accept = request.headers.get("accept")
    solutions = choose(accept, SOLUTION_OFFERS)
    graph = choose(accept, GRAPH_OFFERS)
    for name in _OVERRIDES:
        for value in params.getlist(name):
            wanted = value.strip().lower()
            named = format_named(wanted)
            if wanted in _SOLUTION_NAMES:
                solutions = _SOLUTION_NAMES[wanted]
            if named is not None:
                graph = named.value
            if wanted in _SOLUTION_NAMES or named is not None:
                return solutions, graph
    return solutions, graph


async def _read_request(request: Request) -> tuple[str | None, QueryParams, Response | None]:
    """The query text, the parameters that go with it, or an error response."""
    params = request.query_params
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            return None, params, _refuse_update()
        queries = params.getlist("query")
        if len(queries) > 1:
            return None, params, PlainTextResponse("give one query parameter, not several\n", 400)
        return (queries[0] if queries else None), params, None
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    too_large = PlainTextResponse(body_too_large(MAX_QUERY_BYTES) + "\n", 413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_QUERY_BYTES:  # refused before a byte of it is read
        return None, params, too_large
    try:
        body = await read_body(request.stream(), MAX_QUERY_BYTES)
    except RequestError:  # stops reading at the limit
        return None, params, too_large
    if content_type == "application/sparql-update":
        return None, params, _refuse_update()
    twice = PlainTextResponse("the query is both in the URL and in the body: send it once, in one of them\n", 400)
    if content_type == "application/sparql-query":
        if "query" in params:
            return None, params, twice
        try:
            return body.decode("utf-8"), params, None
        except UnicodeDecodeError:
            return None, params, PlainTextResponse("the query is not UTF-8\n", 400)
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        merged = QueryParams([*params.multi_items(), *form])
        if "update" in merged:
            return None, merged, _refuse_update()
        queries = [v for k, v in form if k == "query"]
        if queries and "query" in params:
            return None, merged, twice
        if len(queries) != 1:
            return None, merged, PlainTextResponse("give exactly one `query` field\n", 400)
        return queries[0], merged, None
    return (
        None,
        params,
        PlainTextResponse(
            "send the query as application/sparql-query or application/x-www-form-urlencoded (field `query`)\n", 415
        ),
    )


def sparql_endpoint(engine: SparqlEngine) -> Callable[[Request], Awaitable[Response]]:
    """The ``/sparql`` handler over ``engine``."""

    async def endpoint(request: Request) -> Response:
        query, params, problem = await _read_request(request)
        if problem is not None:
            return problem
        if query is None:
            return _describe_service(request, engine)
        if is_update(query):
            return _refuse_update()
        graphs = {
            "default_graph_uris": params.getlist("default-graph-uri"),
            "named_graph_uris": params.getlist("named-graph-uri"),
        }
        if HTML_FORMAT in (v.strip().lower() for name in _OVERRIDES for v in params.getlist(name)):
            return await _table(engine, query, graphs)
        solutions, graph = _formats(request, params)
        try:
            result = await engine.query(query, solutions=solutions, graph=graph, **graphs)
        except SparqlError as error:
            return PlainTextResponse(f"{error}\n", error.status, headers={"Vary": "Accept"})
        if result.kind == "graph":
            content_type = media_type(Format(result.format))
        else:
            content_type = SOLUTION_MEDIA_TYPES[result.format]
        headers = {"Vary": "Accept", "X-Stratagraph-Data-Version": str(result.version)}
        if request.method in ("GET", "HEAD"):
            named = "\0".join(v for uris in graphs.values() for v in uris)
            digest = hashlib.sha256(f"{query}\0{solutions}\0{graph}\0{named}".encode()).hexdigest()[:16]
            headers["ETag"] = f'"sparql-{result.version}-{digest}"'
            headers["Cache-Control"] = "no-cache"
            if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
                return Response(status_code=304, headers=headers)
        return Response(result.body, media_type=content_type, headers=headers)

    return endpoint


async def _table(engine: SparqlEngine, query: str, graphs: Mapping[str, list[str]]) -> Response:
    """The results of ``query`` as an HTML page (the form, then a table); an error shown above the form."""
    try:
        result = await engine.query(query, solutions="json", graph="ttl", **graphs)
    except SparqlError as error:
        message = f'<p role="alert"><strong>{escape(str(error))}</strong></p>'
        page = form_page(engine.version, engine.timeout, query, message)
        return Response(page, error.status, media_type="text/html; charset=utf-8")
    page = results_page(query, result.body, result.kind, engine.base, result.version, engine.timeout)
    return Response(page, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


_DESCRIPTION_OFFERS = (*GRAPH_OFFERS, ("text/html", HTML_FORMAT), ("application/xhtml+xml", HTML_FORMAT))
"""RDF first, so ``*/*`` gets Turtle; a browser's ``text/html`` outweighs its ``*/*;q=0.8``, and a client
listing ``text/html;q=0.6`` among RDF types (Raptor) gets RDF."""


def _describe_service(request: Request, engine: SparqlEngine) -> Response:
    """The service description: the form for browsers, else RDF in the format asked for (Turtle by default)."""
    version = engine.version
    headers = {"Vary": "Accept"}
    override = request.query_params.get("format")
    chosen = override.strip().lower() if override else choose(request.headers.get("accept"), _DESCRIPTION_OFFERS)
    if chosen == HTML_FORMAT:
        page = form_page(version if version is not None else "?", engine.timeout, EXAMPLE)
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)
    fmt = (format_named(chosen) if chosen else None) or Format.TURTLE
    body = to_bytes(_service_triples(engine.base), fmt, context=f"{engine.base}context.jsonld")
    return Response(body, media_type=media_type(fmt), headers=headers)


DESCRIBE_AND_DEREFERENCING = (
    "DESCRIBE <iri> answers the statements whose subject is the IRI (pyoxigraph's description). "
    "Dereferencing an entity IRI (GET it with an RDF Accept header) answers its whole record: those "
    "statements, the nodes under its IRI (#deadline, #source-… citations, the relationship nodes of the "
    "relations it states) and the relations other records state about it, with their relationship nodes."
)
"""How DESCRIBE and dereferencing differ (issue 18): stated in the service description and README."""


def _service_triples(base: str) -> list[Triple]:
    """The SPARQL 1.1 Service Description of this endpoint: what it speaks, and its one graph."""
    endpoint = f"{base}sparql"

    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    service = NamedNode(endpoint + "#service")
    dataset = NamedNode(endpoint + "#dataset")
    graph = NamedNode(endpoint + "#graph")
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        Triple(service, rdf_type, NamedNode(sd + "Service")),
        Triple(service, NamedNode(sd + "endpoint"), NamedNode(endpoint)),
        Triple(service, NamedNode(sd + "supportedLanguage"), NamedNode(sd + "SPARQL11Query")),
        Triple(
            service,
            NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(DESCRIBE_AND_DEREFERENCING, language="en"),
        ),
        Triple(service, NamedNode(sd + "defaultDataset"), dataset),
        Triple(dataset, rdf_type, NamedNode(sd + "Dataset")),
        Triple(dataset, NamedNode(sd + "defaultGraph"), graph),
        Triple(graph, rdf_type, NamedNode(sd + "Graph")),
        Triple(graph, NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), NamedNode(f"{base}rdf")),
        Triple(
            service, NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), NamedNode(f"{base}.well-known/void")
        ),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"):
        triples.append(Triple(service, NamedNode(sd + "resultFormat"), NamedNode(formats + name)))
    for name in ("Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        triples.append(Triple(service, NamedNode(sd + "resultFormat"), NamedNode(formats + name)))
    return triples
