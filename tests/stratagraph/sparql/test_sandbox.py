"""The worker's walls, each in a real process of its own: no socket once walled in, memory capped.

The network test does not rely on the screen: pyoxigraph itself is asked to run a
SERVICE query against a loopback listener that records every connection it accepts.
"""

from __future__ import annotations

import subprocess
import sys

from tests.stratagraph.loopback import Listener

_SERVICE = """
import sys
from pyoxigraph import Store
{wall}
try:
    list(Store().query("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
except OSError as error:
    print("refused:", error)
"""


def run_service_query(port: int, wall: str) -> str:
    code = _SERVICE.format(port=port, wall=wall)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_unwalled_pyoxigraph_does_connect() -> None:
    """The danger is real: without the wall, pyoxigraph opens a connection to the SERVICE's address."""
    with Listener() as listener:
        run_service_query(listener.port, wall="")
    assert listener.connections >= 1


def test_a_walled_worker_cannot_connect() -> None:
    with Listener() as listener:
        out = run_service_query(
            listener.port, wall="from stratagraph.sparql.sandbox import forbid_network\nforbid_network()"
        )
    assert "refused:" in out
    assert listener.connections == 0


_MEMORY = """
from stratagraph.sparql.sandbox import address_space, cap_memory
cap = cap_memory(100 << 20)
assert cap - address_space() <= 100 << 20
small = bytearray(50 << 20)
try:
    big = bytearray(200 << 20)
except MemoryError:
    print("refused past the cap")
"""


def test_memory_past_the_budget_is_refused() -> None:
    done = subprocess.run([sys.executable, "-c", _MEMORY], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused past the cap"
