"""`--plan` as planners write it: the id, the key, the adopting decision's number, the plan's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratagraph.loaders.load import read
from stratagraph.model.errors import DatasetError
from stratagraph.settings import BUNDLED_DATASET

TABLE = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành
1,Rà soát văn bản pháp luật,Cục Báo chí,Quý II/2024
2,Xây dựng cơ sở dữ liệu báo chí,Cục Báo chí,Năm 2025
3,Tập huấn,Cục Báo chí,Năm 2025
"""


def table(tmp_path: Path) -> Path:
    path = tmp_path / "phu-luc.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "plan",
    [
        "plan/ke-hoach-hanh-dong-781",
        "ke-hoach-hanh-dong-781",
        "781/QĐ-BTTTT",
        "781/qd-btttt",
        "Kế hoạch hành động 781",
        "ke hoach hanh dong 781",
        "Kế hoạch hành động triển khai Chiến lược Chuyển đổi số báo chí đến năm 2025, định hướng đến năm 2030",
        "MIC Action Plan to implement the Strategy for digital transformation of the press through 2025, "
        "with orientations toward 2030",
    ],
)
def test_plan_is_named_by_id_key_decision_or_name(tmp_path: Path, plan: str) -> None:
    _, batch = read([BUNDLED_DATASET, table(tmp_path)], plan=plan, doc="781/QĐ-BTTTT")
    rows = sorted(n.id for n in batch.nodes if n.id.startswith("task/ke-hoach-hanh-dong-781-"))
    assert rows == [f"task/ke-hoach-hanh-dong-781-{n}" for n in (1, 2, 3)]
    in_plan = {e.source for e in batch.edges if e.type.value == "IN_PLAN" and e.target == "plan/ke-hoach-hanh-dong-781"}
    assert set(rows) <= in_plan


WRONG = "Ke hoach hanh dong chuyen doi so bao chi 782"


def test_an_unknown_plan_is_one_problem_with_the_plans_meant(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, table(tmp_path)], plan="Ke hoach hanh dong bao chi 782", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems  # not one per row
    assert (problem.path, problem.code) == ("--plan", "unknown-reference")
    assert problem.message == "no plan 'Ke hoach hanh dong bao chi 782' in the files or the store"
    assert "(plan/ke-hoach-hanh-dong-781)" in problem.hint


def test_a_plan_nothing_resembles_lists_the_plans(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, table(tmp_path)], plan="zzz", doc="781/QĐ-BTTTT")
    [problem] = caught.value.problems
    assert problem.hint.startswith("name a plan by its id, its name or its decision's number; the plans are plan/")
