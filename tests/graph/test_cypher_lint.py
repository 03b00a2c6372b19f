"""Every Cypher statement of the Neo4j store, checked by Neo4j's own parser and linter.

No Neo4j server can run where the tests run, so this is what stands between a
typo in a ``.cypher`` file and production: ``cypher_lint.mjs`` runs
``lintCypherQuery`` of ``@neo4j-cypher/language-support`` (installed by
``make install`` under ``web/``) over every statement the store can send — each
template once per member of its enum — as Cypher 5 and Cypher 25, given the
labels, relationship types and property keys of the ontology and the parameters
each file declares. Without Node.js or the package these tests fail rather than
skip: ``make test`` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from stratagraph.graph.neo4j import codec
from stratagraph.graph.neo4j.statements import ENTITY, META, declared_params, every_statement, files
from stratagraph.ontology.vocab import CLASSES, DATATYPE_PROPERTIES, RELATIONS

REPOSITORY = Path(__file__).resolve().parents[2]
WEB = REPOSITORY / "web"
SCRIPT = Path(__file__).with_name("cypher_lint.mjs")
PACKAGE = WEB / "node_modules" / "@neo4j-cypher" / "language-support"

PARAMETER_SAMPLES: dict[str, Any] = {
    "rows": [{"id": "task/x", "props": {"id": "task/x"}}],
    "ids": ["task/x"],
    "at": "2024-01-01",
    "where": {"status": "done"},
    "types": ["LEADS"],
}

pytestmark = pytest.mark.node


def lint_schema() -> dict[str, Any]:
    """What the linter knows of the database: the ontology's names and the store's own."""
    return {
        "labels": sorted([label.value for label in CLASSES] + [ENTITY, META]),
        "relationshipTypes": sorted(rel.value for rel in RELATIONS),
        "propertyKeys": sorted({*DATATYPE_PROPERTIES, codec.NODE_ID, codec.EDGE_KEY, codec.SOURCES, "version"}),
        "parameterSamples": PARAMETER_SAMPLES,
    }


def run_lint(tmp_path: Path, statements: dict[str, str]) -> tuple[int, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: the Cypher lint needs it (make test installs what is missing)")
    if not PACKAGE.is_dir():
        pytest.fail(f"{PACKAGE.relative_to(REPOSITORY)} is missing: run `make install`")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(lint_schema()), encoding="utf-8")
    paths = []
    for name, text in statements.items():
        path = tmp_path / f"{name}.cypher"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run(
        [node, str(SCRIPT), str(WEB), str(schema), *paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode not in (0, 1):
        pytest.fail(f"cypher_lint.mjs failed ({done.returncode}):\n{done.stderr}")
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return done.returncode, report


def by_file(report: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(entry["file"]).stem: entry for entry in report}


def test_every_statement_passes_neo4j_lint(tmp_path: Path) -> None:
    statements = every_statement()
    assert len(statements) > len(files())  # templates expand to one statement per enum member
    code, report = run_lint(tmp_path, dict(statements))

    found = by_file(report)
    assert set(found) == set(statements)
    problems = [
        f"{name}:{d['line']}:{d['column']} [{d['cypher']}] {d['severity']}: {d['message']}"
        for name, entry in sorted(found.items())
        for d in entry["diagnostics"]
    ]
    assert problems == []
    assert code == 0
    declared = declared_params()
    for name, entry in found.items():
        assert set(entry["used"]) == declared[name], name


def test_the_lint_fails_on_a_broken_statement(tmp_path: Path) -> None:
    broken = {
        "syntax": "// params: ids\nUNWIND $ids AS id\nMATCH (n:Entity {id: id}\nRETURN n\n",
        "unknown_label": "// params: -\nMATCH (n:Tsk) RETURN n.id AS id\n",
        "unknown_type": "// params: -\nMATCH (:Agency)-[r:LEAD]->(:Task) RETURN r.key AS key\n",
        "undeclared_parameter": "// params: -\nMATCH (n:Entity {id: $id}) RETURN n.id AS id\n",
        "unused_parameter": "// params: at\nMATCH (n:Entity) RETURN n.id AS id\n",
        "unknown_property": "// params: -\nMATCH ()-[r:PART_OF]->() RETURN r.validfrom AS start\n",
        "no_header": "MATCH (n:Entity) RETURN n.id AS id\n",
        "fine": "// params: ids\nUNWIND $ids AS id MATCH (n:Entity:Task {id: id}) RETURN n.id AS id\n",
    }
    code, report = run_lint(tmp_path, broken)
    assert code == 1
    found = {name: [d["message"] for d in entry["diagnostics"]] for name, entry in by_file(report).items()}

    assert found["fine"] == []
    assert any(m.startswith("Invalid input") for m in found["syntax"])
    assert any("Label Tsk is not present" in m for m in found["unknown_label"])
    assert any("Relationship type LEAD is not present" in m for m in found["unknown_type"])
    assert "Parameter $id is not defined." in found["undeclared_parameter"]
    assert "Parameter $at is declared but not used." in found["unused_parameter"]
    assert any(m.startswith("validfrom is not present") for m in found["unknown_property"])
    assert any("params" in m for m in found["no_header"])
    # Each is reported for both Cypher versions the store must run on.
    versions = {
        d["cypher"] for entry in report if Path(entry["file"]).stem == "unknown_label" for d in entry["diagnostics"]
    }
    assert versions == {"CYPHER 5", "CYPHER 25"}
