"""``pip install`` of the built wheel into a clean virtual environment serves the bundled dataset from any folder.

A ministry installs the service as a package, not as a source checkout: the wheel
must carry the dataset, the playground's files and the SPARQL worker, and install
nothing under a top-level name other than ``stratagraph``.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import venv
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from stratagraph.settings import REPOSITORY


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment holding the wheel built from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work), str(REPOSITORY)]
    subprocess.run(build, check=True, capture_output=True, timeout=600)
    [wheel] = work.glob("stratagraph-*.whl")
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    install = [str(bin_dir / "pip"), "install", "--quiet", str(wheel)]
    done = subprocess.run(install, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return bin_dir


def test_only_stratagraph_is_installed_at_the_top(installed: Path) -> None:
    [site] = (installed.parent / "lib").glob("python3*/site-packages")
    [record] = site.glob("stratagraph-*.dist-info/RECORD")
    tops = {line.split("/", 1)[0] for line in record.read_text().splitlines() if "/" in line.split(",")[0]}
    assert {top for top in tops if not top.endswith(".dist-info") and top != ".."} == {"stratagraph"}  # ..: bin/


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``stratagraph serve`` from the installed package, started in an empty folder."""
    folder = tmp_path_factory.mktemp("elsewhere")
    port = _free_port()
    log = (folder / "serve.log").open("wb")
    env = {"PATH": str(installed), "HOME": str(folder)}
    server = subprocess.Popen(
        [str(installed / "stratagraph"), "serve", "--port", str(port)], cwd=folder, env=env, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (folder / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the installed server did not answer /healthz in 120 s"
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def test_the_installed_service_serves_the_bundled_dataset(served: str) -> None:
    query = '{ agency(id: "agency/cuc-bao-chi") { name } }'
    answer = httpx.post(f"{served}/graphql", json={"query": query}, timeout=30).json()
    assert answer == {"data": {"agency": {"name": "Cục Báo chí"}}}


def test_the_installed_playground_has_its_files(served: str) -> None:
    page = httpx.get(f"{served}/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    assets = [part.split('"', 1)[0] for part in page.text.split('src="')[1:]]
    assert assets
    for asset in assets:
        assert httpx.get(f"{served}{asset}", timeout=30).status_code == 200, asset


def test_the_installed_sparql_worker_answers(served: str) -> None:
    query = "ASK { ?s ?p ?o }"
    answer = httpx.get(
        f"{served}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60
    )
    assert json.loads(answer.text)["boolean"] is True
