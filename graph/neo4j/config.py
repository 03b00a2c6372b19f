"""How to reach a Neo4j server: checked when the store is constructed, before any connection."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlsplit

from stratagraph.model.errors import InputError

SCHEMES: Final = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""Bolt URIs: ``bolt`` for one server, ``neo4j`` for a cluster or Aura (routing); ``+s`` for TLS."""


@dataclass(frozen=True, slots=True)
class Neo4jConfig:
    """Where the server is, who we are, which database, and how long to wait.

    ``connect_timeout`` bounds opening one connection; ``retry_seconds`` is how
    long a read or write transaction is retried on errors Neo4j calls transient
    (a cluster electing a leader, a connection dropped mid-way) before the caller
    gets a ``StoreUnavailableError``.
    """

    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None
    connect_timeout: float = 10.0
    retry_seconds: float = 10.0

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Neo4jConfig:
        """The config of ``open_store("neo4j", **options)``; ``InputError`` for a missing or bad option."""
        given = dict(options)
        uri = _text("URI", given.pop("uri", None), "set NEO4J_URI (e.g. bolt://localhost:7687)")
        user = _text("user", given.pop("user", "neo4j"), "set NEO4J_USER")
        password = _text("password", given.pop("password", ""), "set NEO4J_PASSWORD", empty=True)
        database = given.pop("database", None)
        connect_timeout = _seconds("connect_timeout", given.pop("connect_timeout", 10.0))
        retry_seconds = _seconds("retry_seconds", given.pop("retry_seconds", 10.0))
        if given:
            raise InputError(f"unknown option(s) for the Neo4j store: {', '.join(sorted(given))}")
        if database is not None and not isinstance(database, str):
            raise InputError(f"the Neo4j database must be a name, not {database!r}")
        check_uri(uri)
        return cls(uri, user, password, database or None, connect_timeout, retry_seconds)


def _text(what: str, value: object, hint: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not value and not empty):
        shown = "missing" if not value else f"not a string ({type(value).__name__})"
        raise InputError(f"the Neo4j store's {what} is {shown}: {hint}")
    return value


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InputError(f"{name} must be a positive number of seconds, not {value!r}")
    return float(value)


def check_uri(uri: str) -> None:
    """``InputError`` unless ``uri`` is a Bolt URI with a host (the driver would fail later, less clearly)."""
    try:
        parts = urlsplit(uri)
        host = parts.hostname
    except ValueError as error:
        raise InputError(f"NEO4J_URI is not a URI ({error})") from None
    if parts.scheme not in SCHEMES or not host:
        shown = f"{parts.scheme}://{host or ''}" if parts.scheme else repr(uri.rpartition("@")[2])
        raise InputError(
            f"NEO4J_URI {shown} is not a Neo4j URI: use bolt://HOST:7687 for one server or neo4j://HOST "
            "for a cluster or Aura (neo4j+s:// with TLS)"
        )
