"""Small graphs for the analysis tests: hand-made batches, and random ones for hypothesis.

``snapshot_of`` gives a batch the shape ``Store.snapshot()`` promises (node
attribute ``label``, edge key the relation type, edge attribute ``type``), so the
analyses can be tested on hundreds of random graphs without a store; the tests
that go through a real store use ``bundled_store`` or the synthetic generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx
from hypothesis import strategies as st

from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.queries.analysis_graph import AnalysisGraph, build
from stratagraph.queries.plan_periods import periods_of

DOC = "document/test"


def cite(kind: Kind = Kind.VERBATIM, note: str | None = None) -> Citation:
    return Citation(DOC, "Điều 1", kind, note=note)


def task(key: str, start: date | None = None, due: date | None = None, status: str = "unknown") -> Node:
    """A task whose deadline window is ``[start, due]`` (a period, or a day to finish by when start is None)."""
    props: dict[str, PropValue] = {"nameVi": key, "status": status}
    if due is not None:
        kind = "period" if start is not None else "date"
        props.update(deadlineText=f"{start}..{due}", deadlineKind=kind, deadlineEnd=due.isoformat())
        props["deadlineBefore"] = False
        if start is not None:
            props["deadlineStart"] = start.isoformat()
    return Node(f"task/{key}", Label.TASK, props, (cite(),))


def depends(a: str, b: str, kind: Kind = Kind.VERBATIM, note: str | None = None) -> Edge:
    """``task/a`` DEPENDS_ON ``task/b``."""
    return Edge(Rel.DEPENDS_ON, f"task/{a}", f"task/{b}", {}, (cite(kind, note),))


def snapshot_of(batch: Batch, version: int = 1) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(version=version)
    graph.add_nodes_from((n.id, {**n.props, "label": n.label.value}) for n in sorted(batch.nodes, key=lambda n: n.id))
    for edge in sorted(batch.edges, key=lambda e: e.key):
        key = edge.type.value if edge.valid_from is None else f"{edge.type.value}@{edge.valid_from}"
        graph.add_edge(edge.source, edge.target, key, **{**edge.props, "type": edge.type.value})
    return nx.freeze(graph)


def analysis_of(batch: Batch) -> AnalysisGraph:
    plans = [n for n in batch.nodes if n.label is Label.PLAN]
    adopted = [e for e in batch.edges if e.type is Rel.ADOPTED_BY]
    periods = periods_of(plans, adopted, {n.id: n for n in batch.nodes})
    return build(snapshot_of(batch), [e for e in batch.edges if e.type is Rel.DEPENDS_ON], periods)


# --- random dependency graphs ---------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A CPM input: ``edges`` run prerequisite -> dependent (the direction work flows)."""

    tasks: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    duration: dict[str, int]
    release: dict[str, int]
    bound: dict[str, int | None]

    def order(self) -> nx.DiGraph:
        graph = nx.DiGraph()
        graph.add_nodes_from(self.tasks)
        graph.add_edges_from(self.edges)
        return graph


@st.composite
def problems(draw: st.DrawFn, acyclic: bool = True, max_tasks: int = 7) -> Problem:
    """Random small dependency graphs; names are shuffled so that id order is not the topological order."""
    count = draw(st.integers(1, max_tasks))
    names = draw(st.permutations([f"task/{chr(ord('a') + i)}" for i in range(count)]))
    pairs = [(i, j) for i in range(count) for j in range(count) if (i < j if acyclic else True)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    edges = tuple((names[i], names[j]) for i, j in chosen)
    duration = {n: draw(st.integers(1, 10)) for n in names}
    release = {n: draw(st.integers(0, 20)) for n in names}
    bound = {n: draw(st.none() | st.integers(5, 60)) for n in names}
    return Problem(tuple(names), edges, duration, release, bound)
