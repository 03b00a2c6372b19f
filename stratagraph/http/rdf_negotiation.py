"""Which RDF or SPARQL-results format a request asks for: ``?format=`` first, then ``Accept``.

RFC 9110 content negotiation over the media types we can write; the most specific
matching range decides a type's weight (``stratagraph.http.media``), ties go to
our order of preference (Turtle, then JSON-LD, N-Triples, RDF/XML; JSON results,
then XML, CSV, TSV). A missing ``Accept`` or ``*/*`` gets the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from stratagraph.http.media import parse_accept, weight
from stratagraph.ontology.formats import FORMATS, Format, format_named

__all__ = [
    "GRAPH_OFFERS",
    "SOLUTION_MEDIA_TYPES",
    "SOLUTION_OFFERS",
    "choose",
    "etag_matches",
    "rdf_format",
]

GRAPH_OFFERS: tuple[tuple[str, str], ...] = tuple(
    (info.media_type, fmt.value) for fmt, info in FORMATS.items()
) + tuple((other, fmt.value) for fmt, info in FORMATS.items() for other in info.media_types[1:])
"""(media type, format) pairs for RDF graphs, read from ``FORMATS``: the formats' own types, then the others."""

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
