"""Where a task table's rows come from: a CSV file, or the sheets of an Excel workbook, each row with its place.

``read_sheets`` gives every sheet of a table as rows of text cells, each row numbered as its
reader sees it (the CSV line it ends on; the sheet's row number) and each cell placed as a
planner finds it (``Phụ lục!C7``). What the rows mean (the header, the columns, the tasks)
is ``loaders.task_table``'s concern; this module only reads.

An .xlsx is read in openpyxl's read-only mode, which streams a sheet's rows in near-constant
memory but says nothing of merged cells or hidden rows and columns. Those are read here from
the sheet's own XML (``mergeCell``, ``row hidden``, ``col hidden``) in a second streaming pass,
with defusedxml (no DTD, no entity). The normal mode has them, but builds a cell object for
every cell a merged range covers: ``A1:XFD1048576`` is seventeen billion of them. Here a range
fills only the cells of rows and columns that hold data.

Bounds on a hostile workbook (``loaders.limits``): its unzipped parts together count against
the run's input limit (a zip bomb is refused before anything is inflated), a row counts its
width against the run's values, so a cell at column XFD costs its sixteen thousand padding
cells, and so do merged ranges; empty rows are skipped without being kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import unicodedata
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries

from stratagraph.loaders.limits import RAISE_IT, TOO_LARGE, Budget, size
from stratagraph.loaders.text_file import read_text
from stratagraph.model.errors import Problem

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
ROW_VALUES = 4
"""Values a row counts as at least against the run's budget (``loaders.limits``): its task record weighs
as much as four values whatever few cells wrote it."""
SHOWN_CELLS = 10
"""Cells a problem about many cells names (the rest are counted)."""
MAX_PARTS = 10_000
"""Files an .xlsx archive may hold; a workbook of a few sheets holds a few dozen."""


@dataclass(frozen=True)
class TableRow:
    """One row that holds something: its number (CSV line, or sheet row) and its cells as text."""

    number: int
    cells: tuple[str, ...]


@dataclass
class Sheet:
    """The rows of one sheet (or of a CSV file, a sheet without a name) and what a planner should know of it."""

    name: str | None
    rows: list[TableRow]
    hidden: bool = False
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()
    """1-based column numbers."""
    uncached_formulas: tuple[str, ...] = ()
    """Cells (``C7``) holding a formula whose value the file does not keep (the first ``SHOWN_CELLS``): they would
    read as empty."""
    uncached_count: int = 0

    def place(self, row: int, column: int | None = None) -> str:
        """Where a cell is as a spreadsheet names it (``Phụ lục!C7``; ``Phụ lục!7:7`` for a row); "" in a CSV."""
        if self.name is None:
            return ""
        return f"{self.name}!{get_column_letter(column + 1)}{row}" if column is not None else f"{self.name}!{row}:{row}"

    def row_name(self, row: int) -> str:
        """A row as the planner finds it: ``line 7`` in a CSV, ``row 7`` in a sheet."""
        return f"line {row}" if self.name is None else f"row {row}"


@dataclass
class Table:
    """What ``read_sheets`` read: the sheets in the file's order, or the problem that stopped it."""

    sheets: list[Sheet] = field(default_factory=list)
    problem: Problem | None = None


def is_excel(path: Path) -> bool:
    return path.suffix.lower() in EXCEL_SUFFIXES


def read_sheets(path: Path, shown_as: str, budget: Budget, max_bytes: int) -> Table:
    """Every sheet of ``path`` (a CSV file is one sheet) as located rows of text, within the run's limits."""
    if is_excel(path):
        return _read_workbook(path, shown_as, budget, max_bytes)
    text, problem = read_text(path, shown_as, max_bytes)
    if problem is not None or text is None:
        return Table(problem=problem)
    rows, problem = _csv_rows(text, shown_as, budget)
    return Table([Sheet(None, rows)], problem)


# --- CSV ---------------------------------------------------------------------------------


def _csv_rows(text: str, shown_as: str, budget: Budget) -> tuple[list[TableRow], Problem | None]:
    """The table's rows, each with the line it ends on; or why it cannot be read as CSV, at the line."""
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # only the delimiter is guessed: spreadsheets quote as Excel does ('""' inside a quoted cell is one '"'),
    # and the sniffer, seeing few such cells, can guess otherwise and split a cell at its commas
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)  # a line break in quotes stays
    rows: list[TableRow] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            return rows, _unreadable(shown_as, start, str(error))
        if row is None:
            return rows, None
        if not budget.spend(max(len(row), ROW_VALUES)):
            return rows, Problem(shown_as, reader.line_num, "", budget.too_many("table cells"), RAISE_IT, TOO_LARGE)
        if any(cell.strip() for cell in row):
            rows.append(TableRow(reader.line_num, tuple(row)))


def _unreadable(shown_as: str, line: int, error: str) -> Problem:
    """A row the csv module cannot read: a cell over its length limit is nearly always a quote left open."""
    if "field larger than field limit" in error:
        return Problem(
            shown_as,
            line,
            "",
            f"a cell from this line on is longer than {csv.field_size_limit():,} characters",
            'a quote (") opened in a cell and never closed makes the rest of the file one cell: '
            "check the quotes on this line and below",
            "syntax",
        )
    return Problem(
        shown_as, line, "", f"not a readable CSV row: {error}", "save the table again as CSV UTF-8", "syntax"
    )


# --- Excel -------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"


def _read_workbook(path: Path, shown_as: str, budget: Budget, max_bytes: int) -> Table:
    resave = "save it again from Excel or LibreOffice Calc as .xlsx"
    try:
        with zipfile.ZipFile(path) as archive:
            problem = _archive_problem(archive, shown_as, max_bytes)
            if problem is not None:
                return Table(problem=problem)
            parts = _sheet_parts(archive)
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                table = Table()
                for worksheet in workbook.worksheets:
                    layout = _Layout.read(archive, parts.get(worksheet.title), budget)
                    if layout is None:
                        return Table(table.sheets, _budget_problem(shown_as, worksheet.title, budget))
                    rows = _sheet_rows(worksheet, layout, budget)
                    if rows is None:
                        return Table(table.sheets, _budget_problem(shown_as, worksheet.title, budget))
                    table.sheets.append(_sheet(worksheet.title, worksheet.sheet_state, rows, layout))
                return table
            finally:
                workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error) or type(error).__name__
        return Table(problem=Problem(shown_as, None, "", f"not a readable .xlsx workbook: {reason}", resave, "syntax"))
    except (DefusedXmlException, SyntaxError) as error:
        return Table(problem=Problem(shown_as, None, "", f"not a readable .xlsx workbook: {error}", resave, "syntax"))


def _archive_problem(archive: zipfile.ZipFile, shown_as: str, max_bytes: int) -> Problem | None:
    """A workbook too large once unzipped (a zip bomb among them), before anything is inflated."""
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        return Problem(
            shown_as, None, "", f"the workbook holds {len(members):,} files: not a task table", "", TOO_LARGE
        )
    unzipped = sum(member.file_size for member in members)
    if unzipped > max_bytes:
        return Problem(
            shown_as,
            None,
            "",
            f"the workbook unzips to {size(unzipped)}, over the {size(max_bytes)} left to read "
            "(an .xlsx counts by its unzipped size)",
            RAISE_IT,
            TOO_LARGE,
        )
    return None


def _sheet(name: str, state: str, rows: list[TableRow], layout: _Layout) -> Sheet:
    """A sheet read, with the hidden rows and columns that hold data (a sheet often hides every unused column)."""
    numbers = {row.number for row in rows}
    width = max((len(row.cells) for row in rows), default=0)
    hidden_columns = {
        column
        for first, last in layout.hidden_columns
        for column in range(max(first, 1), min(last, width) + 1)
        if any(column <= len(row.cells) and row.cells[column - 1].strip() for row in rows)
    }
    return Sheet(
        name,
        rows,
        hidden=state != "visible",
        hidden_rows=tuple(sorted(layout.hidden_rows & numbers)),
        hidden_columns=tuple(sorted(hidden_columns)),
        uncached_formulas=tuple(layout.uncached),
        uncached_count=layout.uncached_count,
    )


def _budget_problem(shown_as: str, sheet: str, budget: Budget) -> Problem:
    return Problem(shown_as, None, sheet, budget.too_many("sheet cells and merged ranges"), RAISE_IT, TOO_LARGE)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its XML part in the archive, as the package's relationships say."""
    root_rels = _xml(archive, "_rels/.rels")
    workbook_part = next(
        (
            rel.get("Target", "").lstrip("/")
            for rel in root_rels.iter(f"{_PKG_RELS}Relationship")
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT)
        ),
        "xl/workbook.xml",
    )
    folder, name = posixpath.split(workbook_part)
    targets = {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in _xml(archive, posixpath.join(folder, "_rels", name + ".rels")).iter(f"{_PKG_RELS}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in _xml(archive, workbook_part).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id", ""), "")
        if target:
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            parts[sheet.get("name", "")] = posixpath.normpath(joined)
    return parts


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    root: Element = fromstring(archive.read(name), forbid_dtd=True)
    return root


@dataclass
class _Layout:
    """What read-only mode does not give of a sheet: merged ranges, hidden rows and columns, formulas never computed."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    uncached: list[str] = field(default_factory=list)
    uncached_count: int = 0

    @classmethod
    def read(cls, archive: zipfile.ZipFile, part: str | None, budget: Budget) -> _Layout | None:
        """The layout of the sheet stored at ``part``; None when its merged ranges take the run past its values."""
        layout = cls()
        if part is None:
            return layout
        with archive.open(part) as source:
            for _event, element in iterparse(source, events=("end",), forbid_dtd=True):
                tag = element.tag
                if tag == f"{_MAIN}c":
                    value = element.find(f"{_MAIN}v")
                    if element.find(f"{_MAIN}f") is not None and (value is None or not value.text):
                        layout.uncached_count += 1
                        if len(layout.uncached) < SHOWN_CELLS:
                            layout.uncached.append(element.get("r", ""))
                    element.clear()
                elif tag == f"{_MAIN}row":
                    if element.get("hidden") in ("1", "true") and element.get("r", "").isdigit():
                        layout.hidden_rows.add(int(element.get("r", "0")))
                    element.clear()
                elif tag == f"{_MAIN}col":
                    if element.get("hidden") in ("1", "true"):
                        layout.hidden_columns.append((int(element.get("min", "0")), int(element.get("max", "0"))))
                elif tag == f"{_MAIN}mergeCell":
                    if not budget.spend(1):
                        return None
                    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                    if None not in (min_col, min_row, max_col, max_row):
                        layout.merged.append((min_col or 0, min_row or 0, max_col or 0, max_row or 0))
        return layout


def _sheet_rows(worksheet: Any, layout: _Layout, budget: Budget) -> list[TableRow] | None:
    """The sheet's rows that hold something, merged ranges filled in; None past the run's values."""
    worksheet.reset_dimensions()  # the stored dimension may be wrong either way: read what is there
    rows: dict[int, list[str]] = {}
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if not values:
            continue
        if not budget.spend(max(len(values), ROW_VALUES)):
            return None
        cells = [_text(value) for value in values]
        if any(cell.strip() for cell in cells):
            rows[number] = cells
    if not _fill_merged(rows, layout.merged, budget):
        return None
    return [TableRow(number, tuple(cells)) for number, cells in sorted(rows.items())]


def _fill_merged(rows: dict[int, list[str]], merged: Sequence[tuple[int, int, int, int]], budget: Budget) -> bool:
    """Give each merged range's value (its top-left cell's) to every cell it covers, in the rows and columns read.

    Spreadsheets keep a merged range's value in its first cell only; a lead merged over
    three rows belongs to all three. Only rows that hold data and columns within their
    width are filled, each cell filled counting against the run's values (False once
    they run out), so a range over the whole sheet, or many ranges, cost no more than
    the data they cover.
    """
    width = max((len(cells) for cells in rows.values()), default=0)
    numbers = sorted(rows)
    for min_col, min_row, max_col, max_row in merged:
        first = rows.get(min_row)
        if first is None or min_col > len(first) or not first[min_col - 1].strip():
            continue
        value = first[min_col - 1]
        last_col = min(max_col, width)
        covered = numbers[bisect_left(numbers, min_row) : bisect_right(numbers, max_row)]
        if not budget.spend(len(covered) * max(last_col - min_col + 1, 1)):
            return False
        for number in covered:
            cells = rows[number]
            if len(cells) < last_col:
                cells.extend([""] * (last_col - len(cells)))
            for column in range(min_col, last_col + 1):
                if not cells[column - 1].strip():
                    cells[column - 1] = value
    return True


def _text(value: object) -> str:
    """A cell's value as the text a planner reads in it: dates as dd/mm/yyyy, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))
