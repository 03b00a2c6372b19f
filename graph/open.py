"""Choose and construct a store by name: what the CLI and the HTTP layer call.

``open_store`` only *constructs* the store (it is synchronous, ``Store.open``
is not); callers ``await store.open()`` before use and ``await store.close()``
after.

Where the embedded store lives is a setting (``stratagraph.settings``), read once
at the edge; here it is an option. The path is made absolute when the store is
constructed, so a later ``chdir`` does not move the data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from stratagraph.graph.embedded import EmbeddedStore
from stratagraph.graph.store import Store
from stratagraph.model.errors import InputError

KINDS: Final = ("embedded", "neo4j")


def open_store(kind: str = "embedded", **options: object) -> Store:
    """A new, not yet opened store of ``kind``.

    Options of ``embedded``: ``path`` (its file; required) and
    ``busy_timeout`` (seconds a write waits for another process's write).
    Options of ``neo4j``: ``uri`` (required), ``user``, ``password``, ``database``,
    ``connect_timeout`` and ``retry_seconds`` (see ``graph.neo4j.Neo4jConfig``).
    Unknown kinds and options raise ``InputError``, so a typo in a command-line
    flag is reported rather than ignored.
    """
    if kind == "embedded":
        return _embedded(dict(options))
    if kind == "neo4j":
        # Imported here: the driver is only loaded by those who use Neo4j.
        from stratagraph.graph.neo4j import Neo4jConfig, Neo4jStore

        return Neo4jStore(Neo4jConfig.from_options(options))
    raise InputError(f"unknown store kind {kind!r}; known kinds: {', '.join(KINDS)}")


def _embedded(options: dict[str, object]) -> EmbeddedStore:
    path = options.pop("path", None)
    busy_timeout = options.pop("busy_timeout", 10.0)
    if options:
        raise InputError(f"unknown option(s) for the embedded store: {', '.join(sorted(options))}")
    if path is None:
        raise InputError("the embedded store needs a path: its SQLite file")
    if not isinstance(path, str | os.PathLike):
        raise InputError(f"embedded store path must be a path, not {path!r}")
    if not isinstance(busy_timeout, int | float) or isinstance(busy_timeout, bool):
        raise InputError(f"busy_timeout must be a number of seconds, not {busy_timeout!r}")
    return EmbeddedStore(Path(path).absolute(), busy_timeout=float(busy_timeout))
