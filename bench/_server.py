"""Servers under test as subprocesses on free loopback ports: ours, started as a user starts it.

Shared by the benchmark (``bench.run``), the mixed workload (``bench.mixed``) and
the security audit (``audit``): spawn, wait until ``/healthz`` answers, read the
peak memory, stop.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

HEADERS = (("Content-Type", "application/json"), ("Accept", "application/json"))
NO_CACHE = (*HEADERS, ("Cache-Control", "no-cache"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss(pid: int) -> int:
    """``VmHWM`` of a live process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for {pid}")


class Server:
    """A server subprocess on a loopback port; ``started`` is when it was spawned."""

    def __init__(self, command: list[str], port: int, log: Path, settings: dict[str, str] | None = None) -> None:
        self.port = port
        self.log = log
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STRATAGRAPH_", "NEO4J_"))}
        env.update(settings or {})
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent.parent), env.get("PYTHONPATH")]))
        self.started = time.perf_counter()
        with log.open("wb") as err:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)

    def wait_healthy(self, limit: float = 300) -> float:
        while time.perf_counter() - self.started < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited {self.process.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if self.client.get("/healthz").status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"server not healthy after {limit} s: {self.log.read_text()[-2000:]}")

    def drain(self, limit: float = 600) -> None:
        """Wait until the server is idle again (answers ``/healthz`` quickly): no backlog left by a load run."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            started = time.perf_counter()
            self.client.get("/healthz")
            if time.perf_counter() - started < 0.05:
                return
            time.sleep(0.2)

    def ask(self, name: str, body: bytes, fresh: bool = False) -> bytes:
        """The answer to a GraphQL request ``body``; an error (named ``name``) unless it is a 200 with no errors."""
        response = self.client.post("/graphql", content=body, headers=dict(NO_CACHE if fresh else HEADERS))
        data = response.json()
        if response.status_code != 200 or data.get("errors"):
            raise RuntimeError(f"{name} failed ({response.status_code}): {response.text[:1000]}")
        return response.content

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def our_server(data_dir: Path, port: int, log: Path, settings: dict[str, str] | None = None) -> Server:
    """``stratagraph serve`` on ``data_dir``; ``settings`` are ``STRATAGRAPH_*`` variables (none else are passed)."""
    start = "import sys; from stratagraph.cli import main; sys.argv[0] = 'stratagraph'; main()"
    command = [sys.executable, "-c", start, "serve", "--data-dir", str(data_dir), "--port", str(port)]
    return Server(command, port, log, settings)
