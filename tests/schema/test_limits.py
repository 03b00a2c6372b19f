"""Request limits, checked once per distinct document: same verdicts as checking every time."""

from __future__ import annotations

import pytest
from graphql import GraphQLError

from graph.store import Store
from queries.search import Searcher
from schema import MAX_ALIASES, MAX_DEPTH, build_schema
from schema.context import Context
from schema.limits import RULES, DocumentCache, DocumentShape


def test_a_document_is_parsed_once_and_dropped_least_recently_used() -> None:
    cache = DocumentCache(size=2)
    first = cache.parse("{ a: __typename }")
    assert cache.parse("{ a: __typename }") is first
    cache.parse("{ b: __typename }")
    cache.parse("{ a: __typename }")  # "b" is now the least recently used
    cache.parse("{ c: __typename }")
    assert cache.parse("{ a: __typename }") is first
    assert len(cache._documents) == 2


def test_a_document_that_does_not_parse_is_not_remembered() -> None:
    cache = DocumentCache()
    for _ in range(2):
        with pytest.raises(GraphQLError):
            cache.parse("{ unclosed")
    assert not cache._documents


def deep(levels: int) -> str:
    inner = "id"
    for _ in range(levels):
        inner = f"dependsOn {{ {inner} }}"
    return f'{{ task(id: "task/x") {{ {inner} }} }}'


@pytest.mark.parametrize("repeat", [1, 3])
async def test_limits_hold_on_every_request(bundled_store: Store, repeat: int) -> None:
    schema = build_schema()
    searcher = Searcher(bundled_store)
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1)) + " }"
    tokens = "{ " + "__typename " * 2100 + "}"
    for _ in range(repeat):
        for document, message in (
            (deep(MAX_DEPTH + 1), "exceeds maximum operation depth"),
            (aliases, f"{MAX_ALIASES + 1} aliases found"),
            (tokens, "more than 2000 tokens"),
            ("{ nosuchfield }", "Cannot query field"),
        ):
            result = await schema.execute(document, context_value=Context(bundled_store, searcher))
            assert result.errors, document
            assert message in result.errors[0].message
            assert result.data is None
        ok = await schema.execute("{ __typename }", context_value=Context(bundled_store, searcher))
        assert ok.errors is None
        assert ok.data == {"__typename": "Query"}


def test_the_rules_are_built_once() -> None:
    assert [DocumentShape] == list(RULES)
