"""Reading an input file as UTF-8 text, or saying exactly where it is not.

Spreadsheets exported on Vietnamese Windows machines are often in Windows-1258
or UTF-16; decoding them leniently would turn "Cục Báo chí" into mojibake that
then fails to match any agency far from the real cause, so we refuse early.
Text is read in NFC: Vietnamese typed on some systems arrives decomposed (a base
letter and combining marks), and "Cục Báo chí" in NFD is not the same string as
the curated name in NFC, so it would be stored, searched and compared apart.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from stratagraph.loaders.limits import RAISE_IT, TOO_LARGE, size
from stratagraph.model.errors import Problem


def read_text(path: Path, shown_as: str, max_bytes: int) -> tuple[str | None, Problem | None]:
    """The file's text (a UTF-8 BOM is dropped), or a problem that says where decoding failed.

    At most ``max_bytes`` are read: a file longer than that (one that grew since its size was
    checked, or a special file that reports none) is a problem, not a read without end.
    """
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        return None, Problem(shown_as, None, "", f"cannot read file: {error.strerror}", "check the path")
    if len(data) > max_bytes:
        return None, Problem(
            shown_as, None, "", f"file is larger than the {size(max_bytes)} left to read", RAISE_IT, TOO_LARGE
        )
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return None, Problem(
            shown_as,
            1,
            "",
            "file is UTF-16, not UTF-8",
            "save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')",
            code="encoding",
        )
    if _looks_like_utf16(data):
        return None, Problem(
            shown_as,
            1,
            "",
            "file looks like UTF-16 without a byte-order mark, not UTF-8",
            "save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')",
            code="encoding",
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        return None, Problem(
            shown_as,
            line,
            "",
            "binary file: it holds NUL bytes, which no text file has",
            "give a YAML dataset, a task table (CSV UTF-8 or .xlsx, named so) or RDF",
            code="encoding",
        )
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        return None, Problem(
            shown_as,
            line,
            "",
            f"not UTF-8: byte 0x{byte} at line {line}, column {column}",
            "save the file as UTF-8 (it looks like a legacy encoding such as Windows-1258)",
            code="encoding",
        )


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte zero at the start, and only those: ASCII text in UTF-16, which UTF-8 text never has."""
    head = data[:256]
    zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
    return len(head) >= 8 and zeros[1] >= len(head) // 4 and zeros[0] <= len(head) // 16
