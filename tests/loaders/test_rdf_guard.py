"""RDF text the parser must not see is refused first, where it is written; everything else goes through."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import RdfFormat

from audit.hostile import billion_laughs, nested_jsonld, nested_rdf_xml, nested_turtle
from stratagraph.loaders.limits import MAX_DEPTH
from stratagraph.loaders.rdf_guard import refused_before_parsing
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.ontology.mapping import triples
from tests.ontology.conftest import small_batch


def test_json_ld_nested_deeper_than_the_limit_is_refused_at_the_line_that_goes_deeper() -> None:
    problem = refused_before_parsing(nested_jsonld(60_000), RdfFormat.JSON_LD, "x.jsonld")
    assert problem is not None
    # the node opens level 1 on line 1, and each line below opens one more
    assert (problem.line, problem.message) == (MAX_DEPTH + 1, f"JSON-LD nested more than {MAX_DEPTH} levels deep")


def test_json_ld_at_the_limit_goes_through() -> None:
    assert refused_before_parsing(nested_jsonld(MAX_DEPTH - 1), RdfFormat.JSON_LD, "x.jsonld") is None


def test_brackets_inside_json_strings_are_not_nesting() -> None:
    text = json.dumps({"@id": "https://example.org/a", "https://example.org/p": "[{" * 1000 + '\\"[{'})
    assert refused_before_parsing(text, RdfFormat.JSON_LD, "x.jsonld") is None


def test_rdf_xml_nested_deeper_than_the_limit_is_refused_at_its_line() -> None:
    problem = refused_before_parsing(nested_rdf_xml(100_000), RdfFormat.RDF_XML, "x.rdf")
    assert problem is not None
    # rdf:RDF on line 2 is level 1, rdf:Description level 2, then one more a line
    assert (problem.line, problem.message) == (MAX_DEPTH + 2, f"XML nested more than {MAX_DEPTH} levels deep")


def test_rdf_xml_declaring_an_entity_is_refused_at_the_declaration() -> None:
    problem = refused_before_parsing(billion_laughs(), RdfFormat.RDF_XML, "x.rdf")
    assert problem is not None
    assert (problem.line, problem.message) == (3, "XML entity declaration <!ENTITY lol0 …> is not read")


@pytest.mark.parametrize("fmt", [Format.JSONLD, Format.RDFXML, Format.TURTLE, Format.NTRIPLES], ids=str)
def test_the_export_goes_through(fmt: Format) -> None:
    small = small_batch()
    text = to_bytes(triples(small.nodes, small.edges, "https://example.org/sg/"), fmt).decode()
    syntax = {Format.JSONLD: RdfFormat.JSON_LD, Format.RDFXML: RdfFormat.RDF_XML}.get(fmt, RdfFormat.TURTLE)
    assert refused_before_parsing(text, syntax, "x") is None


def test_turtle_is_left_to_the_parser_and_the_budget() -> None:
    assert refused_before_parsing(nested_turtle(100_000), RdfFormat.TURTLE, "x.ttl") is None
