"""The ontology's terms for Python, read from ``stratagraph.ttl`` and never copied by hand.

The Turtle file is the single definition of classes and relations (DESIGN.md,
principle 2). This module parses it once, at import, and derives every mapping
between the store's names (``stratagraph.model.records``) and RDF terms from the
``sg:storeName`` annotations:

- an ``owl:Class`` with a store name is a node ``Label``;
- an ``owl:ObjectProperty`` with a store name is a relationship type ``Rel``;
- an ``owl:DatatypeProperty`` with a store name is a flat property name
  (of a node, an edge or a citation);
- a ``sg:CitationKind`` with a store name is a citation ``Kind``.

If the Turtle and the enums disagree (a ``Rel`` without a term, a term naming no
``Rel``, a store name used twice) the import fails with ``OntologyDriftError``
listing every mismatch, so drift cannot reach a running service.

``SG`` is a closed namespace: ``SG.leads`` works, ``SG.lead`` raises, because only
terms the Turtle defines exist.

Store values and RDF literals convert through the ontology too: ``to_literal`` types
a value by its property's ``rdfs:range`` (and ``sg:languageTag``), ``from_literal``
reads it back, ``is_list`` tells the list properties (those that are not
``owl:FunctionalProperty``) and ``domain`` says which classes a property describes
(``sg:Deadline`` for the deadline properties, ``sg:Relationship`` for edge ones).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD, ClosedNamespace
from rdflib.term import Node

from stratagraph.model.errors import RDFInputError, StratagraphError
from stratagraph.model.records import Kind, Label, Rel, Scalar

__all__ = [
    "CLASSES",
    "DATATYPE_PROPERTIES",
    "KINDS",
    "NAMESPACE",
    "ONTOLOGY_IRI",
    "RELATIONS",
    "SG",
    "SHAPES_IRI",
    "VERSION",
    "Lexical",
    "OntologyDriftError",
    "UnknownTermError",
    "class_for",
    "datatype_property",
    "domain",
    "from_lexical",
    "from_literal",
    "is_list",
    "kind_concept",
    "kind_for_concept",
    "label_for_class",
    "name_for_property",
    "ontology_graph",
    "ontology_text",
    "property_for",
    "read_vocabulary",
    "rel_for_property",
    "shapes_graph",
    "shapes_text",
    "store_terms",
    "to_lexical",
    "to_literal",
]

NAMESPACE = "https://w3id.org/stratagraph/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/stratagraph/ontology")
SHAPES_IRI = URIRef("https://w3id.org/stratagraph/shapes")

_ONTOLOGY_FILE = "stratagraph.ttl"
_SHAPES_FILE = "shapes.ttl"
_STORE_NAME = URIRef(NAMESPACE + "storeName")
_CITATION_KIND = URIRef(NAMESPACE + "CitationKind")
_LANGUAGE_TAG = URIRef(NAMESPACE + "languageTag")

E = TypeVar("E", bound=StrEnum)


class OntologyDriftError(StratagraphError):
    """The ontology files do not parse, or disagree with the code; the message lists every mismatch."""


class UnknownTermError(StratagraphError, KeyError):
    """A store name or an IRI that the ontology does not define.

    A ``KeyError``, so ``except KeyError`` and mapping-style callers keep working;
    a ``StratagraphError``, so the project's one error family catches it too.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # KeyError would quote the message as a repr
        return self.message


def _read_text(name: str) -> str:
    return resources.files(__package__ or "ontology").joinpath(name).read_text(encoding="utf-8")


@cache
def _ontology_text() -> str:
    return _read_text(_ONTOLOGY_FILE)


@cache
def _shapes_text() -> str:
    return _read_text(_SHAPES_FILE)


def ontology_text() -> str:
    """``ontology/stratagraph.ttl`` as written (the Turtle ``/ontology`` serves, comments kept)."""
    return _ontology_text()


def shapes_text() -> str:
    """``ontology/shapes.ttl`` as written."""
    return _shapes_text()


def _parse(text: str, name: str) -> Graph:
    try:
        return Graph().parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types on bad Turtle
        raise OntologyDriftError(f"ontology/{name} does not parse as Turtle: {exc}") from exc


def ontology_graph() -> Graph:
    """A fresh copy of the ontology (callers may add to it freely)."""
    copy = Graph()
    for prefix, namespace in _GRAPH.namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += _GRAPH
    return copy


def shapes_graph() -> Graph:
    """The SHACL shapes (``ontology/shapes.ttl``), freshly parsed."""
    return _parse(_shapes_text(), _SHAPES_FILE)


# ---------------------------------------------------------------------------
# Deriving the mappings from sg:storeName
# ---------------------------------------------------------------------------


def _named_terms(graph: Graph, rdf_type: URIRef) -> dict[str, list[URIRef]]:
    """Store name -> the sg: terms of ``rdf_type`` that carry it (a list, to spot duplicates)."""
    found: dict[str, list[URIRef]] = {}
    for term in graph.subjects(RDF.type, rdf_type):
        if not isinstance(term, URIRef) or not term.startswith(NAMESPACE):
            continue
        for value in graph.objects(term, _STORE_NAME):
            if isinstance(value, Literal):
                found.setdefault(str(value), []).append(term)
    return found


def _store_name_problems(graph: Graph, rdf_type: URIRef) -> list[str]:
    problems: list[str] = []
    for term in sorted({str(t) for t in graph.subjects(RDF.type, rdf_type)}):
        names = sorted(str(v) for v in graph.objects(URIRef(term), _STORE_NAME))
        if len(names) > 1:
            problems.append(f"{term} has {len(names)} sg:storeName values {names}; keep one")
    for name, terms in sorted(_named_terms(graph, rdf_type).items()):
        if len(terms) > 1:
            listed = ", ".join(sorted(terms))
            problems.append(f"sg:storeName {name!r} is on {len(terms)} terms ({listed}); keep one")
    return problems


def store_terms(graph: Graph, rdf_type: URIRef, members: type[E]) -> dict[E, URIRef]:
    """Map each member of ``members`` to the one term of ``rdf_type`` whose store name is its value.

    Raises ``OntologyDriftError`` naming every member without a term, every term
    whose store name is no member, and every store name used twice.
    """
    named = _named_terms(graph, rdf_type)
    problems = _store_name_problems(graph, rdf_type)
    kind = rdf_type.n3(graph.namespace_manager)
    values = {member.value for member in members}
    for member in members:
        if member.value not in named:
            problems.append(
                f"{members.__name__}.{member.name} ({member.value!r}) has no {kind} "
                f'with sg:storeName "{member.value}" in ontology/{_ONTOLOGY_FILE}'
            )
    for name, terms in sorted(named.items()):
        if name not in values:
            for term in terms:
                problems.append(
                    f'{term} has sg:storeName "{name}" but {members.__name__} has no member '
                    f"with that value: add it to model/records.py or remove the term"
                )
    if problems:
        raise OntologyDriftError("the ontology and the code disagree:\n- " + "\n- ".join(problems))
    return {member: named[member.value][0] for member in members}


def _property_names(graph: Graph) -> dict[str, URIRef]:
    problems = _store_name_problems(graph, OWL.DatatypeProperty)
    if problems:
        raise OntologyDriftError("the ontology is inconsistent:\n- " + "\n- ".join(problems))
    return {name: terms[0] for name, terms in _named_terms(graph, OWL.DatatypeProperty).items()}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every mapping between store names and RDF terms, read from one ontology graph."""

    classes: Mapping[Label, URIRef]
    relations: Mapping[Rel, URIRef]
    properties: Mapping[str, URIRef]
    kinds: Mapping[Kind, URIRef]
    terms: frozenset[str]
    version: str
    ranges: Mapping[str, URIRef]
    languages: Mapping[str, str]
    lists: frozenset[str]
    domains: Mapping[str, frozenset[URIRef]]


def read_vocabulary(graph: Graph) -> Vocabulary:
    """Derive the vocabulary from an ontology graph; raise ``OntologyDriftError`` on drift."""
    version = graph.value(ONTOLOGY_IRI, OWL.versionInfo)
    properties = _property_names(graph)
    terms = {
        str(iri)[len(NAMESPACE) :]
        for iri in set(graph.subjects())
        if isinstance(iri, URIRef) and iri.startswith(NAMESPACE) and iri != URIRef(NAMESPACE)
    }
    return Vocabulary(
        classes=MappingProxyType(store_terms(graph, OWL.Class, Label)),
        relations=MappingProxyType(store_terms(graph, OWL.ObjectProperty, Rel)),
        properties=MappingProxyType(properties),
        kinds=MappingProxyType(store_terms(graph, _CITATION_KIND, Kind)),
        terms=frozenset(terms),
        version=str(version) if version is not None else "",
        ranges=MappingProxyType(_ranges(graph, properties)),
        languages=MappingProxyType(
            {
                name: str(tag)
                for name, prop in properties.items()
                if (tag := graph.value(prop, _LANGUAGE_TAG)) is not None
            }
        ),
        lists=frozenset(
            name for name, prop in properties.items() if (prop, RDF.type, OWL.FunctionalProperty) not in graph
        ),
        domains=MappingProxyType(
            {name: _classes(graph, graph.value(prop, RDFS.domain)) for name, prop in properties.items()}
        ),
    )


_DATATYPES = frozenset({XSD.string, RDF.langString, XSD.date, XSD.gYear, XSD.decimal, XSD.integer, XSD.boolean})


def _ranges(graph: Graph, properties: Mapping[str, URIRef]) -> dict[str, URIRef]:
    ranges: dict[str, URIRef] = {}
    problems: list[str] = []
    for name, prop in sorted(properties.items()):
        declared = graph.value(prop, RDFS.range)
        if isinstance(declared, URIRef) and declared in _DATATYPES:
            ranges[name] = declared
        else:
            problems.append(f"{prop} needs an rdfs:range among {sorted(_DATATYPES)}")
        if declared == RDF.langString and graph.value(prop, _LANGUAGE_TAG) is None:
            problems.append(f"{prop} has range rdf:langString but no sg:languageTag")
    if problems:
        raise OntologyDriftError("the ontology is inconsistent:\n- " + "\n- ".join(problems))
    return ranges


def _classes(graph: Graph, declared: Node | None) -> frozenset[URIRef]:
    """The named classes of an rdfs:domain: one class, or the members of an owl:unionOf."""
    if isinstance(declared, URIRef):
        return frozenset({declared})
    if declared is None:
        return frozenset()
    union = graph.value(declared, OWL.unionOf)
    if union is None:
        return frozenset()
    return frozenset(c for c in Collection(graph, union) if isinstance(c, URIRef))


_GRAPH = _parse(_ontology_text(), _ONTOLOGY_FILE)
_VOCAB = read_vocabulary(_GRAPH)

SG = ClosedNamespace(NAMESPACE, sorted(_VOCAB.terms))
"""The ontology's namespace, closed over the terms the Turtle defines."""

VERSION = _VOCAB.version
"""``owl:versionInfo`` of the ontology."""

CLASSES: Mapping[Label, URIRef] = _VOCAB.classes
RELATIONS: Mapping[Rel, URIRef] = _VOCAB.relations
DATATYPE_PROPERTIES: Mapping[str, URIRef] = _VOCAB.properties
KINDS: Mapping[Kind, URIRef] = _VOCAB.kinds

_LABELS: Mapping[URIRef, Label] = MappingProxyType({v: k for k, v in CLASSES.items()})
_RELS: Mapping[URIRef, Rel] = MappingProxyType({v: k for k, v in RELATIONS.items()})
_NAMES: Mapping[URIRef, str] = MappingProxyType({v: k for k, v in DATATYPE_PROPERTIES.items()})
_KINDS: Mapping[URIRef, Kind] = MappingProxyType({v: k for k, v in KINDS.items()})


# ---------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------


def class_for(label: Label) -> URIRef:
    """The class of a node label: ``Label.AGENCY`` -> ``sg:Agency``."""
    return CLASSES[label]


def property_for(rel: Rel) -> URIRef:
    """The object property of a relationship type: ``Rel.PART_OF`` -> ``sg:partOf``."""
    return RELATIONS[rel]


def datatype_property(name: str) -> URIRef:
    """The datatype property of a store property name: ``"nameVi"`` -> ``sg:nameVi``.

    Raises ``UnknownTermError`` (a ``KeyError``) for a name the ontology does not define.
    """
    try:
        return DATATYPE_PROPERTIES[name]
    except KeyError:
        raise UnknownTermError(_unknown("store property", name, DATATYPE_PROPERTIES)) from None


def kind_concept(kind: Kind) -> URIRef:
    """The SKOS concept of a citation kind: ``Kind.VERBATIM`` -> ``sg:verbatim``."""
    return KINDS[kind]


def domain(name: str) -> frozenset[URIRef]:
    """The classes a store property describes in RDF (its ``rdfs:domain``); empty when any."""
    datatype_property(name)
    return _VOCAB.domains[name]


def is_list(name: str) -> bool:
    """True for a property the store keeps as a list (``aliases``, ``pages``): one triple per item."""
    datatype_property(name)
    return name in _VOCAB.lists


class Lexical(NamedTuple):
    """An RDF literal as plain strings: lexical form, datatype IRI, language tag.

    The string-level twin of an rdflib ``Literal``, so that code which builds
    millions of literals with a faster RDF library (the export uses pyoxigraph)
    types them by exactly the same rules as ``to_literal``. A tagged literal has
    the datatype ``rdf:langString``.
    """

    text: str
    datatype: str
    language: str | None = None


def to_lexical(name: str, value: Scalar) -> Lexical:
    """The literal of one store value (one item, for a list property), as strings.

    Typed by the property's ``rdfs:range``: ISO dates as ``xsd:date``, years as
    ``xsd:gYear``, numbers as ``xsd:decimal``, names tagged with ``sg:languageTag``.
    A value of the wrong Python type is a bug upstream and raises ``TypeError``.
    """
    datatype = _RANGE_IRIS.get(name) or _RANGE_IRIS[_known(name)]
    if datatype == _LANG_STRING:
        return Lexical(_expect(name, value, str), _LANG_STRING, _VOCAB.languages[name])
    if datatype == _STRING:
        return Lexical(_expect(name, value, str), _STRING)
    if datatype == _DATE:
        day = _expect(name, value, str)
        if not _is_iso_date(day):
            raise TypeError(f"store property {name!r} holds an ISO date (YYYY-MM-DD), not {value!r}")
        return Lexical(day, _DATE)
    if datatype == _BOOLEAN:
        return Lexical("true" if _expect(name, value, bool) else "false", _BOOLEAN)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"store property {name!r} holds a number, not {value!r}")
    if datatype == _GYEAR:
        return Lexical(f"{int(value):04d}", _GYEAR)
    if datatype == _INTEGER:
        return Lexical(str(int(value)), _INTEGER)
    return Lexical(str(Decimal(str(value))), _DECIMAL)


def to_literal(name: str, value: Scalar) -> Literal:
    """The rdflib literal of one store value (one item, for a list property); see ``to_lexical``."""
    lexical = to_lexical(name, value)
    if lexical.language is not None:
        return Literal(lexical.text, lang=lexical.language)
    if lexical.datatype == _STRING:
        return Literal(lexical.text)
    return Literal(lexical.text, datatype=URIRef(lexical.datatype))


_LANG_STRING = str(RDF.langString)
_STRING = str(XSD.string)
_DATE = str(XSD.date)
_BOOLEAN = str(XSD.boolean)
_GYEAR = str(XSD.gYear)
_INTEGER = str(XSD.integer)
_DECIMAL = str(XSD.decimal)

_RANGE_IRIS = {name: str(datatype) for name, datatype in _VOCAB.ranges.items()}
"""Each store property's literal type as a plain string (comparing rdflib terms is slow in ``to_lexical``)."""

_LEXICAL = {
    XSD.date: re.compile(r"\d{4}-\d{2}-\d{2}"),
    XSD.gYear: re.compile(r"\d{4}"),
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    XSD.boolean: re.compile(r"true|false|1|0"),
}


def from_lexical(name: str, lexical: Lexical) -> Scalar:
    """The store value of a literal given as strings; ``RDFInputError`` when it is not of the property's type.

    The inverse of ``to_lexical``: dates come back as ISO strings, years and
    integers as ``int``, decimals as ``float``, tagged names as plain strings.
    """
    datatype = _VOCAB.ranges[_known(name)]
    text = lexical.text
    if datatype == RDF.langString:
        if lexical.language != _VOCAB.languages[name]:
            raise RDFInputError(f"sg:{name} takes a literal tagged @{_VOCAB.languages[name]}, not {_show(lexical)}")
        return text
    if lexical.datatype != str(datatype) or lexical.language is not None:
        raise RDFInputError(f"sg:{name} takes an {_short(datatype)} literal, not {_show(lexical)}")
    pattern = _LEXICAL.get(datatype)
    if pattern is not None and not pattern.fullmatch(text):
        raise RDFInputError(f"{_show(lexical)} is not a valid {_short(datatype)} (sg:{name})")
    if datatype == XSD.date and not _is_iso_date(text):
        raise RDFInputError(f"{_show(lexical)} is not a valid {_short(datatype)} (sg:{name})")
    if datatype == XSD.boolean:
        return text in ("true", "1")
    if datatype in (XSD.gYear, XSD.integer):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise RDFInputError(
                f"sg:{name} takes an {_short(datatype)}, not a number of {len(text):,} digits"
            ) from None
    if datatype == XSD.decimal:
        return float(Decimal(text))
    return text


def from_literal(name: str, literal: Literal) -> Scalar:
    """The store value of an rdflib literal; ``RDFInputError`` when it is not of the property's type."""
    if literal.language is not None:
        return from_lexical(name, Lexical(str(literal), _LANG_STRING, literal.language))
    return from_lexical(name, Lexical(str(literal), str(literal.datatype or XSD.string)))


def _short(term: Node) -> str:
    """A term as Turtle, with the ontology's prefixes (``xsd:date``, ``"2025"^^xsd:gYear``)."""
    return term.n3(_GRAPH.namespace_manager)


def _show(literal: Lexical) -> str:
    """A literal as Turtle, written by hand: rdflib warns when asked to print an ill-typed number."""
    if literal.language is not None:
        return f'"{literal.text}"@{literal.language}'
    if literal.datatype != _STRING:
        return f'"{literal.text}"^^{_short(URIRef(literal.datatype))}'
    return f'"{literal.text}"'


_ISO_DATE = _LEXICAL[XSD.date]


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _known(name: str) -> str:
    datatype_property(name)
    return name


_S = TypeVar("_S", str, bool)


def _expect(name: str, value: Scalar, kind: type[_S]) -> _S:
    if not isinstance(value, kind):
        raise TypeError(f"store property {name!r} holds a {kind.__name__}, not {value!r}")
    return value


def label_for_class(iri: URIRef) -> Label:
    """The node label of a class IRI; ``UnknownTermError`` when it names none."""
    try:
        return _LABELS[iri]
    except KeyError:
        raise UnknownTermError(_unknown("class", iri, _iri_names(_LABELS))) from None


def rel_for_property(iri: URIRef) -> Rel:
    """The relationship type of an object property IRI; ``UnknownTermError`` when it names none."""
    try:
        return _RELS[iri]
    except KeyError:
        raise UnknownTermError(_unknown("object property", iri, _iri_names(_RELS))) from None


def name_for_property(iri: URIRef) -> str:
    """The store property name of a datatype property IRI; ``UnknownTermError`` when none."""
    try:
        return _NAMES[iri]
    except KeyError:
        raise UnknownTermError(_unknown("datatype property", iri, _iri_names(_NAMES))) from None


def kind_for_concept(iri: URIRef) -> Kind:
    """The citation kind of a concept IRI; ``UnknownTermError`` when it names none."""
    try:
        return _KINDS[iri]
    except KeyError:
        raise UnknownTermError(_unknown("citation kind", iri, _iri_names(_KINDS))) from None


def _iri_names(mapping: Mapping[URIRef, object]) -> dict[str, object]:
    return {str(iri): value for iri, value in mapping.items()}


def _unknown(what: str, name: str, known: Mapping[str, object]) -> str:
    if isinstance(name, URIRef):
        local = str(name)[len(NAMESPACE) :] if name.startswith(NAMESPACE) else None
        message = f"the ontology defines no {what} <{name}>"
        if local is not None and local in _VOCAB.terms:
            return message + f" with a sg:storeName (sg:{local} exists only in RDF)"
    else:
        message = f"the ontology defines no {what} {name!r}"
    close = difflib.get_close_matches(str(name), list(known), n=3, cutoff=0.8)
    if close:
        return message + " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
    return message + f"; known: {', '.join(sorted(known))}"
