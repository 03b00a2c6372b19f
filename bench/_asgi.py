"""An in-process GraphQL POST as an ASGI scope: what the in-process benchmarks send the app directly."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp


def graphql_post(app: ASGIApp, body: bytes, *extra: tuple[bytes, bytes]) -> dict[str, Any]:
    """The scope of ``POST /graphql`` with a JSON ``body`` from a loopback client; ``extra`` headers appended."""
    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"content-type", b"application/json"),
        (b"accept", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "app": app,
    }
