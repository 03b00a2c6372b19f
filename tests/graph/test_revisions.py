"""A plan's table revised and loaded again, on every store: what changed, what was retired, what was not written.

Runs once per store kind (``conftest.py``); every record is named with the test's ``ns``, so the
Neo4j run touches nothing else in its database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.loaders.load import load
from stratagraph.model.errors import DatasetError, NotFoundError
from stratagraph.model.records import RETIRED_BY, RETIRED_ON, Direction, Rel, is_retired
from stratagraph.plan_table import plan_table
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.gaps import accountability_gaps
from stratagraph.queries.schedule import task_times
from stratagraph.queries.tasks import TaskFilter, find_tasks
from stratagraph.queries.workload import workload
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context

DAY = dt.date(2026, 3, 2)

HEADER = "STT,Nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian hoàn thành,Sản phẩm\n"


def world(ns: str) -> str:
    """A document, two agencies and a plan, all named by ``ns``: what a table of the plan refers to."""
    cite = f"sources: [{{doc: {ns}-qd, at: 'Điều 1', kind: verbatim}}]"
    return f"""\
documents:
  - id: {ns}-qd
    number: "{ns}/QĐ-BTTTT"
    type: decision
    title: {{vi: "Quyết định ban hành Kế hoạch thử"}}
    {cite}
agencies:
  - id: {ns}-cuc
    type: department
    name: {{vi: "Cục Thử Nghiệm {ns}"}}
    {cite}
  - id: {ns}-vu
    type: department
    name: {{vi: "Vụ Kế Hoạch {ns}"}}
    {cite}
plans:
  - id: {ns}-kh
    kind: plan
    name: {{vi: "Kế hoạch thử {ns}"}}
    start: 2024
    end: 2026
    adoptedBy: {ns}-qd
    {cite}
"""


def table(ns: str, *rows: str) -> str:
    return HEADER + "".join(
        row.replace("CUC", f"Cục Thử Nghiệm {ns}").replace("VU", f"Vụ Kế Hoạch {ns}") + "\n" for row in rows
    )


FIRST = (
    "I,Hoàn thiện thể chế,,,,",
    "1,Rà soát văn bản,CUC,VU,Quý II/2024,Báo cáo",
    "2,Xây dựng cơ sở dữ liệu,CUC,,Năm 2025,Cơ sở dữ liệu",
    "3,Đào tạo kỹ năng số,VU,,Năm 2025,Lớp học",
)
REVISED = (  # 2 taken out, 3 led by another agency, 4 added
    "I,Hoàn thiện thể chế,,,,",
    "1,Rà soát văn bản,CUC,VU,Quý II/2024,Báo cáo",
    "3,Đào tạo kỹ năng số,CUC,,Năm 2025,Lớp học",
    "4,Công bố dữ liệu mở,VU,,Năm 2026,Cổng dữ liệu",
)


@pytest.fixture
async def planned(store: Store, ns: str, tmp_path: Path) -> Path:
    """The store with the plan's world and its first table loaded; the folder the tables are written to."""
    (tmp_path / "world.yaml").write_text(world(ns), encoding="utf-8")
    await load([tmp_path / "world.yaml"], store)
    first = tmp_path / "phu-luc.csv"
    first.write_text(table(ns, *FIRST), encoding="utf-8")
    result = await load([first], store, plan=f"{ns}-kh", doc=f"{ns}-qd", today=DAY)
    assert result.changes is not None
    assert result.changes.created == tuple(f"task/{ns}-kh-i-{n}" for n in (1, 2, 3))
    return tmp_path


def task(ns: str, stt: int) -> str:
    return f"task/{ns}-kh-i-{stt}"


async def test_the_same_table_under_another_name_changes_nothing_and_keeps_the_version(
    store: Store, ns: str, planned: Path
) -> None:
    version = await store.version()
    copy = planned / "phu-luc-ban-sao.csv"
    copy.write_text(table(ns, *FIRST), encoding="utf-8")
    result = await load([copy], store, plan=f"{ns}-kh", doc=f"{ns}-qd", today=DAY)
    assert result.changes is not None
    assert result.changes.empty
    assert result.changes.unchanged == tuple(task(ns, n) for n in (1, 2, 3))
    assert (result.version, await store.version()) == (version, version)
    stored = await store.get([task(ns, 1)])
    assert str(stored[task(ns, 1)].sources[0].note).startswith("read from phu-luc.csv")  # the copy first read


async def test_a_revision_without_replace_warns_of_the_rows_it_lacks_and_retires_nothing(
    store: Store, ns: str, planned: Path
) -> None:
    revised = planned / "phu-luc-v2.csv"
    revised.write_text(table(ns, *REVISED), encoding="utf-8")
    result = await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", today=DAY)
    [warning] = [w for w in result.warnings if w.code == "not-in-table"]
    assert warning.message == f"1 task of this plan (plan/{ns}-kh) is not in the table: {task(ns, 2)}"
    assert "--replace" in warning.hint
    assert not is_retired((await store.get([task(ns, 2)]))[task(ns, 2)])


async def test_replace_retires_what_the_revision_lacks_and_reports_every_change(
    store: Store, ns: str, planned: Path
) -> None:
    revised = planned / "phu-luc-v2.csv"
    revised.write_text(table(ns, *REVISED), encoding="utf-8")
    before = await store.version()
    result = await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    changes = result.changes
    assert changes is not None
    assert changes.created == (task(ns, 4),)
    assert changes.retired == (task(ns, 2),)
    assert changes.unchanged == (task(ns, 1),)
    [(updated, fields)] = changes.updated
    assert updated == task(ns, 3)
    assert [(f.field, f.old, f.new) for f in fields] == [("LEADS", f"agency/{ns}-vu", f"agency/{ns}-cuc")]
    assert [r.describe() for r in result.replaced] == [f"{task(ns, 3)}: drops 1 LEADS"]  # no citation: same place
    assert result.version == before + 1
    retired = (await store.get([task(ns, 2)]))[task(ns, 2)]
    assert (retired.props[RETIRED_ON], retired.props[RETIRED_BY]) == ("2026-03-02", "phu-luc-v2.csv")
    assert retired.props["nameVi"] == "Xây dựng cơ sở dữ liệu"
    assert retired.sources  # its citations stay
    assert [e.source for e in await store.neighbours([task(ns, 2)], Rel.LEADS, Direction.IN)] == [f"agency/{ns}-cuc"]

    plan_tasks = await find_tasks(store, Derived(store), TaskFilter(plan=f"plan/{ns}-kh"))
    assert task(ns, 2) not in {t.id for t in plan_tasks}
    every = await find_tasks(store, Derived(store), TaskFilter(plan=f"plan/{ns}-kh", include_retired=True))
    assert task(ns, 2) in {t.id for t in every}
    load_of = await workload(store, Derived(store), f"agency/{ns}-cuc", DAY)
    assert task(ns, 2) not in {a.task for a in load_of.assignments}
    assert task(ns, 2) not in {g.subject for g in await accountability_gaps(store, f"plan/{ns}-kh")}
    graph = await Derived(store).get(ANALYSIS_GRAPH)
    assert task(ns, 2) not in graph.windows
    assert task(ns, 3) in graph.windows
    retired_on = r"was retired on 2026-03-02 \(by phu-luc-v2\.csv\): it is no longer planned"
    with pytest.raises(NotFoundError, match=retired_on):
        task_times(graph, task(ns, 2))

    again = await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    assert again.changes is not None
    assert again.changes.empty  # retired already: nothing more to retire
    assert again.version == result.version


async def test_a_retired_task_listed_again_comes_back(store: Store, ns: str, planned: Path) -> None:
    revised = planned / "phu-luc-v2.csv"
    revised.write_text(table(ns, *REVISED), encoding="utf-8")
    await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    back = await load([planned / "phu-luc.csv"], store, plan=f"{ns}-kh", doc=f"{ns}-qd", today=DAY)
    assert back.changes is not None
    fields = dict(back.changes.updated)[task(ns, 2)]
    assert (RETIRED_ON, "2026-03-02", None) in [(f.field, f.old, f.new) for f in fields]
    assert not is_retired((await store.get([task(ns, 2)]))[task(ns, 2)])


async def test_a_revision_with_errors_writes_nothing_and_retires_nothing(store: Store, ns: str, planned: Path) -> None:
    revised = planned / "phu-luc-v2.csv"
    revised.write_text(table(ns, *REVISED[:-1], "4,Công bố dữ liệu mở,Vụ Không Có,,Năm 2026,Cổng"), encoding="utf-8")
    version = await store.version()
    with pytest.raises(DatasetError):
        await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    assert await store.version() == version
    assert not is_retired((await store.get([task(ns, 2)]))[task(ns, 2)])


async def test_strict_refuses_a_revision_that_leaves_rows_out(store: Store, ns: str, planned: Path) -> None:
    revised = planned / "phu-luc-v2.csv"
    revised.write_text(table(ns, *REVISED), encoding="utf-8")
    version = await store.version()
    with pytest.raises(DatasetError) as caught:
        await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", strict=True, today=DAY)
    assert [p.code for p in caught.value.problems] == ["not-in-table"]
    assert await store.version() == version


async def test_graphql_shows_a_retired_task_and_lists_it_only_when_asked(store: Store, ns: str, planned: Path) -> None:
    revised = planned / "phu-luc-v2.csv"
    revised.write_text(table(ns, *REVISED), encoding="utf-8")
    await load([revised], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    document = f"""{{
      retired: task(id: "{task(ns, 2)}") {{ retired {{ on by }} upstream {{ depth }} downstream {{ depth }} }}
      live: task(id: "{task(ns, 1)}") {{ retired {{ on }} }}
      listed: tasks(filter: {{plan: "plan/{ns}-kh"}}) {{ edges {{ node {{ id }} }} }}
      all: tasks(filter: {{plan: "plan/{ns}-kh", includeRetired: true}}) {{ edges {{ node {{ id }} }} }}
    }}"""
    result = await build_schema().execute(document, context_value=Context(store, Derived(store)))
    assert result.errors is None, result.errors
    data = result.data
    assert data is not None
    assert data["retired"]["retired"] == {"on": "2026-03-02", "by": "phu-luc-v2.csv"}
    assert data["retired"]["upstream"] == data["retired"]["downstream"] == []  # out of the flow of work
    assert data["live"]["retired"] is None
    listed = {edge["node"]["id"] for edge in data["listed"]["edges"]}
    assert listed == {task(ns, n) for n in (1, 3, 4)}
    assert {edge["node"]["id"] for edge in data["all"]["edges"]} == listed | {task(ns, 2)}


# -- round trip (issue 15, item 10) ---------------------------------------------------------------

NESTED = (
    "A.,Nhiệm vụ chung,,,,",
    "I.,Hoàn thiện thể chế,,,,",
    "1,Rà soát văn bản,CUC,VU,Quý II/2024,Báo cáo",
    "2,=Xây dựng cơ sở dữ liệu,CUC,,Năm 2025,-Cơ sở dữ liệu",
    "2.1,Thu thập dữ liệu,CUC,,Quý I/2025,Dữ liệu",
    "a),Dữ liệu báo in,CUC,,Quý I/2025,Dữ liệu",
    "-,Báo Trung ương,CUC,,Quý I/2025,Dữ liệu",
    "II.,Phát triển nền tảng,,,,",
    "1,Nghiên cứu nền tảng dùng chung,VU,CUC,Năm 2026,Đề án",
)


async def test_the_exported_table_loads_back_unchanged(store: Store, ns: str, planned: Path) -> None:
    nested = planned / "phu-luc-nested.csv"
    nested.write_text(table(ns, *NESTED), encoding="utf-8")
    await load([nested], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    exported = await plan_table(store, f"plan/{ns}-kh")
    assert exported.rows[0][:8] == (
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Trạng thái",
        "Mã nhiệm vụ",
    )
    assert [row[:2] for row in exported.rows[1:]] == [
        ("A", ""),
        ("I", "Hoàn thiện thể chế"),
        ("1", "Rà soát văn bản"),
        ("2", "=Xây dựng cơ sở dữ liệu"),
        ("2.1", "Thu thập dữ liệu"),
        ("a)", "Dữ liệu báo in"),
        ("-", "Báo Trung ương"),
        ("II", "Phát triển nền tảng"),
        ("1", "Nghiên cứu nền tảng dùng chung"),
    ]  # the retired tasks of the first table are not in it
    path = planned / "xuat.csv"
    path.write_text(exported.to_csv(), encoding="utf-8")
    assert "'=Xây dựng" in path.read_text(encoding="utf-8")  # no formula in a spreadsheet
    version = await store.version()
    again = await load([path], store, plan=f"{ns}-kh", doc=f"{ns}-qd", replace=True, today=DAY)
    assert again.changes is not None
    assert again.changes.empty, again.changes
    assert again.changes.unchanged == tuple(
        f"task/{ns}-kh-{key}" for key in ("a-i-1", "a-i-2", "a-i-2-1", "a-i-2-1-a", "a-i-2-1-a-gach-1", "a-ii-1")
    )
    assert (again.version, await store.version()) == (version, version)
