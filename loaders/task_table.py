"""Reading a task table as planners keep one (the appendix of a Kế hoạch), from CSV or Excel.

Rows come from ``loaders.table_rows``, each with its place (a CSV line; a sheet's cell,
``Phụ lục!C7``). The header row is the first that names the columns, below any title
block ("PHỤ LỤC …", "Kèm theo Quyết định số …").

Columns are found by their header, compared without diacritics, case or
punctuation, so "Đơn vị chủ trì", "DON VI CHU TRI" and "Đơn vị chủ trì:" all
match. A header no column is known by is a problem, since its cells would be lost,
unless it starts with "#" (left out on purpose). A table states only what it has
columns for: without a "Sản phẩm" column, a task the graph has keeps its output
(``UNSTATED``). Rows whose STT is a capital letter
("A", "B.") or a Roman numeral ("I", "II.") and that name no lead are group headings,
as in the printed appendices: letters above Roman numerals, each setting the group of
the rows below until the next heading of its level or above.

A row's id comes from what the plan itself numbers it by, never from the file it was
read from: its plan, its groups' numerals and its STT (``ke-hoach-781-ii-2``), or its
``Mã nhiệm vụ``. A revised table saved under another name therefore speaks of the same
tasks. Each row cites its document at that place ("II.2"), and says which copy it was
read from (file, row) in the citation's note (``COPY_NOTE``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import get_column_letter
from pydantic import ValidationError
from rapidfuzz import fuzz, process

from stratagraph.loaders.compile import Records
from stratagraph.loaders.limits import Budget
from stratagraph.loaders.located import Located, PathPart
from stratagraph.loaders.records import Cite, Names, TaskRecord, without_bad_fields
from stratagraph.loaders.suggest import VIETNAMESE_STATUSES, closest_value, kind_hint, value_hint
from stratagraph.loaders.table_rows import Sheet, TableRow, read_sheets
from stratagraph.model.deadlines import DEADLINE_PROPS
from stratagraph.model.errors import Problem
from stratagraph.model.records import Citation, Rel, TaskStatus
from stratagraph.model.text import fold, slug


@dataclass(frozen=True)
class Column:
    """A column: its header as the printed appendices write it, and the headers it is known by (folded)."""

    header: str
    name_variants: tuple[str, ...]


COLUMNS: dict[str, Column] = {  # keyed by the task record field each fills, where there is one
    "stt": Column("STT", ("stt", "so thu tu", "tt", "no")),
    "id": Column("Mã nhiệm vụ", ("id", "ma", "ma nhiem vu", "ma so")),
    "name": Column("Nhiệm vụ", ("nhiem vu", "ten nhiem vu", "noi dung", "nhiem vu giai phap", "noi dung nhiem vu")),
    "name_en": Column("Task", ("task", "name", "ten tieng anh")),
    "lead": Column("Đơn vị chủ trì", ("don vi chu tri", "chu tri", "co quan chu tri", "don vi chiu trach nhiem")),
    "supports": Column("Đơn vị phối hợp", ("don vi phoi hop", "phoi hop", "co quan phoi hop")),
    "deadline": Column(
        "Thời gian hoàn thành",
        ("thoi gian hoan thanh", "thoi han", "thoi han hoan thanh", "tien do", "thoi gian thuc hien"),
    ),
    "recurs": Column("Lặp lại", ("lap lai", "recurs", "chu ky lap lai")),
    "output": Column("Sản phẩm", ("san pham", "san pham dau ra", "ket qua", "ket qua san pham")),
    "status": Column("Trạng thái", ("trang thai", "tinh trang")),
    "plan": Column("Kế hoạch", ("ke hoach",)),
    "group": Column("Nhóm", ("nhom", "nhom nhiem vu")),
    "contributesTo": Column("Chỉ tiêu", ("chi tieu", "muc tieu")),
    "dependsOn": Column("Phụ thuộc", ("phu thuoc", "nhiem vu truoc", "sau khi hoan thanh")),
    "note": Column("Ghi chú", ("ghi chu",)),
}
REQUIRED = ("name",)
UNSTATED: dict[str, tuple[str, ...]] = {
    "name_en": ("nameEn", "groupEn"),
    "lead": (Rel.LEADS.value,),
    "supports": (Rel.SUPPORTS.value,),
    "deadline": DEADLINE_PROPS,
    "output": ("output",),
    "status": ("status",),
    "contributesTo": (Rel.CONTRIBUTES_TO.value,),
    "dependsOn": (Rel.DEPENDS_ON.value,),
    "note": ("note",),
}
"""A column -> the task properties and relation types a table without it says nothing of (``Records.unstated``)."""
UNGROUPED = ("groupVi", "groupEn")
"""What a table with neither heading rows nor a Nhóm column says nothing of."""
NO_COLUMN = (Rel.FULFILLED_BY.value,)
"""What no table states: the documents that fulfilled a task (the service records them)."""
NOTE = "note"
"""The code of what ``into.notes`` says of how a table was read (the header row used, hidden rows): no problem."""
_NO_PLAN = "plan-not-given"
"""The plan rows of a table read without one are checked under (an id no plan has; the file says it once)."""
UNKNOWN_PLAN = "plan/plan-not-known"
"""What a caller passes as ``plan`` when ``--plan`` names no plan and it has said so once: the rows are still
checked, and what they say of their plan is not said again for each."""
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_LETTER = re.compile(r"^[A-Z]$")
LETTER_LEVEL, ROMAN_LEVEL = 0, 1
"""Heading levels: a letter heading ("A.") holds Roman ones ("I.")."""
COPY_NOTE = "read from "
"""How the note of a table row's citation starts: the copy (file, row) the row was read from. Loading the
same rows from another copy (a renamed revision, an export) is no change to them (``loaders.changes``)."""


def read_from_table(citation: Citation) -> bool:
    """True for the citation of a table row (its note names the copy it was read from)."""
    return str(citation.note or "").startswith(COPY_NOTE)


def read_task_table(
    path: Path,
    shown_as: str,
    into: Records,
    budget: Budget,
    max_bytes: int,
    *,
    plan: str | None,
    doc: str | None,
    sheet: str | None = None,
) -> list[Problem]:
    """Add the tasks of one CSV file or Excel workbook to ``into``; return the problems found.

    ``plan`` is the plan the tasks belong to unless a "Kế hoạch" column says
    otherwise; ``doc`` is the document the table comes from, cited by each row;
    ``sheet`` the workbook's sheet to read (default: the first with a task header).
    What a planner should know of how the table was read (the header row used, hidden
    rows) goes to ``into.notes``.
    """
    table = read_sheets(path, shown_as, budget, max_bytes)
    if table.problem is not None:
        return [table.problem]
    chosen, problems = _choose_sheet(table.sheets, shown_as, sheet)
    if chosen is None:
        return problems
    found, header_index = chosen
    units = next((s for s in table.sheets if s is not found and fold(s.name or "") in UNIT_SHEETS), None)
    if units is not None:
        problems.extend(_unit_parents(units, shown_as, into))
    into.notes.extend(_notes(found, header_index, [s for s in table.sheets if s is not units], shown_as))
    header = found.rows[header_index]
    columns, unnamed, problems = _columns(header, found, shown_as)
    problems.extend(_uncached(found, shown_as))
    if any(name not in columns for name in REQUIRED):
        return problems
    muted: set[str] = {"plan"} if plan == UNKNOWN_PLAN else set()
    if plan is None and "plan" not in columns:
        problems.append(
            Problem(
                shown_as,
                header.number,
                "",
                "which plan do these tasks belong to?",
                "pass --plan PLAN_ID, or add a 'Kế hoạch' column",
                "missing",
            )
        )
        plan = _NO_PLAN  # the rows are still checked; what they say about the plan is said here once
        muted.add("plan")
    if doc is None:
        problems.append(
            Problem(
                shown_as,
                header.number,
                "",
                "which document is this table from? every row cites it",
                "pass --doc DOCUMENT (the decision whose appendix this table is, e.g. 781/QĐ-BTTTT)",
                "missing",
            )
        )
        muted.add("sources")
    if "lead" not in columns:
        problems.append(
            Problem(
                shown_as,
                header.number,
                "",
                f"no {COLUMNS['lead'].header!r} column: tasks the graph has keep their leads (chủ trì), new ones "
                "have none",
                "add the column, or load the table knowing its new tasks will show as NO_LEAD gaps",
                "no-lead",
                warning=True,
            )
        )
    quiet = frozenset(muted)
    task_rows: list[tuple[int, dict[str, str], Names | None, TableKeys]] = []
    headings: list[_Heading] = []  # the open headings, outermost first
    any_heading = False
    nesting = _Nesting()
    for table_row in found.rows[header_index + 1 :]:
        line, row = table_row.number, table_row.cells
        cells = {name: _unprotected(row[index].strip()) if index < len(row) else "" for name, index in columns.items()}
        problems.extend(_lost_cells(row, len(header.cells), unnamed, line, found, shown_as))
        if not any(cells.values()):
            continue
        stt = cells.get("stt", "")
        level = _heading_level(stt, cells, headings)
        if level is not None:
            while headings and headings[-1].level >= level:
                problems.extend(headings.pop().empty(shown_as))
            names = (cells.get("name") or None, cells.get("name_en") or None)
            headings.append(_Heading(_numeral(stt), level, *names, line=line))
            any_heading = True
            problems.extend(_heading_cells(cells, line, found, columns, shown_as))
            nesting = _Nesting()  # numbering restarts under a heading
            continue
        for heading in headings:
            heading.rows += 1
        named = [Names(vi=h.name, en=h.name_en) for h in headings if h.name]
        group = named[-1] if named else None
        task_rows.append((line, cells, group, nesting.place(stt, line, tuple(h.numeral for h in headings))))
    for heading in headings:
        problems.extend(heading.empty(shown_as))
    grouped = any_heading or "group" in columns
    unstated = [name for column, names in UNSTATED.items() if column not in columns for name in names]
    into.unstated[shown_as] = frozenset([*NO_COLUMN, *unstated, *([] if grouped else UNGROUPED)])
    # a row may wait for a row further down: every row's id is known before any row is read
    ids = {_generated(cells, plan, keys, line): _id(cells, plan, keys, line) for line, cells, _, keys in task_rows}
    by_line = {line: _id(cells, plan, keys, line) for line, cells, _, keys in task_rows}
    for line, cells, row_group, keys in task_rows:
        problems.extend(
            _row(
                cells,
                line,
                shown_as,
                into,
                plan=plan,
                doc=doc,
                group=row_group,
                keys=keys,
                ids=ids,
                parent=by_line.get(keys.parent.line) if keys.parent else None,
                muted=quiet,
                show=_CellNames(columns, found, line),
                row_name=found.row_name(line),
                copy=_copy(path.name, found),
            )
        )
    if not task_rows:  # a plan without tasks exports as such a table: it loads back as nothing
        problems.append(
            Problem(
                shown_as,
                header.number,
                found.place(header.number),
                "no task rows under the header: nothing of the table loads",
                "add a row per task, or leave the file out",
                "missing",
                warning=True,
            )
        )
    return problems


_FORMULA_STARTS = ("=", "+", "-", "@")


def _copy(file: str, sheet: Sheet) -> str:
    """The copy a row was read from, as its citation's note names it: the file, and the sheet of a workbook."""
    return file if sheet.name is None else f"{file}, sheet {sheet.name!r}"


def _unprotected(text: str) -> str:
    """A cell as written before a spreadsheet writer kept it from being a formula: "'=x" -> "=x".

    The service's own exports (``stratagraph.spreadsheet``) put a ``'`` before a cell that would
    start a formula; read back, the cell is its text again, so an export loads back unchanged.
    """
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_STARTS else text


HEADER_SEARCH = 30
"""Rows above the header (a title block: "PHỤ LỤC …", "Kèm theo Quyết định số …") looked through at most."""
_NAME_VARIANTS = {variant: name for name, column in COLUMNS.items() for variant in column.name_variants}


def find_header(rows: Sequence[TableRow]) -> int | None:
    """The index of the header row among ``rows``: the first that names the task column or two known columns.

    A title block above it ("PHỤ LỤC", "Kèm theo Quyết định số 781/QĐ-BTTTT", the plan's
    name, a merged title repeated across its cells) names no column, so it is passed over.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        known = {_NAME_VARIANTS[folded] for cell in row.cells if (folded := fold(cell)) in _NAME_VARIANTS}
        if "name" in known or len(known) >= 2:
            return index
    return None


def _choose_sheet(
    sheets: Sequence[Sheet], shown_as: str, wanted: str | None
) -> tuple[tuple[Sheet, int] | None, list[Problem]]:
    """The sheet to read and its header row's index; or the problem, in planners' words."""
    names = ", ".join(repr(sheet.name) for sheet in sheets if sheet.name is not None)
    if wanted is not None:
        if sheets and sheets[0].name is None:
            return None, [
                Problem(shown_as, None, "", "--sheet names a sheet, and a CSV file has none", "leave --sheet out")
            ]
        matching = [s for s in sheets if s.name == wanted] or [s for s in sheets if fold(s.name or "") == fold(wanted)]
        if not matching:
            return None, [
                Problem(
                    shown_as, None, "", f"no sheet {wanted!r} in the workbook", f"its sheets are {names}", "missing"
                )
            ]
        candidates = matching[:1]
    else:
        candidates = list(sheets)
    for sheet in candidates:
        index = find_header(sheet.rows)
        if index is not None:
            return (sheet, index), []
    if not any(sheet.rows for sheet in candidates):
        where = f": sheet {candidates[0].name!r} holds nothing" if wanted is not None else ""
        return None, [Problem(shown_as, 1, "", f"empty table{where}", "the first rows name the columns", "missing")]
    first = next(sheet for sheet in candidates if sheet.rows)
    shown = "; ".join(" | ".join(c.strip() for c in row.cells if c.strip())[:60] for row in first.rows[:3])
    which = (
        f"sheet {first.name!r}"
        if wanted is not None
        else ("any sheet (" + names + ")" if first.name is not None else "the table")
    )
    return None, [
        Problem(
            shown_as,
            first.rows[0].number,
            "",
            f"no header row found in {which}: none of its first {HEADER_SEARCH} rows names the columns "
            f"(it begins: {shown})",
            "add a header row naming the columns above the tasks: 'STT', 'Nhiệm vụ' (the task, required), "
            "'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Sản phẩm' (diacritics optional); "
            "a title above it is fine",
            "missing",
        )
    ]


def _notes(sheet: Sheet, header_index: int, sheets: Sequence[Sheet], shown_as: str) -> list[Problem]:
    """What a planner should know of how the table was read: the header row, the sheet, hidden rows and columns."""
    header = sheet.rows[header_index]
    unit = "line" if sheet.name is None else "row"
    above = f" ({unit}s 1-{header.number - 1} above it skipped as a title)" if header_index else ""
    where = sheet.place(header.number) if sheet.name is not None else f"line {header.number}"
    notes = [Problem(shown_as, header.number, "", f"header row: {where}{above}", code=NOTE)]
    others = [s.name for s in sheets if s is not sheet and s.rows and s.name is not None]
    if others:
        listed = ", ".join(repr(name) for name in others)
        notes.append(
            Problem(shown_as, None, "", f"read sheet {sheet.name!r}; not read: {listed}", "--sheet NAME", code=NOTE)
        )
    if sheet.hidden:
        notes.append(Problem(shown_as, None, "", f"sheet {sheet.name!r} is hidden in the workbook", code=NOTE))
    if sheet.hidden_rows:
        rows = ", ".join(str(number) for number in sheet.hidden_rows[:20])
        more = f" and {len(sheet.hidden_rows) - 20} more" if len(sheet.hidden_rows) > 20 else ""
        notes.append(Problem(shown_as, None, "", f"hidden rows read as any other: {rows}{more}", code=NOTE))
    if sheet.hidden_columns:
        columns = ", ".join(get_column_letter(number) for number in sheet.hidden_columns[:20])
        notes.append(Problem(shown_as, None, "", f"hidden columns read as any other: {columns}", code=NOTE))
    return notes


UNIT_SHEETS = ("don vi", "danh sach don vi")
"""The folded names of a workbook's sheet listing units and their parents (for ``--new-agencies``)."""
_UNIT = ("don vi", "ten don vi", "co quan", "ten co quan")
_PARENT = ("truc thuoc", "don vi cap tren", "cap tren", "co quan chu quan", "co quan cap tren")


def _unit_parents(sheet: Sheet, shown_as: str, into: Records) -> list[Problem]:
    """The units a ``Đơn vị`` sheet lists with the unit each belongs to, into ``into.unit_parents``."""
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH]):
        folded = [fold(cell) for cell in row.cells]
        unit = next((i for i, cell in enumerate(folded) if cell in _UNIT), None)
        parent = next((i for i, cell in enumerate(folded) if cell in _PARENT), None)
        if unit is None or parent is None:
            continue
        for below in sheet.rows[index + 1 :]:
            cells = below.cells
            name = cells[unit].strip() if unit < len(cells) else ""
            above = cells[parent].strip() if parent < len(cells) else ""
            if name and above:
                into.unit_parents[fold(name)] = above
        into.notes.append(
            Problem(shown_as, None, "", f"units and their parents read from sheet {sheet.name!r}", code=NOTE)
        )
        return []
    return [
        Problem(
            shown_as,
            None,
            sheet.place(1),
            f"sheet {sheet.name!r} lists no units: it needs a header with 'Đơn vị' and 'Trực thuộc'",
            "name its columns 'Đơn vị' (the unit) and 'Trực thuộc' (the unit it belongs to), or rename the sheet",
            "missing",
        )
    ]


def _uncached(sheet: Sheet, shown_as: str) -> list[Problem]:
    """Formula cells the file keeps no value for (written by a program that does not compute): they would read empty."""
    if not sheet.uncached_formulas:
        return []
    cells = ", ".join(f"{sheet.name}!{cell}" for cell in sheet.uncached_formulas)
    left = sheet.uncached_count - len(sheet.uncached_formulas)
    more = f" and {left:,} more" if left > 0 else ""
    return [
        Problem(
            shown_as,
            None,
            "",
            f"formulas whose value the file does not keep: {cells}{more}",
            "open the workbook in Excel or LibreOffice Calc and save it (saving computes and keeps the values)",
            "invalid",
        )
    ]


@dataclass
class _Heading:
    """A group heading of the table, open until a heading of its level or above; counts its task rows."""

    numeral: str
    level: int
    name: str | None
    name_en: str | None
    line: int
    rows: int = 0

    def empty(self, shown_as: str) -> list[Problem]:
        """A warning when the group closed without a task row under it (nothing of it loads)."""
        if self.rows:
            return []
        named = f" ({self.name})" if self.name else ""
        return [
            Problem(
                shown_as,
                self.line,
                f"STT {self.numeral}",
                f"the group {self.numeral}{named} has no task rows",
                "add its tasks under the heading, or remove the heading; a row with a lead is a task",
                "empty-group",
                warning=True,
            )
        ]


def _numeral(stt: str) -> str:
    """A heading's numeral as the plan numbers it: "II." -> "II"."""
    return stt.strip().rstrip(".").strip()


def _heading_level(stt: str, cells: dict[str, str], open_headings: Sequence[_Heading]) -> int | None:
    """The level of the heading this row is, or None for a task row.

    A heading names no lead. "I", "V" and "X" are Roman numerals unless they follow the
    letter before them ("H", "I"): letters run A, B, C…, Roman numerals I, II, III….
    """
    if cells.get("lead"):
        return None
    bare = _numeral(stt)
    if _LETTER.match(bare):
        letters = [h.numeral for h in open_headings if h.level == LETTER_LEVEL]
        follows = bool(letters) and ord(bare) == ord(letters[-1]) + 1
        if bare not in ("I", "V", "X") or follows:
            return LETTER_LEVEL
    if bare and _ROMAN.match(fold(bare).replace(" ", "")):
        return ROMAN_LEVEL
    return None


@dataclass(frozen=True)
class _Parent:
    """The row a row is numbered under: its keys, its STT, its line."""

    keys: TableKeys
    stt: str
    line: int


@dataclass(frozen=True)
class TableKeys:
    """Task ids for the rows of a table: ``{plan}-{groups}-{stt}``, from the plan's own numbering.

    The groups' numerals keep rows apart when numbering restarts in each group, as
    printed appendices often do ("I. 1, 2 ... II. 1, 2 ..."); an STT that starts with
    a Roman numeral ("II.3") names its group itself. The file's name is no part of
    it: a revision saved under another name speaks of the same tasks. A row numbered
    under another ("a)" or "-" below "1") extends its parent's id: ``…-i-1-a``, and
    ``…-i-1-gach-2`` for the second dash below it.
    """

    groups: tuple[str, ...]
    parent: _Parent | None = None
    ordinal: int = 0
    """A dash row's place among its parent's dash rows (1, 2…): a dash numbers nothing itself."""

    def key(self, plan_key: str, stt: str) -> str:
        """The id key of the row with STT ``stt`` in this row's groups (how Phụ thuộc names a row)."""
        parts = [plan_key]
        if self.groups and not _ROMAN.match(fold(stt.split(".")[0]).replace(" ", "")):
            parts.extend(slug(group) for group in self.groups)
        return "-".join([*parts, slug(stt)])

    def row_key(self, plan_key: str, stt: str) -> str:
        """This row's own id key; a dotted STT ("1.1") is whole in itself."""
        if self.parent is None or _DOTTED.match(stt.strip()):
            return self.key(plan_key, stt)
        own = f"gach-{self.ordinal}" if _BULLET.match(stt) else slug(stt)
        return f"{self.parent.keys.row_key(plan_key, self.parent.stt)}-{own}"

    def place(self, stt: str) -> str:
        """Where the row is in the plan, as a reader cites it: "II.2" (groups and STT), "II.2.a)" below "2";
        "STT 2" in a table without groups."""
        if self.parent is not None and not _DOTTED.match(stt.strip()):
            return f"{self.parent.keys.place(self.parent.stt)}.{stt}"
        if self.groups and not _ROMAN.match(fold(stt.split(".")[0]).replace(" ", "")):
            return ".".join([*self.groups, stt])
        return stt if _ROMAN.match(fold(stt.split(".")[0]).replace(" ", "")) else f"STT {stt}"


_DOTTED = re.compile(r"^\d+(\.\d+)+\.?$")
_LOWER = re.compile(r"^[a-zđ][).]?$")
_BULLET = re.compile(r"^[-+•–*]$")


@dataclass
class _Nesting:
    """The rows of one group so far, to find the row a nested number ("1.1", "a)", "-") is under."""

    numbered: dict[str, _Parent] = field(default_factory=dict)
    last_numbered: _Parent | None = None
    last_named: _Parent | None = None  # the last row that is not a dash
    dashes: dict[int, int] = field(default_factory=dict)  # parent's line -> dashes under it so far

    def place(self, stt: str, line: int, groups: tuple[str, ...]) -> TableKeys:
        """This row's keys, with its parent when its STT is numbered under a row above; kept for the rows below."""
        bare = stt.strip()
        if _DOTTED.match(bare) and (parent := self.numbered.get(bare.rstrip(".").rsplit(".", 1)[0])) is not None:
            keys = TableKeys(groups, parent)
        elif _LOWER.match(bare) and self.last_numbered is not None:
            keys = TableKeys(groups, self.last_numbered)
        elif _BULLET.match(bare) and self.last_named is not None:
            ordinal = self.dashes.get(self.last_named.line, 0) + 1
            self.dashes[self.last_named.line] = ordinal
            return TableKeys(groups, self.last_named, ordinal)
        else:
            keys = TableKeys(groups)
        here = _Parent(keys, bare, line)
        if bare[:1].isdigit():
            self.numbered[bare.rstrip(".")] = here
            self.last_numbered = here
        self.last_named = here
        return keys


def _columns(header_row: TableRow, sheet: Sheet, shown_as: str) -> tuple[dict[str, int], list[int], list[Problem]]:
    """Each known column's index, the indexes of columns without a header, and the problems with the header."""
    columns: dict[str, int] = {}
    unnamed: list[int] = []
    problems: list[Problem] = []
    line = header_row.number
    for index, title in enumerate(header_row.cells):
        folded = fold(title)
        if title.strip().startswith("#"):
            continue  # kept out on purpose
        if not folded:
            unnamed.append(index)  # an error only if a row puts something in it
            continue
        found = next((name for name, column in COLUMNS.items() if folded in column.name_variants), None)
        if found is None:
            problems.append(_unknown_column(title, shown_as, line, _at(sheet.place(line, index), title)))
        elif found in columns:
            problems.append(
                Problem(
                    shown_as,
                    line,
                    _at(sheet.place(line, index), title),
                    f"two columns are {COLUMNS[found].header!r} (columns {columns[found] + 1} and {index + 1}): "
                    "the second's cells would be lost",
                    "merge them into one, or start one header with '#' to leave it out on purpose",
                    "unknown-field",
                )
            )
        else:
            columns[found] = index
    where = sheet.place(line) if sheet.name is not None else f"line {line}"
    problems += [
        Problem(
            shown_as,
            line,
            sheet.place(line),
            f"the header row ({where}) has no {COLUMNS[name].header!r} column: the text of each task",
            f"name the column of the tasks {COLUMNS[name].header!r} (or 'Nội dung', 'Tên nhiệm vụ'; "
            "diacritics optional)",
            "missing",
        )
        for name in REQUIRED
        if name not in columns
    ]
    return columns, unnamed, problems


def _at(place: str, label: str) -> str:
    """A problem's path: the label (a column, ``STT 3, Đơn vị chủ trì``), after the cell in a sheet."""
    if not place:
        return label
    return f"{place} ({label})" if label else place


def _lost_cells(
    row: Sequence[str], width: int, unnamed: Sequence[int], line: int, sheet: Sheet, shown_as: str
) -> list[Problem]:
    """Cells of a row that no column reads: under a header left empty, or past the header's end."""
    lost = [i for i in unnamed if i < len(row) and row[i].strip()]
    lost += [i for i in range(width, len(row)) if row[i].strip()]
    return [
        Problem(
            shown_as,
            line,
            sheet.place(line, index) or f"column {index + 1}",
            f"{row[index].strip()!r} is in a column without a header: it would be lost",
            "name the column in the header (or start its header with '#' to leave it out on purpose)",
            "unknown-field",
        )
        for index in lost
    ]


@dataclass(frozen=True)
class _CellNames:
    """Where a problem is, as the table's reader sees it: ``STT 3, Đơn vị phối hợp``, not ``row 3.supports[0]``;
    in a workbook after the cell: ``Phụ lục!D7 (STT 3, Đơn vị phối hợp)``.

    A field the table has no column for came from the command line (``--plan``, ``--doc``)
    or from the row's number (its id); the message names the value at fault, so the
    item's place in its cell is left out.
    """

    columns: dict[str, int]
    sheet: Sheet
    line: int

    def __call__(self, row: Sequence[PathPart], at: Sequence[PathPart | object] = ()) -> str:
        full = [*row, *at]
        if len(full) < 2:
            return _at(self.sheet.place(self.line), "".join(map(str, full)))
        field = str(full[1])
        if field not in self.columns and field in _NOT_A_COLUMN:
            return _at(self.sheet.place(self.line), f"{full[0]}, {_NOT_A_COLUMN[field]}")
        return _at(self.sheet.place(self.line, self.columns.get(field)), f"{full[0]}, {_header(field)}")


_NOT_A_COLUMN = {"plan": "--plan", "sources": "--doc", "id": "its id (from the plan, group and STT)"}
"""What a field comes from when the table has no column for it."""


def _heading_cells(
    cells: dict[str, str], line: int, sheet: Sheet, columns: dict[str, int], shown_as: str
) -> list[Problem]:
    """A group heading names a group; anything else on its row would be lost."""
    extra = [name for name, value in cells.items() if value and name not in ("stt", "name", "name_en")]
    if not extra:
        return []
    stt = cells.get("stt", "")
    headers = ", ".join(repr(COLUMNS[name].header) for name in extra)
    return [
        Problem(
            shown_as,
            line,
            _at(sheet.place(line, columns[extra[0]]), f"STT {stt}"),
            f"the group heading {stt} has cells in {headers}: they would be lost",
            "a heading row (STT a letter or a Roman numeral, no lead) names a group only (in Vietnamese, and in "
            "English in the 'Task' column): move those cells to a task row, or give the row a lead (Đơn vị chủ trì) "
            "to make it a task",
            "unknown-field",
        )
    ]


def _header(field: object) -> str:
    """The column a record field comes from, as its header is written; the field itself if none."""
    column = COLUMNS.get(str(field))
    return str(field) if column is None else column.header


def _unknown_column(title: str, shown_as: str, line: int, path: str) -> Problem:
    """A header no column is known by: its cells would be lost, so it is a problem, with the name meant."""
    headers = {variant: column.header for column in COLUMNS.values() for variant in column.name_variants}
    best = process.extractOne(fold(title), list(headers), scorer=fuzz.WRatio)
    meant = f"did you mean {headers[best[0]]!r}? " if best is not None and best[1] >= 80 else ""
    return Problem(
        shown_as,
        line,
        path,
        f"unknown column {title.strip()!r}: its cells would be lost",
        f"{meant}columns are {', '.join(repr(c.header) for c in COLUMNS.values())}; start a header with '#' to leave "
        "that column out on purpose",
        "unknown-field",
    )


def _row(
    cells: dict[str, str],
    line: int,
    shown_as: str,
    into: Records,
    *,
    plan: str | None,
    doc: str | None,
    group: Names | None,
    keys: TableKeys,
    ids: dict[str, str],
    parent: str | None,
    muted: frozenset[str],
    show: _CellNames,
    row_name: str,
    copy: str,
) -> list[Problem]:
    """Add one task row to ``into``; return its problems. ``copy`` is the file's name, which its citations name."""
    stt = cells.get("stt", "")
    row_plan = cells.get("plan") or plan or ""
    plan_key = _plan_key(cells, plan)
    key = _id(cells, plan, keys, line)
    row = f"STT {stt}" if stt else row_name
    status, cell_problems = _status(cells.get("status", ""), line, show((row,), ("status",)), shown_as)
    recurs, recurs_problems = _recurs(cells.get("recurs", ""), line, show((row,), ("recurs",)), shown_as)
    cell_problems += recurs_problems
    depends_on, unknown_rows = _depends_on(cells.get("dependsOn", ""), plan_key, keys, ids)
    cell_problems += [
        Problem(
            shown_as,
            line,
            show((row,), ("dependsOn",)),
            f"no row with STT {written!r} in this table",
            f"write the STT of a row of this table, or a task elsewhere by its id (task/{slug(written)})",
            "unknown-reference",
        )
        for written in unknown_rows
    ]
    if "lead" in show.columns and not cells.get("lead"):
        cell_problems.append(
            Problem(
                shown_as,
                line,
                show((row,), ("lead",)),
                "no lead (chủ trì): the task will show as a NO_LEAD gap",
                "name the agency that leads it; a lead cell merged over several rows in Excel is empty in the "
                "rows below its first: write the lead in each row",
                "no-lead",
                warning=True,
            )
        )
    place = keys.place(stt) if stt else (row_name if show.sheet.name is None else show.sheet.place(line))
    sources = _citations(cells, doc, place, f"{COPY_NOTE}{copy}, {row_name}")
    raw = {
        "id": key,
        "plan": row_plan,
        "name": Names(vi=cells["name"], en=cells.get("name_en") or None) if cells.get("name") else None,
        "group": group or (Names(vi=cells["group"]) if cells.get("group") else None),
        "lead": cells.get("lead") or None,
        "supports": [cells["supports"]] if cells.get("supports") else [],
        "deadline": cells.get("deadline") or None,
        "recurs": recurs,
        "output": cells.get("output") or None,
        "status": status,
        "contributesTo": _list(cells.get("contributesTo", "")),
        "dependsOn": depends_on,
        "subtaskOf": parent,
        "note": cells.get("note") or None,
        "sources": sources,
    }
    path: tuple[PathPart, ...] = (row,)

    def line_of(_path: Sequence[PathPart]) -> int:
        return line

    data = {k: v for k, v in raw.items() if v is not None}
    try:
        record = TaskRecord.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(
                shown_as,
                line,
                show(path, detail["loc"]),
                detail["msg"] if detail["type"] != "missing" else f"{_header(detail['loc'][0])} is empty",
                "fill in the cell" if detail["type"] == "missing" else value_hint(detail) or kind_hint(detail["type"]),
                "missing" if detail["type"] == "missing" else "invalid",
            )
            for detail in error.errors()
        ]
        # its other cells are still checked against the rest (a stand-in name if the cell is empty)
        partial = without_bad_fields(TaskRecord, data, error, {"name": Names(vi=f"({row})")})
        if partial is not None:
            into.tasks.append(Located(partial, shown_as, path, line_of, show, muted, LENIENT))
        return [*problems, *cell_problems]
    into.tasks.append(Located(record, shown_as, path, line_of, show, muted, LENIENT))
    return cell_problems


LENIENT = frozenset({"deadline"})
"""Problems that are warnings in a table row: a deadline that cannot be dated loads without its dates."""


def _citations(cells: dict[str, str], doc: str | None, place: str, copy: str) -> list[Cite]:
    """What a row cites: its words copied verbatim, and the dates of its deadline as our reading of its words.

    Both name the document at the row's place ("II.2"); the note says which copy of the table was read.
    """
    if doc is None:
        return []
    name = cells.get("name") or None
    found = [Cite(doc=doc, at=place, kind="verbatim", quote=name, note=f"{copy}: the row's cells copied as written")]
    deadline = cells.get("deadline")
    if deadline:
        found.append(
            Cite(
                doc=doc,
                at=f"{place}, {COLUMNS['deadline'].header}",
                kind="inferred",
                quote=deadline,
                note=f"{copy}: the deadline's dates are our reading of these words",
            )
        )
    return found


_STATUSES: dict[str, str] = {
    **{fold(status): status.value for status in TaskStatus},
    **{fold(word): status for word, status in VIETNAMESE_STATUSES.items()},
}
"""A status cell, folded -> the status: the Vietnamese words planners write, or the model's own."""


def _status(cell: str, line: int, where: str, shown_as: str) -> tuple[str, list[Problem]]:
    """The status a Trạng thái cell states; an empty cell is ``unknown``, and a word not known is a problem.

    A word the table does not know is not taken as ``unknown``: that would drop a planner's
    "finished" without a word, and a finished task would read as not reported.
    """
    if not cell.strip():
        return "unknown", []
    status = _STATUSES.get(fold(cell))
    if status is not None:
        return status, []
    meant = closest_value(cell, [status.value for status in TaskStatus])
    words = ", ".join(repr(word) for word in VIETNAMESE_STATUSES)
    hint = f"did you mean {_written(meant)!r}? " if meant is not None else ""
    problem = Problem(
        shown_as,
        line,
        where,
        f"unknown status {cell.strip()!r}",
        f"{hint}write one of {words} (or {', '.join(TaskStatus)}); leave the cell empty when not known",
        "invalid",
    )
    return "unknown", [problem]


YEARLY_WORDS = ("hằng năm", "hàng năm", "mỗi năm", "yearly")
"""What a Lặp lại cell says of a duty that recurs every year ("Trước ngày 03/4" read as every 3 April)."""
_YEARLY = {fold(word) for word in YEARLY_WORDS}


def _recurs(cell: str, line: int, where: str, shown_as: str) -> tuple[str | None, list[Problem]]:
    """The recurrence a Lặp lại cell states: yearly, or none for an empty cell; any other word is a problem.

    The column keeps the deadline's words as the plan wrote them ("Trước ngày 03/4") while saying
    they recur every year, as the dataset's ``recurs: yearly`` does.
    """
    if not cell.strip():
        return None, []
    if fold(cell) in _YEARLY:
        return "yearly", []
    problem = Problem(
        shown_as,
        line,
        where,
        f"unknown recurrence {cell.strip()!r}",
        "write 'hằng năm' for a deadline that recurs every year, or leave the cell empty; write a quarterly or "
        "half-yearly duty in the deadline itself ('hằng quý', 'định kỳ 6 tháng')",
        "invalid",
    )
    return None, [problem]


def _written(status: str) -> str:
    """How a planner writes ``status`` in Vietnamese (the first word for it), or the status itself."""
    return next((word for word, meant in VIETNAMESE_STATUSES.items() if meant == status), status)


def _plan_key(cells: dict[str, str], plan: str | None) -> str:
    """The key of the plan a row belongs to: its Kế hoạch cell, else ``--plan``."""
    return (cells.get("plan") or plan or "").split("/", 1)[-1]


def _generated(cells: dict[str, str], plan: str | None, keys: TableKeys, line: int) -> str:
    """The id a row gets from its plan, file, group and STT (what another row's Phụ thuộc names it by)."""
    return keys.row_key(_plan_key(cells, plan), cells.get("stt", "") or str(line))


def _id(cells: dict[str, str], plan: str | None, keys: TableKeys, line: int) -> str:
    """A row's id: its Mã nhiệm vụ, else the one generated."""
    return cells.get("id") or _generated(cells, plan, keys, line)


def _depends_on(cell: str, plan_key: str, keys: TableKeys, ids: dict[str, str]) -> tuple[list[str], list[str]]:
    """The tasks a Phụ thuộc cell names (STTs of this table's rows, or task ids), and the STTs no row has."""
    found: list[str] = []
    unknown: list[str] = []
    for written in _list(cell):
        if "/" in written:
            found.append(written)
        elif (row_id := ids.get(keys.key(plan_key, written))) is not None:
            found.append(row_id)
        else:
            unknown.append(written)
    return found, unknown


def _list(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]+", cell) if part.strip()]
