"""What the ontology's alignments imply, read from ``stratagraph.ttl`` for the export to materialise.

Our terms specialise the standard ones (``sg:Agency ⊑ org:Organization``,
``sg:partOf ⊑ org:subOrganizationOf``, ``sg:nameVi ⊑ skos:prefLabel``). A consumer
with an RDFS reasoner sees the standard terms anyway; most consumers have none —
our own ``/sparql`` does no inference, nor do LOD browsers or SKOS tools — so the
export also writes the standard terms each ``sg:`` term implies. They are read from
the ontology's ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` (through ``sg:`` terms,
so ``sg:GovernmentAgency`` implies what ``sg:Agency`` implies), never listed by
hand: change an alignment axiom and the export follows.

The two defined classes (``sg:GovernmentAgency``, ``sg:LegalDocument``) are read
the same way: which ``sg:agencyType`` / ``sg:docType`` values make a member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS

from stratagraph.ontology.vocab import NAMESPACE, name_for_property, ontology_graph

__all__ = ["DEFINED_CLASSES", "IMPLIED", "DefinedClass", "implied"]


@dataclass(frozen=True, slots=True)
class DefinedClass:
    """A class whose members are the entities with one of ``values`` in property ``name``."""

    iri: str
    name: str
    values: frozenset[str]


def _ours(term: object) -> bool:
    return isinstance(term, URIRef) and term.startswith(NAMESPACE)


def _implied(graph: Graph, term: URIRef) -> tuple[str, ...]:
    """The non-``sg:`` super-terms of ``term``, following ``sg:`` super-terms transitively."""
    found: list[str] = []
    seen = {term}
    todo = [term]
    while todo:
        current = todo.pop()
        for axis in (RDFS.subClassOf, RDFS.subPropertyOf):
            for parent in graph.objects(current, axis):
                if not isinstance(parent, URIRef) or parent in seen:
                    continue
                seen.add(parent)
                if _ours(parent):
                    todo.append(parent)
                else:
                    found.append(str(parent))
    return tuple(sorted(found))


def _defined(graph: Graph) -> tuple[DefinedClass, ...]:
    found: list[DefinedClass] = []
    for cls, definition in graph.subject_objects(OWL.equivalentClass):
        if not _ours(cls):
            continue
        for parts in graph.objects(definition, OWL.intersectionOf):
            for member in Collection(graph, parts):
                prop = graph.value(member, OWL.onProperty)
                datatype = graph.value(member, OWL.someValuesFrom)
                listed = graph.value(datatype, OWL.oneOf) if datatype is not None else None
                if isinstance(prop, URIRef) and listed is not None:
                    values = frozenset(str(v) for v in Collection(graph, listed) if isinstance(v, Literal))
                    found.append(DefinedClass(str(cls), name_for_property(prop), values))
    return tuple(sorted(found, key=lambda d: d.iri))


_GRAPH = ontology_graph()

IMPLIED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        str(term): supers
        for term in set(_GRAPH.subjects())
        if _ours(term) and isinstance(term, URIRef) and (supers := _implied(_GRAPH, term))
    }
)
"""``sg:`` class or property IRI -> the standard-vocabulary terms it implies."""

DEFINED_CLASSES: tuple[DefinedClass, ...] = _defined(_GRAPH)
"""``sg:GovernmentAgency`` by ``agencyType``, ``sg:LegalDocument`` by ``docType``."""


def implied(term: str) -> tuple[str, ...]:
    """The standard-vocabulary classes or properties an ``sg:`` term implies (empty when none)."""
    return IMPLIED.get(term, ())
