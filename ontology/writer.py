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

The writer writes text (``ontology.spelling``): a *block* is a subject and its
"predicate object" pairs, already spelled for N-Triples or Turtle. A pair that
recurs (a type, a status, a date, a citation's whole description) is spelled once
and reused. Exports do not call it per record: ``ontology.stamps`` runs it once per
record shape on a probe and fills each record into the result, so what a record
gives is decided here alone; the methods a probe overrides (``pairs``, ``checked``)
are where a value becomes text. A rule that decides by a value must make that
value part of the shape (``ontology.stamps``: ``_DECIDING``, the edge keys): the
tests compare stamped and written bytes for any values. The output is a pure
function of the records and the base IRI, in a stable order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from stratagraph.model.records import Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.ontology.alignment import DEFINED_CLASSES, implied
from stratagraph.ontology.iris import (
    citation_iri,
    deadline_iri,
    instant_iri,
    interval_iri,
    relationship_iri,
    scheme_iri,
)
from stratagraph.ontology.spelling import Spelling, iri
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

__all__ = ["DEADLINE_PROPERTIES", "Block", "Context", "Writer", "context_for"]

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

RDF_TYPE = RDF_NS + "type"

Block = tuple[bytes, Sequence[bytes]]
"""A subject and its ``"predicate object"`` pairs, spelled: one subject's share of the triples."""

DEADLINE_PROPERTIES = frozenset(name for name in DATATYPE_PROPERTIES if SG.Deadline in domain(name))
"""Store properties that sit on the ``sg:Deadline`` node (their ``rdfs:domain``), not on the task."""

_WINDOWS = frozenset({"month", "quarter", "half", "year", "period"})
_MEMBERSHIP_ROLES = {Rel.PART_OF: str(SG.subordinateUnitRole), Rel.GOVERNED_BY: str(SG.governedAgencyRole)}
_KEPT = 1 << 18
"""Spelled pairs and entity IRIs remembered per export, at most (then forgotten and spelled again)."""


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
    in_plan, broader, indicator = Rel.IN_PLAN, Rel.BROADER, Label.INDICATOR.prefix + "/"
    schemes = frozenset(e.target for e in edges if e.type is in_plan and e.source.startswith(indicator))
    return Context(base, schemes, frozenset(e.source for e in edges if e.type is broader))


# ---------------------------------------------------------------------------
# Vocabulary, resolved once
# ---------------------------------------------------------------------------


@cache
def _property(name: str) -> tuple[str, tuple[str, ...]]:
    """A datatype property and the standard properties it implies."""
    prop = str(datatype_property(name))
    return prop, implied(prop)


@cache
def _relation(rel: Rel) -> tuple[str, tuple[str, ...], str]:
    """An object property, the standard properties it implies, and its local name."""
    prop = str(property_for(rel))
    return prop, implied(prop), prop[len(NAMESPACE) :]


@cache
def _types(label: Label, defined: tuple[str, ...]) -> tuple[str, ...]:
    """The classes of a node: its store class, the defined classes it falls in, all they imply."""
    found: list[str] = []
    for cls in (str(class_for(label)), *defined):
        for term in (cls, *implied(cls)):
            if term not in found:
                found.append(term)
    return tuple(found)


def _text_tail(spelling: Spelling, name: str) -> bytes | None:
    """For a property whose values are text as they are: its literals' ending after the quoted text."""
    try:
        lexical = to_lexical(name, "x")
    except TypeError:
        return None  # a date, a number, a truth value: read through ``to_lexical``
    return spelling.literal(lexical).removeprefix(spelling.quoted("x"))


def _with_supers(term: str) -> tuple[str, ...]:
    return (term, *implied(term))


_DEADLINE_TYPES = _with_supers(str(SG.Deadline))
_CITATION_TYPES = _with_supers(str(SG.Citation))
_INSTANT = TIME + "Instant"
_INTERVAL = TIME + "Interval"
_DATE = XSD_NS + "date"


def _items(value: PropValue) -> tuple[str | int | float | bool, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (value,)


# ---------------------------------------------------------------------------
# One export's writer
# ---------------------------------------------------------------------------


class Writer:
    """Spells one export's blocks into ``out``, remembering what recurs (bounded by ``_KEPT``)."""

    def __init__(self, spelling: Spelling, context: Context) -> None:
        self.spelling = spelling
        self.context = context
        self.base = context.base
        self.out: list[Block] = []
        term = spelling.term

        def pred(iri: str) -> bytes:
            return spelling.predicate(iri) + b" "

        self.a = pred(RDF_TYPE)
        self.deadline = pred(str(SG.deadline))
        self.citation = tuple(pred(p) for p in _with_supers(str(SG.citation)))
        self.derived_from = pred(PROV + "wasDerivedFrom")
        self.source = pred(DCTERMS + "source")
        self.primary_source = pred(PROV + "hadPrimarySource")
        self.title = pred(DCTERMS + "title")
        self.issued = pred(DCTERMS + "issued")
        self.in_xsd_date = pred(TIME + "inXSDDate")
        self.has_beginning = pred(TIME + "hasBeginning")
        self.has_end = pred(TIME + "hasEnd")
        self.in_scheme = pred(SKOS + "inScheme")
        self.top_concept_of = pred(SKOS + "topConceptOf")
        self.deadline_types = tuple(self.a + term(t) for t in _DEADLINE_TYPES)
        self.instant = self.a + term(_INSTANT)
        self.interval = self.a + term(_INTERVAL)
        self.scheme = (self.a + term(SKOS + "ConceptScheme"),)
        self.citation_types = tuple(self.a + term(t) for t in _CITATION_TYPES)
        self.cited_document = tuple(pred(p) for p in _with_supers(str(SG.document)))
        self.cited_kind = {
            kind: tuple(pred(p) + term(_kind(kind)) for p in _with_supers(str(SG.kind))) for kind in Kind
        }
        self.relation_source = pred(str(SG.relationSource))
        self.relation_target = pred(str(SG.relationTarget))
        self.member = pred(ORG + "member")
        self.organization = pred(ORG + "organization")
        self.member_during = pred(ORG + "memberDuring")
        self.relations = {rel: self._relation(rel, pred) for rel in Rel}
        self.defined = tuple((d.name, d.values, d.iri) for d in DEFINED_CLASSES)
        self.defined_names = frozenset(d.name for d in DEFINED_CLASSES)
        self._entities: dict[str, bytes] = {}
        self._text_tails = {
            name: tail for name in DATATYPE_PROPERTIES if (tail := _text_tail(spelling, name)) is not None
        }
        """What follows the quoted text of a text property's literal (``@vi``, or nothing for a plain string)."""
        self._pairs: dict[tuple[str, type, object, bool], tuple[bytes, ...]] = {}
        self._citations: dict[Citation, tuple[bytes, ...]] = {}
        self._sources: dict[tuple[Citation, ...], _Sources] = {}
        self._deadlines: dict[tuple[tuple[str, PropValue], ...], _DeadlineShape] = {}
        self._types: dict[tuple[Label, tuple[str, ...]], tuple[bytes, ...]] = {}

    def _relation(self, rel: Rel, pred: Callable[[str], bytes]) -> _Relation:
        term = self.spelling.term
        prop, supers, local = _relation(rel)
        role = _MEMBERSHIP_ROLES.get(rel)
        head = [self.a + term(str(SG.Relationship))]
        if role is not None:
            head.append(self.a + term(ORG + "Membership"))
        return _Relation(
            plain=tuple(pred(p) for p in (prop, *supers)),
            indicator_scheme=rel is Rel.IN_PLAN,
            local=local,
            head=tuple(head),
            relation_type=pred(str(SG.relationType)) + term(prop),
            role=None if role is None else pred(ORG + "role") + term(role),
        )

    # -- terms -------------------------------------------------------------

    def entity(self, node_id: str) -> bytes:
        found = self._entities.get(node_id)
        if found is None:
            if len(self._entities) >= _KEPT:
                self._entities.clear()
            found = self._entities[node_id] = self.checked(f"{self.base}id/{node_id}")
        return found

    def pairs(self, name: str, value: str | int | float | bool, supers: bool = True) -> tuple[bytes, ...]:
        """``"property literal"`` for one value, and, with ``supers``, the standard properties it implies."""
        key = (name, type(value), value, supers)
        found = self._pairs.get(key)
        if found is None:
            obj = self.literal(name, value)
            found = tuple(predicate + obj for predicate in self.predicates(name, supers))
            if len(self._pairs) >= _KEPT:
                self._pairs.clear()
            self._pairs[key] = found
        return found

    def literal(self, name: str, value: str | int | float | bool) -> bytes:
        """One value of store property ``name`` as a literal (``TypeError`` for a value of the wrong type)."""
        tail = self._text_tails.get(name)
        if tail is not None and type(value) is str:
            return self.spelling.quoted(value) + tail
        return self.spelling.literal(to_lexical(name, value))

    def predicates(self, name: str, supers: bool = True) -> tuple[bytes, ...]:
        """``"property "`` for a store property, and, with ``supers``, the standard properties it implies."""
        prop, implied_props = _property(name)
        return tuple(self.spelling.predicate(p) + b" " for p in ((prop, *implied_props) if supers else (prop,)))

    def checked(self, value: str) -> bytes:
        """``<value>``, for an IRI put together from store values (``spelling.iri``: ``ValueError`` if invalid)."""
        return iri(value)

    def types(self, label: Label, defined: tuple[str, ...]) -> tuple[bytes, ...]:
        key = (label, defined)
        found = self._types.get(key)
        if found is None:
            found = self._types[key] = tuple(self.a + self.spelling.term(t) for t in _types(label, defined))
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
            tuple(cls for name, values, cls in self.defined if props.get(name) in values)
            if not self.defined_names.isdisjoint(props)
            else ()
        )
        pairs = list(self.types(label, defined))
        out = self.out
        out.append((self.entity(node.id), pairs))
        deadline: list[tuple[str, PropValue]] = []
        document = label is Label.DOCUMENT
        spell = self.pairs
        for name, value in props.items():
            if name in DEADLINE_PROPERTIES:
                deadline.append((name, value))
            elif isinstance(value, tuple):
                for item in value:
                    pairs.extend(spell(name, item))
            elif value is not None:
                spelled = spell(name, value)
                pairs.extend(spelled)
                if document and name in ("nameVi", "nameEn"):
                    pairs.append(self.title + spelled[0].split(b" ", 1)[1])
                elif document and name == "date":
                    pairs.append(self.issued + spelled[0].split(b" ", 1)[1])
        if deadline:
            self._deadline(subject_iri, pairs, tuple(deadline))
        self._cite(subject_iri, pairs, node.sources)
        if label is Label.PLAN and node.id in self.context.schemes:
            out.append((f"<{scheme_iri(subject_iri)}>".encode(), self.scheme))

    def _deadline(self, subject_iri: str, pairs: list[bytes], props: tuple[tuple[str, PropValue], ...]) -> None:
        """The subject's ``sg:Deadline`` node, typed in OWL-Time by what its kind means (none when all is unset)."""
        shape = self._deadlines.get(props)
        if shape is None:
            shape = self._deadline_shape(props)
        if shape is _NO_DEADLINE:
            return
        body, first, last = shape
        node_iri = deadline_iri(subject_iri)
        node = f"<{node_iri}>".encode()
        pairs.append(self.deadline + node)
        if first is None and last is None:
            self.out.append((node, body))
            return
        block = list(body)
        self.out.append((node, block))
        self._bounds(node_iri, block, first, last)

    def _deadline_shape(self, props: tuple[tuple[str, PropValue], ...]) -> _DeadlineShape:
        """What a deadline node says whatever its subject, and the bounds of its window if it has one."""
        values = dict(props)
        if all(value is None for value in values.values()):
            shape: _DeadlineShape = _NO_DEADLINE
        else:
            pairs = list(self.deadline_types)
            kind, start, end = values.get("deadlineKind"), values.get("deadlineStart"), values.get("deadlineEnd")
            first = start if isinstance(start, str) else None
            last = end if isinstance(end, str) else None
            window = kind in _WINDOWS and last is not None
            if kind == "date" and last is not None:
                pairs.append(self.instant)
                pairs.append(self.in_xsd_date + self._date(last))
            elif window:
                pairs.append(self.interval)
            for name, value in props:
                for item in _items(value):
                    pairs.extend(self.pairs(name, item))
            shape = (tuple(pairs), first, last) if window else (tuple(pairs), None, None)
        if len(self._deadlines) >= _KEPT:
            self._deadlines.clear()
        self._deadlines[props] = shape
        return shape

    def _date(self, day: str) -> bytes:
        return self.pairs("deadlineEnd", day, supers=False)[0].split(b" ", 1)[1]

    def _bounds(self, interval: str, pairs: list[bytes], start: str | None, end: str | None) -> None:
        """``time:hasBeginning`` / ``time:hasEnd`` of an interval (into ``pairs``), each a ``time:Instant`` block."""
        for prop, which, day in ((self.has_beginning, "start", start), (self.has_end, "end", end)):
            if day is not None:
                instant = f"<{instant_iri(interval, which)}>".encode()
                pairs.append(prop + instant)
                self.out.append((instant, (self.instant, self.in_xsd_date + self._date(day))))

    # -- citations ---------------------------------------------------------

    def _cite(self, subject_iri: str, pairs: list[bytes], sources: tuple[Citation, ...]) -> None:
        """The subject's citation links and derivations (into ``pairs``), and a block per citation."""
        entry = self._sources.get(sources)
        if entry is None:
            entry = self._sources_entry(sources)
        bodies, derived = entry
        out = self.out
        links = self.citation
        for n, body in enumerate(bodies, 1):
            node = f"<{citation_iri(subject_iri, n)}>".encode()
            pairs.extend([prop + node for prop in links])
            out.append((node, body))
        pairs.extend(derived)

    def _sources_entry(self, sources: tuple[Citation, ...]) -> _Sources:
        """What the citations of one record say, and what the record derives from them: spelled once.

        Remembered by value: records that cite alike are many (every fact of one article), and
        a cache by identity missed for every record whose tuple was built on its own.
        """
        documents: list[bytes] = []
        primary: list[bytes] = []
        bodies: list[tuple[bytes, ...]] = []
        for source in sources:
            document = self.entity(source.document)
            if document not in documents:
                documents.append(document)
            if source.kind is Kind.VERBATIM and document not in primary:
                primary.append(document)
            body = self._citations.get(source)
            if body is None:
                body = self._citation(source, document)
            bodies.append(body)
        derived = [pair for document in documents for pair in (self.derived_from + document, self.source + document)]
        derived.extend(self.primary_source + document for document in primary)
        entry = (tuple(bodies), tuple(derived))
        if len(self._sources) >= _KEPT:
            self._sources.clear()
        self._sources[sources] = entry
        return entry

    def _citation(self, source: Citation, document: bytes) -> tuple[bytes, ...]:
        """What a citation node says: the same for every citation of the same place."""
        pairs = [*self.citation_types, *(prop + document for prop in self.cited_document)]
        pairs.extend(self.cited_kind[source.kind])
        for name, value in (("locator", source.locator), ("page", source.page), ("quote", source.quote)):
            if value is not None:
                pairs.extend(self.pairs(name, value, supers=False))
        if source.note is not None:
            pairs.extend(self.pairs("note", source.note))
        if len(self._citations) >= _KEPT:
            self._citations.clear()
        found = self._citations[source] = tuple(pairs)
        return found

    # -- edges -------------------------------------------------------------

    def edge(self, edge: Edge) -> None:
        """The plain triple (and what it implies) on the source, then the edge's ``sg:Relationship`` node."""
        relation = self.relations[edge.type]
        entities = self._entities
        source = entities.get(edge.source) or self.entity(edge.source)
        target = entities.get(edge.target) or self.entity(edge.target)
        plain = [prop + target for prop in relation.plain]
        out = self.out
        out.append((source, plain))
        if relation.indicator_scheme and edge.source.startswith(_INDICATOR):
            scheme = f"<{scheme_iri(target[1:-1].decode())}>".encode()
            plain.append(self.in_scheme + scheme)
            if edge.source not in self.context.narrower:
                plain.append(self.top_concept_of + scheme)
        props = edge.props
        node_iri = relationship_iri(self.base, edge, relation.local)
        pairs = [*relation.head, self.relation_source + source, relation.relation_type, self.relation_target + target]
        # the ends are checked IRIs already; only the edge's own date is new in this one
        out.append((self.checked(node_iri) if props else f"<{node_iri}>".encode(), pairs))
        if props:
            for name, value in props.items():
                for item in _items(value):
                    pairs.extend(self.pairs(name, item, supers=False))
        if relation.role is not None:
            pairs.append(self.member + source)
            pairs.append(self.organization + target)
            pairs.append(relation.role)
            valid_from, valid_to = edge.valid_from, edge.valid_to
            if valid_from or valid_to:
                during_iri = interval_iri(node_iri)
                during = f"<{during_iri}>".encode()
                pairs.append(self.member_during + during)
                bounds = [self.interval]
                out.append((during, bounds))
                self._bounds(during_iri, bounds, valid_from, valid_to)
        self._cite(node_iri, pairs, edge.sources)


_DeadlineShape = tuple[tuple[bytes, ...], str | None, str | None]
_NO_DEADLINE: _DeadlineShape = ((), None, None)
_Sources = tuple[tuple[tuple[bytes, ...], ...], tuple[bytes, ...]]
_INDICATOR = Label.INDICATOR.prefix + "/"


@dataclass(frozen=True, slots=True)
class _Relation:
    """One relationship type, spelled: its plain predicates, its node's fixed pairs, its ORG role if any."""

    plain: tuple[bytes, ...]
    indicator_scheme: bool
    """An indicator's ``IN_PLAN`` also puts it in the plan's concept scheme."""
    local: str
    head: tuple[bytes, ...]
    relation_type: bytes
    role: bytes | None


@cache
def _kind(kind: Kind) -> str:
    return str(kind_concept(kind))
