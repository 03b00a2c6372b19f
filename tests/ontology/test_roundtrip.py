"""Export -> import -> export gives the same graph: the bundled dataset, a hand-built batch, a synthetic graph.

"Import" is ``loaders.load`` on the exported file, so the RDF passes every check the
loaders make (records, references, leads, cycles, deadlines) before it is written;
"the same" is rdflib's graph isomorphism.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from bench.synthetic import generate
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.loaders.load import load, read
from stratagraph.model.records import Batch
from stratagraph.ontology.export import whole_graph
from stratagraph.ontology.formats import FORMATS, Format, to_bytes
from stratagraph.ontology.inverse import decode
from stratagraph.ontology.jsonld import CONTEXT
from stratagraph.ontology.mapping import triples
from tests.ontology.conftest import BASE

# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RDFLIB = {Format.TURTLE: "turtle", Format.NTRIPLES: "nt", Format.RDFXML: "xml", Format.JSONLD: "json-ld"}


async def exported(store: Store, fmt: Format) -> bytes:
    selection = await whole_graph(store)
    return to_bytes(selection.triples(BASE), fmt, context=CONTEXT)


async def fresh(path: Path) -> Store:
    store = open_store("embedded", path=path)
    await store.open()
    return store


async def round_trip(source: Store, fmt: Format, folder: Path) -> tuple[Graph, Graph]:
    """The export of ``source``, and the export of a fresh store loaded from that export's file."""
    first = await exported(source, fmt)
    file = folder / f"export.{FORMATS[fmt].extension}"
    file.write_bytes(first)
    target = await fresh(folder / "again" / "store.sqlite3")
    try:
        result = await load([file], target)
        assert result.version == 1
        second = await exported(target, fmt)
    finally:
        await target.close()
    return Graph().parse(data=first, format=RDFLIB[fmt]), Graph().parse(data=second, format=RDFLIB[fmt])


@pytest.mark.parametrize("fmt", list(Format), ids=str)
async def test_the_bundled_dataset_round_trips_through_every_format(
    bundled_store: Store, fmt: Format, tmp_path: Path
) -> None:
    first, second = await round_trip(bundled_store, fmt, tmp_path)
    assert len(first) > 10_000
    assert isomorphic(first, second)


async def test_a_hand_built_batch_round_trips(small: Batch, tmp_path: Path) -> None:
    store = await fresh(tmp_path / "store.sqlite3")
    try:
        await store.write(small)
        first, second = await round_trip(store, Format.TURTLE, tmp_path)
    finally:
        await store.close()
    assert isomorphic(first, second)


def test_a_synthetic_graph_reads_back_exactly() -> None:
    batch = generate(300, seed=7)
    statements = list(triples(batch.nodes, batch.edges, BASE))
    decoded = decode(statements).batch
    assert set(triples(decoded.nodes, decoded.edges, BASE)) == set(statements)


@pytest.mark.parametrize("fmt", [Format.TURTLE, Format.JSONLD], ids=str)
async def test_a_synthetic_graph_round_trips_through_the_loaders(fmt: Format, tmp_path: Path) -> None:
    batch = generate(300, seed=7)
    store = await fresh(tmp_path / "store.sqlite3")
    try:
        await store.write(batch)
        first, second = await round_trip(store, fmt, tmp_path)
    finally:
        await store.close()
    assert len(first) > 30_000
    assert isomorphic(first, second)


def test_an_export_file_reads_back_as_the_loaders_built_it(bundled: Batch, tmp_path: Path) -> None:
    file = tmp_path / "bundled.nt"
    file.write_bytes(to_bytes(triples(bundled.nodes, bundled.edges, BASE), Format.NTRIPLES))
    _, batch = read([file])
    assert {n.id: n for n in batch.nodes} == {n.id: n for n in bundled.nodes}
    assert {e.key: e for e in batch.edges} == {e.key: e for e in bundled.edges}
