"""A SPARQL worker process: one pyoxigraph store loaded from an N-Triples dump, one query at a time.

Why a process: pyoxigraph evaluates a query in Rust without checking for
cancellation, and a Python thread cannot be stopped from outside, so a runaway
query (``SELECT * { ?a ?b ?c . ?d ?e ?f }``) would keep a core busy for ever. A
process can be killed: the engine does so when the time limit passes, and starts
a fresh one. The worker imports nothing of the project (only pyoxigraph), so it
starts in a fraction of a second.

Protocol on stdin/stdout, one exchange per query:

- the engine writes one JSON line: ``{"query", "solutions", "graph", "max_bytes"}``,
  where ``solutions`` (json, xml, csv, tsv) and ``graph`` (ttl, nt, jsonld, xml)
  name the formats to use for each kind of result, or null when the client
  accepts none;
- the worker answers one JSON line, ``{"ok": true, "kind", "length"}`` followed by
  ``length`` bytes of result, or ``{"ok": false, "status", "error"}``.

At start the worker answers ``{"ok": true, "triples": n}`` once loaded. End of
input (the engine went away) ends the worker.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store, serialize

from stratagraph.sparql.syntax import explain

SOLUTIONS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
GRAPHS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "xml": RdfFormat.RDF_XML,
}


class TooLarge(Exception):
    """The result grew past the size budget."""


class Budget:
    """A binary sink that refuses to grow past ``limit`` bytes (results are held in memory to send)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None


def answer(out: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    out.write(json.dumps(header).encode() + b"\n")
    out.write(body)
    out.flush()


def run(store: Store, request: dict[str, Any], prefixes: dict[str, str]) -> tuple[dict[str, Any], bytes]:
    try:
        result = store.query(request["query"])
    except SyntaxError as error:
        return {"ok": False, "status": 400, "error": explain(request["query"], str(error), prefixes)}, b""
    budget = Budget(int(request["max_bytes"]))
    kind = "graph"
    try:
        if isinstance(result, QuerySolutions | QueryBoolean):
            kind = "solutions" if isinstance(result, QuerySolutions) else "boolean"
            name = request.get("solutions")
            if name not in SOLUTIONS:
                return {"ok": False, "status": 406, "error": "no acceptable format for SELECT/ASK results"}, b""
            result.serialize(_io(budget), SOLUTIONS[name])
        else:
            name = request.get("graph")
            if name not in GRAPHS:
                return {"ok": False, "status": 406, "error": "no acceptable format for CONSTRUCT/DESCRIBE results"}, b""
            serialize(result, _io(budget), GRAPHS[name], prefixes=prefixes)
    except TooLarge:
        limit = budget.limit // (1 << 20)
        return {"ok": False, "status": 500, "error": f"the result is larger than {limit} MiB: add a LIMIT"}, b""
    except OSError as error:  # pyoxigraph wraps exceptions raised by our sink
        if isinstance(error.__cause__, TooLarge) or "TooLarge" in str(error):
            limit = budget.limit // (1 << 20)
            return {"ok": False, "status": 500, "error": f"the result is larger than {limit} MiB: add a LIMIT"}, b""
        raise
    body = b"".join(budget.parts)
    return {"ok": True, "kind": kind, "format": name, "length": len(body)}, body


def _io(budget: Budget) -> IO[bytes]:
    return cast(IO[bytes], budget)  # duck-typed file: pyoxigraph only calls write and flush


def main(argv: list[str]) -> int:
    out = sys.stdout.buffer
    path, prefixes = argv[1], json.loads(argv[2]) if len(argv) > 2 else {}
    store = Store()
    try:
        store.bulk_load(path=path, format=RdfFormat.N_TRIPLES, lenient=True)
    except (OSError, SyntaxError) as error:
        answer(out, {"ok": False, "status": 500, "error": f"cannot load {path}: {error}"})
        return 1
    answer(out, {"ok": True, "triples": len(store)})
    for line in sys.stdin.buffer:
        request = json.loads(line)
        try:
            header, body = run(store, request, prefixes)
        except Exception as error:  # anything else pyoxigraph raises while evaluating
            header, body = {"ok": False, "status": 500, "error": f"{type(error).__name__}: {error}"}, b""
        answer(out, header, body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
