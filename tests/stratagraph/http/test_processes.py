"""``serve --workers N``: the parent hands connections to its processes in turn, and keeps them serving."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn

from stratagraph.http.processes import STARTUP_FAILURE, serve_processes
from tests.stratagraph.serving import free_port, server_processes, serving, start


def connections_held(pid: int, port: int) -> int:
    """Established TCP connections to local ``port`` whose socket process ``pid`` holds."""
    held = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            held.add(os.readlink(descriptor))
        except OSError:  # closed meanwhile
            continue
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].split(":")[1], 16), fields[3], fields[9]
        count += local_port == port and state == "01" and f"socket:[{inode}]" in held
    return count


def shares(port: int, processes: list[int], count: int) -> list[int]:
    """How many of ``count`` connections, opened at once and each asked for ``/healthz``, each process holds."""
    clients = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(count)]
    try:
        for client in clients:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for client in clients:
            assert client.recv(65536).startswith(b"HTTP/1.1 200 "), "every connection is served"
        return [connections_held(pid, port) for pid in processes]
    finally:
        for client in clients:
            client.close()


def wait_until_each_serves(port: int, processes: list[int]) -> None:
    """Until connections opened at once, as many as processes, go one to each (none is handed one while it starts)."""
    deadline = time.monotonic() + 60
    while (held := shares(port, processes, len(processes))) != [1] * len(processes):
        assert time.monotonic() < deadline, f"not every process took a connection: {held}"
        time.sleep(0.2)


def test_connections_are_shared_evenly_keep_the_bounds_and_sigterm_ends_every_process(tmp_path: Path) -> None:
    """With one shared listening socket, the process that woke first took most of a burst."""
    with serving(tmp_path, "--workers", "2") as served:
        port = urlsplit(served.base).port or 0
        processes = server_processes(served.process.pid)
        wait_until_each_serves(port, processes)
        assert shares(port, processes, 20) == [10, 10]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:  # a handed one keeps the bounds
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n")
            assert client.recv(65536).startswith(b"HTTP/1.1 431 ")
    assert served.process.returncode == 0, served.output
    assert not any(Path(f"/proc/{pid}").exists() for pid in processes), "SIGTERM to the parent ends its processes"


def test_a_process_that_dies_is_replaced_and_no_connection_goes_to_it(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2") as served:
        port = urlsplit(served.base).port or 0
        killed, kept = server_processes(served.process.pid)
        wait_until_each_serves(port, [killed, kept])
        os.kill(killed, signal.SIGKILL)
        with httpx.Client(base_url=served.base, headers={"Connection": "close"}) as client:
            statuses = [client.get("/healthz").status_code for _ in range(20)]
        assert statuses == [200] * 20, "the survivor answers while the replacement starts"
        deadline = time.monotonic() + 30
        while len(set(server_processes(served.process.pid)) - {kept}) != 1:
            assert time.monotonic() < deadline, "no replacement was started"
            time.sleep(0.1)
        (replacement,) = set(server_processes(served.process.pid)) - {kept}
        wait_until_each_serves(port, [replacement, kept])
        assert shares(port, [replacement, kept], 4) == [2, 2]
    assert "ended (killed by SIGKILL); starting another" in served.output


def test_a_burst_of_connections_waits_for_room_in_the_queues_instead_of_being_closed(tmp_path: Path) -> None:
    """A process's queue of handed connections holds a few; the parent waits for room rather than drop one."""
    with serving(tmp_path, "--workers", "2") as served:
        port = urlsplit(served.base).port or 0
        wait_until_each_serves(port, server_processes(served.process.pid))
        clients = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(1500)]
        try:
            for client in clients:
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answers = [client.recv(65536)[:13] for client in clients]
        finally:
            for client in clients:
                client.close()
    assert answers == [b"HTTP/1.1 200 "] * 1500
    assert "could not take a connection" not in served.output


def test_ctrl_c_ends_every_process_quietly_and_starts_none(tmp_path: Path) -> None:
    """Ctrl-C reaches the parent, its processes and their SPARQL workers at once: all end, none is replaced."""
    with serving(tmp_path, "--workers", "2") as served:
        processes = server_processes(served.process.pid)
        wait_until_each_serves(urlsplit(served.base).port or 0, processes)
        with httpx.Client(base_url=served.base, headers={"Connection": "close"}) as client:
            for _ in range(4):  # a SPARQL worker started under each process
                assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        os.killpg(served.process.pid, signal.SIGINT)
        served.process.wait(30)
    assert served.process.returncode == 0, served.output
    assert "starting another" not in served.output
    assert "Traceback" not in served.output, served.output


def test_ctrl_c_while_the_processes_start_is_quiet(tmp_path: Path) -> None:
    """A process still importing when Ctrl-C came printed a traceback from wherever its imports were."""
    process = start(tmp_path, free_port(), "--workers", "2")
    deadline = time.monotonic() + 60
    while len(server_processes(process.pid)) < 2:
        assert time.monotonic() < deadline, "the server processes were not started"
        time.sleep(0.05)
    time.sleep(0.3)  # they are importing (a second or two)
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "Traceback" not in output, output


def test_a_process_that_cannot_start_ends_the_server() -> None:
    config = uvicorn.Config("stratagraph.no_such_module:app", port=free_port(), log_level="critical")
    previous = signal.getsignal(signal.SIGTERM)
    started = time.monotonic()
    assert serve_processes(config, 2) == STARTUP_FAILURE
    assert time.monotonic() - started < 30
    assert signal.getsignal(signal.SIGTERM) is previous, "the parent's signal handlers are put back"


def test_a_port_in_use_is_one_line_that_names_it(capfd: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        config = uvicorn.Config("stratagraph.http.served:app", host="127.0.0.1", port=port, log_level="info")
        assert serve_processes(config, 2) == 1
    assert f"cannot listen on 127.0.0.1 port {port}: Address already in use" in capfd.readouterr().err
