"""Rules left out of a document's validation would have reported nothing: the errors are graphql-core's own."""

from __future__ import annotations

import pytest
from graphql import DeferStreamDirectiveOnValidOperationsRule, GraphQLError, parse, specified_rules, validate

from stratagraph.schema import build_schema
from stratagraph.schema.limits import RULES, census, validate_document
from stratagraph.schema.needed_rules import SUBJECTS, needed_rules

ALL_RULES = (*specified_rules, *RULES)
SCHEMA = build_schema().graphql_schema
UNREPORTABLE = DeferStreamDirectiveOnValidOperationsRule  # about subscriptions, which this schema has none of

DOCUMENTS = [
    # none of the subjects: variables, fragments, directives
    '{ agency(id: "agency/bo-tttt") { id name tasks(first: 5) { totalCount } } }',
    '{ tasks(first: "many") { totalCount } }',
    "{ agency { id } }",
    "{ nosuchfield }",
    '{ task(id: "task/x") { id } task(id: "task/y") { name } }',
    # variables
    "query ($id: ID!) { agency(id: $id) { id } }",
    "query ($id: ID!, $unused: Int) { agency(id: $id) { id } }",
    "query { agency(id: $undefined) { id } }",
    "query ($n: String) { tasks(first: $n) { totalCount } }",
    "query ($id: ID!, $id: ID!) { agency(id: $id) { id } }",
    "query ($a: Agency) { agencies { totalCount } }",
    "query A($id: ID!) { agency(id: $id) { id } } query B { agency(id: $id) { id } }",
    # fragments
    '{ agency(id: "a") { ...F } } fragment F on Agency { id }',
    '{ agency(id: "a") { ...F } } fragment F on Agency { id } fragment G on Agency { name }',
    '{ agency(id: "a") { ...Missing } }',
    '{ agency(id: "a") { ...F } } fragment F on Agency { id } fragment F on Agency { name }',
    '{ agency(id: "a") { ...F } } fragment F on Agency { ...G } fragment G on Agency { ...F }',
    '{ agency(id: "a") { ... on Task { id } } }',
    '{ agency(id: "a") { ...F } } fragment F on Task { id }',
    '{ agency(id: "a") { ... on Date { id } } }',
    '{ node(id: "a") { ... on Agency { id } ... on Task { name } } }',
    # directives
    '{ agency(id: "a") @include(if: true) { id } }',
    '{ agency(id: "a") @nosuch { id } }',
    '{ agency(id: "a") @skip(if: true) @skip(if: false) { id } }',
    '{ agency(id: "a") { ...F @defer(label: "x") ...F @defer(label: "x") } } fragment F on Agency { id }',
    '{ agency(id: "a") @stream { id } }',
    "mutation { ... @defer { __typename } }",
    'query ($if: Boolean!) { agency(id: "a") @include(if: $if) { id } }',
    # several at once
    "query ($x: Int) { agency(id: $y) { ...F @nosuch } } fragment F on Task { id } fragment F on Task { id }",
]


def _shown(errors: list[GraphQLError]) -> list[tuple[str, object]]:
    return [(error.message, error.locations) for error in errors]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_errors_are_those_of_every_rule(document: str) -> None:
    parsed = parse(document)
    assert _shown(validate_document(SCHEMA, parsed, ALL_RULES)) == _shown(validate(SCHEMA, parsed, ALL_RULES))


def test_the_documents_break_every_rule_left_out_somewhere() -> None:
    """Each rule that may be left out reports an error on at least one document above (the test can fail)."""
    broken = {rule for rule in SUBJECTS for d in DOCUMENTS if validate(SCHEMA, parse(d), [rule])}
    assert broken >= set(SUBJECTS) - {UNREPORTABLE}


def test_a_plain_query_leaves_out_the_rules_of_variables_fragments_and_directives() -> None:
    needed = needed_rules(census(parse('{ agency(id: "a") { id } }')).kinds, ALL_RULES)
    assert not set(needed) & set(SUBJECTS)
    assert len(needed) == len(ALL_RULES) - len(SUBJECTS)


@pytest.mark.parametrize(
    ("document", "kept"),
    [
        ("query ($id: ID!) { agency(id: $id) { id } }", "NoUnusedVariablesRule"),
        ('{ node(id: "a") { ... on Agency { id } } }', "PossibleFragmentSpreadsRule"),
        ('{ agency(id: "a") @skip(if: false) { id } }', "KnownDirectivesRule"),
    ],
)
def test_a_rule_runs_where_its_subject_is(document: str, kept: str) -> None:
    assert kept in {rule.__name__ for rule in needed_rules(census(parse(document)).kinds, ALL_RULES)}


def test_every_rule_left_out_is_one_of_graphql_cores() -> None:
    """A rule graphql-core drops or renames fails here, not silently in production."""
    assert set(SUBJECTS) <= set(specified_rules)
