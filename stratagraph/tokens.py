"""Bearer tokens for writes: issued to one agency with one role, kept only as a hash.

A token is ``sgt_<id>_<secret>``: ``id`` (8 random bytes, hex) names the row and is
shown by ``token list``; ``secret`` is 32 random bytes from ``secrets`` (URL-safe
base64). Only the SHA-256 of the secret is stored. A slow password hash (bcrypt,
scrypt, Argon2) exists to make guessing *low-entropy* passwords from a stolen hash
expensive; a 256-bit random secret cannot be guessed whatever the hash costs, so a
fast hash loses nothing and keeps every request's check in microseconds. The row is
found by its id and the digest compared with ``hmac.compare_digest`` (constant time),
so the time of an answer says nothing about how much of a secret was right.

The tokens live in their own SQLite file beside the store's data (``STRATAGRAPH_TOKENS_FILE``,
default ``<data dir>/tokens.sqlite3``), never in the graph: no export, SPARQL result or
GraphQL answer can contain them or their hashes. The full token is returned once, by
``create``, and printed once by the command line; nothing logs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from stratagraph.model.access import Caller, Role
from stratagraph.model.errors import TokenStoreError, UnauthenticatedError

PREFIX: Final = "sgt_"
FORMAT: Final = 1

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    digest BLOB NOT NULL,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    role TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT,
    revoked TEXT
)
"""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as ``token list`` shows it: everything but the secret and its hash."""

    id: str
    name: str
    agency: str
    role: Role
    created: str
    expires: str | None
    revoked: str | None

    def state(self, today: dt.date) -> str:
        if self.revoked:
            return "revoked"
        if self.expires and self.expires < today.isoformat():
            return "expired"
        return "active"


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def _split(token: str) -> tuple[str, str] | None:
    if not token.startswith(PREFIX):
        return None
    token_id, sep, secret = token[len(PREFIX) :].partition("_")
    if not sep or len(token_id) != 16 or not secret:
        return None
    return token_id, secret


class TokenStore:
    """The token file: ``create``, ``list``, ``revoke`` for the command line, ``check`` for each request.

    Each call opens its own short connection, so the command line and a running server
    may use the file at once (a revocation is seen by the next request).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            conn = sqlite3.connect(":memory:")
            conn.execute(_SCHEMA)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute(_SCHEMA)
            except (OSError, sqlite3.Error) as error:
                raise TokenStoreError(f"token file {self.path}: cannot open it: {error}") from error
        try:
            yield conn
        except sqlite3.Error as error:
            raise TokenStoreError(f"token file {self.path}: {error}") from error
        finally:
            conn.close()

    def create(self, name: str, agency: str, role: Role, expires: dt.date | None = None) -> tuple[str, TokenInfo]:
        """A new token: the full token (shown once, stored nowhere) and what is kept of it."""
        if not name.strip():
            raise TokenStoreError("a token needs a --name saying who holds it")
        token_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        until = expires.isoformat() if expires else None
        info = TokenInfo(token_id, name.strip(), agency, Role(role), created, until, None)
        with self._connect(write=True) as conn:
            conn.execute(
                "INSERT INTO tokens (id, digest, name, agency, role, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token_id, _digest(secret), info.name, agency, info.role.value, created, info.expires),
            )
        return f"{PREFIX}{token_id}_{secret}", info

    def list(self) -> list[TokenInfo]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, name, agency, role, created, expires, revoked FROM tokens ORDER BY created, id"
            ).fetchall()
        return [TokenInfo(r[0], r[1], r[2], Role(r[3]), r[4], r[5], r[6]) for r in rows]

    def revoke(self, token_id: str) -> TokenInfo:
        """Revoke the token ``token_id`` (its id as listed, or the whole token); revoking twice is harmless."""
        parts = _split(token_id)
        wanted = parts[0] if parts else token_id
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._connect(write=True) as conn:
            conn.execute("UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", (now, wanted))
        found = [info for info in self.list() if info.id == wanted]
        if not found:
            raise TokenStoreError(f"no token with id {wanted!r}: `stratagraph token list` shows the ids")
        return found[0]

    def check(self, token: str, today: dt.date | None = None) -> Caller:
        """The caller ``token`` stands for; ``UnauthenticatedError`` (never saying which part was wrong
        beyond unknown / expired / revoked) for any other."""
        parts = _split(token)
        digest = _digest(parts[1] if parts else token)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT digest, name, agency, role, expires, revoked FROM tokens WHERE id = ?",
                (parts[0] if parts else "",),
            ).fetchone()
        stored = bytes(row[0]) if row else _digest("")  # compare anyway: the same work for unknown ids
        if not hmac.compare_digest(stored, digest) or row is None or parts is None:
            raise UnauthenticatedError("the bearer token is not valid: ask for a token (`stratagraph token create`)")
        _, name, agency, role, expires, revoked = row
        if revoked:
            raise UnauthenticatedError("the bearer token was revoked")
        if expires and expires < (today or dt.date.today()).isoformat():
            raise UnauthenticatedError(f"the bearer token expired on {expires}")
        return Caller(parts[0], name, agency, Role(role))
