"""Settings from the environment, read once at the edge (CLI and HTTP start-up)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from loaders.limits import DEFAULT_MAX_INPUT_MB
from schema.cost import DEFAULT_MAX_COST
from stratagraph.errors import ConfigError

REPOSITORY = Path(__file__).resolve().parent.parent
BUNDLED_DATASET = REPOSITORY / "data"
DEFAULT_BASE_IRI = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class Settings:
    store: str
    data_dir: Path
    base_iri: str
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str | None
    debug: bool
    sparql_timeout: float = 10.0
    """Seconds a SPARQL query may run before its worker is stopped (``STRATAGRAPH_SPARQL_TIMEOUT``)."""
    sparql_workers: int = 2
    """SPARQL queries run at once, each in its own process (``STRATAGRAPH_SPARQL_WORKERS``)."""
    sparql_memory_mb: int = 1024
    """MiB a SPARQL query may use in its worker beyond the loaded graph (``STRATAGRAPH_SPARQL_MEMORY_MB``)."""
    max_connections: int = 1000
    """Connections served at once; more are closed at once (``STRATAGRAPH_MAX_CONNECTIONS``)."""
    header_timeout: float = 10.0
    """Seconds a client has to send a request's line and headers (``STRATAGRAPH_HEADER_TIMEOUT``)."""
    response_cache_mb: int = 64
    """MiB of GraphQL answers remembered per data version; 0 turns it off (``STRATAGRAPH_RESPONSE_CACHE_MB``)."""
    max_input_mb: float = DEFAULT_MAX_INPUT_MB
    """MiB of files one ``validate`` or ``load`` reads at most (``STRATAGRAPH_MAX_INPUT_MB``; ``loaders.limits``)."""
    graphql_max_cost: int = DEFAULT_MAX_COST
    """What one GraphQL operation may cost before it runs (``STRATAGRAPH_GRAPHQL_MAX_COST``; see ``schema.cost``)."""
    graphql_timeout: float = 10.0
    """Seconds one GraphQL request may run before it is stopped with an error (``STRATAGRAPH_GRAPHQL_TIMEOUT``)."""
    introspection: bool = True
    """GraphQL introspection (``STRATAGRAPH_INTROSPECTION``; the playground needs it)."""
    field_suggestions: bool = True
    """GraphQL validation errors name the field meant (``STRATAGRAPH_FIELD_SUGGESTIONS``)."""
    playground: bool = True
    """GraphiQL at ``/graphql`` for browsers (``STRATAGRAPH_PLAYGROUND``)."""
    graphql_get: bool = True
    """GraphQL queries by GET as well as POST (``STRATAGRAPH_GRAPHQL_GET``)."""
    cors_origins: tuple[str, ...] = ("*",)
    """Web origins whose pages may call the service (``STRATAGRAPH_CORS_ORIGINS``, comma-separated; empty: none).

    Everything served is public and read-only, and no request carries credentials, so
    any page may read it by default, as public SPARQL endpoints allow (YASGUI, notebooks).
    """

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        base = env.get("STRATAGRAPH_BASE_IRI", DEFAULT_BASE_IRI)
        return cls(
            store=env.get("STRATAGRAPH_STORE", "embedded"),
            data_dir=Path(env.get("STRATAGRAPH_DATA_DIR", "var")),
            base_iri=base if base.endswith("/") else base + "/",
            neo4j_uri=env.get("NEO4J_URI"),
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE"),
            debug=_flag(env, "STRATAGRAPH_DEBUG", False),
            introspection=_flag(env, "STRATAGRAPH_INTROSPECTION", True),
            field_suggestions=_flag(env, "STRATAGRAPH_FIELD_SUGGESTIONS", True),
            playground=_flag(env, "STRATAGRAPH_PLAYGROUND", True),
            graphql_get=_flag(env, "STRATAGRAPH_GRAPHQL_GET", True),
            sparql_timeout=float(env.get("STRATAGRAPH_SPARQL_TIMEOUT", "10")),
            sparql_workers=int(env.get("STRATAGRAPH_SPARQL_WORKERS", "2")),
            sparql_memory_mb=int(env.get("STRATAGRAPH_SPARQL_MEMORY_MB", "1024")),
            max_connections=int(env.get("STRATAGRAPH_MAX_CONNECTIONS", "1000")),
            header_timeout=float(env.get("STRATAGRAPH_HEADER_TIMEOUT", "10")),
            response_cache_mb=int(env.get("STRATAGRAPH_RESPONSE_CACHE_MB", "64")),
            max_input_mb=_positive(
                "STRATAGRAPH_MAX_INPUT_MB", env.get("STRATAGRAPH_MAX_INPUT_MB", str(DEFAULT_MAX_INPUT_MB))
            ),
            graphql_max_cost=int(env.get("STRATAGRAPH_GRAPHQL_MAX_COST", str(DEFAULT_MAX_COST))),
            graphql_timeout=float(env.get("STRATAGRAPH_GRAPHQL_TIMEOUT", "10")),
            cors_origins=tuple(o.strip() for o in env.get("STRATAGRAPH_CORS_ORIGINS", "*").split(",") if o.strip()),
        )

    @property
    def embedded_path(self) -> Path:
        return self.data_dir / "stratagraph.sqlite3"

    def store_options(self) -> dict[str, object]:
        """Keyword options for ``graph.open.open_store`` of this settings' store kind."""
        if self.store == "neo4j":
            return {
                "uri": self.neo4j_uri,
                "user": self.neo4j_user,
                "password": self.neo4j_password,
                "database": self.neo4j_database,
            }
        return {"path": self.embedded_path}


def _positive(name: str, text: str) -> float:
    """A setting that is a number above zero, or a ``ConfigError`` that names it."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"{name}={text!r}: give a number above zero")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """An on/off setting: empty, ``0``, ``false``, ``off`` or ``no`` is off; any other value is on."""
    value = env.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("", "0", "false", "off", "no")
