"""Slow and greedy clients against the real uvicorn, configured as ``stratagraph serve`` configures it.

Raw sockets on loopback send half a request and stall, or send headers without
end, or open more connections than allowed: the server closes them (408, 431,
503) within the bound, and a normal client is served meanwhile. The socket
timeouts below are generous bounds on "does not hang", not measurements.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from stratagraph.http.server import MAX_HEADER_BYTES
from tests.stratagraph.http.live import serve
from tests.stratagraph.loopback import connect, read_response

HEADER_TIMEOUT = 1.0
MAX_CONNECTIONS = 20


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(
        tmp_path_factory.mktemp("server"), header_timeout=HEADER_TIMEOUT, max_connections=MAX_CONNECTIONS
    ) as url:
        yield url


def stalled(base: str, sent: bytes, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = connect(base, timeout=15)
        if sent:
            sock.sendall(sent)
        sockets.append(sock)
    return sockets


def test_half_a_request_line_is_closed_within_the_bound_and_others_are_served(base: str) -> None:
    sockets = stalled(base, b"GET /heal", 10)
    try:
        assert httpx.get(f"{base}/healthz", timeout=15).status_code == 200  # served while they stall
        answers = [read_response(sock) for sock in sockets]  # the server closes them; nothing more is sent
    finally:
        for sock in sockets:
            sock.close()
    assert {status for status, _ in answers} == {408}
    assert all(f"within {HEADER_TIMEOUT:g} s".encode() in received for _, received in answers)


def test_a_connection_that_sends_nothing_is_closed(base: str) -> None:
    with connect(base, timeout=15) as sock:
        status, _ = read_response(sock)
    assert status == 408


def test_a_kept_alive_connection_stalling_in_its_next_request_is_closed(base: str) -> None:
    with connect(base, timeout=15) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        first, _ = read_response(sock)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: te")
        second, _ = read_response(sock)
    assert first == 200
    assert second == 408


def test_headers_without_end_are_refused_at_the_size_bound(base: str) -> None:
    with connect(base, timeout=15) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        with contextlib.suppress(ConnectionError):
            for _ in range(MAX_HEADER_BYTES // 1000 + 10):
                sock.sendall(b"X-Padding: " + b"a" * 987 + b"\r\n")
        status, received = read_response(sock)
    assert status == 431
    assert f"more than {MAX_HEADER_BYTES} bytes".encode() in received


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            lambda pad: b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: " + pad + b"\r\n\r\n", id="header"
        ),
        pytest.param(lambda pad: b"GET /healthz?x=" + pad + b" HTTP/1.1\r\nHost: test\r\n\r\n", id="url"),
    ],
)
def test_complete_headers_over_the_size_bound_in_one_write_are_refused(
    base: str, head: Callable[[bytes], bytes]
) -> None:
    """The end of the headers arriving with the bytes that pass the bound: refused all the same, and said why."""
    with connect(base, timeout=15) as sock:
        with contextlib.suppress(ConnectionError):
            sock.sendall(head(b"a" * (MAX_HEADER_BYTES + 6_000)))
        status, received = read_response(sock)
    assert status == 431
    assert b"send a long query in a POST body" in received


def test_headers_under_the_bound_with_a_body_in_the_same_write_are_served(base: str) -> None:
    body = b"{}" + b" " * (2 * MAX_HEADER_BYTES)  # a body far over the header bound, sent with its headers
    head = f"POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    with connect(base, timeout=15) as sock:
        sock.sendall(head.encode() + b"X-Padding: " + b"a" * (MAX_HEADER_BYTES - 200) + b"\r\n\r\n" + body)
        status, received = read_response(sock)
    assert status == 400, received  # the endpoint read it: an empty JSON object is not a GraphQL request
    assert b"query" in received


def test_connections_past_the_bound_are_refused_at_once(tmp_path: Path) -> None:
    with serve(tmp_path, header_timeout=60.0, max_connections=MAX_CONNECTIONS) as url:
        sockets = stalled(url, b"", MAX_CONNECTIONS)
        try:
            with connect(url, timeout=15) as extra:
                status, received = read_response(extra)
        finally:
            for sock in sockets:
                sock.close()
        assert status == 503
        assert f"more than {MAX_CONNECTIONS} connections".encode() in received
        for _ in range(50):  # the freed slots are taken again once the server saw the closes
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/healthz", timeout=15).status_code == 200:
                    break
        else:
            pytest.fail("the server did not serve again after the stalled connections closed")


def test_the_bounds_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from stratagraph.settings import Settings

    monkeypatch.setenv("STRATAGRAPH_HEADER_TIMEOUT", "2.5")
    monkeypatch.setenv("STRATAGRAPH_MAX_CONNECTIONS", "7")
    monkeypatch.setenv("STRATAGRAPH_SPARQL_MEMORY_MB", "300")
    settings = Settings.from_env()
    assert (settings.header_timeout, settings.max_connections, settings.sparql_memory_mb) == (2.5, 7, 300)
