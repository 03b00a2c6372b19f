"""``/ontology`` and ``/shapes``: the vocabulary every ``sg:`` term is defined in, dereferenceable.

``https://w3id.org/stratagraph/ontology`` and ``…/shapes`` redirect here (the rules
are in ``publish/w3id/``), keeping the client's ``Accept``: browsers get the HTML
page, RDF clients Turtle, RDF/XML, JSON-LD or N-Triples, negotiated as ``/rdf`` is
(``?format=`` overrides; ``format=html`` asks for the page). ``/ontology/{version}``
is the version IRI (``owl:versionIRI``) of the release served; other versions are
``404`` naming the one there is. The documents never change while the process
runs, so they carry a long-lived ``ETag`` of the version.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from stratagraph.http.rdf_negotiation import GRAPH_OFFERS, choose, etag_matches, media_type
from stratagraph.http.vocabulary_page import vocabulary_page
from stratagraph.ontology.formats import format_named
from stratagraph.ontology.publication import Vocabulary, document
from stratagraph.ontology.vocab import VERSION

__all__ = ["vocabulary_routes"]

_HTML = "html"


_OFFERS = (*GRAPH_OFFERS, ("text/html", _HTML), ("application/xhtml+xml", _HTML))
"""The RDF formats first: ``*/*`` or no ``Accept`` gets Turtle; a browser's ``text/html`` outweighs its
``*/*;q=0.8``, and an RDF client listing ``text/html;q=0.6`` among its types (Raptor) gets RDF."""


def _serve(request: Request, vocabulary: Vocabulary, base: str) -> Response:
    override = request.query_params.get("format")
    chosen = override if override is not None else choose(request.headers.get("accept"), _OFFERS)
    html = chosen == _HTML
    fmt = None if html or chosen is None else format_named(chosen)
    if not html and fmt is None:
        if override:
            return PlainTextResponse(f"unknown format {override!r}: use one of html, ttl, jsonld, nt, xml\n", 400)
        return PlainTextResponse("none of the formats offered is acceptable: text/html and the RDF formats\n", 406)
    etag = f'"{vocabulary.value}-{VERSION}-{fmt.value if fmt else _HTML}"'
    headers = {"ETag": etag, "Vary": "Accept", "Cache-Control": "public, max-age=3600"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if fmt is None:
        return Response(vocabulary_page(vocabulary, base), media_type="text/html; charset=utf-8", headers=headers)
    headers["Content-Location"] = f"{base}{vocabulary.value}?format={fmt.value}"
    return Response(document(vocabulary, fmt), media_type=media_type(fmt), headers=headers)


def _version(vocabulary: Vocabulary, base: str) -> Route:
    async def endpoint(request: Request) -> Response:
        asked = request.path_params["version"]
        if asked != VERSION:
            return PlainTextResponse(
                f"version {asked} of {vocabulary.iri} is not served here; this is {vocabulary.version_iri}\n", 404
            )
        return _serve(request, vocabulary, base)

    return Route(f"/{vocabulary.value}/{{version}}", endpoint, methods=["GET", "HEAD"])


def _latest(vocabulary: Vocabulary, base: str) -> Route:
    async def endpoint(request: Request) -> Response:
        return _serve(request, vocabulary, base)

    return Route(f"/{vocabulary.value}", endpoint, methods=["GET", "HEAD"])


def vocabulary_routes(base: str) -> list[Route]:
    """The routes of the ontology and the shapes, each at its name and its version; pages link under ``base``."""
    return [route for vocabulary in Vocabulary for route in (_latest(vocabulary, base), _version(vocabulary, base))]
