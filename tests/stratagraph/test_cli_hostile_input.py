"""Hostile and broken input files through `stratagraph load`, run as a planner runs it, in a process of its own.

Each file gets one located line (file:line: what, then a hint), exit status 1, and the store
is byte for byte as it was. The process runs with 1 GiB of address space and a 30 s bound:
the point is that it stops with our error, not that it is fast (before, these ran for minutes,
took gigabytes, aborted, or ended in a traceback).
"""

from __future__ import annotations

import csv
import io
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.hostile import alias_bomb, billion_laughs, nested_jsonld, nested_rdf_xml, nested_turtle
from stratagraph.cli import main
from stratagraph.settings import BUNDLED_DATASET

GIB = 1 << 30
STRATAGRAPH = str(Path(sys.executable).parent / "stratagraph")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled dataset, to copy for each test."""
    folder = tmp_path_factory.mktemp("loaded")
    assert CliRunner().invoke(main, ["load", str(BUNDLED_DATASET), "--data-dir", str(folder)]).exit_code == 0
    return folder / "stratagraph.sqlite3"


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in ``folder``, its address space capped at 1 GiB, stopped after 30 s."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))

    return subprocess.run(
        [STRATAGRAPH, *args], cwd=folder, capture_output=True, text=True, timeout=30, preexec_fn=cap_memory
    )


def table(rows: int, name: str = "x") -> str:
    """A task table of ``rows`` rows, each naming the task ``name`` and Cục Báo chí as its lead."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Nhiệm vụ", "Đơn vị chủ trì"])
    writer.writerows([number, name, "Cục Báo chí"] for number in range(1, rows + 1))
    return buffer.getvalue()


Content = Callable[[], str | bytes]
CASES: dict[str, tuple[str, Content, tuple[str, ...], str]] = {
    # name: (file, its content, more arguments, the first line of the error)
    "yaml alias bomb": (
        "bomb.yaml",
        alias_bomb,
        (),
        "bomb.yaml:7: more than 1,024,000 values to read (the alias *a5 alone stands for 597,871 YAML nodes)",
    ),
    "rdf/xml billion laughs": ("laughs.rdf", billion_laughs, (), "laughs.rdf:3: XML entity declaration <!ENTITY lol0"),
    "csv over the input limit": (
        "big.csv",
        lambda: table(20_000, "Rà soát, cập nhật văn bản"),
        ("--max-input-mb", "1"),
        "big.csv: file is 1.1 MiB: over the input limit of 1 MiB",
    ),
    "turtle, a million nested collections": (
        "nested.ttl",
        lambda: nested_turtle(1_000_000),
        (),
        "nested.ttl: more than 1,024,000 values to read (RDF statements)",
    ),
    "json-ld 60,000 levels deep": (  # pyoxigraph's stack overflowed: a segmentation fault
        "deep.jsonld",
        lambda: nested_jsonld(60_000),
        (),
        "deep.jsonld:65: JSON-LD nested more than 64 levels deep",
    ),
    "rdf/xml 100,000 levels deep": (  # quadratic in pyoxigraph: 31 s
        "deep.rdf",
        lambda: nested_rdf_xml(100_000),
        (),
        "deep.rdf:66: XML nested more than 64 levels deep",
    ),
    "yaml 10,000 levels deep": (
        "deep.yaml",
        lambda: "tasks: " + "[" * 10_000 + "]" * 10_000 + "\n",
        (),
        "deep.yaml:1: YAML nested more than 64 levels deep",
    ),
    "csv cell over 131,072 characters": (
        "long-cell.csv",
        lambda: table(1) + '2,"' + "x" * 140_000 + ",Cục Báo chí\n",
        (),
        "long-cell.csv:3: a cell from this line on is longer than 131,072 characters",
    ),
    "not utf-8": (
        "legacy.csv",
        lambda: "STT,Nhiem vu,Don vi chu tri\r\n1,Rà soát,CBC\r\n".encode("cp1258"),
        (),
        "legacy.csv:2: not UTF-8: byte 0xe0 at line 2, column 4",
    ),
    "binary": ("photo.ttl", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", (), "photo.ttl:3: binary file"),
    "empty csv": ("empty.csv", lambda: b"", (), "empty.csv:1: empty table"),
    "yaml number of 5,000 digits": (
        "number.yaml",
        lambda: "tasks:\n  - id: " + "9" * 5000 + "\n",
        (),
        "number.yaml:2: a number of more than 4,300 digits",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_gets_one_located_line_and_the_store_is_untouched(
    loaded: Path, tmp_path: Path, case: str
) -> None:
    name, content, options, expected = CASES[case]
    written = content()
    (tmp_path / name).write_bytes(written if isinstance(written, bytes) else written.encode("utf-8"))
    store = tmp_path / "store" / "stratagraph.sqlite3"
    store.parent.mkdir()
    shutil.copyfile(loaded, store)
    before = store.read_bytes()
    args = ("--plan", "ke-hoach-hanh-dong-781", "--doc", "781/QĐ-BTTTT") if name.endswith(".csv") else ()
    result = run(tmp_path, "load", name, *args, *options, "--data-dir", "store")
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(expected), result.stderr
    assert lines[1].startswith("    hint: ")
    assert lines[-1] == "1 problem; nothing was written."
    assert store.read_bytes() == before


def test_a_comment_of_megabytes_on_one_line_is_read(tmp_path: Path) -> None:
    # ruamel's round-trip scanner keeps comments at a cost quadratic in their length: 1 MiB took 15-34 s
    (tmp_path / "long-line.yaml").write_text("tasks: []\n# " + "y" * (2 << 20) + "\n", encoding="utf-8")
    result = run(tmp_path, "validate", "--alone", "long-line.yaml")
    assert result.returncode == 0, result.stderr
    assert "1 file, no problems" in " ".join(result.stdout.split())


def test_a_folder_with_a_link_loop_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "empty.yaml").write_text("tasks: []\n", encoding="utf-8")
    (folder / "up").symlink_to(tmp_path)
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    result = run(tmp_path, "validate", "--alone", "data")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/loop.yaml: symbolic link that leads nowhere (to a file that is not there, or round in a loop)"
    )


def test_a_large_table_naming_an_unknown_plan_is_answered_without_printing_every_row(tmp_path: Path) -> None:
    (tmp_path / "phu-luc.csv").write_text(table(20_000), encoding="utf-8")
    result = run(tmp_path, "validate", "--alone", "phu-luc.csv", "--plan", "khong-co", "--doc", "781/QĐ-BTTTT")
    assert result.returncode == 1
    assert "phu-luc.csv:2: STT 1, --plan: unknown plan 'khong-co'" in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-2:] == ["… and 39,001 more, not shown: fix these first", "40,001 problems; nothing was written."]


def test_the_input_limit_comes_from_the_environment_or_the_option(tmp_path: Path) -> None:
    (tmp_path / "big.csv").write_text(table(20_000, "Rà soát, cập nhật văn bản"), encoding="utf-8")
    args = ("validate", "--alone", "big.csv", "--plan", "p", "--doc", "d")
    assert "over the input limit of 1 MiB" in run(tmp_path, *args, "--max-input-mb", "1").stderr
    limited = subprocess.run(
        [STRATAGRAPH, *args], cwd=tmp_path, capture_output=True, text=True, env={"STRATAGRAPH_MAX_INPUT_MB": "0.5"}
    )
    assert "over the input limit of 512 KiB" in limited.stderr
    for wrong in ("none", "0", "-3", "inf"):
        refused = subprocess.run(
            [STRATAGRAPH, *args], cwd=tmp_path, capture_output=True, text=True, env={"STRATAGRAPH_MAX_INPUT_MB": wrong}
        )
        assert refused.returncode == 2
        [line] = refused.stderr.splitlines()
        assert line.startswith(f"error: STRATAGRAPH_MAX_INPUT_MB={wrong!r}: input should be")


def test_cells_built_to_be_slow_are_read_in_time(loaded: Path, tmp_path: Path) -> None:
    # before: padding a deadline cost its length squared (100,000 spaces, 58 s), and a cell of
    # commas was split by trying every run of parts against every name (60,000: no end in sight)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"])
    writer.writerow([1, "Rà soát", "Cục Báo chí", "", "Quý II" + " " * 100_000 + "/2024"])
    writer.writerow([2, "Cập nhật", "Cục Báo chí", "Cục PTTH&TTĐT," + "Sở X," * 20_000, "Quý III/2024"])
    (tmp_path / "phu-luc.csv").write_text(buffer.getvalue(), encoding="utf-8")
    store = tmp_path / "store" / "stratagraph.sqlite3"
    store.parent.mkdir()
    shutil.copyfile(loaded, store)
    args = ("--plan", "ke-hoach-hanh-dong-781", "--doc", "781/QĐ-BTTTT", "--data-dir", "store")
    result = run(tmp_path, "load", "phu-luc.csv", *args)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "phu-luc.csv:3: STT 2, Đơn vị phối hợp: unknown agency 'Sở X'"
    assert lines[-1] == "20,000 problems; nothing was written."


def test_a_turtle_file_of_a_million_blank_lines_is_read_in_time(tmp_path: Path) -> None:
    # before: finding each subject's line crossed line ends, at a cost of the line count squared
    (tmp_path / "blank.ttl").write_text("\n" * 1_000_000, encoding="utf-8")
    result = run(tmp_path, "validate", "--alone", "blank.ttl")
    assert result.returncode == 0, result.stderr
    assert "1 file, no problems" in " ".join(result.stdout.split())
