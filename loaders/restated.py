"""What a table leaves as it is: the curated citations of what it restates, and what it has no column for.

A planner exports the curated plan as a table, edits a cell or two and loads it back.
The rows that say what the graph already says are the same facts, read from a copy: the
curators' citations (the decision's words, its page) stay, and the table's, which only
say "a copy of the table said so", are not put in their place. A row that changes a
record adds the table's citations to the curated ones, which still support the rest of it.

A table states only its columns: one without "Sản phẩm" says nothing of outputs, so a
stored task keeps its output, and its English name while its Vietnamese one is unchanged
(``task_table.UNSTATED``). Records and relations that only tables have cited are left to
``loaders.changes``, which already treats two readings of one row from different copies
as the same citation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from stratagraph.loaders.changes import same_props
from stratagraph.loaders.task_table import read_from_table
from stratagraph.model.records import Batch, Citation, Edge, Node, PropValue, owner

__all__ = ["keeping_stored"]

_TRANSLATES = {"nameEn": "nameVi", "groupEn": "groupVi"}
"""An English name kept only while the Vietnamese name it translates is unchanged."""


def keeping_stored(
    stored: Mapping[str, Node], batch: Batch, stated: Sequence[Edge], unstated: Mapping[str, frozenset[str]]
) -> Batch:
    """``batch`` with what tables leave as it is kept as stored.

    ``stored`` are the stored records of the batch's ids; ``stated`` the stored edges the batch's
    records own (``graph.store.stated_edges``); ``unstated`` names, by task id, the properties and
    relation types its table has no column for.
    """
    nodes = [
        node if (old := stored.get(node.id)) is None else _restated(old, node, unstated.get(node.id, frozenset()))
        for node in batch.nodes
    ]
    before = {edge.key: edge for edge in stated}
    edges = [
        edge
        if (was := before.get(edge.key)) is None
        else dataclasses.replace(edge, sources=_kept(was.sources, edge.sources, same=same_props(was.props, edge.props)))
        for edge in batch.edges
    ]
    new = {edge.key for edge in batch.edges}
    edges += [e for e in stated if e.type.value in unstated.get(owner(e), frozenset()) and e.key not in new]
    return dataclasses.replace(batch, nodes=tuple(nodes), edges=tuple(edges))


def _restated(old: Node, new: Node, unstated: frozenset[str]) -> Node:
    """``new`` with what its table does not state kept from ``old``, and the curated citations if it restates them."""
    props = _kept_props(old.props, new.props, unstated)
    sources = _kept(old.sources, new.sources, same=same_props(old.props, props))
    return dataclasses.replace(new, props=props, sources=sources)


def _kept_props(
    old: Mapping[str, PropValue], new: Mapping[str, PropValue], unstated: frozenset[str]
) -> dict[str, PropValue]:
    """``new`` with the stored values of the properties its table has no column for."""
    props = dict(new)
    for name in sorted(unstated, key=lambda name: name in _TRANSLATES):  # what a translation translates first
        translated = _TRANSLATES.get(name)
        if name in old and (translated is None or old.get(translated) == props.get(translated)):
            props[name] = old[name]  # over what the record has when no cell says it (a status of "unknown")
    return props


def _kept(old: Sequence[Citation], new: Sequence[Citation], *, same: bool) -> tuple[Citation, ...]:
    """The citations to write: ``new``, unless a table restates a record curators cited (then theirs stay)."""
    curated = [citation for citation in old if not read_from_table(citation)]
    if not curated or not new or not all(read_from_table(citation) for citation in new):
        return tuple(new)
    return tuple(old) if same else (*curated, *new)
