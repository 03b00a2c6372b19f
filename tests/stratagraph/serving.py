"""``stratagraph serve`` as a real process on a free loopback port, for the tests that need the command itself."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

STRATAGRAPH = Path(sys.executable).with_name("stratagraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_healthy(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"stratagraph serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("stratagraph serve did not become healthy in 60 s")


@dataclass
class Served:
    """A ``stratagraph serve`` process: its address, and its output once it has stopped."""

    process: subprocess.Popen[str]
    base: str
    output: str = ""


def server_processes(parent: int) -> list[int]:
    """The server processes of ``serve --workers`` under ``parent`` (multiprocessing's spawned children)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [int(child) for child in children if "spawn_main" in Path(f"/proc/{child}/cmdline").read_text()]


def start(data_dir: Path, port: int, *args: str) -> subprocess.Popen[str]:
    """``stratagraph serve`` (a real process, no ``STRATAGRAPH_*`` variables) on ``port``, started, its output piped.

    The process leads a process group of its own, as a command started in a terminal does (Ctrl-C there
    is SIGINT to the whole group: ``os.killpg(process.pid, signal.SIGINT)``).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRATAGRAPH_")}
    return subprocess.Popen(
        [str(STRATAGRAPH), "serve", "--port", str(port), "--data-dir", str(data_dir), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,
    )


@contextlib.contextmanager
def serving(data_dir: Path, *args: str) -> Iterator[Served]:
    """``start``: on a free port, healthy, for the block; stopped (SIGTERM) after it, its output read."""
    port = free_port()
    process = start(data_dir, port, *args)
    served = Served(process, f"http://127.0.0.1:{port}")
    try:
        wait_until_healthy(served.base, process)
        yield served
    finally:
        process.terminate()
        served.output, _ = process.communicate(timeout=30)
