"""The writer writes N-Triples and Turtle itself: every text reads back, with pyoxigraph and rdflib, as the value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, RdfFormat, parse
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral

from stratagraph.model.records import Citation, Edge, Kind, Label, Node, Rel
from stratagraph.ontology.formats import Format, chunks
from stratagraph.ontology.mapping import Mapped
from stratagraph.ontology.rdf_syntax import NTRIPLES, TextSyntax
from stratagraph.ontology.vocab import Lexical
from tests.ontology.conftest import BASE

NAME_VI = "https://w3id.org/stratagraph/ontology#nameVi"
LOCATOR = "https://w3id.org/stratagraph/ontology#locator"
TASK = f"{BASE}id/task/t"

texts = st.text(max_size=40)


def written(mapped: Mapped, fmt: Format) -> bytes:
    """The export's own text (``chunks`` streams it; ``to_bytes`` writes small Turtle with pyoxigraph)."""
    return b"".join(chunks(mapped, fmt))


def _document(text: str) -> Mapped:
    citation = Citation("document/d", f"mục {text}", Kind.INFERRED, note=text)
    return Mapped(
        [Node("document/d", Label.DOCUMENT, {"nameVi": "D"}, ()), Node("task/t", Label.TASK, {"nameVi": text}, ())],
        [Edge(Rel.DEPENDS_ON, "task/t", "task/t", {}, (citation,))],
        BASE,
    )


@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_text_reads_back_as_itself_with_pyoxigraph(text: str) -> None:
    for fmt, syntax in ((Format.NTRIPLES, RdfFormat.N_TRIPLES), (Format.TURTLE, RdfFormat.TURTLE)):
        data = written(_document(text), fmt)
        triples = [quad.triple for quad in parse(data, syntax)]
        assert Literal(text, language="vi") in {t.object for t in triples if t.predicate.value == NAME_VI}
        assert Literal(f"mục {text}") in {t.object for t in triples if t.predicate.value == LOCATOR}


@settings(max_examples=150, deadline=None)
@given(texts)
def test_any_text_reads_back_as_itself_with_rdflib(text: str) -> None:
    for fmt, name in ((Format.NTRIPLES, "nt"), (Format.TURTLE, "turtle")):
        graph = Graph().parse(data=written(_document(text), fmt), format=name)
        assert graph.value(URIRef(TASK), URIRef(NAME_VI)) == RDFLiteral(text, lang="vi")


def test_turtle_names_the_vocabulary_by_prefix_and_types_with_a() -> None:
    text = written(_document("x"), Format.TURTLE).decode()
    assert text.startswith("@prefix sg: <https://w3id.org/stratagraph/ontology#> .\n")
    assert f"<{TASK}> a sg:Task" in text
    assert '"x"@vi' in text
    assert "<https://w3id.org/stratagraph/ontology#" not in text.split("\n\n", 1)[1]


def test_n_triples_writes_every_iri_in_full_one_statement_a_line() -> None:
    lines = written(_document("x"), Format.NTRIPLES).decode().splitlines()
    assert f'<{TASK}> <{NAME_VI}> "x"@vi .' in lines
    assert all(line.startswith("<") and line.endswith(" .") for line in lines)


def test_a_literal_is_typed_tagged_or_plain() -> None:
    turtle = TextSyntax({"xsd": "http://www.w3.org/2001/XMLSchema#"})
    date = Lexical("2025-01-01", "http://www.w3.org/2001/XMLSchema#date")
    assert NTRIPLES.literal(date) == b'"2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert turtle.literal(date) == b'"2025-01-01"^^xsd:date'
    assert NTRIPLES.literal(Lexical("a", "http://www.w3.org/2001/XMLSchema#string")) == b'"a"'
    assert NTRIPLES.literal(Lexical("Báo", "", "vi")) == '"Báo"@vi'.encode()


def test_a_name_turtle_cannot_write_after_a_prefix_is_written_in_full() -> None:
    turtle = TextSyntax({"ex": "http://example.org/"})
    assert turtle.vocabulary("http://example.org/ok-name") == b"ex:ok-name"
    assert turtle.vocabulary("http://example.org/a.b") == b"<http://example.org/a.b>"
    assert turtle.vocabulary("http://example.org/1st") == b"<http://example.org/1st>"


@pytest.mark.parametrize("bad", ["task/has space", "task/a<b", 'task/a"b'])
def test_an_id_no_iri_can_hold_is_an_error_naming_it(bad: str) -> None:
    mapped = Mapped([Node(bad, Label.TASK, {"nameVi": "x"}, ())], [], BASE)
    with pytest.raises(ValueError, match=f"'{BASE}id/{bad}' is not a valid IRI"):
        written(mapped, Format.NTRIPLES)


def test_a_base_no_iri_can_start_with_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match="base IRI 'not a base/'"):
        Mapped([], [], "not a base/")


def test_statements_are_counted_as_written(small_mapped: Mapped) -> None:
    data = written(small_mapped, Format.NTRIPLES)
    assert small_mapped.statements == data.count(b"\n") == len(list(parse(data, RdfFormat.N_TRIPLES)))


@pytest.fixture
def small_mapped() -> Mapped:
    from tests.ontology.conftest import small_batch

    batch = small_batch()
    return Mapped(batch.nodes, batch.edges, BASE)


def test_entity_iris_are_named_nodes() -> None:
    triples = list(_document("x").triples())
    assert NamedNode(TASK) in {t.subject for t in triples}
