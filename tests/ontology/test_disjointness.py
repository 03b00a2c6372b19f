"""The core classes are disjoint, and an OWL RL reasoner (owlrl) catches an IRI typed as two of them.

owlrl computes the OWL 2 RL closure of the ontology and the data; an inconsistency
(rule ``cax-adc``: one individual in two classes of an ``owl:AllDisjointClasses``)
is reported as an ``err:ErrorMessage`` in the closed graph.
"""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF

from stratagraph.model.records import Batch, Label
from stratagraph.ontology.mapping import triples
from stratagraph.ontology.vocab import SG, class_for, ontology_graph
from tests.ontology.conftest import BASE, rdflib_graph

ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
AGENCY = URIRef(BASE + "id/agency/cuc-bao-chi")
OTHER_AGENCY = URIRef(BASE + "id/agency/bo-tttt")


def closure_errors(data: Graph) -> list[str]:
    """The inconsistencies owlrl finds in the OWL RL closure of ``data`` and the ontology."""
    graph = data + ontology_graph()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return sorted(str(graph.value(message, ERR.error)) for message in graph.subjects(RDF.type, ERR.ErrorMessage))


def exported(batch: Batch) -> Graph:
    return rdflib_graph(triples(batch.nodes, batch.edges, BASE))


def disjoint_sets() -> list[set[URIRef]]:
    onto = ontology_graph()
    return [
        {URIRef(str(member)) for member in Collection(onto, onto.value(axiom, OWL.members))}
        for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]


def test_every_store_label_is_among_the_disjoint_core_classes() -> None:
    (core,) = disjoint_sets()
    assert {class_for(label) for label in Label} <= core
    assert {SG.Deadline, SG.Citation, SG.Relationship} <= core


def test_an_iri_typed_both_agency_and_task_is_caught(small: Batch) -> None:
    data = exported(small)
    assert closure_errors(data) == []
    data.add((AGENCY, RDF.type, SG.Task))
    errors = closure_errors(data)
    assert len(errors) == 1, errors
    assert str(AGENCY) in errors[0]
    assert "Disjoint classes" in errors[0]


def test_an_agency_said_to_lead_an_agency_is_caught_through_the_range_of_leads(small: Batch) -> None:
    """No type is stated wrongly: sg:leads's range makes the second agency a task, which it cannot be."""
    data = exported(small)
    data.add((OTHER_AGENCY, SG.leads, AGENCY))
    errors = closure_errors(data)
    assert any(str(AGENCY) in error and "Disjoint classes" in error for error in errors), errors


@pytest.mark.parametrize(("first", "second"), [(SG.Plan, SG.Document), (SG.Citation, SG.Relationship)])
def test_other_pairs_of_core_classes_are_caught(small: Batch, first: URIRef, second: URIRef) -> None:
    data = exported(small)
    thing = URIRef(BASE + "id/plan/kh-781")
    data.add((thing, RDF.type, first))
    data.add((thing, RDF.type, second))
    assert any(str(thing) in error for error in closure_errors(data))


def test_the_curated_dataset_is_consistent_under_owl_rl(bundled: Batch) -> None:
    assert closure_errors(exported(bundled)) == []
