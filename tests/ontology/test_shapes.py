"""The SHACL shapes: they parse, they agree with the ontology, and they catch broken data.

The valid graph below is shaped the way the RDF export is to write the store
(ontology/README.md): names as language-tagged literals, every store edge as a
plain triple plus a cited ``sg:Relationship`` node, citations as ``sg:Citation``
nodes, deadlines as ``sg:Deadline`` nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from stratagraph.loaders.load import read
from stratagraph.model.records import Batch, Edge, Kind, Label, PlanStatus, Rel, TaskStatus
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.ontology.mapping import triples
from stratagraph.ontology.vocab import (
    NAMESPACE,
    RELATIONS,
    SG,
    class_for,
    kind_concept,
    ontology_graph,
    property_for,
    rel_for_property,
    shapes_graph,
)
from tests.ontology.conftest import with_activity

SGSH = "https://w3id.org/stratagraph/shapes#"
ID = "https://example.org/stratagraph/id/"

VALID = """
@prefix sg: <https://w3id.org/stratagraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://example.org/stratagraph/id/> .

<agency/thu-tuong> a sg:Agency ;
    sg:nameVi "Thủ tướng Chính phủ"@vi ; sg:nameEn "Prime Minister"@en ;
    sg:agencyType "government" .

<agency/bo-tttt> a sg:Agency ;
    sg:nameVi "Bộ Thông tin và Truyền thông"@vi ;
    sg:nameEn "Ministry of Information and Communications"@en ;
    sg:abbreviation "Bộ TT&TT" ; sg:aliases "MIC" , "Bo TTTT" ;
    sg:agencyType "ministry" .

<agency/cuc-bao-chi> a sg:Agency ;
    sg:nameVi "Cục Báo chí"@vi ; sg:nameEn "Press Department"@en ;
    sg:abbreviation "CBC" ; sg:agencyType "department" ;
    sg:partOf <agency/bo-tttt> .

<document/qd-348-2023-ttg> a sg:Document ;
    sg:number "348/QĐ-TTg" ; sg:docType "decision" ;
    sg:nameVi "Quyết định phê duyệt Chiến lược Chuyển đổi số báo chí"@vi ;
    sg:nameEn "Decision approving the press digital-transformation strategy"@en ;
    sg:date "2023-04-06"^^xsd:date ;
    sg:signerName "Trần Hồng Hà" ; sg:signerTitle "Phó Thủ tướng" ;
    sg:sourceFile "qd-348-2023-ttg.txt" ;
    sg:pages "S1 https://example.org/s1" , "S2 https://example.org/s2" ;
    sg:completeness "partial" ;
    sg:issuedBy <agency/thu-tuong> .

<document/qd-781-2023-btttt> a sg:Document ;
    sg:number "781/QĐ-BTTTT" ; sg:docType "decision" ;
    sg:nameVi "Kế hoạch hành động triển khai Chiến lược"@vi ;
    sg:date "2023-05-08"^^xsd:date ;
    sg:issuedBy <agency/bo-tttt> ;
    sg:cites <document/qd-348-2023-ttg> .

<plan/chien-luoc-cds-bao-chi> a sg:Plan ;
    sg:nameVi "Chiến lược Chuyển đổi số báo chí đến năm 2025, định hướng đến năm 2030"@vi ;
    sg:planKind "strategy" ; sg:status "approved" ;
    sg:start "2023-01-01"^^xsd:date ; sg:end "2025-12-31"^^xsd:date ; sg:horizon "2030"^^xsd:gYear ;
    sg:adoptedBy <document/qd-348-2023-ttg> .

<plan/ke-hoach-hanh-dong-781> a sg:Plan ;
    sg:nameVi "Kế hoạch hành động triển khai Chiến lược"@vi ;
    sg:planKind "plan" ; sg:start "2023-05-08"^^xsd:date ; sg:end "2025-12-31"^^xsd:date ;
    sg:adoptedBy <document/qd-781-2023-btttt> ;
    sg:implements <plan/chien-luoc-cds-bao-chi> .

<indicator/noi-dung-len-nen-tang-so> a sg:Indicator ;
    sg:nameVi "Tỷ lệ cơ quan báo chí đưa nội dung lên các nền tảng số"@vi ;
    sg:unit "percent of press agencies" ;
    sg:inPlan <plan/chien-luoc-cds-bao-chi> ;
    sg:hasTarget <target/noi-dung-len-nen-tang-so-2025> , <target/noi-dung-len-nen-tang-so-moc> .

<target/noi-dung-len-nen-tang-so-2025> a sg:Target ;
    sg:year "2025"^^xsd:gYear ; sg:value "70"^^xsd:decimal ; sg:unit "%" ;
    sg:text "70% cơ quan báo chí đưa nội dung lên các nền tảng số" .

<target/noi-dung-len-nen-tang-so-moc> a sg:Target ;
    sg:qualitative true ; sg:text "Hoàn thành nền tảng dùng chung" ;
    sg:deadline <target/noi-dung-len-nen-tang-so-moc#deadline> .

<target/noi-dung-len-nen-tang-so-moc#deadline> a sg:Deadline ;
    sg:deadlineText "Năm 2025" ; sg:deadlineKind "year" ; sg:deadlineBefore false ;
    sg:deadlineStart "2025-01-01"^^xsd:date ; sg:deadlineEnd "2025-12-31"^^xsd:date .

<task/781-phap-ly-luat-bao-chi> a sg:Task ;
    sg:nameVi "Nghiên cứu sửa đổi Luật Báo chí"@vi ;
    sg:groupVi "Hoàn thiện môi trường pháp lý"@vi ; sg:groupEn "Legal environment"@en ;
    sg:output "Hồ sơ đề nghị xây dựng Luật" ; sg:status "unknown" ;
    sg:inPlan <plan/ke-hoach-hanh-dong-781> ;
    sg:contributesTo <indicator/noi-dung-len-nen-tang-so> ;
    sg:deadline <task/781-phap-ly-luat-bao-chi#deadline> .

<task/781-phap-ly-luat-bao-chi#deadline> a sg:Deadline ;
    sg:deadlineText "Quý II/2023" ; sg:deadlineKind "quarter" ; sg:deadlineBefore false ;
    sg:deadlineStart "2023-04-01"^^xsd:date ; sg:deadlineEnd "2023-06-30"^^xsd:date .

<task/781-bao-cao-hang-nam> a sg:Task ;
    sg:nameVi "Báo cáo kết quả thực hiện"@vi ;
    sg:inPlan <plan/ke-hoach-hanh-dong-781> ;
    sg:dependsOn <task/781-phap-ly-luat-bao-chi> ;
    sg:deadline <task/781-bao-cao-hang-nam#deadline> .

<task/781-bao-cao-hang-nam#deadline> a sg:Deadline ;
    sg:deadlineText "trước 15/12 hằng năm" ; sg:deadlineKind "recurring" ;
    sg:deadlineMonth 12 ; sg:deadlineDay 15 ; sg:deadlineBefore true .

<agency/bo-tttt> sg:leads <task/781-phap-ly-luat-bao-chi> .
<agency/cuc-bao-chi> sg:supports <task/781-phap-ly-luat-bao-chi> ;
    sg:leads <task/781-bao-cao-hang-nam> .

<measurement/xuat-sac-2024> a sg:Measurement ;
    sg:year "2024"^^xsd:gYear ; sg:value "28"^^xsd:decimal ; sg:unit "press agencies" ;
    sg:measures <indicator/noi-dung-len-nen-tang-so> .
"""

AGENCY = URIRef(ID + "agency/bo-tttt")
UNIT = URIRef(ID + "agency/cuc-bao-chi")
TASK = URIRef(ID + "task/781-phap-ly-luat-bao-chi")
TARGET = URIRef(ID + "target/noi-dung-len-nen-tang-so-2025")
MILESTONE = URIRef(ID + "target/noi-dung-len-nen-tang-so-moc")
MEASUREMENT = URIRef(ID + "measurement/xuat-sac-2024")
DEADLINE = URIRef(ID + "task/781-phap-ly-luat-bao-chi#deadline")
YEARLY = URIRef(ID + "task/781-bao-cao-hang-nam#deadline")
SOURCE_DOC = URIRef(ID + "document/qd-348-2023-ttg")
INDICATOR = URIRef(ID + "indicator/noi-dung-len-nen-tang-so")
STORE_CLASSES = {class_for(label) for label in Label}


def cite(graph: Graph, subject: URIRef, kind: Kind = Kind.VERBATIM) -> URIRef:
    """A citation IRI within the subject's document: {subject}#source-1, {relationship}/source-1."""
    n = len(list(graph.objects(subject, SG.citation))) + 1
    citation = URIRef(f"{subject}{'/' if '#' in subject else '#'}source-{n}")
    graph.add((subject, SG.citation, citation))
    graph.add((citation, RDF.type, SG.Citation))
    graph.add((citation, SG.document, SOURCE_DOC))
    graph.add((citation, SG.locator, Literal("Điều 1")))
    graph.add((citation, SG.kind, kind_concept(kind)))
    return citation


def relationship_iri(
    source: URIRef, prop: URIRef, target: URIRef, base: str = ID, valid_from: str | None = None
) -> URIRef:
    """{source IRI}#{property}/{target type}/{target key}[/{validFrom}], as ontology/README.md says."""
    tail = f"/{valid_from}" if valid_from else ""
    return URIRef(f"{source}#{prop[len(NAMESPACE) :]}/{target[len(base) :]}{tail}")


def complete(graph: Graph) -> Graph:
    """Write what the export adds: a citation per entity, a cited relationship node per edge."""
    for cls in STORE_CLASSES:
        for entity in graph.subjects(RDF.type, cls):
            assert isinstance(entity, URIRef)
            if (entity, SG.citation, None) not in graph:
                cite(graph, entity)
    for prop in RELATIONS.values():
        for source, target in list(graph.subject_objects(prop)):
            assert isinstance(source, URIRef)
            assert isinstance(target, URIRef)
            node = relationship_iri(source, prop, target)
            if (node, RDF.type, SG.Relationship) in graph:
                continue
            graph.add((node, RDF.type, SG.Relationship))
            graph.add((node, SG.relationSource, source))
            graph.add((node, SG.relationType, prop))
            graph.add((node, SG.relationTarget, target))
            cite(graph, node)
    return graph


def base() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


def results(data: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    """(focus node, message, severity) of every validation result."""
    _, report, _ = validate(data, shacl_graph=shapes, allow_warnings=False)
    assert isinstance(report, Graph)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        severity = str(report.value(result, SH.resultSeverity))
        for message in report.objects(result, SH.resultMessage):
            found.append((focus, str(message), severity))
    return found


# ---------------------------------------------------------------------------
# The shapes file itself
# ---------------------------------------------------------------------------


def members(graph: Graph, head: object) -> list[Node]:
    """The items of an RDF list (empty when there is none)."""
    return list(Collection(graph, head)) if isinstance(head, URIRef | BNode) else []


def named_shapes(shapes: Graph) -> Iterator[URIRef]:
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            assert isinstance(shape, URIRef), f"top-level shapes are named: {shape!r}"
            yield shape


def test_shapes_parse_and_declare_themselves(shapes: Graph) -> None:
    assert (URIRef("https://w3id.org/stratagraph/shapes"), RDF.type, OWL.Ontology) in shapes
    assert len(list(named_shapes(shapes))) > 40


CONTAINER = {RDF.type, SH.property, SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf}


def test_every_shape_says_what_to_fix(shapes: Graph) -> None:
    silent = []
    for shape in named_shapes(shapes):
        messages = list(shapes.objects(shape, SH.message))
        messages += [m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)]
        constrains = set(shapes.predicates(shape)) - CONTAINER
        if constrains and not messages:
            silent.append(str(shape))
        for prop in shapes.objects(shape, SH.property):
            if shapes.value(prop, SH.message) is None:
                silent.append(f"{shape} / {shapes.value(prop, SH.path)}")
    assert not silent, f"shapes without sh:message: {silent}"


def test_shapes_use_only_terms_the_ontology_defines(shapes: Graph) -> None:
    def ours(node: object) -> bool:
        return isinstance(node, URIRef) and node.startswith(NAMESPACE) and node != URIRef(NAMESPACE)

    defined = {str(term) for term in ontology_graph().subjects() if ours(term)}
    used = {str(node) for triple in shapes for node in triple if ours(node)}
    for query in shapes.objects(None, SH.select):
        used |= {NAMESPACE + local for local in re.findall(r"\bsg:(\w+)", str(query))}
    assert used - defined == set()


def shape_classes(shapes: Graph, shape: Node) -> set[URIRef]:
    """The classes a shape requires: sh:class, or the sh:class of each sh:or branch."""
    classes = {c for c in shapes.objects(shape, SH["class"]) if isinstance(c, URIRef)}
    for branches in shapes.objects(shape, SH["or"]):
        for branch in members(shapes, branches):
            classes |= {c for c in shapes.objects(branch, SH["class"]) if isinstance(c, URIRef)}
    return classes


def ontology_classes(ontology: Graph, prop: URIRef, axis: URIRef) -> set[URIRef]:
    declared = ontology.value(prop, axis)
    assert declared is not None, f"{prop} has no {axis}"
    if isinstance(declared, URIRef):
        return {declared}
    union = ontology.value(declared, OWL.unionOf)
    return {c for c in members(ontology, union) if isinstance(c, URIRef)}


@pytest.mark.parametrize("rel", list(Rel), ids=str)
def test_every_relation_has_domain_and_range_shapes_matching_the_ontology(rel: Rel, shapes: Graph) -> None:
    prop = property_for(rel)
    ontology = ontology_graph()
    targeting = list(shapes.subjects(SH.targetSubjectsOf, prop))
    domain = [s for s in targeting if shapes.value(s, SH.path) is None and shape_classes(shapes, s)]
    range_ = [s for s in targeting if shapes.value(s, SH.path) == prop and shape_classes(shapes, s)]
    assert len(domain) == 1, f"{rel}: one domain shape expected, found {domain}"
    assert len(range_) == 1, f"{rel}: one range shape expected, found {range_}"
    assert shape_classes(shapes, domain[0]) == ontology_classes(ontology, prop, RDFS.domain)
    assert shape_classes(shapes, range_[0]) == ontology_classes(ontology, prop, RDFS.range)


def test_relationship_shapes_list_every_relation(shapes: Graph) -> None:
    allowed: set[URIRef] = set()
    for prop_shape in shapes.objects(URIRef(SGSH + "RelationshipParts"), SH.property):
        if shapes.value(prop_shape, SH.path) == SG.relationType:
            allowed = {p for p in members(shapes, shapes.value(prop_shape, SH["in"])) if isinstance(p, URIRef)}
    assert allowed == set(RELATIONS.values())
    assert {rel_for_property(p) for p in allowed} == set(Rel)
    constraint = shapes.value(URIRef(SGSH + "EdgeCited"), SH.sparql)
    query = str(shapes.value(constraint, SH.select))
    assert {f"sg:{p[len(NAMESPACE) :]}" for p in RELATIONS.values()} <= set(re.findall(r"sg:\w+", query))


def literal_in(shapes: Graph, path: URIRef) -> set[str]:
    values: set[str] = set()
    for prop_shape in shapes.subjects(SH.path, path):
        listed = shapes.value(prop_shape, SH["in"])
        if listed is not None:
            values |= {str(v) for v in members(shapes, listed)}
    return values


def one_of(ontology: Graph, cls: URIRef) -> set[str]:
    """The literals of the owl:oneOf inside a defined class's restriction."""
    found: set[str] = set()
    for definition in ontology.objects(cls, OWL.equivalentClass):
        for parts in ontology.objects(definition, OWL.intersectionOf):
            for member in members(ontology, parts):
                datatype = ontology.value(member, OWL.someValuesFrom)
                if datatype is not None:
                    found |= {str(v) for v in members(ontology, ontology.value(datatype, OWL.oneOf))}
    return found


def test_defined_classes_use_values_the_shapes_allow(shapes: Graph) -> None:
    ontology = ontology_graph()
    legal = one_of(ontology, SG.LegalDocument)
    government = one_of(ontology, SG.GovernmentAgency)
    assert legal
    assert legal < literal_in(shapes, SG.docType)
    assert government
    assert government < literal_in(shapes, SG.agencyType)


# ---------------------------------------------------------------------------
# Data: one valid graph, then the same graph broken on purpose
# ---------------------------------------------------------------------------


def test_valid_graph_conforms(shapes: Graph) -> None:
    data = complete(base())
    assert results(data, shapes) == []
    conforms, _, text = validate(data, shacl_graph=shapes)
    assert conforms, text


def test_valid_graph_conforms_with_the_ontology_and_rdfs_inference(shapes: Graph) -> None:
    conforms, _, text = validate(complete(base()), shacl_graph=shapes, ont_graph=ontology_graph(), inference="rdfs")
    assert conforms, text


def citation_of(graph: Graph, subject: URIRef) -> URIRef:
    citation = graph.value(subject, SG.citation)
    assert isinstance(citation, URIRef)
    return citation


def drop(graph: Graph, subject: URIRef, prop: URIRef) -> Graph:
    graph.remove((subject, prop, None))
    return graph


def two_leads(g: Graph) -> Graph:
    g.add((URIRef(ID + "agency/thu-tuong"), SG.leads, TASK))
    return complete(g)


def target_without_value(g: Graph) -> Graph:
    return drop(complete(g), TARGET, SG.value)


def target_with_integer_value(g: Graph) -> Graph:
    drop(g, TARGET, SG.value).add((TARGET, SG.value, Literal(70)))
    return complete(g)


def qualitative_target_without_text(g: Graph) -> Graph:
    return complete(drop(g, MILESTONE, SG.text))


def target_without_year_or_deadline(g: Graph) -> Graph:
    return complete(drop(g, TARGET, SG.year))


def citation_with_bad_kind(g: Graph) -> Graph:
    complete(g)
    citation = citation_of(g, AGENCY)
    drop(g, citation, SG.kind).add((citation, SG.kind, URIRef(NAMESPACE + "guessed")))
    return g


def citation_with_kind_as_text(g: Graph) -> Graph:
    complete(g)
    citation = citation_of(g, AGENCY)
    drop(g, citation, SG.kind).add((citation, SG.kind, Literal("verbatim")))
    return g


def citation_without_locator(g: Graph) -> Graph:
    complete(g)
    return drop(g, citation_of(g, AGENCY), SG.locator)


def part_of_cycle(g: Graph) -> Graph:
    g.add((AGENCY, SG.partOf, UNIT))
    return complete(g)


def part_of_itself(g: Graph) -> Graph:
    g.add((AGENCY, SG.partOf, AGENCY))
    return complete(g)


def part_of_a_task(g: Graph) -> Graph:
    g.add((UNIT, SG.partOf, TASK))
    return complete(g)


def missing_name(g: Graph) -> Graph:
    return complete(drop(g, AGENCY, SG.nameVi))


def name_without_language(g: Graph) -> Graph:
    drop(g, AGENCY, SG.nameVi).add((AGENCY, SG.nameVi, Literal("Bộ Thông tin và Truyền thông")))
    return complete(g)


def bad_iri(g: Graph) -> Graph:
    agency = URIRef(ID + "agency/Cuc_Bao_Chi")
    g.add((agency, RDF.type, SG.Agency))
    g.add((agency, SG.nameVi, Literal("Cục Báo chí", lang="vi")))
    return complete(g)


def entity_without_citation(g: Graph) -> Graph:
    complete(g)
    return drop(g, MEASUREMENT, SG.citation)


def edge_without_relationship_node(g: Graph) -> Graph:
    complete(g)
    node = relationship_iri(AGENCY, SG.leads, TASK)
    g.remove((node, None, None))
    return g


def relationship_without_triple(g: Graph) -> Graph:
    complete(g)
    g.remove((UNIT, SG.supports, TASK))
    return g


def affiliation_ending_before_it_starts(g: Graph) -> Graph:
    complete(g)
    node = relationship_iri(UNIT, SG.partOf, AGENCY)
    g.add((node, SG.validFrom, Literal("2025-03-01", datatype=ns.XSD.date)))
    g.add((node, SG.validTo, Literal("2025-02-28", datatype=ns.XSD.date)))
    return g


def quarter_without_end(g: Graph) -> Graph:
    return complete(drop(g, DEADLINE, SG.deadlineEnd))


def quarter_with_a_yearly_day(g: Graph) -> Graph:
    g.add((DEADLINE, SG.deadlineMonth, Literal(6)))
    g.add((DEADLINE, SG.deadlineDay, Literal(30)))
    return complete(g)


def recurrence_without_day(g: Graph) -> Graph:
    return complete(drop(g, YEARLY, SG.deadlineDay))


def ongoing_with_end(g: Graph) -> Graph:
    drop(g, DEADLINE, SG.deadlineKind).add((DEADLINE, SG.deadlineKind, Literal("ongoing")))
    return complete(g)


def lead_also_supports(g: Graph) -> Graph:
    g.add((AGENCY, SG.supports, TASK))
    return complete(g)


def task_depends_on_itself(g: Graph) -> Graph:
    g.add((TASK, SG.dependsOn, TASK))
    return complete(g)


def deadline_with_unknown_kind(g: Graph) -> Graph:
    drop(g, DEADLINE, SG.deadlineKind).add((DEADLINE, SG.deadlineKind, Literal("soon")))
    return complete(g)


def measurement_without_indicator(g: Graph) -> Graph:
    return complete(drop(g, MEASUREMENT, SG.measures))


def indicator_replaces_a_document(g: Graph) -> Graph:
    g.add((INDICATOR, SG.replaces, SOURCE_DOC))
    return complete(g)


def level_with_an_empty_band(g: Graph) -> Graph:
    g.add((INDICATOR, SG.scoreFrom, Literal("90", datatype=ns.XSD.decimal)))
    g.add((INDICATOR, SG.scoreBelow, Literal("50", datatype=ns.XSD.decimal)))
    return complete(g)


# (break the valid graph, the node reported (None: the agency's citation), message text)
BROKEN: list[tuple[Callable[[Graph], Graph], URIRef | None, str]] = [
    (two_leads, TASK, "a task has more than one lead (chủ trì)"),
    (target_without_value, TARGET, "a target needs a numeric sg:value"),
    (target_with_integer_value, TARGET, "exactly one numeric sg:value, an xsd:decimal"),
    (qualitative_target_without_text, MILESTONE, "a qualitative target (sg:qualitative true) needs"),
    (target_without_year_or_deadline, TARGET, "a target needs a sg:year or a sg:deadline"),
    (citation_with_bad_kind, None, "sg:kind, one of sg:verbatim, sg:paraphrase, sg:inferred"),
    (citation_with_kind_as_text, None, "sg:kind, one of sg:verbatim, sg:paraphrase, sg:inferred"),
    (citation_without_locator, None, "exactly one non-empty sg:locator"),
    (part_of_cycle, AGENCY, "an agency is part of itself"),
    (part_of_itself, AGENCY, "an agency is part of itself"),
    (part_of_a_task, UNIT, "sg:partOf (trực thuộc) must point to an agency"),
    (missing_name, AGENCY, "needs exactly one Vietnamese name"),
    (name_without_language, AGENCY, "needs exactly one Vietnamese name"),
    (bad_iri, URIRef(ID + "agency/Cuc_Bao_Chi"), "IRI must end in /id/agency/{key}"),
    (entity_without_citation, MEASUREMENT, "has no source"),
    (edge_without_relationship_node, AGENCY, "has no cited sg:Relationship node"),
    (
        relationship_without_triple,
        relationship_iri(UNIT, SG.supports, TASK),
        "that triple is missing",
    ),
    (
        affiliation_ending_before_it_starts,
        relationship_iri(UNIT, SG.partOf, AGENCY),
        "no later than its sg:validTo",
    ),
    (quarter_without_end, DEADLINE, "needs sg:deadlineEnd, its due date"),
    (quarter_with_a_yearly_day, DEADLINE, "only a recurring deadline has sg:deadlineMonth"),
    (recurrence_without_day, YEARLY, "a recurring deadline needs sg:deadlineMonth and sg:deadlineDay"),
    (ongoing_with_end, DEADLINE, "an ongoing deadline (thường xuyên) has no sg:deadlineEnd"),
    (deadline_with_unknown_kind, DEADLINE, "half, year, period, recurring, ongoing or undated"),
    (lead_also_supports, AGENCY, "both leads (chủ trì) and supports (phối hợp)"),
    (task_depends_on_itself, TASK, "a task cannot depend on itself"),
    (measurement_without_indicator, MEASUREMENT, "measures exactly one indicator"),
    (indicator_replaces_a_document, INDICATOR, "which is not of its kind"),
    (level_with_an_empty_band, INDICATOR, "below its sg:scoreBelow"),
]


@pytest.mark.parametrize(("breaker", "focus", "expected"), BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_broken_graph_fails_with_the_expected_message(
    breaker: Callable[[Graph], Graph], focus: URIRef | None, expected: str, shapes: Graph
) -> None:
    data = breaker(base())
    found = results(data, shapes)
    assert found, "the broken graph conformed"
    assert all(expected in message for _, message, _ in found), found
    assert {severity for _, _, severity in found} == {str(SH.Violation)}
    broken = focus if focus is not None else citation_of(data, AGENCY)
    assert str(broken) in {f for f, _, _ in found}


def test_a_qualitative_target_may_also_have_a_value(shapes: Graph) -> None:
    data = base()
    data.add((MILESTONE, SG.value, Literal("1", datatype=ns.XSD.decimal)))
    assert results(complete(data), shapes) == []


# ---------------------------------------------------------------------------
# The curated dataset, as the loaders build it, exported by ontology.mapping
# ---------------------------------------------------------------------------


def export(batch: Batch, base: str = ID.removesuffix("id/")) -> Graph:
    """The RDF export of a batch (``ontology.mapping``), as an rdflib graph for pyshacl."""
    return Graph().parse(data=to_bytes(triples(batch.nodes, batch.edges, base), Format.NTRIPLES), format="nt")


def test_curated_dataset_conforms(shapes: Graph) -> None:
    _, curated = read([Path(__file__).resolve().parents[2] / "data"])
    batch = with_activity(curated)  # the service's audit records, which no file holds
    assert {node.label for node in batch.nodes} == set(Label)
    assert any(edge.valid_from for edge in batch.edges)
    data = export(batch)
    conforms, _, text = validate(data, shacl_graph=shapes)
    assert conforms, text


def test_the_export_of_a_broken_batch_fails_with_the_loaders_message(shapes: Graph) -> None:
    _, batch = read([Path(__file__).resolve().parents[2] / "data"])
    task = next(n for n in batch.nodes if n.label is Label.TASK)
    lead = next(e for e in batch.edges if e.type is Rel.LEADS and e.target == task.id)
    others = [n for n in batch.nodes if n.label is Label.AGENCY and n.id != lead.source]
    second = Edge(Rel.LEADS, others[0].id, task.id, {}, lead.sources)
    found = results(export(Batch.of(batch.nodes, (*batch.edges, second))), shapes)
    assert [(focus, severity) for focus, _, severity in found] == [(ID + task.id, str(SH.Violation))]
    assert "a task has more than one lead (chủ trì)" in found[0][1]


def test_inferred_citation_without_a_note_is_a_warning(shapes: Graph) -> None:
    data = complete(base())
    citation = citation_of(data, AGENCY)
    drop(data, citation, SG.kind).add((citation, SG.kind, kind_concept(Kind.INFERRED)))
    found = results(data, shapes)
    assert found == [(str(citation), found[0][1], str(SH.Warning))]
    assert "should say why in sg:note" in found[0][1]
    conforms, _, _ = validate(data, shacl_graph=shapes, allow_warnings=True)
    assert conforms
    data.add((citation, SG.note, Literal("the unit is named in the news, not in the decision")))
    assert results(data, shapes) == []


@pytest.mark.parametrize(("shape", "statuses"), [("TaskFields", TaskStatus), ("PlanFields", PlanStatus)])
def test_the_statuses_the_shapes_allow_are_the_models(shape: str, statuses: type[StrEnum]) -> None:
    """One list of statuses: the model's enum (loaders, GraphQL and queries use it) and SHACL's ``sh:in`` agree."""
    graph = shapes_graph()
    allowed: list[str] = []
    for prop in graph.objects(URIRef(SGSH + shape), SH.property):
        if graph.value(prop, SH.path) == SG.status:
            allowed = [str(value) for value in Collection(graph, graph.value(prop, SH["in"]))]
    assert allowed == [status.value for status in statuses]
