"""/sparql cannot be made to reach out, freeze or exhaust the service, over real HTTP on loopback.

- SERVICE, written in every way the grammar allows, is refused with 400 and no
  connection reaches the loopback listener it names (nor does FROM, which is answered);
- nesting past the bound is a 400 naming it, not a crashed worker;
- a query past the memory budget is a 503 saying so, while other requests are served;
- a result past the size limit is a 422 saying to add a LIMIT;
- a body past 1 MiB is refused at the limit (413), and at once when Content-Length says so.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from stratagraph.http.sparql_endpoint import MAX_QUERY_BYTES
from stratagraph.sparql.screen import MAX_DEPTH
from tests.stratagraph.http.live import serve
from tests.stratagraph.loopback import Listener, connect, read_response
from tests.stratagraph.sparql.test_screen import SERVICE_FORMS

MEMORY_MB = 200


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("sparql-limits"), sparql_timeout=60.0, sparql_memory_mb=MEMORY_MB) as url:
        yield url


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    with Listener() as the_listener:
        yield the_listener


def aimed_at(query: str, port: int) -> str:
    return query.replace("127.0.0.1:9", f"127.0.0.1:{port}")


@pytest.mark.parametrize("query", SERVICE_FORMS.values(), ids=SERVICE_FORMS.keys())
@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_service_is_refused_and_nothing_connects(base: str, listener: Listener, query: str, how: str) -> None:
    text = aimed_at(query, listener.port)
    sent: dict[str, Any] = {
        "get": {"method": "GET", "params": {"query": text}},
        "form": {"method": "POST", "data": {"query": text}},
        "direct": {"method": "POST", "content": text.encode(), "headers": {"Content-Type": "application/sparql-query"}},
    }[how]
    response = httpx.request(url=f"{base}/sparql", timeout=30, **sent)
    assert response.status_code == 400, response.text
    assert "SERVICE (federated query) is not offered" in response.text
    assert listener.connections == 0


def test_from_names_a_graph_and_fetches_nothing(base: str, listener: Listener) -> None:
    """A graph elsewhere is refused (400, naming the one graph here), never fetched nor answered empty."""
    before = listener.connections
    query = f"SELECT * FROM <http://127.0.0.1:{listener.port}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1"
    response = httpx.get(f"{base}/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 400
    assert f"<http://127.0.0.1:{listener.port}/data.ttl> is not one of its graphs" in response.text
    assert listener.connections == before


@pytest.mark.parametrize(
    "query",
    ["ASK " + "{" * 50_000 + "}" * 50_000, "ASK { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }"],
    ids=["braces", "parentheses"],
)
def test_deep_nesting_is_a_400_naming_the_bound(base: str, query: str) -> None:
    response = httpx.post(
        f"{base}/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.status_code == 400
    assert f"at most {MAX_DEPTH} are accepted" in response.text
    assert httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True


def test_a_query_past_the_memory_budget_is_a_503_and_others_are_served(base: str) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
    answers: list[httpx.Response] = []
    hungry = threading.Thread(
        target=lambda: answers.append(httpx.get(f"{base}/sparql", params={"query": query}, timeout=90))
    )
    hungry.start()
    try:
        assert httpx.get(f"{base}/healthz", timeout=30).status_code == 200
        other = httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert other.json()["boolean"] is True
    finally:
        hungry.join()
    [answer] = answers
    assert answer.status_code == 503
    assert f"more than the {MEMORY_MB} MiB a query may use" in answer.text
    assert "Traceback" not in answer.text


def test_a_result_past_the_size_limit_is_a_422_saying_to_add_a_limit(base: str) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 2000000"
    response = httpx.get(f"{base}/sparql", params={"query": query}, timeout=90)
    assert response.status_code == 422
    assert "64 MiB a query may return: add a LIMIT" in response.text


def test_a_body_past_the_limit_is_refused_without_reading_the_rest(base: str) -> None:
    """Chunked, with no length given: the 413 comes back while the client is still sending."""
    with connect(base) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"#" * 65536
        for _ in range(MAX_QUERY_BYTES // len(chunk) + 2):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        status, received = read_response(sock)  # the body's end was never sent
    assert status == 413
    assert b"larger than 1048576 bytes: send a shorter query, or split it into several" in received


def test_a_declared_length_past_the_limit_is_refused_before_the_body(base: str) -> None:
    with connect(base) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1073741824\r\n\r\nASK {"
        )
        status, received = read_response(sock)
    assert status == 413
    assert b"larger than 1048576 bytes: send a shorter query, or split it into several" in received


def test_a_body_within_the_limit_is_answered(base: str) -> None:
    query = "ASK { ?s ?p ?o }" + " " * (MAX_QUERY_BYTES - 100)
    response = httpx.post(
        f"{base}/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.json()["boolean"] is True
