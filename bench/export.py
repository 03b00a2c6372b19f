"""RDF export speed: our streaming export next to pyoxigraph serialising the same triples directly.

    python -m bench.export                      # about 1,000,000 triples, every format
    python -m bench.export --triples 200000 --formats nt ttl
    python -m bench.export --tasks 100000       # the graph `make bench` exports at 100k tasks

A synthetic graph (``bench.synthetic``) sized to give about ``--triples``
triples (or of ``--tasks`` tasks) is exported the way ``stratagraph export`` and
``/rdf`` do it: records mapped to triples (``ontology.mapping``) and serialised in
pieces (``ontology.formats.chunks``), bytes counted and dropped. The baseline is the
same triples, already built as pyoxigraph terms in a list, handed to
``pyoxigraph.serialize`` in one call: the fastest this library can write them.
The ratio says what mapping from records and streaming in pieces cost on top.
For JSON-LD the baseline is pyoxigraph's own (expanded, context-free) JSON-LD;
ours is compacted against our context.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Iterator
from typing import IO, cast

from pyoxigraph import RdfFormat, Triple, serialize

from bench.synthetic import generate
from stratagraph.model.records import Batch
from stratagraph.ontology.formats import FORMATS, Format, chunks
from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.ontology.mapping import Mapped, triples

BASE = "http://127.0.0.1:8000/"


class Sink:
    """A binary file that only counts what it is given."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        return None


def sized_batch(target: int) -> Batch:
    """A synthetic graph of about ``target`` triples (sized from a small probe; the shape scales linearly)."""
    probe = 1000
    sample = generate(probe)
    per_task = sum(1 for _ in triples(sample.nodes, sample.edges, BASE)) / probe
    return generate(max(1, math.ceil(target / per_task)))


def ours(batch: Batch, fmt: Format) -> tuple[float, int]:
    started = time.perf_counter()
    size = sum(len(piece) for piece in chunks(Mapped(batch.nodes, batch.edges, BASE), fmt))
    return time.perf_counter() - started, size


def direct(prebuilt: list[Triple], fmt: Format) -> tuple[float, int]:
    info = FORMATS[fmt]
    sink = Sink()
    started = time.perf_counter()
    syntax = info.oxigraph or RdfFormat.JSON_LD
    serialize(prebuilt, cast(IO[bytes], sink), syntax, prefixes=dict(PREFIXES))
    return time.perf_counter() - started, sink.size


def _median(runs: Iterator[tuple[float, int]], repeat: int) -> tuple[float, int]:
    results = [next(runs) for _ in range(repeat)]
    return statistics.median(r[0] for r in results), results[0][1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many triples (default 1,000,000)")
    parser.add_argument("--tasks", type=int, default=None, help="this many tasks instead (seed 0, as bench.run)")
    parser.add_argument("--formats", nargs="+", default=[f.value for f in Format], choices=[f.value for f in Format])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is shown")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    batch = generate(args.tasks) if args.tasks else sized_batch(args.triples)
    generated = time.perf_counter() - started
    prebuilt = list(triples(batch.nodes, batch.edges, BASE))  # the baseline's input
    count = len(prebuilt)
    print(f"synthetic graph: {len(batch.nodes):,} nodes, {len(batch.edges):,} edges -> {count:,} triples")
    print(f"generated in {generated:.2f} s")
    print()
    print(f"{'format':8} {'ours triples/s':>15} {'pyoxigraph triples/s':>21} {'ratio':>7} {'ours MB':>9} {'ox MB':>8}")
    for name in args.formats:
        fmt = Format(name)
        ours_time, ours_size = _median((ours(batch, fmt) for _ in iter(int, 1)), args.repeat)
        direct_time, direct_size = _median((direct(prebuilt, fmt) for _ in iter(int, 1)), args.repeat)
        print(
            f"{name:8} {count / ours_time:>15,.0f} {count / direct_time:>21,.0f} "
            f"{ours_time / direct_time:>6.1f}x {ours_size / 1e6:>9.1f} {direct_size / 1e6:>8.1f}",
            flush=True,
        )
    print()
    print("ratio: our time over pyoxigraph's (mapping from records + streaming in pieces, over serialising a list)")


if __name__ == "__main__":
    main()
