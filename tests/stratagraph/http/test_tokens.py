"""Bearer tokens: issued once, kept as a hash, listed without secrets, revoked; refused failures slowed."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stratagraph.cli import main
from stratagraph.http.auth import WINDOW, FailureLimiter
from stratagraph.model.access import Role
from stratagraph.model.errors import UnauthenticatedError
from stratagraph.tokens import TokenStore


@pytest.fixture
def data_dir(tmp_path: Path, write_template: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(write_template, target)
    return target


def test_create_prints_the_token_once_and_keeps_only_its_hash(data_dir: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(
        main,
        [
            "token",
            "create",
            "--agency",
            "CBC",
            "--role",
            "reporter",
            "--name",
            "Phòng Báo in",
            "--data-dir",
            str(data_dir),
        ],
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("sgt_")
    caller = TokenStore(data_dir / "tokens.sqlite3").check(token)
    assert (caller.agency, caller.role, caller.name) == ("agency/cuc-bao-chi", Role.REPORTER, "Phòng Báo in")
    secret = token.removeprefix("sgt_").split("_", 1)[1]
    stored = (data_dir / "tokens.sqlite3").read_bytes()
    assert secret.encode() not in stored
    assert hashlib.sha256(secret.encode()).digest() in stored
    listed = runner.invoke(main, ["token", "list", "--data-dir", str(data_dir)])
    assert caller.token_id in listed.stdout
    assert secret not in listed.stdout
    assert "active" in listed.stdout
    revoked = runner.invoke(main, ["token", "revoke", caller.token_id, "--data-dir", str(data_dir)])
    assert revoked.exit_code == 0, revoked.output
    with pytest.raises(UnauthenticatedError, match="revoked"):
        TokenStore(data_dir / "tokens.sqlite3").check(token)
    assert "revoked" in runner.invoke(main, ["token", "list", "--data-dir", str(data_dir)]).stdout


def test_a_token_can_be_made_before_the_first_serve(tmp_path: Path) -> None:
    """A new machine: the store is still empty, and ``token create`` finds the agency the first ``serve`` loads."""
    fresh = tmp_path / "fresh"
    options = ["--agency", "Cục Báo chí", "--role", "coordinator", "--name", "Lãnh đạo CBC", "--data-dir", str(fresh)]
    made = CliRunner().invoke(main, ["token", "create", *options])
    assert made.exit_code == 0, made.output
    caller = TokenStore(fresh / "tokens.sqlite3").check(made.stdout.strip())
    assert (caller.agency, caller.role) == ("agency/cuc-bao-chi", Role.COORDINATOR)


def test_an_unknown_agency_gets_no_token(data_dir: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["token", "create", "--agency", "Cục Không Có", "--role", "admin", "--name", "x", "--data-dir", str(data_dir)],
    )
    assert result.exit_code == 1
    assert "no agency 'Cục Không Có'" in result.output
    assert TokenStore(data_dir / "tokens.sqlite3").list() == []


def test_an_expired_token_is_refused_from_the_day_after(tmp_path: Path) -> None:
    tokens = TokenStore(tmp_path / "tokens.sqlite3")
    token, _ = tokens.create("x", "agency/a", Role.ADMIN, dt.date(2026, 1, 31))
    assert tokens.check(token, today=dt.date(2026, 1, 31)).agency == "agency/a"
    with pytest.raises(UnauthenticatedError, match="expired on 2026-01-31"):
        tokens.check(token, today=dt.date(2026, 2, 1))


@pytest.mark.parametrize("wrong", ["", "sgt_", "sgt_0123456789abcdef_", "Bearer x", "sgt_0123456789abcdef_abc"])
def test_malformed_and_unknown_tokens_are_refused_alike(tmp_path: Path, wrong: str) -> None:
    tokens = TokenStore(tmp_path / "tokens.sqlite3")
    tokens.create("x", "agency/a", Role.ADMIN)
    with pytest.raises(UnauthenticatedError, match="not valid"):
        tokens.check(wrong)


def test_the_failure_table_is_bounded_and_forgets_after_the_window() -> None:
    now = [0.0]
    limiter = FailureLimiter(limit=2, clients=100, clock=lambda: now[0])
    for index in range(1000):
        limiter.failed(f"10.0.{index // 256}.{index % 256}")
    assert len(limiter) == 100
    limiter.failed("client")
    assert limiter.retry_after("client") is None
    limiter.failed("client")
    assert limiter.retry_after("client") == int(WINDOW)
    now[0] = WINDOW + 1
    assert limiter.retry_after("client") is None
