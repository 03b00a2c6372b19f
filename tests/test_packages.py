"""The top-level packages are this repository's, not the PyPI distributions of the same names.

``schema``, ``queries`` and ``ontology`` (and, who knows, ``graph`` and
``loaders``) are also names of unrelated packages on PyPI; should one of them
get installed, an import would silently pick the wrong code.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from stratagraph.config import REPOSITORY


@pytest.mark.parametrize("name", ["schema", "queries", "ontology", "graph", "loaders", "stratagraph"])
def test_package_comes_from_this_repository(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None, f"{name} is a namespace package, not this repository's"
    origin = Path(module.__file__).resolve()
    assert origin.is_relative_to(REPOSITORY), f"{name} is imported from {origin}, outside {REPOSITORY}"
    assert origin == REPOSITORY / name / "__init__.py"
