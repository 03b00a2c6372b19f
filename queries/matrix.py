"""The responsibility matrix of a plan: agency × task, with each agency's role.

The same table planners keep by hand (the appendix of a Kế hoạch), rebuilt
from the graph so it cannot drift from the assignments, and downloadable as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from stratagraph.graph.store import Store
from stratagraph.model.records import Direction, Label, Node, Rel, is_retired
from stratagraph.queries.tasks import Role
from stratagraph.spreadsheet import csv_text

ROLE_MARK = {Role.LEAD: "Chủ trì", Role.SUPPORT: "Phối hợp"}


@dataclass(frozen=True)
class Matrix:
    plan: str
    tasks: tuple[Node, ...]
    agencies: tuple[Node, ...]
    cells: dict[tuple[str, str], Role]  # (agency id, task id) -> role

    def role(self, agency: str, task: str) -> Role | None:
        return self.cells.get((agency, task))

    def to_csv(self) -> str:
        """One row per task, one column per agency, cells "Chủ trì" / "Phối hợp".

        Written by ``stratagraph.spreadsheet.csv_text``: a byte-order mark for Excel, and
        no cell (a task or agency named ``=HYPERLINK(...)``) that a spreadsheet runs as a formula.
        """
        header = ["Nhiệm vụ", "id", *(_heading(a) for a in self.agencies)]
        rows = (
            [
                task.get("nameVi", ""),
                task.id,
                *(ROLE_MARK[r] if (r := self.role(a.id, task.id)) else "" for a in self.agencies),
            ]
            for task in self.tasks
        )
        return csv_text([header, *rows])


def _heading(agency: Node) -> str:
    """An agency's column: its Vietnamese name, and its abbreviation when it has one ("Cục Báo chí (CBC)")."""
    name, short = agency.get("nameVi") or agency.id, agency.get("abbreviation")
    return f"{name} ({short})" if short else str(name)


async def responsibility_matrix(store: Store, plan_id: str) -> Matrix:
    task_ids = sorted(e.source for e in await store.neighbours([plan_id], Rel.IN_PLAN, Direction.IN))
    nodes = await store.get(task_ids)
    tasks = tuple(
        nodes[i] for i in task_ids if i in nodes and nodes[i].label is Label.TASK and not is_retired(nodes[i])
    )
    ids = [t.id for t in tasks]
    cells: dict[tuple[str, str], Role] = {}
    for edge in await store.neighbours(ids, Rel.SUPPORTS, Direction.IN):
        cells[(edge.source, edge.target)] = Role.SUPPORT
    for edge in await store.neighbours(ids, Rel.LEADS, Direction.IN):
        cells[(edge.source, edge.target)] = Role.LEAD
    agency_ids = sorted({agency for agency, _ in cells})
    agencies = await store.get(agency_ids)
    ordered = sorted(agencies.values(), key=lambda a: (-_lead_count(cells, a.id), a.id))
    return Matrix(plan_id, tasks, tuple(ordered), cells)


def _lead_count(cells: dict[tuple[str, str], Role], agency: str) -> int:
    return sum(1 for (a, _), role in cells.items() if a == agency and role is Role.LEAD)
