"""/sparql with a real SPARQL client (SPARQLWrapper) against the service on uvicorn over loopback.

GET, form POST and direct POST; SELECT, ASK, CONSTRUCT and DESCRIBE; JSON, XML,
CSV and TSV results; updates refused; the time limit; answers in step with the
store's version.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
import urllib.error
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from stratagraph.graph.open import open_store
from stratagraph.http.sparql_endpoint import DESCRIBE_AND_DEREFERENCING
from stratagraph.model.records import Batch, Citation, Kind, Label, Node
from stratagraph.settings import DEFAULT_BASE_IRI
from tests.stratagraph.http.live import serve

# SPARQLWrapper and rdflib use rdflib's deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

PREFIX = "PREFIX sg: <https://w3id.org/stratagraph/ontology#>\n"
LEADS_OF_PRESS_DEPARTMENT = (
    PREFIX
    + """SELECT ?task ?name WHERE {
    <http://127.0.0.1:8000/id/agency/cuc-bao-chi> sg:leads ?task .
    ?task sg:nameVi ?name .
} ORDER BY ?task"""
)
TIME_LIMIT = 2.0


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sparql-store")


@pytest.fixture(scope="module")
def endpoint(data_dir: Path) -> Iterator[str]:
    with serve(data_dir, sparql_timeout=TIME_LIMIT, sparql_workers=2) as url:
        yield f"{url}/sparql"


def client(endpoint: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def names(result: Any) -> list[str]:
    return [b["name"]["value"] for b in result["results"]["bindings"]]


# ---------------------------------------------------------------------------
# Query forms and transports
# ---------------------------------------------------------------------------


def test_select_by_get(endpoint: str) -> None:
    result = client(endpoint, LEADS_OF_PRESS_DEPARTMENT).queryAndConvert()
    assert isinstance(result, dict)
    assert result["head"]["vars"] == ["task", "name"]
    assert len(names(result)) >= 3
    assert all(b["task"]["value"].startswith(DEFAULT_BASE_IRI + "id/task/") for b in result["results"]["bindings"])


def test_select_by_form_post(endpoint: str) -> None:
    sparql = client(endpoint, LEADS_OF_PRESS_DEPARTMENT)
    sparql.setMethod(POST)
    result = sparql.queryAndConvert()
    assert isinstance(result, dict)
    assert names(result) == names(client(endpoint, LEADS_OF_PRESS_DEPARTMENT).queryAndConvert())


def test_select_by_direct_post(endpoint: str) -> None:
    sparql = client(endpoint, LEADS_OF_PRESS_DEPARTMENT)
    sparql.setMethod(POST)
    sparql.setRequestMethod(POSTDIRECTLY)
    result = sparql.queryAndConvert()
    assert isinstance(result, dict)
    assert names(result) == names(client(endpoint, LEADS_OF_PRESS_DEPARTMENT).queryAndConvert())


def test_ask(endpoint: str) -> None:
    yes = client(endpoint, PREFIX + "ASK { ?a sg:partOf ?b }").queryAndConvert()
    no = client(endpoint, PREFIX + "ASK { ?a sg:partOf ?a }").queryAndConvert()
    assert yes == {"head": {}, "boolean": True}
    assert no == {"head": {}, "boolean": False}


def test_construct_as_turtle_and_as_rdf_xml(endpoint: str) -> None:
    query = (
        PREFIX
        + "CONSTRUCT { ?unit <http://www.w3.org/ns/org#subOrganizationOf> ?parent } WHERE { ?unit sg:partOf ?parent }"
    )
    turtle = client(endpoint, query, TURTLE).queryAndConvert()
    assert isinstance(turtle, bytes)
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 20
    as_xml = client(endpoint, query, XML).queryAndConvert()
    assert isinstance(as_xml, Graph)
    assert len(as_xml) == len(graph)


def test_describe(endpoint: str) -> None:
    graph = client(endpoint, f"DESCRIBE <{DEFAULT_BASE_IRI}id/agency/cuc-bao-chi>", TURTLE).queryAndConvert()
    assert isinstance(graph, bytes)
    parsed = Graph().parse(data=graph, format="turtle")
    assert (URIRef(f"{DEFAULT_BASE_IRI}id/agency/cuc-bao-chi"), None, None) in parsed


def test_describe_is_the_entitys_own_statements_and_the_service_description_says_how_it_differs(
    endpoint: str,
) -> None:
    """DESCRIBE gave 35 triples for Cục Báo chí where dereferencing gave 341, and nothing said why."""
    iri = URIRef(f"{DEFAULT_BASE_IRI}id/agency/cuc-bao-chi")
    query = f"DESCRIBE <{iri}>"
    described = Graph().parse(data=client(endpoint, query, TURTLE).queryAndConvert(), format="turtle")
    served = endpoint.removesuffix("/sparql")
    dereferenced = Graph().parse(data=httpx.get(f"{served}/id/agency/cuc-bao-chi?format=nt").content, format="nt")
    assert set(described) == set(dereferenced.triples((iri, None, None)))
    assert len(dereferenced) > len(described) > 20
    assert any(s != iri for s in dereferenced.subjects()), "fragments and other records' relations"
    description = Graph().parse(data=httpx.get(endpoint, headers={"Accept": "text/turtle"}).content, format="turtle")
    (comment,) = description.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))
    assert str(comment) == DESCRIBE_AND_DEREFERENCING
    assert "DESCRIBE <iri> answers the statements whose subject is the IRI" in str(comment)


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_select_results_in_xml_csv_tsv(endpoint: str, fmt: str) -> None:
    raw = client(endpoint, LEADS_OF_PRESS_DEPARTMENT, fmt).query()
    content_type = raw.info()["content-type"]
    body = raw.response.read().decode()
    expected = names(client(endpoint, LEADS_OF_PRESS_DEPARTMENT).queryAndConvert())
    if fmt == XML:
        assert content_type.startswith("application/sparql-results+xml")
        assert all(name in body for name in expected)
    else:
        delimiter = "," if fmt == CSV else "\t"
        assert content_type.startswith("text/csv" if fmt == CSV else "text/tab-separated-values")
        rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
        assert rows[0] == (["task", "name"] if fmt == CSV else ["?task", "?name"])
        assert len(rows) - 1 == len(expected)


# ---------------------------------------------------------------------------
# What is refused
# ---------------------------------------------------------------------------


def test_updates_are_refused(endpoint: str) -> None:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(PREFIX + 'INSERT DATA { <urn:x> sg:nameVi "x"@vi }')
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    assert "read-only" in caught.value.read().decode()


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("POST", {"content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}),
        ("GET", {"params": {"query": "# delete everything\nPREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }"}}),
        ("GET", {"params": {"update": "DROP ALL"}}),
        (
            "POST",
            {"content": b"LOAD <http://example.org/x.ttl>", "headers": {"Content-Type": "application/sparql-query"}},
        ),
    ],
    ids=["sparql-update-body", "update-as-query", "update-parameter", "load-as-direct-query"],
)
def test_every_way_of_sending_an_update_is_refused(endpoint: str, method: str, kwargs: dict[str, Any]) -> None:
    response = httpx.request(method, endpoint, timeout=30, **kwargs)
    assert response.status_code == 403


def test_a_malformed_query_is_400(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed) as caught:
        client(endpoint, "SELECT * WHERE { ?s ?p }").query()
    assert "does not parse" in str(caught.value)


def test_a_query_using_an_undeclared_prefix_is_told_the_line_to_add(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "SELECT ?task WHERE { ?a sg:leads ?task }"}, timeout=30)
    assert response.status_code == 400
    assert 'line 1, column 25: the prefix "sg:" is not declared' in response.text
    assert "PREFIX sg: <https://w3id.org/stratagraph/ontology#>" in response.text


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b"query=x", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"params": {"query": "ASK {}", "default-graph-uri": "urn:g"}}, 400),
        ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ],
    ids=["content-type", "dataset", "two-queries"],
)
def test_protocol_errors(endpoint: str, kwargs: dict[str, Any], status: int) -> None:
    method = "POST" if "content" in kwargs else "GET"
    assert httpx.request(method, endpoint, timeout=30, **kwargs).status_code == status


def test_nothing_acceptable_is_406(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"}, timeout=30)
    assert response.status_code == 406


# ---------------------------------------------------------------------------
# Time limit, versions, description
# ---------------------------------------------------------------------------


def test_a_query_past_the_time_limit_is_stopped_and_the_endpoint_recovers(endpoint: str) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as caught:
        client(endpoint, runaway).query()
    elapsed = time.monotonic() - started
    assert caught.value.code == 503
    assert f"longer than the {TIME_LIMIT:g} s limit" in caught.value.read().decode()
    assert TIME_LIMIT <= elapsed < TIME_LIMIT + 5
    assert client(endpoint, PREFIX + "ASK { ?a sg:leads ?t }").queryAndConvert() == {"head": {}, "boolean": True}


async def add_agency(path: Path) -> None:
    store = open_store("embedded", path=path)
    await store.open()
    try:
        source = Citation("document/qd-781-2023-btttt", "Mục IV", Kind.VERBATIM)
        node = Node(
            "agency/don-vi-sparql", Label.AGENCY, {"nameVi": "Đơn vị SPARQL", "agencyType": "centre"}, (source,)
        )
        await store.write(Batch.of([node]))
    finally:
        await store.close()


def test_answers_follow_the_data_version(endpoint: str, data_dir: Path) -> None:
    query = PREFIX + 'ASK { ?a sg:nameVi "Đơn vị SPARQL"@vi }'
    before = httpx.get(endpoint, params={"query": query}, timeout=30)
    assert before.json()["boolean"] is False
    etag = before.headers["etag"]
    assert httpx.get(endpoint, params={"query": query}, headers={"If-None-Match": etag}, timeout=30).status_code == 304
    asyncio.run(add_agency(data_dir / "stratagraph.sqlite3"))
    after = httpx.get(endpoint, params={"query": query}, headers={"If-None-Match": etag}, timeout=30)
    assert after.status_code == 200
    assert after.json()["boolean"] is True
    assert int(after.headers["x-stratagraph-data-version"]) == int(before.headers["x-stratagraph-data-version"]) + 1


def test_without_a_query_the_service_describes_itself(endpoint: str) -> None:
    description = httpx.get(endpoint, headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=description.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(f"{DEFAULT_BASE_IRI}sparql")) in graph
    page = httpx.get(endpoint, headers={"Accept": "text/html"}, timeout=30)
    assert page.headers["content-type"].startswith("text/html")
    assert '<form method="post" action="/sparql">' in page.text
    assert "<script" not in page.text


def test_the_html_form_posts_a_query(endpoint: str) -> None:
    response = httpx.post(endpoint, data={"query": LEADS_OF_PRESS_DEPARTMENT, "format": "csv"}, timeout=30)
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("task,name")


def test_a_browser_gets_the_results_as_a_table(endpoint: str) -> None:
    """The form posts format=html (its default): the results come back as a table under the same form."""
    form = httpx.get(endpoint, headers={"Accept": "text/html"}, timeout=30).text
    assert '<select id="format" name="format"><option value="html">' in form  # the first option: the default
    response = httpx.post(endpoint, data={"query": LEADS_OF_PRESS_DEPARTMENT, "format": "html"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    table = response.text.split('<table id="results">')[1].split("</table>")[0]
    as_csv = httpx.post(endpoint, data={"query": LEADS_OF_PRESS_DEPARTMENT, "format": "csv"}, timeout=30).text
    rows = as_csv.strip().splitlines()[1:]
    assert rows
    assert table.count("<tr>") == len(rows) + 1
    assert '<th scope="col">task</th><th scope="col">name</th>' in table
    assert 'href="/id/task/' in table  # this graph's IRIs open their entity pages
    assert escape(LEADS_OF_PRESS_DEPARTMENT) in response.text  # the query stays in the form
    assert "<script" not in response.text
    ask = httpx.post(endpoint, data={"query": "ASK { ?s ?p ?o }", "format": "html"}, timeout=30)
    assert '<p id="answer">Có (true)</p>' in ask.text
    broken = httpx.post(endpoint, data={"query": "SELECT WHERE {", "format": "html"}, timeout=30)
    assert broken.status_code == 400
    assert 'role="alert"' in broken.text
    assert "SELECT WHERE {" in broken.text
