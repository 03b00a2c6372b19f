"""A real server for the RDF and SPARQL tests: the app on uvicorn on a free loopback port.

Like ``conftest.live_server`` (both configured as ``stratagraph serve`` configures
uvicorn), but with settings of the test's choosing (a short
SPARQL time limit) and the data folder known, so a test can write to the store
through a second instance, as ``stratagraph load`` does next to a running server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from stratagraph.http.app import create_app
from stratagraph.http.server import server_options
from stratagraph.settings import Settings


@contextmanager
def serve(data_dir: Path, **settings: Any) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of the app, seeded with the bundled dataset, for the block."""
    options = {"store": "embedded", "data_dir": data_dir, "debug": False, **settings}
    chosen = Settings.from_env().with_changes(**options)
    app = create_app(chosen)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", **server_options(chosen))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start (see the log above)")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
