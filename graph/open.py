"""Choose and construct a store by name: what the CLI and the HTTP layer call.

``open_store`` only *constructs* the store (it is synchronous, ``Store.open``
is not); callers ``await store.open()`` before use and ``await store.close()``
after.

Where the embedded store lives by default: ``$STRATAGRAPH_DATA_DIR/stratagraph.sqlite3``
when that variable is set and not empty, else ``var/stratagraph.sqlite3`` under
the working directory (``make serve`` runs from the repository root, whose
``/var/`` is ignored by git). The path is made absolute when the store is
constructed, so a later ``chdir`` does not move the data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from graph.embedded import EmbeddedStore
from graph.store import Store
from stratagraph.errors import InputError

KINDS: Final = ("embedded", "neo4j")
DATA_DIR_ENV: Final = "STRATAGRAPH_DATA_DIR"
DEFAULT_FILE: Final = "stratagraph.sqlite3"


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """The embedded store's file when none is given (see the module docstring)."""
    env = os.environ if environ is None else environ
    directory = env.get(DATA_DIR_ENV, "")
    return (Path(directory) if directory else Path("var")).absolute() / DEFAULT_FILE


def open_store(kind: str = "embedded", **options: object) -> Store:
    """A new, not yet opened store of ``kind``.

    Options of ``embedded``: ``path`` (file; default ``default_path()``) and
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
        from graph.neo4j import Neo4jConfig, Neo4jStore

        return Neo4jStore(Neo4jConfig.from_options(options))
    raise InputError(f"unknown store kind {kind!r}; known kinds: {', '.join(KINDS)}")


def _embedded(options: dict[str, object]) -> EmbeddedStore:
    path = options.pop("path", None)
    busy_timeout = options.pop("busy_timeout", 10.0)
    if options:
        raise InputError(f"unknown option(s) for the embedded store: {', '.join(sorted(options))}")
    if path is not None and not isinstance(path, str | os.PathLike):
        raise InputError(f"embedded store path must be a path, not {path!r}")
    if not isinstance(busy_timeout, int | float) or isinstance(busy_timeout, bool):
        raise InputError(f"busy_timeout must be a number of seconds, not {busy_timeout!r}")
    file = Path(path).absolute() if path is not None else default_path()
    return EmbeddedStore(file, busy_timeout=float(busy_timeout))
