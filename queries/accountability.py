"""Who answers for a task: its lead, and the chain above the lead on a given day.

The chain climbs PART_OF (trực thuộc) and GOVERNED_BY (cơ quan chủ quản) edges
valid on ``as_of``, so the same task answers differently before and after a
reorganisation: the Press Department sat under MIC in 2023 and under the Ministry
of Culture, Sports and Tourism in 2025.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from stratagraph.graph.store import Store
from stratagraph.model.errors import NotFoundError
from stratagraph.model.records import Direction, Edge, Label, Node, Rel

CLIMB = (Rel.PART_OF, Rel.GOVERNED_BY)


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``agency`` answers to ``parent`` through ``edge``."""

    agency: str
    parent: str
    edge: Edge


@dataclass(frozen=True)
class Chain:
    task: str
    as_of: date
    leads: tuple[str, ...]
    supporters: tuple[str, ...]
    steps: tuple[Step, ...]
    ministry: str | None
    government: str | None
    nodes: Mapping[str, Node] = field(compare=False)
    """Every agency it names (leads, supporters and the chain above), as read to find the ministry."""

    @property
    def agencies(self) -> tuple[str, ...]:
        """Leads first, then every agency above them, each once, nearest first."""
        seen: list[str] = list(self.leads)
        for step in self.steps:
            if step.parent not in seen:
                seen.append(step.parent)
        return tuple(seen)


async def above(store: Store, start: list[str], as_of: date) -> list[Step]:
    """Every step above ``start`` valid on ``as_of``, breadth first, one store call per level."""
    steps: list[Step] = []
    seen = set(start)
    frontier = list(start)
    day = as_of.isoformat()
    while frontier:
        edges: list[Edge] = []
        for rel in CLIMB:
            edges.extend(await store.neighbours(frontier, rel, Direction.OUT, day))
        order = {agency: index for index, agency in enumerate(frontier)}
        edges.sort(key=lambda e: (order[e.source], CLIMB.index(e.type), e.target))
        frontier = []
        for edge in edges:
            steps.append(Step(edge.source, edge.target, edge))
            if edge.target not in seen:
                seen.add(edge.target)
                frontier.append(edge.target)
    return steps


async def accountability(store: Store, task_id: str, as_of: date) -> Chain:
    found = await store.get([task_id])
    if task_id not in found or found[task_id].label is not Label.TASK:
        raise NotFoundError(f"no task {task_id!r}")
    leads = [e.source for e in await store.neighbours([task_id], Rel.LEADS, Direction.IN, as_of.isoformat())]
    supporters = [e.source for e in await store.neighbours([task_id], Rel.SUPPORTS, Direction.IN, as_of.isoformat())]
    steps = await above(store, leads, as_of)
    chain_ids = list(dict.fromkeys([*leads, *(s.parent for s in steps)]))
    nodes = await store.get(list(dict.fromkeys([*chain_ids, *supporters])))
    return Chain(
        task=task_id,
        as_of=as_of,
        leads=tuple(leads),
        supporters=tuple(supporters),
        steps=tuple(steps),
        ministry=_first_of_type(chain_ids, nodes, "ministry"),
        government=_first_of_type(chain_ids, nodes, "government"),
        nodes=nodes,
    )


def _first_of_type(ids: list[str], nodes: dict[str, Node], agency_type: str) -> str | None:
    return next((i for i in ids if i in nodes and nodes[i].get("agencyType") == agency_type), None)


async def sub_units(store: Store, agency_id: str, as_of: date | None) -> list[str]:
    """Every unit that is (transitively) PART_OF ``agency_id`` on ``as_of``, nearest first."""
    day = as_of.isoformat() if as_of else None
    found: list[str] = []
    seen = {agency_id}
    frontier = [agency_id]
    while frontier:
        edges = await store.neighbours(frontier, Rel.PART_OF, Direction.IN, day)
        frontier = []
        for edge in edges:
            if edge.source not in seen:
                seen.add(edge.source)
                found.append(edge.source)
                frontier.append(edge.source)
    return found
