"""JSON-LD: the context (served at ``/context.jsonld``) and a streaming writer that uses it.

The context is derived from the ontology, never written by hand: one term per
``sg:`` property, named by its local name (``nameVi``, ``partOf``, ``citation``),
typed so that plain JSON strings read back as the right literals (``"@language":
"vi"`` for names, ``"@type": "xsd:date"`` for dates, ``"@type": "@id"`` for
relations), plus the prefixes of every vocabulary the export uses.

pyoxigraph and rdflib both serialise JSON-LD from a whole graph in memory and
without our context; the writer here streams instead: it groups consecutive
triples of one subject into one node object of ``@graph`` and emits them as they
come. A subject may appear in several node objects (an entity's block, then the
plain triples of its edges); JSON-LD merges them, so the RDF is the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from stratagraph.ontology.vocab import NAMESPACE, ontology_graph

__all__ = ["CONTEXT", "PREFIXES", "TermSpec", "chunks", "compact"]

PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        "sg": NAMESPACE,
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
        "owl": str(OWL),
        "org": "http://www.w3.org/ns/org#",
        "time": "http://www.w3.org/2006/time#",
        "prov": "http://www.w3.org/ns/prov#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dcterms": "http://purl.org/dc/terms/",
        "schema": "https://schema.org/",
        "eli": "http://data.europa.eu/eli/ontology#",
        "void": "http://rdfs.org/ns/void#",
        "foaf": "http://xmlns.com/foaf/0.1/",
    }
)
"""The vocabularies the export uses, by their customary prefix (Turtle, RDF/XML, JSON-LD)."""

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
_LANGUAGE_TAG = URIRef(NAMESPACE + "languageTag")


class TermSpec:
    """How one property's values are written: under which key, and what a bare string means."""

    __slots__ = ("datatype", "is_id", "key", "language")

    def __init__(self, key: str, *, is_id: bool = False, datatype: str | None = None, language: str | None = None):
        self.key = key
        self.is_id = is_id
        self.datatype = datatype
        self.language = language


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known vocabulary, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace) :]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return iri


def _terms() -> tuple[dict[str, Any], dict[str, TermSpec]]:
    graph = ontology_graph()
    definitions: dict[str, Any] = dict(PREFIXES)
    specs: dict[str, TermSpec] = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted(p for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)):
            if not prop.startswith(NAMESPACE):
                continue
            local = prop[len(NAMESPACE) :]
            short = f"sg:{local}"
            if kind == OWL.ObjectProperty:
                definitions[local] = {"@id": short, "@type": "@id"}
                specs[str(prop)] = TermSpec(local, is_id=True)
                continue
            declared = graph.value(prop, RDFS.range)
            tag = graph.value(prop, _LANGUAGE_TAG)
            if isinstance(tag, RDFLiteral):
                definitions[local] = {"@id": short, "@language": str(tag)}
                specs[str(prop)] = TermSpec(local, language=str(tag))
            elif isinstance(declared, URIRef) and str(declared) not in (_XSD_STRING, _LANG_STRING):
                definitions[local] = {"@id": short, "@type": compact(str(declared))}
                specs[str(prop)] = TermSpec(local, datatype=str(declared))
            else:
                definitions[local] = {"@id": short}
                specs[str(prop)] = TermSpec(local, datatype=_XSD_STRING)
    return definitions, specs


_DEFINITIONS, _SPECS = _terms()

CONTEXT: Mapping[str, Any] = MappingProxyType({"@context": _DEFINITIONS})
"""The JSON-LD context document of ``/context.jsonld``."""


def _spec(predicate: str, cache: dict[str, TermSpec]) -> TermSpec:
    spec = _SPECS.get(predicate) or cache.get(predicate)
    if spec is None:
        spec = cache[predicate] = TermSpec(compact(predicate))
    return spec


def _node_id(term: NamedNode | BlankNode) -> str:
    return term.value if isinstance(term, NamedNode) else f"_:{term.value}"


def _value(spec: TermSpec, term: object) -> Any:
    if isinstance(term, NamedNode | BlankNode):
        return _node_id(term) if spec.is_id and isinstance(term, NamedNode) else {"@id": _node_id(term)}
    if not isinstance(term, Literal):
        raise TypeError(f"JSON-LD cannot write the term {term!r}")
    language = term.language
    if language is not None:
        return term.value if language == spec.language else {"@value": term.value, "@language": language}
    datatype = term.datatype.value
    if datatype == spec.datatype or (spec.datatype is None and not spec.is_id and datatype == _XSD_STRING):
        return term.value
    if datatype == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(datatype)}


def _node_object(subject: NamedNode | BlankNode, pairs: list[tuple[str, object]], cache: dict[str, TermSpec]) -> str:
    node: dict[str, Any] = {"@id": _node_id(subject)}
    for predicate, obj in pairs:
        if predicate == _RDF_TYPE and isinstance(obj, NamedNode):
            node.setdefault("@type", []).append(compact(obj.value))
            continue
        spec = _spec(predicate, cache)
        value = _value(spec, obj)
        existing = node.get(spec.key)
        if existing is None:
            node[spec.key] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            node[spec.key] = [existing, value]
    return json.dumps(node, ensure_ascii=False, separators=(",", ":"))


def chunks(triples: Iterable[Triple], context: str | Mapping[str, Any], *, size: int = 1 << 16) -> Iterator[bytes]:
    """The JSON-LD document of ``triples`` in pieces of about ``size`` bytes.

    ``context`` is the context's URL (the service refers to ``/context.jsonld``) or
    the context document itself (the command line inlines it, so files stand alone).
    """
    embedded = context if isinstance(context, str) else context.get("@context", context)
    head = '{"@context":' + json.dumps(embedded, ensure_ascii=False) + ',"@graph":[\n'
    buffer: list[str] = [head]
    length = len(head)
    cache: dict[str, TermSpec] = {}
    subject: NamedNode | BlankNode | None = None
    pairs: list[tuple[str, object]] = []
    first = True
    for triple in triples:
        current = triple.subject
        if isinstance(current, Triple):
            raise TypeError("JSON-LD 1.1 cannot write RDF-star triples")
        if current != subject:
            if subject is not None:
                text = _node_object(subject, pairs, cache)
                buffer.append(text if first else ",\n" + text)
                length += len(text) + 2
                first = False
                if length >= size:
                    yield "".join(buffer).encode()
                    buffer, length = [], 0
            subject = current
            pairs = []
        pairs.append((triple.predicate.value, triple.object))
    if subject is not None:
        text = _node_object(subject, pairs, cache)
        buffer.append(text if first else ",\n" + text)
    buffer.append("\n]}\n")
    yield "".join(buffer).encode()
