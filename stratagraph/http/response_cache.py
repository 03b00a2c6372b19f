"""GraphQL answers remembered per data version: the same request on the same data gets the same bytes.

Clients ask the same few queries over and over (dashboards, the playground's
reloads), and between two writes every answer is a pure function of the
request, the data version and the day (``asOf`` defaults to today). The store's
contract says exactly that: ``version`` changes with every committed write and
never otherwise, "so callers may cache anything derived from a version". So the
endpoint keeps the serialised answers of successful queries, keyed by what
decides them (method, negotiated media type, document, variables, operation
name, day), in the ``ResponseCache`` of the data version: a value derived from
the version like any other, held by the app's ``graph.derived.Derived``
(``answers_of_each_version``), which gives this cache its rules:

* a lookup first asks ``Derived`` for the current version's cache (one version
  read: one ``SELECT`` on the embedded store, one round trip on Neo4j); once the
  version has moved on, the old cache is dropped with every answer in it;
* an answer computed while a write committed is put into the cache of the
  version read before it, which has been dropped: no later request reads it, so
  a mixed answer is never served as current;
* only answers without errors are kept, and nothing when the schema has
  mutations (it has none: a mutation must never be answered from memory);
* a request with ``Cache-Control: no-cache`` is computed afresh (and refreshes
  the entry), ``no-store`` is computed and not kept;
* memory is bounded: at most ``max_bytes`` of bodies (LRU), no single body over
  ``max_entry``; one version's cache at a time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from stratagraph.graph.derived import Derived, Recipe

DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024
DEFAULT_MAX_ENTRY: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """An answer as it was sent: body, status and headers (``Content-Length`` and ``Content-Type`` among them)."""

    body: bytes
    status: int
    headers: Mapping[str, str]

    @classmethod
    def of(cls, body: bytes, raw_headers: Iterable[tuple[bytes, bytes]], status: int = 200) -> CachedAnswer:
        """From a response's raw headers (HTTP header bytes are latin-1, as Starlette writes them)."""
        return cls(body, status, {name.decode("latin-1"): value.decode("latin-1") for name, value in raw_headers})


class ResponseCache:
    """Serialised answers of one data version, least recently used dropped first."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, max_entry: int = DEFAULT_MAX_ENTRY) -> None:
        self.max_bytes = max_bytes
        self.max_entry = min(max_entry, max_bytes)
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[Hashable, CachedAnswer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: Hashable) -> CachedAnswer | None:
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: Hashable, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_entry:
            return  # too big to keep
        old = self._answers.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self._answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.size -= len(dropped.body)


async def _nothing(derived: Derived) -> None:
    return None  # a version's cache starts empty: answers are put in as requests compute them


def answers_of_each_version(
    max_bytes: int = DEFAULT_MAX_BYTES, max_entry: int = DEFAULT_MAX_ENTRY
) -> Recipe[[], None, ResponseCache]:
    """The recipe of one empty ``ResponseCache`` per data version, for ``Derived.get``."""
    return Recipe("remembered answers", _nothing, lambda _: ResponseCache(max_bytes, max_entry))
