"""What the store holds: nodes, edges and the citations that back them.

Property values are flat (strings, numbers, booleans, ISO dates as strings, and
lists of those) because Neo4j allows nothing richer on a node or relationship;
the embedded store keeps the same shape so both stores behave the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

Scalar: TypeAlias = str | int | float | bool
PropValue: TypeAlias = Scalar | tuple[str, ...] | tuple[int, ...] | tuple[float, ...] | None
Props: TypeAlias = Mapping[str, PropValue]


class Label(StrEnum):
    """Node labels; the ontology's classes (see ``ontology/stratagraph.ttl``)."""

    AGENCY = "Agency"
    PLAN = "Plan"
    DOCUMENT = "Document"
    TASK = "Task"
    INDICATOR = "Indicator"
    TARGET = "Target"
    MEASUREMENT = "Measurement"
    ACTIVITY = "Activity"  # one accepted write through the service (PROV activity), never edited

    @property
    def prefix(self) -> str:
        """The id prefix of this label: ``agency/...``, ``task/...``."""
        return self.value.lower()


class Rel(StrEnum):
    """Relationship types; the ontology's object properties."""

    LEADS = "LEADS"  # Agency -> Task (chủ trì)
    SUPPORTS = "SUPPORTS"  # Agency -> Task (phối hợp)
    PART_OF = "PART_OF"  # Agency -> Agency (trực thuộc), dated
    GOVERNED_BY = "GOVERNED_BY"  # Agency -> Agency (cơ quan chủ quản), dated
    DEPENDS_ON = "DEPENDS_ON"  # Task -> Task
    CONTRIBUTES_TO = "CONTRIBUTES_TO"  # Task -> Indicator
    IMPLEMENTS = "IMPLEMENTS"  # Plan -> Plan
    ISSUED_BY = "ISSUED_BY"  # Document -> Agency
    IN_PLAN = "IN_PLAN"  # Task | Indicator -> Plan
    ADOPTED_BY = "ADOPTED_BY"  # Plan | Indicator -> Document (the decision approving it, or issuing an index version)
    HAS_TARGET = "HAS_TARGET"  # Indicator -> Target
    MEASURES = "MEASURES"  # Measurement -> Indicator
    BROADER = "BROADER"  # Indicator -> Indicator (component of an index)
    REPLACES = "REPLACES"  # Document -> Document, Indicator -> Indicator (an index version replacing another)
    CITES = "CITES"  # Document -> Document (căn cứ, or a follow-up's reference)
    FULFILLED_BY = "FULFILLED_BY"  # Task -> Document (the act that carried the task out)
    VERSION_OF = "VERSION_OF"  # Indicator -> Indicator (an index as one decision issued it -> the index)
    LEVEL_OF = "LEVEL_OF"  # Indicator -> Indicator (a rating level -> its index version)
    SUBTASK_OF = "SUBTASK_OF"  # Task -> Task (a row numbered under another: "1.1", "a)", "-")
    WAS_ASSOCIATED_WITH = "WAS_ASSOCIATED_WITH"  # Activity -> Agency (the agency of the token that wrote)
    USED = "USED"  # Activity -> Task | Indicator | Measurement | Document (what it changed, its evidence)


class Direction(StrEnum):
    """Which way along an edge: from its source (OUT), into its target (IN), or either."""

    OUT = "out"
    IN = "in"
    BOTH = "both"


class TaskStatus(StrEnum):
    """A task's reported status, as the store keeps it (``ontology/shapes.ttl`` lists the same values)."""

    UNKNOWN = "unknown"  # no source reports it
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def closed(self) -> bool:
        """No work is left: done or cancelled."""
        return self in (TaskStatus.DONE, TaskStatus.CANCELLED)


RETIRED_ON = "retiredOn"
"""The day a task was retired (an ISO date): a revision of its plan's table no longer has it."""
RETIRED_BY = "retiredBy"
"""What retired a task: the table (file, sheet) whose revision left it out, or who retired it."""


def is_retired(node: Node) -> bool:
    """True for a task a revision of its plan retired: kept with its history and citations, but no longer
    planned, so it leaves task lists, workloads, gaps and the schedule (``loaders.retire`` retires one)."""
    return node.props.get(RETIRED_ON) is not None


class PlanStatus(StrEnum):
    """A plan's status, as the store keeps it (``ontology/shapes.ttl`` lists the same values)."""

    APPROVED = "approved"
    DRAFT = "draft"
    SUPERSEDED = "superseded"


class Kind(StrEnum):
    """How a fact was obtained from its source."""

    VERBATIM = "verbatim"
    PARAPHRASE = "paraphrase"
    INFERRED = "inferred"


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a fact comes from: a document, a place in it, and how it was read."""

    document: str
    locator: str
    kind: Kind
    page: str | None = None
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """An entity: ``id`` is ``{label.prefix}/{key}``, stable and readable."""

    id: str
    label: Label
    props: Props = field(default_factory=dict)
    sources: tuple[Citation, ...] = ()

    @property
    def key(self) -> str:
        return self.id.split("/", 1)[1]

    def get(self, name: str, default: PropValue = None) -> PropValue:
        return self.props.get(name, default)


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation between two nodes, optionally valid only between two dates.

    Two edges of one type between the same nodes are distinct only when they
    start on different dates (an affiliation that ended and began again).
    """

    type: Rel
    source: str
    target: str
    props: Props = field(default_factory=dict)
    sources: tuple[Citation, ...] = ()

    @property
    def valid_from(self) -> str | None:
        value = self.props.get("validFrom")
        return value if isinstance(value, str) else None

    @property
    def valid_to(self) -> str | None:
        value = self.props.get("validTo")
        return value if isinstance(value, str) else None

    @property
    def key(self) -> str:
        """Identity of the edge for upserts."""
        return f"{self.source}|{self.type.value}|{self.target}|{self.valid_from or ''}"

    def valid_at(self, day: str | None) -> bool:
        """True when the edge holds on ``day`` (ISO date); every edge holds when ``day`` is None.

        ``validTo`` is inclusive: an affiliation that ends on 2025-02-28 still holds that day.
        """
        if day is None:
            return True
        start, end = self.valid_from, self.valid_to
        return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True, slots=True)
class Batch:
    """Nodes and edges written together, all or nothing.

    ``retract`` names edges (by ``Edge.key``) to remove in the same transaction:
    when a planner edits a record and loads it again, the relations the record no
    longer states must go, or a changed lead would leave the old one behind.

    ``expect_version``: write only if the data version is still this one when the
    transaction holds the write lock (optimistic concurrency for GraphQL writes);
    otherwise ``VersionConflictError`` and nothing is written.
    """

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    retract: tuple[str, ...] = ()
    expect_version: int | None = None

    @classmethod
    def of(
        cls,
        nodes: Iterable[Node] = (),
        edges: Iterable[Edge] = (),
        retract: Iterable[str] = (),
        expect_version: int | None = None,
    ) -> Batch:
        return cls(tuple(nodes), tuple(edges), tuple(retract), expect_version)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges) + len(self.retract)


def label_of(node_id: str) -> Label | None:
    """The label an id's prefix names, or None for a malformed id."""
    prefix, sep, key = node_id.partition("/")
    if not sep or not key:
        return None
    for label in Label:
        if label.prefix == prefix:
            return label
    return None


def freeze(values: Sequence[str]) -> tuple[str, ...]:
    """A list property in the only shape the stores accept."""
    return tuple(values)


OWNED: dict[Label, tuple[tuple[Rel, Direction], ...]] = {
    Label.AGENCY: ((Rel.PART_OF, Direction.OUT), (Rel.GOVERNED_BY, Direction.OUT)),
    Label.DOCUMENT: ((Rel.ISSUED_BY, Direction.OUT), (Rel.REPLACES, Direction.OUT), (Rel.CITES, Direction.OUT)),
    Label.PLAN: ((Rel.ADOPTED_BY, Direction.OUT), (Rel.IMPLEMENTS, Direction.OUT)),
    Label.INDICATOR: (
        (Rel.IN_PLAN, Direction.OUT),
        (Rel.BROADER, Direction.OUT),
        (Rel.HAS_TARGET, Direction.OUT),
        (Rel.VERSION_OF, Direction.OUT),
        (Rel.LEVEL_OF, Direction.OUT),
        (Rel.ADOPTED_BY, Direction.OUT),
        (Rel.REPLACES, Direction.OUT),
    ),
    Label.TARGET: ((Rel.IN_PLAN, Direction.OUT),),
    Label.TASK: (
        (Rel.IN_PLAN, Direction.OUT),
        (Rel.LEADS, Direction.IN),
        (Rel.SUPPORTS, Direction.IN),
        (Rel.CONTRIBUTES_TO, Direction.OUT),
        (Rel.DEPENDS_ON, Direction.OUT),
        (Rel.FULFILLED_BY, Direction.OUT),
        (Rel.SUBTASK_OF, Direction.OUT),
    ),
    Label.MEASUREMENT: ((Rel.MEASURES, Direction.OUT),),
    Label.ACTIVITY: ((Rel.WAS_ASSOCIATED_WITH, Direction.OUT), (Rel.USED, Direction.OUT)),
}
"""The relations each kind of record states: loading a record again replaces them, and a slice of
the graph carries them with the record (``ontology.export``). A task states its lead and supporters
(edges into it); every other relation is stated by its source."""


def owner(edge: Edge) -> str:
    """The id of the record that states ``edge``."""
    return edge.target if (edge.type, Direction.IN) in _STATED_BY_TARGET else edge.source


_STATED_BY_TARGET = frozenset((rel, d) for owned in OWNED.values() for rel, d in owned if d is Direction.IN)
