"""Values derived from a data version: built once, off the event loop, from a consistent read, old versions dropped.

Every test runs on a real embedded store; a write is a real committed write (``Batch()`` bumps the version).
A build that must be "slow" waits on a ``threading.Event`` the test sets, never on a clock.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.store import Store
from stratagraph.model.errors import StoreError
from stratagraph.model.records import Batch, Label

HANG = 10.0  # seconds a gated build waits at most: only so that a broken test fails instead of hanging


@dataclass(frozen=True)
class Value:
    version: int
    agencies: int
    arg: object = None


@dataclass
class Kitchen:
    """A recipe over a real store that counts its reads and builds; a build may be held at a gate."""

    keep: int = 1
    reads: int = 0
    builds: int = 0
    threads: list[str] = field(default_factory=list)
    dropped: list[Value] = field(default_factory=list)
    gate: threading.Event | None = None
    building: threading.Event = field(default_factory=threading.Event)
    during_read: Callable[[Derived], Awaitable[None]] | None = None

    def recipe(self) -> Recipe[[object], tuple[int, int], Value]:
        async def read(derived: Derived, arg: object) -> tuple[int, int]:
            self.reads += 1
            version = await derived.store.version()
            agencies = await derived.store.count(Label.AGENCY)
            if self.during_read is not None:
                await self.during_read(derived)
            return version, agencies

        def build(read: tuple[int, int], arg: object) -> Value:
            self.builds += 1
            self.threads.append(threading.current_thread().name)
            self.building.set()
            if self.gate is not None:
                assert self.gate.wait(HANG), "the test never opened the gate"
            return Value(read[0], read[1], arg)

        return Recipe("test value", read, build, keep=self.keep, drop=self.dropped.append)


async def test_concurrent_callers_share_one_build_run_off_the_event_loop(bundled_store: Store) -> None:
    kitchen = Kitchen(gate=threading.Event())
    recipe = kitchen.recipe()
    derived = Derived(bundled_store)
    callers = [asyncio.ensure_future(derived.get(recipe, "x")) for _ in range(8)]
    assert await asyncio.to_thread(kitchen.building.wait, HANG), "the build started"
    # The build is running and holds its thread: the event loop still answers, here a store read.
    assert await bundled_store.count(Label.AGENCY) > 0
    assert not any(caller.done() for caller in callers)
    assert kitchen.gate is not None
    kitchen.gate.set()
    values = await asyncio.gather(*callers)
    assert kitchen.builds == 1, "one build for every caller"
    assert len({id(v) for v in values}) == 1
    assert kitchen.threads[0] != threading.current_thread().name, "built in a worker thread"
    assert values[0].version == await bundled_store.version()
    assert await derived.get(recipe, "x") is values[0], "and kept"
    assert kitchen.reads == 1


async def test_a_caller_that_gives_up_does_not_cancel_the_build(bundled_store: Store) -> None:
    kitchen = Kitchen(gate=threading.Event())
    recipe = kitchen.recipe()
    derived = Derived(bundled_store)
    impatient = asyncio.ensure_future(derived.get(recipe, "x"))
    assert await asyncio.to_thread(kitchen.building.wait, HANG), "the build started"
    patient = asyncio.ensure_future(derived.get(recipe, "x"))
    await asyncio.sleep(0)
    impatient.cancel()
    assert kitchen.gate is not None
    kitchen.gate.set()
    value = await patient
    assert impatient.cancelled()
    assert kitchen.builds == 1
    assert derived.peek(recipe, "x") is value


async def test_a_write_is_seen_and_the_older_version_dropped(bundled_store: Store) -> None:
    kitchen = Kitchen(keep=2)
    recipe = kitchen.recipe()
    derived = Derived(bundled_store)
    first = await derived.get(recipe, "a")
    other = await derived.get(recipe, "b")
    assert derived.version == first.version
    version = await bundled_store.write(Batch())
    second = await derived.get(recipe, "a")
    assert second.version == version == first.version + 1
    assert derived.version == version
    assert kitchen.dropped == [first, other], "every value of the older version left, each with its drop"
    assert derived.peek(recipe, "b") is None, "nothing of the older version is kept"
    assert derived.peek(recipe, "a") is second


async def test_each_recipe_keeps_at_most_keep_values_least_recently_used_first(bundled_store: Store) -> None:
    kitchen = Kitchen(keep=2)
    recipe = kitchen.recipe()
    derived = Derived(bundled_store)
    a = await derived.get(recipe, "a")
    await derived.get(recipe, "b")
    assert await derived.get(recipe, "a") is a  # "b" is now the least recently used
    await derived.get(recipe, "c")
    assert derived.peek(recipe, "b") is None
    assert derived.peek(recipe, "a") is a
    assert [v.arg for v in kitchen.dropped] == ["b"]
    assert kitchen.builds == 3


async def test_a_write_during_the_read_makes_it_read_again(bundled_store: Store) -> None:
    writes = 0

    async def write_once(derived: Derived) -> None:
        nonlocal writes
        if writes == 0:
            writes += 1
            await derived.store.write(Batch())

    kitchen = Kitchen(during_read=write_once)
    value = await Derived(bundled_store).get(kitchen.recipe(), "x")
    assert kitchen.reads == 2, "the first read straddled a write: read again"
    assert kitchen.builds == 1
    assert value.version == await bundled_store.version()


async def test_a_store_written_without_pause_is_an_error_not_a_mixed_value(bundled_store: Store) -> None:
    async def write_always(derived: Derived) -> None:
        await derived.store.write(Batch())

    kitchen = Kitchen(during_read=write_always)
    derived = Derived(bundled_store)
    with pytest.raises(StoreError, match="kept changing while the test value was read"):
        await derived.get(kitchen.recipe(), "x")
    assert kitchen.reads == Derived.ATTEMPTS
    assert kitchen.builds == 0


async def test_a_value_built_for_a_superseded_version_is_handed_over_not_kept(bundled_store: Store) -> None:
    kitchen = Kitchen(gate=threading.Event())
    recipe = kitchen.recipe()
    derived = Derived(bundled_store)
    early = asyncio.ensure_future(derived.get(recipe, "x"))
    assert await asyncio.to_thread(kitchen.building.wait, HANG), "the build started"
    version = await bundled_store.write(Batch())
    await derived.get(Kitchen().recipe(), "y")  # another value: the cache has now seen the new version
    assert kitchen.gate is not None
    kitchen.gate.set()
    old = await early
    assert old.version == version - 1, "its caller gets the value of the version it asked at"
    assert derived.peek(recipe, "x") is None, "but it is not kept as the current version's"
    assert kitchen.dropped == [old]
    new = await derived.get(recipe, "x")
    assert new.version == version
    assert kitchen.builds == 2


async def test_close_drops_everything(bundled_store: Store) -> None:
    kitchen = Kitchen()
    derived = Derived(bundled_store)
    value = await derived.get(kitchen.recipe(), "x")
    derived.close()
    assert kitchen.dropped == [value]
