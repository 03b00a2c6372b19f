"""A plan's tasks as planners keep them: the appendix table, in CSV or Excel, that loads back unchanged.

The columns are the task table reader's own (``loaders.task_table.COLUMNS``), so what is
written is what is read: STT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian hoàn
thành, Sản phẩm, Trạng thái, Mã nhiệm vụ, and Task, Lặp lại, Chỉ tiêu, Phụ thuộc, Ghi chú
when a task of the plan has one. Groups are heading rows (their numeral in STT, their name
in Nhiệm vụ, and in Task in English) above their tasks. A yearly duty whose words name no
year ("Trước ngày 03/4", the dataset's ``recurs: yearly``) says "hằng năm" in Lặp lại, so
its words stay as the plan wrote them and it reads back dated. A task read from a table
keeps the place its citation names ("A.II.3": the headings' numerals, then its STT); a
task that has none (a curated one) gets the next Roman numeral for its group and no STT,
and keeps its id by Mã nhiệm vụ.
Retired tasks are not in it: a revision no longer lists them.

Loading the file back (with the same ``--doc``) changes nothing for tasks that came from
a table: same ids, same cells, same places; the citations then name the new copy only in
the part ``loaders.changes`` leaves out of the comparison.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from stratagraph.graph.store import Store
from stratagraph.loaders.deadline_text import read_as_yearly
from stratagraph.loaders.suggest import VIETNAMESE_STATUSES
from stratagraph.loaders.task_table import COLUMNS, YEARLY_WORDS, read_from_table
from stratagraph.model.records import Direction, Kind, Label, Node, Rel, is_retired
from stratagraph.model.text import fold
from stratagraph.spreadsheet import cell, csv_text

__all__ = ["PlanTable", "plan_table"]

_ROMAN = re.compile(r"^[IVXLC]+$")
_LETTER = re.compile(r"^[A-Z]$")
_ALWAYS = ("stt", "name", "lead", "supports", "deadline", "output", "status", "id")
_WHEN_USED = ("name_en", "recurs", "contributesTo", "dependsOn", "note")
_WORD = {status: word for word, status in reversed(VIETNAMESE_STATUSES.items())}
"""Each status as planners first write it ("Hoàn thành"); reversed so that the first word wins."""


@dataclass(frozen=True)
class PlanTable:
    """The rows of a plan's table, the header first; every cell text."""

    plan: str
    rows: tuple[tuple[str, ...], ...]

    def to_csv(self) -> str:
        """UTF-8 with a byte-order mark for Excel; no cell can start a formula (``stratagraph.spreadsheet``)."""
        return csv_text(self.rows)

    def to_xlsx(self) -> bytes:
        """An Excel workbook of one sheet; cells are text, none a formula."""
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Phụ lục")
        for row in self.rows:
            sheet.append([cell(value) for value in row])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


async def plan_table(store: Store, plan_id: str) -> PlanTable:
    """The live tasks of ``plan_id`` as its table, groups as heading rows, in the order of their places."""
    members = await store.neighbours([plan_id], Rel.IN_PLAN, Direction.IN)
    found = await store.get(sorted({edge.source for edge in members}))
    tasks = [node for node in found.values() if node.label is Label.TASK and not is_retired(node)]
    ids = [task.id for task in tasks]
    leads = await _ends(store, ids, Rel.LEADS, Direction.IN)
    supports = await _ends(store, ids, Rel.SUPPORTS, Direction.IN)
    indicators = await _ends(store, ids, Rel.CONTRIBUTES_TO, Direction.OUT)
    waits = await _ends(store, ids, Rel.DEPENDS_ON, Direction.OUT)
    parents = await _ends(store, ids, Rel.SUBTASK_OF, Direction.OUT)
    agencies = await store.get(sorted({a for ends in (*leads.values(), *supports.values()) for a in ends}))

    def named(agency: str) -> str:
        node = agencies.get(agency)
        return str(node.get("nameVi") or agency) if node is not None else agency

    placed = _places(tasks)
    by_id = {task.id: task for task in tasks}
    cells: list[dict[str, str]] = []
    for task_id, (groups, stt) in sorted(placed.items(), key=lambda item: (_order(*item[1]), item[0])):
        task = by_id[task_id]
        deadline = str(task.get("deadlineText") or "")
        cells.append(
            {
                "groups": ".".join(groups),
                "group": str(task.get("groupVi") or ""),
                "group_en": str(task.get("groupEn") or ""),
                "stt": _own_stt(stt, [placed[p][1] for p in parents.get(task_id, []) if p in placed]),
                "name": str(task.get("nameVi") or ""),
                "name_en": str(task.get("nameEn") or ""),
                "lead": "; ".join(named(a) for a in leads.get(task.id, [])),
                "supports": "; ".join(named(a) for a in supports.get(task.id, [])),
                "deadline": deadline,
                "recurs": YEARLY_WORDS[0] if read_as_yearly(deadline, str(task.get("deadlineKind"))) else "",
                "output": str(task.get("output") or ""),
                "status": _WORD.get(str(task.get("status") or "unknown"), ""),
                "id": task.key,
                "contributesTo": "; ".join(indicators.get(task.id, [])),
                "dependsOn": "; ".join(waits.get(task.id, [])),
                "note": str(task.get("note") or ""),
            }
        )
    used = {name for name in _WHEN_USED if any(row[name] for row in cells)}
    if any(row["group_en"] for row in cells):
        used.add("name_en")  # a heading's English name is in the Task column
    columns = [*_ALWAYS, *(name for name in _WHEN_USED if name in used)]
    rows: list[tuple[str, ...]] = [tuple(COLUMNS[name].header for name in columns)]
    opened: tuple[str, ...] = ()
    for row in cells:
        groups = tuple(row["groups"].split(".")) if row["groups"] else ()
        for depth, numeral in enumerate(groups):
            if opened[: depth + 1] != groups[: depth + 1]:
                own = depth == len(groups) - 1  # the group's own heading; those above it bear numerals only
                heading = {"stt": numeral, **({"name": row["group"], "name_en": row["group_en"]} if own else {})}
                rows.append(tuple(heading.get(c, "") for c in columns))
        opened = groups
        rows.append(tuple(row[c] for c in columns))
    return PlanTable(plan_id, tuple(rows))


async def _ends(store: Store, ids: Sequence[str], rel: Rel, direction: Direction) -> dict[str, list[str]]:
    """Each task's other ends of ``rel``, in id order."""
    ends: dict[str, list[str]] = {}
    for edge in await store.neighbours(ids, rel, direction):
        task, other = (edge.target, edge.source) if direction is Direction.IN else (edge.source, edge.target)
        ends.setdefault(task, []).append(other)
    return {task: sorted(others) for task, others in ends.items()}


def _places(tasks: Sequence[Node]) -> dict[str, tuple[tuple[str, ...], str]]:
    """Each task's headings' numerals and STT, by id: from the citation of the table row it was read from, else
    made up (its group's numeral, no STT).

    A group is its Vietnamese and English names: tasks of one Vietnamese name but another English one (a curated
    group's, and rows a table added under its Vietnamese name) get headings of their own, or loading the table
    back would give every task under the heading its English name.
    """
    placed: dict[str, tuple[tuple[str, ...], str]] = {}
    headings: dict[tuple[str, str], tuple[str, ...]] = {}  # a group's names -> its headings' numerals

    def group(task: Node) -> tuple[str, str]:
        return (str(task.get("groupVi") or ""), str(task.get("groupEn") or ""))

    for task in sorted(tasks, key=lambda t: t.id):
        place = _table_place(task)
        if place is not None:
            placed[task.id] = place
            if place[0] and task.get("groupVi"):
                headings.setdefault(group(task), place[0])
    for task in sorted(tasks, key=lambda t: t.id):
        if task.id in placed:
            continue
        if task.get("groupVi") is None:
            placed[task.id] = ((), "")
            continue
        if group(task) not in headings:
            taken = {numerals[0] for numerals in headings.values()}
            headings[group(task)] = (next(r for r in _romans() if r not in taken),)
        placed[task.id] = (headings[group(task)], "")
    return placed


def _table_place(task: Node) -> tuple[tuple[str, ...], str] | None:
    """The place the citation of a table row names ("A.II.3" -> (("A", "II"), "3")), or None."""
    for citation in task.sources:
        if citation.kind is Kind.VERBATIM and read_from_table(citation):
            parts = citation.locator.removeprefix("STT ").split(".")
            groups: list[str] = []
            while len(parts) > 1 and (_ROMAN.match(parts[0]) or _LETTER.match(parts[0])):
                groups.append(parts.pop(0))
            stt = ".".join(parts)
            return (tuple(groups), "" if stt.startswith("line ") else stt)
    return None


def _own_stt(stt: str, parent_stts: Sequence[str]) -> str:
    """A row's STT cell from its place: "1.a)" below "1" is "a)", "1.a).-" below "1.a)" is "-"; "1.1" stays."""
    for parent in parent_stts:
        own = stt.removeprefix(parent + ".") if parent else stt
        if own != stt and not own.replace(".", "").isdigit():
            return own
    return stt


def _romans() -> list[str]:
    values = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    found = []
    for number in range(1, 90):
        text, left = "", number
        for value, numeral in values:
            while left >= value:
                text, left = text + numeral, left - value
        found.append(text)
    return found


def _order(groups: tuple[str, ...], stt: str) -> tuple[object, ...]:
    """Headings in the plan's order (letters, then Roman numerals by value), then STTs as numbers ("2" < "10")."""
    romans = {numeral: index for index, numeral in enumerate(_romans())}
    heading = tuple((romans.get(g, 0), g) for g in groups)
    chunks = tuple((0, int(c), "") if c.isdigit() else (1, 0, fold(c)) for c in re.findall(r"\d+|\D+", stt))
    return (heading, chunks)
