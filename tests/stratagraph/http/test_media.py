"""Content negotiation for GraphQL responses and for the playground."""

from __future__ import annotations

import pytest

from stratagraph.http.media import GRAPHQL_RESPONSE, JSON, choose_graphql_response, names_html

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON}", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE}, */*;q=0.1", GRAPHQL_RESPONSE),
        ("APPLICATION/JSON; charset=utf-8", JSON),
        (BROWSER, JSON),
        ("text/html", None),
        ("application/json;q=0", None),
        ("*/*, application/json;q=0", GRAPHQL_RESPONSE),
        ("garbage", None),
    ],
)
def test_choose_graphql_response(accept: str | None, chosen: str | None) -> None:
    assert choose_graphql_response(accept) == chosen


@pytest.mark.parametrize(
    ("accept", "html"),
    [(BROWSER, True), ("text/*", True), ("*/*", False), (None, False), (JSON, False), ("text/html;q=0", False)],
)
def test_names_html(accept: str | None, html: bool) -> None:
    assert names_html(accept) is html
