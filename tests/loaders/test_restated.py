"""A table that restates curated tasks: their citations stay, and what it has no column for is kept.

Issue 15: the bundled 781 plan exported as a table and loaded back dropped every English group
name, put the table's citations in place of the decision's, and left the yearly duties undated.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from stratagraph.graph.store import Store
from stratagraph.loaders.load import load
from stratagraph.model.errors import DatasetError
from stratagraph.model.records import Direction, Rel
from stratagraph.plan_table import plan_table

PLAN, DOC = "plan/ke-hoach-hanh-dong-781", "781/QĐ-BTTTT"
YEARLY = "task/781-do-luong-so-lieu-quy-1"  # "Trước ngày 03/4", read as every year (recurs: yearly)
SHARED = "task/781-nen-tang-dung-chung"  # curated: 2 indicators, an English name, a note


async def exported(store: Store, folder: Path, name: str = "kh781.csv") -> Path:
    """The plan's table as `stratagraph export --format csv` writes it."""
    path = folder / name
    path.write_text((await plan_table(store, PLAN)).to_csv(), encoding="utf-8")
    return path


def edited(path: Path, task: str, column: str, value: str) -> int:
    """Set one cell of ``task``'s row, as a planner does in a spreadsheet; return the row's line."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    line = next(i for i, row in enumerate(rows) if task.split("/")[1] in row)
    rows[line][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return line + 1


async def test_the_curated_plan_exported_loads_back_changing_nothing(bundled_store: Store, tmp_path: Path) -> None:
    before = await bundled_store.get([YEARLY, SHARED])
    version = await bundled_store.version()
    result = await load([await exported(bundled_store, tmp_path)], bundled_store, plan=PLAN, doc=DOC)
    assert result.changes is not None
    assert (result.changes.created, result.changes.updated, result.changes.retired) == ((), (), ())
    assert len(result.changes.unchanged) == 16
    assert await bundled_store.version() == version
    assert await bundled_store.get([YEARLY, SHARED]) == before


async def test_the_yearly_duty_and_the_english_group_names_are_in_the_table(bundled_store: Store) -> None:
    header, *rows = (await plan_table(bundled_store, PLAN)).rows
    assert "Lặp lại" in header
    assert "Task" in header
    yearly = next(row for row in rows if row[header.index("Mã nhiệm vụ")] == YEARLY.split("/")[1])
    assert (yearly[header.index("Thời gian hoàn thành")], yearly[header.index("Lặp lại")]) == (
        "Trước ngày 03/4",
        "hằng năm",
    )
    headings = [row for row in rows if not row[header.index("Mã nhiệm vụ")]]
    assert ("Measuring the Strategy's indicators") in {row[header.index("Task")] for row in headings}


async def test_a_changed_cell_adds_the_tables_citations_to_the_curated_ones(
    bundled_store: Store, tmp_path: Path
) -> None:
    [old] = (await bundled_store.get([SHARED])).values()
    table = await exported(bundled_store, tmp_path)
    edited(table, SHARED, "Thời gian hoàn thành", "Quý IV/2024")
    result = await load([table], bundled_store, plan=PLAN, doc=DOC)
    assert result.changes is not None
    [(task, fields)] = result.changes.updated
    assert task == SHARED
    assert {f.field for f in fields} >= {"deadlineText", "sources"}
    [new] = (await bundled_store.get([SHARED])).values()
    assert new.sources[: len(old.sources)] == old.sources  # the decision's words stay first
    assert any("kh781.csv" in str(c.note) for c in new.sources[len(old.sources) :])
    assert new.props["nameEn"] == old.props["nameEn"]
    indicators = await bundled_store.neighbours([SHARED], Rel.CONTRIBUTES_TO, Direction.OUT)
    assert len(indicators) == 2


async def test_a_table_without_a_column_keeps_what_the_task_has(bundled_store: Store, tmp_path: Path) -> None:
    """Only STT, Nhiệm vụ, Đơn vị chủ trì and Mã nhiệm vụ: output, indicators, note, English names stay."""
    [old] = (await bundled_store.get([SHARED])).values()
    table = tmp_path / "ngan.csv"
    row = ["1", SHARED.split("/")[1], str(old.props["nameVi"]), ""]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["STT", "Mã nhiệm vụ", "Nhiệm vụ", "Đơn vị chủ trì"], row])
    table.write_text(buffer.getvalue(), encoding="utf-8")
    result = await load([table], bundled_store, plan=PLAN, doc=DOC)
    assert result.changes is not None
    assert result.changes.unchanged == (SHARED,)
    [new] = (await bundled_store.get([SHARED])).values()
    assert new == old


async def test_a_reload_that_would_leave_a_dated_deadline_undated_is_an_error(
    bundled_store: Store, tmp_path: Path
) -> None:
    table = await exported(bundled_store, tmp_path)
    line = edited(table, YEARLY, "Lặp lại", "")
    version = await bundled_store.version()
    with pytest.raises(DatasetError) as caught:
        await load([table], bundled_store, plan=PLAN, doc=DOC)
    [problem] = [p for p in caught.value.problems if not p.warning]
    assert problem.code == "deadline-dates-lost"
    assert problem.line == line
    assert "'Trước ngày 03/4'" in problem.message
    assert "would drop those dates" in problem.message
    assert "'Lặp lại'" in problem.hint
    assert await bundled_store.version() == version


async def test_rows_added_under_a_curated_groups_name_round_trip_without_its_english_name(
    bundled_store: Store, tmp_path: Path
) -> None:
    """A table's rows under "Hoàn thiện môi trường pháp lý" (a curated group, English "Legal environment") have no
    English group name; the export gives them a heading of their own, so loading it back names none for them."""
    rows = tmp_path / "phu-luc.csv"
    rows.write_text("STT,Nhiệm vụ,Đơn vị chủ trì\nI,Hoàn thiện môi trường pháp lý,\n1,Rà soát,Cục Báo chí\n")
    assert (await load([rows], bundled_store, plan=PLAN, doc=DOC)).changes is not None
    version = await bundled_store.version()
    header, *lines = (await plan_table(bundled_store, PLAN)).rows
    legal = [row for row in lines if row[header.index("Nhiệm vụ")] == "Hoàn thiện môi trường pháp lý"]
    assert sorted(row[header.index("Task")] for row in legal) == ["", "Legal environment"]
    result = await load([await exported(bundled_store, tmp_path)], bundled_store, plan=PLAN, doc=DOC)
    assert result.changes is not None
    assert (result.changes.created, result.changes.updated) == ((), ())
    assert await bundled_store.version() == version


async def test_a_table_without_a_status_column_keeps_the_status_a_table_gave(
    bundled_store: Store, tmp_path: Path
) -> None:
    """A row read without a Trạng thái column is "unknown" by default; that must not undo a stated status."""
    first = tmp_path / "phu-luc.csv"
    first.write_text("STT,Nhiệm vụ,Đơn vị chủ trì,Trạng thái\n1,Rà soát,Cục Báo chí,Hoàn thành\n", encoding="utf-8")
    await load([first], bundled_store, plan=PLAN, doc=DOC)
    version = await bundled_store.version()
    shorter = tmp_path / "phu-luc-v2.csv"
    shorter.write_text("STT,Nhiệm vụ,Đơn vị chủ trì\n1,Rà soát,Cục Báo chí\n", encoding="utf-8")
    result = await load([shorter], bundled_store, plan=PLAN, doc=DOC)
    assert result.changes is not None
    assert result.changes.unchanged == ("task/ke-hoach-hanh-dong-781-1",)
    [task] = (await bundled_store.get(["task/ke-hoach-hanh-dong-781-1"])).values()
    assert task.props["status"] == "done"
    assert await bundled_store.version() == version
