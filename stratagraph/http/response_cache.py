"""GraphQL answers remembered per data version: the same request on the same data gets the same bytes.

Clients ask the same few queries over and over (dashboards, the playground's
reloads), and between two writes every answer is a pure function of the
request, the data version and the day (``asOf`` defaults to today). The store's
contract says exactly that: ``version`` changes with every committed write and
never otherwise, "so callers may cache anything derived from a version". So the
endpoint keeps the serialised answers of successful queries, keyed by what
decides them (method, negotiated media type, document, variables, operation
name, day) and tagged with the version they were computed at:

* a lookup first asks the store for its version (one ``SELECT`` on the embedded
  store, one round trip on Neo4j) and forgets everything when it moved;
* an answer computed while a write committed is filed under the version read
  before it, which no later lookup asks for again (versions only grow), so a
  mixed answer is never served as current;
* only answers without errors are kept, and nothing when the schema has
  mutations (it has none: a mutation must never be answered from memory);
* a request with ``Cache-Control: no-cache`` is computed afresh (and refreshes
  the entry), ``no-store`` is computed and not kept;
* memory is bounded: at most ``max_bytes`` of bodies (LRU), no single body over
  ``max_entry``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Final

DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024
DEFAULT_MAX_ENTRY: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """An answer as it was sent: body, status and the response's raw headers."""

    body: bytes
    status: int
    raw_headers: tuple[tuple[bytes, bytes], ...]

    @classmethod
    def of(cls, body: bytes, raw_headers: Iterable[tuple[bytes, bytes]], status: int = 200) -> CachedAnswer:
        return cls(body, status, tuple(raw_headers))


class ResponseCache:
    """Serialised answers of one data version, least recently used dropped first."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, max_entry: int = DEFAULT_MAX_ENTRY) -> None:
        self.max_bytes = max_bytes
        self.max_entry = min(max_entry, max_bytes)
        self.version: int | None = None
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[Hashable, CachedAnswer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, version: int, key: Hashable) -> CachedAnswer | None:
        if self.version is None or version > self.version:
            self._reset(version)
        answer = self._answers.get(key) if version == self.version else None
        if answer is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, version: int, key: Hashable, answer: CachedAnswer) -> None:
        if self.version is None or version > self.version:
            self._reset(version)
        elif version < self.version or len(answer.body) > self.max_entry:
            return  # computed on data that has changed since, or too big to keep
        old = self._answers.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self._answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.size -= len(dropped.body)

    def _reset(self, version: int) -> None:
        self.version = version
        self._answers.clear()
        self.size = 0
