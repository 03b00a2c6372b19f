"""Where ``/sparql`` keeps the graph: pyoxigraph's default graph, or a named graph (``{base}rdf``).

    python -m bench.sparql_graphs                 # a 5,000-task synthetic graph
    python -m bench.sparql_graphs --tasks 20000

The same dump is loaded twice: into the default graph (what the worker does), and
into the named graph ``{base}rdf``, queried as the default graph
(``default_graph=``) and as the union of all graphs. The queries are
``bench.sparql_engines``'s; the median of ``--repeat`` runs is printed. The figures
decided that the endpoint keeps the default graph and only *names* it
(``stratagraph/sparql/dataset.py``); they are in bench/README.md.
"""

from __future__ import annotations

import argparse

from pyoxigraph import NamedNode, RdfFormat, Store

from bench.sparql_engines import BASE, QUERIES, _timed
from bench.synthetic import generate
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.ontology.mapping import Mapped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sparql_graphs", description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=5000, help="tasks of the synthetic graph (default 5000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query; the median is shown")
    args = parser.parse_args(argv)
    batch = generate(args.tasks)
    data = to_bytes(Mapped(batch.nodes, batch.edges, BASE), Format.NTRIPLES)
    graph = NamedNode(f"{BASE}rdf")
    default, named = Store(), Store()
    default.bulk_load(data, RdfFormat.N_TRIPLES)
    named.bulk_load(data, RdfFormat.N_TRIPLES, to_graph=graph)
    print(f"synthetic graph, {args.tasks:,} tasks: {len(default):,} triples (median of {args.repeat}, ms)")
    print(f"{'':16} {'default graph':>14} {'named as default':>17} {'ratio':>6} {'union':>8} {'ratio':>6}")
    for label, query in QUERIES.items():
        base_time, rows = _timed(lambda q=query: len(list(default.query(q))), args.repeat)  # type: ignore[misc]
        named_time, named_rows = _timed(
            lambda q=query: len(list(named.query(q, default_graph=graph))),  # type: ignore[misc]
            args.repeat,
        )
        union_time, union_rows = _timed(
            lambda q=query: len(list(named.query(q, use_default_graph_as_union=True))),  # type: ignore[misc]
            args.repeat,
        )
        assert rows == named_rows == union_rows, (label, rows, named_rows, union_rows)
        print(
            f"{label:16} {base_time * 1000:>14.1f} {named_time * 1000:>17.1f} {named_time / base_time:>5.1f}x "
            f"{union_time * 1000:>8.1f} {union_time / base_time:>5.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
