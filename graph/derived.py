"""Values derived from one data version of the store: the one cache of what the data implies.

The store's ``version`` changes with every committed write and never otherwise (``graph.store``),
so whatever is computed from the data at version N stays right while the version is N: the
analysis graph, the search index, the deadline index, the yearly duties, the whole-graph files,
the remembered GraphQL answers. ``Derived`` is the one place that relies on it: each of those is
a ``Recipe`` (how to read what it needs, how to build it from that), and ``Derived.get(recipe,
*args)`` answers with the value for the current version. The app owns one ``Derived`` over its
store; GraphQL resolvers reach it through the request context, the queries take it as an argument.

What a value got from ``get`` is guaranteed:

* **Built once per version.** Callers asking at once for the same recipe and arguments share one
  build (single flight). A caller that gives up (a request stopped at its time limit) leaves the
  build running for the others, and its value is kept for the next.
* **Built off the event loop.** ``read`` does the store calls (async, on the loop); ``build``
  computes the value from what was read in a worker thread, because building the analysis graph
  or an index is CPU work of seconds at 100k tasks and the loop must go on answering meanwhile.
  The cyclic collector is paused during a build (``model.memory.paused_gc``): a build allocates
  hundreds of thousands of objects that all survive, and each full collection would walk them
  and the millions of the snapshot again.
* **Consistent.** The version is read before ``read`` and again after it. When they differ, a
  write committed in between and what was read may mix two versions, so it is read again (at most
  ``ATTEMPTS`` times, then ``StoreError``: the store is being written without pause). The value is
  filed under the version it was read at. A caller gets a value of the version it saw when it
  asked, or of a newer one; never of an older one.
* **Bounded.** Only the newest version's values are kept: once a newer version is seen, every
  value of an older one is dropped, and a value built for a version already superseded goes to
  the callers that waited for it without being kept. Within a version a recipe keeps at most
  ``keep`` values (one per distinct arguments, least recently used dropped first), so a client
  asking for every day in turn cannot grow the memory. A recipe's ``drop`` is called for every
  value that leaves (to remove its files, say).

The store's own snapshot (``Store.snapshot``) is the store's business and not held here; a
recipe reads it like any other data.
"""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, cast

from stratagraph.graph.store import Store
from stratagraph.model.errors import StoreError
from stratagraph.model.memory import paused_gc

__all__ = ["Derived", "Recipe"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_MISSING: Any = object()


@dataclass(frozen=True, eq=False)
class Recipe(Generic[P, R, T]):
    """How one kind of value is derived from a data version (compared by identity: make each once).

    ``read(derived, *args)`` gathers what the value needs from ``derived.store`` (and from other
    recipes, through ``derived``); ``build(read_result, *args)`` computes the value in a worker
    thread and must not touch the store or the event loop. ``keep`` bounds the values kept per
    version (one per distinct ``args``); ``drop`` is called with each value that leaves.
    """

    name: str
    read: Callable[Concatenate[Derived, P], Awaitable[R]]
    build: Callable[Concatenate[R, P], T]
    keep: int = 1
    drop: Callable[[T], None] | None = None


class Derived:
    """The values derived from ``store``'s newest data version (see the module's guarantees)."""

    ATTEMPTS = 5

    def __init__(self, store: Store) -> None:
        self.store = store
        self._version = -1  # the newest version seen; every kept value is of this version
        self._kept: dict[Recipe[Any, Any, Any], OrderedDict[Hashable, Any]] = {}
        self._flights: dict[tuple[Recipe[Any, Any, Any], Hashable, int], asyncio.Task[Any]] = {}
        self._closed = False

    async def get(self, recipe: Recipe[P, R, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``recipe``'s value for the store's current version (or a newer one), built on first use."""
        version = await self.store.version()
        self._see(version)
        key = _key(args, kwargs)
        kept = self._kept.get(recipe)
        if kept is not None:
            value = kept.get(key, _MISSING)
            if value is not _MISSING:
                kept.move_to_end(key)
                return cast(T, value)
        flight_key = (recipe, key, version)
        flight = self._flights.get(flight_key)
        if flight is None:
            flight = asyncio.ensure_future(self._build(recipe, key, *args, **kwargs))
            self._flights[flight_key] = flight
            flight.add_done_callback(lambda _: self._flights.pop(flight_key, None))
        # shielded: a caller that gives up does not cancel the build the others wait for
        return cast(T, await asyncio.shield(flight))

    def peek(self, recipe: Recipe[P, R, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """The value kept for ``args`` at the newest version seen, if any; reads nothing, builds nothing."""
        kept = self._kept.get(recipe)
        return None if kept is None else cast(T | None, kept.get(_key(args, kwargs)))

    @property
    def version(self) -> int | None:
        """The newest data version seen, None before the first ``get``."""
        return None if self._version < 0 else self._version

    def close(self) -> None:
        """Drop every value (their ``drop`` runs); values built later are dropped as they land."""
        self._closed = True
        self._forget_all()

    async def _build(self, recipe: Recipe[P, R, T], key: Hashable, *args: P.args, **kwargs: P.kwargs) -> T:
        for _ in range(self.ATTEMPTS):
            before = await self.store.version()
            material = await recipe.read(self, *args, **kwargs)
            if await self.store.version() == before:
                break
        else:
            raise StoreError(f"the store kept changing while the {recipe.name} was read; try again")
        value = await asyncio.to_thread(functools.partial(_paused, recipe.build, material, *args, **kwargs))
        self._keep(recipe, key, before, value)
        return value

    def _see(self, version: int) -> None:
        if version > self._version:
            self._version = version
            self._forget_all()

    def _forget_all(self) -> None:
        kept, self._kept = self._kept, {}
        for recipe, values in kept.items():
            for value in values.values():
                _drop(recipe, value)

    def _keep(self, recipe: Recipe[Any, Any, T], key: Hashable, version: int, value: T) -> None:
        self._see(version)
        if version < self._version or self._closed:
            _drop(recipe, value)  # the data moved on while it was built: its callers have it, nobody else will
            return
        kept = self._kept.setdefault(recipe, OrderedDict())
        old = kept.pop(key, _MISSING)
        if old is not _MISSING and old is not value:
            _drop(recipe, old)  # two callers' builds of one version landed: the later one is kept
        kept[key] = value
        while len(kept) > recipe.keep:
            _drop(recipe, kept.popitem(last=False)[1])


def _key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Hashable:
    return (args, tuple(sorted(kwargs.items()))) if kwargs else args


def _paused(build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with paused_gc():
        return build(*args, **kwargs)


def _drop(recipe: Recipe[Any, Any, T], value: T) -> None:
    if recipe.drop is not None:
        recipe.drop(value)
