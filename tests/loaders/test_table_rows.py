"""Task tables from Excel: sheets, cells as planners see them, merged cells, and hostile workbooks."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from stratagraph.loaders.limits import TOO_LARGE, InputLimits
from stratagraph.loaders.load import check, read
from stratagraph.model.errors import DatasetError, Problem
from stratagraph.model.records import Batch, Rel
from stratagraph.settings import BUNDLED_DATASET

TABLES = Path(__file__).parent / "tables"
LIBREOFFICE = TABLES / "phu-luc-libreoffice.xlsx"
"""Saved by LibreOffice Calc 7.4 (``tables/make_libreoffice_table.py`` says how)."""
PLAN = {"plan": "ke-hoach-hanh-dong-781", "doc": "781/QĐ-BTTTT"}
HEADER = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def read_table(path: Path, **options: object) -> tuple[Batch, list[Problem]]:
    notes: list[Problem] = []
    _, batch = read([BUNDLED_DATASET, path], notes=notes, **{**PLAN, **options})  # type: ignore[arg-type]
    return batch, notes


def problems_of(path: Path, **options: object) -> list[Problem]:
    """Every problem, warnings (a deadline that cannot be dated) as errors."""
    with pytest.raises(DatasetError) as caught:
        check([BUNDLED_DATASET, path], strict=True, **{**PLAN, **options})  # type: ignore[arg-type]
    return list(caught.value.problems)


def tasks_of(batch: Batch, stem: str) -> dict[str, dict[str, object]]:
    """The tasks read from a table (``stem`` is no part of their ids: a task's id does not hold its file's name)."""
    return {n.id: dict(n.props) for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-")}


def appendix(path: Path, rows: list[list[object]], *, title: bool = True) -> Workbook:
    """A workbook as a ministry keeps its appendix: a title block, the header, ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    if title:
        sheet.append(["PHỤ LỤC"])
        sheet.merge_cells("A1:F1")
        sheet.append(["Kèm theo Quyết định số 781/QĐ-BTTTT"])
        sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return workbook


def test_a_table_saved_by_libreoffice_reads_as_its_planner_sees_it() -> None:
    batch, notes = read_table(LIBREOFFICE)
    tasks = tasks_of(batch, "phu-luc-libreoffice")
    first, second, third = (tasks[f"task/ke-hoach-hanh-dong-781-i-{n}"] for n in (1, 2, 3))
    assert first["deadlineEnd"] == "2024-06-30"  # a date cell, as a date
    assert first["deadlineText"] == "30/06/2024"
    assert second["deadlineText"] == "Quý IV/2024"  # a formula, by the value LibreOffice saved
    assert third["groupVi"] == "Hoàn thiện môi trường pháp lý"
    leads = {e.target for e in batch.edges if e.type is Rel.LEADS and e.source == "agency/cuc-bao-chi"}
    assert "task/ke-hoach-hanh-dong-781-i-2" in leads  # the lead merged over rows 6 and 7
    said = [note.message for note in notes]
    assert "header row: Phụ lục!4:4 (rows 1-3 above it skipped as a title)" in said
    assert "read sheet 'Phụ lục'; not read: 'Hướng dẫn'" in said  # the guide sheet before it has no header
    assert "hidden rows read as any other: 8" in said
    assert "hidden columns read as any other: G" in said


def test_a_problem_in_a_workbook_names_its_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    appendix(path, [[1, "Rà soát văn bản", "Cuc Bao Chj", None, "Quý XII/2024", "Báo cáo"]])
    found = {(p.line, p.path) for p in problems_of(path)}
    assert found == {(5, "Phụ lục!C5 (STT 1, Đơn vị chủ trì)"), (5, "Phụ lục!E5 (STT 1, Thời gian hoàn thành)")}


def test_a_lead_merged_over_rows_leads_each_of_them(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    workbook = appendix(path, [[1, "Một", "Cục Báo chí", None, "Năm 2025"], [2, "Hai", None, None, "Năm 2025"]])
    sheet = workbook.active
    assert sheet is not None
    sheet.merge_cells("C5:C6")
    workbook.save(path)
    batch, _ = read_table(path)
    leads = {e.target for e in batch.edges if e.type is Rel.LEADS and e.source == "agency/cuc-bao-chi"}
    assert {"task/ke-hoach-hanh-dong-781-1", "task/ke-hoach-hanh-dong-781-2"} <= leads


def test_sheet_option_picks_the_sheet_and_an_unknown_one_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    workbook = appendix(path, [[1, "Một", "Cục Báo chí", None, "Năm 2025"]])
    other = workbook.create_sheet("Bản sửa đổi")
    other.append(HEADER)
    other.append([1, "Một, sửa", "Cục Báo chí", None, "Năm 2026"])
    workbook.save(path)
    batch, _ = read_table(path, sheet="Ban sua doi")  # diacritics optional
    assert tasks_of(batch, "phu-luc")["task/ke-hoach-hanh-dong-781-1"]["deadlineText"] == "Năm 2026"
    [problem] = problems_of(path, sheet="Trang 3")
    assert problem.message == "no sheet 'Trang 3' in the workbook"
    assert problem.hint == "its sheets are 'Phụ lục', 'Bản sửa đổi'"


def test_a_formula_the_file_keeps_no_value_for_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    appendix(path, [[1, "Một", "Cục Báo chí", None, '="Năm "&"2025"']])  # openpyxl computes nothing
    [problem] = problems_of(path)
    assert problem.message == "formulas whose value the file does not keep: Phụ lục!E5"
    assert "save it" in problem.hint


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    appendix(path, [[1, "Một", "Cục Báo chí", None, "Năm 2025"]])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (80 * 1024 * 1024))  # 80 MiB that zip to 80 KiB
    assert path.stat().st_size < 1024 * 1024
    [problem] = problems_of(path)
    assert problem.code == TOO_LARGE
    assert "unzips to 80.0 MiB" in problem.message or "unzips to 80 MiB" in problem.message


def test_a_cell_at_the_sheets_far_corner_and_a_range_over_the_whole_sheet_cost_only_the_data(
    tmp_path: Path,
) -> None:
    """XFD1048576 and a merge over G1:XFD1048576 would be seventeen billion cells if padded or filled blindly.

    openpyxl's normal mode would make them (so the file is written here as XML, not with it).
    """
    path = tmp_path / "phu-luc.xlsx"
    appendix(path, [[1, "Một", "Cục Báo chí", None, "Năm 2025"]], title=False)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    merged = '<mergeCells count="1"><mergeCell ref="B1:XFD1048576"/></mergeCells>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", far + "</sheetData>" + merged).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    problems = problems_of(path)
    # the merge gives B1's header to the empty cells of B..XFD of the rows read, and only those: the header
    # then names 'Nhiệm vụ' sixteen thousand times more, and the far row is a row of 'Nhiệm vụ'; nothing more
    paths = [p.path for p in problems]
    assert len(paths) < 20_000
    assert "Phụ lục!XFD1 (Nhiệm vụ)" in paths
    assert "Phụ lục!E1048576 (row 1048576, Thời gian hoàn thành)" in paths


def test_a_workbook_of_more_cells_than_the_limit_stops(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    appendix(path, [[n, f"Nhiệm vụ {n}", "Cục Báo chí", None, "Năm 2025"] for n in range(1, 400)])
    with pytest.raises(DatasetError) as caught:
        read([path], limits=InputLimits(max_input_mb=0.1), **PLAN)
    assert [p.code for p in caught.value.problems] == [TOO_LARGE]


def test_a_file_named_xlsx_that_is_not_a_workbook_says_so(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    path.write_text("STT,Nhiệm vụ\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.message.startswith("not a readable .xlsx workbook")
    assert problem.code == "syntax"


def test_dates_read_as_planners_write_them(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    appendix(path, [[1, "Một", "Cục Báo chí", None, dt.datetime(2025, 3, 31, 0, 0)]])
    batch, _ = read_table(path)
    task = tasks_of(batch, "phu-luc")["task/ke-hoach-hanh-dong-781-1"]
    assert (task["deadlineText"], task["deadlineKind"], task["deadlineEnd"]) == ("31/03/2025", "date", "2025-03-31")


def test_merged_ranges_count_the_cells_they_fill_against_the_limit(tmp_path: Path) -> None:
    """Thousands of ranges over the whole sheet each fill every row read: the run's values bound that work."""
    path = tmp_path / "phu-luc.xlsx"
    appendix(path, [[n, f"Nhiệm vụ {n}", "Cục Báo chí", None, "Năm 2025"] for n in range(1, 200)], title=False)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    ranges = '<mergeCell ref="C2:XFD1048576"/>' * 5000
    merged = f'<mergeCells count="5000">{ranges}</mergeCells>'
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b"</sheetData>" + merged.encode()
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(DatasetError) as caught:
        read([path], limits=InputLimits(max_input_mb=1), **PLAN)
    [problem] = caught.value.problems
    assert problem.code == TOO_LARGE
    assert "sheet cells and merged ranges" in problem.message
