"""The vocabulary as documents: the ontology and the shapes in each RDF syntax (``/ontology``, ``/shapes``).

``https://w3id.org/stratagraph/ontology`` redirects to a service's ``/ontology``
(``publish/w3id/``), so every ``sg:`` term dereferences: a client asking for
``sg:Agency`` gets the ontology, in the syntax it asked for, and its ``#Agency``.
Turtle is the file itself, comments and all; the other syntaxes are written from it
by rdflib once per process (the files do not change while it runs). JSON-LD carries
its context inline, so a processor needs nothing else to read it.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache

from rdflib import Graph

from stratagraph.ontology.formats import Format
from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.ontology.vocab import (
    ONTOLOGY_IRI,
    SHAPES_IRI,
    VERSION,
    ontology_graph,
    ontology_text,
    shapes_graph,
    shapes_text,
)

__all__ = ["Vocabulary", "document"]


class Vocabulary(StrEnum):
    """What is published under ``https://w3id.org/stratagraph/``: its path there and here."""

    ONTOLOGY = "ontology"
    SHAPES = "shapes"

    @property
    def iri(self) -> str:
        return str(ONTOLOGY_IRI if self is Vocabulary.ONTOLOGY else SHAPES_IRI)

    @property
    def version_iri(self) -> str:
        return f"{self.iri}/{VERSION}"

    def graph(self) -> Graph:
        return ontology_graph() if self is Vocabulary.ONTOLOGY else shapes_graph()

    def text(self) -> str:
        return ontology_text() if self is Vocabulary.ONTOLOGY else shapes_text()


_RDFLIB_NAMES = {Format.NTRIPLES: "nt", Format.RDFXML: "xml"}  # "pretty-xml" drops statements on lists


@cache
def document(vocabulary: Vocabulary, fmt: Format) -> bytes:
    """``vocabulary`` written in ``fmt`` (UTF-8)."""
    if fmt is Format.TURTLE:
        return vocabulary.text().encode("utf-8")
    graph = vocabulary.graph()
    if fmt is Format.JSONLD:
        context = {prefix: namespace for prefix, namespace in PREFIXES.items()}
        context["sgsh"] = f"{SHAPES_IRI}#"
        context["sh"] = "http://www.w3.org/ns/shacl#"
        written = graph.serialize(format="json-ld", context=context, auto_compact=True)
        return json.dumps(json.loads(written), ensure_ascii=False, indent=1).encode("utf-8")
    return graph.serialize(format=_RDFLIB_NAMES[fmt], encoding="utf-8")
