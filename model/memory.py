"""Building large, long-lived structures without the cyclic garbage collector in the way.

Loading the embedded store, building its networkx snapshot, the analysis graph
and the search index each allocate hundreds of thousands to millions of objects
that all survive. CPython's collector counts allocations, not garbage: every
few hundred it walks the young objects, and every so often the whole heap, so a
build of N long-lived objects pays for walking them again and again (what that
cost is measured in ``bench/README.md``). None of these builds makes reference cycles worth
collecting, so the collector is paused while they run and resumed after.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_paused = 0
_was_enabled = True


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for the block; nested and concurrent pauses resume it once, at the last exit."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


GC_THRESHOLDS = (10_000, 10, 1_000)
"""The cyclic collector's thresholds while serving (CPython's defaults: 700, 10, 10).

A young collection's pause grows faster than the young generation: past some ten thousand objects
they no longer sit in the processor's caches, and under load each pause cost several times as much
per object. A full collection walks every per-version structure, the longest pause of all, so it
waits for 1,000 middle collections, some hundred million allocations apart (``bench/README.md``,
"Mixed workload")."""


def settle_heap() -> None:
    """Keep the cyclic garbage collector from pausing a long-lived process for hundreds of milliseconds.

    Called once what start-up builds is in place: by the server, and by ``stratagraph export``
    once the store is open (the mapping's caches, some hundred thousand objects, otherwise made
    the collector walk the whole loaded graph again and again).

    - What start-up made (modules, the schema, the embedded store's graph: a few million objects
      without reference cycles) is frozen: full collections no longer walk it. Frozen objects are
      still freed by reference counting when a write replaces them.
    - What later requests build once per data version (the networkx snapshot, the analysis graph,
      the indexes) cannot be frozen (networkx views make cycles, so a replaced snapshot must stay
      collectable), so collections are made rarer instead: with CPython's default thresholds every
      few hundred allocations the objects of the requests in flight were promoted towards the old
      generation, triggering a full collection of millions of objects every few dozen requests.
      Young collections stay small, so each pause is short (``GC_THRESHOLDS``; the figures are in
      ``bench/README.md``).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
