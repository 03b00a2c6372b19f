"""The SPARQL engine on its own: workers per data version, the time limit, the size and memory budgets,
a worker that dies, clean shutdown."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Citation, Kind, Label, Node
from stratagraph.sparql.engine import (
    QueryFailed,
    SparqlEngine,
    SparqlOutOfMemory,
    SparqlTimeout,
    SparqlWorkerFailed,
)

BASE = "http://127.0.0.1:8000/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


async def test_answers_from_the_current_version(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE, timeout=10)
    try:
        first = await engine.query(COUNT, solutions="json", graph="ttl")
        assert first.kind == "solutions"
        assert first.version == await bundled_store.version()
        dump = await engine.dump()
        assert count(first.body) == dump.stats.triples > 10_000
        [worker] = engine._idle
        source = Citation("document/qd-781-2023-btttt", "Mục IV", Kind.VERBATIM)
        await bundled_store.write(Batch.of([Node("agency/moi", Label.AGENCY, {"nameVi": "Mới"}, (source,))]))
        second = await engine.query(COUNT, solutions="json", graph="ttl")
        assert second.version == first.version + 1
        assert count(second.body) > count(first.body)
        assert worker.process.returncode is not None, "the worker of the old version was retired"
        assert dump.path.exists(), "the previous dump stays for a worker handed it a moment before"
        await bundled_store.write(Batch.of([Node("agency/moi-nua", Label.AGENCY, {"nameVi": "Mới nữa"}, (source,))]))
        third = await engine.query(COUNT, solutions="json", graph="ttl")
        assert third.version == second.version + 1
        assert not dump.path.exists(), "older dumps are removed"
        assert len(list(dump.path.parent.iterdir())) == 2, "the current dump and the previous one"
    finally:
        await engine.close()


async def test_a_runaway_query_is_killed_and_the_slot_freed(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE, timeout=1, workers=1)
    try:
        with pytest.raises(SparqlTimeout, match="longer than the 1 s limit"):
            await engine.query(
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", solutions="json", graph="ttl"
            )
        assert engine._running == 0
        result = await engine.query("ASK { ?s ?p ?o }", solutions="json", graph="ttl")
        assert json.loads(result.body)["boolean"] is True
    finally:
        await engine.close()


async def test_a_result_larger_than_the_budget_is_refused(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE, max_result_bytes=10_000)
    try:
        with pytest.raises(QueryFailed, match="larger than") as caught:
            await engine.query("SELECT * WHERE { ?s ?p ?o }", solutions="json", graph="ttl")
        assert caught.value.status == 422
        assert "add a LIMIT" in str(caught.value)
        small = await engine.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", solutions="csv", graph="ttl")
        assert small.body.count(b"\n") == 4
    finally:
        await engine.close()


async def test_results_in_the_requested_formats(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE)
    try:
        construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
        for graph, start in (("ttl", b"@prefix"), ("nt", b"<http"), ("xml", b"<?xml"), ("jsonld", b"[")):
            result = await engine.query(construct, solutions="json", graph=graph)
            assert (result.kind, result.format) == ("graph", graph)
            assert result.body.startswith(start), graph
        with pytest.raises(QueryFailed) as caught:
            await engine.query(construct, solutions="json", graph=None)
        assert caught.value.status == 406
        with pytest.raises(QueryFailed) as caught:
            await engine.query("SELECT WHERE", solutions="json", graph="ttl")
        assert caught.value.status == 400
    finally:
        await engine.close()


async def test_close_stops_the_workers_and_removes_the_dump(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE)
    await engine.query(COUNT, solutions="json", graph="ttl")
    workers = list(engine._idle)
    folder = Path((await engine.dump()).path).parent
    await engine.close()
    assert all(w.process.returncode is not None for w in workers)
    assert not folder.exists()


CROSS_JOIN_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
"""Sorting the square of the graph: grew a worker to 6 GB before the memory budget."""


async def test_a_query_past_the_memory_budget_is_stopped_and_others_go_on(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE, timeout=60, workers=2, memory_budget=200 << 20)
    try:
        hungry = asyncio.ensure_future(engine.query(CROSS_JOIN_SORTED, solutions="json", graph="ttl"))
        other = await engine.query(COUNT, solutions="json", graph="ttl")  # the second worker meanwhile
        assert count(other.body) > 10_000
        with pytest.raises(SparqlOutOfMemory, match="more than the 200 MiB a query may use") as caught:
            await hungry
        assert caught.value.status == 503
        assert engine._running == 1, "the worker that ran out was discarded; the other is idle"
        again = await engine.query(COUNT, solutions="json", graph="ttl")
        assert count(again.body) == count(other.body)
    finally:
        await engine.close()


def worker_pids() -> list[int]:
    """This process's SPARQL worker children."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next(line for line in status.splitlines() if line.startswith("PPid:"))
        if int(parent.split()[1]) == os.getpid() and b"stratagraph.sparql.worker" in command:
            pids.append(int(entry.name))
    return pids


async def test_a_worker_that_dies_mid_query_is_a_clear_500_and_is_replaced(bundled_store: Store) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE, timeout=60, workers=1)
    try:
        await engine.query("ASK { ?s ?p ?o }", solutions="json", graph="ttl")
        [pid] = worker_pids()
        slow = asyncio.ensure_future(
            engine.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", solutions="json", graph="ttl")
        )
        await asyncio.sleep(0.5)
        os.kill(pid, signal.SIGSEGV)
        with pytest.raises(SparqlWorkerFailed) as caught:
            await slow
        assert caught.value.status == 500
        assert "killed by SIGSEGV" in str(caught.value)
        assert "Traceback" not in str(caught.value)
        result = await engine.query("ASK { ?s ?p ?o }", solutions="json", graph="ttl")
        assert json.loads(result.body)["boolean"] is True
        assert worker_pids() != [pid]
    finally:
        await engine.close()


async def test_a_worker_is_out_of_reach_of_ctrl_c_in_the_servers_terminal(bundled_store: Store) -> None:
    """Ctrl-C is SIGINT to the terminal's process group; a worker leads a group of its own, so the server ends it."""
    engine = SparqlEngine(Derived(bundled_store), BASE, timeout=60, workers=1)
    try:
        await engine.query("ASK { ?s ?p ?o }", solutions="json", graph="ttl")
        [pid] = worker_pids()
        assert os.getpgid(pid) == pid != os.getpgrp()
    finally:
        await engine.close()


@pytest.mark.parametrize(
    "query",
    ["ASK { SERVICE <http://127.0.0.1:9/> { } }", "ASK " + "{" * 50_000 + "}" * 50_000],
    ids=["service", "nesting"],
)
async def test_what_the_screen_refuses_is_a_400_and_the_worker_lives(bundled_store: Store, query: str) -> None:
    engine = SparqlEngine(Derived(bundled_store), BASE, workers=1)
    try:
        with pytest.raises(QueryFailed) as caught:
            await engine.query(query, solutions="json", graph="ttl")
        assert caught.value.status == 400
        [worker] = engine._idle
        assert worker.alive
    finally:
        await engine.close()
