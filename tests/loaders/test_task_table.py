"""A planner's CSV task table: headers in any spelling, group rows, agencies by any name."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratagraph.loaders.limits import TOO_LARGE, InputLimits
from stratagraph.loaders.load import check, read
from stratagraph.model.errors import DatasetError, Problem
from stratagraph.model.records import Kind, Rel
from stratagraph.settings import BUNDLED_DATASET

TABLE = """\
STT,NHIEM VU,Don vi chu tri,Đơn vị phối hợp,Thời gian hoàn thành,Sản phẩm
I,Hoàn thiện môi trường pháp lý,,,,
1,Rà soát văn bản pháp luật,Cục Báo chí,"Cục PTTH&TTĐT; Bộ Văn hóa, Thể thao và Du lịch",Quý II/2024,Báo cáo
2,Xây dựng cơ sở dữ liệu báo chí,cuc bao chi,,Trước ngày 15/12 hằng năm,Cơ sở dữ liệu
"""
PLAN_AND_DOC = {"plan": "ke-hoach-hanh-dong-781", "doc": "781/QĐ-BTTTT"}


ROW_IDS = {f"task/ke-hoach-hanh-dong-781-{n}" for n in range(1, 10)}
"""Ids the rows of a table without groups get: the plan and the STT."""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "phu-luc.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_become_tasks_with_roles_groups_and_deadlines(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    tasks = {n.id: n for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-")}
    assert set(tasks) == {"task/ke-hoach-hanh-dong-781-i-1", "task/ke-hoach-hanh-dong-781-i-2"}
    first = tasks["task/ke-hoach-hanh-dong-781-i-1"]
    assert first.props["groupVi"] == "Hoàn thiện môi trường pháp lý"
    assert first.props["deadlineText"] == "Quý II/2024"
    assert first.props["deadlineEnd"] == "2024-06-30"
    assert first.sources[0].document == "document/qd-781-2023-btttt"
    assert first.sources[0].locator == "I.1"
    roles = {(e.type, e.source) for e in batch.edges if e.target == first.id}
    assert roles >= {
        (Rel.LEADS, "agency/cuc-bao-chi"),
        (Rel.SUPPORTS, "agency/cuc-ptth-ttdt"),
        (Rel.SUPPORTS, "agency/bo-vhttdl"),
    }
    second = tasks["task/ke-hoach-hanh-dong-781-i-2"]
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
        check([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT", strict=True)
    found = {(p.line, p.path) for p in caught.value.problems}
    assert found == {(3, "STT 1, Đơn vị phối hợp"), (3, "STT 1, Thời gian hoàn thành")}, found


def test_without_plan_or_document_the_rows_are_still_checked(tmp_path: Path) -> None:
    """Every problem at once: the missing --plan and --doc once each, and what is wrong in the rows too."""
    path = write(tmp_path, TABLE.replace("cuc bao chi", "Cuc Bao Chj").replace("Quý II/2024", "2025-13-01"))
    with pytest.raises(DatasetError) as caught:
        check([BUNDLED_DATASET, path], strict=True)
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
    ids = {n.id for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-")}
    assert ids == {
        "task/ke-hoach-hanh-dong-781-i-1",
        "task/ke-hoach-hanh-dong-781-i-2",
        "task/ke-hoach-hanh-dong-781-ii-1",
    }


def test_two_copies_of_one_table_are_the_same_tasks_whatever_their_file_names(tmp_path: Path) -> None:
    """A row's id is its plan, group and STT: a copy under another name names the same tasks, so both at once clash."""
    first = write(tmp_path, TABLE)
    second = tmp_path / "phu-luc-v2.csv"
    second.write_text(TABLE, encoding="utf-8")
    _, alone = read([BUNDLED_DATASET, second], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    assert {n.id for n in alone.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-")} == {
        "task/ke-hoach-hanh-dong-781-i-1",
        "task/ke-hoach-hanh-dong-781-i-2",
    }
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, first, second], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    assert {p.code for p in caught.value.problems} == {"duplicate"}
    assert all("first defined at" in p.message and "phu-luc.csv" in p.message for p in caught.value.problems)


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
    assert "task/ke-hoach-hanh-dong-781-i-1" in {n.id for n in batch.nodes}


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
    assert problem.message == "unknown document '999/QĐ-KHONG' (cited 3 more times in this file)"  # 2 rows, 2 each
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
    status = {n.id.rsplit("-", 1)[1]: n.props["status"] for n in batch.nodes if n.id in ROW_IDS}
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
    ],
    ids=["two-columns-one-name", "unnamed-column", "past-the-header", "heading-with-cells"],
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
    waits = {(e.source, e.target) for e in batch.edges if e.type is Rel.DEPENDS_ON and e.source in ROW_IDS}
    first, second = "task/ke-hoach-hanh-dong-781-1", "task/ke-hoach-hanh-dong-781-2"
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
    assert sum(node.id.startswith("task/ke-hoach-hanh-dong-781-") for node in batch.nodes) == 2


def test_a_table_of_more_cells_than_the_limit_stops_at_the_row_where_they_run_out(tmp_path: Path) -> None:
    text = "Nhiệm vụ\n" + "x\n" * 10_000  # one cell a row, but a row counts as four values
    with pytest.raises(DatasetError) as caught:
        read([write(tmp_path, text)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT", limits=InputLimits(2))
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (8001, TOO_LARGE)  # the header and 7,999 rows are 32,000 values
    assert problem.message.startswith("more than 32,000 values to read (table cells)")


# -- identity (issue 15, item 3) ------------------------------------------------------------------

NESTED_GROUPS = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành
A.,Nhiệm vụ chung,,
I.,Hoàn thiện thể chế,,
1,Rà soát văn bản pháp luật,Cục Báo chí,Quý II/2024
II.,Phát triển nền tảng,,
1,Nghiên cứu nền tảng dùng chung,Bộ TT&TT,Năm 2025
B.,Nhiệm vụ của địa phương,,
I.,Đào tạo,,
1,Đào tạo kỹ năng số,Cục Báo chí,Năm 2024
"""


def test_letter_and_roman_headings_are_groups_however_deep(tmp_path: Path) -> None:
    """A. > I. > 1: the id holds every heading's numeral, the group is the nearest heading, the place cites both."""
    path = write(tmp_path, NESTED_GROUPS)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    rows = {n.id: n for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-")}
    assert set(rows) == {
        "task/ke-hoach-hanh-dong-781-a-i-1",
        "task/ke-hoach-hanh-dong-781-a-ii-1",
        "task/ke-hoach-hanh-dong-781-b-i-1",
    }
    assert rows["task/ke-hoach-hanh-dong-781-a-ii-1"].props["groupVi"] == "Phát triển nền tảng"
    assert rows["task/ke-hoach-hanh-dong-781-b-i-1"].sources[0].locator == "B.I.1"


def test_a_letter_i_after_h_is_a_letter_heading_not_roman_one(tmp_path: Path) -> None:
    headings = "".join(f"{letter}.,Phần {letter},,\n1,Nhiệm vụ {letter},Cục Báo chí,\n" for letter in "GHI")
    path = write(tmp_path, "STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành\n" + headings)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    ids = {n.id for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-")}
    assert ids == {f"task/ke-hoach-hanh-dong-781-{letter}-1" for letter in "ghi"}


# -- warnings (issue 15, item 7) -----------------------------------------------------------------

WARNED = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành
I,Hoàn thiện thể chế,,
1,Rà soát văn bản pháp luật,Cục Báo chí,Sau Tết
2,Xây dựng cơ sở dữ liệu,,Năm 2025
II,Nhóm chưa có nhiệm vụ,,
"""


def test_a_row_without_a_lead_an_empty_group_and_an_undatable_deadline_are_warnings_at_their_cells(
    tmp_path: Path,
) -> None:
    reading = check([BUNDLED_DATASET, write(tmp_path, WARNED)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    found = {(p.line, p.path, p.code) for p in reading.warnings}
    assert found == {
        (3, "STT 1, Thời gian hoàn thành", "deadline"),
        (4, "STT 2, Đơn vị chủ trì", "no-lead"),
        (5, "STT II", "empty-group"),
    }
    assert all(p.warning for p in reading.warnings)
    undated = next(n for n in reading.batch.nodes if n.id == "task/ke-hoach-hanh-dong-781-i-1")
    assert (undated.props["deadlineKind"], undated.props["deadlineText"]) == ("undated", "Sau Tết")  # words kept


def test_a_deadline_that_names_no_date_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    table = WARNED.replace("Sau Tết", "Theo tiến độ dự án")
    reading = check([BUNDLED_DATASET, write(tmp_path, table)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    [warning] = [p for p in reading.warnings if p.code == "deadline"]
    assert (warning.line, warning.path) == (3, "STT 1, Thời gian hoàn thành")
    assert "names no date" in warning.message


def test_strict_makes_the_warnings_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        check(
            [BUNDLED_DATASET, write(tmp_path, WARNED)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT", strict=True
        )
    assert {p.code for p in caught.value.problems} == {"deadline", "no-lead", "empty-group"}
    assert not any(p.warning for p in caught.value.problems)


def test_a_curated_record_s_unreadable_deadline_stays_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "tasks:\n  - id: x\n    plan: ke-hoach-hanh-dong-781\n    name: {vi: X}\n    lead: Cục Báo chí\n"
        "    deadline: Sau Tết\n    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: verbatim}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        check([BUNDLED_DATASET, bad])
    assert [p.code for p in caught.value.problems] == ["deadline"]


# -- citations (issue 15, item 11) ---------------------------------------------------------------


def test_a_row_cites_its_words_verbatim_and_its_deadline_as_a_reading_naming_file_group_and_stt(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, TABLE)
    _, batch = read([BUNDLED_DATASET, path], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    first = next(n for n in batch.nodes if n.id == "task/ke-hoach-hanh-dong-781-i-1")
    words, reading = first.sources
    assert (words.locator, words.kind, words.quote) == ("I.1", Kind.VERBATIM, "Rà soát văn bản pháp luật")
    assert str(words.note).startswith("read from phu-luc.csv, line 3")
    assert (reading.locator, reading.kind, reading.quote) == ("I.1, Thời gian hoàn thành", Kind.INFERRED, "Quý II/2024")
    assert "our reading" in str(reading.note)
    [lead] = [e for e in batch.edges if e.type is Rel.LEADS and e.target == first.id]
    assert lead.sources == (words,)  # who leads is in the row's words, not in the reading of its deadline


NESTED_ROWS = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành
I,Hoàn thiện thể chế,,
1,Rà soát văn bản pháp luật,Cục Báo chí,Năm 2025
1.1,Rà soát luật,Cục Báo chí,Quý II/2024
1.2,Rà soát nghị định,Cục Báo chí,Quý III/2024
a),Nghị định 1,Cục Báo chí,Quý III/2024
-,Điều 5,Cục Báo chí,Quý III/2024
-,Điều 6,Cục Báo chí,Quý III/2024
b),Nghị định 2,Cục Báo chí,Quý III/2024
2,Xây dựng cơ sở dữ liệu,Cục Báo chí,Năm 2025
-,Thu thập,Cục Báo chí,Năm 2025
"""


def test_nested_numbering_makes_subtasks_of_the_row_above(tmp_path: Path) -> None:
    """ "1.1" is part of "1", "a)" of the numbered row above, "-" of the row above that is not a dash."""
    _, batch = read([BUNDLED_DATASET, write(tmp_path, NESTED_ROWS)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    row = "task/ke-hoach-hanh-dong-781-i-"
    parts = {(e.source.removeprefix(row), e.target.removeprefix(row)) for e in batch.edges if e.type is Rel.SUBTASK_OF}
    assert parts == {
        ("1-1", "1"),
        ("1-2", "1"),
        ("1-2-a", "1-2"),
        ("1-2-a-gach-1", "1-2-a"),
        ("1-2-a-gach-2", "1-2-a"),
        ("1-2-b", "1-2"),
        ("2-gach-1", "2"),
    }
    places = {n.id.removeprefix(row): n.sources[0].locator for n in batch.nodes if n.id.startswith(row)}
    assert places["1-2-a-gach-2"] == "I.1.2.a).-"
    assert places["1-1"] == "I.1.1"


def test_the_header_is_found_below_a_title_block_and_the_report_says_where(tmp_path: Path) -> None:
    titled = "PHỤ LỤC,,,,,\nKèm theo Quyết định số 781/QĐ-BTTTT ngày 23/5/2023,,,,,\n,,,,,\n" + TABLE
    notes: list[Problem] = []
    _, batch = read([BUNDLED_DATASET, write(tmp_path, titled)], notes=notes, **PLAN_AND_DOC)
    assert "task/ke-hoach-hanh-dong-781-i-1" in {n.id for n in batch.nodes}
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


def test_a_row_of_a_table_without_groups_is_cited_by_its_stt(tmp_path: Path) -> None:
    _, batch = read([BUNDLED_DATASET, write(tmp_path, STATUS_TABLE)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    first = next(n for n in batch.nodes if n.id == "task/ke-hoach-hanh-dong-781-1")
    assert first.sources[0].locator == "STT 1"


def test_a_cell_quoting_words_with_commas_stays_one_cell(tmp_path: Path) -> None:
    """Quotes doubled inside a quoted cell, as Excel and our export write them: the csv sniffer guessed
    otherwise for such a file and split the note at its commas ("… is in a column without a header")."""
    note = 'Known only as "làm căn cứ, tạo lập" (B10). Who, by when, and whether: not in the sources'
    table = (
        '"STT","Nhiệm vụ","Đơn vị chủ trì","Ghi chú"\n'
        f'"1","Rà soát","Cục Báo chí","{note.replace(chr(34), 2 * chr(34))}"\n'
        '"2","Xây dựng","Cục Báo chí",""\n'
    )
    _, batch = read([BUNDLED_DATASET, write(tmp_path, table)], **PLAN_AND_DOC)
    [first] = [n for n in batch.nodes if n.id == "task/ke-hoach-hanh-dong-781-1"]
    assert first.props["note"] == note


def test_a_table_with_no_task_rows_loads_nothing_and_says_so(tmp_path: Path) -> None:
    """A plan without tasks exports as a header alone; loading that back is a warning, not a failure."""
    reading = check([BUNDLED_DATASET, write(tmp_path, "STT,Nhiệm vụ,Đơn vị chủ trì\n")], **PLAN_AND_DOC)
    [warning] = [w for w in reading.warnings if w.file.endswith("phu-luc.csv")]
    assert (warning.line, warning.message) == (1, "no task rows under the header: nothing of the table loads")
    assert not reading.table_tasks


RECURRING = "STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành,Lặp lại\n"


def test_lap_lai_says_a_deadline_without_a_year_recurs_yearly(tmp_path: Path) -> None:
    table = f"{RECURRING}1,Cung cấp số liệu Quý I,Cục Báo chí,Trước ngày 03/4,Hằng năm\n"
    _, batch = read([BUNDLED_DATASET, write(tmp_path, table)], **PLAN_AND_DOC)
    [task] = [n for n in batch.nodes if n.id == "task/ke-hoach-hanh-dong-781-1"]
    assert task.props["deadlineText"] == "Trước ngày 03/4"  # the words as the plan writes them
    assert (task.props["deadlineKind"], task.props["deadlineMonth"], task.props["deadlineDay"]) == ("recurring", 4, 3)


def test_lap_lai_with_a_word_it_does_not_know_is_an_error_at_its_cell(tmp_path: Path) -> None:
    table = f"{RECURRING}1,Cung cấp số liệu,Cục Báo chí,Trước ngày 03/4,hằng tuần\n"
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, write(tmp_path, table)], **PLAN_AND_DOC)
    [problem] = [p for p in caught.value.problems if p.path == "STT 1, Lặp lại"]
    assert (problem.line, problem.message) == (2, "unknown recurrence 'hằng tuần'")
    assert "'hằng năm'" in problem.hint
