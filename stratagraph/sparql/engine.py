"""Read-only SPARQL over the store: pyoxigraph workers kept in step with the data version.

Why pyoxigraph, and why processes
---------------------------------
On the same exported graphs pyoxigraph loads a dump and answers the benchmark
queries many times faster than rdflib, the gap widest on aggregates and filters
(figures and the script: ontology/README.md, ``python -m bench.sparql_engines``). Its queries cannot be
cancelled from another thread, so each runs in a worker *process*
(``stratagraph.sparql.worker``) that the engine kills when the time limit passes;
that is what makes the limit real rather than advisory. A killed worker is
replaced on the next query.

Versions
--------
Before each query the engine asks for the dump of the store's current data
version: a value derived from the version (``graph.derived.Derived``), written
once per version in a worker thread, its file retired when the data moves on
(``graph.derived_files``: workers keep their own copy once loaded). When the dump
is newer than what a worker loaded, the engine retires the old workers (idle ones
at once, busy ones when their query ends), so an answer never mixes versions and
never lags behind a committed write. Every result says which version it answered
from.

What is enforced
----------------
- time: a query running longer than ``timeout`` seconds is killed; the caller
  gets ``SparqlTimeout`` (HTTP 503);
- size: a result larger than ``max_result_bytes`` is refused by the worker
  (HTTP 422 with a hint to add LIMIT); results are held in memory to be sent;
- memory: each worker holds a copy of the graph (about 1 KB per triple in
  pyoxigraph's in-memory store) and may use ``memory_budget`` bytes more; a query
  that needs more ends its worker and gets ``SparqlOutOfMemory`` (HTTP 503);
- concurrency: at most ``workers`` queries run at once; a query that finds all
  workers busy for ``timeout`` seconds gets ``SparqlBusy`` (HTTP 503);
- reach: ``SERVICE`` and nesting past ``screen.MAX_DEPTH`` are refused (HTTP 400)
  before the query runs, and the worker cannot open a socket (``sandbox``).
A worker that dies on a query for any other reason is reported as
``SparqlWorkerFailed`` (HTTP 500, with the signal or exit status) and replaced.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stratagraph.exit_status import described
from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.derived_files import DerivedFiles
from stratagraph.model.errors import StratagraphError
from stratagraph.ontology.export import Selection, whole_graph
from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.sparql.dump import Dump, write_dump

__all__ = [
    "QueryFailed",
    "SparqlBusy",
    "SparqlEngine",
    "SparqlError",
    "SparqlOutOfMemory",
    "SparqlResult",
    "SparqlTimeout",
    "SparqlWorkerFailed",
]

_START_TIMEOUT = 300.0
_STDERR_KEPT = 8192
"""Bytes of a worker's stderr kept to explain its end (the rest goes to the server's stderr)."""
_OUT_OF_MEMORY = b"memory allocation of"
"""What Rust's allocator prints before aborting when the address-space cap refuses it."""


class SparqlError(StratagraphError):
    """A SPARQL request that could not be answered; ``status`` is the HTTP status to report."""

    status = 500


class SparqlTimeout(SparqlError):
    status = 503


class SparqlBusy(SparqlError):
    status = 503


class SparqlOutOfMemory(SparqlError):
    """The query needed more memory than a worker may use beyond the graph; the worker was replaced."""

    status = 503


class SparqlWorkerFailed(SparqlError):
    """The worker died while answering (a crash in pyoxigraph); it was replaced."""

    status = 500


class QueryFailed(SparqlError):
    """The worker refused or failed the query (syntax error, no acceptable format, result too large)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SparqlResult:
    """A serialised result: ``kind`` is solutions, boolean or graph; ``format`` the name the request chose."""

    kind: str
    format: str
    body: bytes
    version: int


class _Worker:
    """One worker process and the dump version it loaded."""

    def __init__(self, process: asyncio.subprocess.Process, version: int) -> None:
        self.process = process
        self.version = version
        self.stderr = bytearray()
        self._drain = asyncio.ensure_future(self._keep_stderr())

    async def _keep_stderr(self) -> None:
        """Pass the worker's stderr on to the server's, keeping its last bytes to explain an end."""
        assert self.process.stderr is not None
        while chunk := await self.process.stderr.read(1 << 16):
            sys.stderr.buffer.write(chunk)
            sys.stderr.buffer.flush()
            self.stderr += chunk
            del self.stderr[:-_STDERR_KEPT]

    @classmethod
    async def start(cls, dump: Dump, memory_budget: int) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "stratagraph.sparql.worker",
            str(dump.path),
            json.dumps(dict(PREFIXES)),
            str(memory_budget),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            limit=1 << 20,
            # a session (so a process group) of its own: Ctrl-C in a terminal reaches the whole group, and a
            # worker ended by it failed its query as a crash; the server ends its workers itself, once they
            # have answered (uvloop's subprocesses take start_new_session, not process_group)
            start_new_session=True,
        )
        worker = cls(process, dump.version)
        try:
            header = await asyncio.wait_for(worker._header(), _START_TIMEOUT)
        except EOFError:
            how = await worker.ended()
            raise SparqlError(f"the SPARQL worker could not start ({how}); the server log says why") from None
        except BaseException:
            await worker.kill()
            raise
        if not header.get("ok"):
            await worker.kill()
            raise SparqlError(f"the SPARQL worker could not start: {header.get('error')}")
        return worker

    async def _header(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise EOFError
        header: dict[str, object] = json.loads(line)
        return header

    async def ask(self, request: Mapping[str, object]) -> tuple[dict[str, object], bytes]:
        """The worker's answer to ``request``; EOFError when it died first (``ended`` says how)."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            await self.process.stdin.drain()
            header = await self._header()
            length = header.get("length", 0)
            body = await self.process.stdout.readexactly(length) if isinstance(length, int) and length else b""
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            raise EOFError from error
        return header, body

    async def ended(self) -> str:
        """How the worker ended, once it has: its exit status or signal, and what it last wrote on stderr."""
        code = await self.process.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._drain, 5)
        return described(code)

    async def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        await self.process.wait()
        self._drain.cancel()

    @property
    def alive(self) -> bool:
        return self.process.returncode is None


async def _read(derived: Derived) -> Selection:
    return await whole_graph(derived.store)


class SparqlEngine:
    """Answers SPARQL queries against the store's current version, within a time limit."""

    def __init__(
        self,
        derived: Derived,
        base: str,
        *,
        timeout: float = 10.0,
        workers: int = 2,
        max_result_bytes: int = 64 << 20,
        memory_budget: int = 1 << 30,
    ) -> None:
        self.derived = derived
        self.base = base
        self.files = DerivedFiles("stratagraph-sparql-")
        self.dumps: Recipe[[], Selection, Dump] = Recipe("SPARQL dump", _read, self._write, drop=self._retire)
        self.timeout = timeout
        self.memory_budget = memory_budget
        self.size = max(1, workers)
        self.max_result_bytes = max_result_bytes
        self._idle: list[_Worker] = []
        self._running = 0
        self._changed = asyncio.Condition()
        self._closed = False

    async def query(
        self,
        text: str,
        *,
        solutions: str | None,
        graph: str | None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> SparqlResult:
        """Run ``text``; ``solutions`` / ``graph`` name the result formats (None: the client accepts none).

        Relative IRIs in ``text`` resolve against the endpoint (``{base}sparql``); the graphs it or the
        protocol's parameters name must be the dataset's own, ``{base}rdf`` (``stratagraph.sparql.dataset``).
        """
        dump = await self.dump()
        try:
            worker = await asyncio.wait_for(self._acquire(dump), self.timeout)
        except TimeoutError:
            raise SparqlBusy(
                f"all {self.size} SPARQL workers stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        if worker is None:  # a free slot: start a worker (loading the dump is not query time)
            worker = await self._start(dump)
        request = {
            "query": text,
            "solutions": solutions,
            "graph": graph,
            "max_bytes": self.max_result_bytes,
            "base_iri": f"{self.base}sparql",
            "dataset_graph": f"{self.base}rdf",
            "default_graph_uris": list(default_graph_uris),
            "named_graph_uris": list(named_graph_uris),
        }
        try:
            header, body = await asyncio.wait_for(worker.ask(request), self.timeout)
        except TimeoutError:
            await self._discard(worker)
            raise SparqlTimeout(
                f"the query ran longer than the {self.timeout:g} s limit and was stopped; "
                "narrow it (more specific patterns, a LIMIT) or ask for less"
            ) from None
        except EOFError:
            how = await worker.ended()
            await self._discard(worker)
            if _OUT_OF_MEMORY in worker.stderr:
                raise self._out_of_memory() from None
            raise SparqlWorkerFailed(
                f"the SPARQL worker stopped while answering this query ({how}); it was restarted. "
                "Try again; if it happens again, simplify the query"
            ) from None
        except BaseException:
            await self._discard(worker)
            raise
        if header.get("memory"):
            await self._discard(worker)
            raise self._out_of_memory()
        await self._release(worker)
        if not header.get("ok"):
            status = header.get("status")
            raise QueryFailed(str(header.get("error")), status if isinstance(status, int) else 500)
        return SparqlResult(str(header["kind"]), str(header["format"]), body, dump.version)

    def _out_of_memory(self) -> SparqlOutOfMemory:
        return SparqlOutOfMemory(
            f"the query needed more than the {self.memory_budget / (1 << 20):g} MiB a query may use and was stopped; "
            "narrow it (more specific patterns, no ORDER BY over large joins, a LIMIT) or ask for less"
        )

    async def dump(self) -> Dump:
        """The dump of the current version (also for VoID's figures)."""
        return await self.derived.get(self.dumps)

    @property
    def version(self) -> int | None:
        """The version of the dump of the newest data version, None when it is not written (yet)."""
        dump = self.derived.peek(self.dumps)
        return None if dump is None else dump.version

    def _write(self, selection: Selection) -> Dump:
        path = self.files.path(f"graph-v{selection.version}.nt")
        return Dump(selection.version, path, write_dump(selection, self.base, path))

    def _retire(self, dump: Dump) -> None:
        self.files.retire(dump.path, dump.version)

    async def _acquire(self, dump: Dump) -> _Worker | None:
        """An idle worker of ``dump``'s version, or None when a slot was reserved to start one."""
        async with self._changed:
            while True:
                stale = [w for w in self._idle if w.version != dump.version or not w.alive]
                for worker in stale:
                    self._idle.remove(worker)
                    self._running -= 1
                    await worker.kill()
                if self._idle:
                    return self._idle.pop()
                if self._running < self.size:
                    self._running += 1
                    return None
                await self._changed.wait()

    async def _start(self, dump: Dump) -> _Worker:
        try:
            return await _Worker.start(dump, self.memory_budget)
        except BaseException:
            async with self._changed:
                self._running -= 1
                self._changed.notify()
            raise

    async def _release(self, worker: _Worker) -> None:
        if self._closed or not worker.alive or self.version != worker.version:
            await self._discard(worker)
            return
        async with self._changed:
            self._idle.append(worker)
            self._changed.notify()

    async def _discard(self, worker: _Worker) -> None:
        await worker.kill()
        async with self._changed:
            self._running -= 1
            self._changed.notify()

    async def close(self) -> None:
        """Stop every worker and remove the dumps."""
        self._closed = True
        async with self._changed:
            idle, self._idle = self._idle, []
            self._running -= len(idle)
        for worker in idle:
            await worker.kill()
        self.files.close()
