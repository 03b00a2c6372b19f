"""A Neo4j that cannot be reached, for real: the driver talks to a closed loopback port.

At start (``open``, ``stratagraph load``, ``stratagraph serve``) that is one error
line and exit status 1, never a traceback. Later (the server went away after
the store opened) every call raises ``StoreUnavailableError``, ``/healthz``
answers 503 and GraphQL answers with the error's message; the driver reconnects
by itself once the server is back, which needs a server to show.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from stratagraph.graph.neo4j import Neo4jConfig, Neo4jStore
from stratagraph.http.app import create_app
from stratagraph.model.errors import StoreError, StoreUnavailableError
from stratagraph.model.records import Batch, Label, Node, Rel
from stratagraph.settings import Settings

STRATAGRAPH = Path(sys.executable).with_name("stratagraph")
REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def closed_uri() -> str:
    """A Bolt URI on a loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"bolt://127.0.0.1:{port}"


def config(uri: str) -> Neo4jConfig:
    return Neo4jConfig(uri, "neo4j", "secret", None, connect_timeout=2.0, retry_seconds=0.2)


async def test_open_fails_with_one_line_and_leaves_the_store_closed(closed_uri: str) -> None:
    store = Neo4jStore(config(closed_uri))
    with pytest.raises(StoreUnavailableError) as caught:
        await store.open()
    message = str(caught.value)
    assert message.startswith(f"cannot reach Neo4j at {closed_uri}: ")
    assert "\n" not in message
    assert "secret" not in message
    with pytest.raises(StoreError, match="is not open"):
        await store.version()
    await store.close()  # closing a store that never opened is fine


@pytest.fixture
async def gone(closed_uri: str) -> AsyncIterator[Neo4jStore]:
    """A store as it is after its server went away: open, with a driver whose server is gone.

    White-box (the store's own driver is made without the checks of ``open``,
    which a closed port cannot pass); everything after that is the real driver.
    """
    store = Neo4jStore(config(closed_uri))
    store._driver = store._new_driver()
    yield store
    await store.close()


async def test_every_call_on_a_lost_server_is_a_clear_unavailable_error(gone: Neo4jStore, closed_uri: str) -> None:
    task = Node("task/t", Label.TASK)
    calls = {
        "version": gone.version(),
        "get": gone.get([task.id]),
        "find": gone.find(Label.TASK, {"status": "done"}),
        "count": gone.count(Label.AGENCY),
        "neighbours": gone.neighbours([task.id], Rel.LEADS),
        "edges": gone.edges(),
        "snapshot": gone.snapshot(),
        "write": gone.write(Batch.of([task])),
        "delete": gone.delete([task.id]),
    }
    for name, call in calls.items():
        with pytest.raises(StoreUnavailableError) as caught:
            await call
        message = str(caught.value)
        assert message.startswith(f"cannot reach Neo4j at {closed_uri}: "), name
        assert "\n" not in message, name


async def test_healthz_and_graphql_say_the_store_is_unavailable(gone: Neo4jStore, closed_uri: str) -> None:
    app = create_app(Settings.from_env(), store=gone, dataset=None)
    transport = httpx.ASGITransport(app=app)  # no lifespan: the store is already "open"
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        health = await client.get("/healthz")
        answer = await client.post("/graphql", json={"query": '{ agency(id: "agency/cuc-bao-chi") { name } }'})

    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "unavailable"
    assert body["store"] == "neo4j"
    assert body["error"].startswith(f"cannot reach Neo4j at {closed_uri}: ")

    assert answer.status_code == 200
    (error,) = answer.json()["errors"]
    assert error["message"].startswith(f"cannot reach Neo4j at {closed_uri}: ")


def run_cli(closed_uri: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRATAGRAPH_", "NEO4J_"))}
    env |= {"NEO4J_URI": closed_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "secret", "COLUMNS": "60"}
    return subprocess.run(
        [str(STRATAGRAPH), *args],
        env=env,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [("load", "data", "--store", "neo4j"), ("serve", "--store", "neo4j", "--port", "0")],
    ids=["load", "serve"],
)
def test_the_command_line_reports_an_unreachable_server_in_one_line(closed_uri: str, args: tuple[str, ...]) -> None:
    done = run_cli(closed_uri, *args)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: cannot reach Neo4j at {closed_uri}: ")
    assert "Traceback" not in done.stderr
    assert "secret" not in done.stderr


def test_serving_from_neo4j_without_a_uri_is_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRATAGRAPH_", "NEO4J_"))}
    done = subprocess.run(
        [str(STRATAGRAPH), "serve"],
        env=env | {"STRATAGRAPH_STORE": "neo4j"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: the Neo4j store's URI is missing: set NEO4J_URI (e.g. bolt://localhost:7687)"
    ]
