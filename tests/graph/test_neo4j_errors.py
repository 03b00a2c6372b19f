"""Driver errors become the project's errors, each one line that says where and what.

The server errors are built the way the driver builds them from a server's
failure message (``Neo4jError._hydrate_neo4j``), with the codes Neo4j sends.
"""

from __future__ import annotations

import pytest
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from stratagraph.graph.neo4j.errors import Where, one_line, translate
from stratagraph.model.errors import StoreConflictError, StoreError, StoreUnavailableError

WHERE = Where("neo4j+s://admin:s3cret@db.example.gov.vn:7687", "stratagraph", "kehoach")


def server_error(code: str, message: str) -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message=message)


def test_the_uri_shown_has_no_credentials() -> None:
    assert WHERE.server == "neo4j+s://db.example.gov.vn:7687"
    assert Where("bolt://localhost:7687", "neo4j", None).server == "bolt://localhost:7687"


@pytest.mark.parametrize(
    ("error", "kind", "start"),
    [
        (
            ServiceUnavailable(
                "Couldn't connect to db:7687 (resolved to ('10.0.0.1:7687',)):\nFailed (reason refused)"
            ),
            StoreUnavailableError,
            "cannot reach Neo4j at neo4j+s://db.example.gov.vn:7687: Couldn't connect to db:7687",
        ),
        (
            SessionExpired("Failed to read from defunct connection"),
            StoreUnavailableError,
            "cannot reach Neo4j at neo4j+s://db.example.gov.vn:7687: Failed to read",
        ),
        (
            server_error(
                "Neo.ClientError.Security.Unauthorized", "The client is unauthorized due to authentication failure."
            ),
            StoreUnavailableError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687 refused the credentials of user 'stratagraph' "
            "(Neo.ClientError.Security.Unauthorized: The client is unauthorized",
        ),
        (
            server_error("Neo.ClientError.Security.Forbidden", "Schema operations are not allowed for user."),
            StoreUnavailableError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687 does not allow user 'stratagraph' creating things in 'kehoach'",
        ),
        (
            server_error(
                "Neo.ClientError.Database.DatabaseNotFound", "Database does not exist. Database name: 'kehoach'."
            ),
            StoreUnavailableError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687 cannot serve 'kehoach'",
        ),
        (
            server_error("Neo.TransientError.General.DatabaseUnavailable", "Database 'kehoach' is unavailable."),
            StoreUnavailableError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687 cannot serve 'kehoach'",
        ),
        (
            server_error(
                "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(1) already exists with label `Entity`"
            ),
            StoreConflictError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687: creating things refused, nothing written",
        ),
        (
            server_error("Neo.TransientError.Transaction.DeadlockDetected", "ForsetiClient can't acquire lock"),
            StoreError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687: creating things failed for now, try again",
        ),
        (
            server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input 'MATC'"),
            StoreError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687: creating things failed: Neo.ClientError.Statement.SyntaxError",
        ),
        (DriverError("Driver closed"), StoreError, "Neo4j at neo4j+s://db.example.gov.vn:7687: creating things failed"),
        (
            IncompleteCommit("Connection lost during commit"),
            StoreUnavailableError,
            "lost Neo4j at neo4j+s://db.example.gov.vn:7687 while committing (Connection lost during commit): "
            "creating things may or may not have been applied",
        ),
        (
            ConnectionAcquisitionTimeoutError("failed to obtain a connection from the pool within 60s"),
            StoreUnavailableError,
            "cannot reach Neo4j at neo4j+s://db.example.gov.vn:7687: failed to obtain a connection",
        ),
        (
            server_error(
                "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", "Writing in read access mode not allowed."
            ),
            StoreUnavailableError,
            "Neo4j at neo4j+s://db.example.gov.vn:7687 serves 'kehoach' read-only",
        ),
    ],
    ids=[
        "unreachable",
        "session-expired",
        "unauthenticated",
        "forbidden",
        "no-such-database",
        "database-unavailable",
        "constraint",
        "transient",
        "syntax",
        "driver",
        "incomplete-commit",
        "pool-exhausted",
        "read-only",
    ],
)
def test_each_driver_error_becomes_one_clear_line(error: Exception, kind: type[StoreError], start: str) -> None:
    translated = translate(error, WHERE, "creating things")
    assert type(translated) is kind
    text = str(translated)
    assert text.startswith(start)
    assert "\n" not in text
    assert "s3cret" not in text
    assert "admin" not in text


def test_an_auth_error_says_what_to_check() -> None:
    error = server_error("Neo.ClientError.Security.Unauthorized", "The client is unauthorized.")
    assert isinstance(error, AuthError)
    assert str(translate(error, WHERE, "connecting")).endswith("check NEO4J_USER and NEO4J_PASSWORD")


def test_one_line() -> None:
    assert one_line("a\n  b\n\nc ") == "a b c"
    assert one_line("") == "no details"
