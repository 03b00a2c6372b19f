"""Accountability gaps of a plan: what nobody leads, leads twice, or works toward.

Each gap carries the sources of the entity it is about, so a planner can open
the document and see whether the gap is in the plan or only in our copy of it
(many source texts here are partial).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stratagraph.graph.store import Store
from stratagraph.model.records import Citation, Direction, Label, Node, Rel, is_retired
from stratagraph.queries.deadline_state import CLOSED_STATUSES


class GapKind(StrEnum):
    NO_LEAD = "no-lead"
    MULTIPLE_LEADS = "multiple-leads"
    COLLECTIVE_LEAD = "collective-lead"
    NO_DEADLINE = "no-deadline"
    UNDATED_DEADLINE = "undated-deadline"
    UNSERVED_TARGET = "unserved-target"
    UNWORKED_INDICATOR = "unworked-indicator"
    UNKNOWN_AGENCY = "unknown-agency"


DESCRIPTIONS = {
    GapKind.NO_LEAD: "no agency leads (chủ trì) this task",
    GapKind.MULTIPLE_LEADS: "more than one agency leads this task",
    GapKind.COLLECTIVE_LEAD: "the lead is a class of bodies, not one accountable agency",
    GapKind.NO_DEADLINE: "this task has no deadline",
    GapKind.UNDATED_DEADLINE: "this task's deadline names no date (“Theo tiến độ dự án”, “Khi có yêu cầu”)",
    GapKind.UNSERVED_TARGET: "targets are set for this indicator and no task works toward it or a part of it",
    GapKind.UNWORKED_INDICATOR: "no task works toward this indicator or a part of it (it has no target either)",
    GapKind.UNKNOWN_AGENCY: "an agency the task names is not in the graph",
}


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    subject: str
    agencies: tuple[str, ...]
    sources: tuple[Citation, ...]

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.kind]


async def accountability_gaps(store: Store, plan_id: str) -> list[Gap]:
    members = await store.neighbours([plan_id], Rel.IN_PLAN, Direction.IN)
    nodes = await store.get(sorted({e.source for e in members}))
    tasks = [n for n in nodes.values() if n.label is Label.TASK and not is_retired(n)]  # no longer planned
    targets = [n.id for n in nodes.values() if n.label is Label.TARGET]
    measured = {e.source for e in await store.neighbours(targets, Rel.HAS_TARGET, Direction.IN)}
    indicator_nodes = await store.get(sorted(measured - set(nodes)))
    indicators = [n for n in [*nodes.values(), *indicator_nodes.values()] if n.label is Label.INDICATOR]
    task_ids = [t.id for t in tasks]
    leads: dict[str, list[str]] = {t: [] for t in task_ids}
    for edge in await store.neighbours(task_ids, Rel.LEADS, Direction.IN):
        leads[edge.target].append(edge.source)
    named = {a for ids in leads.values() for a in ids}
    named |= {e.source for e in await store.neighbours(task_ids, Rel.SUPPORTS, Direction.IN)}
    agencies = await store.get(sorted(named))
    gaps: list[Gap] = []
    for task in sorted(tasks, key=lambda n: n.id):
        if task.get("status") in CLOSED_STATUSES:
            continue  # done or cancelled: nothing left to lead or to be due
        lead_ids = tuple(sorted(leads[task.id]))
        if not lead_ids:
            gaps.append(Gap(GapKind.NO_LEAD, task.id, (), task.sources))
        elif len(lead_ids) > 1:
            gaps.append(Gap(GapKind.MULTIPLE_LEADS, task.id, lead_ids, task.sources))
        elif _is(agencies.get(lead_ids[0]), "collective"):
            gaps.append(Gap(GapKind.COLLECTIVE_LEAD, task.id, lead_ids, task.sources))
        if task.get("deadlineKind") is None:
            gaps.append(Gap(GapKind.NO_DEADLINE, task.id, lead_ids, task.sources))
        elif task.get("deadlineKind") == "undated":
            gaps.append(Gap(GapKind.UNDATED_DEADLINE, task.id, lead_ids, task.sources))
    for agency_id in sorted(named):
        agency = agencies.get(agency_id)
        if agency is None or agency.get("unresolved"):
            gaps.append(Gap(GapKind.UNKNOWN_AGENCY, agency_id, (agency_id,), agency.sources if agency else ()))
    indicator_ids = [i.id for i in indicators]
    targeted = {e.source for e in await store.neighbours(indicator_ids, Rel.HAS_TARGET)}
    worked = await _worked_toward(store, indicator_ids)
    for indicator in sorted(indicators, key=lambda n: n.id):
        if indicator.id not in worked:
            kind = GapKind.UNSERVED_TARGET if indicator.id in targeted else GapKind.UNWORKED_INDICATOR
            gaps.append(Gap(kind, indicator.id, (), indicator.sources))
    return gaps


async def _worked_toward(store: Store, indicator_ids: list[str]) -> set[str]:
    """The indicators some task contributes to, directly or through a part (a pillar through its components)."""
    parts: dict[str, list[str]] = {}  # whole -> its parts (BROADER: part -> whole)
    seen = set(indicator_ids)
    level = sorted(seen)
    while level:
        found: list[str] = []
        for edge in await store.neighbours(level, Rel.BROADER, Direction.IN):
            parts.setdefault(edge.target, []).append(edge.source)
            if edge.source not in seen:
                seen.add(edge.source)
                found.append(edge.source)
        level = sorted(found)
    worked = {e.target for e in await store.neighbours(sorted(seen), Rel.CONTRIBUTES_TO, Direction.IN)}
    grown = True
    while grown:  # a whole is worked toward when a part is, up to the top
        wholes = {whole for whole, its in parts.items() if whole not in worked and not worked.isdisjoint(its)}
        worked |= wholes
        grown = bool(wholes)
    return worked & set(indicator_ids)


def _is(agency: Node | None, agency_type: str) -> bool:
    return agency is not None and agency.get("agencyType") == agency_type
