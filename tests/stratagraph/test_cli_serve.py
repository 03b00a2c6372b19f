"""`stratagraph serve` and `stratagraph schema` as a developer runs them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from stratagraph.cli import main
from tests.stratagraph.serving import STRATAGRAPH, server_processes, serving


def test_serve_answers_graphql_with_the_bundled_dataset(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        base = served.base
        response = httpx.post(f"{base}/graphql", json={"query": '{ agency(id: "agency/cuc-bao-chi") { name } }'})
        assert response.json() == {"data": {"agency": {"name": "Cục Báo chí"}}}
        turtle = httpx.get(f"{base}/id/agency/cuc-bao-chi", params={"format": "nt"}).text
        assert f"<{base}/id/agency/cuc-bao-chi>" in turtle  # IRIs name the port served at
        assert "127.0.0.1:8000" not in turtle
    assert f"{base}/graphql" in served.output
    assert str(tmp_path / "stratagraph.sqlite3") in served.output


def test_serve_defaults_to_loopback_port_8000(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append({"app": app, **options}))
    monkeypatch.setenv("STRATAGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("STRATAGRAPH_STORE", raising=False)
    monkeypatch.delenv("STRATAGRAPH_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8000)
    protocol = call["http"]  # the guarded protocol with the default bounds
    assert (protocol.header_timeout, protocol.max_connections) == (10.0, 1000)  # type: ignore[attr-defined]
    settings = call["app"].state.settings  # type: ignore[attr-defined]
    assert (settings.store, settings.debug) == ("embedded", False)
    assert "http://127.0.0.1:8000/graphql" in result.output


def test_a_base_iri_that_makes_no_iris_stops_serve_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: pytest.fail("served with a broken base IRI"))
    monkeypatch.setenv("STRATAGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STRATAGRAPH_BASE_IRI", "http://example.org/a b/")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "error: STRATAGRAPH_BASE_IRI: base IRI 'http://example.org/a b/' does not make valid IRIs" in result.output
    assert "Traceback" not in result.output


def test_serve_debug_flag(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    apps: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: apps.append(app))
    result = CliRunner().invoke(main, ["serve", "--debug", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert apps[0].state.settings.debug is True  # type: ignore[attr-defined]
    assert "debug mode" in result.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, False),
        (["--access-log"], {}, True),
        ([], {"STRATAGRAPH_ACCESS_LOG": "1"}, True),
        (["--debug"], {}, True),
        (["--debug", "--no-access-log"], {}, False),
    ],
)
def test_serve_access_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], env: dict[str, str], expected: bool
) -> None:
    import uvicorn

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    monkeypatch.delenv("STRATAGRAPH_ACCESS_LOG", raising=False)
    monkeypatch.delenv("STRATAGRAPH_DEBUG", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    assert calls[0]["access_log"] is expected


def test_schema_prints_the_sdl() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert "type Query {" in result.output
    assert "agency(id: ID!): Agency\n" in result.output


@pytest.mark.parametrize(
    ("args", "env_base", "expected"),
    [
        (["--port", "8011"], None, "http://127.0.0.1:8011/"),
        (["--host", "0.0.0.0", "--port", "8012"], None, "http://127.0.0.1:8012/"),
        (["--port", "8011"], "https://strategy.example.gov.vn/", "https://strategy.example.gov.vn/"),
    ],
)
def test_iris_name_the_port_served_at_unless_the_base_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], env_base: str | None, expected: str
) -> None:
    import uvicorn

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append({"app": app, **options}))
    monkeypatch.setenv("STRATAGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("STRATAGRAPH_STORE", raising=False)
    if env_base is None:
        monkeypatch.delenv("STRATAGRAPH_BASE_IRI", raising=False)
    else:
        monkeypatch.setenv("STRATAGRAPH_BASE_IRI", env_base)
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 0, result.output
    (call,) = calls
    assert call["app"].state.settings.base_iri == expected  # type: ignore[attr-defined]
    assert f"IRIs minted under {expected}" in result.output


def served_description(data_dir: Path, *args: str) -> tuple[str, str]:
    """``stratagraph serve`` on a free port (a real process): its address and Cục Báo chí's N-Triples."""
    with serving(data_dir, *args) as served:
        return served.base, httpx.get(f"{served.base}/id/agency/cuc-bao-chi", params={"format": "nt"}, timeout=30).text


def test_the_base_a_store_was_published_under_is_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve on one port, then export and serve on another port: the same IRIs (export minted :8000, the default)."""
    for name in [k for k in os.environ if k.startswith("STRATAGRAPH_")]:
        monkeypatch.delenv(name)
    first, described = served_description(tmp_path)
    iri = f"<{first}/id/agency/cuc-bao-chi>"
    assert iri in described
    result = CliRunner().invoke(main, ["export", "--data-dir", str(tmp_path), "--agency", "cuc-bao-chi"])
    assert result.exit_code == 0, result.output
    assert iri.encode() in result.stdout_bytes
    second, described_again = served_description(tmp_path)
    assert second != first
    assert iri in described_again
    assert f"<{second}/id/" not in described_again


def test_serve_base_iri_publishes_elsewhere_and_export_follows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("STRATAGRAPH_")]:
        monkeypatch.delenv(name)
    _, described = served_description(tmp_path, "--base-iri", "https://data.example.org/strata")
    assert "<https://data.example.org/strata/id/agency/cuc-bao-chi>" in described
    result = CliRunner().invoke(main, ["export", "--data-dir", str(tmp_path), "--agency", "cuc-bao-chi"])
    assert b"<https://data.example.org/strata/id/agency/cuc-bao-chi>" in result.stdout_bytes
    given = CliRunner().invoke(
        main, ["export", "--data-dir", str(tmp_path), "--agency", "cuc-bao-chi", "--base-iri", "https://other.example/"]
    )
    assert b"<https://other.example/id/agency/cuc-bao-chi>" in given.stdout_bytes, "an explicit base still wins"


def test_serve_with_workers_answers_from_processes_that_see_each_load(tmp_path: Path) -> None:
    """``--workers 2``: two server processes under one parent, the store seeded once before they start, and a
    load next to them seen by every process on its next request (each checks the version on disk)."""
    with serving(tmp_path, "--workers", "2") as served:
        assert len(server_processes(served.process.pid)) == 2
        with httpx.Client(base_url=served.base) as client:  # a new connection per request: both processes answer
            assert {client.get("/healthz", headers={"Connection": "close"}).json()["version"] for _ in range(20)} == {1}
            table = tmp_path / "phu-luc.csv"
            table.write_text("STT,Nhiệm vụ,Đơn vị chủ trì\n1,Rà soát,Cục Báo chí\n", encoding="utf-8")
            plan = ["--plan", "ke-hoach-hanh-dong-781", "--doc", "781/QĐ-BTTTT", "--data-dir", str(tmp_path)]
            loaded = subprocess.run(
                [str(STRATAGRAPH), "load", str(table), *plan], capture_output=True, text=True, timeout=120, check=False
            )
            assert loaded.returncode == 0, loaded.stdout + loaded.stderr
            query = {"query": '{ task(id: "task/ke-hoach-hanh-dong-781-1") { name } }'}
            answers = [client.post("/graphql", json=query, headers={"Connection": "close"}).json() for _ in range(20)]
            assert all(answer == {"data": {"task": {"name": "Rà soát"}}} for answer in answers), answers
    assert "2 server processes" in served.output
    assert served.output.count("Application startup complete") == 2


def test_serve_with_workers_passes_its_options_to_the_processes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    from stratagraph.http import processes

    calls: list[tuple[uvicorn.Config, int]] = []
    monkeypatch.setattr(processes, "serve_processes", lambda config, count: calls.append((config, count)) or 0)
    for name in ("STRATAGRAPH_STORE", "STRATAGRAPH_DATA_DIR", "STRATAGRAPH_DEBUG", "STRATAGRAPH_BASE_IRI"):
        monkeypatch.setenv(name, "")  # unset for the settings; restored after the test (serve sets them)
    args = [
        "serve",
        "--workers",
        "3",
        "--data-dir",
        str(tmp_path),
        "--debug",
        "--base-iri",
        "https://data.example.org/",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ((config, count),) = calls
    assert (config.app, config.factory, count) == ("stratagraph.http.served:app", True, 3)
    assert config.http == "stratagraph.http.served:Protocol"
    assert os.environ["STRATAGRAPH_DATA_DIR"] == str(tmp_path)
    assert (os.environ["STRATAGRAPH_DEBUG"], os.environ["STRATAGRAPH_BASE_IRI"]) == (
        "true",
        "https://data.example.org/",
    )
    assert (tmp_path / "stratagraph.sqlite3").exists()  # seeded once, before the processes start


def test_serve_says_in_one_line_that_the_data_folder_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder\n")
    result = CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path / "a-file" / "data"), "--port", "8123"])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: cannot write {tmp_path / 'a-file' / 'data'}: Not a directory"


def test_serve_with_workers_says_in_one_line_that_the_store_cannot_be_opened(tmp_path: Path) -> None:
    (tmp_path / "stratagraph.sqlite3").mkdir()  # where the store's file should be
    result = CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path), "--workers", "2", "--port", "8123"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: embedded store "), line
    assert "stratagraph.sqlite3: opening failed" in line
