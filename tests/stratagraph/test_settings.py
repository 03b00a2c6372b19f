"""Settings are read from the environment and checked in one place: a value that cannot be used is one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stratagraph.model.errors import ConfigError
from stratagraph.settings import Settings

STRATAGRAPH = str(Path(sys.executable).parent / "stratagraph")


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith(("STRATAGRAPH_", "NEO4J_"))]:
        monkeypatch.delenv(name)


def test_defaults_without_any_variable() -> None:
    settings = Settings.from_env()
    assert (settings.store, settings.data_dir, settings.sparql_workers) == ("embedded", Path("var"), 2)
    assert settings.cors_origins == ("*",)
    assert settings.introspection is True


def test_values_are_read_and_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATAGRAPH_SPARQL_WORKERS", "3")
    monkeypatch.setenv("STRATAGRAPH_BASE_IRI", "https://data.example.org/strata")
    monkeypatch.setenv("STRATAGRAPH_CORS_ORIGINS", " https://a.example , https://b.example ")
    monkeypatch.setenv("STRATAGRAPH_DEBUG", "on")
    monkeypatch.setenv("NEO4J_URI", "bolt://db:7687")
    settings = Settings.from_env()
    assert settings.sparql_workers == 3
    assert settings.base_iri == "https://data.example.org/strata/"
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.debug is True
    assert settings.neo4j_uri == "bolt://db:7687"


def test_the_dataset_is_published_under_cc_by_by_the_service_unless_said_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Settings.from_env()
    assert settings.license == "https://creativecommons.org/licenses/by/4.0/"
    assert settings.dataset_publisher == settings.base_iri
    monkeypatch.setenv("STRATAGRAPH_LICENSE", "https://creativecommons.org/publicdomain/zero/1.0/")
    monkeypatch.setenv("STRATAGRAPH_PUBLISHER", "https://mic.gov.vn/")
    monkeypatch.setenv("STRATAGRAPH_PUBLISHER_NAME", "Bộ Thông tin và Truyền thông")
    settings = Settings.from_env()
    assert (settings.license, settings.dataset_publisher, settings.publisher_name) == (
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://mic.gov.vn/",
        "Bộ Thông tin và Truyền thông",
    )


def test_an_empty_variable_is_unset_but_empty_origins_are_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATAGRAPH_DEBUG", "")
    monkeypatch.setenv("STRATAGRAPH_SPARQL_WORKERS", "")
    monkeypatch.setenv("STRATAGRAPH_CORS_ORIGINS", "")
    settings = Settings.from_env()
    assert (settings.debug, settings.sparql_workers, settings.cors_origins) == (False, 2, ())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STRATAGRAPH_SPARQL_WORKERS", "two"),
        ("STRATAGRAPH_SPARQL_WORKERS", "0"),
        ("STRATAGRAPH_SPARQL_TIMEOUT", "-1"),
        ("STRATAGRAPH_MAX_INPUT_MB", "inf"),
        ("STRATAGRAPH_STORE", "sqlite"),
        ("STRATAGRAPH_DEBUG", "maybe"),
        ("STRATAGRAPH_LICENSE", "CC-BY-4.0"),
        ("STRATAGRAPH_PUBLISHER", "https://bo tttt.gov.vn/"),
    ],
)
def test_a_value_that_cannot_be_used_names_its_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        Settings.from_env()
    assert str(caught.value).startswith(f"{name}={value!r}: ")


def test_every_bad_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATAGRAPH_SPARQL_WORKERS", "two")
    monkeypatch.setenv("STRATAGRAPH_HEADER_TIMEOUT", "soon")
    with pytest.raises(ConfigError) as caught:
        Settings.from_env()
    message = str(caught.value)
    assert "STRATAGRAPH_SPARQL_WORKERS='two'" in message
    assert "STRATAGRAPH_HEADER_TIMEOUT='soon'" in message


def test_the_command_lines_options_go_over_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATAGRAPH_DATA_DIR", "from-env")
    settings = Settings.from_env().with_changes(data_dir=Path("from-option"))
    assert settings.data_dir == Path("from-option")
    assert "base_iri" not in settings.model_fields_set, "an option leaves the others as the environment set them"
    with pytest.raises(ConfigError, match="--max-input-mb=-1"):
        settings.with_changes(max_input_mb=-1)


@pytest.mark.parametrize("command", [["serve"], ["load", "data/"], ["export"]])
def test_a_bad_setting_stops_a_command_with_one_line(command: list[str], tmp_path: Path) -> None:
    env = {"PATH": str(Path(sys.executable).parent), "STRATAGRAPH_SPARQL_WORKERS": "two", "HOME": str(tmp_path)}
    done = subprocess.run([STRATAGRAPH, *command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: STRATAGRAPH_SPARQL_WORKERS='two': input should be a valid integer, unable to parse string as an integer"
    ]
