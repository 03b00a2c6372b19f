"""Crash safety of writes over HTTP: SIGKILL a served process during a stream of mutations.

Each trial copies a store loaded with the bundled dataset, issues a reporter token,
starts ``stratagraph serve`` on it (a real process, a real port), sends
``reportTaskStatus`` mutations one after another (each with its own note and
progress), and kills the server with SIGKILL after a random number of
acknowledged writes, while a request may be in flight. Then it opens the store
and checks:

* **0 acknowledged writes lost**: every acknowledged write's activity is there,
  with the data version the server answered;
* **0 half-applied**: the data version grew by exactly the number of activities
  written (one activity per committed write: the one possible write in flight is
  either whole, activity and change, or absent), and their versions are the
  consecutive versions after the start;
* **history and data agree**: the task's status, progress and note-bearing
  history match the newest activity's "after" values.

``python -m bench.crash_writes`` runs 100 trials (``--trials N``) and prints the counts;
``tests/stratagraph/http/test_crash_writes.py`` runs a few in ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench._server import free_port, our_server
from stratagraph.graph.embedded import EmbeddedStore
from stratagraph.loaders.load import load
from stratagraph.model.access import Role
from stratagraph.model.audit import changes_of
from stratagraph.model.records import Direction, Label, Rel
from stratagraph.settings import BUNDLED_DATASET
from stratagraph.tokens import TokenStore

TASK = "task/chi-dao-2023-04-10-cbc-co-so-du-lieu"
CBC = "agency/cuc-bao-chi"
MUTATION = """mutation R($input: ReportTaskStatusInput!) {
  reportTaskStatus(input: $input) { version activity { id } errors { __typename } } }"""


@dataclass
class Trial:
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    half_applied: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    in_flight_committed: int = 0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.half_applied or self.disagreements)


def template(folder: Path) -> Path:
    """A store folder holding the bundled dataset (loaded once, copied per trial)."""

    async def fill() -> None:
        store = EmbeddedStore(folder / "stratagraph.sqlite3")
        await store.open()
        try:
            await load([BUNDLED_DATASET], store)
        finally:
            await store.close()

    asyncio.run(fill())
    return folder


def trial(source: Path, work: Path, writes: int, seed: int) -> Trial:
    """One server, ``writes`` acknowledged reports (then a SIGKILL while more are sent), then the checks."""
    data_dir = work / "data"
    shutil.copytree(source, data_dir)
    token, _ = TokenStore(data_dir / "tokens.sqlite3").create("crash trial", CBC, Role.REPORTER)
    port = free_port()
    server = our_server(data_dir, port, work / "server.log")
    acks: list[tuple[int, str]] = []
    try:
        server.wait_healthy()
        base = int(server.client.get("/healthz").json()["version"])
        killer = threading.Timer(0, lambda: None)
        rng = random.Random(seed)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for n in range(writes + 50):
                if n == writes:  # kill at a random moment while the next requests are being sent
                    killer = threading.Timer(rng.uniform(0, 0.05), server.process.send_signal, (signal.SIGKILL,))
                    killer.start()
                body = {
                    "query": MUTATION,
                    "variables": {
                        "input": {
                            "task": TASK,
                            "status": "IN_PROGRESS",
                            "progress": n % 101,
                            "asOf": time.strftime("%Y-%m-%d"),
                            "note": f"báo cáo {n}",
                            "evidence": {"url": f"https://example.gov.vn/bao-cao/{seed}/{n}"},
                        }
                    },
                }
                try:
                    response = client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
                except httpx.TransportError:
                    break
                payload = response.json()["data"]["reportTaskStatus"]
                acks.append((int(payload["version"]), payload["activity"]["id"]))
        killer.join()
        server.process.wait(30)
    finally:
        server.client.close()
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    return asyncio.run(_check(data_dir / "stratagraph.sqlite3", base, acks))


async def _check(path: Path, base: int, acks: list[tuple[int, str]]) -> Trial:
    result = Trial(acknowledged=len(acks))
    with sqlite3.connect(path) as raw:
        if raw.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            result.half_applied.append("integrity_check failed")
    raw.close()
    store = EmbeddedStore(path)
    await store.open()
    try:
        version = await store.version()
        activities = await store.find(Label.ACTIVITY)
        by_id = {node.id: node for node in activities}
        for acked_version, activity_id in acks:
            node = by_id.get(activity_id)
            if node is None or node.get("dataVersion") != acked_version:
                result.lost.append(f"{activity_id} (version {acked_version})")
        versions = sorted(int(str(node.get("dataVersion"))) for node in activities)
        if versions != list(range(base + 1, version + 1)):
            result.half_applied.append(f"versions {base}..{version} but activities at {versions[:3]}…{versions[-3:]}")
        result.in_flight_committed = version - base - len(acks)
        if result.in_flight_committed not in (0, 1):
            result.half_applied.append(f"{result.in_flight_committed} writes committed beyond the acknowledged")
        used = {edge.source for edge in await store.neighbours([TASK], Rel.USED, Direction.IN)}
        if used != set(by_id):
            result.disagreements.append("the task's history is not every activity")
        if activities:
            newest = max(activities, key=lambda node: int(str(node.get("dataVersion"))))
            task = (await store.get([TASK]))[TASK]
            for change in changes_of(newest.get("changes")):
                if change.entity == TASK and task.get(change.field) != change.after:
                    result.disagreements.append(
                        f"{change.field}: task {task.get(change.field)!r}, history {change.after!r}"
                    )
            if not any(edge.source == newest.id for edge in await store.neighbours([TASK], Rel.USED, Direction.IN)):
                result.disagreements.append("the newest activity is not in the task's history")
    finally:
        await store.close()
    return result


def run(trials: int, seed: int = 0) -> list[Trial]:
    with tempfile.TemporaryDirectory(prefix="crash-writes-") as folder:
        root = Path(folder)
        source = template(root / "template")
        rng = random.Random(seed)
        results = []
        for index in range(trials):
            work = root / f"trial-{index}"
            work.mkdir()
            results.append(trial(source, work, rng.randint(1, 12), rng.randint(0, 2**31)))
            shutil.rmtree(work)
        return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(options.trials, options.seed)
    summary = {
        "trials": len(results),
        "acknowledged writes": sum(r.acknowledged for r in results),
        "lost": sum(len(r.lost) for r in results),
        "half-applied": sum(len(r.half_applied) for r in results),
        "history and data disagree": sum(len(r.disagreements) for r in results),
        "trials where a write in flight committed unacknowledged": sum(r.in_flight_committed for r in results),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    for index, result in enumerate(results):
        if not result.ok:
            print(f"trial {index}: {result}")


if __name__ == "__main__":
    main()
