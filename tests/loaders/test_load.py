"""Reading a set of input files: within the run's limits, links followed only where they lead somewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratagraph.loaders.limits import DEFAULT_LIMITS, TOO_LARGE, InputLimits
from stratagraph.loaders.load import read
from stratagraph.model.errors import DatasetError, Problem

TASKS = "tasks: []\n"


def problems(paths: list[Path], limits: InputLimits = DEFAULT_LIMITS) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        read(paths, limits=limits)
    return list(caught.value.problems)


def test_files_over_the_limit_together_are_refused_before_any_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TASKS + "#" * 600_000 + "\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(TASKS + "#" * 600_000 + "\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_bytes(b"\xff not even UTF-8")  # never read: its problem would show
    [problem] = problems([tmp_path], InputLimits(1))
    assert (Path(problem.file).name, problem.code) == ("b.yaml", TOO_LARGE)
    assert problem.message == "file is 586 KiB, 1.1 MiB with the files before it: over the input limit of 1 MiB"
    assert "--max-input-mb" in problem.hint
    assert "STRATAGRAPH_MAX_INPUT_MB" in problem.hint


def test_reading_stops_at_the_file_that_holds_too_many_values(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("tasks:\n" + "  - 1\n" * 20_000, encoding="utf-8")
    (tmp_path / "b.yaml").write_bytes(b"\xff not even UTF-8")
    [problem] = problems([tmp_path], InputLimits(1))
    assert (Path(problem.file).name, problem.code) == ("a.yaml", TOO_LARGE)


def test_a_larger_limit_reads_the_same_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("tasks:\n" + "  - 1\n" * 20_000, encoding="utf-8")
    assert all(problem.code != TOO_LARGE for problem in problems([tmp_path], InputLimits(2)))


def test_a_folder_with_a_link_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TASKS, encoding="utf-8")
    (tmp_path / "up").symlink_to(tmp_path)  # a loop, if links to folders were followed
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "not-there.csv")
    found = problems([tmp_path])
    assert sorted((Path(p.file).name, p.message) for p in found) == [
        ("gone.csv", "symbolic link that leads nowhere (to a file that is not there, or round in a loop)"),
        ("self.yaml", "symbolic link that leads nowhere (to a file that is not there, or round in a loop)"),
    ]


def test_a_link_loop_named_on_the_command_line_is_named_so(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    [problem] = problems([loop])
    assert problem.message.startswith("symbolic link that leads nowhere")


@pytest.mark.parametrize("name", ["empty.yaml", "empty.ttl", "empty.nt", "empty.rdf"])
def test_an_empty_file_adds_nothing(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    files, batch = read([tmp_path / name])
    assert (files, batch.nodes, batch.edges) == ([str(tmp_path / name)], (), ())


@pytest.mark.parametrize(("name", "message"), [("empty.csv", "empty table"), ("empty.jsonld", "not valid JSON-LD")])
def test_an_empty_file_that_must_say_something_is_a_problem(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / name).write_bytes(b"")
    [problem] = problems([tmp_path / name])
    assert problem.message.startswith(message)
