"""Choosing a store by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratagraph.graph.embedded import EmbeddedStore
from stratagraph.graph.neo4j import Neo4jConfig, Neo4jStore
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.model.errors import InputError


def test_the_embedded_store_needs_its_file() -> None:
    with pytest.raises(InputError, match="needs a path"):
        open_store("embedded")


def test_embedded_is_the_default_and_takes_a_path(tmp_path: Path) -> None:
    store = open_store(path=tmp_path / "x.sqlite3", busy_timeout=2)
    assert isinstance(store, EmbeddedStore)
    assert isinstance(store, Store)
    assert store.name == "embedded"
    assert store.path == tmp_path / "x.sqlite3"
    assert store.busy_timeout == 2.0


def test_a_relative_path_is_fixed_when_the_store_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store("embedded", path="rel/x.sqlite3")
    assert isinstance(store, EmbeddedStore)
    assert store.path == tmp_path / "rel" / "x.sqlite3"


def test_neo4j_is_constructed_without_connecting() -> None:
    store = open_store("neo4j", uri="bolt://127.0.0.1:1", user="u", password="s3cret", database=None)
    assert isinstance(store, Neo4jStore)
    assert isinstance(store, Store)
    assert store.name == "neo4j"
    assert store.config == Neo4jConfig("bolt://127.0.0.1:1", "u", "s3cret", None)
    assert "s3cret" not in repr(store.config)
    assert "s3cret" not in repr(store)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "NEO4J_URI"),
        ({"uri": None}, "NEO4J_URI"),
        ({"uri": "http://localhost:7474"}, "not a Neo4j URI"),
        ({"uri": "localhost:7687"}, "not a Neo4j URI"),
        ({"uri": "bolt://localhost", "pasword": "x"}, "pasword"),
        ({"uri": "bolt://localhost", "user": 3}, "user"),
        ({"uri": "bolt://localhost", "database": 3}, "database"),
        ({"uri": "bolt://localhost", "retry_seconds": 0}, "retry_seconds"),
    ],
)
def test_neo4j_options_are_checked_when_constructed(options: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        open_store("neo4j", **options)


def test_unknown_kinds_and_options_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'sqlite'.*embedded, neo4j"):
        open_store("sqlite")
    with pytest.raises(InputError, match="pth"):
        open_store("embedded", pth=tmp_path)
    with pytest.raises(InputError, match="path"):
        open_store("embedded", path=3)
    with pytest.raises(InputError, match="busy_timeout"):
        open_store("embedded", path=tmp_path / "x", busy_timeout="soon")
