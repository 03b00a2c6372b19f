"""Load generators for ``bench.run``: ``wrk`` when installed, else a small asyncio HTTP/1.1 client.

Both send one fixed request over ``connections`` keep-alive connections to a
loopback server, for at most ``duration`` seconds (the Python client also stops
after ``max_requests``), and report requests per second, the 50th and 99th
percentile latency and how many answers were not 200. The server under test and
its reference are always measured with the same generator, so their ratio is
fair whichever one ran. ``wrk`` (C, one thread here) costs the 2-core machine
less CPU than a Python client, which would otherwise cap both servers; ``make
bench`` installs Debian's ``wrk`` when it can.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Request:
    """One HTTP request, sent again and again."""

    method: str
    path: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failures: int  # non-200 answers and socket errors
    connections: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def generator_name() -> str:
    return "wrk" if shutil.which("wrk") else "python asyncio client"


def run_load(
    port: int,
    request: Request,
    *,
    connections: int,
    duration: float,
    max_requests: int = 1_000_000,
    python: bool = False,
) -> LoadResult:
    """Load the server; ``python`` forces the Python client (which honours ``max_requests``)."""
    if shutil.which("wrk") and not python:
        return _wrk(port, request, connections, duration)
    return asyncio.run(_python_load(port, request, connections, duration, max_requests))


# --- wrk --------------------------------------------------------------------------------------

_WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = [==[{body}]==]
{headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "status": %d}}\\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _wrk(port: int, request: Request, connections: int, duration: float) -> LoadResult:
    headers = "\n".join(f'wrk.headers["{name}"] = "{value}"' for name, value in request.headers)
    body = request.body.decode("utf-8")
    if "]==]" in body:
        raise ValueError("request body cannot be quoted for wrk")
    script = _WRK_SCRIPT.format(method=request.method, body=body, headers=headers)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "60s",
            "-s",
            file.name,
            f"http://127.0.0.1:{port}{request.path}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120, check=False)
    finally:
        Path(file.name).unlink(missing_ok=True)
    line = next((line for line in done.stdout.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-500:]} {done.stderr[-500:]}")
    data = json.loads(line.removeprefix("RESULT "))
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        failures=data["errors"] + data["status"],
        connections=connections,
    )


# --- the Python fallback ----------------------------------------------------------------------


def _encoded(request: Request, port: int) -> bytes:
    lines = [f"{request.method} {request.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in request.headers]
    lines.append(f"Content-Length: {len(request.body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + request.body


async def _python_load(port: int, request: Request, connections: int, duration: float, limit: int) -> LoadResult:
    raw = _encoded(request, port)
    latencies: list[float] = []
    failures = 0
    started = time.perf_counter()
    deadline = started + duration

    async def client() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline and len(latencies) < limit:
                sent = time.perf_counter()
                writer.write(raw)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - sent)
                if status != 200:
                    failures += 1
        except (OSError, asyncio.IncompleteReadError):
            failures += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    if not latencies:
        return LoadResult(0, elapsed, 0.0, 0.0, failures, connections)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return LoadResult(len(latencies), elapsed, cuts[49] * 1000, cuts[98] * 1000, failures, connections)
