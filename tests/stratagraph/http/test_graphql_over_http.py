"""GraphQL over HTTP at /graphql: graphql-http's audit suite over a real socket, then
the details in-process (httpx over ASGI, the app's lifespan run around the client).

The audit needs Node.js and ``web/node_modules`` (``make test`` installs both):
when they are missing the test fails, it does not skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from starlette.applications import Starlette

from stratagraph.http.app import create_app
from stratagraph.http.graphql_endpoint import encode_json
from stratagraph.model.errors import StoreUnavailableError
from stratagraph.settings import REPOSITORY, Settings

WEB = REPOSITORY / "web"
NODE_MODULES = WEB / "node_modules"
AUDIT_SCRIPT = Path(__file__).with_name("audit.mjs")
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
PRESS_DEPARTMENT_NAME = '{ agency(id: "agency/cuc-bao-chi") { name } }'

in_module_loop = pytest.mark.asyncio(loop_scope="module")


# --- the audit suite -------------------------------------------------------------------------


def run_audit(url: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "Node.js is not installed: the GraphQL over HTTP audit needs `node` (run `make install`)"
    assert (NODE_MODULES / "graphql-http").is_dir(), "web/node_modules/graphql-http is missing: run `make install`"
    completed = subprocess.run(
        [node, str(AUDIT_SCRIPT), url, str(WEB)], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, f"audit.mjs failed:\n{completed.stderr}"
    results: list[dict[str, Any]] = json.loads(completed.stdout)
    return results


@pytest.mark.node
def test_graphql_http_audit_passes_every_must(live_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    results = run_audit(f"{live_server}/graphql")
    level = {r["id"]: r["name"].split(" ", 1)[0] for r in results}
    total = Counter(level.values())
    passed = Counter(level[r["id"]] for r in results if r["status"] == "ok")
    failed = [f"{r['name']}: {r['reason']} (HTTP {r['httpStatus']})" for r in results if r["status"] != "ok"]
    with capsys.disabled():
        print(
            f"\ngraphql-http audit: MUST {passed['MUST']}/{total['MUST']}, "
            f"SHOULD {passed['SHOULD']}/{total['SHOULD']}, MAY {passed['MAY']}/{total['MAY']} passed"
        )
        for line in failed:
            print(f"  not passed: {line}")
    assert total["MUST"] > 0, "the audit ran no MUST checks"
    must_failures = [f"{r['name']}: {r['reason']}" for r in results if level[r["id"]] == "MUST" and r["status"] != "ok"]
    assert not must_failures, "\n".join(must_failures)


# --- in-process ------------------------------------------------------------------------------


async def running(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


def settings_for(data_dir: Path, debug: bool = False) -> Settings:
    return Settings.from_env().with_changes(store="embedded", data_dir=data_dir, debug=debug)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def app(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Starlette]:
    yield create_app(settings_for(tmp_path_factory.mktemp("store")))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def debug_app(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Starlette]:
    yield create_app(settings_for(tmp_path_factory.mktemp("store"), debug=True))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async for client in running(app):
        yield client


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def debug_client(debug_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async for client in running(debug_app):
        yield client


async def post(client: httpx.AsyncClient, body: dict[str, Any], accept: str = GRAPHQL_RESPONSE) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"Accept": accept})


@in_module_loop
async def test_get_runs_a_query(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": PRESS_DEPARTMENT_NAME}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json() == {"data": {"agency": {"name": "Cục Báo chí"}}}


@in_module_loop
async def test_answers_are_compact_utf8_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": PRESS_DEPARTMENT_NAME}, headers={"Accept": JSON})
    assert response.content == '{"data":{"agency":{"name":"Cục Báo chí"}}}'.encode()


def test_what_orjson_refuses_is_still_written() -> None:
    big = {"errors": [{"message": "m", "extensions": {"cost": 2**70}}]}
    assert json.loads(encode_json(big)) == big
    assert json.loads(encode_json({"data": {"name": "Cục Báo chí"}})) == {"data": {"name": "Cục Báo chí"}}


@in_module_loop
async def test_get_takes_variables_and_operation_name(client: httpx.AsyncClient) -> None:
    params = {
        "query": "query A($id: ID!) { agency(id: $id) { name } } query B { __typename }",
        "variables": json.dumps({"id": "agency/cuc-bao-chi"}),
        "operationName": "A",
    }
    response = await client.get("/graphql", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": {"agency": {"name": "Cục Báo chí"}}}


@in_module_loop
@pytest.mark.parametrize(
    "params",
    [{"query": "mutation { __typename }"}, {"query": "query Q { __typename } mutation M { x }", "operationName": "M"}],
)
async def test_get_refuses_mutations_with_405(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await client.get("/graphql", params=params, headers={"Accept": GRAPHQL_RESPONSE})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "send them with POST" in response.json()["errors"][0]["message"]


@in_module_loop
async def test_post_mutation_without_a_token_is_a_401(client: httpx.AsyncClient) -> None:
    query = 'mutation { setTaskLead(input: {task: "t", lead: "CBC", evidence: {url: "https://a.vn"}}) { version } }'
    response = await post(client, {"query": query})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@in_module_loop
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_other_methods_get_405_with_allow(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, "/graphql")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


@in_module_loop
async def test_unacceptable_accept_gets_406(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "{ __typename }"}, accept="text/csv")
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert GRAPHQL_RESPONSE in response.json()["errors"][0]["message"]


@in_module_loop
async def test_parse_error_is_400_without_data(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "{ agency(id: "})
    assert response.status_code == 400
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"].startswith("Syntax Error")
    assert body["errors"][0]["locations"] == [{"line": 1, "column": 14}]


@in_module_loop
async def test_legacy_json_clients_get_200_for_request_errors(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "{"}, accept="application/json")
    assert response.status_code == 200
    assert "data" not in response.json()


@in_module_loop
async def test_validation_error_is_400(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": '{ agency(id: "agency/cuc-bao-chi") { nmae } }'})
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert "Cannot query field 'nmae' on type 'Agency'" in body["errors"][0]["message"]


@in_module_loop
async def test_variable_coercion_failure_is_400(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "query($id: ID!) { agency(id: $id) { name } }", "variables": {"id": None}})
    assert response.status_code == 400
    assert "data" not in response.json()


@in_module_loop
@pytest.mark.parametrize(
    ("content", "headers", "status", "message"),
    [
        (b'{"query": "{ __typename }"}', {}, 415, "Content-Type: application/json"),
        (b'{"query": "{ __typename }"}', {"content-type": "text/plain"}, 415, "unsupported Content-Type"),
        (b'{"query": "{ __typename }"}', {"content-type": "application/json; charset=latin-1"}, 415, "UTF-8"),
        (b'{ "not json', {"content-type": "application/json"}, 400, "not JSON"),
        (b"", {"content-type": "application/json"}, 400, "empty"),
        (b'[{"query": "{ __typename }"}]', {"content-type": "application/json"}, 400, "JSON object"),
        (b'{"qeury": "{ __typename }"}', {"content-type": "application/json"}, 400, 'no "query"'),
        (b'{"query": 1}', {"content-type": "application/json"}, 400, '"query" must be a string'),
        (b'{"query": "{ __typename }", "variables": "x"}', {"content-type": "application/json"}, 400, '"variables"'),
        (
            b'{"query": "{ __typename }", "operationName": 1}',
            {"content-type": "application/json"},
            400,
            "operationName",
        ),
        (b'{"query": "{ __typename }", "extensions": []}', {"content-type": "application/json"}, 400, '"extensions"'),
        (b'{"query": ""}', {"content-type": "application/json"}, 400, "empty"),
        (
            b'{"query": "query A { __typename }", "operationName": "B"}',
            {"content-type": "application/json"},
            400,
            "'B'",
        ),
    ],
)
async def test_malformed_requests(
    client: httpx.AsyncClient, content: bytes, headers: dict[str, str], status: int, message: str
) -> None:
    response = await client.post("/graphql", content=content, headers={"Accept": GRAPHQL_RESPONSE, **headers})
    assert response.status_code == status
    assert message in response.json()["errors"][0]["message"]


@in_module_loop
async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    body = json.dumps({"query": "{ __typename }", "variables": {"x": "y" * 2_000_000}})
    response = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "larger than 1048576 bytes: send a shorter query, or split it into several" in response.text


# --- limits ----------------------------------------------------------------------------------


def nested_parents(levels: int) -> str:
    inner = "name"
    for _ in range(levels):
        inner = f"parents {{ agency {{ {inner} }} }}"
    return f'{{ agency(id: "agency/cuc-bao-chi") {{ {inner} }} }}'


@in_module_loop
async def test_depth_within_the_limit_runs(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": nested_parents(5)})  # depth 12
    assert response.status_code == 200, response.text


@in_module_loop
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (nested_parents(7), "exceeds maximum operation depth of 12"),
        ("{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }", "31 aliases found. Allowed: 30"),
        ("{ " + "__typename " * 2100 + "}", "Document contains more than 2000 tokens"),
    ],
    ids=["depth", "aliases", "tokens"],
)
async def test_limits_refuse_the_request_with_a_clear_message(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    response = await post(client, {"query": query})
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]


@in_module_loop
async def test_page_size_over_the_cap_says_how_to_page(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "{ tasks(first: 1000) { totalCount } }"})
    assert response.status_code == 200  # an execution error: data is present (null)
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == "`first` is 1000 but a page holds at most 100: page with `after`"
    assert body["errors"][0]["path"] == ["tasks"]


# --- errors: masked in production, helpful in debug ------------------------------------------


SECRET = "cannot open /srv/secret/stratagraph.sqlite3 as admin:hunter2"


def break_store(monkeypatch: pytest.MonkeyPatch, app: Starlette, error: Exception) -> None:
    async def find(*args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(app.state.store, "find", find)


@in_module_loop
async def test_unexpected_errors_are_masked_in_production(
    client: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_store(monkeypatch, app, RuntimeError(SECRET))
    response = await post(client, {"query": "{ agencies { totalCount } }"})
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    assert response.json()["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["agencies"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        }
    ]
    assert "secret" not in response.text
    assert "RuntimeError" not in response.text


@in_module_loop
async def test_project_errors_keep_their_message(
    client: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_store(monkeypatch, app, StoreUnavailableError("the store is unavailable: retry in a minute"))
    response = await post(client, {"query": "{ agencies { totalCount } }"})
    assert response.json()["errors"][0]["message"] == "the store is unavailable: retry in a minute"


@in_module_loop
async def test_graphql_errors_keep_their_message(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": '{ agency(id: "agency/khong-co") { name } }'})
    assert response.status_code == 200
    message = response.json()["errors"][0]["message"]
    assert "agency/khong-co" in message
    assert message != "Unexpected error."


@in_module_loop
async def test_debug_mode_says_what_went_wrong(
    debug_client: httpx.AsyncClient, debug_app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_store(monkeypatch, debug_app, RuntimeError(SECRET))
    response = await post(debug_client, {"query": "{ agencies { totalCount } }"})
    (error,) = response.json()["errors"]
    assert error["message"] == f"Unexpected error: RuntimeError: {SECRET}"
    assert error["extensions"]["exception"]["type"] == "builtins.RuntimeError"
    assert any("raise error" in line for line in error["extensions"]["exception"]["stacktrace"])
