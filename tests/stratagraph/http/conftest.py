"""Real servers for the HTTP tests: the app on uvicorn on a free loopback port.

``live_server`` runs ``create_app`` with the bundled dataset seeded into a
fresh embedded store, in a background thread, for the whole module; tests
talk to it over real sockets (the audit suite from Node, the browser).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from stratagraph.http.app import create_app
from stratagraph.http.server import server_options
from stratagraph.settings import Settings
from tests.stratagraph.http.writes_app import load_template


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of the app served by uvicorn."""
    data_dir = tmp_path_factory.mktemp("store")
    settings = Settings.from_env().with_changes(store="embedded", data_dir=data_dir, debug=False)
    app = create_app(settings)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", **server_options(settings)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start (see the log above)")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def write_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder loaded with the bundled dataset once; write tests copy it (``writes_app``)."""
    return load_template(tmp_path_factory.mktemp("template"))
