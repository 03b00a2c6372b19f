"""Store records -> RDF triples, as ontology/README.md lays them out; a generator, so exports stream.

Every term comes from the ontology (``ontology.vocab``): classes by node label,
object properties by relationship type, datatype properties and literal types by
store property name. Beyond the ``sg:`` triples the export writes what the
alignments imply (``ontology.alignment``), so consumers without a reasoner see the
standard vocabularies:

- the standard classes and properties each ``sg:`` term specialises
  (``org:Organization``, ``skos:prefLabel``, ``dcterms:creator``, ``prov:entity``…),
  and the defined classes ``sg:GovernmentAgency`` / ``sg:LegalDocument``;
- W3C ORG: each ``PART_OF`` / ``GOVERNED_BY`` relationship node is also an
  ``org:Membership`` with ``org:member``, ``org:organization``, ``org:role`` and,
  when dated, ``org:memberDuring`` (a ``time:Interval``);
- OWL-Time: a deadline of kind ``date`` is a ``time:Instant``, one with a window a
  ``time:Interval`` with ``time:hasBeginning`` / ``time:hasEnd`` instants;
- PROV-O / DCTERMS: each cited thing ``prov:wasDerivedFrom`` and ``dcterms:source``
  its documents, ``prov:hadPrimarySource`` for verbatim citations; documents get
  ``dcterms:title`` and ``dcterms:issued``;
- SKOS: a plan's indicators form the concept scheme ``{plan}#indicators``.

Triples are pyoxigraph terms, not rdflib ones: building a term costs about a
third, and pyoxigraph serialises and loads them directly (``bench/export.py``).
The output is a pure function of the records and the base IRI, in a stable order,
which ``ontology.inverse`` relies on to check an import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from pyoxigraph import Literal, NamedNode, Triple

from graph.records import Citation, Edge, Kind, Label, Node, PropValue, Rel, label_of
from ontology.alignment import DEFINED_CLASSES, implied
from ontology.iris import (
    citation_iri,
    deadline_iri,
    entity_iri,
    instant_iri,
    interval_iri,
    relationship_iri,
    scheme_iri,
)
from ontology.vocab import (
    DATATYPE_PROPERTIES,
    NAMESPACE,
    SG,
    class_for,
    datatype_property,
    domain,
    kind_concept,
    property_for,
    to_lexical,
)

__all__ = ["DEADLINE_PROPERTIES", "Context", "context_for", "edge_triples", "node_triples", "triples"]

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"


@cache
def iri(value: str) -> NamedNode:
    """A cached named node for the vocabulary's terms, which the export reuses millions of times.

    Only for terms from a bounded set (classes, properties, datatypes): entity IRIs
    are built with ``NamedNode`` directly, or the cache would grow with the graph.
    """
    return NamedNode(value)


A = iri(RDF_NS + "type")

DEADLINE_PROPERTIES = frozenset(name for name in DATATYPE_PROPERTIES if SG.Deadline in domain(name))
"""Store properties that sit on the ``sg:Deadline`` node (their ``rdfs:domain``), not on the task."""

_WINDOWS = frozenset({"month", "quarter", "half", "year", "period"})
_MEMBERSHIP_ROLES = {Rel.PART_OF: SG.subordinateUnitRole, Rel.GOVERNED_BY: SG.governedAgencyRole}


@dataclass(frozen=True, slots=True)
class Context:
    """What one node's or edge's triples depend on beyond the record itself.

    ``schemes``: plans some exported indicator is in (they get a concept scheme);
    ``narrower``: indicators with a broader one (not top concepts of their scheme).
    Both come from the edges exported alongside, so a slice of the graph maps the
    same way when it is exported and when it is read back.
    """

    base: str
    schemes: frozenset[str] = frozenset()
    narrower: frozenset[str] = frozenset()


def context_for(base: str, edges: Iterable[Edge]) -> Context:
    schemes: set[str] = set()
    narrower: set[str] = set()
    for edge in edges:
        if edge.type is Rel.IN_PLAN and label_of(edge.source) is Label.INDICATOR:
            schemes.add(edge.target)
        elif edge.type is Rel.BROADER:
            narrower.add(edge.source)
    return Context(base, frozenset(schemes), frozenset(narrower))


def triples(nodes: Iterable[Node], edges: Sequence[Edge], base: str) -> Iterator[Triple]:
    """Every triple of ``nodes`` and ``edges``: each node's block, then each edge's."""
    context = context_for(base, edges)
    for node in nodes:
        yield from node_triples(node, context)
    for edge in edges:
        yield from edge_triples(edge, context)


# ---------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------


@cache
def _property(name: str) -> tuple[NamedNode, tuple[NamedNode, ...]]:
    """A datatype property and the standard properties it implies."""
    prop = str(datatype_property(name))
    return iri(prop), tuple(iri(p) for p in implied(prop))


@cache
def _relation(rel: Rel) -> tuple[NamedNode, tuple[NamedNode, ...], str]:
    """An object property, the standard properties it implies, and its local name."""
    prop = str(property_for(rel))
    return iri(prop), tuple(iri(p) for p in implied(prop)), prop[len(NAMESPACE) :]


@cache
def _types(label: Label, defined: tuple[str, ...]) -> tuple[NamedNode, ...]:
    """The classes of a node: its store class, the defined classes it falls in, all they imply."""
    found: list[str] = []
    for cls in (str(class_for(label)), *defined):
        for term in (cls, *implied(cls)):
            if term not in found:
                found.append(term)
    return tuple(iri(t) for t in found)


def literal(name: str, value: str | int | float | bool) -> Literal:
    """The literal of one store value, typed by the ontology (``vocab.to_lexical``).

    Values repeat across a graph (statuses, units, dates, deadline kinds, locators), so literals are
    remembered by property, value and the value's type (``True`` is not ``1``); the memory is bounded
    (emptied past ``_LITERALS_KEPT``). An export of 10k tasks reads a third of its literals from it.
    """
    key = (name, type(value), value)
    found = _literals.get(key)
    if found is None:
        lexical = to_lexical(name, value)
        if lexical.language is not None:
            found = Literal(lexical.text, language=lexical.language)
        else:
            found = Literal(lexical.text, datatype=iri(lexical.datatype))
        if len(_literals) >= _LITERALS_KEPT:
            _literals.clear()
        _literals[key] = found
    return found


_LITERALS_KEPT = 1 << 16
_literals: dict[tuple[str, type, object], Literal] = {}


def _items(value: PropValue) -> tuple[str | int | float | bool, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (value,)


# ---------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------

_DERIVED_FROM = iri(PROV + "wasDerivedFrom")
_PRIMARY_SOURCE = iri(PROV + "hadPrimarySource")
_SOURCE = iri(DCTERMS + "source")
_TITLE = iri(DCTERMS + "title")
_ISSUED = iri(DCTERMS + "issued")


_SG_DEADLINE = iri(str(SG.deadline))
_DEADLINE_TYPES = tuple(iri(t) for t in (str(SG.Deadline), *implied(str(SG.Deadline))))
_INSTANT = iri(TIME + "Instant")
_INTERVAL = iri(TIME + "Interval")
_IN_XSD_DATE = iri(TIME + "inXSDDate")
_HAS_BEGINNING = iri(TIME + "hasBeginning")
_HAS_END = iri(TIME + "hasEnd")
_DATE = iri(XSD_NS + "date")
_SCHEME = iri(SKOS + "ConceptScheme")


def node_triples(node: Node, context: Context) -> Iterator[Triple]:
    """One node's triples: its own statements first, then its deadline and citation nodes."""
    subject_iri = entity_iri(context.base, node.id)
    subject = NamedNode(subject_iri)
    defined = tuple(d.iri for d in DEFINED_CLASSES if node.props.get(d.name) in d.values)
    for cls in _types(node.label, defined):
        yield Triple(subject, A, cls)
    deadline: dict[str, PropValue] = {}
    document = node.label is Label.DOCUMENT
    for name, value in node.props.items():
        if name in DEADLINE_PROPERTIES:
            deadline[name] = value
            continue
        prop, supers = _property(name)
        for item in _items(value):
            obj = literal(name, item)
            yield Triple(subject, prop, obj)
            for sup in supers:
                yield Triple(subject, sup, obj)
            if document and name in ("nameVi", "nameEn"):
                yield Triple(subject, _TITLE, obj)
            elif document and name == "date":
                yield Triple(subject, _ISSUED, obj)
    nested: list[Triple] = []
    if any(value is not None for value in deadline.values()):
        node_deadline = NamedNode(deadline_iri(subject_iri))
        yield Triple(subject, _SG_DEADLINE, node_deadline)
        nested.extend(_deadline(node_deadline, deadline))
    yield from _cited(context.base, subject_iri, subject, node.sources, nested)
    yield from nested
    if node.label is Label.PLAN and node.id in context.schemes:
        yield Triple(NamedNode(scheme_iri(subject_iri)), A, _SCHEME)


def _deadline(node: NamedNode, props: dict[str, PropValue]) -> Iterator[Triple]:
    """The ``sg:Deadline`` node, typed in OWL-Time by what its kind means."""
    for cls in _DEADLINE_TYPES:
        yield Triple(node, A, cls)
    kind, start, end = props.get("deadlineKind"), props.get("deadlineStart"), props.get("deadlineEnd")
    first = start if isinstance(start, str) else None
    last = end if isinstance(end, str) else None
    window = kind in _WINDOWS and last is not None
    if kind == "date" and last is not None:
        yield Triple(node, A, _INSTANT)
        yield Triple(node, _IN_XSD_DATE, Literal(last, datatype=_DATE))
    elif window:
        yield Triple(node, A, _INTERVAL)
    for name, value in props.items():
        prop, supers = _property(name)
        for item in _items(value):
            obj = literal(name, item)
            yield Triple(node, prop, obj)
            for sup in supers:
                yield Triple(node, sup, obj)
    if window:
        yield from _interval_bounds(node, first, last)


def _interval_bounds(interval: NamedNode, start: str | None, end: str | None) -> Iterator[Triple]:
    """``time:hasBeginning`` / ``time:hasEnd`` of an interval, each a ``time:Instant``."""
    bounds = [(_HAS_BEGINNING, "start", start), (_HAS_END, "end", end)]
    instants: list[tuple[NamedNode, str]] = []
    for prop, which, day in bounds:
        if day is not None:
            instant = NamedNode(instant_iri(interval.value, which))
            yield Triple(interval, prop, instant)
            instants.append((instant, day))
    for instant, day in instants:
        yield Triple(instant, A, _INSTANT)
        yield Triple(instant, _IN_XSD_DATE, Literal(day, datatype=_DATE))


# ---------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------

_CITATION = iri(str(SG.citation))
_CITATION_SUPERS = tuple(iri(p) for p in implied(str(SG.citation)))
_CITATION_TYPES = tuple(iri(t) for t in (str(SG.Citation), *implied(str(SG.Citation))))
_DOCUMENT, _DOCUMENT_SUPERS = iri(str(SG.document)), tuple(iri(p) for p in implied(str(SG.document)))
_KIND, _KIND_SUPERS = iri(str(SG.kind)), tuple(iri(p) for p in implied(str(SG.kind)))


def _cited(
    base: str, subject_iri: str, subject: NamedNode, sources: Sequence[Citation], nested: list[Triple]
) -> Iterator[Triple]:
    """The subject's citation links and derivations; the citation nodes go to ``nested``."""
    documents: list[NamedNode] = []
    primary: list[NamedNode] = []
    for n, source in enumerate(sources, 1):
        node = NamedNode(citation_iri(subject_iri, n))
        yield Triple(subject, _CITATION, node)
        for sup in _CITATION_SUPERS:
            yield Triple(subject, sup, node)
        document = NamedNode(entity_iri(base, source.document))
        if document not in documents:
            documents.append(document)
        if source.kind is Kind.VERBATIM and document not in primary:
            primary.append(document)
        nested.extend(_citation(node, document, source))
    for document in documents:
        yield Triple(subject, _DERIVED_FROM, document)
        yield Triple(subject, _SOURCE, document)
    for document in primary:
        yield Triple(subject, _PRIMARY_SOURCE, document)


@cache
def _kind(kind: Kind) -> NamedNode:
    return iri(str(kind_concept(kind)))


def _citation(node: NamedNode, document: NamedNode, source: Citation) -> Iterator[Triple]:
    for cls in _CITATION_TYPES:
        yield Triple(node, A, cls)
    yield Triple(node, _DOCUMENT, document)
    for sup in _DOCUMENT_SUPERS:
        yield Triple(node, sup, document)
    kind = _kind(source.kind)
    yield Triple(node, _KIND, kind)
    for sup in _KIND_SUPERS:
        yield Triple(node, sup, kind)
    for name, value in (("locator", source.locator), ("page", source.page), ("quote", source.quote)):
        if value is not None:
            yield Triple(node, _property(name)[0], literal(name, value))
    if source.note is not None:
        prop, supers = _property("note")
        obj = literal("note", source.note)
        yield Triple(node, prop, obj)
        for sup in supers:
            yield Triple(node, sup, obj)


# ---------------------------------------------------------------------------
# Edges
# ---------------------------------------------------------------------------

_RELATIONSHIP = iri(str(SG.Relationship))
_RELATION_SOURCE = iri(str(SG.relationSource))
_RELATION_TYPE = iri(str(SG.relationType))
_RELATION_TARGET = iri(str(SG.relationTarget))
_MEMBERSHIP = iri(ORG + "Membership")
_MEMBER = iri(ORG + "member")
_ORGANIZATION = iri(ORG + "organization")
_ROLE = iri(ORG + "role")
_MEMBER_DURING = iri(ORG + "memberDuring")
_IN_SCHEME = iri(SKOS + "inScheme")
_TOP_CONCEPT_OF = iri(SKOS + "topConceptOf")


def edge_triples(edge: Edge, context: Context) -> Iterator[Triple]:
    """The plain triple (and what it implies), then the edge's ``sg:Relationship`` node."""
    prop, supers, local = _relation(edge.type)
    source_iri = entity_iri(context.base, edge.source)
    source, target = NamedNode(source_iri), NamedNode(entity_iri(context.base, edge.target))
    yield Triple(source, prop, target)
    for sup in supers:
        yield Triple(source, sup, target)
    if edge.type is Rel.IN_PLAN and label_of(edge.source) is Label.INDICATOR:
        scheme = NamedNode(scheme_iri(target.value))
        yield Triple(source, _IN_SCHEME, scheme)
        if edge.source not in context.narrower:
            yield Triple(source, _TOP_CONCEPT_OF, scheme)
    node_iri = relationship_iri(context.base, edge, local)
    node = NamedNode(node_iri)
    role = _MEMBERSHIP_ROLES.get(edge.type)
    yield Triple(node, A, _RELATIONSHIP)
    if role is not None:
        yield Triple(node, A, _MEMBERSHIP)
    yield Triple(node, _RELATION_SOURCE, source)
    yield Triple(node, _RELATION_TYPE, prop)
    yield Triple(node, _RELATION_TARGET, target)
    for name, value in edge.props.items():
        relationship_prop, _ = _property(name)
        for item in _items(value):
            yield Triple(node, relationship_prop, literal(name, item))
    nested: list[Triple] = []
    if role is not None:
        yield Triple(node, _MEMBER, source)
        yield Triple(node, _ORGANIZATION, target)
        yield Triple(node, _ROLE, iri(str(role)))
        if edge.valid_from or edge.valid_to:
            during = NamedNode(interval_iri(node_iri))
            yield Triple(node, _MEMBER_DURING, during)
            nested.append(Triple(during, A, _INTERVAL))
            nested.extend(_interval_bounds(during, edge.valid_from, edge.valid_to))
    yield from _cited(context.base, node_iri, node, edge.sources, nested)
    yield from nested
