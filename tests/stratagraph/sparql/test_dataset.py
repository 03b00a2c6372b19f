"""Reading a query's dataset clause, and what the one-graph endpoint answers to it."""

from __future__ import annotations

import pytest

from stratagraph.sparql.dataset import GraphRequest, dataset_refusal, named_in_query

ENDPOINT = "http://h.test/strata/sparql"
GRAPH = "http://h.test/strata/rdf"


def test_from_and_from_named_are_read_with_prefixes_and_bases() -> None:
    query = """BASE <http://h.test/x/>
    PREFIX g: <http://h.test/strata/>
    SELECT * FROM <rdf> FROM NAMED g:rdf FROM <../strata/rdf>
    WHERE { ?s ?p "FROM <in-a-string>" } # FROM <in-a-comment>"""
    assert named_in_query(query, ENDPOINT) == GraphRequest(
        ("http://h.test/x/rdf", "http://h.test/strata/rdf"), ("http://h.test/strata/rdf",), False
    )


def test_relative_iris_resolve_against_the_endpoint() -> None:
    assert named_in_query("ASK FROM <rdf> {}", ENDPOINT).default == (GRAPH,)


def test_graph_in_a_string_a_variable_or_a_prefixed_name_is_not_a_graph_pattern() -> None:
    query = 'PREFIX ex: <http://e/> SELECT ?graph WHERE { ?graph ex:GRAPH "GRAPH" }'
    assert named_in_query(query, ENDPOINT) == GraphRequest((), (), False)
    assert named_in_query("SELECT * { graph ?g { ?s ?p ?o } }", ENDPOINT).graph_pattern


def refusal(query: str, defaults: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> str | None:
    return dataset_refusal(named_in_query(query, ENDPOINT), GRAPH, defaults, named)


@pytest.mark.parametrize(
    ("query", "defaults", "named"),
    [
        ("ASK {}", (), ()),
        ("ASK FROM <rdf> {}", (), ()),
        (f"ASK FROM <{GRAPH}> FROM NAMED <{GRAPH}> {{}}", (), ()),
        ("ASK {}", (GRAPH,), ()),
        ("ASK {}", (GRAPH,), (GRAPH,)),
        ("ASK FROM <http://elsewhere.test/g> {}", (GRAPH,), ()),  # the protocol's graphs replace the query's
    ],
)
def test_the_dataset_graph_is_accepted_however_it_is_named(
    query: str, defaults: tuple[str, ...], named: tuple[str, ...]
) -> None:
    assert refusal(query, defaults, named) is None


@pytest.mark.parametrize(
    ("query", "defaults", "named", "named_in_message"),
    [
        ("ASK FROM <http://elsewhere.test/g> {}", (), (), "http://elsewhere.test/g"),
        ("ASK FROM NAMED <other> {}", (), (), "http://h.test/strata/other"),
        ("ASK {}", ("urn:g",), (), "urn:g"),
        ("ASK {}", (), ("urn:g",), "urn:g"),
    ],
)
def test_any_other_graph_is_refused_naming_the_one_there_is(
    query: str, defaults: tuple[str, ...], named: tuple[str, ...], named_in_message: str
) -> None:
    message = refusal(query, defaults, named)
    assert message is not None
    assert f"<{named_in_message}> is not one of its graphs" in message
    assert f"<{GRAPH}>" in message


def test_a_graph_pattern_over_the_dataset_named_as_a_named_graph_is_refused() -> None:
    message = refusal("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", (), (GRAPH,))
    assert message is not None
    assert "served as the default graph" in message
    assert refusal(f"SELECT * FROM NAMED <{GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") is not None
