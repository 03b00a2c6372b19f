"""`stratagraph export` as an integrator runs it: formats, slices, files, errors, and loading the export back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from stratagraph.cli import main
from stratagraph.settings import BUNDLED_DATASET

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BASE = "https://data.example.org/strategy/"
SG = "https://w3id.org/stratagraph/ontology#"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    result = CliRunner().invoke(main, ["load", str(BUNDLED_DATASET), "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def export(data_dir: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["export", "--data-dir", str(data_dir), "--base-iri", BASE, *args])
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.mark.parametrize(("fmt", "syntax"), [("ttl", "turtle"), ("nt", "nt"), ("xml", "xml"), ("jsonld", "json-ld")])
def test_each_format_is_the_same_graph(data_dir: Path, tmp_path: Path, fmt: str, syntax: str) -> None:
    code, out, err = export(data_dir, "--format", fmt)
    assert code == 0, err
    graph = Graph().parse(data=out, format=syntax)
    reference = Graph().parse(data=export(data_dir, "--format", "nt")[1], format="nt")
    assert isomorphic(graph, reference)
    assert f"exported {len(reference)} triples (data version 1) to standard output" in err


def test_output_goes_to_a_file_and_uses_the_base_iri(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    code, out, err = export(data_dir, "-o", str(target))
    assert code == 0, err
    assert out == b""
    assert f"to {target}" in err
    graph = Graph().parse(target, format="turtle")
    assert (URIRef(BASE + "id/agency/cuc-bao-chi"), None, None) in graph
    assert not list(tmp_path.glob("*.part"))


def test_jsonld_inlines_the_context_so_the_file_stands_alone(data_dir: Path) -> None:
    code, out, _ = export(data_dir, "--format", "jsonld", "--agency", "cuc-bao-chi")
    assert code == 0
    document = json.loads(out)
    assert document["@context"]["nameVi"] == {"@id": "sg:nameVi", "@language": "vi"}
    typed = {node["@id"] for node in document["@graph"] if "sg:Agency" in node.get("@type", [])}
    assert typed == {BASE + "id/agency/cuc-bao-chi"}, "other agencies appear only as the leads of its tasks"
    assert any(node["@id"].startswith(BASE + "id/task/") for node in document["@graph"])


def test_a_plan_slice_holds_the_plan_and_its_tasks(data_dir: Path) -> None:
    code, out, _ = export(data_dir, "--plan", "plan/ke-hoach-hanh-dong-781", "--format", "nt")
    assert code == 0
    graph = Graph().parse(data=out, format="nt")
    tasks = set(graph.subjects(URIRef(SG + "inPlan"), URIRef(BASE + "id/plan/ke-hoach-hanh-dong-781")))
    assert len(tasks) > 10


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--agency", "khong-co"], 1, "no agency 'khong-co' in the graph"),
        (["--plan", "khong-co"], 1, "no plan/khong-co in the graph"),
        (["--plan", "a", "--agency", "b"], 2, "give --plan or --agency, not both"),
        (["--base-iri", "http://example.org/a b/"], 2, "--base-iri: base IRI 'http://example.org/a b/' does not make"),
    ],
)
def test_errors_say_what_is_wrong(data_dir: Path, args: list[str], code: int, message: str) -> None:
    exit_code, out, err = export(data_dir, *args)
    assert exit_code == code
    assert message in err
    assert out == b""


def test_an_export_loads_back_into_an_empty_store(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    assert export(data_dir, "-o", str(target))[0] == 0
    result = CliRunner().invoke(main, ["load", str(target), "--data-dir", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert "loaded 1 file," in result.output
    assert "│ Task           │    58 │" in result.output


@pytest.mark.parametrize(("name", "same_as"), [("turtle", "ttl"), ("text/turtle", "ttl"), ("ntriples", "nt")])
def test_formats_are_taken_by_their_usual_names(data_dir: Path, name: str, same_as: str) -> None:
    code, out, _ = export(data_dir, "--format", name, "--agency", "cuc-bao-chi")
    assert code == 0
    assert out == export(data_dir, "--format", same_as, "--agency", "cuc-bao-chi")[1]


def test_an_unknown_format_names_the_ones_there_are(data_dir: Path) -> None:
    code, _, err = export(data_dir, "--format", "yaml")
    assert code == 2
    assert "'yaml' is not a format: use ttl (turtle), jsonld, nt (ntriples) or xml (rdf/xml)" in err


def test_an_agency_named_by_its_abbreviation_or_misspelt(data_dir: Path) -> None:
    code, out, _ = export(data_dir, "--agency", "CBC", "--format", "nt")
    assert code == 0
    assert f"<{BASE}id/agency/cuc-bao-chi> ".encode() in out
    code, _, err = export(data_dir, "--agency", "Cuc Bao Chj")
    assert code == 1
    assert "did you mean 'Cục Báo chí' (agency/cuc-bao-chi)" in err


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("no-folder/graph.ttl", "--output '{out}': there is no folder '{tmp}/no-folder' (hint: create it first)"),
        ("", "--output: give a file name (e.g. -o graph.ttl)"),
        ("a-file/graph.ttl", "--output '{out}': '{tmp}/a-file' is a file, not a folder"),
    ],
    ids=["missing folder", "empty", "under a file"],
)
def test_an_output_that_cannot_be_written_is_one_line_before_anything_is_exported(
    data_dir: Path, tmp_path: Path, output: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    target = str(tmp_path / output) if output else output
    result = CliRunner().invoke(main, ["export", "--data-dir", str(data_dir), "-o", target])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr == f"error: {message.format(tmp=tmp_path, out=target)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_exporting_a_store_that_is_not_there_creates_none(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--data-dir", str(tmp_path / "typo")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no store at {tmp_path}/typo/stratagraph.sqlite3 (hint: load data first")
    assert not (tmp_path / "typo").exists()


def test_an_output_the_system_refuses_is_one_line(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--data-dir", str(data_dir), "-o", "/proc/graph.ttl"])
    assert result.exit_code == 1
    assert result.stderr == "error: cannot write /proc/graph.ttl: No such file or directory\n"


@pytest.mark.parametrize(
    ("name", "syntax"),
    [("graph.nt", "nt"), ("graph.ttl", "turtle"), ("graph.rdf", "xml"), ("graph.xml", "xml"), ("g.jsonld", "json-ld")],
)
def test_the_output_file_extension_chooses_the_format(data_dir: Path, tmp_path: Path, name: str, syntax: str) -> None:
    """``-o graph.nt`` writes N-Triples (it wrote Turtle whatever the extension); a parser of that syntax reads it."""
    target = tmp_path / name
    code, _, err = export(data_dir, "--agency", "cuc-bao-chi", "-o", str(target))
    assert code == 0, err
    reference = Graph().parse(data=export(data_dir, "--agency", "cuc-bao-chi", "--format", "nt")[1], format="nt")
    assert isomorphic(Graph().parse(target, format=syntax), reference)
    if syntax == "nt":
        assert not target.read_bytes().startswith(b"@prefix"), "N-Triples, not Turtle"


def test_a_file_without_a_known_extension_gets_turtle(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.txt"
    assert export(data_dir, "--agency", "cuc-bao-chi", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"@prefix")


def test_a_format_the_file_name_contradicts_is_refused_and_nothing_is_written(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    code, out, err = export(data_dir, "--format", "ttl", "-o", str(target))
    assert code == 2
    assert out == b""
    assert err == (
        f"error: --format ttl (text/turtle) but --output {target} names nt (application/n-triples) by its "
        "extension; drop --format, or name the file *.ttl\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_format_the_file_name_agrees_with_is_taken(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.rdf"
    assert export(data_dir, "--agency", "cuc-bao-chi", "--format", "rdf/xml", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"<?xml")


# -- a plan's task table (issue 15, item 10) ------------------------------------------------------

PLAN_WORLD = """\
plans:
  - id: ke-hoach-thu
    kind: plan
    name: {vi: "Kế hoạch thử"}
    start: 2024
    end: 2026
    adoptedBy: qd-781-2023-btttt
    sources: [{doc: 781/QĐ-BTTTT, at: "Điều 1", kind: inferred, note: "a plan for the test"}]
"""
PLAN_ROWS = """\
STT,Nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian hoàn thành,Sản phẩm,Trạng thái
I,Hoàn thiện thể chế,,,,,
1,Rà soát văn bản pháp luật,Cục Báo chí,"Bộ Văn hóa, Thể thao và Du lịch",Quý II/2024,Báo cáo,Đang thực hiện
2,Xây dựng cơ sở dữ liệu,Cục Báo chí,,Năm 2025,+Cơ sở dữ liệu,Hoàn thành
II,Phát triển nền tảng số,,,,,
1,Nghiên cứu nền tảng dùng chung,Bộ TT&TT,Cục Báo chí,Năm 2026,Đề án,
"""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_plans_table_exported_loads_back_changing_nothing(tmp_path: Path, fmt: str) -> None:
    runner = CliRunner()
    (tmp_path / "plan.yaml").write_text(PLAN_WORLD, encoding="utf-8")
    (tmp_path / "phu-luc.csv").write_text(PLAN_ROWS, encoding="utf-8")
    store = ["--data-dir", str(tmp_path / "var")]
    assert runner.invoke(main, ["load", str(BUNDLED_DATASET), str(tmp_path / "plan.yaml"), *store]).exit_code == 0
    table = [str(tmp_path / "phu-luc.csv"), "--plan", "ke-hoach-thu", "--doc", "781/QĐ-BTTTT"]
    assert runner.invoke(main, ["load", *table, *store]).exit_code == 0
    out = tmp_path / f"ke-hoach-thu.{fmt}"
    exported = runner.invoke(main, ["export", "--plan", "ke-hoach-thu", "--format", fmt, "-o", str(out), *store])
    assert exported.exit_code == 0, exported.output
    assert "exported plan/ke-hoach-thu's table, 5 rows" in exported.output
    if fmt == "xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
        assert rows[3][:3] == ("2", "Xây dựng cơ sở dữ liệu", "Cục Báo chí")
        assert rows[3][5] == "'+Cơ sở dữ liệu"  # text, not a formula
    again = runner.invoke(main, ["load", str(out), "--plan", "ke-hoach-thu", "--doc", "781/QĐ-BTTTT", *store, "--json"])
    assert again.exit_code == 0, again.output
    report = json.loads(again.output[again.output.index("{") :])
    assert report["changes"]["created"] == report["changes"]["updated"] == report["changes"]["retired"] == []
    assert report["changes"]["unchanged"] == [
        "task/ke-hoach-thu-i-1",
        "task/ke-hoach-thu-i-2",
        "task/ke-hoach-thu-ii-1",
    ]
    assert report["version"] == 2


def test_a_table_format_needs_a_plan(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "--format xlsx writes a plan's task table: give --plan" in result.output


def test_the_curated_781_plan_exported_as_excel_loads_back_changing_nothing(data_dir: Path, tmp_path: Path) -> None:
    """The issue's journey on the bundled plan: no English group name dropped, no citation replaced, no yearly
    duty left undated; the data version stays."""
    target = tmp_path / "kh781.xlsx"
    code, _, err = export(data_dir, "--plan", "ke-hoach-hanh-dong-781", "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    args = ["load", str(target), "--plan", "781/QĐ-BTTTT", "--doc", "781/QĐ-BTTTT", "--data-dir", str(data_dir)]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["changes"]["created"] == report["changes"]["updated"] == report["changes"]["retired"] == []
    assert len(report["changes"]["unchanged"]) == 16
    assert report["version"] == 1


@pytest.mark.parametrize(("name", "magic"), [("tasks.xlsx", b"PK"), ("tasks.csv", '\ufeff"STT"'.encode())])
def test_a_table_file_name_chooses_the_table_format(data_dir: Path, tmp_path: Path, name: str, magic: bytes) -> None:
    """``-o tasks.xlsx --plan P`` writes the plan's table (it wrote Turtle: the extension was not read)."""
    target = tmp_path / name
    code, _, err = export(data_dir, "--plan", "ke-hoach-hanh-dong-781", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "ttl", "-o", "tasks.xlsx"], "--format ttl (text/turtle) but --output {}tasks.xlsx names xlsx"),
        (["--format", "xlsx", "-o", "tasks.ttl"], "--format xlsx but --output {}tasks.ttl names ttl (text/turtle)"),
        (["--format", "csv", "-o", "tasks.xlsx"], "--format csv but --output {}tasks.xlsx names xlsx"),
    ],
)
def test_a_table_format_the_file_name_contradicts_is_refused(
    data_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    named = [str(tmp_path / a) if a.startswith("tasks.") else a for a in args]
    code, out, err = export(data_dir, "--plan", "ke-hoach-hanh-dong-781", *named)
    assert out == b""
    assert code == 2
    assert message.format(f"{tmp_path}/") in err
    assert list(tmp_path.iterdir()) == []


def test_a_table_file_name_without_a_plan_asks_for_one(data_dir: Path, tmp_path: Path) -> None:
    code, _, err = export(data_dir, "-o", str(tmp_path / "tasks.xlsx"))
    assert code == 2
    assert "--format xlsx writes a plan's task table: give --plan" in err
