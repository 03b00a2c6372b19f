"""The app over a copy of one loaded store, with tokens of every kind: what the write tests share.

Loading the bundled dataset takes seconds, so it is loaded once per session into a
template folder; each test gets its own copy of the files (a real SQLite store, a real
token file) and the real app in-process.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from stratagraph.graph.open import open_store
from stratagraph.http.app import create_app
from stratagraph.loaders.load import load
from stratagraph.model.access import Role
from stratagraph.settings import BUNDLED_DATASET, Settings
from stratagraph.tokens import TokenStore

CBC = "agency/cuc-bao-chi"
IN_SCOPE = "task/chi-dao-2023-04-10-cbc-co-so-du-lieu"  # led by Cục Báo chí
OUT_OF_SCOPE = "task/348-btttt-nen-tang-so-quoc-gia"  # led by Bộ TT&TT, in 348 (adopted by the Prime Minister)
COORDINATED = "task/khao-sat-mo-hinh-cds-bao-chi-2025-thuc-hien"  # in a plan Bộ VHTTDL adopted (CBC's ministry now)
DUTY = "task/1369-chu-quan-bao-cao-hang-nam"  # yearly, before 15/12
DUTY_781 = "task/781-do-luong-so-lieu-quy-1"  # yearly, before 03/4; Cục Báo chí supports it
INDICATOR_IN_SCOPE = "indicator/dao-tao-nhan-luc-bao-chi"  # a task Cục Báo chí leads contributes to it
INDICATOR_OUT_OF_SCOPE = "indicator/tang-doanh-thu"
TODAY = dt.date.today()
EVIDENCE = {"number": "125/BC-CBC", "date": TODAY.isoformat(), "title": "Báo cáo tiến độ chuyển đổi số báo chí"}
DUTY_REPORT = {"number": "35/BC-CBC", "date": dt.date(TODAY.year, 1, 1).isoformat(), "title": "Báo cáo số liệu quý I"}


def load_template(folder: Path) -> Path:
    async def fill() -> None:
        store = open_store("embedded", path=folder / "stratagraph.sqlite3")
        await store.open()
        try:
            await load([BUNDLED_DATASET], store)
        finally:
            await store.close()

    asyncio.run(fill())
    return folder


@dataclass
class Tokens:
    reporter: str
    coordinator: str
    admin: str
    expired: str
    revoked: str


def make_tokens(path: Path) -> Tokens:
    tokens = TokenStore(path)
    reporter, _ = tokens.create("Phòng Báo in, CBC", CBC, Role.REPORTER)
    coordinator, _ = tokens.create("Lãnh đạo CBC", CBC, Role.COORDINATOR)
    admin, _ = tokens.create("Quản trị", CBC, Role.ADMIN)
    expired, _ = tokens.create("Hết hạn", CBC, Role.ADMIN, dt.date(2020, 1, 1))
    revoked, info = tokens.create("Thu hồi", CBC, Role.ADMIN)
    tokens.revoke(info.id)
    return Tokens(reporter, coordinator, admin, expired, revoked)


@dataclass
class WriteApp:
    client: TestClient
    tokens: Tokens
    data_dir: Path

    def post(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
        sent = {"Accept": "application/graphql-response+json", **headers}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        return self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=sent)

    def version(self) -> int:
        return int(self.client.get("/healthz").json()["version"])

    def export_hash(self) -> str:
        response = self.client.get("/rdf?format=nt")
        assert response.status_code == 200
        return hashlib.sha256(response.content).hexdigest()


def write_app(template: Path, tmp: Path, **settings: Any) -> Iterator[WriteApp]:
    data_dir = tmp / "data"
    shutil.copytree(template, data_dir)
    tokens = make_tokens(data_dir / "tokens.sqlite3")
    config = Settings.from_env().with_changes(store="embedded", data_dir=data_dir, response_cache_mb=0, **settings)
    with TestClient(create_app(config, dataset=None), base_url="http://127.0.0.1:8000") as client:
        yield WriteApp(client, tokens, data_dir)
