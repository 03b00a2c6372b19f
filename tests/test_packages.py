"""Every package is imported as ``stratagraph.<folder>``, never under a bare name another distribution may own.

The design card puts ``graph/``, ``schema/``, ``loaders/``, ``queries/`` and
``ontology/`` at the top of the repository, but ``schema``, ``queries`` and
``ontology`` are also names of unrelated PyPI distributions: installed under those
names, one would overwrite or shadow the other. So each folder is linked into
``stratagraph/`` and imported (and installed) as ``stratagraph.schema`` and so on.
A module imported under both names would exist twice, with two copies of every
enum, so no bare name may ever be imported.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

import stratagraph
from stratagraph.settings import REPOSITORY

FOLDERS = ["model", "graph", "ontology", "loaders", "queries", "schema"]


@pytest.mark.parametrize("name", FOLDERS)
def test_each_folder_is_a_package_of_stratagraph(name: str) -> None:
    module = importlib.import_module(f"stratagraph.{name}")
    assert module.__file__ is not None, f"stratagraph.{name} is a namespace package, not this repository's"
    assert Path(module.__file__).resolve() == REPOSITORY / name / "__init__.py"


def test_no_module_is_imported_under_a_bare_name() -> None:
    for info in pkgutil.walk_packages(stratagraph.__path__, "stratagraph."):
        if not info.name.endswith(("__main__", ".worker")):
            importlib.import_module(info.name)
    bare = sorted(name for name in sys.modules if name.split(".")[0] in FOLDERS)
    assert bare == [], "imported under a name outside stratagraph: write `from stratagraph.<folder> import ...`"
