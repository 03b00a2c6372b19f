"""Every GraphQL example in the README runs without errors on the bundled dataset."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("document", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
async def test_example_runs(bundled_store: Store, document: str) -> None:
    result = await build_schema().execute(document, context_value=Context(bundled_store, Derived(bundled_store)))
    assert result.errors is None, result.errors
    assert result.data
