"""The query cost: worked out before anything runs, from the declarations in the schema, against the limit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from graphql import get_introspection_query, get_operation_ast, parse

from bench.run import Picks, canonical_queries
from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.schema import DEFAULT_MAX_COST, StratagraphSchema, build_schema
from stratagraph.schema.context import Context
from stratagraph.schema.cost import CostLimitError, unpaged_lists
from stratagraph.schema.pagination import DEFAULT_LIST, MAX_LIST

README = Path(__file__).resolve().parents[2] / "README.md"
PLAN = "plan/chien-luoc-cds-bao-chi"
TASK = "task/tap-huan-danh-gia-truong-thanh-2024"


@pytest.fixture(scope="module")
def schema() -> StratagraphSchema:
    return build_schema()


def cost(schema: StratagraphSchema, query: str, variables: dict[str, Any] | None = None) -> int:
    document = parse(query)
    operation = get_operation_ast(document)
    assert operation is not None
    return schema.cost.cost(document, operation, variables or {})


def test_every_list_is_paged_or_declares_its_size(schema: StratagraphSchema) -> None:
    declared = [key for key, d in schema.cost.declared.items() if d.assumed_size is not None]
    assert unpaged_lists(schema.graphql_schema, declared) == []


def test_the_declarations_show_in_the_sdl(schema: StratagraphSchema) -> None:
    sdl = schema.as_str()
    assert "directive @cost(weight: Int!) on FIELD_DEFINITION" in sdl
    assert "first: Int! = 100\n  ): [Task!]! @cost(weight: 2000)" in sdl  # Plan.topologicalOrder
    assert "leads: [Agency!]! @listSize(assumedSize: 2)" in sdl


def test_a_plain_field_costs_one_and_a_list_multiplies_by_first(schema: StratagraphSchema) -> None:
    assert cost(schema, "{ __typename }") == 1
    one = cost(schema, f'{{ task(id: "{TASK}") {{ dependsOn(first: 1) {{ id name }} }} }}')
    many = cost(schema, f'{{ task(id: "{TASK}") {{ dependsOn(first: 50) {{ id name }} }} }}')
    default = cost(schema, f'{{ task(id: "{TASK}") {{ dependsOn {{ id name }} }} }}')
    assert many - one == 49 * 2
    assert default - one == (DEFAULT_LIST - 1) * 2


def test_first_from_a_variable_counts(schema: StratagraphSchema) -> None:
    query = "query($n: Int!) { tasks(first: $n) { edges { node { id } } } }"
    assert cost(schema, query, {"n": 100}) - cost(schema, query, {"n": 10}) == 90 * 3


def test_an_analysis_weighs_its_declared_cost(schema: StratagraphSchema) -> None:
    plain = cost(schema, f'{{ plan(id: "{PLAN}") {{ id }} }}')
    analysed = cost(schema, f'{{ plan(id: "{PLAN}") {{ id criticalPath {{ finish }} }} }}')
    assert analysed - plain > 100


def test_a_fragment_counts_at_each_spread_and_is_costed_once(schema: StratagraphSchema) -> None:
    levels = 40  # 2^40 fields once expanded: only a walk that reuses each fragment's cost can tell
    fragments = " ".join(f"fragment F{i} on Query {{ __typename ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    query = "{ ...F0 } " + fragments + f" fragment F{levels} on Query {{ __typename }}"
    assert cost(schema, query) == 2 ** (levels + 1) - 1


def test_the_playground_introspection_is_within_the_limit(schema: StratagraphSchema) -> None:
    query = get_introspection_query(descriptions=True, input_value_deprecation=True, schema_description=True)
    assert cost(schema, query) <= DEFAULT_MAX_COST


def test_nested_introspection_is_refused(schema: StratagraphSchema) -> None:
    nested = "name"
    for _ in range(5):
        nested = f"fields {{ type {{ {nested} }} }}"
    assert cost(schema, f"{{ __schema {{ types {{ {nested} }} }} }}") > DEFAULT_MAX_COST


def test_the_issue_queries_are_over_the_limit(schema: StratagraphSchema) -> None:
    reach = "downstream { task { id upstream { task { id } } } }"
    fan_out = f'{{ plan(id: "{PLAN}") {{ topologicalOrder {{ id {reach} }} }} }}'
    assert cost(schema, fan_out) > DEFAULT_MAX_COST
    aliases = " ".join(
        f'p{i}: plan(id: "{PLAN}") {{ criticalPath {{ tasks {{ task {{ accountability {{ chain {{ id }} }} }} }} }} }}'
        for i in range(30)
    )
    assert cost(schema, f"{{ {aliases} }}") > DEFAULT_MAX_COST
    assert cost(schema, f"{{ tasks(first: {MAX_LIST}) {{ totalCount }} }}") <= DEFAULT_MAX_COST


def test_the_bench_queries_and_the_readme_examples_are_within_the_limit(schema: StratagraphSchema) -> None:
    picks = Picks("agency/cuc-bao-chi", TASK, TASK, "cuc bao chi")
    documents = [q.document for q in canonical_queries(picks)]
    documents += re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(documents) >= 7
    for document in documents:
        assert cost(schema, document) <= DEFAULT_MAX_COST, document


async def test_a_costly_query_is_refused_with_its_cost_and_the_limit(bundled_store: Store) -> None:
    schema = build_schema(max_cost=600)
    query = "{ tasks(first: 100) { edges { node { id name status } } } }"
    result = await schema.execute(query, context_value=Context(bundled_store, Derived(bundled_store)))
    assert result.data is None
    assert result.errors is not None
    [error] = result.errors
    assert isinstance(error, CostLimitError)
    assert error.message.startswith("the query costs 1,000 and the limit is 600: ask for fewer items")
    assert error.extensions == {"code": "QUERY_TOO_COSTLY", "cost": 1000, "maxCost": 600}
    cheap = await schema.execute(
        "{ tasks(first: 10) { edges { node { id } } } }", context_value=Context(bundled_store, Derived(bundled_store))
    )
    assert cheap.errors is None


def test_a_connection_without_first_counts_its_default_page(schema: StratagraphSchema) -> None:
    paged = cost(schema, "{ tasks(first: 20) { edges { node { id } } } }")
    assert cost(schema, "{ tasks { edges { node { id } } } }") == paged
    assert cost(schema, "{ tasks(first: null) { edges { node { id } } } }") == paged
    assert paged > cost(schema, "{ tasks(first: 1) { edges { node { id } } } }")
