"""/rdf, /id/{type}/{key}, /context.jsonld and /.well-known/void over real HTTP."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.http import export_files
from stratagraph.http.entity_words import FIELD_WORDS, RELATION_WORDS
from stratagraph.model.records import Batch, Citation, Kind, Label, Node
from stratagraph.settings import DEFAULT_BASE_IRI
from tests.stratagraph.http.live import serve

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SG = "https://w3id.org/stratagraph/ontology#"
VOID = "http://rdfs.org/ns/void#"
A = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
AGENCY = "id/agency/cuc-bao-chi"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rdf-store")


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[str]:
    with serve(data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as the_client:
        yield the_client


def parse(response: httpx.Response, syntax: str, client: httpx.Client) -> Graph:
    if syntax == "json-ld":
        document = response.json()
        assert document["@context"] == f"{DEFAULT_BASE_IRI}context.jsonld"
        document["@context"] = client.get("/context.jsonld").json()["@context"]
        return Graph().parse(data=json.dumps(document), format="json-ld")
    return Graph().parse(data=response.content, format=syntax)


@pytest.fixture(scope="module")
def whole(client: httpx.Client) -> Graph:
    return Graph().parse(data=client.get("/rdf", params={"format": "nt"}).content, format="nt")


# ---------------------------------------------------------------------------
# /rdf
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type", "syntax"),
    [
        (None, "text/turtle", "turtle"),
        ("*/*", "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/rdf+xml;q=0.5, text/turtle;q=0.9", "text/turtle", "turtle"),
        ("application/n-triples, text/turtle;q=0.2", "application/n-triples", "nt"),
    ],
)
def test_rdf_is_negotiated(
    client: httpx.Client, whole: Graph, accept: str | None, media_type: str, syntax: str
) -> None:
    response = client.get("/rdf", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in {v.strip() for v in response.headers["vary"].split(",")}  # and Origin: CORS
    assert isomorphic(parse(response, syntax, client), whole)


def test_format_parameter_overrides_accept(client: httpx.Client) -> None:
    response = client.get("/rdf", params={"format": "nt"}, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("application/n-triples")
    assert client.get("/rdf", params={"format": "yaml"}).status_code == 400


def test_nothing_acceptable_is_406(client: httpx.Client) -> None:
    response = client.get("/rdf", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "xml"])
def test_the_whole_graph_is_sent_as_a_file_with_its_length(client: httpx.Client, fmt: str) -> None:
    plain = {"Accept-Encoding": "identity"}
    first = client.get("/rdf", params={"format": fmt}, headers=plain)
    assert first.headers.get("transfer-encoding") is None
    assert "content-encoding" not in first.headers
    assert int(first.headers["content-length"]) == len(first.content) > 10_000
    again = client.get("/rdf", params={"format": fmt}, headers=plain)
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    head = client.head("/rdf", params={"format": fmt}, headers=plain)
    assert head.headers["content-length"] == first.headers["content-length"]


@pytest.mark.parametrize("accepted", ["gzip", "gzip, deflate, br", "deflate, *", "x-gzip", "identity, gzip;q=0.5"])
def test_the_whole_graph_is_sent_gzipped_to_a_client_that_accepts_it(client: httpx.Client, accepted: str) -> None:
    plain = client.get("/rdf", params={"format": "nt"}, headers={"Accept-Encoding": "identity"})
    with client.stream("GET", "/rdf", params={"format": "nt"}, headers={"Accept-Encoding": accepted}) as packed:
        raw = b"".join(packed.iter_raw())
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) == len(raw) < len(plain.content) // 10
    assert gzip.decompress(raw) == plain.content
    assert packed.headers["vary"] == plain.headers["vary"] == "Accept, Accept-Encoding"
    assert packed.headers["etag"] != plain.headers["etag"], "another representation, another tag"
    unchanged = client.get(
        "/rdf", params={"format": "nt"}, headers={"Accept-Encoding": accepted, "If-None-Match": packed.headers["etag"]}
    )
    assert unchanged.status_code == 304


@pytest.mark.parametrize("refused", ["identity", "gzip;q=0", "*;q=0", "br", "gzip;q=0, *"])
def test_the_whole_graph_is_sent_as_is_to_a_client_that_does_not_accept_gzip(
    client: httpx.Client, refused: str
) -> None:
    with client.stream("GET", "/rdf", params={"format": "ttl"}, headers={"Accept-Encoding": refused}) as answer:
        raw = b"".join(answer.iter_raw())
    assert "content-encoding" not in answer.headers
    assert raw.startswith(b"@prefix")


def test_a_large_whole_graph_is_sent_from_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_files, "IN_MEMORY", 1000)
    plain = {"Accept-Encoding": "identity"}
    with serve(tmp_path) as url, httpx.Client(base_url=url, timeout=60, headers=plain) as client:
        whole = client.get("/rdf", params={"format": "nt"})
        assert int(whole.headers["content-length"]) == len(whole.content) > 1000
        assert whole.headers["accept-ranges"] == "bytes"
        part = client.get("/rdf", params={"format": "nt"}, headers={"Range": "bytes=0-99"})
        assert part.status_code == 206
        assert part.content == whole.content[:100]
        assert (
            client.get("/rdf", params={"format": "nt"}, headers={"If-None-Match": whole.headers["etag"]}).status_code
            == 304
        )


def test_a_slice_is_streamed(client: httpx.Client) -> None:
    with client.stream("GET", "/rdf", params={"format": "nt", "plan": "ke-hoach-hanh-dong-781"}) as response:
        assert response.headers.get("transfer-encoding") == "chunked"
        assert "content-length" not in response.headers
        assert b"".join(response.iter_raw())


def test_unchanged_data_is_not_sent_again(client: httpx.Client) -> None:
    first = client.get("/rdf")
    etag = first.headers["etag"]
    again = client.get("/rdf", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get("/rdf", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    other = client.get("/rdf", params={"format": "nt"}, headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["etag"] != etag


def test_slices_and_unknown_slices(client: httpx.Client) -> None:
    plan = client.get("/rdf", params={"plan": "ke-hoach-hanh-dong-781", "format": "nt"})
    graph = Graph().parse(data=plan.content, format="nt")
    assert (URIRef(f"{DEFAULT_BASE_IRI}id/plan/ke-hoach-hanh-dong-781"), A, URIRef(SG + "Plan")) in graph
    assert client.get("/rdf", params={"agency": "khong-co"}).status_code == 404
    assert client.get("/rdf", params={"plan": "a", "agency": "b"}).status_code == 400


def test_an_agency_slice_by_abbreviation_is_the_slice_by_id(client: httpx.Client) -> None:
    by_id = client.get("/rdf", params={"agency": "agency/cuc-bao-chi", "format": "nt"})
    by_abbreviation = client.get("/rdf", params={"agency": "CBC", "format": "nt"})
    assert by_abbreviation.status_code == 200
    assert by_abbreviation.content == by_id.content
    assert "stratagraph-agency-cuc-bao-chi" in by_abbreviation.headers["content-disposition"]
    typo = client.get("/rdf", params={"agency": "Cuc Bao Chj"})
    assert typo.status_code == 404
    assert "did you mean 'Cục Báo chí' (agency/cuc-bao-chi)" in typo.text


@pytest.mark.parametrize("plan", ["ke-hoach-hanh-dong-781", "plan/ke-hoach-hanh-dong-781"])
def test_a_slice_is_offered_under_a_file_name_without_slashes(client: httpx.Client, plan: str) -> None:
    response = client.get("/rdf", params={"plan": plan, "format": "nt"})
    assert response.headers["content-disposition"] == 'inline; filename="stratagraph-plan-ke-hoach-hanh-dong-781.nt"'


# ---------------------------------------------------------------------------
# /id/{type}/{key}
# ---------------------------------------------------------------------------


def test_a_browser_gets_a_page_with_properties_relations_and_sources(client: httpx.Client) -> None:
    response = client.get(f"/{AGENCY}", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in {v.strip() for v in response.headers["vary"].split(",")}  # and Origin: CORS
    page = response.text
    assert "<h1>Cục Báo chí</h1>" in page
    assert 'href="/id/agency/bo-tttt"' in page
    assert 'href="/id/task/' in page
    assert 'href="/id/document/' in page
    assert "Trực thuộc" in page
    assert "PART_OF" not in page
    assert "Loại cơ quan" in page
    assert "agencyType" not in page
    assert '<a href="/agencies/cuc-bao-chi">' in page  # its page of pictures
    assert 'href="/agencies/bo-tttt"' in page
    assert 'href="/tasks/' in page
    formats = page.split('<ul class="formats">')[1].split("</ul>")[0]
    assert formats.count("<li>") == 4
    assert f'href="{DEFAULT_BASE_IRI}{AGENCY}?format=ttl"' in formats
    assert f'<link rel="alternate" type="text/turtle" href="{DEFAULT_BASE_IRI}{AGENCY}?format=ttl">' in page
    assert "2025-01-01 – …" in page
    assert "<script" not in page
    assert "http://" not in page.split("<body>")[1].replace(DEFAULT_BASE_IRI, "")


def test_an_rdf_client_gets_the_description(client: httpx.Client) -> None:
    response = client.get(f"/{AGENCY}", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.headers["content-location"] == f"{DEFAULT_BASE_IRI}{AGENCY}?format=ttl"
    graph = Graph().parse(data=response.content, format="turtle")
    subject = URIRef(DEFAULT_BASE_IRI + AGENCY)
    assert (subject, URIRef(SG + "nameVi"), Literal("Cục Báo chí", lang="vi")) in graph
    assert (
        subject,
        URIRef(SG + "partOf"),
        URIRef(f"{DEFAULT_BASE_IRI}id/agency/bo-tttt"),
    ) in graph
    assert any(graph.subjects(URIRef(SG + "leads"), None))


def test_a_format_parameter_gets_rdf_even_in_a_browser(client: httpx.Client) -> None:
    response = client.get(f"/{AGENCY}", params={"format": "jsonld"}, headers={"Accept": BROWSER})
    assert response.headers["content-type"] == "application/ld+json"
    assert len(parse(response, "json-ld", client)) > 50


def test_unknown_entities_are_404(client: httpx.Client) -> None:
    assert client.get("/id/agency/khong-co", headers={"Accept": BROWSER}).status_code == 404
    assert client.get("/id/agency/khong-co", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/country/viet-nam").status_code == 404


def test_an_entity_answers_304_when_unchanged(client: httpx.Client) -> None:
    etag = client.get(f"/{AGENCY}", headers={"Accept": BROWSER}).headers["etag"]
    assert client.get(f"/{AGENCY}", headers={"Accept": BROWSER, "If-None-Match": etag}).status_code == 304
    assert client.get(f"/{AGENCY}", headers={"Accept": "text/turtle", "If-None-Match": etag}).status_code == 200


def test_every_entity_of_the_dump_dereferences(client: httpx.Client, whole: Graph) -> None:
    entities = {str(s) for s in whole.subjects(A, URIRef(SG + "Task"))}
    for iri in sorted(entities)[:10]:
        path = iri.removeprefix(DEFAULT_BASE_IRI)
        assert client.get(f"/{path}", headers={"Accept": "application/n-triples"}).status_code == 200


# ---------------------------------------------------------------------------
# /context.jsonld and /.well-known/void
# ---------------------------------------------------------------------------


def test_the_context_is_served(client: httpx.Client) -> None:
    response = client.get("/context.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    assert response.json()["@context"]["partOf"] == {"@id": "sg:partOf", "@type": "@id"}
    assert client.get("/context.jsonld", headers={"If-None-Match": response.headers["etag"]}).status_code == 304


def test_void_describes_the_dataset(client: httpx.Client, whole: Graph) -> None:
    response = client.get("/.well-known/void")
    assert response.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=response.content, format="turtle")
    dataset = URIRef(f"{DEFAULT_BASE_IRI}.well-known/void#dataset")
    assert (dataset, A, URIRef(VOID + "Dataset")) in void
    assert (dataset, URIRef(VOID + "triples"), Literal(len(whole), datatype=INTEGER)) in void
    assert (dataset, URIRef(VOID + "sparqlEndpoint"), URIRef(f"{DEFAULT_BASE_IRI}sparql")) in void
    assert (dataset, URIRef(VOID + "dataDump"), URIRef(f"{DEFAULT_BASE_IRI}rdf?format=nt")) in void
    assert (dataset, URIRef(VOID + "vocabulary"), URIRef("http://www.w3.org/ns/org#")) in void
    tasks = next(
        p
        for p in void.objects(dataset, URIRef(VOID + "classPartition"))
        if (p, URIRef(VOID + "class"), URIRef(SG + "Task")) in void
    )
    assert void.value(tasks, URIRef(VOID + "entities")) == Literal(58, datatype=INTEGER)
    assert client.get("/.well-known/void", params={"format": "jsonld"}).headers["content-type"] == "application/ld+json"


DCTERMS = "http://purl.org/dc/terms/"


def void_of(client: httpx.Client) -> tuple[Graph, URIRef]:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle"), URIRef(f"{DEFAULT_BASE_IRI}.well-known/void#dataset")


def test_void_starts_from_resources_that_dereference(client: httpx.Client, whole: Graph) -> None:
    """void:rootResource and void:exampleResource name entities (the strategy at the top), not the dump."""
    void, dataset = void_of(client)
    roots = set(void.objects(dataset, URIRef(VOID + "rootResource")))
    examples = set(void.objects(dataset, URIRef(VOID + "exampleResource")))
    strategy = URIRef(f"{DEFAULT_BASE_IRI}id/plan/chien-luoc-cds-bao-chi")
    assert strategy in roots
    assert URIRef(f"{DEFAULT_BASE_IRI}rdf") not in roots
    assert (strategy, A, URIRef(SG + "Plan")) in whole
    assert not any((root, URIRef(SG + "implements"), None) in whole for root in roots)
    assert {str(whole.value(e, A)).removeprefix(SG) for e in examples} >= {"Plan", "Task", "Agency", "Indicator"}
    for resource in roots | examples:
        response = client.get(
            str(resource).removeprefix(DEFAULT_BASE_IRI.rstrip("/")), headers={"Accept": "text/turtle"}
        )
        assert response.status_code == 200, resource
        assert (resource, None, None) in Graph().parse(data=response.content, format="turtle")


def test_void_states_licence_publisher_and_modification(client: httpx.Client) -> None:
    void, dataset = void_of(client)
    assert void.value(dataset, URIRef(DCTERMS + "license")) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    publisher = void.value(dataset, URIRef(DCTERMS + "publisher"))
    assert publisher == URIRef(DEFAULT_BASE_IRI)
    assert void.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name")) == Literal("stratagraph")
    modified = void.value(dataset, URIRef(DCTERMS + "modified"))
    assert isinstance(modified, Literal)
    assert modified.datatype == URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
    assert abs(datetime.now(UTC) - modified.toPython()) < timedelta(days=1)


def test_void_licence_and_publisher_are_settings(tmp_path: Path) -> None:
    settings = {
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "publisher": "https://mic.gov.vn/",
        "publisher_name": "Bộ Thông tin và Truyền thông",
    }
    with serve(tmp_path, **settings) as url, httpx.Client(base_url=url, timeout=60) as in_process:
        void, dataset = void_of(in_process)
    assert void.value(dataset, URIRef(DCTERMS + "license")) == URIRef(
        "https://creativecommons.org/publicdomain/zero/1.0/"
    )
    publisher = URIRef("https://mic.gov.vn/")
    assert void.value(dataset, URIRef(DCTERMS + "publisher")) == publisher
    assert void.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name")) == Literal("Bộ Thông tin và Truyền thông")


# ---------------------------------------------------------------------------
# The data changes under a running server
# ---------------------------------------------------------------------------


async def add_agency(path: Path) -> None:
    """Write through a second store instance on the server's file, as ``stratagraph load`` would."""
    store = open_store("embedded", path=path)
    await store.open()
    try:
        source = Citation("document/qd-781-2023-btttt", "Mục IV", Kind.VERBATIM)
        node = Node("agency/don-vi-moi", Label.AGENCY, {"nameVi": "Đơn vị mới", "agencyType": "centre"}, (source,))
        await store.write(Batch.of([node]))
    finally:
        await store.close()


def test_a_write_changes_the_etag_and_the_answers(client: httpx.Client, data_dir: Path) -> None:
    etag = client.get("/rdf").headers["etag"]
    asyncio.run(add_agency(data_dir / "stratagraph.sqlite3"))
    response = client.get("/rdf", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["etag"] != etag
    assert client.get("/id/agency/don-vi-moi", headers={"Accept": "text/turtle"}).status_code == 200


def test_an_entity_in_turtle_lists_objects_of_one_predicate_together(client: httpx.Client) -> None:
    body = client.get(f"/{AGENCY}", headers={"Accept": "text/turtle"}).text
    assert f"<{DEFAULT_BASE_IRI}{AGENCY}> a sg:Agency , " in body
    assert Graph().parse(data=body, format="turtle")


async def test_every_stored_field_and_relation_has_words(bundled_store: Store) -> None:
    """The entity pages never fall back to a stored name (``agencyType``) for the dataset's fields."""
    names = {name for label in Label for node in await bundled_store.find(label) for name in node.props}
    assert names - {"nameVi"} <= set(FIELD_WORDS), sorted(names - {"nameVi"} - set(FIELD_WORDS))
    assert {edge.type for edge in await bundled_store.edges()} <= set(RELATION_WORDS)


# ---------------------------------------------------------------------------
# content negotiation as real clients ask (RFC 9110: quality, then specificity)
# ---------------------------------------------------------------------------

RAPTOR = (  # `rapper -g` 2.0.15, as it sent it to a loopback listener
    "application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, text/turtle, "
    "application/x-turtle, application/turtle, text/n3;q=0.3, text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, "
    "application/x-trig, application/rss;q=0.8, application/rss+xml;q=0.8, text/rss;q=0.8, application/xml;q=0.3, "
    "text/xml;q=0.3, application/atom+xml;q=0.3, text/html;q=0.2, application/xhtml+xml;q=0.4, text/html;q=0.6, "
    "application/xhtml+xml;q=0.8, application/json;q=0.1, text/json;q=0.1, text/x-nquads, */*;q=0.1"
)
RDFLIB = (  # rdflib 7 Graph().parse(url), as sent
    "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, application/n-quads, "
    "application/trix, application/trig"
)
CHROMIUM = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (RAPTOR, "text/turtle"),  # RDF/XML, N-Triples and Turtle all at 1: our order of preference
        (RDFLIB, "text/turtle"),
        ("application/turtle,text/turtle", "text/turtle"),  # SPARQLWrapper asking for Turtle
        ("*/*", "text/turtle"),  # curl
        (CHROMIUM, "text/html"),
        (FIREFOX, "text/html"),
        ("text/turtle, text/html;q=0.1", "text/turtle"),
        ("text/html;q=0.1, text/turtle", "text/turtle"),
        ("text/html, text/turtle;q=0.5", "text/html"),
        ("text/*;q=0.9, text/html;q=0.1", "text/turtle"),  # text/html's own range decides its weight
        ("application/n-triples;q=0.9, text/html;q=0.8", "application/n-triples"),
    ],
    ids=["raptor", "rdflib", "sparqlwrapper", "curl", "chromium", "firefox", "q-values", "order-free", "html-first",
         "specific-range", "n-triples"],
)  # fmt: skip
def test_an_entity_is_negotiated_by_quality_then_specificity(
    client: httpx.Client, accept: str, media_type: str
) -> None:
    response = client.get(f"/{AGENCY}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


def test_rapper_reads_an_entity_iri_over_loopback(server: str) -> None:
    """Raptor's ``rapper -g`` (Debian's raptor2-utils) on an entity IRI gets RDF: it got the HTML page (0 triples)."""
    rapper = shutil.which("rapper")
    assert rapper is not None, "install Debian's raptor2-utils (apt-get install raptor2-utils) for this test"
    result = subprocess.run(
        [rapper, "-g", "-c", f"{server}/{AGENCY}"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    counted = re.search(r"returned (\d+) triples", result.stderr)
    assert counted is not None, result.stderr
    description = Graph().parse(data=httpx.get(f"{server}/{AGENCY}?format=nt").content, format="nt")
    assert int(counted[1]) == len(description) > 100


def links(response: httpx.Response) -> dict[str, str]:
    """The ``Link`` header's ``rel="alternate"`` targets, by ``type``."""
    found: dict[str, str] = {}
    for link in response.headers["link"].split(", <"):
        target, *params = link.split(";")
        values = dict(p.strip().split("=", 1) for p in params)
        assert values["rel"] == '"alternate"'
        found[values["type"].strip('"')] = target.strip().strip("<>")
    return found


def test_an_entity_links_its_other_representations(client: httpx.Client) -> None:
    iri = f"{DEFAULT_BASE_IRI}{AGENCY}"
    expected = {
        "text/turtle": f"{iri}?format=ttl",
        "application/ld+json": f"{iri}?format=jsonld",
        "application/n-triples": f"{iri}?format=nt",
        "application/rdf+xml": f"{iri}?format=xml",
        "text/html": f"{iri}?format=html",
    }
    for accept in ("text/turtle", BROWSER):
        assert links(client.get(f"/{AGENCY}", headers={"Accept": accept})) == expected
    for media_type, url in expected.items():
        response = client.get(url.removeprefix(DEFAULT_BASE_IRI.rstrip("/")))
        assert response.headers["content-type"].split(";")[0] == media_type
        assert response.headers["content-location"] == url


def test_the_rdf_documents_link_their_other_formats(client: httpx.Client) -> None:
    whole = links(client.get("/rdf", headers={"Accept": "text/turtle"}))
    assert whole["application/n-triples"] == f"{DEFAULT_BASE_IRI}rdf?format=nt"
    assert set(whole) == {"text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"}
    plan = links(client.get("/rdf", params={"plan": "ke-hoach-hanh-dong-781"}))
    assert plan["application/rdf+xml"] == f"{DEFAULT_BASE_IRI}rdf?plan=ke-hoach-hanh-dong-781&format=xml"


def test_behind_a_path_prefix_links_and_locations_are_built_from_the_base(tmp_path: Path) -> None:
    """``STRATAGRAPH_BASE_IRI=https://data.example.org/strata/``: links were root-relative (``/id/…``) and broke."""
    base = "https://data.example.org/strata/"
    with serve(tmp_path, base_iri=base) as url:
        page = httpx.get(f"{url}/{AGENCY}", headers={"Accept": BROWSER}, timeout=60)
        turtle = httpx.get(f"{url}/{AGENCY}", headers={"Accept": "text/turtle"}, timeout=60)
    body = page.text.split("<body>")[1]
    assert 'href="/strata/id/agency/bo-tttt"' in body
    assert '<a href="/strata/agencies/cuc-bao-chi">' in body
    assert '<a href="/strata/sparql">' in body
    assert re.findall(r'href="(/[^"]*)"', body), "links are there"
    assert all(link.startswith("/strata/") for link in re.findall(r'href="(/[^"]*)"', body))
    assert turtle.headers["content-location"] == f"{base}{AGENCY}?format=ttl"
    assert links(turtle)["text/html"] == f"{base}{AGENCY}?format=html"
