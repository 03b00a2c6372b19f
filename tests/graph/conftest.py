"""Stores for the conformance suite: every test runs once per store kind.

``make_store`` builds a new, unopened store on one backing database per test
(so a test can close one instance and open another, or run two side by side);
``store`` is one such instance, opened. The Neo4j kind is collected everywhere
and skipped unless ``NEO4J_URI`` names a server to run against.

Tests name their records with a per-test ``ns`` and assert only on their own
records, so the suite can also run against a Neo4j database that holds other
data: nothing is wiped, and only the test's own nodes are deleted afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.model.records import Label

NEO4J_SKIP = "NEO4J_URI is not set: the Neo4j conformance run needs a server"

StoreMaker = Callable[[], Store]


@pytest.fixture
def ns() -> str:
    """A prefix for this test's ids, unique across runs."""
    return "t" + uuid.uuid4().hex[:10]


@pytest.fixture(params=["embedded", "neo4j"])
async def make_store(request: pytest.FixtureRequest, tmp_path: Path, ns: str) -> AsyncIterator[StoreMaker]:
    if request.param == "embedded":
        path = tmp_path / "stratagraph.sqlite3"
        yield lambda: open_store("embedded", path=path)
        return
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip(NEO4J_SKIP)

    def neo4j() -> Store:
        return open_store(
            "neo4j",
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE"),
        )

    yield neo4j
    await _delete_own(neo4j(), ns)


@pytest.fixture
async def store(make_store: StoreMaker) -> AsyncIterator[Store]:
    opened = make_store()
    await opened.open()
    yield opened
    await opened.close()


async def _delete_own(store: Store, ns: str) -> None:
    """Remove the nodes (and so the edges) a test wrote, through the protocol only."""
    await store.open()
    try:
        own = [n.id for label in Label for n in await store.find(label) if n.key.startswith(ns)]
        if own:
            await store.delete(own)
    finally:
        await store.close()
