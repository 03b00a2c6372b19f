"""The layer contract (``pyproject.toml``, import-linter) catches a back-edge: ``make test`` fails on one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stratagraph.settings import REPOSITORY

LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package's source, links resolved, in a folder of its own (without the dataset and web assets)."""
    shutil.copytree(
        REPOSITORY / "stratagraph", tmp_path / "stratagraph", ignore=shutil.ignore_patterns("web", "dataset")
    )
    return tmp_path


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    command = [LINT_IMPORTS, "--config", str(REPOSITORY / "pyproject.toml"), "--no-cache"]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_layers_as_they_are_are_kept(copy: Path) -> None:
    done = lint(copy)
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_model_importing_the_shell_breaks_the_contract(copy: Path) -> None:
    (copy / "stratagraph" / "model" / "back_edge.py").write_text("from stratagraph.http import app\n")
    done = lint(copy)
    assert done.returncode != 0
    assert "stratagraph.model is not allowed to import stratagraph.http" in done.stdout


def test_queries_importing_loaders_breaks_the_contract(copy: Path) -> None:
    (copy / "stratagraph" / "queries" / "back_edge.py").write_text("from stratagraph.loaders import load\n")
    done = lint(copy)
    assert done.returncode != 0
    assert "stratagraph.queries is not allowed to import stratagraph.loaders" in done.stdout
