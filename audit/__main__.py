"""The security audit: every attack of ``audit.attacks`` against a real server, ``/healthz`` watched meanwhile.

    python -m audit            # make audit: every attack, the bundled dataset
    python -m audit --quick    # what make test runs: all but the slowest files

Starts ``stratagraph serve`` on a free loopback port (header timeout 2 s, so a
stalled client is cut within the run), sends each attack in turn while a thread
asks ``/healthz`` every 100 ms, and prints one row per attack: the answer's
status and first words, the seconds it took, and whether it was the clear
refusal expected. It fails (exit 1) when an answer is not the one expected, an
attack took more than ``SLOW`` seconds, or ``/healthz`` ever took longer than
``HEALTHZ_LIMIT`` seconds to answer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from audit.attacks import ATTACKS, Answer, Attack, Target, timed
from bench._server import free_port, our_server

SLOW = 10.0
HEALTHZ_LIMIT = 2.0
HEADER_TIMEOUT = "2"


@dataclass(frozen=True)
class Row:
    attack: Attack
    answer: Answer
    seconds: float

    @property
    def ok(self) -> bool:
        expected = self.answer.status == self.attack.status and self.attack.phrase.lower() in self.answer.text.lower()
        return expected and self.seconds <= SLOW

    def render(self) -> str:
        words = " ".join(self.answer.text.split())[:90]
        verdict = "ok" if self.ok else f"FAIL (want {self.attack.status}, {self.attack.phrase!r})"
        return f"{self.attack.name:<50} {self.answer.status:>4} {self.seconds:>6.2f} s  {verdict:<4}  {words}"


class HealthWatch(threading.Thread):
    """Asks ``/healthz`` every 100 ms until stopped; keeps the slowest answer and the failures."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.slowest = 0.0
        self.asked = 0
        self.failures = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self.stopped.wait(0.1):
                started = time.perf_counter()
                try:
                    ok = client.get(f"{self.base}/healthz").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.slowest = max(self.slowest, time.perf_counter() - started)
                self.asked += 1
                self.failures += not ok


def run_audit(quick: bool = False) -> tuple[list[Row], HealthWatch]:
    """Every attack (but the slow ones when ``quick``) against a fresh server holding the bundled dataset."""
    attacks = [a for a in ATTACKS if not (quick and a.slow)]
    with tempfile.TemporaryDirectory(prefix="stratagraph-audit-") as directory:
        folder = Path(directory)
        server = our_server(folder, free_port(), folder / "server.log", {"STRATAGRAPH_HEADER_TIMEOUT": HEADER_TIMEOUT})
        try:
            server.wait_healthy()
            target = Target(f"http://127.0.0.1:{server.port}", server.port, folder)
            watch = HealthWatch(target.base)
            watch.start()
            try:
                rows = [Row(attack, *timed(attack, target)) for attack in attacks]
            finally:
                watch.stopped.set()
                watch.join()
        finally:
            server.stop()
    return rows, watch


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="leave out the slowest hostile files")
    args = parser.parse_args(argv)
    rows, watch = run_audit(args.quick)
    print(f"{'attack':<50} {'got':>4} {'time':>8}  verdict / answer")
    for row in rows:
        print(row.render())
    healthy = watch.failures == 0 and watch.slowest <= HEALTHZ_LIMIT
    print(
        f"/healthz meanwhile: asked {watch.asked} times, {watch.failures} failed, slowest {watch.slowest * 1000:.0f} ms"
        f" ({'ok' if healthy else f'FAIL: over {HEALTHZ_LIMIT:g} s or failed'})"
    )
    if not healthy or not all(row.ok for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
