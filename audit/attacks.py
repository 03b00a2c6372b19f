"""What an attacker sends, and the clear answer each must get: status (or exit code) and words.

Each attack is a function of the target (a running ``stratagraph serve`` and a
folder for files) returning what came back; ``expect`` is the status it must be
and a phrase the answer must hold, so a refusal for the wrong reason fails too.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

from audit.hostile import alias_bomb, billion_laughs, nested_turtle

GRAPHQL_HEADERS = {"Content-Type": "application/json", "Accept": "application/graphql-response+json"}
STRATAGRAPH = str(Path(sys.executable).parent / "stratagraph")
MIB = 1 << 20


@dataclass(frozen=True)
class Target:
    base: str
    port: int
    folder: Path


@dataclass(frozen=True)
class Answer:
    status: int
    text: str


@dataclass(frozen=True)
class Attack:
    name: str
    send: Callable[[Target], Answer]
    status: int
    phrase: str
    slow: bool = False
    """Left out of the bounded run in ``make test`` (the full ``make audit`` runs it)."""


# --- GraphQL -----------------------------------------------------------------------------------


def _graphql(document: str) -> Callable[[Target], Answer]:
    def send(target: Target) -> Answer:
        response = httpx.post(
            f"{target.base}/graphql", content=json.dumps({"query": document}), headers=GRAPHQL_HEADERS, timeout=60
        )
        return Answer(response.status_code, response.text)

    return send


def _raw_graphql(body: bytes) -> Callable[[Target], Answer]:
    def send(target: Target) -> Answer:
        response = httpx.post(f"{target.base}/graphql", content=body, headers=GRAPHQL_HEADERS, timeout=60)
        return Answer(response.status_code, response.text)

    return send


def fragment_bomb(levels: int = 25) -> str:
    """Each fragment spreads the next twice: 2^levels fields once expanded, in about a kilobyte."""
    fragments = [f"fragment F{i} on Query {{ __typename ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return "query { ...F0 } " + " ".join(fragments) + f" fragment F{levels} on Query {{ __typename }}"


PLAN = "plan/chien-luoc-cds-bao-chi"
TASK = "task/tap-huan-danh-gia-truong-thanh-2024"
CRITICAL = " ".join(
    f'p{i}: plan(id: "{PLAN}") {{ criticalPath {{ tasks {{ task {{ accountability {{ chain {{ id }} }} }} }} }} }}'
    for i in range(30)
)

GRAPHQL_ATTACKS = [
    Attack("GraphQL fragment bomb, 25 levels", _graphql(fragment_bomb()), 400, "costs"),
    Attack(
        "GraphQL 100 aliases", _graphql("{ " + " ".join(f"a{i}: __typename" for i in range(100)) + " }"), 400, "alias"
    ),
    Attack(
        "GraphQL 600 directives on one field",
        _graphql("{ __typename " + "@include(if: true) " * 600 + "}"),
        400,
        "token",
    ),
    Attack(
        "GraphQL depth 30",
        _graphql("{" + " agencies { edges { node { units { " * 8 + "id" + " } } } }" * 8 + " }"),
        400,
        "depth",
    ),
    Attack(
        "GraphQL batch of 100 queries",
        _raw_graphql(json.dumps([{"query": "{ __typename }"}] * 100).encode()),
        400,
        "batching",
    ),
    Attack(
        "GraphQL cost: order x downstream x upstream",
        _graphql(
            f'{{ plan(id: "{PLAN}") {{ topologicalOrder {{ id downstream {{ task {{ id '
            "upstream { task { id } } } } } } }"
        ),
        400,
        "the limit is",
    ),
    Attack("GraphQL cost: 30 x criticalPath x accountability", _graphql("{ " + CRITICAL + " }"), 400, "the limit is"),
    Attack(
        "GraphQL JSON nested 100,000 deep",
        _raw_graphql(b'{"query": "{ __typename }", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        400,
        "nests",
    ),
    Attack(
        "GraphQL integer of 5,000 digits",
        _raw_graphql(b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}"),
        400,
        "digits",
    ),
    Attack(
        "GraphQL delayImpact(days: 3650000)",
        _graphql(f'{{ task(id: "{TASK}") {{ delayImpact(days: 3650000) {{ days }} }} }}'),
        200,
        "3650",
    ),
    Attack(
        "GraphQL body of 2 MiB",
        _raw_graphql(b'{"query": "' + b" " * (2 * MIB) + b'{ __typename }"}'),
        413,
        "larger than",
    ),
]


# --- SPARQL ------------------------------------------------------------------------------------


def _sparql(query: str, accept: str = "application/sparql-results+json") -> Callable[[Target], Answer]:
    def send(target: Target) -> Answer:
        response = httpx.post(
            f"{target.base}/sparql",
            content=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
            timeout=60,
        )
        return Answer(response.status_code, response.text)

    return send


def _sparql_get(query: str) -> Callable[[Target], Answer]:
    def send(target: Target) -> Answer:
        response = httpx.get(f"{target.base}/sparql?query={quote(query)}", timeout=60)
        return Answer(response.status_code, response.text)

    return send


SPARQL_ATTACKS = [
    Attack(
        "SPARQL SERVICE to a loopback port",
        _sparql("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
        400,
        "SERVICE",
    ),
    Attack(
        "SPARQL service (lower case, SILENT)",
        _sparql_get("select * { service silent <http://127.0.0.1:22/x> { ?s ?p ?o } }"),
        400,
        "SERVICE",
    ),
    Attack("SPARQL LOAD", _sparql("LOAD <http://127.0.0.1:9/x.ttl>"), 403, "read-only"),
    Attack(
        "SPARQL 6 GB query (ORDER BY a cross product)",
        _sparql("SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"),
        503,
        "MiB a query may use",
    ),
    Attack("SPARQL result over 64 MiB", _sparql("SELECT * { ?a ?b ?c . ?d ?e ?f }", "text/csv"), 422, "add a LIMIT"),
    Attack("SPARQL nested 50,000 deep", _sparql("SELECT * " + "{" * 50_000 + "}" * 50_000), 400, "at most"),
    Attack("SPARQL body of 2 MiB", _sparql("#" + "x" * (2 * MIB) + "\nASK {}"), 413, "larger than"),
]


# --- connections -------------------------------------------------------------------------------


def _answer(received: bytes) -> Answer:
    """What a raw connection received: its status (0 when no HTTP answer came) and its text."""
    status = int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/") else 0
    return Answer(status, received.decode("latin-1"))


def _stalled_headers(target: Target) -> Answer:
    """Half a request line, then nothing: the server must answer 408 and close, not wait for ever."""
    with socket.create_connection(("127.0.0.1", target.port), timeout=60) as connection:
        connection.sendall(b"GET /healthz HTT")
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return _answer(received)


def _huge_headers(target: Target) -> Answer:
    with socket.create_connection(("127.0.0.1", target.port), timeout=60) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        try:
            for _ in range(200):
                connection.sendall(b"X-Filler: " + b"a" * 1000 + b"\r\n")
        except OSError:
            pass
        received = connection.recv(65536)
    return _answer(received)


def _long_url(target: Target) -> Answer:
    """A whole request, its headers ended, in one write: the bound holds when the end comes with the excess."""
    with socket.create_connection(("127.0.0.1", target.port), timeout=60) as connection:
        connection.sendall(b"GET /graphql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        received = connection.recv(65536)
    return _answer(received)


CONNECTION_ATTACKS = [
    Attack("a client that never finishes its headers", _stalled_headers, 408, "header"),
    Attack("200 KB of headers", _huge_headers, 431, "header"),
    Attack("a 70 KB URL in one write", _long_url, 431, "POST body"),
]


# --- hostile files -----------------------------------------------------------------------------


def _validate(name: str, content: Callable[[], str]) -> Callable[[Target], Answer]:
    def send(target: Target) -> Answer:
        path = target.folder / name
        path.write_text(content(), encoding="utf-8")
        done = subprocess.run(
            [STRATAGRAPH, "validate", "--alone", str(path)], capture_output=True, text=True, timeout=120, check=False
        )
        return Answer(done.returncode, done.stderr)

    return send


def _deep_yaml() -> str:
    return "tasks: " + "[" * 10_000 + "]" * 10_000 + "\n"


def _long_cell() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["STT", "Nhiệm vụ", "Đơn vị chủ trì"], ["1", "x" * 200_000, "Cục Báo chí"]])
    return buffer.getvalue()


FILE_ATTACKS = [
    Attack("YAML alias bomb (9 x 9)", _validate("bomb.yaml", alias_bomb), 1, "values to read"),
    Attack("YAML nested 10,000 deep", _validate("deep.yaml", _deep_yaml), 1, "deep"),
    Attack("RDF/XML billion laughs", _validate("laughs.rdf", billion_laughs), 1, "ENTITY"),
    Attack(
        "Turtle, a million nested collections",
        _validate("nested.ttl", lambda: nested_turtle(1_000_000)),
        1,
        "values to read",
        slow=True,
    ),
    Attack("CSV cell of 200,000 characters", _validate("cell.csv", _long_cell), 1, "characters"),
]

ATTACKS = [*GRAPHQL_ATTACKS, *SPARQL_ATTACKS, *CONNECTION_ATTACKS, *FILE_ATTACKS]


def timed(attack: Attack, target: Target) -> tuple[Answer, float]:
    started = time.perf_counter()
    try:
        answer = attack.send(target)
    except (OSError, httpx.HTTPError, subprocess.TimeoutExpired) as error:
        answer = Answer(-1, f"{type(error).__name__}: {error}")
    return answer, time.perf_counter() - started
