"""The checker the citation test relies on: locators resolve to the right lines, and only to them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stratagraph.settings import REPOSITORY
from tests.data.source_layout import SourceText, quote_found

SAMPLE = """\
==============================================================================
HEADER / PROVENANCE
==============================================================================
Title:   Văn bản mẫu
Pages:   [P1] https://example.org/p1 (metadata: "Số hiệu: 1/QĐ-X")
==============================================================================

QUYẾT ĐỊNH SỐ 1/QĐ-X
VỀ MỘT VIỆC

------------------------------------------------------------------------------
MỤC TIÊU  (theo [P1]: Mục I của văn bản)
------------------------------------------------------------------------------

1. Mục tiêu chung
Câu mục tiêu chung.

2. Mục tiêu cụ thể
a) Đến năm 2025
- 70% cơ quan làm việc A.
b) Đến năm 2030
- 100% cơ quan làm việc A.

------------------------------------------------------------------------------
NHIỆM VỤ, GIẢI PHÁP (các phần tìm được)
------------------------------------------------------------------------------

1. Nhóm một
Căn cứ Quyết định số 9/QĐ-Y;
Căn cứ Quyết định số 10/QĐ-Y;
   1. a quoted list, indented: not a heading
- Xếp loại (P1): Yếu, Khá.

A. PHẦN THỨ NHẤT
Đoạn thứ nhất của phần này, đủ năm chữ.

Tiêu đề không có dấu chấm
Đoạn thứ hai cũng có đủ năm chữ.
B. PHẦN THỨ HAI
2.1 Năm 2023
    - Share rated Xuất sắc: 3.66% [P1].
2.2 Năm 2024
    - 28 xuất sắc.
"""


@pytest.fixture
def sample(tmp_path: Path) -> SourceText:
    path = tmp_path / "mau.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return SourceText.read(path)


def lines_of(sample: SourceText, locator: str) -> list[str]:
    passage = sample.resolve(locator)
    return [line for line in sample.lines[passage.first - 1 : passage.last] if line.strip()]


def test_the_header_is_the_provenance_block(sample: SourceText) -> None:
    header = sample.resolve("header")
    assert "Số hiệu: 1/QĐ-X" in header.text
    assert "QUYẾT ĐỊNH" not in header.text


def test_a_heading_named_in_capitals_and_its_numbered_items(sample: SourceText) -> None:
    assert lines_of(sample, "Mục tiêu, 1") == ["1. Mục tiêu chung", "Câu mục tiêu chung."]
    assert lines_of(sample, "Nhiệm vụ, giải pháp, mục 1")[0] == "1. Nhóm một"


def test_a_rule_heading_that_says_it_is_mục_i_answers_to_the_documents_numbering(sample: SourceText) -> None:
    assert lines_of(sample, "Mục I.2.a") == ["a) Đến năm 2025", "- 70% cơ quan làm việc A."]
    assert lines_of(sample, "Mục I.2.b") == ["b) Đến năm 2030", "- 100% cơ quan làm việc A."]


def test_dotted_section_numbers_and_parts(sample: SourceText) -> None:
    assert lines_of(sample, "§2.1") == ["2.1 Năm 2023", "    - Share rated Xuất sắc: 3.66% [P1]."]
    assert lines_of(sample, "Phần A")[0] == "A. PHẦN THỨ NHẤT"
    assert "2.2 Năm 2024" in lines_of(sample, "Phần B")


def test_indented_lines_start_no_section(sample: SourceText) -> None:
    assert not any("quoted list" in line for line in lines_of(sample, "Mục I.1"))
    with pytest.raises(LookupError):
        sample.resolve("§3")


def test_lines_named_by_their_first_words(sample: SourceText) -> None:
    assert lines_of(sample, "Căn cứ")[:2] == ["Căn cứ Quyết định số 9/QĐ-Y;", "Căn cứ Quyết định số 10/QĐ-Y;"]
    assert lines_of(sample, "Phần A, tiêu đề") == ["A. PHẦN THỨ NHẤT", "Đoạn thứ nhất của phần này, đủ năm chữ."]
    assert "Xếp loại" in sample.resolve("Nhiệm vụ, giải pháp, xếp loại").text


def test_paragraphs_are_prose_blocks_counted_in_their_section(sample: SourceText) -> None:
    assert sample.resolve("Phần A, đoạn 2").text == "Tiêu đề không có dấu chấm Đoạn thứ hai cũng có đủ năm chữ."
    assert sample.resolve("Phần A, đoạn 1, 2").text.startswith("A. PHẦN THỨ NHẤT Đoạn thứ nhất")
    assert sample.resolve("Phần A, đoạn cuối") == sample.resolve("Phần A, đoạn 2")
    with pytest.raises(LookupError, match="not 3"):
        sample.resolve("Phần A, đoạn 3")


def test_words_in_brackets_after_a_locator_are_a_readers_aid(sample: SourceText) -> None:
    assert sample.resolve("§2.2 (results)") == sample.resolve("§2.2")


@pytest.mark.parametrize("locator", ["§5", "Phần C", "Mục II", "metadata", "tiêu đề, căn cứ", "Mục tiêu, 3"])
def test_a_section_the_file_does_not_have_is_refused(sample: SourceText, locator: str) -> None:
    with pytest.raises(LookupError):
        sample.resolve(locator)


def test_a_quote_is_found_only_word_for_word() -> None:
    passage = "2.1 Năm 2023 - Share rated Xuất sắc: 3.66% [P1]."
    assert quote_found("Share rated Xuất sắc: 3.66%", passage)
    assert quote_found("Năm 2023 ... 3.66% [P1]", passage)
    assert quote_found("Share  rated\nXuất sắc", passage)  # the files wrap lines
    assert not quote_found("Share rated Xuất sắc: 3.66% [2023]", passage)  # an edited bracket
    assert not quote_found("share rated xuất sắc", passage)  # case counts
    assert not quote_found("3.66% ... Năm 2023", passage)  # pieces in order


def test_without_the_sources_the_check_fails_and_says_where_they_belong(tmp_path: Path) -> None:
    env = {**os.environ, "STRATAGRAPH_SOURCES": str(tmp_path / "nowhere")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/data/test_citations.py"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode != 0
    assert f"the source texts are not at {tmp_path / 'nowhere'}" in run.stdout
    assert "../shared/sources beside the repository" in run.stdout
