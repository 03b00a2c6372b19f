"""The analysis graph built from the rows of ``snapshot.cypher``: the same shape as the embedded store's.

Nodes in id order and edges in key order (Python's order, by code point, not
Neo4j's), so analyses that break ties by iteration order answer the same on both
stores.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from stratagraph.model.records import Edge, Node


def graph_key(edge: Edge) -> str:
    """The edge's key in a snapshot: ``PART_OF``, or ``PART_OF@2023-04-06`` when dated."""
    start = edge.valid_from
    return edge.type.value if start is None else f"{edge.type.value}@{start}"


def build_graph(version: int, nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    """The frozen ``MultiDiGraph`` of ``Store.snapshot`` (see ``graph.store``)."""
    graph = nx.MultiDiGraph(version=version)
    graph.add_nodes_from(
        (node.id, {**node.props, "label": node.label.value}) for node in sorted(nodes, key=lambda node: node.id)
    )
    graph.add_edges_from(
        (edge.source, edge.target, graph_key(edge), {**edge.props, "type": edge.type.value})
        for edge in sorted(edges, key=lambda edge: edge.key)
    )
    return nx.freeze(graph)
