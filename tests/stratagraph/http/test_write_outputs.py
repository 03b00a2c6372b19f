"""What writes leave in every output: the audit trail as PROV, and never a token.

A token (the whole of it, its secret, the secret's hash) is in no export format, no SPARQL
result, no GraphQL answer, no page and no CSV after it has been used to write; the audit
trail is in the RDF export as ``prov:Activity`` with ``prov:wasAssociatedWith`` and ``prov:used``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from tests.stratagraph.http.writes_app import CBC, EVIDENCE, IN_SCOPE, TODAY, WriteApp, write_app

PROV = Namespace("http://www.w3.org/ns/prov#")
REPORT = """mutation R($input: ReportTaskStatusInput!) {
  reportTaskStatus(input: $input) { version activity { id } errors { __typename } } }"""


@pytest.fixture
def written(write_template: Path, tmp_path: Path) -> Iterator[tuple[WriteApp, str]]:
    """The app after one report by the reporter token; the activity's id."""
    for app in write_app(write_template, tmp_path):
        variables = {
            "input": {
                "task": IN_SCOPE,
                "status": "DONE",
                "asOf": TODAY.isoformat(),
                "note": "Đã hoàn thành",
                "evidence": EVIDENCE,
            }
        }
        payload = app.post(REPORT, variables, app.tokens.reporter).json()["data"]["reportTaskStatus"]
        assert payload["errors"] == []
        yield app, payload["activity"]["id"]


def secrets_of(token: str) -> list[str]:
    secret = token.removeprefix("sgt_").split("_", 1)[1]
    return [token, secret, hashlib.sha256(secret.encode()).hexdigest()]


def test_no_output_holds_a_token(written: tuple[WriteApp, str]) -> None:
    app, activity = written
    client = app.client
    outputs: dict[str, bytes] = {}
    for fmt in ("ttl", "nt", "jsonld", "xml"):
        outputs[f"/rdf {fmt}"] = client.get(f"/rdf?format={fmt}").content
    for name, accept in (("/id activity (html)", "text/html"), ("/id activity (ttl)", "text/turtle")):
        page = client.get(f"/id/{activity}", headers={"Accept": accept})
        assert page.status_code == 200, name
        outputs[name] = page.content
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        outputs[f"/sparql {accept}"] = response.content
    query = "{ auditLog(first: 100) { edges { node { id actor { name role } changes { field before after } note } } } }"
    outputs["auditLog"] = app.post(query).content
    outputs["compliance.csv"] = client.get("/compliance.csv").content
    outputs["healthz"] = client.get("/healthz").content
    assert b"reportTaskStatus" in outputs["/rdf nt"]  # the outputs do hold the write
    for token in (app.tokens.reporter, app.tokens.admin):
        for secret in secrets_of(token):
            for name, body in outputs.items():
                assert secret.encode() not in body, name
    # the store's own file neither: tokens live in their own file, hashed
    store_bytes = (app.data_dir / "stratagraph.sqlite3").read_bytes()
    wal = app.data_dir / "stratagraph.sqlite3-wal"
    store_bytes += wal.read_bytes() if wal.exists() else b""
    for secret in secrets_of(app.tokens.reporter):
        assert secret.encode() not in store_bytes


def test_the_token_file_holds_hashes_only(written: tuple[WriteApp, str]) -> None:
    app, _ = written
    path = app.data_dir / "tokens.sqlite3"
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT * FROM tokens").fetchall()
    conn.close()
    dumped = repr(rows).encode()
    for token in (app.tokens.reporter, app.tokens.coordinator, app.tokens.admin):
        token_id, secret = token.removeprefix("sgt_").split("_", 1)
        assert token_id.encode() in dumped
        assert secret.encode() not in dumped
        assert hashlib.sha256(secret.encode()).digest() in {row[1] for row in rows}


def test_the_export_has_the_write_as_a_prov_activity(written: tuple[WriteApp, str]) -> None:
    app, activity = written
    graph = Graph().parse(data=app.client.get("/rdf?format=ttl").content, format="turtle")
    subject = URIRef(f"http://127.0.0.1:8000/id/{activity}")
    assert (subject, RDF.type, PROV.Activity) in graph
    assert (subject, PROV.wasAssociatedWith, URIRef(f"http://127.0.0.1:8000/id/{CBC}")) in graph
    assert (subject, PROV.used, URIRef(f"http://127.0.0.1:8000/id/{IN_SCOPE}")) in graph
