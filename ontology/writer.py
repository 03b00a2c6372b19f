"""The mapping's rules: which triples a node or an edge gives, as ontology/README.md lays them out.

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

The writer writes *blocks* (a subject and its pairs, ``ontology.rdf_syntax``) in one
syntax: bytes for N-Triples and Turtle, pyoxigraph terms for the rest. Most of an
export recurs (a type, a status, a date, a whole citation's description, the links
of every record citing the same place), so the writer remembers what it wrote, per
value, and joins it again: an export's cost is a few dictionary lookups per record.
What it remembers is bounded (``CACHE_SIZE`` entries a table, then forgotten and
written again), so memory does not grow with the graph. The output is a pure
function of the records and the base IRI, in a stable order (the records' order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, NamedTuple, TypeVar

from stratagraph.model.records import Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.ontology.alignment import DEFINED_CLASSES, implied
from stratagraph.ontology.iris import (
    citation_iri,
    citation_keys,
    deadline_iri,
    instant_iri,
    interval_iri,
    relationship_iri,
    scheme_iri,
)
from stratagraph.ontology.rdf_syntax import Block, Predicate, Syntax, checked_iri
from stratagraph.ontology.vocab import (
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

__all__ = ["CACHE_SIZE", "DEADLINE_PROPERTIES", "Context", "Writer", "context_for"]

T = TypeVar("T")
P = TypeVar("P")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

DEADLINE_PROPERTIES = frozenset(name for name in DATATYPE_PROPERTIES if SG.Deadline in domain(name))
"""Store properties that sit on the ``sg:Deadline`` node (their ``rdfs:domain``), not on the task."""

CACHE_SIZE = 1 << 18
"""Entries each of the writer's tables keeps, at most, before it is emptied and filled again."""

_WINDOWS = frozenset({"month", "quarter", "half", "year", "period"})
_MEMBERSHIP_ROLES = {Rel.PART_OF: str(SG.subordinateUnitRole), Rel.GOVERNED_BY: str(SG.governedAgencyRole)}
_INDICATOR = Label.INDICATOR.prefix + "/"


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


def context_for(base: str, edges: Sequence[Edge]) -> Context:
    """The context of a selection: the plans its indicators are in, the indicators with a broader one."""
    in_plan, broader = Rel.IN_PLAN, Rel.BROADER
    schemes = frozenset(e.target for e in edges if e.type is in_plan and e.source.startswith(_INDICATOR))
    return Context(base, schemes, frozenset(e.source for e in edges if e.type is broader))


def _with_supers(term: str) -> tuple[str, ...]:
    """An ``sg:`` term and the standard terms it implies."""
    return (term, *implied(term))


@cache
def _classes(label: Label, defined: tuple[str, ...]) -> tuple[str, ...]:
    """The classes of a node: its store class, the defined classes it falls in, all they imply."""
    found: list[str] = []
    for cls in (str(class_for(label)), *defined):
        for term in _with_supers(cls):
            if term not in found:
                found.append(term)
    return tuple(found)


def _items(value: PropValue) -> tuple[str | int | float | bool, ...]:
    """The values of a property: none, one, or a list property's items."""
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (value,)


_DeadlineShape = tuple[tuple[P, ...], str | None, str | None]
"""A deadline node's pairs (none: no deadline), and the start and end days of its window, if it has one."""

K = TypeVar("K")


def _remember(table: dict[K, T], key: K, value: T) -> T:
    """``table[key] = value``, emptying the table first when it holds ``CACHE_SIZE`` entries."""
    if len(table) >= CACHE_SIZE:
        table.clear()
    table[key] = value
    return value


@dataclass(frozen=True, slots=True)
class _Relation(Generic[T, P]):
    """One relationship type, written: its plain predicates, its node's fixed pairs, its ORG role if any."""

    plain: tuple[Predicate[T, P], ...]
    local: str
    head: tuple[P, ...]
    relation_type: P
    role: P | None


class _Cited(NamedTuple, Generic[P]):
    """What a record's citations give: each citation's pairs, and the record's derivations from their documents."""

    bodies: tuple[tuple[P, ...], ...]
    keys: tuple[str, ...]
    """Each citation's IRI key (``iris.citation_keys``)."""
    derived: tuple[P, ...]


class Writer(Generic[T, P]):
    """One export's records as blocks in ``syntax``, appended to ``out`` (the caller takes and empties it)."""

    def __init__(self, syntax: Syntax[T, P], context: Context) -> None:
        self.syntax = syntax
        self.context = context
        self.base = context.base
        self.out: list[Block[T, P]] = []
        vocabulary, predicate = syntax.vocabulary, syntax.predicate
        a = predicate(RDF_TYPE)

        def predicates(term: str) -> tuple[Predicate[T, P], ...]:
            return tuple(predicate(p) for p in _with_supers(term))

        def types(term: str) -> tuple[P, ...]:
            return tuple(a + vocabulary(cls) for cls in _with_supers(term))

        self._a = a
        self._deadline = predicate(str(SG.deadline))
        self._citation = predicates(str(SG.citation))
        self._document = predicates(str(SG.document))
        self._derived_from = predicate(PROV + "wasDerivedFrom")
        self._source = predicate(DCTERMS + "source")
        self._primary_source = predicate(PROV + "hadPrimarySource")
        self._title = predicate(DCTERMS + "title")
        self._issued = predicate(DCTERMS + "issued")
        self._in_xsd_date = predicate(TIME + "inXSDDate")
        self._has_beginning = predicate(TIME + "hasBeginning")
        self._has_end = predicate(TIME + "hasEnd")
        self._in_scheme = predicate(SKOS + "inScheme")
        self._top_concept_of = predicate(SKOS + "topConceptOf")
        self._relation_source = predicate(str(SG.relationSource))
        self._relation_target = predicate(str(SG.relationTarget))
        self._member = predicate(ORG + "member")
        self._organization = predicate(ORG + "organization")
        self._member_during = predicate(ORG + "memberDuring")
        self._deadline_types = types(str(SG.Deadline))
        self._citation_types = types(str(SG.Citation))
        self._instant = a + vocabulary(TIME + "Instant")
        self._interval = a + vocabulary(TIME + "Interval")
        self._scheme = (a + vocabulary(SKOS + "ConceptScheme"),)
        self._kinds = {
            kind: tuple(p + vocabulary(str(kind_concept(kind))) for p in predicates(str(SG.kind))) for kind in Kind
        }
        relationship = a + vocabulary(str(SG.Relationship))
        membership = a + vocabulary(ORG + "Membership")
        relation_type = predicate(str(SG.relationType))

        def relation(rel: Rel) -> _Relation[T, P]:
            prop = str(property_for(rel))
            role = _MEMBERSHIP_ROLES.get(rel)
            return _Relation(
                plain=predicates(prop),
                local=prop[len(NAMESPACE) :],
                head=(relationship, membership) if role is not None else (relationship,),
                relation_type=relation_type + vocabulary(prop),
                role=None if role is None else predicate(ORG + "role") + vocabulary(role),
            )

        self._relations = {rel: relation(rel) for rel in Rel}
        self._defined = tuple((d.name, d.values, d.iri) for d in DEFINED_CLASSES)
        self._defined_names = frozenset(d.name for d in DEFINED_CLASSES)
        self._types: dict[tuple[Label, tuple[str, ...]], tuple[P, ...]] = {}
        self._predicates: dict[tuple[str, bool], tuple[Predicate[T, P], ...]] = {}
        # what recurs, by value: bounded (CACHE_SIZE)
        self._entities: dict[str, T] = {}
        self._pairs: dict[tuple[str, type, object, bool], tuple[P, ...]] = {}
        self._cited: dict[tuple[Citation, ...], _Cited[P]] = {}
        self._deadlines: dict[tuple[tuple[str, PropValue], ...], _DeadlineShape[P]] = {}
        self._days: dict[str, tuple[P, P]] = {}

    # -- terms -------------------------------------------------------------

    def entity(self, node_id: str) -> T:
        """An entity's IRI, ``{base}id/{id}`` (``ValueError`` for an id no IRI holds)."""
        found = self._entities.get(node_id)
        if found is None:
            found = _remember(self._entities, node_id, self.syntax.iri(checked_iri(f"{self.base}id/{node_id}")))
        return found

    def literal(self, name: str, value: str | int | float | bool) -> T:
        """One value of store property ``name`` (``TypeError`` for a value of the wrong type)."""
        return self.syntax.literal(to_lexical(name, value))

    def pairs(self, name: str, value: str | int | float | bool, supers: bool = True) -> tuple[P, ...]:
        """``property literal`` for one value, and, with ``supers``, the standard properties it implies.

        Remembered by type too: ``1 == 1.0 == True``, but their literals differ.
        """
        key = (name, type(value), value, supers)
        found = self._pairs.get(key)
        if found is None:
            obj = self.literal(name, value)
            found = _remember(self._pairs, key, tuple([p + obj for p in self._property(name, supers)]))
        return found

    def _property(self, name: str, supers: bool) -> tuple[Predicate[T, P], ...]:
        found = self._predicates.get((name, supers))
        if found is None:
            prop = str(datatype_property(name))
            names = _with_supers(prop) if supers else (prop,)
            found = self._predicates[name, supers] = tuple(self.syntax.predicate(p) for p in names)
        return found

    def _types_of(self, label: Label, defined: tuple[str, ...]) -> tuple[P, ...]:
        found = self._types.get((label, defined))
        if found is None:
            a, vocabulary = self._a, self.syntax.vocabulary
            found = self._types[label, defined] = tuple(a + vocabulary(c) for c in _classes(label, defined))
        return found

    def record(self, record: Node | Edge) -> None:
        if isinstance(record, Node):
            self.node(record)
        else:
            self.edge(record)

    # -- nodes -------------------------------------------------------------

    def node(self, node: Node) -> None:
        """A node's block first, then its deadline's, its instants', its citations' (and a plan's scheme)."""
        subject_iri = f"{self.base}id/{node.id}"
        props = node.props
        label = node.label
        defined = (
            tuple(cls for name, values, cls in self._defined if props.get(name) in values)
            if not self._defined_names.isdisjoint(props)
            else ()
        )
        pairs = list(self._types_of(label, defined))
        self.out.append((self.entity(node.id), pairs))
        deadline: list[tuple[str, PropValue]] = []
        document = label is Label.DOCUMENT
        remembered = self._pairs
        for name, value in props.items():
            if name in DEADLINE_PROPERTIES:
                deadline.append((name, value))
            elif isinstance(value, tuple):
                for item in value:
                    pairs.extend(self.pairs(name, item))
            elif value is not None:
                found = remembered.get((name, type(value), value, True))  # ``pairs``, without the call
                pairs.extend(found if found is not None else self.pairs(name, value))
                if document and name in ("nameVi", "nameEn"):
                    pairs.append(self._title + self.literal(name, value))
                elif document and name == "date":
                    pairs.append(self._issued + self.literal(name, value))
        if deadline:
            self._deadline_of(subject_iri, pairs, tuple(deadline))
        self._cite(subject_iri, pairs, node.sources)
        if label is Label.PLAN and node.id in self.context.schemes:
            self.out.append((self.syntax.iri(scheme_iri(subject_iri)), self._scheme))

    def _deadline_of(self, subject_iri: str, pairs: list[P], props: tuple[tuple[str, PropValue], ...]) -> None:
        """The subject's ``sg:Deadline`` node, typed in OWL-Time by what its kind means (none when all is unset)."""
        shape = self._deadlines.get(props)
        if shape is None:
            shape = _remember(self._deadlines, props, self._deadline_shape(props))
        body, first, last = shape
        if not body:
            return
        node_iri = deadline_iri(subject_iri)
        node = self.syntax.iri(node_iri)
        pairs.append(self._deadline + node)
        if first is None and last is None:
            self.out.append((node, body))
            return
        block = list(body)
        self.out.append((node, block))
        self._bounds(node_iri, block, first, last)

    def _deadline_shape(self, props: tuple[tuple[str, PropValue], ...]) -> _DeadlineShape[P]:
        """What a deadline node says whatever its subject, and the bounds of its window if it has one."""
        values = dict(props)
        if all(value is None for value in values.values()):
            return (), None, None
        pairs = list(self._deadline_types)
        kind, start, end = values.get("deadlineKind"), values.get("deadlineStart"), values.get("deadlineEnd")
        first = start if isinstance(start, str) else None
        last = end if isinstance(end, str) else None
        window = kind in _WINDOWS and last is not None
        if kind == "date" and last is not None:
            pairs.append(self._instant)
            pairs.append(self._day(last))
        elif window:
            pairs.append(self._interval)
        for name, value in props:
            for item in _items(value):
                pairs.extend(self.pairs(name, item))
        return (tuple(pairs), first, last) if window else (tuple(pairs), None, None)

    def _bounds(self, interval: str, pairs: list[P], start: str | None, end: str | None) -> None:
        """``time:hasBeginning`` / ``time:hasEnd`` of an interval (into ``pairs``), each a ``time:Instant`` block."""
        for prop, which, day in ((self._has_beginning, "start", start), (self._has_end, "end", end)):
            if day is not None:
                instant = self.syntax.iri(instant_iri(interval, which))
                pairs.append(prop + instant)
                self.out.append((instant, self._instant_on(day)))

    def _instant_on(self, day: str) -> tuple[P, P]:
        """What an instant says: ``a time:Instant ; time:inXSDDate "day"^^xsd:date`` (``TypeError``: a day not ISO)."""
        found = self._days.get(day)
        if found is None:
            found = _remember(self._days, day, (self._instant, self._day(day)))
        return found

    def _day(self, day: str) -> P:
        """``time:inXSDDate "day"^^xsd:date``."""
        return self._in_xsd_date + self.literal("deadlineEnd", day)

    # -- citations ---------------------------------------------------------

    def _cite(self, subject_iri: str, pairs: list[P], sources: tuple[Citation, ...]) -> None:
        """The subject's citation links and derivations (into ``pairs``), and a block per citation."""
        cited = self._cited.get(sources)
        if cited is None:
            cited = _remember(self._cited, sources, self._cited_by(sources))
        out, iri, links = self.out, self.syntax.iri, self._citation
        for key, body in zip(cited.keys, cited.bodies, strict=True):
            node = iri(citation_iri(subject_iri, key))
            for link in links:
                pairs.append(link + node)
            out.append((node, body))
        pairs.extend(cited.derived)

    def _cited_by(self, sources: tuple[Citation, ...]) -> _Cited[P]:
        """What the citations of one record say, and what the record derives from them."""
        documents: list[T] = []
        primary: list[T] = []
        bodies: list[tuple[P, ...]] = []
        for position, source in enumerate(sources, 1):
            document = self.entity(source.document)
            if document not in documents:
                documents.append(document)
            if source.kind is Kind.VERBATIM and document not in primary:
                primary.append(document)
            bodies.append((*self._citation_body(source, document), *self.pairs("position", position, supers=False)))
        derived: list[P] = []
        for document in documents:
            derived += (self._derived_from + document, self._source + document)
        for document in primary:
            derived.append(self._primary_source + document)
        return _Cited(tuple(bodies), citation_keys(sources), tuple(derived))

    def _citation_body(self, source: Citation, document: T) -> tuple[P, ...]:
        """What a citation node says: the same for every citation of the same place."""
        pairs = list(self._citation_types)
        for predicate in self._document:
            pairs.append(predicate + document)
        pairs.extend(self._kinds[source.kind])
        for name, value in (("locator", source.locator), ("page", source.page), ("quote", source.quote)):
            if value is not None:
                pairs.extend(self.pairs(name, value, supers=False))
        if source.note is not None:
            pairs.extend(self.pairs("note", source.note))
        return tuple(pairs)

    # -- edges -------------------------------------------------------------

    def edge(self, edge: Edge) -> None:
        """The plain triple (and what it implies) on the source, then the edge's ``sg:Relationship`` node."""
        relation = self._relations[edge.type]
        out, entities = self.out, self._entities
        source = entities.get(edge.source) or self.entity(edge.source)
        target = entities.get(edge.target) or self.entity(edge.target)
        plain = []
        for prop in relation.plain:
            plain.append(prop + target)
        out.append((source, plain))
        if edge.type is Rel.IN_PLAN and edge.source.startswith(_INDICATOR):
            scheme = self.syntax.iri(scheme_iri(f"{self.base}id/{edge.target}"))
            plain.append(self._in_scheme + scheme)
            if edge.source not in self.context.narrower:
                plain.append(self._top_concept_of + scheme)
        node_iri = relationship_iri(self.base, edge, relation.local)
        pairs = [
            *relation.head,
            self._relation_source + source,
            relation.relation_type,
            self._relation_target + target,
        ]
        # the ends are checked already; an edge's own values (its start date) are new in its IRI
        out.append((self.syntax.iri(checked_iri(node_iri) if edge.props else node_iri), pairs))
        for name, value in edge.props.items():
            for item in _items(value):
                pairs.extend(self.pairs(name, item, supers=False))
        if relation.role is not None:
            pairs.append(self._member + source)
            pairs.append(self._organization + target)
            pairs.append(relation.role)
            valid_from, valid_to = edge.valid_from, edge.valid_to
            if valid_from or valid_to:
                during_iri = interval_iri(node_iri)
                during = self.syntax.iri(during_iri)
                pairs.append(self._member_during + during)
                bounds = [self._interval]
                out.append((during, bounds))
                self._bounds(during_iri, bounds, valid_from, valid_to)
        self._cite(node_iri, pairs, edge.sources)
