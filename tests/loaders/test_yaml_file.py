"""YAML as the loaders parse it: what a hostile file could make of the parse is refused where it is written."""

from __future__ import annotations

import pytest

from audit.hostile import alias_bomb
from stratagraph.loaders.limits import MAX_DEPTH, TOO_LARGE, InputLimits
from stratagraph.loaders.yaml_file import YamlDocument, parse_yaml, plain
from stratagraph.model.errors import Problem


def parsed(text: str, max_input_mb: float = 64) -> YamlDocument:
    document, problem = parse_yaml(text, "x.yaml", InputLimits(max_input_mb).budget())
    assert problem is None, problem
    assert document is not None
    return document


def refused(text: str, max_input_mb: float = 64) -> Problem:
    document, problem = parse_yaml(text, "x.yaml", InputLimits(max_input_mb).budget())
    assert document is None
    assert problem is not None
    return problem


def test_aliases_repeat_values_as_the_dataset_uses_them() -> None:
    first_task = "  - note: &shared A note\n    sources: [&cite {doc: d, at: x}]\n"
    document = parsed("tasks:\n" + first_task + "  - note: *shared\n    sources: [*cite]\n")
    first, second = plain(document.data)["tasks"]
    assert first == second == {"note": "A note", "sources": [{"doc": "d", "at": "x"}]}
    assert document.line(["tasks", 1, "note"]) == 4


def test_an_alias_bomb_is_refused_at_the_alias_that_takes_it_past_the_limit() -> None:
    text = alias_bomb()
    assert len(text.encode()) < 1200
    problem = refused(text)
    assert problem.code == TOO_LARGE
    assert problem.line == 7  # a6 stands for 9^7 values: past the 1,024,000 of a 64 MiB limit
    assert "the alias *a5 alone stands for 597,871 YAML nodes" in problem.message
    assert "--max-input-mb" in problem.hint


def test_an_alias_inside_the_value_it_names_is_refused() -> None:
    problem = refused("tasks: &loop [a, *loop]\n")
    assert (problem.line, problem.message) == (1, "YAML alias *loop is inside the value it names")


def test_nesting_deeper_than_the_limit_is_refused_before_the_parser_recurses() -> None:
    problem = refused("tasks: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert (problem.line, problem.message) == (1, f"YAML nested more than {MAX_DEPTH} levels deep")


def test_nesting_made_by_aliases_counts_too() -> None:
    shallow = "[" * 30 + "{}" + "]" * 30
    text = f"a: &a {shallow}\nb: &b {shallow.replace('{}', '*a')}\nc: &c {shallow.replace('{}', '*b')}\n"
    problem = refused(text)
    assert (problem.line, problem.message) == (3, f"YAML alias *b nests the data more than {MAX_DEPTH} levels deep")


def test_more_nodes_than_the_limit_are_refused_at_the_line_where_they_run_out() -> None:
    text = "tasks:\n" + "  - 1\n" * 20_000  # 16,000 values a MiB
    problem = refused(text, max_input_mb=1)
    assert (problem.code, problem.line) == (TOO_LARGE, 15_999)  # the mapping, its key and its list are 3 of them
    assert problem.message.startswith("more than 16,000 values to read (YAML nodes)")


def test_a_megabyte_comment_on_one_line_is_read() -> None:
    document = parsed("tasks: []\n# " + "y" * (1 << 20) + "\n")
    assert plain(document.data) == {"tasks": []}


def test_a_number_python_will_not_convert_is_a_problem_at_its_line() -> None:
    problem = refused("tasks:\n  - id: " + "9" * 5000 + "\n")
    assert (problem.line, problem.message) == (2, "a number of more than 4,300 digits")
    assert problem.hint == "write the value in quotes, as text"


@pytest.mark.parametrize("tagged", ["!!python/object:os.system [echo hi]", "!!set {a, b}"])
def test_a_value_made_by_a_tag_has_the_line_of_its_key(tagged: str) -> None:
    document = parsed(f"tasks:\n  x: {tagged}\n")
    assert document.line(["tasks", "x", 0, "y"]) == 2
