"""How two entities relate: the shortest chain of relations between them.

"How does this department relate to that indicator?" is answered by a shortest
path over every relation, walked in either direction (a department LEADS a task
that CONTRIBUTES_TO the indicator), with each step saying which relation it uses
and whether it is walked along or against the stored direction. Dated relations
(PART_OF, GOVERNED_BY) can be held to one day, so the answer before and after a
reorganisation differs as the graph says it should.

The search is a bidirectional breadth-first search over the snapshot's edges in
both directions (no undirected copy of a 100k-task graph per request), expanding the
smaller side first. Neighbours are visited in the snapshot's order (sorted by id),
so among equally short chains the answer is stable for one data version.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from stratagraph.model.errors import NotFoundError

__all__ = ["Path", "Step", "shortest_path"]


@dataclass(frozen=True)
class Step:
    """One relation on the chain, walked from ``walked_from`` to ``walked_to``.

    ``source``/``target`` are the stored edge's ends; ``forward`` is True when the
    walk follows the stored direction.
    """

    walked_from: str
    walked_to: str
    relation: str
    forward: bool
    valid_from: str | None
    valid_to: str | None

    @property
    def source(self) -> str:
        return self.walked_from if self.forward else self.walked_to

    @property
    def target(self) -> str:
        return self.walked_to if self.forward else self.walked_from


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]


def _usable(attrs: Mapping[str, object], at: str | None, relations: Collection[str] | None) -> bool:
    if relations is not None and attrs.get("type") not in relations:
        return False
    if at is None:
        return True
    start, end = attrs.get("validFrom"), attrs.get("validTo")
    return (not isinstance(start, str) or start <= at) and (not isinstance(end, str) or at <= end)


def _neighbours(graph: nx.MultiDiGraph, node: str, at: str | None, relations: Collection[str] | None) -> Iterator[str]:
    """The other end of each usable relation of ``node``: what it points to, then what points to it, in the
    snapshot's order (a neighbour linked twice comes twice)."""
    for _, neighbour, attrs in graph.out_edges(node, data=True):
        if _usable(attrs, at, relations):
            yield neighbour
    for neighbour, _, attrs in graph.in_edges(node, data=True):
        if _usable(attrs, at, relations):
            yield neighbour


def shortest_path(
    graph: nx.MultiDiGraph,
    start: str,
    end: str,
    at: str | None = None,
    relations: Collection[str] | None = None,
) -> Path | None:
    """The shortest chain of relations from ``start`` to ``end``; None when they are not linked.

    ``at`` (an ISO date) keeps only relations valid that day; ``relations`` only
    those types. Unknown ids raise ``NotFoundError``.
    """
    for node in (start, end):
        if node not in graph:
            raise NotFoundError(f"no entity {node!r}")
    nodes = _bidirectional(graph, start, end, at, relations)
    if nodes is None:
        return None
    steps = tuple(_step(graph, a, b, at, relations) for a, b in itertools.pairwise(nodes))
    return Path(tuple(nodes), steps)


def _bidirectional(
    graph: nx.MultiDiGraph, start: str, end: str, at: str | None, relations: Collection[str] | None
) -> list[str] | None:
    if start == end:
        return [start]
    forward: dict[str, str | None] = {start: None}  # node -> the node it was reached from
    backward: dict[str, str | None] = {end: None}
    forward_fringe, backward_fringe = [start], [end]
    while forward_fringe and backward_fringe:
        grow_forward = len(forward_fringe) <= len(backward_fringe)
        fringe = forward_fringe if grow_forward else backward_fringe
        mine, theirs = (forward, backward) if grow_forward else (backward, forward)
        next_fringe: list[str] = []
        for node in fringe:
            for neighbour in _neighbours(graph, node, at, relations):
                if neighbour in mine:
                    continue
                mine[neighbour] = node
                if neighbour in theirs:
                    return _join(forward, backward, neighbour)
                next_fringe.append(neighbour)
        if grow_forward:
            forward_fringe = next_fringe
        else:
            backward_fringe = next_fringe
    return None


def _join(forward: dict[str, str | None], backward: dict[str, str | None], meeting: str) -> list[str]:
    head: list[str] = []
    node: str | None = meeting
    while node is not None:
        head.append(node)
        node = forward[node]
    head.reverse()
    node = backward[meeting]
    while node is not None:
        head.append(node)
        node = backward[node]
    return head


def _step(graph: nx.MultiDiGraph, a: str, b: str, at: str | None, relations: Collection[str] | None) -> Step:
    """The relation between neighbours ``a`` and ``b``: a stored ``a -> b`` edge first, by key."""
    for forward, keyed in ((True, graph.succ[a].get(b, {})), (False, graph.pred[a].get(b, {}))):
        for key in sorted(keyed):
            attrs = keyed[key]
            if _usable(attrs, at, relations):
                valid_from, valid_to = attrs.get("validFrom"), attrs.get("validTo")
                return Step(
                    a,
                    b,
                    str(attrs.get("type", key)),
                    forward,
                    valid_from if isinstance(valid_from, str) else None,
                    valid_to if isinstance(valid_to, str) else None,
                )
    raise AssertionError(f"{a} and {b} were found adjacent")  # pragma: no cover
