"""Fixtures shared across the suite: a real embedded store holding the bundled dataset."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.loaders.load import load
from stratagraph.settings import BUNDLED_DATASET


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "stratagraph.sqlite3"


@pytest.fixture
async def bundled_store(store_path: Path) -> AsyncIterator[Store]:
    """An opened embedded store on a fresh file, loaded with ``data/``."""
    store = open_store("embedded", path=store_path)
    await store.open()
    await load([BUNDLED_DATASET], store)
    try:
        yield store
    finally:
        await store.close()
