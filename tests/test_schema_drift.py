"""The committed SDL (``schema.graphql``) is what the code builds: CI fails on drift."""

from __future__ import annotations

from click.testing import CliRunner

from stratagraph.cli import main
from stratagraph.settings import REPOSITORY

SDL = REPOSITORY / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert SDL.is_file(), "schema.graphql is missing: run `make schema` and commit it"
    committed = SDL.read_text(encoding="utf-8")
    assert committed == result.output, (
        "schema.graphql differs from `stratagraph schema`: run `make schema`, review the diff and commit it"
    )
