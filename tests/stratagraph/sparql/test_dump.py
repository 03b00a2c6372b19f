"""The SPARQL dump: written once per data version, off the event loop."""

from __future__ import annotations

import asyncio

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.sparql.engine import SparqlEngine

BASE = "http://127.0.0.1:8000/"


async def test_concurrent_callers_share_one_dump_and_the_loop_runs_meanwhile(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE)
    try:
        ticks = 0
        builds = [asyncio.ensure_future(engine.dump()) for _ in range(8)]

        async def tick() -> None:
            nonlocal ticks
            while not all(build.done() for build in builds):
                ticks += 1
                await asyncio.sleep(0)

        await asyncio.gather(tick(), *builds)
        assert len({id(build.result()) for build in builds}) == 1, "every caller got the one dump"
        dump = builds[0].result()
        assert [p.name for p in dump.path.parent.iterdir()] == [dump.path.name]
        assert dump.stats.triples > 10_000
        assert ticks > len(builds), "the event loop ran other tasks while the dump was written"
    finally:
        await engine.close()
