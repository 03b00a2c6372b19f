"""The whole-graph files behind /rdf: one build per version and format, off the event loop, old files removed."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.http import export_files
from stratagraph.http.export_files import ExportFiles
from stratagraph.model.records import Batch, Citation, Kind, Label, Node
from stratagraph.ontology.export import whole_graph
from stratagraph.ontology.formats import Format, chunks

BASE = "http://127.0.0.1:8000/"
CONTEXT = f"{BASE}context.jsonld"


async def add_agency(store: Store, key: str) -> None:
    source = Citation("document/qd-781-2023-btttt", "Mục IV", Kind.VERBATIM)
    await store.write(Batch.of([Node(f"agency/{key}", Label.AGENCY, {"nameVi": key}, (source,))]))


async def test_concurrent_first_requests_share_one_build_and_the_loop_runs_meanwhile(bundled_store: Store) -> None:
    files = ExportFiles(Derived(bundled_store), BASE, CONTEXT)
    try:
        ticks = 0
        builds = [asyncio.ensure_future(files.export(Format.TURTLE)) for _ in range(8)]

        async def tick() -> None:
            nonlocal ticks
            while not all(build.done() for build in builds):
                ticks += 1
                await asyncio.sleep(0)

        await asyncio.gather(tick(), *builds)
        answers = {id(build.result()) for build in builds}
        assert len(answers) == 1, "every request got the one export"
        export = builds[0].result()
        path, packed = export.plain.path, export.gzipped.path
        assert export.version == await bundled_store.version()
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name, packed.name], "written once, no leftovers"
        assert ticks > len(builds), "the event loop ran other tasks while the file was written"
        expected = b"".join(chunks((await whole_graph(bundled_store)).rdf(BASE), Format.TURTLE, context=CONTEXT))
        assert path.read_bytes() == export.plain.body == expected
        assert gzip.decompress(packed.read_bytes()) == expected
        assert export.gzipped.body == packed.read_bytes()
        assert len(packed.read_bytes()) * 10 < len(expected), "RDF compresses well"
        assert await files.export(Format.TURTLE) is export
    finally:
        files.close()


async def test_a_new_version_gets_a_new_file_and_older_ones_go(bundled_store: Store) -> None:
    files = ExportFiles(Derived(bundled_store), BASE, CONTEXT)
    try:
        first = await files.export(Format.NTRIPLES)
        await add_agency(bundled_store, "mot")
        second = await files.export(Format.NTRIPLES)
        assert second.version == first.version + 1
        assert second.plain.body is not None
        assert b"agency/mot" in second.plain.body
        firsts = (first.plain.path, first.gzipped.path)
        assert all(p.exists() for p in firsts), "the previous version's files stay for a request just handed them"
        await add_agency(bundled_store, "hai")
        third = (await files.export(Format.NTRIPLES)).plain.path
        assert not any(p.exists() for p in firsts)
        assert second.plain.path.exists()
        assert second.gzipped.path.exists()
        assert third.exists()
        folder = third.parent
    finally:
        files.close()
    assert not folder.exists()


async def test_an_export_past_the_memory_threshold_is_kept_as_a_file_only(
    bundled_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_files, "IN_MEMORY", 1000)
    files = ExportFiles(Derived(bundled_store), BASE, CONTEXT)
    try:
        export = await files.export(Format.JSONLD)
        assert export.plain.body is None
        assert export.plain.path.stat().st_size > 1000
    finally:
        files.close()
