"""Content negotiation: which media type an ``Accept`` header asks for.

Only what the GraphQL over HTTP specification and the playground need: media
ranges with ``q`` weights, the most specific range deciding a type's weight
(RFC 9110, section 12.5.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"

EXACT, SUBTYPE_WILDCARD, WILDCARD = 2, 1, 0  # how specifically a range names a type


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int | None:
        """How specifically this range matches ``media_type``; None when it does not."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return WILDCARD if self.subtype == "*" else None
        if self.type != main:
            return None
        if self.subtype == "*":
            return SUBTYPE_WILDCARD
        return EXACT if self.subtype == sub else None


def _weighted(header: str) -> list[tuple[str, float]]:
    """Each item of a list header (``Accept``, ``Accept-Encoding``), lowercased, with its ``q`` (default 1)."""
    items: list[tuple[str, float]] = []
    for part in header.split(","):
        item, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        items.append((item.lower(), q))
    return items


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed parts are skipped."""
    ranges: list[MediaRange] = []
    for media, q in _weighted(header):
        main, slash, sub = media.partition("/")
        if slash and main and sub:
            ranges.append(MediaRange(main, sub, q))
    return ranges


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether ``Accept-Encoding`` admits gzip (RFC 9110, 12.5.3): ``gzip`` (or ``x-gzip``) with a weight above 0,
    or, when neither is named, ``*`` with a weight above 0."""
    codings = dict(_weighted(accept_encoding or ""))
    named = [codings[name] for name in ("gzip", "x-gzip") if name in codings]
    return max(named) > 0 if named else codings.get("*", 0.0) > 0


def weight(ranges: Sequence[MediaRange], media_type: str) -> tuple[float, int]:
    """``(q, specificity)`` of ``media_type``: the most specific matching range decides."""
    best: tuple[int, float] | None = None
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity is not None and (best is None or specificity > best[0]):
            best = (specificity, media_range.q)
    return (0.0, WILDCARD) if best is None else (best[1], best[0])


def choose_graphql_response(accept: str | None) -> str | None:
    """The response type for a GraphQL request, or None when nothing acceptable is offered.

    No ``Accept`` means ``application/json`` (the specification's legacy default);
    a client that names ``application/graphql-response+json`` as well as JSON gets
    the former, one that accepts anything (``*/*``) gets plain JSON.
    """
    if accept is None or not accept.strip():
        return JSON
    ranges = parse_accept(accept)
    weights = {offer: weight(ranges, offer) for offer in (JSON, GRAPHQL_RESPONSE)}
    best = max(weights.values())
    if best[0] <= 0:
        return None
    if weights[GRAPHQL_RESPONSE] == best and best[1] == EXACT:
        return GRAPHQL_RESPONSE
    return JSON if weights[JSON] == best else GRAPHQL_RESPONSE


def names_html(accept: str | None) -> bool:
    """True when ``Accept`` names ``text/html`` (or ``text/*``) itself: a browser navigating."""
    if not accept:
        return False
    q, specificity = weight(parse_accept(accept), HTML)
    return q > 0 and specificity > WILDCARD
