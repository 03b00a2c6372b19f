"""Input files as text: UTF-8 or a problem saying what the file is instead, read no further than allowed."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from stratagraph.loaders.limits import TOO_LARGE
from stratagraph.loaders.text_file import read_text


def test_a_binary_file_is_named_so_at_its_first_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    text, problem = read_text(path, "photo.csv", 1 << 20)
    assert text is None
    assert problem is not None
    assert (problem.line, problem.code) == (3, "encoding")  # the header holds two line feeds first
    assert problem.message == "binary file: it holds NUL bytes, which no text file has"
    assert ".xlsx" in problem.hint


def test_a_file_of_zero_bytes_is_binary_not_utf16(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_bytes(bytes(4096))
    _, problem = read_text(path, "zero.csv", 1 << 20)
    assert problem is not None
    assert problem.message.startswith("binary file")


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF16_LE])
def test_utf16_text_is_still_named_utf16(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(bom + "STT,Nhiem vu\n1,Ra soat\n".encode("utf-16-le"))
    _, problem = read_text(path, "utf16.csv", 1 << 20)
    assert problem is not None
    assert "UTF-16" in problem.message


def test_a_file_longer_than_allowed_is_not_read_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("tasks: []\n" * 200, encoding="utf-8")
    text, problem = read_text(path, "big.yaml", 1000)
    assert text is None
    assert problem is not None
    assert problem.code == TOO_LARGE
    assert problem.message == "file is larger than the 1000 bytes left to read"
    assert read_text(path, "big.yaml", 2000) == ("tasks: []\n" * 200, None)
