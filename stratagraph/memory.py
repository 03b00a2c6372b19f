"""Building large, long-lived structures without the cyclic garbage collector in the way.

Loading the embedded store, building its networkx snapshot, the analysis graph
and the search index each allocate hundreds of thousands to millions of objects
that all survive. CPython's collector counts allocations, not garbage: every
few hundred it walks the young objects, and every so often the whole heap, so a
build of N long-lived objects pays for walking them again and again (measured
at 100k tasks in ``bench/README.md``: loading the store 5.7 s -> 3.3 s, the
snapshot 3.3 s -> 2.1 s). None of these builds makes reference cycles worth
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
