"""Reading a task table as planners keep one (the appendix of a Kế hoạch) from CSV.

Columns are found by their header, compared without diacritics, case or
punctuation, so "Đơn vị chủ trì", "DON VI CHU TRI" and "Đơn vị chủ trì:" all
match. A header no column is known by is a problem, since its cells would be lost,
unless it starts with "#" (left out on purpose). Rows whose STT is a capital letter
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

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from stratagraph.loaders.compile import Records
from stratagraph.loaders.limits import RAISE_IT, TOO_LARGE, Budget
from stratagraph.loaders.located import Located, PathPart
from stratagraph.loaders.records import Cite, Names, TaskRecord, without_bad_fields
from stratagraph.loaders.suggest import VIETNAMESE_STATUSES, closest_value, kind_hint, value_hint
from stratagraph.loaders.text_file import read_text
from stratagraph.model.errors import Problem
from stratagraph.model.records import TaskStatus
from stratagraph.model.text import fold, slug


@dataclass(frozen=True)
class Column:
    """A column: its header as the printed appendices write it, and the headers it is known by (folded)."""

    header: str
    spellings: tuple[str, ...]


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
    "output": Column("Sản phẩm", ("san pham", "san pham dau ra", "ket qua", "ket qua san pham")),
    "status": Column("Trạng thái", ("trang thai", "tinh trang")),
    "plan": Column("Kế hoạch", ("ke hoach",)),
    "group": Column("Nhóm", ("nhom", "nhom nhiem vu")),
    "contributesTo": Column("Chỉ tiêu", ("chi tieu", "muc tieu")),
    "dependsOn": Column("Phụ thuộc", ("phu thuoc", "nhiem vu truoc", "sau khi hoan thanh")),
    "note": Column("Ghi chú", ("ghi chu",)),
}
REQUIRED = ("name",)
ROW_VALUES = 4
"""Values a row counts as at least against the run's budget (``loaders.limits``): its task record weighs
as much as four values whatever few cells wrote it."""
_NO_PLAN = "plan-not-given"
"""The plan rows of a table read without one are checked under (an id no plan has; the file says it once)."""
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_LETTER = re.compile(r"^[A-Z]$")
LETTER_LEVEL, ROMAN_LEVEL = 0, 1
"""Heading levels: a letter heading ("A.") holds Roman ones ("I.")."""
COPY_NOTE = "read from "
"""How the note of a table row's citation starts: the copy (file, row) the row was read from. Loading the
same rows from another copy (a renamed revision, an export) is no change to them (``loaders.changes``)."""


def read_task_table(
    path: Path, shown_as: str, into: Records, budget: Budget, max_bytes: int, *, plan: str | None, doc: str | None
) -> list[Problem]:
    """Add the tasks of one CSV file to ``into``; return the problems found.

    ``plan`` is the plan the tasks belong to unless a "Kế hoạch" column says
    otherwise; ``doc`` is the document the table comes from, cited by each row.
    """
    into.tables.append(shown_as)
    text, problem = read_text(path, shown_as, max_bytes)
    if problem is not None or text is None:
        return [problem] if problem else []
    rows, problem = _rows(text, shown_as, budget)
    if problem is not None:
        return [problem]
    if not rows:
        return [Problem(shown_as, 1, "", "empty table", "the first row names the columns")]
    header = rows[0][1]
    columns, unnamed, problems = _columns(header, shown_as)
    if any(name not in columns for name in REQUIRED):
        return problems
    muted: set[str] = set()
    if plan is None and "plan" not in columns:
        problems.append(
            Problem(
                shown_as,
                1,
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
                1,
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
                1,
                "",
                f"no {COLUMNS['lead'].header!r} column: no task of this table has a lead (chủ trì)",
                "add the column, or load the table knowing every task will show as a NO_LEAD gap",
                "no-lead",
                warning=True,
            )
        )
    show = _CellNames(frozenset(columns))
    quiet = frozenset(muted)
    task_rows: list[tuple[int, dict[str, str], str | None, TableKeys]] = []
    headings: list[_Heading] = []  # the open headings, outermost first
    nesting = _Nesting()
    for line, row in rows[1:]:
        cells = {name: _unprotected(row[index].strip()) if index < len(row) else "" for name, index in columns.items()}
        problems.extend(_lost_cells(row, len(header), unnamed, line, shown_as))
        if not any(cells.values()):
            continue
        stt = cells.get("stt", "")
        level = _heading_level(stt, cells, headings)
        if level is not None:
            while headings and headings[-1].level >= level:
                problems.extend(headings.pop().empty(shown_as))
            headings.append(_Heading(_numeral(stt), level, cells.get("name") or None, line))
            problems.extend(_heading_cells(cells, line, shown_as))
            nesting = _Nesting()  # numbering restarts under a heading
            continue
        for heading in headings:
            heading.rows += 1
        named = [h.name for h in headings if h.name]
        group = named[-1] if named else None
        task_rows.append((line, cells, group, nesting.place(stt, line, tuple(h.numeral for h in headings))))
    for heading in headings:
        problems.extend(heading.empty(shown_as))
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
                show=show,
                copy=path.name,
            )
        )
    if not task_rows:
        problems.append(
            Problem(
                shown_as, 1, "", "no task rows under the header", "add a row per task, or leave the file out", "missing"
            )
        )
    return problems


_FORMULA_STARTS = ("=", "+", "-", "@")


def _unprotected(text: str) -> str:
    """A cell as written before a spreadsheet writer kept it from being a formula: "'=x" -> "=x".

    The service's own exports (``stratagraph.spreadsheet``) put a ``'`` before a cell that would
    start a formula; read back, the cell is its text again, so an export loads back unchanged.
    """
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_STARTS else text


def _rows(text: str, shown_as: str, budget: Budget) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """The table's rows, each with the line it ends on; or why it cannot be read as CSV, at the line."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)  # a line break inside quotes stays in its cell
    rows: list[tuple[int, list[str]]] = []
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
        rows.append((reader.line_num, row))


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


@dataclass
class _Heading:
    """A group heading of the table, open until a heading of its level or above; counts its task rows."""

    numeral: str
    level: int
    name: str | None
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


def _columns(header: Sequence[str], shown_as: str) -> tuple[dict[str, int], list[int], list[Problem]]:
    """Each known column's index, the indexes of columns without a header, and the problems with the header."""
    columns: dict[str, int] = {}
    unnamed: list[int] = []
    problems: list[Problem] = []
    for index, title in enumerate(header):
        folded = fold(title)
        if title.strip().startswith("#"):
            continue  # kept out on purpose
        if not folded:
            unnamed.append(index)  # an error only if a row puts something in it
            continue
        found = next((name for name, column in COLUMNS.items() if folded in column.spellings), None)
        if found is None:
            problems.append(_unknown_column(title, shown_as))
        elif found in columns:
            problems.append(
                Problem(
                    shown_as,
                    1,
                    title,
                    f"two columns are {COLUMNS[found].header!r} (columns {columns[found] + 1} and {index + 1}): "
                    "the second's cells would be lost",
                    "merge them into one, or start one header with '#' to leave it out on purpose",
                    "unknown-field",
                )
            )
        else:
            columns[found] = index
    problems += [
        Problem(
            shown_as,
            1,
            "",
            f"no column for {name!r}",
            "name a column " + " or ".join(repr(s) for s in COLUMNS[name].spellings[:2]) + " (diacritics optional)",
            "missing",
        )
        for name in REQUIRED
        if name not in columns
    ]
    return columns, unnamed, problems


def _lost_cells(row: Sequence[str], width: int, unnamed: Sequence[int], line: int, shown_as: str) -> list[Problem]:
    """Cells of a row that no column reads: under a header left empty, or past the header's end."""
    lost = [i for i in unnamed if i < len(row) and row[i].strip()]
    lost += [i for i in range(width, len(row)) if row[i].strip()]
    return [
        Problem(
            shown_as,
            line,
            f"column {index + 1}",
            f"{row[index].strip()!r} is in a column without a header: it would be lost",
            "name the column in the header (or start its header with '#' to leave it out on purpose)",
            "unknown-field",
        )
        for index in lost
    ]


@dataclass(frozen=True)
class _CellNames:
    """Where a problem is, as the table's reader sees it: ``STT 3, Đơn vị phối hợp``, not ``row 3.supports[0]``.

    A field the table has no column for came from the command line (``--plan``, ``--doc``)
    or from the row's number (its id); the message names the value at fault, so the
    item's place in its cell is left out.
    """

    columns: frozenset[str]

    def __call__(self, row: Sequence[PathPart], at: Sequence[PathPart | object] = ()) -> str:
        full = [*row, *at]
        if len(full) < 2:
            return "".join(map(str, full))
        field = str(full[1])
        if field not in self.columns and field in _NOT_A_COLUMN:
            return f"{full[0]}, {_NOT_A_COLUMN[field]}"
        return f"{full[0]}, {_header(field)}"


_NOT_A_COLUMN = {"plan": "--plan", "sources": "--doc", "id": "its id (from the plan, group and STT)"}
"""What a field comes from when the table has no column for it."""


def _heading_cells(cells: dict[str, str], line: int, shown_as: str) -> list[Problem]:
    """A group heading names a group; anything else on its row would be lost."""
    extra = [name for name, value in cells.items() if value and name not in ("stt", "name")]
    if not extra:
        return []
    stt = cells.get("stt", "")
    headers = ", ".join(repr(COLUMNS[name].header) for name in extra)
    return [
        Problem(
            shown_as,
            line,
            f"STT {stt}",
            f"the group heading {stt} has cells in {headers}: they would be lost",
            "a heading row (STT a letter or a Roman numeral, no lead) names a group only: move those cells to a "
            "task row, or give the row a lead (Đơn vị chủ trì) to make it a task",
            "unknown-field",
        )
    ]


def _header(field: object) -> str:
    """The column a record field comes from, as its header is written; the field itself if none."""
    column = COLUMNS.get(str(field))
    return str(field) if column is None else column.header


def _unknown_column(title: str, shown_as: str) -> Problem:
    """A header no column is known by: its cells would be lost, so it is a problem, with the name meant."""
    spellings = {spelling: column.header for column in COLUMNS.values() for spelling in column.spellings}
    best = process.extractOne(fold(title), list(spellings), scorer=fuzz.WRatio)
    meant = f"did you mean {spellings[best[0]]!r}? " if best is not None and best[1] >= 80 else ""
    return Problem(
        shown_as,
        1,
        title,
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
    group: str | None,
    keys: TableKeys,
    ids: dict[str, str],
    parent: str | None,
    muted: frozenset[str],
    show: _CellNames,
    copy: str,
) -> list[Problem]:
    """Add one task row to ``into``; return its problems. ``copy`` is the file's name, which its citations name."""
    stt = cells.get("stt", "")
    row_plan = cells.get("plan") or plan or ""
    plan_key = _plan_key(cells, plan)
    key = _id(cells, plan, keys, line)
    row = f"STT {stt}" if stt else f"line {line}"
    status, cell_problems = _status(cells.get("status", ""), line, show((row,), ("status",)), shown_as)
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
    sources = _citations(cells, doc, keys.place(stt) if stt else f"line {line}", f"{COPY_NOTE}{copy}, row {line}")
    raw = {
        "id": key,
        "plan": row_plan,
        "name": Names(vi=cells["name"], en=cells.get("name_en") or None) if cells.get("name") else None,
        "group": Names(vi=group) if group else (Names(vi=cells["group"]) if cells.get("group") else None),
        "lead": cells.get("lead") or None,
        "supports": [cells["supports"]] if cells.get("supports") else [],
        "deadline": cells.get("deadline") or None,
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
