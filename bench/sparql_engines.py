"""SPARQL engines for ``/sparql``: rdflib's and pyoxigraph's, on the same exported graphs.

    python -m bench.sparql_engines                # the bundled dataset and a 1,000-task synthetic graph
    python -m bench.sparql_engines --tasks 2000

Each graph is exported to N-Triples (``ontology.mapping``), then loaded into an
rdflib ``Graph`` and into an in-memory pyoxigraph ``Store``; each query below
runs ``--repeat`` times on each and the median wall time is printed with the
speed-up. The queries are what integrators ask: who leads what, counts per
class, the chain of parent units (a property path), a text filter, and the
deadline view with OPTIONAL and ORDER BY. The figures chose the engine; they
are quoted in ontology/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from pyoxigraph import RdfFormat, Store
from rdflib import Graph

from bench.synthetic import generate
from stratagraph.loaders.load import read
from stratagraph.model.records import Batch
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.ontology.mapping import Mapped
from stratagraph.settings import BUNDLED_DATASET

BASE = "http://127.0.0.1:8000/"
PREFIX = "PREFIX sg: <https://w3id.org/stratagraph/ontology#>\n"
QUERIES: dict[str, str] = {
    "leads (join)": PREFIX
    + "SELECT ?agency ?name ?task WHERE { ?agency sg:leads ?task ; sg:nameVi ?name . ?task sg:inPlan ?plan }",
    "count by class": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "parents (path)": PREFIX + "SELECT ?unit ?parent WHERE { ?unit sg:partOf+ ?parent }",
    "text filter": PREFIX
    + 'SELECT ?task ?name WHERE { ?task a sg:Task ; sg:nameVi ?name FILTER(CONTAINS(?name, "số")) }',
    "deadlines": PREFIX
    + """SELECT ?task ?due ?lead WHERE {
        ?task a sg:Task ; sg:deadline ?d . ?d sg:deadlineEnd ?due .
        OPTIONAL { ?lead sg:leads ?task }
    } ORDER BY ?due LIMIT 100""",
}


def _timed(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    times: list[float] = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def compare(name: str, batch: Batch, repeat: int) -> None:
    data = to_bytes(Mapped(batch.nodes, batch.edges, BASE), Format.NTRIPLES)
    started = time.perf_counter()
    graph = Graph().parse(data=data, format="nt")
    rdflib_load = time.perf_counter() - started
    started = time.perf_counter()
    store = Store()
    store.load(data, RdfFormat.N_TRIPLES)
    ox_load = time.perf_counter() - started
    print(f"\n{name}: {len(graph):,} triples")
    print(f"{'':16} {'rdflib ms':>11} {'pyoxigraph ms':>14} {'speed-up':>9} {'rows':>7}")
    print(f"{'load':16} {rdflib_load * 1000:>11.1f} {ox_load * 1000:>14.1f} {rdflib_load / ox_load:>8.0f}x")
    for label, query in QUERIES.items():
        rdflib_time, rdflib_rows = _timed(lambda q=query: len(list(graph.query(q))), repeat)  # type: ignore[misc]
        ox_time, ox_rows = _timed(lambda q=query: len(list(store.query(q))), repeat)  # type: ignore[arg-type,misc]
        assert rdflib_rows == ox_rows, (label, rdflib_rows, ox_rows)
        print(
            f"{label:16} {rdflib_time * 1000:>11.1f} {ox_time * 1000:>14.1f} {rdflib_time / ox_time:>8.0f}x "
            f"{ox_rows:>7}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sparql_engines", description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1000, help="tasks of the synthetic graph (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is shown")
    args = parser.parse_args(argv)
    _, bundled = read([BUNDLED_DATASET])
    compare("bundled dataset", bundled, args.repeat)
    compare(f"synthetic graph, {args.tasks:,} tasks", generate(args.tasks), args.repeat)


if __name__ == "__main__":
    main()
