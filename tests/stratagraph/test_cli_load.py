"""`stratagraph load` and `validate` as a planner runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stratagraph.cli import main
from stratagraph.settings import BUNDLED_DATASET


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A data directory whose store holds the bundled dataset, loaded as a planner would."""
    assert CliRunner().invoke(main, ["load", str(BUNDLED_DATASET), "--data-dir", str(tmp_path)]).exit_code == 0
    return tmp_path


def task_table(folder: Path, rows: str) -> list[str]:
    """A task table of 781's plan written to ``folder``, as the arguments that read it: ``rows`` under the header."""
    table = folder / "phu-luc.csv"
    table.write_text(rows, encoding="utf-8")
    return [str(table), "--plan", "ke-hoach-hanh-dong-781", "--doc", "781/QĐ-BTTTT", "--data-dir", str(folder)]


def test_load_prints_counts_and_persists(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["load", str(BUNDLED_DATASET), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "loaded 6 files" in result.output
    assert "Task" in result.output
    assert (tmp_path / "stratagraph.sqlite3").exists()


def test_validate_reports_every_problem_with_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "tasks:\n  - id: x\n    plan: ke-hoach-hanh-dong-781\n    name: {vi: X}\n"
        "    lead: Cuc Bao Chii\n    deadline: Sau Tết\n"
        "    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: verbatim}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(BUNDLED_DATASET), str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:5: tasks[0].lead: unknown agency 'Cuc Bao Chii'" in result.output
    assert "did you mean 'Cục Báo chí'" in result.output
    assert "bad.yaml:6: tasks[0].deadline" in result.output
    assert "2 problems; nothing was written." in result.output


def test_failed_load_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tasks:\n  - id: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(BUNDLED_DATASET), str(bad), "--data-dir", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "nothing was written" in result.output


def test_validate_checks_a_task_table_against_the_loaded_graph(loaded: Path) -> None:
    runner = CliRunner()
    args = ["validate", *task_table(loaded, "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Xây dựng cơ sở dữ liệu,cuc bao chi\n")]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "1 file" in result.output
    alone = runner.invoke(main, [*args, "--alone"])
    assert alone.exit_code == 1
    assert "unknown agency 'cuc bao chi'" in alone.output


def test_a_row_reusing_a_curated_id_is_shown_with_what_it_drops(loaded: Path) -> None:
    """A table row with the id of a curated task replaces what its columns state: validate says so first, load
    after. The English name of the name it changes goes; its group, note and indicators, which the table has no
    column for, stay, and so do the curated citations."""
    runner = CliRunner()
    args = task_table(loaded, "STT,Mã nhiệm vụ,Nhiệm vụ,Đơn vị chủ trì\n1,781-nen-tang-dung-chung,Ghi đè,Cục Báo chí\n")
    dropped = "task/781-nen-tang-dung-chung: drops nameEn\n"
    checked = runner.invoke(main, ["validate", *args])
    assert checked.exit_code == 0, checked.output
    assert "loading would replace 1 record already in the store:" in checked.output
    assert dropped in checked.output
    written = runner.invoke(main, ["load", *args])
    assert written.exit_code == 0, written.output
    assert "replaced 1 record already in the store:" in written.output
    assert dropped in written.output
    again = runner.invoke(main, ["load", *args])  # the same row again: nothing more is lost
    assert "replaced" not in again.output


def test_a_misspelt_agency_suggests_the_closest_name_first(loaded: Path) -> None:
    """Checked against the store, whose agencies carry every spelling: the whole name misspelt ranks first."""
    rows = "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Thu thập dữ liệu,Cục Báo trí\n"
    result = CliRunner().invoke(main, ["validate", *task_table(loaded, rows)])
    assert result.exit_code == 1
    assert "hint: did you mean 'Cục Báo chí' (agency/cuc-bao-chi)" in result.output


# -- revisions (issue 15, items 4, 5, 7) ----------------------------------------------------------

ROWS = (
    "STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành\n"
    "I,Hoàn thiện thể chế,,\n"
    "1,Rà soát văn bản pháp luật,Cục Báo chí,Quý II/2024\n"
    "2,Xây dựng cơ sở dữ liệu,Cục Báo chí,Năm 2025\n"
)


def _json(output: str) -> dict[str, Any]:
    return dict(json.loads(output[output.index("{") :]))


def _revised(loaded: Path, revised: str) -> dict[str, Any]:
    """`validate --json` of ``revised`` once ``ROWS`` is loaded (loading them again changes nothing)."""
    runner = CliRunner()
    assert runner.invoke(main, ["load", *task_table(loaded, ROWS)]).exit_code == 0
    result = runner.invoke(main, ["validate", *task_table(loaded, revised), "--json"])
    assert result.exit_code == 0, result.output
    return _json(result.output)


def test_load_lists_what_it_created_then_that_nothing_changed_and_keeps_the_version(loaded: Path) -> None:
    runner = CliRunner()
    args = task_table(loaded, ROWS)
    first = runner.invoke(main, ["load", *args])
    assert first.exit_code == 0, first.output
    assert "created 2:" in first.output
    assert "task/ke-hoach-hanh-dong-781-i-1" in first.output
    again = runner.invoke(main, ["load", *args, "--json"])
    assert again.exit_code == 0, again.output
    report = _json(again.output)
    assert report["changes"]["created"] == []
    assert report["changes"]["unchanged"] == ["task/ke-hoach-hanh-dong-781-i-1", "task/ke-hoach-hanh-dong-781-i-2"]
    assert report["version"] == 2  # the dataset was version 1, the table 2; the same table again writes nothing
    said = runner.invoke(main, ["load", *args])
    assert "nothing changed, data version 2 stays" in said.output


def test_validate_shows_the_field_by_field_changes_and_the_warnings_in_json(loaded: Path) -> None:
    revised = ROWS.replace("Năm 2025", "Quý IV/2025").replace("2,Xây dựng", "3,Tổng kết,,Năm 2026\n2,Xây dựng")
    report = _revised(loaded, revised)
    assert report["changes"]["created"] == ["task/ke-hoach-hanh-dong-781-i-3"]
    [updated] = report["changes"]["updated"]
    assert updated["id"] == "task/ke-hoach-hanh-dong-781-i-2"
    fields = {f["field"]: (f["old"], f["new"]) for f in updated["fields"]}
    assert fields["deadlineText"] == ("Năm 2025", "Quý IV/2025")
    assert fields["deadlineKind"] == ("year", "quarter")
    [no_lead] = [w for w in report["warnings"] if w["code"] == "no-lead"]
    assert (no_lead["line"], no_lead["cell"]) == (4, "STT 3, Đơn vị chủ trì")
    strict = CliRunner().invoke(main, ["validate", *task_table(loaded, revised), "--strict"])
    assert strict.exit_code == 1
    assert "no lead (chủ trì)" in strict.output


def test_load_replace_retires_and_says_by_which_table(loaded: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["load", *task_table(loaded, ROWS)]).exit_code == 0
    revised = loaded / "phu-luc-v2.csv"
    revised.write_text(ROWS.rsplit("2,", 1)[0], encoding="utf-8")
    args = [str(revised), "--plan", "ke-hoach-hanh-dong-781", "--doc", "781/QĐ-BTTTT", "--data-dir", str(loaded)]
    warned = runner.invoke(main, ["validate", *args])
    assert "17 tasks of this plan (plan/ke-hoach-hanh-dong-781) are not in the table" in warned.output
    assert "and 7 more" in warned.output  # ten named
    result = runner.invoke(main, ["load", *args, "--replace"])
    assert result.exit_code == 0, result.output
    assert "retired 17 by phu-luc-v2.csv:" in result.output  # row 2 and the plan's 16 curated tasks
    assert "task/ke-hoach-hanh-dong-781-i-2" in result.output


def test_rows_renumbered_after_a_removal_are_a_warning_naming_both_tasks(loaded: Path) -> None:
    """A row's id is its number: removing row 1 and renumbering row 2 as 1 makes it update task 1."""
    renumbered = ROWS.replace("1,Rà soát văn bản pháp luật,Cục Báo chí,Quý II/2024\n", "").replace("2,Xây", "1,Xây")
    [warning] = [w for w in _revised(loaded, renumbered)["warnings"] if w["code"] == "another-task"]
    assert warning["message"] == (
        "1 row now names another task than the one its number had: task/ke-hoach-hanh-dong-781-i-1 "
        "('Rà soát văn bản pháp luật' → 'Xây dựng cơ sở dữ liệu')"
    )
    assert "'Mã nhiệm vụ'" in warning["hint"]
    reworded = ROWS.replace("Rà soát văn bản pháp luật", "Rà soát các văn bản pháp luật về báo chí")
    assert [w for w in _revised(loaded, reworded)["warnings"] if w["code"] == "another-task"] == []


def test_replace_without_a_table_is_refused(loaded: Path) -> None:
    result = CliRunner().invoke(main, ["load", str(BUNDLED_DATASET), "--data-dir", str(loaded), "--replace"])
    assert result.exit_code == 1
    assert "--replace revises a plan's task table: give one" in result.output


def test_replace_with_a_table_listing_no_task_is_refused_and_retires_nothing(loaded: Path) -> None:
    result = CliRunner().invoke(main, ["load", *task_table(loaded, "STT,Nhiệm vụ,Đơn vị chủ trì\n"), "--replace"])
    assert result.exit_code == 1
    assert "the table lists no task: --replace does not retire a whole plan by an empty table" in result.output
    assert "nothing was written" in result.output


def test_json_errors_are_for_machines_too(loaded: Path) -> None:
    rows = "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Thu thập dữ liệu,Cục Báo trí\n"
    result = CliRunner().invoke(main, ["load", *task_table(loaded, rows), "--json"])
    assert result.exit_code == 1
    [error] = _json(result.output)["errors"]
    assert (error["line"], error["cell"], error["code"], error["warning"]) == (
        2,
        "STT 1, Đơn vị chủ trì",
        "unknown-reference",
        False,
    )


def test_an_error_does_not_hide_the_warnings_found_beside_it(loaded: Path) -> None:
    """One run shows everything to fix: row 1's unknown agency stops the load, row 2 has no lead."""
    rows = "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Thu thập dữ liệu,Cục Báo trí\n2,Tổng hợp số liệu,\n"
    result = CliRunner().invoke(main, ["validate", *task_table(loaded, rows)])
    assert result.exit_code == 1
    assert "unknown agency" in result.output
    assert "warning: no lead (chủ trì)" in result.output
    assert "1 problem; nothing was written." in result.output
    found = _json(CliRunner().invoke(main, ["validate", *task_table(loaded, rows), "--json"]).output)
    assert [(e["line"], e["code"]) for e in found["errors"]] == [(2, "unknown-reference")]
    assert [(w["line"], w["code"]) for w in found["warnings"]] == [(3, "no-lead")]


def test_validate_of_what_is_loaded_says_so_without_an_empty_table(loaded: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(BUNDLED_DATASET), "--data-dir", str(loaded)])
    assert result.exit_code == 0, result.output
    assert "6 files, no problems" in result.output
    assert "count" not in result.output  # no table of nothing
    assert "nothing to write" in result.output


def test_validate_alone_lists_what_would_be_created(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(BUNDLED_DATASET), "--alone", "--json"])
    assert result.exit_code == 0, result.output
    created = _json(result.output)["changes"]["created"]
    assert "task/781-nen-tang-dung-chung" in created


def test_an_excel_table_loads_on_its_sheet_and_the_report_says_how_it_was_read(loaded: Path) -> None:
    table = Path(__file__).parents[1] / "loaders" / "tables" / "phu-luc-libreoffice.xlsx"
    args = [str(table), "--plan", "ke-hoach-hanh-dong-781", "--doc", "781/QĐ-BTTTT", "--data-dir", str(loaded)]
    result = CliRunner().invoke(main, ["load", *args, "--sheet", "Phụ lục"])
    assert result.exit_code == 0, result.output
    assert "header row: Phụ lục!4:4 (rows 1-3 above it skipped as a title)" in result.output
    assert "hidden rows read as any other: 8" in result.output
    wrong = CliRunner().invoke(main, ["validate", *args, "--sheet", "Hướng dẫn"])
    assert wrong.exit_code == 1
    assert "no header row found in sheet 'Hướng dẫn'" in wrong.output


def test_plan_named_by_its_decision_resolves_against_the_store(loaded: Path) -> None:
    args = task_table(loaded, "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Rà soát,Cục Báo chí\n2,Tập huấn,Cục Báo chí\n")
    args[args.index("--plan") + 1] = "Kế hoạch hành động 781"
    result = CliRunner().invoke(main, ["load", *args])
    assert result.exit_code == 0, result.output
    args[args.index("--plan") + 1] = "Ke hoach 999"
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exit_code == 1
    assert result.output.count("no plan 'Ke hoach 999'") == 1
    assert "1 problem; nothing was written." in result.output


def test_new_agencies_from_a_table_are_written_only_when_asked(loaded: Path) -> None:
    rows = "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Lập dự toán,Vụ Kế hoạch – Tài chính (Bộ VHTTDL)\n"
    refused = CliRunner().invoke(main, ["load", *task_table(loaded, rows)])
    assert refused.exit_code == 1
    assert "load with --new-agencies to add it" in refused.output
    assert "nothing was written" in refused.output
    result = CliRunner().invoke(main, ["load", *task_table(loaded, rows), "--new-agencies"])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(main, ["validate", *task_table(loaded, rows.replace(" (Bộ VHTTDL)", ""))])
    assert again.exit_code == 0, again.output  # now in the store, known by its name
