"""Driver errors as the project's errors: translated here, at the one boundary that meets them.

Each message is one line that says where (the URI, without credentials), what
the store was doing and what Neo4j said, because the command line prints it as
it is and GraphQL clients see it verbatim (``StoreError`` is an expected error).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConnectionPoolError,
    ConstraintError,
    CypherTypeError,
    DatabaseUnavailable,
    DriverError,
    Forbidden,
    ForbiddenOnReadOnlyDatabase,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from stratagraph.model.errors import StoreConflictError, StoreError, StoreUnavailableError

_DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
_UNKNOWN_CODE = "Neo.DatabaseError.General.UnknownError"
"""What the driver puts in ``code`` of an error it made itself rather than received."""


@dataclass(frozen=True, slots=True)
class Where:
    """What an error message names: the server, the user and the database (never the password)."""

    uri: str
    user: str
    database: str | None

    @property
    def server(self) -> str:
        """The URI without any user or password in it."""
        parts = urlsplit(self.uri)
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))

    @property
    def database_name(self) -> str:
        return repr(self.database) if self.database else "the default database"


def one_line(text: str) -> str:
    """``text`` with its lines joined, so a log or a terminal shows one line per error."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip()) or "no details"


def translate(error: Exception, where: Where, doing: str) -> StoreError:
    """The project's error for a driver ``error`` met while ``doing`` something."""
    said = one_line(_message(error))
    if isinstance(error, AuthError):
        return StoreUnavailableError(
            f"Neo4j at {where.server} refused the credentials of user {where.user!r} ({said}); "
            "check NEO4J_USER and NEO4J_PASSWORD"
        )
    if isinstance(error, IncompleteCommit):
        return StoreUnavailableError(
            f"lost Neo4j at {where.server} while committing ({said}): {doing} may or may not have "
            "been applied; compare the data version before writing again"
        )
    if isinstance(error, ServiceUnavailable | SessionExpired | ConnectionPoolError):
        return StoreUnavailableError(f"cannot reach Neo4j at {where.server}: {said}")
    if isinstance(error, ConfigurationError):
        return StoreUnavailableError(f"cannot use Neo4j at {where.server}: {said}")
    if isinstance(error, ForbiddenOnReadOnlyDatabase):
        return StoreUnavailableError(f"Neo4j at {where.server} serves {where.database_name} read-only: {said}")
    if isinstance(error, Forbidden):
        return StoreUnavailableError(
            f"Neo4j at {where.server} does not allow user {where.user!r} {doing} in {where.database_name}: {said}"
        )
    if isinstance(error, DatabaseUnavailable) or getattr(error, "code", None) == _DATABASE_NOT_FOUND:
        return StoreUnavailableError(
            f"Neo4j at {where.server} cannot serve {where.database_name} ({said}); check NEO4J_DATABASE"
        )
    if isinstance(error, ConstraintError | CypherTypeError):
        return StoreConflictError(f"Neo4j at {where.server}: {doing} refused, nothing written: {said}")
    if isinstance(error, TransientError):
        return StoreError(f"Neo4j at {where.server}: {doing} failed for now, try again: {said}")
    if isinstance(error, ClientError | Neo4jError | DriverError):
        return StoreError(f"Neo4j at {where.server}: {doing} failed: {said}")
    return StoreError(f"Neo4j at {where.server}: {doing} failed: {type(error).__name__}: {said}")


def _message(error: Exception) -> str:
    """The server's code and message; for an error the driver raised itself, its text."""
    if isinstance(error, Neo4jError) and error.code and error.code != _UNKNOWN_CODE:
        return f"{error.code}: {error.message}"
    return str(error) or type(error).__name__
