"""The SPARQL 1.1 Protocol (W3C Recommendation, section 2) requirements not shown by test_sparql.py.

Each test names the section it holds the endpoint to; SPARQLWrapper is the client
where it can say the thing (it sends graphs, queries and Accept headers its own
way), httpx where the request is malformed on purpose. Already shown elsewhere:
query by GET, form POST and direct POST (2.1.1-2.1.3), result formats by Accept
(2.1.5), 400 for a malformed query and two ``query`` parameters (2.1.7), updates
refused (2.2): ``test_sparql.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from stratagraph.settings import DEFAULT_BASE_IRI
from tests.stratagraph.http.live import serve

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

GRAPH = f"{DEFAULT_BASE_IRI}rdf"
COUNT = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir: Path = tmp_path_factory.mktemp("sparql-protocol")
    with serve(data_dir, sparql_workers=1) as url:
        yield f"{url}/sparql"


def count(result: Any) -> int:
    return int(result["results"]["bindings"][0]["n"]["value"])


def wrapper(endpoint: str, query: str, *, method: str = "GET", fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == POST:
        sparql.setMethod(POST)
    elif method == POSTDIRECTLY:
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


@pytest.fixture(scope="module")
def everything(endpoint: str) -> int:
    return count(wrapper(endpoint, COUNT.format(**{"from": ""})).queryAndConvert())


# ---------------------------------------------------------------------------
# Relative IRIs (SPARQL 1.1 Query, 4.1.1.1: resolved against the base; ours is the endpoint)
# ---------------------------------------------------------------------------


def test_relative_iris_resolve_against_the_endpoint(endpoint: str) -> None:
    turtle = wrapper(endpoint, "CONSTRUCT { <s> <p> 1 } WHERE {}", fmt=TURTLE).queryAndConvert()
    assert isinstance(turtle, bytes)  # SPARQLWrapper hands Turtle over as it came
    graph = Graph().parse(data=turtle, format="turtle")
    assert set(graph) == {(URIRef(f"{DEFAULT_BASE_IRI}s"), URIRef(f"{DEFAULT_BASE_IRI}p"), Literal(1))}


def test_a_relative_entity_iri_finds_the_entity(endpoint: str) -> None:
    ask = wrapper(endpoint, "ASK { <id/agency/cuc-bao-chi> ?p ?o }").queryAndConvert()
    assert ask == {"head": {}, "boolean": True}


# ---------------------------------------------------------------------------
# 2.1.4 Specifying an RDF Dataset
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("clause", [f"FROM <{GRAPH}>", "FROM <rdf>", f"FROM <{GRAPH}> FROM NAMED <{GRAPH}>"])
def test_from_the_dataset_graph_is_the_whole_dataset(endpoint: str, everything: int, clause: str) -> None:
    assert everything > 10_000
    assert count(wrapper(endpoint, COUNT.format(**{"from": clause})).queryAndConvert()) == everything


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_default_and_named_graph_uri_naming_the_dataset_are_accepted(
    endpoint: str, everything: int, method: str
) -> None:
    """GET and form POST carry them beside the query, a direct POST in the URL (2.1.1-2.1.3)."""
    sparql = wrapper(endpoint, COUNT.format(**{"from": ""}), method=method)
    sparql.addDefaultGraph(GRAPH)
    sparql.addNamedGraph(GRAPH)
    assert count(sparql.queryAndConvert()) == everything


def test_the_protocols_dataset_replaces_the_querys(endpoint: str, everything: int) -> None:
    """2.1.4: 'the SPARQL service MUST execute the query using the RDF Dataset given in the protocol request'."""
    sparql = wrapper(endpoint, COUNT.format(**{"from": "FROM <http://elsewhere.test/g>"}))
    sparql.addDefaultGraph(GRAPH)
    assert count(sparql.queryAndConvert()) == everything


@pytest.mark.parametrize(
    ("query", "graphs"),
    [
        (COUNT.format(**{"from": "FROM <http://elsewhere.test/g>"}), {}),
        (COUNT.format(**{"from": "FROM NAMED <graph>"}), {}),
        (COUNT.format(**{"from": ""}), {"default-graph-uri": "urn:x-other:g"}),
        (COUNT.format(**{"from": ""}), {"named-graph-uri": "urn:x-other:g"}),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": GRAPH}),
    ],
    ids=["from-other", "from-named-other", "default-graph-uri-other", "named-graph-uri-other", "graph-pattern"],
)
def test_a_dataset_that_would_be_empty_is_refused_with_the_graph_there_is(
    endpoint: str, query: str, graphs: dict[str, str]
) -> None:
    response = httpx.get(endpoint, params={"query": query, **graphs}, timeout=30)
    assert response.status_code == 400
    assert f"<{GRAPH}>" in response.text


def test_sparqlwrapper_reports_a_foreign_graph_as_a_bad_query(endpoint: str) -> None:
    sparql = wrapper(endpoint, COUNT.format(**{"from": ""}))
    sparql.addDefaultGraph("http://elsewhere.test/g")
    with pytest.raises(QueryBadFormed, match="holds one graph"):
        sparql.query()


# ---------------------------------------------------------------------------
# 2.1.2 / 2.1.3: the query once, in one place
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"params": {"query": "ASK {}"}, "data": {"query": "ASK { ?s ?p ?o }"}},
        {
            "params": {"query": "ASK {}"},
            "content": b"ASK { ?s ?p ?o }",
            "headers": {"Content-Type": "application/sparql-query"},
        },
    ],
    ids=["form-post", "direct-post"],
)
def test_a_query_both_in_the_url_and_in_the_body_is_400(endpoint: str, request_kwargs: dict[str, Any]) -> None:
    response = httpx.post(endpoint, timeout=30, **request_kwargs)
    assert response.status_code == 400
    assert "both in the URL and in the body" in response.text


def test_a_direct_post_takes_its_graphs_from_the_url(endpoint: str, everything: int) -> None:
    response = httpx.post(
        endpoint,
        params={"default-graph-uri": GRAPH},
        content=COUNT.format(**{"from": "FROM <http://elsewhere.test/g>"}).encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200
    assert count(response.json()) == everything


# ---------------------------------------------------------------------------
# Service description (SPARQL 1.1 Service Description, 2: negotiated)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_the_service_description_is_negotiated(
    endpoint: str, accept: str | None, media_type: str, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(endpoint, headers=headers, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["vary"] == "Accept"
    body = response.text
    if rdflib_format == "json-ld":  # the context it names is served here, not fetched from the network
        context = httpx.get(endpoint.replace("/sparql", "/context.jsonld"), timeout=30).json()
        document = json.loads(body)
        document["@context"] = context["@context"]
        body = json.dumps(document)
    graph = Graph().parse(data=body, format=rdflib_format)
    endpoint_iri = URIRef(f"{DEFAULT_BASE_IRI}sparql")
    assert (None, URIRef(SD + "endpoint"), endpoint_iri) in graph
    dataset = graph.value(URIRef(f"{endpoint_iri}#service"), URIRef(SD + "defaultDataset"))
    assert dataset is not None
    assert graph.value(dataset, URIRef(SD + "defaultGraph")) is not None


def test_a_browser_gets_the_query_form(endpoint: str) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    response = httpx.get(endpoint, headers={"Accept": accept}, timeout=30)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<textarea id="query" name="query"' in response.text


def test_an_rdf_client_that_also_lists_html_gets_the_description_as_rdf(endpoint: str) -> None:
    """Raptor sends text/html;q=0.6 among its RDF types: the description, not the form."""
    raptor = "application/rdf+xml, text/turtle, application/n-triples, text/html;q=0.6, */*;q=0.1"
    response = httpx.get(endpoint, headers={"Accept": raptor}, timeout=30)
    assert response.headers["content-type"].split(";")[0] in {"text/turtle", "application/rdf+xml"}
    assert httpx.get(endpoint, params={"format": "html"}, timeout=30).headers["content-type"].startswith("text/html")
