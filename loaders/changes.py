"""What a load changes: the records it creates, updates (field by field), retires, and leaves as they are.

A planner loading a revised table asks "what did this change?", and a load that changes
nothing must not move the data version (every cached answer would be dropped for nothing).
So a batch is compared with the store record by record, and only what differs is written.

A record is *unchanged* when its properties, the relations it states (``model.records.OWNED``)
and its citations equal the stored ones. A table row's citation names the copy it was read
from in its note (``task_table.COPY_NOTE``); that note is left out of the comparison, so the
same rows read from a renamed revision or from an export are no change, and the stored
citation, naming the copy first read, stays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from stratagraph.loaders.task_table import read_from_table
from stratagraph.model.records import Batch, Citation, Edge, Node, PropValue, owner

__all__ = ["Changes", "FieldChange", "changes_of", "same_citation", "same_citations", "same_props"]


@dataclass(frozen=True)
class FieldChange:
    """One field of an updated record: a property, a relation type (its other ends), or ``sources``."""

    field: str
    old: str | None
    new: str | None

    def describe(self) -> str:
        return f"{self.field}: {_shown(self.old)} → {_shown(self.new)}"


@dataclass(frozen=True)
class Changes:
    """What a load does to the store, by record id (each list in id order)."""

    created: tuple[str, ...] = ()
    updated: tuple[tuple[str, tuple[FieldChange, ...]], ...] = ()
    retired: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    retired_by: str | None = None
    other: int = field(default=0)
    """Edges written whose owning record is not in the load (none from the loaders today)."""

    @property
    def empty(self) -> bool:
        """Nothing to write: the store already says all of it."""
        return not (self.created or self.updated or self.retired or self.other)

    def as_json(self) -> dict[str, object]:
        return {
            "created": list(self.created),
            "updated": [
                {"id": node_id, "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in fields]}
                for node_id, fields in self.updated
            ],
            "retired": list(self.retired),
            "retiredBy": self.retired_by,
            "unchanged": list(self.unchanged),
        }


def changes_of(
    stored: Mapping[str, Node], batch: Batch, stated: Sequence[Edge], retire: Batch | None = None
) -> tuple[Changes, Batch]:
    """How ``batch`` (and the retirements in ``retire``) differ from the store, and the batch that writes only that.

    ``stored`` are the stored records of the batch's ids; ``stated`` the stored edges the batch's
    records own (``graph.store.stated_edges``).
    ``batch.retract`` (stale relations) is kept for the records that change; an unchanged
    record has none, since its relations are the stored ones.
    """
    retire = retire or Batch()
    stored_edges: dict[str, list[Edge]] = defaultdict(list)
    for edge in stated:
        stored_edges[owner(edge)].append(edge)
    new_edges: dict[str, list[Edge]] = defaultdict(list)
    for edge in batch.edges:
        new_edges[owner(edge)].append(edge)
    ids = {node.id for node in batch.nodes}
    created: list[str] = []
    updated: list[tuple[str, tuple[FieldChange, ...]]] = []
    unchanged: list[str] = []
    for node in batch.nodes:
        old = stored.get(node.id)
        if old is None:
            created.append(node.id)
            continue
        fields = _differences(old, node, stored_edges[node.id], new_edges[node.id])
        if fields:
            updated.append((node.id, fields))
        else:
            unchanged.append(node.id)
    written = set(created) | {node_id for node_id, _ in updated}
    orphans = [edge for edge in batch.edges if owner(edge) not in ids]
    keep = Batch.of(
        [*(node for node in batch.nodes if node.id in written), *retire.nodes],
        [*(edge for edge in batch.edges if owner(edge) in written), *orphans],
        batch.retract,
    )
    found = Changes(
        created=tuple(sorted(created)),
        updated=tuple(sorted(updated)),
        retired=tuple(sorted(node.id for node in retire.nodes)),
        unchanged=tuple(sorted(unchanged)),
        other=len(orphans),
    )
    return found, keep


def same_citations(old: Sequence[Citation], new: Sequence[Citation]) -> bool:
    """The same citations, apart from the copy of a table they were read from (the note of a table row's)."""
    return len(old) == len(new) and all(map(same_citation, old, new))


def same_citation(old: Citation, new: Citation) -> bool:
    """Equal citations, or two of one table row that differ only in the copy they were read from."""
    if old == new:
        return True
    same_reading = (old.document, old.locator, old.kind, old.page, old.quote) == (
        new.document,
        new.locator,
        new.kind,
        new.page,
        new.quote,
    )
    return same_reading and read_from_table(old) and read_from_table(new)


def _differences(old: Node, new: Node, old_edges: Sequence[Edge], new_edges: Sequence[Edge]) -> tuple[FieldChange, ...]:
    """Field by field: properties, then relations by type, then citations."""
    found = [
        FieldChange(name, _text(old.props.get(name)), _text(new.props.get(name)))
        for name in sorted(set(old.props) | set(new.props))
        if not _same_value(old.props.get(name), new.props.get(name))
    ]
    before, after = _by_type(old_edges), _by_type(new_edges)
    for rel in sorted(set(before) | set(after)):
        was, now = before.get(rel, {}), after.get(rel, {})
        if set(was) != set(now):
            found.append(FieldChange(rel, _ends(was.values(), old.id), _ends(now.values(), new.id)))
        elif any(not _same_edge(was[k], now[k]) for k in was):  # the same ends, cited or dated otherwise
            found.append(FieldChange(f"{rel} sources", _cited(_sources(was)), _cited(_sources(now))))
    if not same_citations(old.sources, new.sources):
        found.append(FieldChange("sources", _cited(old.sources), _cited(new.sources)))
    return tuple(found)


def _by_type(edges: Iterable[Edge]) -> dict[str, dict[str, Edge]]:
    grouped: dict[str, dict[str, Edge]] = defaultdict(dict)
    for edge in edges:
        grouped[edge.type.value][edge.key] = edge
    return grouped


def _same_edge(old: Edge, new: Edge) -> bool:
    return same_props(old.props, new.props) and same_citations(old.sources, new.sources)


def same_props(old: Mapping[str, PropValue], new: Mapping[str, PropValue]) -> bool:
    """The same properties, as the stores compare values (``_same_value``)."""
    return set(old) == set(new) and all(_same_value(old[k], new[k]) for k in old)


def _same_value(old: PropValue, new: PropValue) -> bool:
    """Equal as the stores compare them: a list read back is a tuple, an integral float equals its int."""
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return tuple(old) == tuple(new)
    return old == new and isinstance(old, bool) == isinstance(new, bool)


def _ends(edges: Iterable[Edge], node_id: str) -> str | None:
    """The other ends of a record's relations of one type, as a reader lists them."""
    ends = sorted(edge.target if edge.source == node_id else edge.source for edge in edges)
    return ", ".join(ends) or None


def _sources(edges: dict[str, Edge]) -> list[Citation]:
    return [citation for key in sorted(edges) for citation in edges[key].sources]


def _cited(sources: Sequence[Citation]) -> str | None:
    """Citations as a reader tells them apart: document, place, kind and the words quoted."""
    found = [f"{c.document} {c.locator} ({c.kind.value})" + (f" {c.quote!r}" if c.quote else "") for c in sources]
    return "; ".join(found) or None


def _text(value: PropValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _shown(value: str | None) -> str:
    return "—" if value is None else repr(value)
