"""Nodes and edges read from RDF -> the loaders' records, so RDF passes the same checks as YAML.

``ontology.inverse`` checks the RDF shape and rebuilds nodes and edges; here each
node becomes the record a curator would have written (an ``AgencyRecord`` with its
``partOf`` links, a ``TaskRecord`` with its lead and supports…) and goes through
pydantic and ``loaders.compile`` like any other input: references resolve, a task
has at most one lead, no lead also supports, deadlines are read from their text,
targets have values, ``PART_OF`` has no cycle, and the store is left unchanged
when anything is wrong.

A record states all its relations (``loaders.load.stale_edges`` replaces them on
reload), so an edge is accepted only with the record that owns it: the task for
``sg:leads``/``sg:supports`` (``chủ trì``/``phối hợp`` are assigned in the task's
row), the source for every other relation. What a record cannot express — two
issuers, a dated ``sg:leads``, a ``sg:hasTarget`` citing something else than its
target — is a problem with the subject IRI and a hint, not a silent loss.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from stratagraph.loaders.compile import Records
from stratagraph.loaders.deadline_text import read_as_yearly, read_deadline
from stratagraph.loaders.located import Located, PathPart
from stratagraph.loaders.records import (
    AgencyRecord,
    DocumentRecord,
    IndicatorRecord,
    MeasurementRecord,
    PlanRecord,
    Strict,
    TaskRecord,
)
from stratagraph.loaders.suggest import value_hint
from stratagraph.model.deadlines import deadline_props
from stratagraph.model.errors import DeadlineError, Problem
from stratagraph.model.records import Batch, Citation, Edge, Label, Node, PropValue, Rel, owner
from stratagraph.ontology.iris import entity_iri
from stratagraph.ontology.vocab import property_for
from stratagraph.ontology.writer import DEADLINE_PROPERTIES

__all__ = ["add_records"]

LineOf = Callable[[str], int | None]
_DATED = frozenset({Rel.PART_OF, Rel.GOVERNED_BY})


class _Builder:
    def __init__(self, batch: Batch, base: str, file: str, line_of: LineOf) -> None:
        self.base = base
        self.file = file
        self.line_of = line_of
        self.nodes = {node.id: node for node in batch.nodes}
        self.out: defaultdict[tuple[str, Rel], list[Edge]] = defaultdict(list)
        self.into: defaultdict[tuple[str, Rel], list[Edge]] = defaultdict(list)
        self.problems: list[Problem] = []
        for edge in batch.edges:
            self.out[(edge.source, edge.type)].append(edge)
            self.into[(edge.target, edge.type)].append(edge)
            self._check_edge(edge)

    # -- problems ------------------------------------------------------------------

    def iri(self, node_id: str) -> str:
        return entity_iri(self.base, node_id)

    def problem(self, node_id: str, message: str, hint: str, at: str = "", code: str = "rdf") -> None:
        path = f"<{self.iri(node_id)}>" + (f" {at}" if at else "")
        self.problems.append(Problem(self.file, self.line_of(node_id), path, message, hint, code))

    def _check_edge(self, edge: Edge) -> None:
        stated_by = owner(edge)
        prop = _prop(edge.type)
        if stated_by not in self.nodes:
            self.problem(
                stated_by,
                f"the file states {edge.source} {prop} {edge.target} but does not describe {stated_by}",
                f"describe {stated_by} in the same file: a record states all its relations, "
                "and loading it replaces them",
                prop,
            )
        if edge.props and edge.type not in _DATED:
            self.problem(
                edge.source,
                f"{prop} to {edge.target} is dated ({', '.join(sorted(edge.props))})",
                "only sg:partOf and sg:governedBy carry sg:validFrom / sg:validTo",
                prop,
            )

    # -- links ---------------------------------------------------------------------

    def cites(self, sources: Sequence[Citation]) -> list[dict[str, Any]]:
        return [
            {
                "doc": c.document,
                "at": c.locator,
                "kind": c.kind.value,
                **{k: v for k, v in (("page", c.page), ("quote", c.quote), ("note", c.note)) if v is not None},
            }
            for c in sources
        ]

    def link(self, key: str, edge: Edge, far: str) -> dict[str, Any]:
        data: dict[str, Any] = {key: far, "sources": self.cites(edge.sources)}
        if key == "agency":
            if edge.valid_from:
                data["from"] = edge.valid_from
            if edge.valid_to:
                data["to"] = edge.valid_to
        return data

    def outgoing(self, node_id: str, rel: Rel, key: str) -> list[dict[str, Any]]:
        return [self.link(key, e, e.target) for e in self.out[(node_id, rel)]]

    def incoming(self, node_id: str, rel: Rel, key: str) -> list[dict[str, Any]]:
        return [self.link(key, e, e.source) for e in self.into[(node_id, rel)]]

    def one(self, node_id: str, rel: Rel, key: str, what: str) -> dict[str, Any] | None:
        links = self.outgoing(node_id, rel, key)
        if len(links) > 1:
            targets = ", ".join(link[key] for link in links)
            self.problem(node_id, f"{len(links)} {what} ({targets})", f"a record has one {what}", _prop(rel))
        return links[0] if links else None

    # -- records ---------------------------------------------------------------------

    def build(self, records: Records) -> None:
        builders: dict[Label, tuple[Callable[[Node], dict[str, Any]], type[Strict], list[Located[Any]]]] = {
            Label.DOCUMENT: (self.document, DocumentRecord, records.documents),
            Label.AGENCY: (self.agency, AgencyRecord, records.agencies),
            Label.PLAN: (self.plan, PlanRecord, records.plans),
            Label.INDICATOR: (self.indicator, IndicatorRecord, records.indicators),
            Label.TASK: (self.task, TaskRecord, records.tasks),
            Label.MEASUREMENT: (self.measurement, MeasurementRecord, records.measurements),
        }
        targets_seen: set[str] = set()
        for node in self.nodes.values():
            if node.label is Label.TARGET or node.label is Label.ACTIVITY:
                # an activity (the audit record of a write through the service) is written by the
                # service alone, in the transaction of its write: a file never creates or changes one
                continue
            make, model, into = builders[node.label]
            data = make(node)
            targets_seen.update(t["id"] for t in data.get("targets", []))
            try:
                record = model.model_validate(data)
            except ValidationError as error:
                for detail in error.errors():
                    where = ".".join(str(p) for p in detail["loc"] if not _is_branch(p))
                    hint = value_hint(detail) or _hint(detail["type"])
                    self.problem(node.id, detail["msg"], hint, where, "invalid")
                continue
            path: tuple[PathPart, ...] = (f"<{self.iri(node.id)}>",)
            into.append(Located(record, self.file, path, _at_line(self.line_of(node.id))))
        for node in self.nodes.values():
            if node.label is Label.TARGET and node.id not in targets_seen:
                self.problem(
                    node.id,
                    "a target must be stated with its indicator",
                    "add the indicator, with sg:hasTarget to this target, to the same file",
                    "^sg:hasTarget",
                )

    def common(self, node: Node, *names: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": node.key, "sources": self.cites(node.sources)}
        for name in names:
            value = node.props.get(name)
            if value is not None:
                data[name] = list(value) if isinstance(value, tuple) else value
        return data

    def names(self, node: Node, vi: str = "nameVi", en: str = "nameEn") -> dict[str, Any] | None:
        found = {k: node.props[p] for k, p in (("vi", vi), ("en", en)) if node.props.get(p) is not None}
        return found or None

    def deadline(self, node: Node) -> str | None:
        """The deadline text, after checking that the file's reading of it is the loaders' reading."""
        stated = {k: v for k, v in node.props.items() if k in DEADLINE_PROPERTIES}
        text = stated.get("deadlineText")
        if text is None:
            if stated:
                self.problem(
                    node.id, "the deadline has no sg:deadlineText", "state the deadline's words", "sg:deadline"
                )
            return None
        assert isinstance(text, str)
        if len(stated) > 1:
            try:
                reading: Mapping[str, PropValue] = deadline_props(read_deadline(text, yearly=self.yearly(node)))
            except DeadlineError:
                return text  # compile reports it, with the loaders' hint
            if dict(reading) != stated:
                self.problem(
                    node.id,
                    f"the deadline {text!r} is read as {_reading(reading)}, but the file says {_reading(stated)}",
                    "correct the sg:deadline* values, or give only sg:deadlineText and let the loaders read it",
                    "sg:deadline",
                )
        return text

    def yearly(self, node: Node) -> bool:
        """True when the file reads a text with no year as a yearly duty (the dataset's ``recurs: yearly``)."""
        text = node.props.get("deadlineText")
        return isinstance(text, str) and read_as_yearly(text, str(node.props.get("deadlineKind")))

    def agency(self, node: Node) -> dict[str, Any]:
        data = self.common(node, "abbreviation", "aliases", "note")
        data.update(
            type=node.props.get("agencyType"),
            name=self.names(node),
            partOf=self.outgoing(node.id, Rel.PART_OF, "agency"),
            governedBy=self.outgoing(node.id, Rel.GOVERNED_BY, "agency"),
        )
        return data

    def document(self, node: Node) -> dict[str, Any]:
        data = self.common(node, "number", "date", "sourceFile", "completeness", "note")
        signer = {k: node.props[p] for k, p in (("name", "signerName"), ("title", "signerTitle")) if p in node.props}
        pages: dict[str, str] = {}
        for entry in _tuple(node.props.get("pages")):
            tag, _, url = str(entry).partition(" ")
            if tag in pages:
                self.problem(node.id, f"two pages tagged {tag!r}", "give each page its own tag", "sg:pages")
            pages[tag] = url
        data.update(
            type=node.props.get("docType"),
            title=self.names(node),
            signer=signer or None,
            pages=pages,
            issuer=self.one(node.id, Rel.ISSUED_BY, "agency", "issuers"),
            replaces=self.outgoing(node.id, Rel.REPLACES, "doc"),
            cites=self.outgoing(node.id, Rel.CITES, "doc"),
        )
        return data

    def plan(self, node: Node) -> dict[str, Any]:
        data = self.common(node, "status", "start", "end", "horizon", "note")
        data.update(
            kind=node.props.get("planKind"),
            name=self.names(node),
            adoptedBy=self.one(node.id, Rel.ADOPTED_BY, "doc", "adopting documents"),
            implements=self.outgoing(node.id, Rel.IMPLEMENTS, "plan"),
        )
        return data

    def indicator(self, node: Node) -> dict[str, Any]:
        data = self.common(
            node,
            "unit",
            "maxScore",
            "criteriaCount",
            "componentCount",
            "levelCount",
            "rank",
            "scoreFrom",
            "scoreBelow",
            "note",
        )
        targets = []
        for edge in self.out[(node.id, Rel.HAS_TARGET)]:
            target = self.nodes.get(edge.target)
            if target is None:
                continue  # reported as an edge without its owner's record
            self.same_sources(edge, target)
            if len(self.into[(target.id, Rel.HAS_TARGET)]) > 1:
                self.problem(target.id, "a target belongs to one indicator", "keep one sg:hasTarget", "^sg:hasTarget")
            targets.append(self.target(target))
        data.update(
            name=self.names(node),
            plan=self.one(node.id, Rel.IN_PLAN, "plan", "plans"),
            broader=self.one(node.id, Rel.BROADER, "indicator", "broader indicators"),
            versionOf=self.one(node.id, Rel.VERSION_OF, "indicator", "indexes"),
            levelOf=self.one(node.id, Rel.LEVEL_OF, "indicator", "index versions"),
            adoptedBy=self.one(node.id, Rel.ADOPTED_BY, "doc", "adopting documents"),
            replaces=self.outgoing(node.id, Rel.REPLACES, "indicator"),
            targets=targets,
        )
        return data

    def target(self, node: Node) -> dict[str, Any]:
        data = self.common(node, "year", "value", "unit", "qualitative", "text", "note")
        data["id"] = node.id
        plan = self.one(node.id, Rel.IN_PLAN, "plan", "plans")
        if plan is not None:
            self.same_sources(self.out[(node.id, Rel.IN_PLAN)][0], node)
            data["plan"] = plan["plan"]
        data["deadline"] = self.deadline(node)
        return data

    def same_sources(self, edge: Edge, target: Node) -> None:
        """A target's ``hasTarget`` and ``inPlan`` cite what the target cites: the loaders write them so."""
        if edge.sources and edge.sources != target.sources:
            self.problem(
                edge.source,
                f"{_prop(edge.type)} {edge.target} cites other sources than the target",
                "cite the target itself; its sg:hasTarget and sg:inPlan share its citations",
                _prop(edge.type),
            )

    def task(self, node: Node) -> dict[str, Any]:
        data = self.common(node, "output", "status", "note", "retiredOn", "retiredBy")
        leads = self.incoming(node.id, Rel.LEADS, "agency")
        data.update(
            name=self.names(node),
            group=self.names(node, "groupVi", "groupEn"),
            plan=self.one(node.id, Rel.IN_PLAN, "plan", "plans"),
            lead=leads if len(leads) > 1 else (leads[0] if leads else None),
            supports=self.incoming(node.id, Rel.SUPPORTS, "agency"),
            deadline=self.deadline(node),
            recurs="yearly" if self.yearly(node) else None,
            contributesTo=self.outgoing(node.id, Rel.CONTRIBUTES_TO, "indicator"),
            dependsOn=self.outgoing(node.id, Rel.DEPENDS_ON, "task"),
            fulfilledBy=self.outgoing(node.id, Rel.FULFILLED_BY, "doc"),
            subtaskOf=self.one(node.id, Rel.SUBTASK_OF, "task", "parent tasks"),
        )
        return data

    def measurement(self, node: Node) -> dict[str, Any]:
        data = self.common(node, "date", "year", "value", "unit", "note")
        data["indicator"] = self.one(node.id, Rel.MEASURES, "indicator", "indicators")
        return data


def add_records(batch: Batch, base: str, file: str, line_of: LineOf, into: Records) -> list[Problem]:
    """Add the records ``batch`` describes to ``into``; return the problems found."""
    builder = _Builder(batch, base, file, line_of)
    builder.build(into)
    return builder.problems


def _prop(rel: Rel) -> str:
    return "sg:" + str(property_for(rel)).rsplit("#", 1)[1]


def _at_line(line: int | None) -> Callable[[Sequence[PathPart]], int | None]:
    """Every path inside one RDF subject points at the subject's first line."""

    def line_of(path: Sequence[PathPart]) -> int | None:
        return line

    return line_of


def _tuple(value: PropValue) -> tuple[object, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _reading(props: Mapping[str, PropValue]) -> str:
    return ", ".join(
        f"{k.removeprefix('deadline').lower()} {v}" for k, v in sorted(props.items()) if k != "deadlineText"
    )


def _is_branch(part: object) -> bool:
    """pydantic names union branches in ``loc`` ('str', 'AgencyLink'); they mean nothing to a writer."""
    return isinstance(part, str) and (part[:1].isupper() or part in {"str", "int", "date", "list[...]"} or "[" in part)


def _hint(kind: str) -> str:
    return {
        "missing": "state it in the file (see ontology/README.md for the properties of each class)",
        "literal_error": "write one of the values the message lists",
        "string_too_short": "write some text, or remove the statement",
        "string_pattern_mismatch": "keys are lower-case ASCII letters, digits and '-'",
    }.get(kind, "see ontology/README.md and data/README.md for the value's format")
