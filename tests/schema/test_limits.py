"""Request limits, checked once per distinct document: same verdicts as checking every time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout

import pytest
from graphql import GraphQLError, parse, specified_rules

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.schema import MAX_ALIASES, MAX_DEPTH, build_schema
from stratagraph.schema.context import Context
from stratagraph.schema.limits import RULES, DocumentCache, DocumentShape, validate_document


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
    derived = Derived(bundled_store)
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1)) + " }"
    tokens = "{ " + "__typename " * 2100 + "}"
    for _ in range(repeat):
        for document, message in (
            (deep(MAX_DEPTH + 1), "exceeds maximum operation depth"),
            (aliases, f"{MAX_ALIASES + 1} aliases found"),
            (tokens, "more than 2000 tokens"),
            ("{ nosuchfield }", "Cannot query field"),
        ):
            result = await schema.execute(document, context_value=Context(bundled_store, derived))
            assert result.errors, document
            assert message in result.errors[0].message
            assert result.data is None
        ok = await schema.execute("{ __typename }", context_value=Context(bundled_store, derived))
        assert ok.errors is None
        assert ok.data == {"__typename": "Query"}


def test_the_rules_are_built_once() -> None:
    assert [DocumentShape] == list(RULES)


def bomb(levels: int, on: str = "Query", field: str = "__typename") -> str:
    """A fragment spreading the next twice, ``levels`` deep: 2^levels spreads once expanded."""
    fragments = " ".join(f"fragment F{i} on {on} {{ {field} ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"fragment F{levels} on {on} {{ {field} }} {fragments}"


def validate_within(document: str, seconds: float) -> list[GraphQLError]:
    """The document's validation errors, failing (not hanging) if validation takes longer than ``seconds``."""
    schema = build_schema()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(validate_document, schema.graphql_schema, parse(document), (*specified_rules, *RULES))
        try:
            return future.result(timeout=seconds)
        except FuturesTimeout:
            pytest.fail(f"validation ran longer than {seconds} s")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def test_a_fragment_bomb_validates_in_linear_time() -> None:
    # Strawberry's rules walked each spread: 20 levels took 4 s, 25 levels more than 450 s.
    assert validate_within("query { ...F0 } " + bomb(25), seconds=10) == []
    aliased = validate_within("query { ...F0 } " + bomb(25, field="a: __typename"), seconds=10)
    assert [e.message for e in aliased] == [
        f"{2**26 - 1} aliases found. Allowed: {MAX_ALIASES} "
        + "(a fragment's aliases count at each of its spreads): ask for the rest in a second query"
    ]


def test_aliases_in_fragments_count_at_each_spread() -> None:
    spreads = " ".join(["...F"] * 4)
    fragment = "fragment F on Query { " + " ".join(f"a{i}: __typename" for i in range(8)) + " }"
    [error] = validate_within(f"query Q {{ {spreads} }} {fragment}", seconds=10)
    assert error.message.startswith(f"32 aliases found. Allowed: {MAX_ALIASES}")


def test_depth_counts_through_fragments_and_cycles_end() -> None:
    chain = " ".join(f"fragment D{i} on Task {{ dependsOn {{ ...D{i + 1} }} }}" for i in range(13))
    [error] = validate_within(f'{{ task(id: "task/x") {{ ...D0 }} }} {chain} fragment D13 on Task {{ id }}', 10)
    assert error.message.startswith(f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}")
    cyclic = validate_within('{ task(id: "task/x") { ...A } } fragment A on Task { dependsOn { ...A } }', 10)
    assert [e.message for e in cyclic] == ["Cannot spread fragment 'A' within itself."]


@pytest.mark.parametrize(
    "document",
    [
        "{ " + "__typename @a " * 990 + "}",
        " ".join(f"query Q{i} {{ __typename }}" for i in range(300)),
        "{ " + " ".join(f'a: plan(id: "{i}") {{ id }}' for i in range(150)) + " }",
        "{ " + "...F " * 900 + "} fragment F on Query { __typename }",
    ],
    ids=["directives", "operations", "conflicting-aliases", "spreads"],
)
def test_graphql_core_rules_stay_quick_on_documents_at_the_token_limit(document: str) -> None:
    validate_within(document, seconds=10)  # the token limit bounds these: each is well under a second


async def test_an_integer_literal_too_long_for_python_is_a_clear_error(bundled_store: Store) -> None:
    schema = build_schema()
    result = await schema.execute(
        "{ tasks(first: " + "9" * 5000 + ") { totalCount } }",
        context_value=Context(bundled_store, Derived(bundled_store)),
    )
    assert result.errors is not None
    assert result.errors[0].message.startswith("an integer of 5000 digits: an Int lies between -2147483648 and")
    assert result.errors[0].original_error is None  # the client's mistake, not an unexpected error
