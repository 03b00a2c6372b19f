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

from stratagraph.errors import Problem


def read_text(path: Path, shown_as: str) -> tuple[str | None, Problem | None]:
    """The file's text (a UTF-8 BOM is dropped), or a problem that says where decoding failed."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, Problem(shown_as, None, "", f"cannot read file: {error.strerror}", "check the path")
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
    """Every other byte zero at the start: ASCII text in UTF-16, which UTF-8 text never has."""
    head = data[:256]
    return len(head) >= 8 and max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4
