"""Which RDF or SPARQL-results format a request asks for: ``?format=`` first, then ``Accept``.

RFC 9110 content negotiation (section 12.5.1) over the media types we can write:
the most specific matching range gives each type its quality, the highest quality
wins, then the more specific range (``text/turtle`` over ``text/*`` over ``*/*``),
then our order of preference (Turtle, then JSON-LD, N-Triples, RDF/XML; JSON
results, then XML, CSV, TSV). A missing ``Accept`` or ``*/*`` gets the first. An
entity's IRI also offers its HTML page, last, so only a client that ranks
``text/html`` above every RDF type gets it (Raptor lists ``text/html;q=0.6``
among its types and must get RDF; a browser ranks it first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from stratagraph.http.media import HTML, parse_accept, weight
from stratagraph.ontology.formats import FORMATS, Format, format_named

__all__ = [
    "ENTITY_OFFERS",
    "GRAPH_OFFERS",
    "PAGE",
    "SOLUTION_MEDIA_TYPES",
    "SOLUTION_OFFERS",
    "choose",
    "entity_representation",
    "etag_matches",
    "link_header",
    "rdf_format",
]

GRAPH_OFFERS: tuple[tuple[str, str], ...] = tuple(
    (info.media_type, fmt.value) for fmt, info in FORMATS.items()
) + tuple((other, fmt.value) for fmt, info in FORMATS.items() for other in info.media_types[1:])
"""(media type, format) pairs for RDF graphs, read from ``FORMATS``: the formats' own types, then the others."""

PAGE: Final = "html"
"""An entity's HTML page, the representation ``/id/{type}/{key}`` offers beside its RDF."""

ENTITY_OFFERS: tuple[tuple[str, str], ...] = (*GRAPH_OFFERS, (HTML, PAGE))
"""What an entity's IRI offers: its RDF, then its page."""

SOLUTION_OFFERS: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
"""(media type, format) pairs for SELECT and ASK results."""

SOLUTION_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


def choose(accept: str | None, offers: Sequence[tuple[str, str]]) -> str | None:
    """The format the best acceptable offer stands for; the first offer when anything goes; None when nothing does."""
    if accept is None or not accept.strip():
        return offers[0][1]
    ranges = parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for rank, (media_type, name) in enumerate(offers):
        q, specificity = weight(ranges, media_type)
        if q <= 0:
            continue
        key = (q, specificity, -rank)
        if best is None or key > best:
            best, chosen = key, name
    return chosen


def rdf_format(accept: str | None, override: str | None) -> Format | None:
    """The RDF format of a response: ``?format=`` when given (None if unknown), else by ``Accept``."""
    if override:
        return format_named(override)
    chosen = choose(accept, GRAPH_OFFERS)
    return Format(chosen) if chosen else None


def entity_representation(accept: str | None, override: str | None) -> Format | Literal["html"] | None:
    """An entity's RDF format or ``PAGE``: ``?format=`` when given (``html`` for the page), else by ``Accept``."""
    if override:
        return PAGE if override.strip().lower() in (PAGE, HTML) else format_named(override)
    chosen = choose(accept, ENTITY_OFFERS)
    if chosen is None:
        return None
    return PAGE if chosen == PAGE else Format(chosen)


def link_header(url: str, *, page: bool = False) -> str:
    """``Link`` (RFC 8288): ``url`` in each RDF format (``?format=``), and its HTML page when it has one.

    ``url`` is absolute, built from the base IRI, and may already carry a query (``/rdf?plan=…``).
    """
    joint = "&" if "?" in url else "?"
    links = [
        f'<{url}{joint}format={fmt.value}>; rel="alternate"; type="{info.media_type}"' for fmt, info in FORMATS.items()
    ]
    if page:
        links.append(f'<{url}{joint}format={PAGE}>; rel="alternate"; type="{HTML}"')
    return ", ".join(links)


def media_type(fmt: Format) -> str:
    """The ``Content-Type`` of an RDF response (UTF-8 for the text formats)."""
    base = FORMATS[fmt].media_type
    return base if fmt is Format.JSONLD else f"{base}; charset=utf-8"


def etag_matches(header: str | None, etag: str) -> bool:
    """True when ``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks for GET) or is ``*``."""
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False
