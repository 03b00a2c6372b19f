"""The responsibility matrix as a spreadsheet planners open in Excel."""

from __future__ import annotations

import csv
import io

import httpx


def test_matrix_csv_opens_in_excel_with_roles(live_server: str) -> None:
    response = httpx.get(f"{live_server}/plans/chien-luoc-cds-bao-chi/matrix.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Nhiệm vụ", "id"]
    assert "Cục Báo chí (CBC)" in rows[0]  # every column by its name, with the abbreviation when there is one
    assert "Bộ Thông tin và Truyền thông (Bộ TT&TT)" in rows[0]
    assert any("Chủ trì" in row for row in rows[1:])


def test_matrix_of_an_unknown_plan(live_server: str) -> None:
    assert httpx.get(f"{live_server}/plans/nope/matrix.csv").status_code == 404
