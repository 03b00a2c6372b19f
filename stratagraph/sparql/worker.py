"""A SPARQL worker process: one pyoxigraph store loaded from an N-Triples dump, one query at a time.

Why a process: pyoxigraph evaluates a query in Rust without checking for
cancellation, and a Python thread cannot be stopped from outside, so a runaway
query (``SELECT * { ?a ?b ?c . ?d ?e ?f }``) would keep a core busy for ever. A
process can be killed: the engine does so when the time limit passes, and starts
a fresh one. The worker imports nothing of the project (only pyoxigraph), so it
starts in a fraction of a second.

Protocol on stdin/stdout, one exchange per query:

- the engine writes one JSON line: ``{"query", "solutions", "graph", "max_bytes",
  "base_iri", "dataset_graph", "default_graph_uris", "named_graph_uris"}``, where
  ``solutions`` (json, xml, csv, tsv) and ``graph`` (ttl, nt, jsonld, xml) name the
  formats to use for each kind of result, or null when the client accepts none;
  ``base_iri`` resolves the query's relative IRIs; ``dataset_graph`` is the IRI the
  loaded graph is published at, the only one a query or the protocol's
  ``*-graph-uri`` parameters may name (``dataset``);
- the worker answers one JSON line, ``{"ok": true, "kind", "length"}`` followed by
  ``length`` bytes of result, or ``{"ok": false, "status", "error"}``.

At start (arguments: the dump's path, the prefixes as JSON, the memory budget in
bytes) the worker answers ``{"ok": true, "triples": n}`` once loaded and walled in. End of
input (the engine went away) ends the worker.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import DefaultGraph, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store, serialize

from stratagraph.sparql.dataset import dataset_refusal, named_in_query
from stratagraph.sparql.sandbox import STACK_BYTES, cap_memory, forbid_network
from stratagraph.sparql.screen import refusal
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
    query, base_iri = request["query"], request.get("base_iri")
    refused = refusal(query)
    if refused is not None:
        return {"ok": False, "status": 400, "error": refused}, b""
    defaults, named = request.get("default_graph_uris", []), request.get("named_graph_uris", [])
    asked = named_in_query(query, base_iri or "")
    refused = dataset_refusal(asked, request.get("dataset_graph", ""), defaults, named)
    if refused is not None:
        return {"ok": False, "status": 400, "error": refused}, b""
    options: dict[str, Any] = {"base_iri": base_iri}
    if defaults or named or asked.default or asked.named:  # each names the loaded graph: it is the default graph
        options.update(default_graph=DefaultGraph(), named_graphs=[])
    try:
        result = store.query(query, **options)
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
        return _too_large(budget)
    except OSError as error:  # pyoxigraph wraps exceptions raised by our sink
        if isinstance(error.__cause__, TooLarge) or "TooLarge" in str(error):
            return _too_large(budget)
        raise
    body = b"".join(budget.parts)
    return {"ok": True, "kind": kind, "format": name, "length": len(body)}, body


def _too_large(budget: Budget) -> tuple[dict[str, Any], bytes]:
    """422: the query is understood, but its answer is more than the service sends."""
    limit = budget.limit / (1 << 20)
    return {
        "ok": False,
        "status": 422,
        "error": f"the result is larger than the {limit:g} MiB a query may return: add a LIMIT, or ask for less",
    }, b""


def run_on_deep_stack(store: Store, request: dict[str, Any], prefixes: dict[str, str]) -> tuple[dict[str, Any], bytes]:
    """``run`` on a thread with a ``STACK_BYTES`` stack; any exception becomes a 500 answer."""
    outcome: list[tuple[dict[str, Any], bytes]] = []

    def target() -> None:
        try:
            outcome.append(run(store, request, prefixes))
        except MemoryError:  # Python's own allocations; pyoxigraph's abort the process instead
            outcome.append(({"ok": False, "status": 503, "error": "out of memory", "memory": True}, b""))
        except Exception as error:  # anything else pyoxigraph raises while evaluating
            outcome.append(({"ok": False, "status": 500, "error": f"{type(error).__name__}: {error}"}, b""))

    thread = threading.Thread(target=target, name="sparql-query")
    thread.start()
    thread.join()
    return outcome[0]


def _io(budget: Budget) -> IO[bytes]:
    return cast(IO[bytes], budget)  # duck-typed file: pyoxigraph only calls write and flush


def main(argv: list[str]) -> int:
    out = sys.stdout.buffer
    path, prefixes, memory_budget = argv[1], json.loads(argv[2]), int(argv[3])
    store = Store()
    try:
        store.bulk_load(path=path, format=RdfFormat.N_TRIPLES, lenient=True)
    except (OSError, SyntaxError) as error:
        answer(out, {"ok": False, "status": 500, "error": f"cannot load {path}: {error}"})
        return 1
    try:
        forbid_network()
        threading.stack_size(STACK_BYTES)
        cap_memory(memory_budget)
    except (OSError, ValueError, RuntimeError) as error:
        answer(out, {"ok": False, "status": 500, "error": f"cannot wall the worker in: {error}"})
        return 1
    answer(out, {"ok": True, "triples": len(store)})
    for line in sys.stdin.buffer:
        header, body = run_on_deep_stack(store, json.loads(line), prefixes)
        answer(out, header, body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
