"""A query that does not parse is answered with where, what was expected, and how to fix it."""

from __future__ import annotations

import pytest
from pyoxigraph import Store

from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.sparql.syntax import explain


def explained(query: str) -> str:
    with pytest.raises(SyntaxError) as caught:
        Store().query(query)
    return explain(query, str(caught.value), PREFIXES)


def test_an_undeclared_prefix_of_the_data_is_named_with_the_line_to_add() -> None:
    text = explained("SELECT ?task WHERE {\n  ?agency sg:leads ?task\n}")
    assert text.startswith('query does not parse at line 2, column 11: the prefix "sg:" is not declared')
    assert "\n    ?agency sg:leads ?task\n            ^\n" in text
    assert "PREFIX sg: <https://w3id.org/stratagraph/ontology#>" in text


def test_the_caret_points_at_the_undeclared_name_not_where_the_parser_stopped() -> None:
    query = 'SELECT ?t WHERE { ?a sg:abbreviation "C:B" ; <http://e/x> ?b ; sg:leads ?t }'
    text = explained(query)
    assert text.startswith('query does not parse at line 1, column 22: the prefix "sg:" is not declared')
    assert text.split("\n")[2].index("^") == 2 + query.index("sg:")


def test_declared_prefixes_iris_and_strings_are_not_taken_for_the_culprit() -> None:
    query = 'PREFIX sg: <https://w3id.org/stratagraph/ontology#>\nSELECT * WHERE { ?a sg:x "a:b" ; org:memberOf ?b }'
    text = explained(query)
    assert 'line 2, column 34: the prefix "org:" is not declared' in text
    assert "PREFIX org: <http://www.w3.org/ns/org#>" in text


def test_an_unknown_prefix_gets_the_general_fix() -> None:
    text = explained("SELECT * WHERE { ?s foaf2:name ?o }")
    assert 'the prefix "foaf2:" is not declared' in text
    assert "write the IRI in full" in text


def test_the_caret_stands_under_the_column_named() -> None:
    text = explained("SELECT * WHERE { ?s ?p }")
    _, line, caret, _ = text.split("\n")
    column = int(text.split("column ")[1].split(":")[0])
    assert line == "  SELECT * WHERE { ?s ?p }"
    assert caret.index("^") == 2 + column - 1


def test_expected_keywords_are_listed_without_the_grammars_character_classes() -> None:
    text = explained("SELECT ?x WHERE { ?x <urn:p> ?y FILTER(?y = ) }")
    first = text.split("\n")[0]
    assert "expected" in first
    assert "[" not in first
    assert "'" not in first
    assert ".." not in first
    assert "(or " in first or first.count(",") < 12


def test_a_message_without_a_place_is_passed_on() -> None:
    assert explain("x", "something else went wrong", PREFIXES) == "query does not parse: something else went wrong"


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("SELECT * WHERE { ?s ?p ?o", "the '{' at line 1, column 16 is never closed: add a '}'"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o > 1\n}", "the '(' at line 3, column 9 is never closed"),
        ('SELECT * WHERE { ?s ?p "{" } }', "the '}' at line 1, column 30 closes nothing"),
    ],
)
def test_an_unbalanced_bracket_is_pointed_at(query: str, hint: str) -> None:
    assert hint in explained(query).split("\n")[-1]


@pytest.mark.parametrize(
    ("query", "where", "hint"),
    [
        ("SELEC * WHERE { ?s ?p ?o }", "line 1, column 1: 'SELEC' is not a SPARQL keyword", "did you mean SELECT?"),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMT 3",
            "line 1, column 29: 'LIMT' is not a SPARQL keyword",
            "did you mean LIMIT?",
        ),
        (
            'PREFIX sg: <https://w3id.org/stratagraph/ontology#>\nSELECT * { ?s a sg:Task FILTR(lang(?s) = "vi") }',
            "line 2, column 25: 'FILTR' is not a SPARQL keyword",
            "did you mean FILTER?",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } wibble",
            "line 1, column 29: 'wibble' is not a SPARQL keyword",
            "a variable ?name",
        ),
    ],
)
def test_a_word_that_is_no_keyword_is_named_with_the_nearest_one(query: str, where: str, hint: str) -> None:
    """pyoxigraph names the last rule it tried ("expected CONSTRUCT" for SELEC); the stray word is the news."""
    text = explained(query)
    assert text.startswith(f"query does not parse at {where}")
    assert text.endswith(hint)
    column = int(text.split("column ")[1].split(":")[0])
    assert text.split("\n")[2].index("^") == 2 + column - 1


def test_keywords_functions_prefixes_and_language_tags_are_not_stray_words() -> None:
    text = explained('PREFIX ex: <http://e/>\nSELECT (COUNT(?s) AS ?n) WHERE { ?s a ex:T ; ex:p "x"@vi FILTER(?s = ) }')
    assert "is not a SPARQL keyword" not in text
    assert "expected" in text.split("\n")[0]
