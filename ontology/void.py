"""The VoID description of the dataset (``/.well-known/void``): what it is, how big, where to get it.

VoID (W3C Interest Group Note, "Describing Linked Datasets with the VoID
Vocabulary") is what crawlers and catalogues read first: the SPARQL endpoint,
the dumps, the IRI space, the vocabularies used, and per class and property how
much there is. The figures come from the same dump the SPARQL endpoint loaded,
so they describe exactly the version it answers from.

Also what a catalogue needs to list and reuse it (DCAT and data portals read these
from VoID): the licence and the publisher (``Publication``, from the settings), when
the data were last written (``dcterms:modified``), the plans at the top of the
graph as ``void:rootResource`` (resources to start browsing from, as the note
defines it, not the dump) and a few entities as ``void:exampleResource``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from pyoxigraph import Literal, NamedNode, Triple

from stratagraph.model.records import Label
from stratagraph.ontology.formats import FORMATS
from stratagraph.ontology.iris import KEY_PATTERN, entity_iri
from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.ontology.vocab import ONTOLOGY_IRI, VERSION

__all__ = ["DatasetFigures", "Publication", "void_triples"]

VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DCTERMS = PREFIXES["dcterms"]
_XSD = PREFIXES["xsd"]
_FOAF = "http://xmlns.com/foaf/0.1/"
_FOAF_PRIMARY_TOPIC = NamedNode(_FOAF + "primaryTopic")
_VOCABULARIES = ("sg", "org", "time", "prov", "skos", "dcterms", "schema", "eli")


@dataclass(frozen=True)
class DatasetFigures:
    """Counts over one version of the export."""

    version: int
    triples: int
    subjects: int
    classes: Mapping[str, int]
    properties: Mapping[str, int]


@dataclass(frozen=True)
class Publication:
    """Who publishes the dataset, under which licence, and what it starts from.

    ``publisher`` is an IRI (the service's base IRI by default); ``modified`` when the
    data of this version were last written; ``roots`` and ``examples`` are node ids.
    """

    license: str
    publisher: str
    publisher_name: str
    modified: datetime
    roots: Sequence[str]
    examples: Sequence[str]


def _v(local: str) -> NamedNode:
    return NamedNode(VOID + local)


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(_XSD + "integer"))


def void_triples(base: str, figures: DatasetFigures, publication: Publication) -> Iterator[Triple]:
    """The description document ``{base}.well-known/void`` and the dataset ``…#dataset`` it describes."""
    document = NamedNode(f"{base}.well-known/void")
    dataset = NamedNode(f"{base}.well-known/void#dataset")
    title = NamedNode(_DCTERMS + "title")
    yield Triple(document, _RDF_TYPE, _v("DatasetDescription"))
    yield Triple(document, title, Literal("VoID description of the stratagraph dataset", language="en"))
    yield Triple(document, _FOAF_PRIMARY_TOPIC, dataset)
    yield Triple(dataset, _RDF_TYPE, _v("Dataset"))
    yield Triple(
        dataset, title, Literal("stratagraph: national strategies, action plans and who does what", language="en")
    )
    yield Triple(
        dataset, title, Literal("stratagraph: chiến lược, kế hoạch hành động và phân công thực hiện", language="vi")
    )
    yield Triple(
        dataset,
        NamedNode(_DCTERMS + "description"),
        Literal(
            "Agencies, plans, tasks, indicators, targets, deadlines and measurements of Vietnamese strategies "
            "and action plans, each fact cited to the document it comes from.",
            language="en",
        ),
    )
    yield Triple(dataset, NamedNode(_DCTERMS + "hasVersion"), Literal(str(figures.version)))
    yield Triple(dataset, NamedNode(_DCTERMS + "conformsTo"), NamedNode(str(ONTOLOGY_IRI) + "/" + VERSION))
    yield Triple(dataset, _v("sparqlEndpoint"), NamedNode(f"{base}sparql"))
    yield Triple(dataset, NamedNode(_DCTERMS + "license"), NamedNode(publication.license))
    publisher = NamedNode(publication.publisher)
    yield Triple(dataset, NamedNode(_DCTERMS + "publisher"), publisher)
    yield Triple(publisher, _RDF_TYPE, NamedNode(_FOAF + "Agent"))
    yield Triple(publisher, NamedNode(_FOAF + "name"), Literal(publication.publisher_name))
    modified = publication.modified.isoformat(timespec="seconds")
    yield Triple(dataset, NamedNode(_DCTERMS + "modified"), Literal(modified, datatype=NamedNode(_XSD + "dateTime")))
    for root in publication.roots:
        yield Triple(dataset, _v("rootResource"), NamedNode(entity_iri(base, root)))
    for example in publication.examples:
        yield Triple(dataset, _v("exampleResource"), NamedNode(entity_iri(base, example)))
    for fmt, info in FORMATS.items():
        yield Triple(dataset, _v("dataDump"), NamedNode(f"{base}rdf?format={fmt.value}"))
        yield Triple(dataset, _v("feature"), NamedNode(info.w3c))
    yield Triple(dataset, _v("uriSpace"), Literal(f"{base}id/"))
    types = "|".join(label.prefix for label in Label)
    yield Triple(dataset, _v("uriRegexPattern"), Literal(f"^{_escape(base)}id/({types})/{KEY_PATTERN}$"))
    for prefix in _VOCABULARIES:
        yield Triple(dataset, _v("vocabulary"), NamedNode(PREFIXES[prefix]))
    yield Triple(dataset, _v("triples"), _count(figures.triples))
    yield Triple(dataset, _v("distinctSubjects"), _count(figures.subjects))
    yield Triple(dataset, _v("classes"), _count(len(figures.classes)))
    yield Triple(dataset, _v("properties"), _count(len(figures.properties)))
    store_classes = {f"{PREFIXES['sg']}{label.value}" for label in Label}
    yield Triple(dataset, _v("entities"), _count(sum(n for c, n in figures.classes.items() if c in store_classes)))
    for index, (cls, count) in enumerate(sorted(figures.classes.items())):
        part = NamedNode(f"{dataset.value}-class-{index + 1}")
        yield Triple(dataset, _v("classPartition"), part)
        yield Triple(part, _v("class"), NamedNode(cls))
        yield Triple(part, _v("entities"), _count(count))
    for index, (prop, count) in enumerate(sorted(figures.properties.items())):
        part = NamedNode(f"{dataset.value}-property-{index + 1}")
        yield Triple(dataset, _v("propertyPartition"), part)
        yield Triple(part, _v("property"), NamedNode(prop))
        yield Triple(part, _v("triples"), _count(count))


def _escape(text: str) -> str:
    return "".join(f"\\{c}" if c in ".?*+()[]{}|^$\\" else c for c in text)
