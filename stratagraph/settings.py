"""Settings, read from the environment and checked in one place (CLI and HTTP start-up).

Every setting is ``STRATAGRAPH_<NAME>`` (the Neo4j connection keeps the driver's
usual ``NEO4J_*`` names); an empty variable counts as unset, but for
``STRATAGRAPH_CORS_ORIGINS``, where it means no origin. A value that cannot be
used is a ``ConfigError`` naming the variable, the value and what it accepts, one
line each, never a traceback. The command line's options are applied over the
environment's values (``with_changes``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from stratagraph.loaders.limits import DEFAULT_MAX_INPUT_MB
from stratagraph.model.errors import ConfigError
from stratagraph.schema.cost import DEFAULT_MAX_COST

PACKAGE = Path(__file__).resolve().parent
"""The installed package: the bundled dataset and the web assets are found beside its modules."""
BUNDLED_DATASET = PACKAGE / "dataset"
REPOSITORY = PACKAGE.parent
"""The source checkout holding the package (tests, benchmarks and the schema file live there)."""
DEFAULT_BASE_IRI = "http://127.0.0.1:8000/"
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
"""The curated dataset's licence unless a deployment states its own: reuse with attribution, as open government
data is commonly published (the legal texts it cites are not under copyright in Viet Nam)."""
PREFIX = "STRATAGRAPH_"


class Settings(BaseSettings):
    """What a deployment may set; each field's description names its variable's meaning."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, extra="ignore", populate_by_name=True)

    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Field(Path("var"), description="the embedded store's folder")
    base_iri: str = Field(DEFAULT_BASE_IRI, description="where the service is published: IRIs are minted under it")
    neo4j_uri: str | None = Field(None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: str = Field("", validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str | None = Field(None, validation_alias=AliasChoices("NEO4J_DATABASE"))
    license: str = Field(DEFAULT_LICENSE, description="IRI of the dataset's licence (VoID's dcterms:license)")
    publisher: str | None = Field(None, description="IRI of who publishes the dataset; default: the base IRI")
    publisher_name: str = Field("stratagraph", min_length=1, description="the publisher's name (foaf:name)")
    debug: bool = False
    sparql_timeout: float = Field(10.0, gt=0, description="seconds a SPARQL query may run")
    sparql_workers: int = Field(2, ge=1, description="SPARQL queries run at once, each in its own process")
    sparql_memory_mb: int = Field(1024, ge=64, description="MiB a SPARQL query may use beyond the loaded graph")
    workers: int = Field(1, ge=1, le=64, description="server processes, each with its graph, caches, SPARQL workers")
    max_connections: int = Field(1000, ge=1, description="connections served at once")
    header_timeout: float = Field(10.0, gt=0, description="seconds a client has to send its request line and headers")
    active_requests: int = Field(8, ge=1, description="requests worked on at once; the others wait in arrival order")
    queue_timeout: float = Field(30.0, gt=0, description="seconds a request may wait for its turn, then 503")
    response_cache_mb: int = Field(64, ge=0, description="MiB of GraphQL answers remembered per data version")
    max_input_mb: float = Field(DEFAULT_MAX_INPUT_MB, gt=0, allow_inf_nan=False, description="MiB one load reads")
    graphql_max_cost: int = Field(DEFAULT_MAX_COST, ge=1, description="what one GraphQL operation may cost")
    graphql_timeout: float = Field(10.0, gt=0, description="seconds one GraphQL request may run")
    introspection: bool = True
    field_suggestions: bool = True
    playground: bool = True
    graphql_get: bool = True
    access_log: bool = False
    tokens_file: Path | None = Field(None, description="the bearer tokens' file (default: <data dir>/tokens.sqlite3)")
    auth_failures: int = Field(10, ge=1, description="failed token checks a client may make a minute, then 429")
    auth_clients: int = Field(10_000, ge=1, description="clients whose failed token checks are remembered")
    write_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="origins whose pages may send writes (a bearer token), comma-separated; none by default"
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        ("*",), description="origins whose pages may call the service, comma-separated"
    )
    """Everything served is public and read-only, and no request carries credentials, so any
    page may read it by default, as public SPARQL endpoints allow (YASGUI, notebooks)."""

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unset(cls, data: Any) -> Any:
        """An empty variable is as if unset, but for the origins, where empty means none."""
        if not isinstance(data, dict):
            return data
        return {name: value for name, value in data.items() if value != "" or name in ("cors_origins", "write_origins")}

    @field_validator("base_iri")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("license", "publisher")
    @classmethod
    def _absolute_iri(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith(("http://", "https://")) or any(c in value for c in ' <>"')):
            raise ValueError("give an absolute http(s) IRI, without spaces, such as https://example.gov.vn/")
        return value

    @field_validator("cors_origins", "write_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return tuple(o.strip() for o in value.split(",") if o.strip()) if isinstance(value, str) else value

    @classmethod
    def from_env(cls) -> Settings:
        """The environment's settings; a ``ConfigError`` listing every variable that cannot be used."""
        try:
            return cls()
        except ValidationError as error:
            raise ConfigError("; ".join(_explain(problem) for problem in error.errors())) from None

    def with_changes(self, **changes: Any) -> Settings:
        """These settings with some replaced (the command line's options), checked as the environment's are."""
        try:
            checked = type(self).model_validate({**self.model_dump(), **changes})
        except ValidationError as error:
            raise ConfigError("; ".join(_explain(problem, variable=False) for problem in error.errors())) from None
        return self.model_copy(update={name: getattr(checked, name) for name in changes})

    @property
    def dataset_publisher(self) -> str:
        """The publisher's IRI: the setting, or the service itself (its base IRI)."""
        return self.publisher or self.base_iri

    @property
    def embedded_path(self) -> Path:
        return self.data_dir / "stratagraph.sqlite3"

    @property
    def tokens_path(self) -> Path:
        """The bearer tokens' SQLite file: beside the store's data, never in the graph."""
        return self.tokens_file or self.data_dir / "tokens.sqlite3"

    def environment(self, *names: str) -> dict[str, str]:
        """The variables that give the settings ``names`` their values here: for processes that read their settings
        from the environment (``serve --workers``' processes) after the command line changed some."""
        found: dict[str, str] = {}
        for name in names:
            value = getattr(self, name)
            found[f"{PREFIX}{name.upper()}"] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return found

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


def _explain(problem: Any, *, variable: bool = True) -> str:
    """One line: the variable (or option), the value given, and what it accepts."""
    name = str(problem["loc"][0]) if problem["loc"] else "?"
    field = Settings.model_fields.get(name)
    aliases = field.validation_alias.choices if field and isinstance(field.validation_alias, AliasChoices) else []
    shown = str(aliases[0]) if aliases else f"{PREFIX}{name.upper()}" if variable else f"--{name.replace('_', '-')}"
    value = problem.get("input")
    return f"{shown}={value!r}: {problem['msg'].lower()}"
