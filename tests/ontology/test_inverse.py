"""Triples -> records: the export read back exactly, and anything outside the ontology refused with where and why."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from stratagraph.model.errors import RDFInputError
from stratagraph.model.records import Batch, Edge, Rel
from stratagraph.ontology.inverse import RELATION_ENDS, decode
from stratagraph.ontology.mapping import triples
from stratagraph.ontology.vocab import SG
from tests.ontology.conftest import BASE

XSD = "http://www.w3.org/2001/XMLSchema#"


def node(local: str) -> NamedNode:
    return NamedNode(f"{BASE}id/{local}")


def term(local: str) -> NamedNode:
    return NamedNode(str(SG[local]))


def exported(batch: Batch) -> list[Triple]:
    return list(triples(batch.nodes, batch.edges, BASE))


def same(a: Batch, b: Batch) -> bool:
    """Batches with the same nodes and edges (order aside; records hold dicts, so compare by id and key)."""
    return {n.id: n for n in a.nodes} == {n.id: n for n in b.nodes} and {e.key: e for e in a.edges} == {
        e.key: e for e in b.edges
    }


def problems(statements: list[Triple]) -> list[RDFInputError]:
    with pytest.raises(RDFInputError) as caught:
        decode(statements)
    return list(caught.value.errors) or [caught.value]


def test_the_export_reads_back_as_the_same_records(small: Batch) -> None:
    decoded = decode(exported(small))
    assert decoded.base == BASE
    assert same(decoded.batch, small)


def test_the_bundled_dataset_reads_back_as_the_same_records(bundled: Batch) -> None:
    decoded = decode(exported(bundled))
    assert same(decoded.batch, bundled)


def test_derived_triples_are_optional(small: Batch) -> None:
    core = [t for t in exported(small) if t.predicate.value.startswith(str(SG)) or _sg_type(t)]
    assert len(core) < len(exported(small)) * 0.7
    assert same(decode(core).batch, small)


def _sg_type(triple: Triple) -> bool:
    return triple.predicate.value.endswith("#type") and str(triple.object).startswith(f"<{SG}")


def test_a_plain_triple_without_a_relationship_node_is_an_uncited_edge(small: Batch) -> None:
    statements = [*exported(small), Triple(node("agency/bo-vhttdl"), term("supports"), node("task/bao-cao"))]
    edges = {e.key: e for e in decode(statements).batch.edges}
    assert edges["agency/bo-vhttdl|SUPPORTS|task/bao-cao|"] == Edge(Rel.SUPPORTS, "agency/bo-vhttdl", "task/bao-cao")


def test_a_property_outside_the_ontology_is_refused_with_subject_predicate_and_hint(small: Batch) -> None:
    comment = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    [error] = problems([*exported(small), Triple(node("agency/bo-tttt"), comment, Literal("ghi chú"))])
    assert error.subject == f"{BASE}id/agency/bo-tttt"
    assert error.predicate == comment.value
    assert "not a statement of this ontology" in error.message
    assert "remove this triple or state it with sg: terms" in error.hint


def test_a_derived_triple_must_match_the_data(small: Batch) -> None:
    wrong = Triple(
        node("agency/bo-tttt"), NamedNode("http://www.w3.org/ns/org#subOrganizationOf"), node("agency/bo-vhttdl")
    )
    [error] = problems([*exported(small), wrong])
    assert error.predicate == "http://www.w3.org/ns/org#subOrganizationOf"


@pytest.mark.parametrize(
    ("extra", "predicate", "message", "hint"),
    [
        (
            Triple(node("agency/bo-tttt"), term("date"), Literal("2023-01-01", datatype=NamedNode(XSD + "date"))),
            "date",
            "sg:date does not describe a sg:Agency",
            "belongs on sg:Document or sg:Measurement",
        ),
        (
            Triple(node("task/phap-ly"), term("deadlineText"), Literal("Quý III/2023")),
            "deadlineText",
            "does not describe a sg:Task",
            "the sg:Deadline node",
        ),
        (
            Triple(node("agency/bo-tttt"), NamedNode(f"{SG}colour"), Literal("đỏ")),
            None,
            "sg:colour is not a property of a sg:Agency",
            "ontology/README.md",
        ),
        (
            Triple(node("agency/bo-tttt"), term("agencyType"), Literal("department")),
            "agencyType",
            "sg:agencyType has 2 values",
            "keep one",
        ),
        (
            Triple(node("agency/bo-tttt"), term("abbreviation"), Literal("BTTTT", language="vi")),
            "abbreviation",
            "sg:abbreviation takes an xsd:string literal",
            "rdfs:range",
        ),
        (
            Triple(node("agency/bo-tttt"), term("leads"), node("agency/cuc-bao-chi")),
            "leads",
            "sg:leads cannot point to agency/cuc-bao-chi",
            "must point to a task",
        ),
        (
            Triple(node("task/phap-ly"), term("inPlan"), NamedNode("https://example.org/plans/781")),
            "inPlan",
            "is not an entity IRI of this dataset",
            "{base}id/{type}/{key}",
        ),
    ],
    ids=["misplaced", "deadline-on-task", "unknown-term", "two-values", "tagged-string", "range", "foreign-iri"],
)
def test_statements_the_ontology_does_not_allow(
    small: Batch, extra: Triple, predicate: str | None, message: str, hint: str
) -> None:
    [error] = problems([*exported(small), extra])
    assert message in error.message
    assert hint in error.hint
    assert error.subject == extra.subject.value  # type: ignore[union-attr]
    if predicate is not None:
        assert error.predicate == str(SG[predicate])


def test_an_iri_of_the_wrong_type_is_refused(small: Batch) -> None:
    [error] = problems([*exported(small), Triple(node("task/khac"), NamedNode(RDF_TYPE), term("Agency"))])
    assert "names a task, but it is typed sg:Agency" in error.message


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_a_citation_without_its_locator_is_refused(small: Batch) -> None:
    agency = NamedNode(f"{BASE}id/agency/bo-tttt")
    citation = next(t.object for t in exported(small) if t.subject == agency and t.predicate == term("citation"))
    statements = [t for t in exported(small) if not (t.subject == citation and t.predicate == term("locator"))]
    [error] = problems(statements)
    assert error.subject == citation.value
    assert "the citation lacks sg:locator" in error.message


def test_a_relationship_node_must_name_a_store_relation(small: Batch) -> None:
    rel = NamedNode(f"{BASE}id/task/hop#fulfilledBy/document/tin-bo-tttt")
    statements = [t for t in exported(small) if not (t.subject == rel and t.predicate == term("relationType"))]
    statements.append(Triple(rel, term("relationType"), term("citation")))
    [error] = problems(statements)
    assert "is not a store relation" in error.message


def test_one_file_has_one_base(small: Batch) -> None:
    other = list(triples(small.nodes[:1], (), "https://elsewhere.example/"))
    [error] = problems([*exported(small), *other])
    assert "entity IRIs under 2 bases" in error.message


def test_every_problem_is_reported_at_once(small: Batch) -> None:
    extra = [
        Triple(node("agency/bo-tttt"), NamedNode(f"{SG}colour"), Literal("đỏ")),
        Triple(node("task/hop"), term("status"), Literal("done", language="en")),
        Triple(node("agency/cuc-bao-chi"), term("dependsOn"), node("task/hop")),
    ]
    assert len(problems([*exported(small), *extra])) == 3


def test_relation_ends_come_from_the_ontology() -> None:
    domain, range_ = RELATION_ENDS[Rel.IN_PLAN]
    assert {label.value for label in domain} == {"Task", "Indicator", "Target"}
    assert {label.value for label in range_} == {"Plan"}
