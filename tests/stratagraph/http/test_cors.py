"""Pages on other origins may read the service (a SPARQL client, a notebook) — and none may when told so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.stratagraph.http.live import serve

ORIGIN = "https://yasgui.example.org"
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("cors-open")) as url:
        yield url


def test_a_sparql_preflight_is_answered_for_any_origin(open_server: str) -> None:
    response = httpx.options(
        f"{open_server}/sparql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers


def test_answers_carry_the_origin_grant_and_expose_the_etag(open_server: str) -> None:
    sparql = httpx.post(
        f"{open_server}/sparql",
        data={"query": QUERY},
        headers={"Origin": ORIGIN, "Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert sparql.status_code == 200
    assert sparql.headers["access-control-allow-origin"] == "*"
    graphql = httpx.post(
        f"{open_server}/graphql",
        json={"query": '{ agency(id: "agency/cuc-bao-chi") { id } }'},
        headers={"Origin": ORIGIN},
    )
    assert graphql.json()["data"]["agency"]["id"] == "agency/cuc-bao-chi"
    assert graphql.headers["access-control-allow-origin"] == "*"
    rdf = httpx.get(f"{open_server}/id/agency/cuc-bao-chi", params={"format": "ttl"}, headers={"Origin": ORIGIN})
    assert rdf.headers["access-control-allow-origin"] == "*"
    assert "etag" in rdf.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/context.jsonld", "application/ld+json"),
        ("/graphql?query={__typename}", "application/json"),
        ("/id/agency/cuc-bao-chi", "text/turtle"),
    ],
)
def test_each_answer_grants_the_origin_once(open_server: str, path: str, accept: str) -> None:
    """Browsers refuse an answer with two ``Access-Control-Allow-Origin`` headers, even two ``*``."""
    response = httpx.get(f"{open_server}{path}", headers={"Origin": ORIGIN, "Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers.get_list("access-control-allow-origin") == ["*"]


def test_no_origin_is_granted_when_the_deployment_says_none(tmp_path: Path) -> None:
    with serve(tmp_path, cors_origins=()) as url:
        response = httpx.options(f"{url}/sparql", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in response.headers
        plain = httpx.get(f"{url}/healthz", headers={"Origin": ORIGIN})
        assert plain.status_code == 200
        assert "access-control-allow-origin" not in plain.headers


def test_only_the_listed_origins_are_granted(tmp_path: Path) -> None:
    with serve(tmp_path, cors_origins=(ORIGIN,)) as url:
        granted = httpx.get(f"{url}/healthz", headers={"Origin": ORIGIN})
        assert granted.headers["access-control-allow-origin"] == ORIGIN
        other = httpx.get(f"{url}/healthz", headers={"Origin": "https://elsewhere.example.org"})
        assert "access-control-allow-origin" not in other.headers
        context = httpx.get(f"{url}/context.jsonld", headers={"Origin": ORIGIN})
        assert context.headers.get_list("access-control-allow-origin") == [ORIGIN], "never '*' beside the list"


@pytest.mark.parametrize(
    ("value", "origins"),
    [(None, ("*",)), ("", ()), (" https://a.example , https://b.example ", ("https://a.example", "https://b.example"))],
)
def test_the_origins_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, origins: tuple[str, ...]
) -> None:
    from stratagraph.settings import Settings

    if value is None:
        monkeypatch.delenv("STRATAGRAPH_CORS_ORIGINS", raising=False)
    else:
        monkeypatch.setenv("STRATAGRAPH_CORS_ORIGINS", value)
    assert Settings.from_env().cors_origins == origins
