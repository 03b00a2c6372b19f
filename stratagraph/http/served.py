"""The app as the processes of ``stratagraph serve --workers N`` import it.

uvicorn starts each worker process from import strings (``stratagraph.http.served:app``
and ``:Protocol``), so each builds the app and the guarded protocol from the environment,
which ``serve`` sets from its options first (``Settings.environment``). Each process holds
its own copy of the graph, its own caches and its own SPARQL workers; they share the store
on disk, whose version every request checks (``graph/embedded.py``, "Several processes"),
so a write through one process is seen by the others on their next request.
"""

from __future__ import annotations

from starlette.applications import Starlette

from stratagraph.http.app import create_app
from stratagraph.http.server import guarded
from stratagraph.settings import Settings

__all__ = ["Protocol", "app"]

SETTINGS = Settings.from_env()
Protocol = guarded(SETTINGS)
"""uvicorn's HTTP protocol with this deployment's bounds (``http/server.py``)."""


def app() -> Starlette:
    """The app of one worker process (uvicorn calls it: ``factory=True``)."""
    return create_app(SETTINGS)
