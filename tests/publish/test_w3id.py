"""The w3id.org rules (publish/w3id/stratagraph/.htaccess) in a real Apache, in front of a running service.

Apache is Debian's ``apache2-bin`` (``make linked-data-tools`` installs it), with
mod_rewrite and ``AllowOverride All`` as w3id.org serves its folders; the file is
copied as it is but for its one target line, pointed at the service on loopback.
httpx follows each redirect as an RDF client or a browser would, Accept and all.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from stratagraph.settings import REPOSITORY
from tests.stratagraph.http.live import serve

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
RULES = REPOSITORY / "publish" / "w3id" / "stratagraph"
TARGET_LINE = re.compile(r"^RewriteRule \^ - \[E=STRATAGRAPH:(?P<target>[^\]]+)\]$", re.M)
ONTOLOGY = URIRef("https://w3id.org/stratagraph/ontology")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("w3id-store")) as url:
        yield url


@pytest.fixture(scope="module")
def w3id(service: str) -> Iterator[str]:
    """``http://127.0.0.1:PORT/stratagraph``: the rules as w3id.org would serve them, aimed at ``service``."""
    assert APACHE.is_file(), f"{APACHE} is missing: run `make linked-data-tools` (installs Debian's apache2-bin)"
    root = Path(tempfile.mkdtemp(prefix="w3id-"))
    root.chmod(0o755)  # Apache's worker runs as nobody
    try:
        site = root / "www" / "stratagraph"
        shutil.copytree(RULES, site)
        rules = (site / ".htaccess").read_text(encoding="utf-8")
        assert len(TARGET_LINE.findall(rules)) == 1, "the target is one line, to change in one place"
        (site / ".htaccess").write_text(TARGET_LINE.sub(f"RewriteRule ^ - [E=STRATAGRAPH:{service}]", rules))
        for folder in (root / "www", site):
            folder.chmod(0o755)
        port = free_port()
        (root / "httpd.conf").write_text(
            f"""ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn rewrite:warn
LoadModule mpm_event_module {MODULES}/mod_mpm_event.so
LoadModule authz_core_module {MODULES}/mod_authz_core.so
LoadModule rewrite_module {MODULES}/mod_rewrite.so
User nobody
Group nogroup
DocumentRoot {root}/www
<Directory {root}/www>
    Options +FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""
        )
        apache = subprocess.Popen([str(APACHE), "-d", str(root), "-f", str(root / "httpd.conf"), "-X"])
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert apache.poll() is None, (root / "error.log").read_text()
                    assert time.monotonic() < deadline, "Apache did not start"
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}/stratagraph"
        finally:
            apache.terminate()
            apache.wait(timeout=30)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_committed_rules_name_one_target(service: str) -> None:
    rules = (RULES / ".htaccess").read_text(encoding="utf-8")
    (target,) = TARGET_LINE.findall(rules)
    assert target.startswith("https://")
    assert not target.endswith("/")


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_an_rdf_client_following_the_ontology_iri_gets_the_ontology(
    w3id: str, service: str, accept: str, rdflib_format: str
) -> None:
    response = httpx.get(f"{w3id}/ontology", headers={"Accept": accept}, follow_redirects=True, timeout=30)
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [303]
    assert str(response.url) == f"{service}/ontology"
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert (URIRef(f"{ONTOLOGY}#Agency"), RDF.type, OWL.Class) in graph


def test_a_browser_following_a_term_iri_gets_the_page_at_the_term(w3id: str) -> None:
    response = httpx.get(f"{w3id}/ontology#Agency", headers={"Accept": BROWSER}, follow_redirects=True, timeout=30)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<section class="term" id="Agency">' in response.text


@pytest.mark.parametrize(
    ("path", "landing"),
    [
        ("/ontology/0.1.0", "/ontology/0.1.0"),
        ("/shapes", "/shapes"),
        ("/shapes/0.1.0", "/shapes/0.1.0"),
        ("/ontology.ttl", "/ontology?format=ttl"),
        ("/shapes.rdf", "/shapes?format=xml"),
        ("/ontology.jsonld", "/ontology?format=jsonld"),
    ],
)
def test_versions_shapes_and_extensions_redirect_to_their_documents(
    w3id: str, service: str, path: str, landing: str
) -> None:
    response = httpx.get(f"{w3id}{path}", follow_redirects=True, timeout=30)
    assert response.status_code == 200
    assert str(response.url) == f"{service}{landing}"
