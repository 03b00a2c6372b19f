"""Running GraphQL documents against the real schema over a real store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context

Run = Callable[[str], Awaitable[dict[str, Any]]]


@pytest.fixture
def run(bundled_store: Store) -> Run:
    schema = build_schema()
    derived = Derived(bundled_store)

    async def execute(document: str) -> dict[str, Any]:
        result = await schema.execute(document, context_value=Context(bundled_store, derived))
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    return execute
