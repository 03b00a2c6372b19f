"""A planner's CSV task table: headers in any spelling, group rows, agencies by any name."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratagraph.loaders.limits import TOO_LARGE, InputLimits
from stratagraph.loaders.load import read
from stratagraph.model.errors import DatasetError, Problem
from stratagraph.model.records import Rel
from stratagraph.settings import BUNDLED_DATASET

TABLE = """\
STT,NHIEM VU,Don vi chu tri,Đơn vị phối hợp,Thời gian hoàn thành,Sản phẩm
I,Hoàn thiện môi trường pháp lý,,,,
1,Rà soát văn bản pháp luật,Cục Báo chí,"Cục PTTH&TTĐT; Bộ Văn hóa, Thể thao và Du lịch",Quý II/2024,Báo cáo
2,Xây dựng cơ sở dữ liệu báo chí,cuc bao chi,,Trước ngày 15/12 hằng năm,Cơ sở dữ liệu
"""
PLAN_AND_DOC = {"plan": "ke-hoach-hanh-dong-781", "doc": "781/QĐ-BTTTT"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "phu-luc.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_become_tasks_with_roles_groups_and_deadlines(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    tasks = {n.id: n for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-phu-luc-")}
    assert set(tasks) == {"task/ke-hoach-hanh-dong-781-phu-luc-i-1", "task/ke-hoach-hanh-dong-781-phu-luc-i-2"}
    first = tasks["task/ke-hoach-hanh-dong-781-phu-luc-i-1"]
    assert first.props["groupVi"] == "Hoàn thiện môi trường pháp lý"
    assert first.props["deadlineText"] == "Quý II/2024"
    assert first.props["deadlineEnd"] == "2024-06-30"
    assert first.sources[0].document == "document/qd-781-2023-btttt"
    assert first.sources[0].locator == "STT 1"
    roles = {(e.type, e.source) for e in batch.edges if e.target == first.id}
    assert roles >= {
        (Rel.LEADS, "agency/cuc-bao-chi"),
        (Rel.SUPPORTS, "agency/cuc-ptth-ttdt"),
        (Rel.SUPPORTS, "agency/bo-vhttdl"),
    }
    second = tasks["task/ke-hoach-hanh-dong-781-phu-luc-i-2"]
    assert second.props["deadlineKind"] == "recurring"


def test_a_cell_naming_two_leads_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE.replace('Cục Báo chí,"Cục', '"Cục Báo chí; Bộ TT&TT","Cục'))
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = [p for p in caught.value.problems if p.code == "two-leads"]
    assert problem.line == 3


def test_unknown_agency_in_a_cell(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE.replace("cuc bao chi", "Cuc Bao Chj"))
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (4, "unknown-reference")
    assert problem.path == "STT 2, Đơn vị chủ trì"
    assert "agency/cuc-bao-chi" in problem.hint


def test_problems_found_after_reading_name_the_column_not_the_field(tmp_path: Path) -> None:
    table = TABLE.replace("Bộ Văn hóa, Thể thao và Du lịch", "Bo Khong Co").replace("Quý II/2024", "2025-13-01")
    path = write(tmp_path, table)
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    found = {(p.line, p.path) for p in caught.value.problems}
    assert found == {(3, "STT 1, Đơn vị phối hợp"), (3, "STT 1, Thời gian hoàn thành")}, found


def test_without_plan_or_document_the_rows_are_still_checked(tmp_path: Path) -> None:
    """Every problem at once: the missing --plan and --doc once each, and what is wrong in the rows too."""
    path = write(tmp_path, TABLE.replace("cuc bao chi", "Cuc Bao Chj").replace("Quý II/2024", "2025-13-01"))
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path])
    found = sorted((p.line, p.path, p.code) for p in caught.value.problems)
    assert found == [
        (1, "", "missing"),
        (1, "", "missing"),
        (3, "STT 1, Thời gian hoàn thành", "deadline"),
        (4, "STT 2, Đơn vị chủ trì", "unknown-reference"),
    ], found
    assert {"--plan", "--doc"} <= {word for p in caught.value.problems for word in p.hint.split()}


def test_a_table_without_a_plan_asks_for_one(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE)
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], doc="781/QĐ-BTTTT")
    assert "--plan" in caught.value.problems[0].hint


def test_a_table_without_a_task_column(tmp_path: Path) -> None:
    path = write(tmp_path, "STT,Đơn vị chủ trì\n1,Cục Báo chí\n")
    with pytest.raises(DatasetError) as caught:
        read([path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert problem.message == "the header row (line 1) has no 'Nhiệm vụ' column: the text of each task"
    assert "'name'" not in problem.message + problem.hint  # the planner's words, not the record's field


def test_numbering_that_restarts_in_each_group_gives_distinct_ids(tmp_path: Path) -> None:
    table = TABLE + "II,Phát triển nền tảng số,,,,\n1,Nghiên cứu nền tảng dùng chung,Bộ TT&TT,,Năm 2025,Đề án\n"
    path = write(tmp_path, table)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    ids = {n.id for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-phu-luc-")}
    assert ids == {
        "task/ke-hoach-hanh-dong-781-phu-luc-i-1",
        "task/ke-hoach-hanh-dong-781-phu-luc-i-2",
        "task/ke-hoach-hanh-dong-781-phu-luc-ii-1",
    }


def test_two_tables_of_one_plan_do_not_overwrite_each_other(tmp_path: Path) -> None:
    first = write(tmp_path, TABLE)
    second = tmp_path / "phu-luc-2.csv"
    second.write_text(TABLE, encoding="utf-8")
    _, batch = read([BUNDLED_DATASET, first, second], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    assert len([n for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-phu-luc")]) == 4


def test_a_column_no_one_knows_is_an_error_naming_the_one_meant(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE.replace("Sản phẩm", "San pham dau raa").replace("STT,", "STT,Kinh phí,", 1))
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    unknown = {p.path: p for p in caught.value.problems if p.code == "unknown-field"}
    assert set(unknown) == {"San pham dau raa", "Kinh phí"}
    assert unknown["San pham dau raa"].message == "unknown column 'San pham dau raa': its cells would be lost"
    assert unknown["San pham dau raa"].hint.startswith("did you mean 'Sản phẩm'?")
    assert "start a header with '#'" in unknown["Kinh phí"].hint


def test_a_column_marked_with_hash_is_left_out_on_purpose(tmp_path: Path) -> None:
    lines = TABLE.splitlines()
    table = "\n".join([lines[0] + ",# Kinh phí", *(line + ",100" for line in lines[1:])]) + "\n"
    _, batch = read([BUNDLED_DATASET, write(tmp_path, table)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    assert "task/ke-hoach-hanh-dong-781-phu-luc-i-1" in {n.id for n in batch.nodes}


def test_a_row_without_a_task_name_is_still_checked_for_its_agencies(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE.replace("Rà soát văn bản pháp luật,Cục Báo chí", ",Cuc Bao Chj"))
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    found = {(p.line, p.code, p.path) for p in caught.value.problems}
    assert (3, "missing", "STT 1, Nhiệm vụ") in found
    assert any(line == 3 and code == "unknown-reference" for line, code, _ in found), found


def test_a_table_without_its_document_says_so_once(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, TABLE)], plan="ke-hoach-hanh-dong-781")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (1, "missing")
    assert "--doc" in problem.hint


def test_an_unknown_document_is_reported_once_for_the_whole_table(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, TABLE)], plan="ke-hoach-hanh-dong-781", doc="999/QĐ-KHONG")
    [problem] = [p for p in caught.value.problems if "document" in p.message]
    assert problem.message == "unknown document '999/QĐ-KHONG' (cited 1 more time in this file)"
    assert problem.line == 3


STATUS_TABLE = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Trạng thái
1,Rà soát văn bản pháp luật,Cục Báo chí,Đã hoàn thành
2,Xây dựng cơ sở dữ liệu báo chí,Cục Báo chí,dang thuc hien
5,Hợp tác quốc tế,Cục Báo chí,Đã hủy
3,Đào tạo kỹ năng số,Cục Báo chí,in-progress
4,Tổng kết,Cục Báo chí,
"""


def test_status_cells_in_vietnamese_or_ours_become_the_status(tmp_path: Path) -> None:
    path = write(tmp_path, STATUS_TABLE)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    status = {n.id.rsplit("-", 1)[1]: n.props["status"] for n in batch.nodes if "-phu-luc-" in n.id}
    assert status == {"1": "done", "2": "in-progress", "3": "in-progress", "4": "unknown", "5": "cancelled"}


def test_a_status_word_the_table_does_not_know_is_an_error_not_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, STATUS_TABLE.replace("Đã hoàn thành", "finished"))
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert (problem.line, problem.path, problem.code) == (2, "STT 1, Trạng thái", "invalid")
    assert problem.message == "unknown status 'finished'"
    assert problem.hint.startswith("did you mean 'Hoàn thành'?")


@pytest.mark.parametrize(
    ("table", "line", "path", "message"),
    [
        (
            "STT,Nhiệm vụ,Đơn vị chủ trì,Don vi chu tri\n1,Rà soát,Cục Báo chí,Cục PTTH&TTĐT\n",
            1,
            "Don vi chu tri",
            "two columns are 'Đơn vị chủ trì' (columns 3 and 4): the second's cells would be lost",
        ),
        (
            "STT,Nhiệm vụ,Đơn vị chủ trì,\n1,Rà soát,Cục Báo chí,Năm 2025\n",
            2,
            "column 4",
            "'Năm 2025' is in a column without a header: it would be lost",
        ),
        (
            "STT,Nhiệm vụ,Đơn vị chủ trì\n1,Rà soát,Cục Báo chí,Quý II/2024\n",
            2,
            "column 4",
            "'Quý II/2024' is in a column without a header: it would be lost",
        ),
        (
            "STT,Nhiệm vụ,Đơn vị chủ trì,Trạng thái\nI,Hoàn thiện pháp lý,,Hoàn thành\n1,Rà soát,Cục Báo chí,\n",
            2,
            "STT I",
            "the group heading I has cells in 'Trạng thái': they would be lost",
        ),
        ("STT,Nhiệm vụ,Đơn vị chủ trì\n", 1, "", "no task rows under the header"),
    ],
    ids=["two-columns-one-name", "unnamed-column", "past-the-header", "heading-with-cells", "header-only"],
)
def test_cells_no_column_reads_are_problems(tmp_path: Path, table: str, line: int, path: str, message: str) -> None:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, table)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    assert [(p.line, p.path, p.message) for p in caught.value.problems] == [(line, path, message)]


def test_what_comes_from_the_command_line_is_named_as_its_option(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, TABLE)], plan="ke-hoach-khong-co", doc="781/QĐ-BTTTT")
    assert [p.path for p in caught.value.problems] == ["--plan"]  # once, not once per row


def test_phu_thuoc_names_rows_by_stt_or_tasks_by_id(tmp_path: Path) -> None:
    """A row waits for a row further down, for a row with its own id, or for a task elsewhere by its id."""
    table = (
        "STT,Mã nhiệm vụ,Nhiệm vụ,Đơn vị chủ trì,Phụ thuộc\n"
        "1,,Thu thập dữ liệu,Cục Báo chí,2; 3\n"
        "2,,Chuẩn hóa dữ liệu,Cục Báo chí,task/781-nen-tang-dung-chung\n"
        "3,bang-cong-bo,Công bố dữ liệu,Cục Báo chí,\n"
    )
    _, batch = read([BUNDLED_DATASET, write(tmp_path, table)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    waits = {(e.source, e.target) for e in batch.edges if e.type is Rel.DEPENDS_ON and "phu-luc" in e.source}
    first, second = "task/ke-hoach-hanh-dong-781-phu-luc-1", "task/ke-hoach-hanh-dong-781-phu-luc-2"
    assert waits == {(first, second), (first, "task/bang-cong-bo"), (second, "task/781-nen-tang-dung-chung")}


def test_phu_thuoc_naming_no_row_says_so(tmp_path: Path) -> None:
    table = "STT,Nhiệm vụ,Đơn vị chủ trì,Phụ thuộc\n1,Thu thập dữ liệu,Cục Báo chí,9\n"
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, table)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert (problem.line, problem.path, problem.message) == (2, "STT 1, Phụ thuộc", "no row with STT '9' in this table")
    assert "task/9" in problem.hint


def test_a_malformed_task_id_cell_says_how_ids_are_written(tmp_path: Path) -> None:
    table = "STT,Mã nhiệm vụ,Nhiệm vụ,Đơn vị chủ trì\n1,Bảng_Công_Bố,Công bố dữ liệu,Cục Báo chí\n"
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, table)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (2, "STT 1, Mã nhiệm vụ")
    assert problem.hint == "ids are lower-case ASCII letters, digits and '-', e.g. 'cuc-bao-chi'"


def test_a_cell_longer_than_the_csv_limit_is_a_problem_where_it_starts(tmp_path: Path) -> None:
    text = TABLE + '3,"Một nhiệm vụ mà dấu ngoặc kép không bao giờ đóng,Cục Báo chí,,,\n' + "tiếp\n" * 30_000
    with pytest.raises(DatasetError) as caught:
        read([write(tmp_path, text)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (5, "syntax")
    assert problem.message == "a cell from this line on is longer than 131,072 characters"
    assert "never closed" in problem.hint


def test_a_table_saved_with_old_mac_line_ends_is_read(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.csv"
    path.write_bytes(TABLE.replace("\n", "\r").encode("utf-8"))
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    assert sum(node.id.startswith("task/ke-hoach-hanh-dong-781-phu-luc") for node in batch.nodes) == 2


def test_a_table_of_more_cells_than_the_limit_stops_at_the_row_where_they_run_out(tmp_path: Path) -> None:
    text = "Nhiệm vụ\n" + "x\n" * 10_000  # one cell a row, but a row counts as four values
    with pytest.raises(DatasetError) as caught:
        read([write(tmp_path, text)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT", limits=InputLimits(2))
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (8001, TOO_LARGE)  # the header and 7,999 rows are 32,000 values
    assert problem.message.startswith("more than 32,000 values to read (table cells)")


def test_the_header_is_found_below_a_title_block_and_the_report_says_where(tmp_path: Path) -> None:
    titled = "PHỤ LỤC,,,,,\nKèm theo Quyết định số 781/QĐ-BTTTT ngày 23/5/2023,,,,,\n,,,,,\n" + TABLE
    notes: list[Problem] = []
    _, batch = read([BUNDLED_DATASET, write(tmp_path, titled)], notes=notes, **PLAN_AND_DOC)
    assert "task/ke-hoach-hanh-dong-781-phu-luc-i-1" in {n.id for n in batch.nodes}
    assert [n.message for n in notes] == ["header row: line 4 (lines 1-3 above it skipped as a title)"]
    assert notes[0].line == 4


def test_a_table_without_a_header_row_says_so_in_planners_words(tmp_path: Path) -> None:
    path = write(tmp_path, "PHỤ LỤC\nKèm theo Quyết định số 781/QĐ-BTTTT\n1,Rà soát,Cục Báo chí\n")
    with pytest.raises(DatasetError) as caught:
        read([path], **PLAN_AND_DOC)
    [problem] = caught.value.problems
    assert problem.message.startswith("no header row found in the table: none of its first 30 rows names the columns")
    assert "PHỤ LỤC" in problem.message  # what it found instead
    assert "'Nhiệm vụ' (the task, required)" in problem.hint
