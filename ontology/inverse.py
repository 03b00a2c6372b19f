"""RDF triples -> store records: the inverse of ``ontology.mapping``, for importing RDF.

The reader takes the statements that carry data — entities typed with a store
class, their ``sg:`` properties, ``sg:Deadline`` and ``sg:Citation`` nodes, and
one ``sg:Relationship`` node per edge — and rebuilds the ``Node``s and ``Edge``s
they describe. Every other triple must be one the export itself derives from that
data (the standard-vocabulary types and properties, ORG memberships, OWL-Time
instants, PROV/DCTERMS source links, SKOS schemes): the reader maps the records
back to triples with ``ontology.mapping`` and checks that each leftover triple is
among them. So anything the store has no place for is refused, with the subject,
the predicate and what to do, instead of being dropped in silence.

A plain store-relation triple without a relationship node is read as an edge
without citations of its own; the loaders then let it cite its record's sources,
as they do for a YAML link without ``sources``.

This module checks the RDF shape only; ``loaders/rdf_file.py`` passes the records
through the same checks as every other input (references, leads, cycles…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node as RDFNode

from stratagraph.model.errors import RDFInputError
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, PropValue, Rel, Scalar, label_of
from stratagraph.ontology.iris import parse_entity_iri
from stratagraph.ontology.mapping import triples
from stratagraph.ontology.vocab import (
    CLASSES,
    DATATYPE_PROPERTIES,
    KINDS,
    NAMESPACE,
    RELATIONS,
    SG,
    Lexical,
    domain,
    from_lexical,
    is_list,
    ontology_graph,
)
from stratagraph.ontology.writer import DEADLINE_PROPERTIES

__all__ = ["RELATION_ENDS", "Decoded", "decode"]

Subject = NamedNode | BlankNode
Term = NamedNode | BlankNode | Literal

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS: Mapping[str, Label] = MappingProxyType({str(iri): label for label, iri in CLASSES.items()})
_RELS: Mapping[str, Rel] = MappingProxyType({str(iri): rel for rel, iri in RELATIONS.items()})
_NAMES: Mapping[str, str] = MappingProxyType({str(iri): name for name, iri in DATATYPE_PROPERTIES.items()})
_KINDS: Mapping[str, Kind] = MappingProxyType({str(iri): kind for kind, iri in KINDS.items()})
_CITATION_FIELDS = frozenset({"locator", "page", "quote", "note"})
_EDGE_FIELDS = frozenset(name for name in DATATYPE_PROPERTIES if SG.Relationship in domain(name))
_SOURCE_N = re.compile(r"source-(\d+)$")
_WHOLE = re.compile(r"[1-9][0-9]{0,8}")


def _position(values: Sequence[Term]) -> int | None:
    """The one whole number from 1 that ``sg:position`` values state, or None when they state no such one."""
    if len(values) == 1 and isinstance(values[0], Literal) and _WHOLE.fullmatch(values[0].value):
        return int(values[0].value)
    return None


def _relation_ends() -> Mapping[Rel, tuple[frozenset[Label], frozenset[Label]]]:
    """Each relation's domain and range as node labels, from the ontology's ``rdfs:domain``/``rdfs:range``."""
    graph = ontology_graph()

    def labels(declared: RDFNode | None) -> frozenset[Label]:
        if isinstance(declared, URIRef):
            return frozenset({_LABELS[str(declared)]})
        union = graph.value(declared, OWL.unionOf) if declared is not None else None
        return frozenset(_LABELS[str(c)] for c in Collection(graph, union)) if union is not None else frozenset()

    return MappingProxyType(
        {
            rel: (labels(graph.value(prop, RDFS.domain)), labels(graph.value(prop, RDFS.range)))
            for rel, prop in RELATIONS.items()
        }
    )


RELATION_ENDS = _relation_ends()
"""``Rel`` -> (labels its source may have, labels its target may have)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """The records an RDF graph describes, and the base IRI its entity IRIs were minted under."""

    batch: Batch
    base: str | None


@dataclass
class _Reader:
    limit: int
    statements: dict[Subject, dict[str, list[Term]]] = field(default_factory=dict)
    errors: list[RDFInputError] = field(default_factory=list)
    leftovers: set[Triple] = field(default_factory=set)
    visited: set[Subject] = field(default_factory=set)
    bases: dict[str, str] = field(default_factory=dict)

    # -- collecting --------------------------------------------------------------

    def add(self, triple: Triple) -> None:
        subject, obj = triple.subject, triple.object
        if isinstance(subject, Triple) or isinstance(obj, Triple):
            self.error("RDF-star triples are not part of this ontology", None, None, "remove the quoted triple")
            return
        objects = self.statements.setdefault(subject, {}).setdefault(triple.predicate.value, [])
        if obj not in objects:
            objects.append(obj)

    def error(self, message: str, subject: Subject | None, predicate: str | None, hint: str) -> None:
        if len(self.errors) < self.limit:
            shown = (
                None if subject is None else subject.value if isinstance(subject, NamedNode) else f"_:{subject.value}"
            )
            self.errors.append(RDFInputError(message, subject=shown, predicate=predicate, hint=hint))

    def leftover(self, subject: Subject, predicate: str, objects: Iterable[Term]) -> None:
        for obj in objects:
            self.leftovers.add(Triple(subject, NamedNode(predicate), obj))

    # -- ids ---------------------------------------------------------------------

    def entity_id(self, term: Term, subject: Subject, predicate: str | None, label: Label | None = None) -> str | None:
        """The store id of an entity IRI (``{base}id/{type}/{key}``), checking its type and base."""
        if not isinstance(term, NamedNode):
            self.error(
                f"{_show(term)} is not an entity IRI",
                subject,
                predicate,
                "entities are named by IRIs {base}id/{type}/{key}, not blank nodes or literals",
            )
            return None
        parsed = parse_entity_iri(term.value)
        if parsed is None:
            self.error(
                f"<{term.value}> is not an entity IRI of this dataset",
                subject,
                predicate,
                "entity IRIs are {base}id/{type}/{key}: type one of "
                + ", ".join(label.prefix for label in Label)
                + "; key lower-case ASCII letters, digits and '-'",
            )
            return None
        if label is not None and parsed.label is not label:
            self.error(
                f"<{term.value}> names a {parsed.label.prefix}, but it is typed sg:{label.value}",
                subject,
                predicate,
                f"use an IRI ending in /id/{label.prefix}/{{key}} for a {label.value.lower()}",
            )
            return None
        self.bases.setdefault(parsed.base, term.value)
        return parsed.id

    # -- entities ----------------------------------------------------------------

    def entity(self, subject: NamedNode, label: Label) -> Node | None:
        node_id = self.entity_id(subject, subject, _RDF_TYPE, label)
        props: dict[str, PropValue] = {}
        lists: dict[str, list[Scalar]] = {}
        sources: tuple[Citation, ...] = ()
        cls = CLASSES[label]
        for predicate, objects in self.statements[subject].items():
            if predicate == _RDF_TYPE:
                self.leftover(subject, predicate, [o for o in objects if o != NamedNode(str(cls))])
            elif predicate in _NAMES:
                name = _NAMES[predicate]
                if name in DEADLINE_PROPERTIES or name in _EDGE_FIELDS or (domain(name) and cls not in domain(name)):
                    self.misplaced(subject, predicate, name, f"sg:{label.value}")
                    continue
                self.values(subject, predicate, name, objects, props, lists)
            elif predicate == str(SG.deadline):
                self.deadline(subject, objects, props)
            elif predicate == str(SG.citation):
                sources = self.citations(subject, objects)
            elif predicate in _RELS:
                continue  # plain triples: read with the relationship nodes
            elif predicate.startswith(NAMESPACE):
                self.error(
                    f"sg:{predicate[len(NAMESPACE) :]} is not a property of a sg:{label.value}",
                    subject,
                    predicate,
                    "see ontology/README.md for the properties of each class",
                )
            else:
                self.leftover(subject, predicate, objects)
        props.update({name: tuple(str(v) for v in values) for name, values in lists.items()})
        self.visited.add(subject)
        return None if node_id is None else Node(node_id, label, props, sources)

    def values(
        self,
        subject: Subject,
        predicate: str,
        name: str,
        objects: list[Term],
        props: dict[str, PropValue],
        lists: dict[str, list[Scalar]],
    ) -> None:
        if not is_list(name) and len(objects) > 1:
            shown = ", ".join(_show(o) for o in objects[:3])
            self.error(f"sg:{name} has {len(objects)} values ({shown})", subject, predicate, "keep one")
            return
        for obj in objects:
            if not isinstance(obj, Literal):
                self.error(
                    f"sg:{name} takes a literal, not {_show(obj)}", subject, predicate, "write the value as a literal"
                )
                continue
            try:
                value = from_lexical(name, _lexical(obj))
            except RDFInputError as error:
                self.error(
                    error.message, subject, predicate, "use the datatype ontology/stratagraph.ttl gives as rdfs:range"
                )
                continue
            if is_list(name):
                lists.setdefault(name, []).append(value)
            else:
                props[name] = value

    def misplaced(self, subject: Subject, predicate: str, name: str, where: str) -> None:
        home = (
            "the sg:Deadline node (sg:deadline)"
            if name in DEADLINE_PROPERTIES
            else "a sg:Relationship node"
            if name in _EDGE_FIELDS
            else " or ".join(f"sg:{str(c)[len(NAMESPACE) :]}" for c in sorted(domain(name)))
        )
        self.error(f"sg:{name} does not describe a {where}", subject, predicate, f"sg:{name} belongs on {home}")

    def deadline(self, owner: Subject, objects: list[Term], props: dict[str, PropValue]) -> None:
        if len(objects) > 1:
            self.error(f"{len(objects)} deadlines", owner, str(SG.deadline), "a task or target has one sg:deadline")
            return
        node = objects[0]
        if isinstance(node, Literal):
            self.error(
                f"sg:deadline takes a sg:Deadline node, not {_show(node)}",
                owner,
                str(SG.deadline),
                "write the text as sg:deadlineText on a node {entity}#deadline",
            )
            return
        self.visited.add(node)
        lists: dict[str, list[Scalar]] = {}
        for predicate, values in self.statements.get(node, {}).items():
            name = _NAMES.get(predicate)
            if predicate == _RDF_TYPE:
                self.leftover(node, predicate, [v for v in values if v != NamedNode(str(SG.Deadline))])
            elif name in DEADLINE_PROPERTIES and name is not None:
                self.values(node, predicate, name, values, props, lists)
            elif predicate.startswith(NAMESPACE):
                self.error(
                    f"sg:{predicate[len(NAMESPACE) :]} does not describe a sg:Deadline",
                    node,
                    predicate,
                    "a deadline has sg:deadlineText, sg:deadlineKind, sg:deadlineStart, sg:deadlineEnd, "
                    "sg:deadlineMonth, sg:deadlineDay, sg:deadlineBefore and sg:deadlineEvery",
                )
            else:
                self.leftover(node, predicate, values)

    def citations(self, owner: Subject, objects: list[Term]) -> tuple[Citation, ...]:
        found: list[tuple[tuple[int, str], Citation]] = []
        for node in objects:
            if isinstance(node, Literal):
                self.error(
                    f"sg:citation takes a sg:Citation node, not {_show(node)}",
                    owner,
                    str(SG.citation),
                    "describe the source as a node with sg:document, sg:locator and sg:kind",
                )
                continue
            citation = self.citation(node)
            if citation is not None:
                found.append(((self.position(node), node.value), citation))
        return tuple(c for _, c in sorted(found, key=lambda item: item[0]))

    def position(self, node: Subject) -> int:
        """A citation's place among its subject's: its sg:position; else the n of an IRI ending ``source-n`` (as
        exports before sg:position named them); else after those, in IRI order."""
        stated = _position(self.statements.get(node, {}).get(str(SG.position), []))
        if stated is not None:
            return stated
        number = _SOURCE_N.search(node.value)
        return int(number[1]) if number else 1 << 30

    def citation(self, node: Subject) -> Citation | None:
        self.visited.add(node)
        fields: dict[str, str] = {}
        document: str | None = None
        kind: Kind | None = None
        ok = True
        for predicate, values in self.statements.get(node, {}).items():
            name = _NAMES.get(predicate)
            if predicate == _RDF_TYPE:
                self.leftover(node, predicate, [v for v in values if v != NamedNode(str(SG.Citation))])
            elif predicate == str(SG.position):
                if _position(values) is None:
                    shown = ", ".join(_show(v) for v in values)
                    self.error(f"sg:position is {shown}", node, predicate, "write one whole number from 1")
                    ok = False
            elif predicate in (str(SG.document), str(SG.kind)) or name in _CITATION_FIELDS:
                if len(values) > 1:
                    self.error(f"{len(values)} values", node, predicate, "a citation has one of each field")
                    ok = False
                    continue
                value = values[0]
                if predicate == str(SG.document):
                    document = self.entity_id(value, node, predicate, Label.DOCUMENT)
                elif predicate == str(SG.kind):
                    kind = _KINDS.get(value.value) if isinstance(value, NamedNode) else None
                    if kind is None:
                        self.error(
                            f"{_show(value)} is not a citation kind",
                            node,
                            predicate,
                            "use sg:verbatim, sg:paraphrase or sg:inferred",
                        )
                elif name is not None and isinstance(value, Literal):
                    try:
                        fields[name] = str(from_lexical(name, _lexical(value)))
                    except RDFInputError as error:
                        self.error(error.message, node, predicate, "write a plain string")
                        ok = False
                else:
                    self.error(f"sg:{name} takes a literal", node, predicate, "write a plain string")
                    ok = False
            elif predicate.startswith(NAMESPACE):
                self.error(
                    f"sg:{predicate[len(NAMESPACE) :]} does not describe a sg:Citation",
                    node,
                    predicate,
                    "a citation has sg:document, sg:locator, sg:kind and optionally sg:page, sg:quote, sg:note, "
                    "sg:position",
                )
                ok = False
            else:
                self.leftover(node, predicate, values)
        missing = [
            n for n, v in (("sg:document", document), ("sg:kind", kind), ("sg:locator", fields.get("locator"))) if not v
        ]
        if missing:
            self.error(
                f"the citation lacks {', '.join(missing)}",
                node,
                None,
                "every citation names its document, where in it (sg:locator) and how it was read (sg:kind)",
            )
            return None
        if not ok or document is None or kind is None:
            return None
        return Citation(document, fields["locator"], kind, fields.get("page"), fields.get("quote"), fields.get("note"))

    # -- edges -------------------------------------------------------------------

    def relationship(self, node: Subject) -> Edge | None:
        self.visited.add(node)
        parts: dict[str, Term] = {}
        props: dict[str, PropValue] = {}
        sources: tuple[Citation, ...] = ()
        ok = True
        for predicate, values in self.statements[node].items():
            name = _NAMES.get(predicate)
            if predicate == _RDF_TYPE:
                self.leftover(node, predicate, [v for v in values if v != NamedNode(str(SG.Relationship))])
            elif predicate in (str(SG.relationSource), str(SG.relationType), str(SG.relationTarget)):
                if len(values) > 1:
                    self.error(f"{len(values)} values", node, predicate, "a relationship node states one edge")
                    ok = False
                parts[predicate] = values[0]
            elif name in _EDGE_FIELDS and name is not None:
                self.values(node, predicate, name, values, props, {})
            elif predicate == str(SG.citation):
                sources = self.citations(node, values)
            elif predicate.startswith(NAMESPACE):
                if name is not None:
                    self.misplaced(node, predicate, name, "sg:Relationship")
                else:
                    self.error(
                        f"sg:{predicate[len(NAMESPACE) :]} does not describe a sg:Relationship",
                        node,
                        predicate,
                        "a relationship node has sg:relationSource, sg:relationType, sg:relationTarget, "
                        "sg:validFrom, sg:validTo and sg:citation",
                    )
                ok = False
            else:
                self.leftover(node, predicate, values)
        source, rel_term, target = (parts.get(str(p)) for p in (SG.relationSource, SG.relationType, SG.relationTarget))
        if source is None or rel_term is None or target is None:
            self.error(
                "a relationship node needs sg:relationSource, sg:relationType and sg:relationTarget",
                node,
                None,
                "name the edge's two ends and its store relation (sg:leads, sg:partOf, ...)",
            )
            return None
        rel = _RELS.get(rel_term.value) if isinstance(rel_term, NamedNode) else None
        if rel is None:
            self.error(
                f"{_show(rel_term)} is not a store relation",
                node,
                str(SG.relationType),
                "use one of " + ", ".join(f"sg:{str(p)[len(NAMESPACE) :]}" for p in RELATIONS.values()),
            )
            return None
        edge = self.edge(rel, source, target, node, props, sources)
        return edge if ok else None

    def edge(
        self,
        rel: Rel,
        source: Term,
        target: Term,
        where: Subject,
        props: Mapping[str, PropValue] | None = None,
        sources: tuple[Citation, ...] = (),
    ) -> Edge | None:
        predicate = str(RELATIONS[rel])
        source_id = self.entity_id(source, where, predicate)
        target_id = self.entity_id(target, where, predicate)
        if source_id is None or target_id is None:
            return None
        domain_labels, range_labels = RELATION_ENDS[rel]
        for end_id, allowed, role in ((source_id, domain_labels, "come from"), (target_id, range_labels, "point to")):
            if label_of(end_id) not in allowed:
                names = " or ".join(f"a {a.value.lower()}" for a in sorted(allowed))
                self.error(
                    f"sg:{predicate[len(NAMESPACE) :]} cannot {role} {end_id}",
                    where,
                    predicate,
                    f"sg:{predicate[len(NAMESPACE) :]} must {role} {names}",
                )
                return None
        return Edge(rel, source_id, target_id, dict(props or {}), sources)


def _lexical(literal: Literal) -> Lexical:
    return Lexical(literal.value, literal.datatype.value, literal.language)


def _show(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if term.language:
        return f'"{term.value}"@{term.language}'
    return f'"{term.value}"^^<{term.datatype.value}>'


def decode(statements: Iterable[Triple], *, limit: int = 200) -> Decoded:
    """The nodes and edges ``statements`` describe; ``RDFInputError`` listing every problem (up to ``limit``)."""
    reader = _Reader(limit)
    for triple in statements:
        reader.add(triple)
    nodes: dict[str, Node] = {}
    entities: dict[Subject, Label] = {}
    relationships: list[Subject] = []
    for subject, predicates in reader.statements.items():
        labels = [
            _LABELS[t.value] for t in predicates.get(_RDF_TYPE, []) if isinstance(t, NamedNode) and t.value in _LABELS
        ]
        if len(labels) > 1:
            reader.error(
                "typed with " + " and ".join(f"sg:{label.value}" for label in labels),
                subject,
                _RDF_TYPE,
                "an entity has one store class",
            )
        elif labels:
            if isinstance(subject, BlankNode):
                reader.error("an entity must be named by an IRI", subject, _RDF_TYPE, "name it {base}id/{type}/{key}")
            else:
                entities[subject] = labels[0]
        elif NamedNode(str(SG.Relationship)) in predicates.get(_RDF_TYPE, []) or str(SG.relationSource) in predicates:
            relationships.append(subject)
    for subject, label in entities.items():
        assert isinstance(subject, NamedNode)
        node = reader.entity(subject, label)
        if node is not None:
            nodes[node.id] = node
    edges: dict[str, Edge] = {}
    stated: set[tuple[str, Rel, str]] = set()
    for subject in relationships:
        edge = reader.relationship(subject)
        if edge is None:
            continue
        if edge.key in edges:
            reader.error(
                f"a second relationship node for {edge.source} {edge.type.value} {edge.target}",
                subject,
                None,
                "one relationship node per edge; give a repeated affiliation its own sg:validFrom",
            )
            continue
        edges[edge.key] = edge
        stated.add((edge.source, edge.type, edge.target))
    for subject, predicates in reader.statements.items():
        for predicate, objects in predicates.items():
            rel = _RELS.get(predicate)
            if rel is None:
                continue
            for obj in objects:
                edge = reader.edge(rel, subject, obj, subject)
                if edge is not None and (edge.source, rel, edge.target) not in stated:
                    edges[edge.key] = edge
    for subject, predicates in reader.statements.items():
        if subject in reader.visited:
            continue
        for predicate, objects in predicates.items():
            if predicate in _RELS:
                continue
            if predicate.startswith(NAMESPACE):
                reader.error(
                    f"sg:{predicate[len(NAMESPACE) :]} describes no entity, deadline, citation or relationship here",
                    subject,
                    predicate,
                    "type the subject with its class (sg:Agency, sg:Task, ...) or link it from an entity",
                )
            else:
                reader.leftover(subject, predicate, objects)
    base = _one_base(reader)
    batch = Batch.of(nodes.values(), edges.values())
    if not reader.errors and reader.leftovers and base is not None:
        _check_derived(reader, batch, base)
    if reader.errors:
        count = len(reader.errors)
        raise RDFInputError(
            f"{count}{'+' if count >= limit else ''} problem{'s' if count != 1 else ''} in the RDF input",
            errors=reader.errors,
        )
    return Decoded(batch, base)


def _one_base(reader: _Reader) -> str | None:
    if len(reader.bases) > 1:
        examples = ", ".join(f"{base} (e.g. <{iri}>)" for base, iri in sorted(reader.bases.items())[:3])
        reader.error(
            f"entity IRIs under {len(reader.bases)} bases: {examples}",
            None,
            None,
            "one file, one base IRI: export each dataset separately, or rewrite the IRIs",
        )
        return None
    return next(iter(reader.bases), None)


def _check_derived(reader: _Reader, batch: Batch, base: str) -> None:
    """Every triple the reader did not take must be one the export derives from the records."""
    remaining = set(reader.leftovers)
    for triple in triples(batch.nodes, batch.edges, base):
        remaining.discard(triple)
        if not remaining:
            return
    for triple in _sorted(remaining):
        subject, obj = triple.subject, triple.object
        assert not isinstance(subject, Triple)
        assert not isinstance(obj, Triple)
        predicate = triple.predicate.value
        reader.error(
            f"{_show(obj)}: not a statement of this ontology, nor one the export derives from the data",
            subject,
            predicate,
            "stratagraph keeps only what its ontology defines (ontology/README.md); "
            "derived terms (ORG, OWL-Time, PROV, SKOS, DCTERMS, schema.org) must match the sg: statements "
            "they stand for — remove this triple or state it with sg: terms",
        )


def _sorted(found: Iterable[Triple]) -> Iterator[Triple]:
    return iter(sorted(found, key=lambda t: (str(t.subject), t.predicate.value, str(t.object))))
