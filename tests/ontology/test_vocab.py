"""The ontology file and the Python vocabulary: no drift, full labels, honest alignments."""

from __future__ import annotations

from enum import StrEnum

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from stratagraph.model.errors import RDFInputError, StratagraphError
from stratagraph.model.records import Kind, Label, Rel, Scalar
from stratagraph.ontology import vocab
from stratagraph.ontology.vocab import (
    CLASSES,
    DATATYPE_PROPERTIES,
    KINDS,
    NAMESPACE,
    ONTOLOGY_IRI,
    RELATIONS,
    SG,
    OntologyDriftError,
    UnknownTermError,
    class_for,
    datatype_property,
    domain,
    from_literal,
    is_list,
    kind_concept,
    kind_for_concept,
    label_for_class,
    name_for_property,
    ontology_graph,
    property_for,
    read_vocabulary,
    rel_for_property,
    store_terms,
    to_literal,
)

ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
ELI = "http://data.europa.eu/eli/ontology#"
STORE_NAME = URIRef(NAMESPACE + "storeName")


@pytest.fixture
def onto() -> Graph:
    return ontology_graph()


def ours(graph: Graph) -> set[URIRef]:
    """Every sg: term the ontology defines (is the subject of a triple)."""
    return {
        s for s in set(graph.subjects()) if isinstance(s, URIRef) and s.startswith(NAMESPACE) and s != URIRef(NAMESPACE)
    }


def store_named(graph: Graph, rdf_type: URIRef) -> dict[str, list[URIRef]]:
    found: dict[str, list[URIRef]] = {}
    for term in ours(graph):
        if (term, RDF.type, rdf_type) in graph:
            for name in graph.objects(term, STORE_NAME):
                found.setdefault(str(name), []).append(term)
    return found


# ---------------------------------------------------------------------------
# Drift: every Label / Rel / Kind has exactly one term, and every term one member
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rdf_type", "members"),
    [(OWL.Class, Label), (OWL.ObjectProperty, Rel), (SG.CitationKind, Kind)],
    ids=["Label", "Rel", "Kind"],
)
def test_every_member_has_exactly_one_term_and_vice_versa(
    onto: Graph, rdf_type: URIRef, members: type[StrEnum]
) -> None:
    named = store_named(onto, rdf_type)
    assert sorted(named) == sorted(m.value for m in members)
    assert all(len(terms) == 1 for terms in named.values()), named


def test_mappings_cover_the_enums_one_to_one() -> None:
    assert set(CLASSES) == set(Label)
    assert set(RELATIONS) == set(Rel)
    assert set(KINDS) == set(Kind)
    for mapping in (CLASSES, RELATIONS, KINDS):
        assert len(set(mapping.values())) == len(mapping)


def test_store_names_follow_the_naming_rules() -> None:
    for label, cls in CLASSES.items():
        assert cls == SG[label.value]
    for rel, prop in RELATIONS.items():
        words = rel.value.lower().split("_")
        assert prop == SG[words[0] + "".join(w.title() for w in words[1:])]
    for name, prop in DATATYPE_PROPERTIES.items():
        assert prop == SG[name]


def test_every_object_property_between_store_classes_is_a_rel(onto: Graph) -> None:
    store_classes = set(CLASSES.values())
    for prop in ours(onto):
        if (prop, RDF.type, OWL.ObjectProperty) not in onto:
            continue
        domain, range_ = onto.value(prop, RDFS.domain), onto.value(prop, RDFS.range)
        if domain in store_classes and range_ in store_classes:
            assert (prop, STORE_NAME, None) in onto, f"{prop} links store classes but names no Rel"


def test_every_term_has_at_most_one_store_name(onto: Graph) -> None:
    for term in ours(onto):
        assert len(list(onto.objects(term, STORE_NAME))) <= 1, term


def rel_values_plus(extra: str) -> type[StrEnum]:
    members = {m.name: m.value for m in Rel} | {extra: extra}
    return StrEnum("Rel", members)  # type: ignore[return-value]


def test_drift_a_rel_without_a_term_is_reported(onto: Graph) -> None:
    with pytest.raises(OntologyDriftError, match=r"Rel\.APPROVES \('APPROVES'\) has no owl:ObjectProperty"):
        store_terms(onto, OWL.ObjectProperty, rel_values_plus("APPROVES"))


def test_drift_a_term_without_a_rel_is_reported(onto: Graph) -> None:
    approves = URIRef(NAMESPACE + "approves")
    onto.add((approves, RDF.type, OWL.ObjectProperty))
    onto.add((approves, STORE_NAME, Literal("APPROVES")))
    with pytest.raises(OntologyDriftError, match=r'approves has sg:storeName "APPROVES" but Rel has no member'):
        read_vocabulary(onto)


def test_drift_a_removed_term_is_reported(onto: Graph) -> None:
    onto.remove((SG.fulfilledBy, STORE_NAME, None))
    with pytest.raises(OntologyDriftError, match=r"Rel\.FULFILLED_BY"):
        read_vocabulary(onto)


def test_drift_a_label_without_a_class_is_reported(onto: Graph) -> None:
    onto.remove((SG.Measurement, RDF.type, OWL.Class))
    with pytest.raises(OntologyDriftError, match=r"Label\.MEASUREMENT"):
        read_vocabulary(onto)


def test_drift_a_store_name_used_twice_is_reported(onto: Graph) -> None:
    onto.add((SG.nameEn, STORE_NAME, Literal("nameVi")))
    with pytest.raises(OntologyDriftError, match=r"nameEn has 2 sg:storeName values"):
        read_vocabulary(onto)


def test_drift_reports_every_problem_at_once(onto: Graph) -> None:
    onto.remove((SG.leads, STORE_NAME, None))
    onto.remove((SG.cites, STORE_NAME, None))
    with pytest.raises(OntologyDriftError) as caught:
        read_vocabulary(onto)
    assert "Rel.LEADS" in str(caught.value)
    assert "Rel.CITES" in str(caught.value)


# ---------------------------------------------------------------------------
# Store properties
# ---------------------------------------------------------------------------

STORE_PROPERTIES = [
    "nameVi",
    "nameEn",
    "aliases",
    "abbreviation",
    "note",
    "agencyType",
    "number",
    "docType",
    "date",
    "signerName",
    "signerTitle",
    "sourceFile",
    "pages",
    "completeness",
    "planKind",
    "status",
    "start",
    "end",
    "horizon",
    "unit",
    "maxScore",
    "criteriaCount",
    "componentCount",
    "levelCount",
    "rank",
    "scoreFrom",
    "scoreBelow",
    "year",
    "value",
    "text",
    "qualitative",
    "groupVi",
    "groupEn",
    "output",
    "retiredOn",
    "retiredBy",
    "deadlineText",
    "deadlineKind",
    "deadlineStart",
    "deadlineEnd",
    "deadlineMonth",
    "deadlineDay",
    "deadlineBefore",
    "deadlineEvery",
    "validFrom",
    "validTo",
    "locator",
    "page",
    "quote",
    "position",
    "progress",
    "statusAsOf",
    "action",
    "startedAt",
    "actorName",
    "actorRole",
    "changes",
    "evidenceUrl",
    "asOf",
    "dataVersion",
]


def test_every_documented_store_property_has_a_datatype_property() -> None:
    assert sorted(set(STORE_PROPERTIES) - set(DATATYPE_PROPERTIES)) == []
    assert sorted(set(DATATYPE_PROPERTIES) - set(STORE_PROPERTIES)) == []


def test_every_datatype_property_has_a_range(onto: Graph) -> None:
    for name, prop in DATATYPE_PROPERTIES.items():
        assert (prop, RDF.type, OWL.DatatypeProperty) in onto
        assert onto.value(prop, RDFS.range) is not None, name


@pytest.mark.parametrize("rel", list(Rel), ids=str)
def test_every_relation_has_a_domain_and_a_range_among_store_classes(onto: Graph, rel: Rel) -> None:
    prop = property_for(rel)
    for axis in (RDFS.domain, RDFS.range):
        declared = onto.value(prop, axis)
        assert declared is not None, f"{rel} has no {axis}"
        classes = (
            [declared]
            if isinstance(declared, URIRef)
            else list(Collection(onto, onto.value(declared, OWL.unionOf) or RDF.nil))
        )
        assert classes, (rel, axis)
        assert set(classes) <= set(CLASSES.values()), (rel, axis, classes)


def test_names_and_titles_are_language_tagged(onto: Graph) -> None:
    for name in ("nameVi", "nameEn", "groupVi", "groupEn"):
        assert onto.value(datatype_property(name), RDFS.range) == RDF.langString


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def labelled_terms(graph: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = [t for t in ours(graph) if any((t, RDF.type, k) in graph for k in kinds)]
    return sorted(terms)


def test_every_class_and_property_is_there_to_label(onto: Graph) -> None:
    assert len(labelled_terms(onto)) >= 7 + 16 + len(STORE_PROPERTIES)


def test_every_term_has_one_vietnamese_and_one_english_label(onto: Graph) -> None:
    missing = []
    for term in ours(onto):
        labels = [lbl for lbl in onto.objects(term, RDFS.label) if isinstance(lbl, Literal)]
        for lang in ("vi", "en"):
            if [lbl.language for lbl in labels].count(lang) != 1:
                missing.append(f"{term} @{lang}")
    assert missing == []


def test_every_term_says_where_it_is_defined(onto: Graph) -> None:
    """``rdfs:isDefinedBy`` on each term: a client holding only a term finds the ontology (and its HTML page)."""
    assert [t for t in ours(onto) if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto] == []


def test_the_version_iri_names_the_version(onto: Graph) -> None:
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{vocab.VERSION}")


def test_every_sg_term_used_is_defined(onto: Graph) -> None:
    used = {
        node
        for triple in onto
        for node in triple
        if isinstance(node, URIRef) and node.startswith(NAMESPACE) and node != URIRef(NAMESPACE)
    }
    assert used - ours(onto) == set()


# ---------------------------------------------------------------------------
# The ontology header and the alignments it claims
# ---------------------------------------------------------------------------


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert vocab.VERSION
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(vocab.VERSION)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        langs = {lit.language for lit in onto.objects(ONTOLOGY_IRI, prop) if isinstance(lit, Literal)}
        assert langs == {"vi", "en"}, prop
    comment = str(onto.value(ONTOLOGY_IRI, RDFS.comment))
    for standard in ("W3C ORG", "OWL-Time", "PROV-O", "SKOS", "DCTERMS", "schema.org", "ELI"):
        assert standard in comment


ALIGNMENTS = [
    (SG.Agency, RDFS.subClassOf, URIRef(ORG + "Organization")),
    (SG.Agency, RDFS.subClassOf, URIRef(SCHEMA + "Organization")),
    (SG.GovernmentAgency, RDFS.subClassOf, URIRef(SCHEMA + "GovernmentOrganization")),
    (SG.partOf, RDFS.subPropertyOf, URIRef(ORG + "subOrganizationOf")),
    (SG.governedBy, RDFS.subPropertyOf, URIRef(ORG + "linkedTo")),
    (SG.Deadline, RDFS.subClassOf, URIRef(TIME + "TemporalEntity")),
    (SG.Citation, RDFS.subClassOf, URIRef(PROV + "Derivation")),
    (SG.citation, RDFS.subPropertyOf, URIRef(PROV + "qualifiedDerivation")),
    (SG.document, RDFS.subPropertyOf, URIRef(PROV + "entity")),
    (SG.Plan, RDFS.subClassOf, URIRef(PROV + "Plan")),
    (SG.Indicator, RDFS.subClassOf, SKOS.Concept),
    (SG.broader, RDFS.subPropertyOf, SKOS.broader),
    (SG.CitationKind, RDFS.subClassOf, SKOS.Concept),
    (SG.nameVi, RDFS.subPropertyOf, SKOS.prefLabel),
    (SG.nameEn, RDFS.subPropertyOf, SKOS.prefLabel),
    (SG.aliases, RDFS.subPropertyOf, SKOS.altLabel),
    (SG.number, RDFS.subPropertyOf, DCTERMS.identifier),
    (SG.date, RDFS.subPropertyOf, DCTERMS.date),
    (SG.issuedBy, RDFS.subPropertyOf, DCTERMS.creator),
    (SG.replaces, RDFS.subPropertyOf, DCTERMS.replaces),
    (SG.cites, RDFS.subPropertyOf, DCTERMS.references),
    (SG.kind, RDFS.subPropertyOf, DCTERMS.type),
    (SG.Task, RDFS.subClassOf, URIRef(SCHEMA + "Action")),
    (SG.Document, RDFS.subClassOf, URIRef(SCHEMA + "CreativeWork")),
    (SG.LegalDocument, RDFS.subClassOf, SG.Document),
    (SG.LegalDocument, RDFS.subClassOf, URIRef(ELI + "LegalResource")),
    (SG.LegalDocument, RDFS.subClassOf, URIRef(SCHEMA + "Legislation")),
]


@pytest.mark.parametrize("triple", ALIGNMENTS, ids=lambda t: f"{t[0].fragment}-{t[2]}")
def test_alignment_is_stated(onto: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in onto


def test_alignments_only_extend_standard_terms(onto: Graph) -> None:
    """Our terms specialise the standards; we never redefine a standard term."""
    for subject in set(onto.subjects()):
        if isinstance(subject, URIRef) and not subject.startswith(NAMESPACE):
            assert subject in (ONTOLOGY_IRI,), f"the ontology makes statements about {subject}"


def test_citation_kinds_are_a_closed_skos_scheme(onto: Graph) -> None:
    concepts = set(onto.objects(SG.citationKinds, SKOS.hasTopConcept))
    assert concepts == set(KINDS.values())
    for concept in concepts:
        assert (concept, SKOS.inScheme, SG.citationKinds) in onto
        assert (concept, RDF.type, SKOS.Concept) in onto


# ---------------------------------------------------------------------------
# The Python API
# ---------------------------------------------------------------------------


def test_lookups_in_both_directions() -> None:
    for label in Label:
        assert label_for_class(class_for(label)) is label
    for rel in Rel:
        assert rel_for_property(property_for(rel)) is rel
    for kind in Kind:
        assert kind_for_concept(kind_concept(kind)) is kind
    for name in DATATYPE_PROPERTIES:
        assert name_for_property(datatype_property(name)) == name


def test_examples_from_the_brief() -> None:
    assert class_for(Label.AGENCY) == URIRef(NAMESPACE + "Agency")
    assert property_for(Rel.LEADS) == URIRef(NAMESPACE + "leads")
    assert property_for(Rel.PART_OF) == SG.partOf
    assert property_for(Rel.FULFILLED_BY) == SG.fulfilledBy
    assert datatype_property("deadlineText") == SG.deadlineText


def test_unknown_datatype_property_is_a_key_error_with_a_hint() -> None:
    with pytest.raises(KeyError) as caught:
        datatype_property("nameVI")
    assert isinstance(caught.value, UnknownTermError)
    assert isinstance(caught.value, StratagraphError)
    assert str(caught.value) == "the ontology defines no store property 'nameVI' (did you mean 'nameVi'?)"


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownTermError, match="known: abbreviation, action, actorName"):
        datatype_property("colour")


def test_rdf_only_terms_are_not_store_relations() -> None:
    with pytest.raises(UnknownTermError, match="sg:citation exists only in RDF"):
        rel_for_property(SG.citation)
    with pytest.raises(UnknownTermError):
        label_for_class(URIRef("http://www.w3.org/ns/org#Organization"))
    with pytest.raises(UnknownTermError):
        name_for_property(SG.leads)
    with pytest.raises(UnknownTermError):
        kind_for_concept(SG.Agency)


def test_namespace_is_closed_over_the_defined_terms() -> None:
    assert SG.leads == URIRef(NAMESPACE + "leads")
    assert SG["Relationship"] == URIRef(NAMESPACE + "Relationship")
    with pytest.raises(AttributeError):
        _ = SG.lead
    with pytest.raises(KeyError):
        _ = SG["Agencies"]


def test_ontology_graph_is_a_copy(onto: Graph) -> None:
    size = len(onto)
    onto.remove((None, None, None))
    assert len(ontology_graph()) == size
    assert ontology_graph().namespace_manager.store.namespace("sg") == URIRef(NAMESPACE)


# ---------------------------------------------------------------------------
# Store values <-> literals
# ---------------------------------------------------------------------------

SAMPLES: dict[str, Scalar] = {
    "nameVi": "Cục Báo chí",
    "nameEn": "Press Department",
    "groupVi": "Hoàn thiện môi trường pháp lý",
    "aliases": "MIC",
    "note": "ghi chú",
    "date": "2023-04-06",
    "start": "2023-01-01",
    "deadlineEnd": "2023-06-30",
    "validTo": "2025-02-28",
    "year": 2025,
    "horizon": 2030,
    "value": 70.0,
    "maxScore": 18.0,
    "deadlineMonth": 12,
    "deadlineDay": 15,
    "deadlineBefore": True,
    "qualitative": False,
}


@pytest.mark.parametrize(("name", "value"), SAMPLES.items(), ids=list(SAMPLES))
def test_store_values_round_trip_through_literals(name: str, value: Scalar) -> None:
    literal = to_literal(name, value)
    assert from_literal(name, literal) == value
    assert type(from_literal(name, literal)) is type(value)


def test_literals_are_typed_by_the_ontology() -> None:
    assert to_literal("nameVi", "Cục Báo chí") == Literal("Cục Báo chí", lang="vi")
    assert to_literal("nameEn", "Press Department") == Literal("Press Department", lang="en")
    assert to_literal("date", "2023-04-06") == Literal("2023-04-06", datatype=ns.XSD.date)
    assert to_literal("year", 2025) == Literal("2025", datatype=ns.XSD.gYear)
    assert to_literal("value", 70) == Literal("70", datatype=ns.XSD.decimal)
    assert to_literal("value", 3.66) == Literal("3.66", datatype=ns.XSD.decimal)
    assert to_literal("deadlineMonth", 12) == Literal(12)
    assert to_literal("deadlineBefore", True) == Literal(True)
    assert to_literal("locator", "Mục I.2.a") == Literal("Mục I.2.a")


@pytest.mark.parametrize(
    ("name", "value"),
    [("nameVi", 3), ("date", "06/04/2023"), ("date", "2023-02-30"), ("value", "70"), ("year", True)],
)
def test_a_store_value_of_the_wrong_type_is_a_bug(name: str, value: Scalar) -> None:
    with pytest.raises(TypeError, match=repr(name)):
        to_literal(name, value)


@pytest.mark.parametrize(
    ("name", "literal", "message"),
    [
        ("nameVi", Literal("Cục Báo chí"), "takes a literal tagged @vi"),
        ("nameVi", Literal("Press Department", lang="en"), "takes a literal tagged @vi"),
        ("date", Literal("2023-04-06"), "takes an xsd:date literal"),
        ("date", Literal("2023-02-30", datatype=ns.XSD.date), "is not a valid xsd:date"),
        ("value", Literal("70", datatype=ns.XSD.integer), "takes an xsd:decimal literal"),
        ("value", Literal("seventy", datatype=ns.XSD.decimal), "is not a valid xsd:decimal"),
        ("year", Literal("2025", datatype=ns.XSD.integer), "takes an xsd:gYear literal"),
    ],
)
def test_a_literal_of_the_wrong_type_is_bad_rdf_input(name: str, literal: Literal, message: str) -> None:
    with pytest.raises(RDFInputError, match=message):
        from_literal(name, literal)


def test_list_properties_are_the_non_functional_ones() -> None:
    assert {name for name in DATATYPE_PROPERTIES if is_list(name)} == {"aliases", "pages"}


def test_domains_place_deadline_and_edge_properties() -> None:
    deadline = {name for name in DATATYPE_PROPERTIES if SG.Deadline in domain(name)}
    assert deadline == {name for name in DATATYPE_PROPERTIES if name.startswith("deadline")}
    assert {name for name in DATATYPE_PROPERTIES if SG.Relationship in domain(name)} == {"validFrom", "validTo"}
    assert domain("status") == {SG.Plan, SG.Task}
    assert domain("note") == frozenset()
    with pytest.raises(UnknownTermError):
        domain("colour")
