"""Each kind of bad input gets its precise error, and the store stays byte-for-byte as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from stratagraph.graph.open import open_store
from stratagraph.loaders.load import load, read
from stratagraph.model.errors import DatasetError, Problem
from stratagraph.settings import BUNDLED_DATASET

TASK = """\
tasks:
  - id: test-task
    plan: ke-hoach-hanh-dong-781
    name: {{vi: Nhiệm vụ thử}}
{extra}    sources:
      - {{doc: 781/QĐ-BTTTT, at: "Phụ lục", kind: inferred, note: test}}
"""


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, *(tmp_path / n for n in files)])
    return list(caught.value.problems)


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = TASK.format(extra="    lead: [Cục Báo chí\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "syntax")
    assert problem.file.endswith("bad.yaml")
    assert problem.line == 6
    assert "YAML syntax error" in problem.message
    assert "indentation" in problem.hint


def test_missing_required_field(tmp_path: Path) -> None:
    text = "tasks:\n  - id: no-name\n    plan: ke-hoach-hanh-dong-781\n    sources: []\n"
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "missing")
    assert (problem.line, problem.path) == (2, "tasks[0].name")
    assert "'name' is missing" in problem.message
    assert "add `name:`" in problem.hint


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    text = TASK.format(extra="    leed: Cục Báo chí\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "unknown-field")
    assert (problem.line, problem.path) == (5, "tasks[0].leed")
    assert problem.hint == "did you mean 'lead'?"


@pytest.mark.parametrize(
    ("written", "meant"), [("finished", "done"), ("in progres", "in-progress"), ("Ongoing", "in-progress")]
)
def test_a_status_outside_the_list_suggests_the_one_meant(tmp_path: Path, written: str, meant: str) -> None:
    text = TASK.format(extra=f"    status: {written}\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "invalid")
    assert (problem.line, problem.path) == (5, "tasks[0].status")
    assert problem.hint == f"did you mean {meant!r}?"


def test_a_record_with_a_malformed_field_is_still_checked_against_the_rest(tmp_path: Path) -> None:
    text = TASK.format(extra="    status: finished\n    lead: Cuc Bao Chii\n    dependsOn: [khong-co-nhiem-vu-nay]\n")
    problems = problems_of(tmp_path, {"bad.yaml": text})
    assert only(problems, "invalid").path == "tasks[0].status"
    unknown = {p.path: p.message for p in problems if p.code == "unknown-reference"}  # found in the same run
    assert unknown == {
        "tasks[0].lead": "unknown agency 'Cuc Bao Chii'",
        "tasks[0].dependsOn[0]": "unknown task 'khong-co-nhiem-vu-nay'",
    }


def test_a_value_far_from_every_listed_one_gets_the_general_hint(tmp_path: Path) -> None:
    text = TASK.format(extra="    status: xyzzy\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "invalid")
    assert problem.hint == "write one of the values the message lists"
    assert "'done'" in problem.message


def test_duplicate_id_points_at_both(tmp_path: Path) -> None:
    text = TASK.format(extra="") + TASK.format(extra="").removeprefix("tasks:\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "duplicate")
    assert problem.line == 7
    assert "duplicate id task/test-task" in problem.message
    assert "bad.yaml:2" in problem.message


@pytest.mark.parametrize("written", ["Cuc Bao Chii", "Cục Báo trí"])
def test_unknown_agency_suggests_close_names(tmp_path: Path, written: str) -> None:
    text = TASK.format(extra=f"    lead: {written}\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "unknown-reference")
    assert (problem.line, problem.path) == (5, "tasks[0].lead")
    assert problem.message == f"unknown agency {written!r}"
    assert problem.hint.startswith("did you mean 'Cục Báo chí' (agency/cuc-bao-chi)"), "the closest name first"


def test_agency_found_by_alias_without_diacritics(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(TASK.format(extra="    lead: cuc bao chi\n    supports: [MIC]\n"))
    _, batch = read([BUNDLED_DATASET, tmp_path / "ok.yaml"])
    leads = {(e.type.value, e.source) for e in batch.edges if e.target == "task/test-task"}
    assert leads >= {("LEADS", "agency/cuc-bao-chi"), ("SUPPORTS", "agency/bo-tttt")}


def test_two_leads(tmp_path: Path) -> None:
    text = TASK.format(extra="    lead: [Cục Báo chí, Bộ TT&TT]\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "two-leads")
    assert (problem.line, problem.path) == (5, "tasks[0].lead")
    assert "2 leads" in problem.message
    assert "supports" in problem.hint


def test_unparseable_deadline_is_quoted(tmp_path: Path) -> None:
    text = TASK.format(extra="    deadline: Sau Tết\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "deadline")
    assert (problem.line, problem.path) == (5, "tasks[0].deadline")
    assert "'Sau Tết'" in problem.message
    assert problem.hint


def test_part_of_cycle(tmp_path: Path) -> None:
    text = """\
agencies:
  - id: don-vi-a
    type: department
    name: {vi: Đơn vị A}
    partOf: [don-vi-b]
    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: inferred}]
  - id: don-vi-b
    type: department
    name: {vi: Đơn vị B}
    partOf: [don-vi-a]
    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: inferred}]
"""
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "cycle")
    assert problem.message == "PART_OF cycle: agency/don-vi-a -> agency/don-vi-b -> agency/don-vi-a"
    assert problem.line == 5
    assert "part of itself" in problem.hint


def test_target_without_numeric_value(tmp_path: Path) -> None:
    text = """\
indicators:
  - id: chi-tieu-thu
    plan: ke-hoach-hanh-dong-781
    name: {vi: Chỉ tiêu thử}
    targets:
      - year: 2025
        unit: "%"
        sources: [{doc: 781/QĐ-BTTTT, at: x, kind: inferred}]
    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: inferred}]
"""
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "missing-value")
    assert (problem.line, problem.path) == (6, "indicators[0].targets[0]")
    assert "no numeric value" in problem.message
    assert "qualitative: true" in problem.hint


def test_value_written_with_percent_sign(tmp_path: Path) -> None:
    text = """\
measurements:
  - id: do-luong-thu
    indicator: chi-so-truong-thanh-cds-bao-chi
    year: 2024
    value: 70%
    sources: [{doc: 781/QĐ-BTTTT, at: x, kind: inferred}]
"""
    problems = problems_of(tmp_path, {"bad.yaml": text})
    problem = next(p for p in problems if p.path == "measurements[0].value")
    assert problem.line == 5
    assert "not '70%'" in problem.hint


def test_wrong_encoding(tmp_path: Path) -> None:
    text = TASK.format(extra="    lead: Cục Báo chí\n")
    legacy = text.encode("cp1258", errors="replace")
    problem = only(problems_of(tmp_path, {"bad.yaml": legacy}), "encoding")
    assert problem.line == 5  # "Báo": the first letter cp1258 encodes as a single legacy byte
    assert "not UTF-8" in problem.message
    assert "UTF-8" in problem.hint


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = TASK.format(extra="    lead: [Cục Báo chí, Nobody]\n    deadline: Sau Tết\n")
    codes = {p.code for p in problems_of(tmp_path, {"bad.yaml": text})}
    assert {"two-leads", "unknown-reference", "deadline"} <= codes


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def bad_files(tmp_path: Path) -> list[Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "two-leads.yaml").write_text(TASK.format(extra="    lead: [Cục Báo chí, Bộ TT&TT]\n"))
    return [bad / "two-leads.yaml"]


async def test_failed_load_leaves_store_byte_for_byte_unchanged(store_path: Path, bad_files: list[Path]) -> None:
    store = open_store("embedded", path=store_path)
    await store.open()
    await load([BUNDLED_DATASET], store)
    version = await store.version()
    await store.close()
    before = _digest(store_path.parent)

    store = open_store("embedded", path=store_path)
    await store.open()
    with pytest.raises(DatasetError):
        await load(bad_files, store)
    assert await store.version() == version
    await store.close()
    assert _digest(store_path.parent) == before


async def test_loading_an_edited_record_again_replaces_its_relations(store_path: Path, tmp_path: Path) -> None:
    """A planner changes a task's lead and reloads: one lead, the new one."""
    from stratagraph.model.records import Direction, Rel

    store = open_store("embedded", path=store_path)
    await store.open()
    await load([BUNDLED_DATASET], store)
    task_file = tmp_path / "task.yaml"
    task_file.write_text(TASK.format(extra="    lead: Cục Báo chí\n    supports: [MIC]\n"), encoding="utf-8")
    await load([task_file], store)
    task_file.write_text(TASK.format(extra="    lead: Bộ TT&TT\n"), encoding="utf-8")
    await load([task_file], store)
    leads = await store.neighbours(["task/test-task"], Rel.LEADS, Direction.IN)
    supports = await store.neighbours(["task/test-task"], Rel.SUPPORTS, Direction.IN)
    await store.close()
    assert [e.source for e in leads] == ["agency/bo-tttt"]
    assert supports == []


def test_a_day_without_a_year_reads_yearly_only_when_the_record_says_so(tmp_path: Path) -> None:
    bare = TASK.format(extra='    deadline: "Trước ngày 03/4"\n')
    assert only(problems_of(tmp_path, {"bare.yaml": bare}), "deadline").path == "tasks[0].deadline"
    (tmp_path / "yearly.yaml").write_text(
        TASK.format(extra='    deadline: "Trước ngày 03/4"\n    recurs: yearly\n'), encoding="utf-8"
    )
    _, batch = read([BUNDLED_DATASET, tmp_path / "yearly.yaml"])
    [task] = [n for n in batch.nodes if n.id == "task/test-task"]
    assert task.props["deadlineText"] == "Trước ngày 03/4"
    assert (task.props["deadlineKind"], task.props["deadlineMonth"], task.props["deadlineDay"]) == ("recurring", 4, 3)


def test_a_dependency_cycle_is_refused_with_its_path(tmp_path: Path) -> None:
    table = (
        "STT,Nhiệm vụ,Đơn vị chủ trì,Phụ thuộc\n1,Thu thập dữ liệu,Cục Báo chí,2\n2,Phân tích dữ liệu,Cục Báo chí,1\n"
    )
    (tmp_path / "bang.csv").write_text(table, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read([BUNDLED_DATASET, tmp_path / "bang.csv"], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    problem = only(list(caught.value.problems), "cycle")
    first, second = "task/ke-hoach-hanh-dong-781-1", "task/ke-hoach-hanh-dong-781-2"
    assert problem.message == f"DEPENDS_ON cycle: {first} -> {second} -> {first}"
    assert (problem.line, problem.path) == (2, "STT 1, Phụ thuộc")
    assert "cannot wait for itself" in problem.hint


async def test_a_dependency_that_closes_a_cycle_with_the_store_is_refused(store_path: Path, tmp_path: Path) -> None:
    """The store holds a -> b; a new record b -> a is refused, and reloading a without its dependency is not."""
    store = open_store("embedded", path=store_path)
    await store.open()
    await load([BUNDLED_DATASET], store)
    first = tmp_path / "a.yaml"
    first.write_text(
        TASK.format(extra="    dependsOn: [test-task-b]\n").replace("id: test-task", "id: test-task-a")
        + TASK.format(extra="").replace("tasks:\n", "").replace("id: test-task", "id: test-task-b"),
        encoding="utf-8",
    )
    await load([first], store)
    second = tmp_path / "b.yaml"
    second.write_text(
        TASK.format(extra="    dependsOn: [test-task-a]\n").replace("id: test-task", "id: test-task-b"),
        encoding="utf-8",
    )
    version = await store.version()
    with pytest.raises(DatasetError) as caught:
        await load([second], store)
    assert only(list(caught.value.problems), "cycle").message.startswith("DEPENDS_ON cycle: task/test-task-a")
    assert await store.version() == version
    first.write_text(TASK.format(extra="").replace("id: test-task", "id: test-task-a"), encoding="utf-8")
    await load([first, second], store)  # a no longer waits for b: b may wait for a
    await store.close()


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    text = TASK.format(extra="    lead: Cục Báo chí\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text.encode("utf-16-le")}), "encoding")
    assert problem.message == "file looks like UTF-16 without a byte-order mark, not UTF-8"


def test_decomposed_vietnamese_is_read_as_the_same_text(tmp_path: Path) -> None:
    """Names typed decomposed (NFD) match and are stored as the curated ones (NFC)."""
    import unicodedata

    text = TASK.format(extra="    lead: Cục Báo chí\n").replace("Nhiệm vụ thử", "Nhiệm vụ thử nghiệm")
    (tmp_path / "nfd.yaml").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    _, batch = read([BUNDLED_DATASET, tmp_path / "nfd.yaml"])
    [task] = [n for n in batch.nodes if n.id == "task/test-task"]
    assert task.props["nameVi"] == unicodedata.normalize("NFC", "Nhiệm vụ thử nghiệm")
    assert any(e.source == "agency/cuc-bao-chi" and e.target == task.id for e in batch.edges)


def test_a_control_character_in_text_is_refused_with_its_place(tmp_path: Path) -> None:
    """An invisible control character (here a form feed pasted from a document) is named; tabs and line breaks pass."""
    text = TASK.replace("Nhiệm vụ thử", '"Nhiệm vụ\\fthử"').format(extra='    note: "dòng 1\\n\\tdòng 2\\r\\n"\n')
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "invalid")
    assert (problem.line, problem.path) == (4, "tasks[0].name.vi")
    assert "control character U+000C at position 9" in problem.message


LEVEL = """\
indicators:
  - id: muc-thu
    name: {{vi: Mức thử}}
    levelOf: chi-so-truong-thanh-cds-bao-chi-1827
{extra}    sources: [{{doc: 1827/QĐ-BTTTT, at: x, kind: inferred, note: test}}]
"""


def test_a_level_whose_band_is_empty_is_refused(tmp_path: Path) -> None:
    text = LEVEL.format(extra="    rank: 2\n    scoreFrom: 90\n    scoreBelow: 50\n")
    problem = only(problems_of(tmp_path, {"bad.yaml": text}), "invalid")
    assert (problem.line, problem.path) == (6, "indicators[0].scoreFrom")
    assert "from 90 points and below 50 covers no score" in problem.message


@pytest.mark.parametrize(("extra", "path"), [("    rank: 0\n", "rank"), ("    criteriaCount: -1\n", "criteriaCount")])
def test_ranks_start_at_one_and_counts_at_zero(tmp_path: Path, extra: str, path: str) -> None:
    problem = only(problems_of(tmp_path, {"bad.yaml": LEVEL.format(extra=extra)}), "invalid")
    assert problem.path == f"indicators[0].{path}"
    assert problem.line == 5


def test_an_index_version_replaces_an_indicator_not_a_document(tmp_path: Path) -> None:
    text = LEVEL.format(extra="    replaces: [qd-951-2023-btttt]\n    adoptedBy: chi-so-truong-thanh-cds-bao-chi\n")
    problems = [p for p in problems_of(tmp_path, {"bad.yaml": text}) if p.code == "unknown-reference"]
    assert sorted(p.path for p in problems) == ["indicators[0].adoptedBy", "indicators[0].replaces[0]"]
    assert "unknown indicator 'qd-951-2023-btttt'" in next(p.message for p in problems if "replaces" in p.path)


async def test_loading_an_index_version_again_replaces_its_relations(store_path: Path, tmp_path: Path) -> None:
    """A version re-issued by another decision is issued by that one only; its old levelOf goes too."""
    from stratagraph.model.records import Direction, Rel

    store = open_store("embedded", path=store_path)
    await store.open()
    await load([BUNDLED_DATASET], store)
    version = tmp_path / "version.yaml"
    version.write_text(
        LEVEL.format(extra="    adoptedBy: 951/QĐ-BTTTT\n    replaces: [chi-so-truong-thanh-cds-bao-chi-951]\n"),
        encoding="utf-8",
    )
    await load([version], store)
    version.write_text(
        LEVEL.replace("    levelOf: chi-so-truong-thanh-cds-bao-chi-1827\n", "").format(
            extra="    adoptedBy: 1827/QĐ-BTTTT\n"
        ),
        encoding="utf-8",
    )
    await load([version], store)
    found = {
        rel: [e.target for e in await store.neighbours(["indicator/muc-thu"], rel, Direction.OUT)]
        for rel in (Rel.ADOPTED_BY, Rel.REPLACES, Rel.LEVEL_OF)
    }
    await store.close()
    assert found == {Rel.ADOPTED_BY: ["document/qd-1827-2024-btttt"], Rel.REPLACES: [], Rel.LEVEL_OF: []}
