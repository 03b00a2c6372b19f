"""The SPARQL dump: written once per data version, off the event loop."""

from __future__ import annotations

import asyncio
from collections import Counter

from pyoxigraph import RdfFormat, parse

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.http.export_files import ExportFiles
from stratagraph.ontology.export import whole_graph
from stratagraph.ontology.formats import Format, chunks
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


async def test_the_dump_is_the_n_triples_export_byte_for_byte(bundled_store: Store) -> None:
    """One writer path: what the SPARQL workers load is what ``/rdf`` and ``stratagraph export`` send as N-Triples.

    A second way of writing the dump (its own serialiser, or pyoxigraph's over terms) fails here.
    """
    derived = Derived(bundled_store)
    engine = SparqlEngine(derived, BASE)
    files = ExportFiles(derived, BASE, f"{BASE}context.jsonld")
    try:
        dump = await engine.dump()
        export = await files.export(Format.NTRIPLES)
        assert export.version == dump.version
        assert dump.path.read_bytes() == export.plain.path.read_bytes()
        selection = await whole_graph(bundled_store)
        assert dump.path.read_bytes() == b"".join(chunks(selection.rdf(BASE), Format.NTRIPLES))
        triples = list(parse(dump.path.read_bytes(), RdfFormat.N_TRIPLES))
        assert dump.stats.triples == len(triples)
        assert dump.stats.subjects == len({quad.subject for quad in triples})
        assert sum(dump.stats.properties.values()) == len(triples)
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        assert dump.stats.classes == Counter(q.object.value for q in triples if q.predicate.value == rdf_type)
    finally:
        await engine.close()
        files.close()
