"""Reading an input file as UTF-8 text, or saying exactly where it is not.

Spreadsheets exported on Vietnamese Windows machines are often in Windows-1258
or UTF-16; decoding them leniently would turn "Cục Báo chí" into mojibake that
then fails to match any agency far from the real cause, so we refuse early.
"""

from __future__ import annotations

import codecs
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
    try:
        return data.decode("utf-8-sig"), None
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
