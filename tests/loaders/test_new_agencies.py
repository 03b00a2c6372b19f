"""Units a table names that the graph lacks: an error that says what to do, or (--new-agencies) new agencies."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from stratagraph.loaders.load import read
from stratagraph.model.errors import DatasetError, Problem
from stratagraph.model.records import Batch, Label, Rel
from stratagraph.settings import BUNDLED_DATASET

PLAN = {"plan": "ke-hoach-hanh-dong-781", "doc": "781/QĐ-BTTTT"}
TABLE = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian hoàn thành
1,Lập dự toán chuyển đổi số,"Vụ Kế hoạch – Tài chính (Bộ Văn hóa, Thể thao và Du lịch)",Cục Báo chí,Năm 2025
2,Bố trí kinh phí,Cục Báo chí,Vụ Kế hoạch – Tài chính,Năm 2025
"""


def write(tmp_path: Path, text: str, name: str = "phu-luc.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(paths: list[Path], **options: object) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, *paths], **{**PLAN, **options})  # type: ignore[arg-type]
    return list(caught.value.problems)


def test_without_the_flag_an_unknown_unit_is_an_error_that_names_the_flag_and_no_unrelated_agency(
    tmp_path: Path,
) -> None:
    problems = problems_of([write(tmp_path, TABLE)])
    assert {(p.line, p.message) for p in problems} == {
        (2, "unknown agency 'Vụ Kế hoạch – Tài chính (Bộ Văn hóa, Thể thao và Du lịch)'"),
        (3, "unknown agency 'Vụ Kế hoạch – Tài chính'"),
    }
    for problem in problems:
        assert "--new-agencies" in problem.hint
        assert "did you mean" not in problem.hint  # "Chính phủ" and "Vụ Khoa học và Công nghệ" were offered


def test_a_close_misspelling_is_still_suggested(tmp_path: Path) -> None:
    problems = problems_of([write(tmp_path, TABLE.replace("Vụ Kế hoạch – Tài chính", "Cuc Bao Chj", 2))])
    assert len(problems) == 2
    for problem in problems:
        assert problem.hint.startswith("did you mean 'Cục Báo chí' (agency/cuc-bao-chi)? Or, if it is a unit")


def new_agency(batch: Batch) -> tuple[dict[str, object], tuple[object, ...]]:
    [node] = [n for n in batch.nodes if n.id == "agency/vu-ke-hoach-tai-chinh"]
    assert node.label is Label.AGENCY
    return dict(node.props), node.sources


def test_with_the_flag_the_unit_becomes_an_agency_under_its_parent_cited_to_the_table(tmp_path: Path) -> None:
    _, batch = read([BUNDLED_DATASET, write(tmp_path, TABLE)], new_agencies=True, **PLAN)
    props, sources = new_agency(batch)
    assert props["nameVi"] == "Vụ Kế hoạch – Tài chính"
    assert props["agencyType"] == "department"
    assert "Added from the task table" in str(props["note"])
    assert "phu-luc.csv" in str(props["note"])
    assert [(c.document, c.locator) for c in sources] == [  # type: ignore[attr-defined]
        ("document/qd-781-2023-btttt", "STT 1"),
        ("document/qd-781-2023-btttt", "STT 2"),
    ]
    edges = {(e.type, e.source, e.target) for e in batch.edges}
    assert (Rel.PART_OF, "agency/vu-ke-hoach-tai-chinh", "agency/bo-vhttdl") in edges
    assert (Rel.LEADS, "agency/vu-ke-hoach-tai-chinh", "task/ke-hoach-hanh-dong-781-1") in edges
    assert (Rel.SUPPORTS, "agency/vu-ke-hoach-tai-chinh", "task/ke-hoach-hanh-dong-781-2") in edges


def test_a_new_unit_needs_a_parent_the_graph_knows(tmp_path: Path) -> None:
    table = TABLE.replace("(Bộ Văn hóa, Thể thao và Du lịch)", "(Bộ Không Có)")
    problems = problems_of([write(tmp_path, table)], new_agencies=True)
    assert [p.message for p in problems] == [
        "unknown agency 'Bộ Không Có', the parent of new 'Vụ Kế hoạch – Tài chính'",
        "unknown agency 'Vụ Kế hoạch – Tài chính': a new one needs its parent",
    ]


def test_a_units_sheet_gives_the_parents(tmp_path: Path) -> None:
    workbook = Workbook()
    tasks = workbook.active
    assert tasks is not None
    tasks.title = "Phụ lục"
    for line in TABLE.replace(" (Bộ Văn hóa, Thể thao và Du lịch)", "").replace('"', "").splitlines():
        tasks.append(line.split(","))
    units = workbook.create_sheet("Đơn vị")
    units.append(["Đơn vị", "Trực thuộc"])
    units.append(["Vụ Kế hoạch – Tài chính", "Bộ VHTTDL"])
    path = tmp_path / "phu-luc.xlsx"
    workbook.save(path)
    notes: list[Problem] = []
    _, batch = read([BUNDLED_DATASET, path], new_agencies=True, notes=notes, **PLAN)
    new_agency(batch)
    assert (Rel.PART_OF, "agency/vu-ke-hoach-tai-chinh", "agency/bo-vhttdl") in {
        (e.type, e.source, e.target) for e in batch.edges
    }
    assert "units and their parents read from sheet 'Đơn vị'" in [n.message for n in notes]


def test_only_a_tables_units_become_agencies(tmp_path: Path) -> None:
    yaml = write(
        tmp_path,
        "tasks:\n  - id: x\n    plan: ke-hoach-hanh-dong-781\n    name: {vi: X}\n"
        "    lead: Vụ Kế hoạch – Tài chính (Bộ VHTTDL)\n"
        "    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: verbatim}]\n",
        "tasks.yaml",
    )
    [problem] = problems_of([yaml], new_agencies=True)
    assert problem.message == "unknown agency 'Vụ Kế hoạch – Tài chính (Bộ VHTTDL)'"
    assert "--new-agencies" not in problem.hint
