"""Records -> triples: the layout ontology/README.md promises, and what the alignments add."""

from __future__ import annotations

import dataclasses
import re
import threading

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from stratagraph.model.errors import QueryError
from stratagraph.model.records import Batch, Citation, Kind, Label, Node
from stratagraph.ontology.alignment import IMPLIED
from stratagraph.ontology.formats import Format, chunks, format_named, to_bytes
from stratagraph.ontology.jsonld import CONTEXT
from stratagraph.ontology.mapping import triples
from stratagraph.ontology.vocab import DATATYPE_PROPERTIES, RELATIONS, SG, to_lexical, to_literal
from tests.ontology.conftest import BASE, with_activity

# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


class View:
    """The exported triples of a batch, asked about by IRI strings."""

    def __init__(self, batch: Batch) -> None:
        self.triples = list(triples(batch.nodes, batch.edges, BASE))
        self.set = set(self.triples)

    def objects(self, subject: str, predicate: str) -> list[object]:
        return [
            t.object
            for t in self.triples
            if isinstance(t.subject, NamedNode) and t.subject.value == subject and t.predicate.value == predicate
        ]

    def iris(self, subject: str, predicate: str) -> set[str]:
        return {o.value for o in self.objects(subject, predicate) if isinstance(o, NamedNode)}

    def literals(self, subject: str, predicate: str) -> set[tuple[str, str | None, str]]:
        return {
            (o.value, o.language, o.datatype.value) for o in self.objects(subject, predicate) if isinstance(o, Literal)
        }

    def has(self, subject: str, predicate: str, obj: str) -> bool:
        return Triple(NamedNode(subject), NamedNode(predicate), NamedNode(obj)) in self.set


def sg(local: str) -> str:
    return str(SG[local])


def iri(node_id: str) -> str:
    return f"{BASE}id/{node_id}"


@pytest.fixture
def view(small: Batch) -> View:
    return View(small)


def test_every_entity_is_named_base_id_type_key(view: View, small: Batch) -> None:
    typed = {
        t.subject.value for t in view.triples if t.predicate.value == RDF_TYPE and isinstance(t.subject, NamedNode)
    }
    for node in small.nodes:
        assert iri(node.id) in typed
    assert all(not isinstance(term, BlankNode) for t in view.triples for term in (t.subject, t.object))


def test_classes_include_what_the_alignments_and_defined_classes_imply(view: View) -> None:
    assert view.iris(iri("agency/bo-tttt"), RDF_TYPE) == {
        sg("Agency"),
        sg("GovernmentAgency"),
        ORG + "Organization",
        SCHEMA + "Organization",
        SCHEMA + "GovernmentOrganization",
    }
    assert view.iris(iri("agency/bao-nhan-dan"), RDF_TYPE) == {
        sg("Agency"),
        ORG + "Organization",
        SCHEMA + "Organization",
    }
    assert view.iris(iri("document/qd-781-2023-btttt"), RDF_TYPE) == {
        sg("Document"),
        sg("LegalDocument"),
        SCHEMA + "CreativeWork",
        SCHEMA + "Legislation",
        ELI + "LegalResource",
    }
    assert view.iris(iri("document/tin-bo-tttt"), RDF_TYPE) == {sg("Document"), SCHEMA + "CreativeWork"}
    assert view.iris(iri("task/phap-ly"), RDF_TYPE) == {sg("Task"), SCHEMA + "Action"}
    assert view.iris(iri("indicator/chi-so"), RDF_TYPE) == {sg("Indicator"), SKOS + "Concept"}


def test_implied_terms_come_from_the_ontology() -> None:
    assert IMPLIED[sg("partOf")] == (ORG + "subOrganizationOf",)
    assert IMPLIED[sg("nameVi")] == (SKOS + "prefLabel",)
    assert IMPLIED[sg("kind")] == (DCTERMS + "type",)
    assert sg("leads") not in IMPLIED


def test_names_are_tagged_and_also_skos_labels_and_titles(view: View) -> None:
    doc = iri("document/qd-781-2023-btttt")
    vi = ("Kế hoạch hành động", "vi", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    en = ("Action plan", "en", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    assert view.literals(doc, sg("nameVi")) == {vi}
    assert view.literals(doc, SKOS + "prefLabel") == {vi, en}
    assert view.literals(doc, DCTERMS + "title") == {vi, en}
    assert view.literals(doc, DCTERMS + "issued") == {("2023-05-08", None, XSD + "date")}
    assert view.literals(doc, DCTERMS + "identifier") == {("781/QĐ-BTTTT", None, XSD + "string")}


def test_list_properties_give_one_triple_per_item(view: View) -> None:
    pages = view.literals(iri("document/qd-781-2023-btttt"), sg("pages"))
    assert {p[0] for p in pages} == {"A1 https://example.org/a1", "A2 https://example.org/a2"}
    assert view.literals(iri("agency/cuc-bao-chi"), SKOS + "altLabel") == {("CBC", None, XSD + "string")}


def test_values_are_typed_by_the_ontology(view: View) -> None:
    assert view.literals(iri("target/chi-so-2025"), sg("value")) == {("70.0", None, XSD + "decimal")}
    assert view.literals(iri("target/chi-so-2025"), sg("year")) == {("2025", None, XSD + "gYear")}
    assert view.literals(iri("plan/kh-781"), sg("horizon")) == {("2030", None, XSD + "gYear")}


def test_a_window_deadline_is_an_owl_time_interval(view: View) -> None:
    task, deadline = iri("task/phap-ly"), iri("task/phap-ly") + "#deadline"
    assert view.iris(task, sg("deadline")) == {deadline}
    assert not view.objects(task, sg("deadlineText"))
    assert view.iris(deadline, RDF_TYPE) == {sg("Deadline"), TIME + "TemporalEntity", TIME + "Interval"}
    assert view.literals(deadline, sg("deadlineKind")) == {("quarter", None, XSD + "string")}
    assert view.iris(deadline, TIME + "hasBeginning") == {deadline + "-start"}
    assert view.iris(deadline, TIME + "hasEnd") == {deadline + "-end"}
    assert view.literals(deadline + "-start", TIME + "inXSDDate") == {("2023-04-01", None, XSD + "date")}
    assert view.literals(deadline + "-end", TIME + "inXSDDate") == {("2023-06-30", None, XSD + "date")}
    assert view.iris(deadline + "-end", RDF_TYPE) == {TIME + "Instant"}


def test_a_one_day_deadline_is_an_instant_and_a_recurrence_neither(view: View) -> None:
    day = iri("task/hop") + "#deadline"
    assert TIME + "Instant" in view.iris(day, RDF_TYPE)
    assert view.literals(day, TIME + "inXSDDate") == {("2023-06-20", None, XSD + "date")}
    yearly = iri("task/bao-cao") + "#deadline"
    assert view.iris(yearly, RDF_TYPE) == {sg("Deadline"), TIME + "TemporalEntity"}
    assert view.literals(yearly, sg("deadlineMonth")) == {("12", None, XSD + "integer")}
    assert view.literals(yearly, sg("deadlineBefore")) == {("true", None, XSD + "boolean")}


def cited(view: View, subject: str) -> list[str]:
    """The citation IRIs of ``subject`` in their order (``sg:position``)."""
    placed = {int(next(iter(view.literals(c, sg("position"))))[0]): c for c in view.iris(subject, sg("citation"))}
    return [placed[n] for n in sorted(placed)]


def test_citations_are_fragments_in_order_with_prov_and_dcterms_links(view: View) -> None:
    agency = iri("agency/cuc-bao-chi")
    first, second = cited(view, agency)
    assert view.literals(first, sg("position")) == {("1", None, XSD + "integer")}
    assert view.literals(second, sg("position")) == {("2", None, XSD + "integer")}
    assert re.fullmatch(re.escape(agency) + "#source-[0-9a-f]{12}", first)
    assert view.iris(agency, PROV + "qualifiedDerivation") == {first, second}
    assert view.iris(first, sg("document")) == {iri("document/qd-781-2023-btttt")}
    assert view.iris(first, sg("kind")) == {sg("verbatim")}
    assert view.iris(first, DCTERMS + "type") == {sg("verbatim")}
    assert view.literals(first, sg("quote")) == {("Chủ trì: Cục Báo chí", None, XSD + "string")}
    assert view.iris(second, sg("kind")) == {sg("inferred")}
    assert view.literals(second, sg("note")) == {("the unit is named in the news only", None, XSD + "string")}
    sources = {iri("document/qd-781-2023-btttt"), iri("document/tin-bo-tttt")}
    assert view.iris(agency, PROV + "wasDerivedFrom") == sources
    assert view.iris(agency, DCTERMS + "source") == sources
    assert view.iris(agency, PROV + "hadPrimarySource") == {iri("document/qd-781-2023-btttt")}


def test_a_source_added_in_front_leaves_the_other_citations_iris_as_they_were(small: Batch) -> None:
    """Issue 18: citation IRIs were positional (``#source-1``), so inserting a source renumbered the rest."""
    agency = iri("agency/cuc-bao-chi")
    before = cited(View(small), agency)
    node = next(n for n in small.nodes if n.id == "agency/cuc-bao-chi")
    added = Citation("document/qd-781-2023-btttt", "Điều 3", Kind.PARAPHRASE)
    revised = dataclasses.replace(node, sources=(added, *node.sources))
    after = cited(View(Batch((revised, *(n for n in small.nodes if n is not node)), small.edges)), agency)
    assert after[1:] == before  # the same IRIs, each one place down
    assert after[0] not in before


def test_a_citation_repeated_in_one_record_gets_an_iri_of_its_own(small: Batch) -> None:
    node = next(n for n in small.nodes if n.id == "agency/cuc-bao-chi")
    repeated = dataclasses.replace(node, sources=(node.sources[0], node.sources[0]))
    first, second = cited(View(Batch((repeated,), ())), iri("agency/cuc-bao-chi"))
    assert second == f"{first}-2"


def test_every_edge_is_a_plain_triple_and_a_cited_relationship_node(view: View, small: Batch) -> None:
    nodes = {str(t.subject) for t in view.triples if t.object == NamedNode(sg("Relationship"))}
    assert len(nodes) == len(small.edges)
    leads = iri("agency/cuc-bao-chi") + "#leads/task/phap-ly"
    assert view.has(iri("agency/cuc-bao-chi"), sg("leads"), iri("task/phap-ly"))
    assert view.iris(leads, sg("relationSource")) == {iri("agency/cuc-bao-chi")}
    assert view.iris(leads, sg("relationType")) == {sg("leads")}
    assert view.iris(leads, sg("relationTarget")) == {iri("task/phap-ly")}
    [citation] = view.iris(leads, sg("citation"))
    assert re.fullmatch(re.escape(leads) + "/source-[0-9a-f]{12}", citation)


def test_affiliations_are_dated_org_memberships(view: View) -> None:
    unit = iri("agency/cuc-bao-chi")
    before = unit + "#partOf/agency/bo-tttt"
    after = unit + "#partOf/agency/bo-vhttdl/2025-03-01"
    assert view.iris(unit, ORG + "subOrganizationOf") == {iri("agency/bo-tttt"), iri("agency/bo-vhttdl")}
    assert view.iris(before, RDF_TYPE) == {sg("Relationship"), ORG + "Membership"}
    assert view.iris(before, ORG + "member") == {unit}
    assert view.iris(before, ORG + "organization") == {iri("agency/bo-tttt")}
    assert view.iris(before, ORG + "role") == {sg("subordinateUnitRole")}
    assert view.literals(before, sg("validTo")) == {("2025-02-28", None, XSD + "date")}
    during = before + "/during"
    assert view.iris(before, ORG + "memberDuring") == {during}
    assert view.iris(during, RDF_TYPE) == {TIME + "Interval"}
    assert not view.objects(during, TIME + "hasBeginning")
    assert view.literals(during + "/end", TIME + "inXSDDate") == {("2025-02-28", None, XSD + "date")}
    assert view.literals(after + "/during/start", TIME + "inXSDDate") == {("2025-03-01", None, XSD + "date")}
    governed = iri("agency/bao-nhan-dan") + "#governedBy/agency/bo-tttt"
    assert view.iris(governed, ORG + "role") == {sg("governedAgencyRole")}
    assert not view.objects(governed, ORG + "memberDuring")
    assert not view.objects(iri("task/phap-ly") + "#leads", RDF_TYPE)


def test_a_plans_indicators_form_a_skos_concept_scheme(view: View) -> None:
    scheme = iri("plan/kh-781") + "#indicators"
    assert view.iris(scheme, RDF_TYPE) == {SKOS + "ConceptScheme"}
    assert view.iris(iri("indicator/chi-so"), SKOS + "inScheme") == {scheme}
    assert view.iris(iri("indicator/tru-cot"), SKOS + "inScheme") == {scheme}
    assert view.iris(iri("indicator/chi-so"), SKOS + "topConceptOf") == {scheme}
    assert not view.iris(iri("indicator/tru-cot"), SKOS + "topConceptOf")
    assert view.iris(iri("indicator/tru-cot"), SKOS + "broader") == {iri("indicator/chi-so")}


def test_the_export_is_a_pure_function_of_the_records(small: Batch) -> None:
    assert View(small).triples == View(small).triples


@pytest.mark.parametrize(
    ("name", "value"),
    [("nameVi", "Cục"), ("date", "2023-04-06"), ("year", 2025), ("value", 70.0), ("value", 3), ("deadlineDay", 15),
     ("qualitative", True), ("locator", "Điều 1")],
)  # fmt: skip
def test_lexical_forms_match_rdflib_literals(name: str, value: str | int | float | bool) -> None:
    lexical = to_lexical(name, value)
    literal = to_literal(name, value)
    assert lexical.text == str(literal)
    assert lexical.language == literal.language
    if literal.language is None:
        assert lexical.datatype == str(literal.datatype or XSD + "string")


# ---------------------------------------------------------------------------
# Serialisations
# ---------------------------------------------------------------------------

RDFLIB_FORMATS = {Format.TURTLE: "turtle", Format.NTRIPLES: "nt", Format.RDFXML: "xml", Format.JSONLD: "json-ld"}


def test_every_format_writes_the_same_graph(bundled: Batch) -> None:
    graphs = {
        fmt: Graph().parse(data=to_bytes(triples(bundled.nodes, bundled.edges, BASE), fmt), format=name)
        for fmt, name in RDFLIB_FORMATS.items()
    }
    reference = graphs[Format.NTRIPLES]
    assert len(reference) > 10_000
    for fmt, graph in graphs.items():
        assert isomorphic(graph, reference), fmt


def test_streamed_pieces_join_to_the_whole_document(bundled: Batch) -> None:
    for fmt in Format:
        pieces = list(chunks(triples(bundled.nodes, bundled.edges, BASE), fmt))
        assert len(pieces) > 3, fmt
        assert b"".join(pieces) == to_bytes(triples(bundled.nodes, bundled.edges, BASE), fmt)


def test_a_reader_that_stops_early_stops_the_serialiser(bundled: Batch) -> None:
    before = threading.active_count()
    stream = chunks(triples(bundled.nodes, bundled.edges, BASE), Format.TURTLE)
    assert next(stream).startswith(b"@prefix")
    stream.close()  # type: ignore[attr-defined]
    assert threading.active_count() == before


def test_jsonld_refers_to_the_context_by_url_or_inlines_it(small: Batch) -> None:
    by_url = to_bytes(triples(small.nodes, small.edges, BASE), Format.JSONLD, context=f"{BASE}context.jsonld")
    assert by_url.startswith(b'{"@context":"https://example.org/stratagraph/context.jsonld"')
    inline = to_bytes(triples(small.nodes, small.edges, BASE), Format.JSONLD)
    assert b'"nameVi":{"@id":"sg:nameVi","@language":"vi"}' in inline.replace(b" ", b"")
    assert b'"nameVi":"C\xe1\xbb\xa5c B\xc3\xa1o ch\xc3\xad"' in inline


def test_the_context_defines_every_ontology_property() -> None:
    terms = CONTEXT["@context"]
    for name, prop in DATATYPE_PROPERTIES.items():
        assert terms[name]["@id"] == f"sg:{prop.split('#')[1]}"
    assert terms["nameVi"] == {"@id": "sg:nameVi", "@language": "vi"}
    assert terms["date"] == {"@id": "sg:date", "@type": "xsd:date"}
    assert terms["locator"] == {"@id": "sg:locator"}
    for prop in RELATIONS.values():
        assert terms[prop.split("#")[1]]["@type"] == "@id"
    assert terms["citation"] == {"@id": "sg:citation", "@type": "@id"}
    assert terms["org"] == ORG


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ttl", Format.TURTLE), ("turtle", Format.TURTLE), ("application/ld+json", Format.JSONLD), ("nt", Format.NTRIPLES),
     ("rdf", Format.RDFXML), ("xml", Format.RDFXML), ("yaml", None)],
)  # fmt: skip
def test_formats_are_named_as_users_write_them(name: str, expected: Format | None) -> None:
    assert format_named(name) is expected


def test_labels_of_every_store_class_are_exported(bundled: Batch) -> None:
    view = View(with_activity(bundled))
    exported = {
        t.object.value for t in view.triples if t.predicate.value == RDF_TYPE and isinstance(t.object, NamedNode)
    }
    assert {sg(label.value) for label in Label} <= exported


def test_equal_values_of_different_types_are_spelled_by_their_own_type() -> None:
    """The writer remembers spelled values; ``1 == 1.0 == True`` in Python, but their literals differ."""
    nodes = [
        Node("target/a", Label.TARGET, {"year": 2025, "value": 1}, ()),
        Node("target/b", Label.TARGET, {"year": 2025, "value": 1.0}, ()),
        Node("task/c", Label.TASK, {"nameVi": "C", "deadlineBefore": True}, ()),
    ]
    found = {(t.subject.value.rsplit("/", 1)[1], t.predicate.value, t.object) for t in triples(nodes, [], BASE)}
    decimal = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    assert ("a", sg("value"), Literal("1", datatype=decimal)) in found
    assert ("b", sg("value"), Literal("1.0", datatype=decimal)) in found
    boolean = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    assert ("c#deadline", sg("deadlineBefore"), Literal("true", datatype=boolean)) in found
    with pytest.raises(TypeError):  # an int where a boolean belongs is refused, not read from memory
        list(triples([Node("task/d", Label.TASK, {"deadlineBefore": 1}, ())], [], BASE))


def test_rdf_xml_keeps_carriage_returns_and_refuses_what_xml_cannot_hold() -> None:
    """XML reads a raw carriage return as a line feed; control characters it cannot hold at all are an error."""
    text = "dòng 1\r\ndòng 2\rdòng 3"
    data = to_bytes(triples([Node("task/a", Label.TASK, {"nameVi": text}, ())], [], BASE), Format.RDFXML)
    graph = Graph().parse(data=data, format="xml")
    assert {str(o) for o in graph.objects(predicate=URIRef(sg("nameVi")))} == {text}
    bad = triples([Node("task/b", Label.TASK, {"nameVi": "trang\x0cmới"}, ())], [], BASE)
    with pytest.raises(QueryError, match="U\\+000C, which RDF/XML cannot carry"):
        b"".join(chunks(bad, Format.RDFXML))
