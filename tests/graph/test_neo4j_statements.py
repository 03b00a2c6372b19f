"""The Neo4j store's statements: files and code agree, templates fill from enums only, Cypher lives in files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from stratagraph.graph.neo4j.statements import (
    SCHEMA,
    Q,
    Statement,
    StatementError,
    cypher,
    declared_params,
    every_statement,
    files,
    load,
    parse,
    query,
)
from stratagraph.model.records import Label, Rel

GRAPH = Path(__file__).resolve().parents[2] / "graph"
NEO4J = GRAPH / "neo4j"

CYPHER_IN_TEXT = re.compile(
    r"\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|DETACH\s+DELETE|UNWIND)\b"
    r"|\bCREATE\s*\(|\bCREATE\s+(?:CONSTRAINT|LOOKUP\s+INDEX|(?:RANGE\s+|TEXT\s+)?INDEX\s+\w+\s+(?:IF\s+NOT\s+EXISTS\s+)?FOR)\b"
    r"|\)-\[|\]->|<-\["
)


def test_every_file_is_a_statement_and_every_statement_has_a_file() -> None:
    assert set(files()) == {name.value for name in Q}


def test_every_statement_is_used_by_the_code() -> None:
    used: set[str] = set()
    for path in NEO4J.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Q":
                used.add(node.attr)
    assert used == {name.name for name in Q}


def test_no_python_string_under_graph_holds_cypher() -> None:
    found: list[str] = []
    for path in sorted(GRAPH.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A string that stands alone as a statement is documentation (a docstring), not a value.
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in docstrings:
                continue
            if CYPHER_IN_TEXT.search(node.value):
                found.append(f"{path.relative_to(GRAPH.parent)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("MATCH (n) RETURN n", True),
        ("UNWIND $rows AS row MERGE (n:Entity {id: row.id})", True),
        ("CREATE CONSTRAINT c IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE", True),
        ("CREATE (n:Task)", True),
        ("(a)-[:LEADS]->(b)", True),
        ("CREATE TABLE nodes (id TEXT PRIMARY KEY)", False),  # the embedded store's SQL is not Cypher
        ("CREATE INDEX edges_source ON edges (source)", False),
        ("a match, a merge of two lists", False),
    ],
)
def test_the_cypher_detector(text: str, holds: bool) -> None:
    assert bool(CYPHER_IN_TEXT.search(text)) is holds


def test_schema_statements_are_plain_and_take_no_parameters() -> None:
    for name in SCHEMA:
        statement = load(name)
        assert statement.family is None
        assert statement.params == frozenset()


def test_templates_fill_from_their_enum_only() -> None:
    assert load(Q.UPSERT_NODES).family is Label
    assert load(Q.UPSERT_EDGES).family is Rel
    assert load(Q.VERSION).family is None

    text = cypher(Q.UPSERT_NODES, Label.TASK)
    assert "SET n:Task" in text
    assert "REMOVE n:Agency:Plan:Document:Indicator:Target:Measurement" in text
    assert "__" not in text
    assert "[r:PART_OF {key: row.key}]" in cypher(Q.UPSERT_EDGES, Rel.PART_OF)

    with pytest.raises(StatementError, match="template over Rel"):
        cypher(Q.UPSERT_EDGES, "LEADS]->() DETACH DELETE (x")
    with pytest.raises(StatementError, match="template over Rel"):
        cypher(Q.UPSERT_EDGES, Label.TASK)
    with pytest.raises(StatementError, match="template over Label"):
        cypher(Q.FIND_NODES)
    with pytest.raises(StatementError, match="no slots"):
        cypher(Q.VERSION, Rel.LEADS)


def test_every_statement_lists_each_template_once_per_member() -> None:
    statements = every_statement()
    assert "version" in statements
    assert {f"upsert_edges[{rel.value}]" for rel in Rel} <= set(statements)
    assert {f"count_nodes[{label.value}]" for label in Label} <= set(statements)
    assert not any("__" in text for text in statements.values())
    assert set(declared_params()) == set(statements)


def test_query_sends_exactly_the_declared_parameters() -> None:
    text, params = query(Q.NEIGHBOURS_OUT, Rel.LEADS, ids=["agency/a"], at=None)
    assert params == {"ids": ["agency/a"], "at": None}
    assert text == cypher(Q.NEIGHBOURS_OUT, Rel.LEADS)
    with pytest.raises(StatementError, match="takes parameters at, ids, not ids"):
        query(Q.NEIGHBOURS_OUT, Rel.LEADS, ids=[])
    with pytest.raises(StatementError, match="takes parameters none, not rows"):
        query(Q.VERSION, rows=[])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("MATCH (n) RETURN n", "exactly one"),
        ("// params: a\n// params: b\nRETURN $a, $b", "exactly one"),
        ("// params: a b\nRETURN 1", "malformed"),
        ("// params: -\nMATCH (n:__LABEL__)-[:__REL__]->() RETURN n", "mixes or misspells"),
        ("// params: -\nMATCH (n:__LABLE__) RETURN n", "mixes or misspells"),
    ],
)
def test_malformed_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(StatementError, match=message):
        parse(Q.VERSION, text)


def test_a_header_declares_parameters() -> None:
    statement = parse(Q.VERSION, "// why\n// params: ids, at\nRETURN $ids, $at")
    assert statement == Statement(Q.VERSION, statement.text, frozenset({"ids", "at"}), frozenset())
    assert parse(Q.VERSION, "// params: -\nRETURN 1").params == frozenset()
