"""/ontology and /shapes over real HTTP, read by clients this project did not write.

rdflib, Raptor's ``rapper`` and serd's ``serdi`` (Debian's, installed by ``make
linked-data-tools``) parse each RDF syntax; pyld, the JSON-LD reference
processor's Python port, expands the JSON-LD with a document loader that reaches
loopback only; the HTML page lists every term with its Vietnamese and English words.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from stratagraph.ontology.publication import Vocabulary
from stratagraph.ontology.vocab import NAMESPACE, ONTOLOGY_IRI, VERSION, ontology_graph, shapes_graph
from stratagraph.settings import DEFAULT_BASE_IRI
from tests.stratagraph.http.live import serve

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RAPTOR = "application/rdf+xml, text/turtle, application/x-turtle, application/n-triples, text/html;q=0.6, */*;q=0.1"
SYNTAXES = [
    ("text/turtle", "turtle", "turtle"),
    ("application/rdf+xml", "xml", "rdfxml"),
    ("application/n-triples", "nt", "ntriples"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("vocabulary-store")) as url:
        yield url


def reference(vocabulary: Vocabulary) -> Graph:
    return ontology_graph() if vocabulary is Vocabulary.ONTOLOGY else shapes_graph()


@pytest.mark.parametrize("vocabulary", list(Vocabulary))
@pytest.mark.parametrize(("accept", "rdflib_format", "_raptor"), SYNTAXES)
def test_each_syntax_is_the_vocabulary(
    server: str, vocabulary: Vocabulary, accept: str, rdflib_format: str, _raptor: str
) -> None:
    response = httpx.get(f"{server}/{vocabulary.value}", headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert response.headers["vary"] == "Accept"
    assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), reference(vocabulary))


@pytest.mark.parametrize("vocabulary", list(Vocabulary))
@pytest.mark.parametrize(("accept", "_rdflib", "raptor_syntax"), SYNTAXES)
def test_rapper_and_serdi_read_what_is_served(
    server: str, tmp_path: Path, vocabulary: Vocabulary, accept: str, _rdflib: str, raptor_syntax: str
) -> None:
    for tool in ("rapper", "serdi"):
        assert shutil.which(tool), f"{tool} is missing: run `make linked-data-tools`"
    body = httpx.get(f"{server}/{vocabulary.value}", headers={"Accept": accept}, timeout=30).content
    path = tmp_path / "vocabulary"
    path.write_bytes(body)
    expected = len(reference(vocabulary))
    rapper = subprocess.run(
        ["rapper", "-q", "-i", raptor_syntax, "-o", "ntriples", str(path), vocabulary.iri],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert isomorphic(Graph().parse(data=rapper.stdout, format="nt"), reference(vocabulary))
    if raptor_syntax != "rdfxml":  # serd reads Turtle and N-Triples only
        serdi = subprocess.run(
            ["serdi", "-i", raptor_syntax, "-o", "ntriples", str(path)], capture_output=True, check=True, timeout=60
        )
        assert len(serdi.stdout.splitlines()) == expected


def test_rapper_dereferencing_the_ontology_gets_rdf(server: str) -> None:
    """``rapper -g URL`` fetches the URL itself, sending Raptor's own Accept (text/html;q=0.6 among RDF types)."""
    rapper = subprocess.run(
        ["rapper", "-q", "-g", "-o", "ntriples", f"{server}/ontology"], capture_output=True, check=True, timeout=60
    )
    assert isomorphic(Graph().parse(data=rapper.stdout, format="nt"), ontology_graph())


def test_raptors_accept_header_gets_rdf_and_a_browsers_gets_the_page(server: str) -> None:
    raptor = httpx.get(f"{server}/ontology", headers={"Accept": RAPTOR}, timeout=30)
    assert raptor.headers["content-type"].split(";")[0] in {
        "text/turtle",
        "application/rdf+xml",
        "application/n-triples",
    }
    for accept in (None, "*/*"):
        headers = {"Accept": accept} if accept else {}
        plain = httpx.get(f"{server}/ontology", headers=headers, timeout=30)
        assert plain.headers["content-type"].split(";")[0] == "text/turtle"
    page = httpx.get(f"{server}/ontology", headers={"Accept": BROWSER}, timeout=30)
    assert page.headers["content-type"] == "text/html; charset=utf-8"


def nothing_fetched(url: str, options: dict[str, Any]) -> dict[str, Any]:
    """A document loader for a document that should need none."""
    raise AssertionError(f"pyld asked for {url}")


def loader_for(server: str) -> Any:
    """pyld's document loader, reaching loopback only: the published base is answered by the test server."""

    def load(url: str, options: dict[str, Any]) -> dict[str, Any]:
        local = url.replace(DEFAULT_BASE_IRI, f"{server}/", 1)
        assert urlsplit(local).hostname in {"127.0.0.1", "localhost", "::1"}, f"pyld tried to reach {url}"
        response = httpx.get(local, headers={"Accept": "application/ld+json"}, timeout=30)
        response.raise_for_status()
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": response.json(),
        }

    return load


@pytest.mark.parametrize("vocabulary", list(Vocabulary))
def test_pyld_reads_the_json_ld_with_nothing_fetched(server: str, vocabulary: Vocabulary) -> None:
    """The vocabulary's JSON-LD carries its context inline: the loader is never asked for anything."""
    document = httpx.get(f"{server}/{vocabulary.value}", headers={"Accept": "application/ld+json"}, timeout=30).json()
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": nothing_fetched})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), reference(vocabulary))


def test_pyld_reads_an_entity_resolving_its_context_on_loopback(server: str) -> None:
    """An entity's JSON-LD names ``{base}context.jsonld``; pyld resolves it through a loopback-only loader."""
    path = "/id/agency/cuc-bao-chi"
    document = httpx.get(f"{server}{path}", headers={"Accept": "application/ld+json"}, timeout=30).json()
    assert document["@context"] == f"{DEFAULT_BASE_IRI}context.jsonld"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader_for(server)})
    turtle = httpx.get(f"{server}{path}", headers={"Accept": "text/turtle"}, timeout=30).content
    assert isomorphic(Graph().parse(data=nquads, format="nt"), Graph().parse(data=turtle, format="turtle"))


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def terms(kind: URIRef) -> list[URIRef]:
    graph = ontology_graph()
    return [t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef) and str(t).startswith(NAMESPACE)]


def words(term: URIRef, prop: URIRef, lang: str) -> list[str]:
    return [str(o) for o in ontology_graph().objects(term, prop) if isinstance(o, Literal) and o.language == lang]


def test_the_page_lists_every_class_and_property_with_both_languages(server: str) -> None:
    page = httpx.get(f"{server}/ontology", headers={"Accept": BROWSER}, timeout=30).text
    listed = [*terms(OWL.Class), *terms(OWL.ObjectProperty), *terms(OWL.DatatypeProperty)]
    assert len(listed) > 80
    for term in listed:
        local = str(term).removeprefix(NAMESPACE)
        section = page.split(f'<section class="term" id="{local}">', 1)[1].split("</section>", 1)[0]
        for lang in ("vi", "en"):
            for text in [*words(term, RDFS.label, lang), *words(term, SKOS.definition, lang)]:
                assert escape(text) in section, (local, lang, text)


def test_every_class_and_property_is_defined_in_vietnamese_and_english() -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    missing = [
        f"{term} @{lang}"
        for term in [term for kind in kinds for term in terms(kind)]
        for lang in ("vi", "en")
        if len(words(term, SKOS.definition, lang)) != 1
    ]
    assert missing == []


def test_the_version_iri_dereferences_and_other_versions_are_404(server: str) -> None:
    current = httpx.get(f"{server}/ontology/{VERSION}", headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=current.content, format="turtle")
    assert (ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{VERSION}")) in graph
    other = httpx.get(f"{server}/ontology/0.0.1", timeout=30)
    assert other.status_code == 404
    assert f"{ONTOLOGY_IRI}/{VERSION}" in other.text


def test_the_shapes_page_lists_every_shape_with_its_messages(server: str) -> None:
    page = httpx.get(f"{server}/shapes", headers={"Accept": BROWSER}, timeout=30).text
    named = {s for s in shapes_graph().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert page.count('<section class="term"') == len(named)
    assert "an agency&#x27;s IRI must end in /id/agency/{key}" in page


def test_unknown_format_is_400_and_nothing_acceptable_406(server: str) -> None:
    assert httpx.get(f"{server}/ontology", params={"format": "docx"}, timeout=30).status_code == 400
    assert httpx.get(f"{server}/ontology", headers={"Accept": "image/png"}, timeout=30).status_code == 406


def test_the_pages_link_under_the_base_iri(tmp_path: Path) -> None:
    """Behind a path prefix every link of the pages still lands: none is root-relative."""
    base = "https://data.example.org/strata/"
    with serve(tmp_path, base_iri=base) as url:
        pages = [httpx.get(f"{url}/{v.value}", headers={"Accept": BROWSER}, timeout=30).text for v in Vocabulary]
    for page in pages:
        assert 'href="/' not in page
        assert f'href="{base}ontology#Agency"' in page
        assert f'href="{base}sparql"' in page
