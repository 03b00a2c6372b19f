"""A plan's tasks as its table, for planners to open in Excel and load back: /plans/{key}/tasks.csv and .xlsx."""

from __future__ import annotations

import csv
import io

import httpx
from openpyxl import load_workbook


def test_tasks_csv_is_the_plans_table_in_the_planners_columns(live_server: str) -> None:
    response = httpx.get(f"{live_server}/plans/ke-hoach-hanh-dong-781/tasks.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="ke-hoach-hanh-dong-781-tasks.csv"' in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Trạng thái",
        "Mã nhiệm vụ",
    ]
    ids = {row[7] for row in rows[1:] if row[7]}
    assert "781-nen-tang-dung-chung" in ids
    headings = {row[1]: row[0] for row in rows[1:] if not row[7]}  # a group is a heading row above its tasks
    assert headings["Hoàn thiện môi trường pháp lý"] in {"I", "II", "III", "IV"}


def test_tasks_xlsx_holds_the_same_rows(live_server: str) -> None:
    sheet = httpx.get(f"{live_server}/plans/ke-hoach-hanh-dong-781/tasks.xlsx")
    assert sheet.status_code == 200
    assert sheet.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(sheet.content), read_only=True)
    rows = [[value or "" for value in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    table = httpx.get(f"{live_server}/plans/ke-hoach-hanh-dong-781/tasks.csv")
    assert rows == list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))


def test_the_table_of_an_unknown_plan(live_server: str) -> None:
    assert httpx.get(f"{live_server}/plans/nope/tasks.xlsx").status_code == 404
