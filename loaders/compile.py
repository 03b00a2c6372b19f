"""Turning validated records into one ``Batch``, finding every problem on the way.

Shape was checked by the models; here we check meaning across all files of a
load and what the store already holds: ids are unique, references resolve
(agencies by any name variant), a task has at most one lead, deadlines parse,
targets have numbers, and PART_OF has no cycle. Problems are collected, not
raised one by one, so ``stratagraph validate`` reports them all at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from stratagraph.loaders.agency_names import NameIndex, split_names
from stratagraph.loaders.deadline_text import read_deadline
from stratagraph.loaders.located import MUTED, Located, PathPart
from stratagraph.loaders.new_agencies import NEW_AGENCY_HINT, NewUnit, agency_type, new_unit
from stratagraph.loaders.records import (
    AgencyLink,
    AgencyRecord,
    AgencyRef,
    Cite,
    DocLink,
    DocRef,
    DocumentRecord,
    IndicatorLink,
    IndicatorRecord,
    IndicatorRef,
    MeasurementRecord,
    PlanLink,
    PlanRecord,
    PlanRef,
    TargetRecord,
    TaskLink,
    TaskRecord,
    TaskRef,
)
from stratagraph.model.deadlines import Deadline, DeadlineKind, deadline_props
from stratagraph.model.errors import DeadlineError, Problem
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.model.text import compact, slug


@dataclass
class Existing:
    """What the store already holds that new records may refer to."""

    agencies: list[Node] = field(default_factory=list)
    documents: list[Node] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    part_of: list[Edge] = field(default_factory=list)
    depends_on: list[Edge] = field(default_factory=list)
    plans: list[Node] = field(default_factory=list)
    adopted_by: list[Edge] = field(default_factory=list)
    dated: dict[str, str] = field(default_factory=dict)
    """Stored tasks whose deadline has dates -> its words: a table that cannot date it must not drop them."""


@dataclass
class Records:
    """Every located record of one load, by type."""

    documents: list[Located[DocumentRecord]] = field(default_factory=list)
    agencies: list[Located[AgencyRecord]] = field(default_factory=list)
    plans: list[Located[PlanRecord]] = field(default_factory=list)
    indicators: list[Located[IndicatorRecord]] = field(default_factory=list)
    tasks: list[Located[TaskRecord]] = field(default_factory=list)
    measurements: list[Located[MeasurementRecord]] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    """What a reader says of how it read a file (a table's header row, hidden rows): not problems."""
    tables: set[str] = field(default_factory=set)
    """The task tables read (as shown): only their unknown agencies may become new ones (``--new-agencies``)."""
    unit_parents: dict[str, str] = field(default_factory=dict)
    """A unit's name (folded) -> its parent's, from a table's ``Đơn vị`` sheet: for ``--new-agencies``."""
    unstated: dict[str, frozenset[str]] = field(default_factory=dict)
    """A task table (as shown) -> the properties and relation types its rows have no column for: a stored task
    keeps them as they are (``loaders.restated``)."""


HINTED = 1000
"""Unknown references (distinct texts) that get a did-you-mean hint in one load."""


def _props(**values: PropValue | list[str] | dt.date) -> dict[str, PropValue]:
    """Store properties without the empty ones; dates as ISO strings, lists as tuples."""
    out: dict[str, PropValue] = {}
    for name, value in values.items():
        if value is None or value == [] or value == ():
            continue
        if isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif isinstance(value, list):
            out[name] = tuple(value)
        else:
            out[name] = value
    return out


class Compiler:
    """One load's records -> nodes and edges, plus the problems found."""

    def __init__(self, records: Records, existing: Existing, *, new_agencies: bool = False) -> None:
        self.records = records
        self.existing = existing
        self.new_agencies = new_agencies
        """Whether a table's unknown units become agencies (``loaders.new_agencies``)."""
        self._created: dict[str, str] = {}  # new agency id -> the table it comes from
        self.problems: list[Problem] = []
        self._unknown_documents: dict[tuple[str, str], list[int]] = {}  # (file, text) -> [problem index, repeats]
        self.nodes: dict[str, Node] = {}
        self.edges: dict[str, Edge] = {}
        self.agencies = NameIndex("agency")
        self.documents = NameIndex("document")
        self.known: set[str] = set(existing.ids)
        self._hints: dict[tuple[Label, str], str] = {}  # (label, key not found) -> the hint for it
        self._keys: dict[Label, list[str]] = {}  # label -> the keys known, for did-you-mean hints

    # -- entry point -------------------------------------------------------

    def compile(self) -> Batch:
        self._register_ids()
        self._index_names()
        for doc in self.records.documents:
            self._document(doc)
        for agency in self.records.agencies:
            self._agency(agency)
        for plan in self.records.plans:
            self._plan(plan)
        for indicator in self.records.indicators:
            self._indicator(indicator)
        for task in self.records.tasks:
            self._task(task)
        for measurement in self.records.measurements:
            self._measurement(measurement)
        self._check_cycles(Rel.PART_OF, self.existing.part_of, self.records.agencies, Label.AGENCY, "partOf")
        self._check_cycles(Rel.DEPENDS_ON, self.existing.depends_on, self.records.tasks, Label.TASK, "dependsOn")
        for index, repeats in self._unknown_documents.values():
            if repeats:
                found = self.problems[index]
                more = f" (cited {repeats} more time{'s' if repeats > 1 else ''} in this file)"
                self.problems[index] = dataclasses.replace(found, message=found.message + more)
        self.problems = [problem for problem in self.problems if problem.code != MUTED]
        return Batch.of(self.nodes.values(), self.edges.values())

    # -- ids and names -----------------------------------------------------

    def _all_located(self) -> Iterable[tuple[Label, Located[Any]]]:
        r = self.records
        groups: list[tuple[Label, Sequence[Located[Any]]]] = [
            (Label.DOCUMENT, r.documents),
            (Label.AGENCY, r.agencies),
            (Label.PLAN, r.plans),
            (Label.INDICATOR, r.indicators),
            (Label.TASK, r.tasks),
            (Label.MEASUREMENT, r.measurements),
        ]
        for label, items in groups:
            for item in items:
                yield label, item

    def _register_ids(self) -> None:
        first: dict[str, Located[Any]] = {}
        for label, item in self._all_located():
            node_id = full_id(label, item.record.id)
            if not node_id.startswith(label.prefix + "/"):
                self.problems.append(
                    item.problem(
                        f"id {item.record.id!r} has the prefix of another type",
                        f"write the key only, e.g. {node_id.split('/', 1)[1]!r}",
                        at=("id",),
                    )
                )
                continue
            if node_id in first:
                earlier = first[node_id]
                self.problems.append(
                    item.problem(
                        f"duplicate id {node_id}: first defined at {earlier.file}:{earlier.line}",
                        "ids are unique within a type: rename one of them, or merge the two records "
                        "(in a CSV task table: give each row its own STT, or add an 'id' / 'Mã nhiệm vụ' column)",
                        at=("id",),
                        code="duplicate",
                    )
                )
                continue
            first[node_id] = item
            self.known.add(node_id)

    def _index_names(self) -> None:
        for node in self.existing.agencies:
            self.agencies.add_stored(node)
        for item in self.records.agencies:
            a = item.record
            name_variants = [a.name.vi, *([a.name.en] if a.name.en else []), *a.aliases]
            if a.abbreviation:
                name_variants.append(a.abbreviation)
            self.agencies.add(full_id(Label.AGENCY, a.id), a.name.vi, name_variants)
        for node in self.existing.documents:
            number = node.get("number")
            self.documents.add(node.id, str(number or node.id), [str(number)] if number else [])
        for doc in self.records.documents:
            number = doc.record.number
            node_id = full_id(Label.DOCUMENT, doc.record.id)
            self.documents.add(node_id, number or node_id, [number] if number else [])

    # -- references ----------------------------------------------------------

    def _agency(self, item: Located[AgencyRecord]) -> None:
        a = item.record
        node_id = full_id(Label.AGENCY, a.id)
        sources = self._cites(item, a.sources)
        self._node(
            Node(
                node_id,
                Label.AGENCY,
                _props(
                    nameVi=a.name.vi,
                    nameEn=a.name.en,
                    abbreviation=a.abbreviation,
                    aliases=a.aliases,
                    agencyType=a.type,
                    note=a.note,
                ),
                sources,
            )
        )
        for rel, links, field_name in (
            (Rel.PART_OF, a.partOf, "partOf"),
            (Rel.GOVERNED_BY, a.governedBy, "governedBy"),
        ):
            for index, link in enumerate(links):
                at: tuple[PathPart, ...] = (field_name, index)
                target, edge_sources, period = self._agency_link(item, link, at, sources)
                if target is None:
                    continue
                if target == node_id:
                    self.problems.append(item.problem(f"{node_id} is {field_name} itself", "remove this entry", at=at))
                    continue
                if period[0] and period[1] and period[0] > period[1]:
                    self.problems.append(
                        item.problem(
                            f"period ends ({period[1]}) before it starts ({period[0]})",
                            "swap `from` and `to`",
                            at=at,
                        )
                    )
                    continue
                self._edge(Edge(rel, node_id, target, _props(validFrom=period[0], validTo=period[1]), edge_sources))

    def _agency_link(
        self,
        item: Located[Any],
        link: AgencyRef,
        at: tuple[PathPart, ...],
        inherited: tuple[Citation, ...],
    ) -> tuple[str | None, tuple[Citation, ...], tuple[str | None, str | None]]:
        if isinstance(link, AgencyLink):
            target = self._resolve_agency(item, link.agency, (*at, "agency"))
            own = self._cites(item, link.sources, (*at, "sources")) if link.sources else inherited
            period = (
                link.from_.isoformat() if link.from_ else None,
                link.to.isoformat() if link.to else None,
            )
            return target, own, period
        return self._resolve_agency(item, link, at, inherited), inherited, (None, None)

    def _resolve_agency(
        self, item: Located[Any], text: str, at: Sequence[PathPart], sources: tuple[Citation, ...] = ()
    ) -> str | None:
        agency_id, hint = self.agencies.resolve(text)
        if agency_id is not None:
            if agency_id in self._created:
                self._cite_new(agency_id, sources)
            return agency_id
        unit = new_unit(text, self.records.unit_parents)
        if unit.parent is not None:  # "Vụ X (Bộ Y)": Vụ X may be known already, else the hint is about Vụ X
            agency_id, hint = self.agencies.resolve(unit.name)
            if agency_id is not None:
                return agency_id
        if item.file in self.records.tables:
            if self.new_agencies:
                return self._new_agency(item, unit, at, sources)
            hint = (
                f"{hint} Or, {NEW_AGENCY_HINT}"
                if hint.startswith("did you mean")
                else f"{NEW_AGENCY_HINT[0].upper()}{NEW_AGENCY_HINT[1:]}"
            )
        self.problems.append(item.problem(f"unknown agency {text!r}", hint, at=at, code="unknown-reference"))
        return None

    def _new_agency(
        self, item: Located[Any], unit: NewUnit, at: Sequence[PathPart], sources: tuple[Citation, ...]
    ) -> str | None:
        """A unit a table names that the graph lacks, made an agency under its parent, cited to the table's rows."""
        node_id = full_id(Label.AGENCY, slug(unit.name))
        if node_id in self._created:
            self._cite_new(node_id, sources)
            return node_id
        if unit.parent is None:
            self.problems.append(
                item.problem(
                    f"unknown agency {unit.name!r}: a new one needs its parent",
                    f"write it with its parent in brackets, e.g. '{unit.name} (Bộ Văn hóa, Thể thao và Du lịch)', "
                    "or list it in a 'Đơn vị' sheet (columns 'Đơn vị' and 'Trực thuộc')",
                    at=at,
                    code="unknown-reference",
                )
            )
            return None
        parent, hint = self.agencies.resolve(unit.parent)
        if parent is None:
            self.problems.append(
                item.problem(
                    f"unknown agency {unit.parent!r}, the parent of new {unit.name!r}",
                    hint,
                    at=at,
                    code="unknown-reference",
                )
            )
            return None
        if node_id in self.known:
            self.problems.append(
                item.problem(
                    f"a new agency {unit.name!r} would take the id {node_id}, which another record has",
                    "name the unit as the graph does, or add it to the dataset with its own id",
                    at=at,
                    code="duplicate",
                )
            )
            return None
        self._created[node_id] = item.file
        self.known.add(node_id)
        self.agencies.add(node_id, unit.name, [unit.name])
        note = (
            f"Added from the task table {item.file} (load --new-agencies): its name and parent as the table writes "
            "them, nothing more."
        )
        props = _props(nameVi=unit.name, agencyType=agency_type(unit.name), note=note)
        self._node(Node(node_id, Label.AGENCY, props, sources))
        self._edge(Edge(Rel.PART_OF, node_id, parent, {}, sources))
        return node_id

    def _cite_new(self, agency_id: str, sources: tuple[Citation, ...]) -> None:
        """A new agency cites every row that names it."""
        node = self.nodes[agency_id]
        added = tuple(citation for citation in sources if citation not in node.sources)
        if added:
            self._node(dataclasses.replace(node, sources=(*node.sources, *added)))

    def _resolve_document(self, item: Located[Any], text: str, at: Sequence[PathPart]) -> str | None:
        """A document by id, number or title; an unknown one is reported once per file (every row of a task
        table cites the same ``--doc``), with how many more times it is cited."""
        doc_id, hint = self.documents.resolve(text)
        if doc_id is None:
            seen = self._unknown_documents.get((item.file, text))
            if seen is not None:
                seen[1] += 1
                return None
            self._unknown_documents[(item.file, text)] = [len(self.problems), 0]
            self.problems.append(item.problem(f"unknown document {text!r}", hint, at=at, code="unknown-reference"))
        return doc_id

    def _resolve(self, label: Label, item: Located[Any], text: str, at: Sequence[PathPart]) -> str | None:
        node_id = full_id(label, text)
        if node_id in self.known:
            return node_id
        self.problems.append(
            item.problem(
                f"unknown {label.value.lower()} {text!r}", self._hint(label, text), at=at, code="unknown-reference"
            )
        )
        return None

    def _hint(self, label: Label, text: str) -> str:
        """How to fix an unknown reference: the known key closest to it, for the first ``HINTED`` texts.

        Every row of a table may name the same unknown plan, and searching every id known (the
        store's too) for each row made reading a table quadratic: each text is looked for once,
        and past ``HINTED`` texts a file is not one to fix a reference at a time.
        """
        written = text.split("/", 1)[-1]
        hint = self._hints.get((label, written))
        if hint is not None:
            return hint
        hint = f"define the {label.value.lower()} first"
        if len(self._hints) < HINTED:
            if label not in self._keys:
                self._keys[label] = sorted(k.split("/", 1)[1] for k in self.known if k.startswith(label.prefix + "/"))
            best = process.extractOne(written, self._keys[label], scorer=fuzz.ratio, score_cutoff=60)
            hint = f"did you mean {best[0]!r}?" if best else hint
            self._hints[(label, written)] = hint
        return hint

    def _link(
        self,
        label: Label,
        item: Located[Any],
        link: DocRef | PlanRef | TaskRef | IndicatorRef,
        at: tuple[PathPart, ...],
        inherited: tuple[Citation, ...],
    ) -> tuple[str | None, tuple[Citation, ...]]:
        """Resolve a one-entity reference in either its plain or its mapping form."""
        if isinstance(link, str):
            text, own = link, inherited
        else:
            if isinstance(link, DocLink):
                text = link.doc
            elif isinstance(link, PlanLink):
                text = link.plan
            elif isinstance(link, TaskLink):
                text = link.task
            else:
                assert isinstance(link, IndicatorLink)
                text = link.indicator
            own = self._cites(item, link.sources, (*at, "sources")) if link.sources else inherited
            at = (*at, label.prefix if label is not Label.DOCUMENT else "doc")
        if label is Label.DOCUMENT:
            return self._resolve_document(item, text, at), own
        return self._resolve(label, item, text, at), own

    def _relate(
        self,
        rel: Rel,
        label: Label,
        item: Located[Any],
        node_id: str,
        link: DocRef | PlanRef | TaskRef | IndicatorRef,
        at: tuple[PathPart, ...],
        inherited: tuple[Citation, ...],
    ) -> str | None:
        """Resolve ``link`` and record the edge ``node_id -rel-> it``; the resolved id, or None."""
        target, own = self._link(label, item, link, at, inherited)
        if target:
            self._edge(Edge(rel, node_id, target, {}, own))
        return target

    def _cites(
        self, item: Located[Any], cites: Sequence[Cite], at: tuple[PathPart, ...] = ("sources",)
    ) -> tuple[Citation, ...]:
        out: list[Citation] = []
        if not cites:
            self.problems.append(
                item.problem(
                    "no sources",
                    "every fact cites its document: add `sources: [{doc, at, kind}]`",
                    at=at,
                    code="missing",
                )
            )
        for index, cite in enumerate(cites):
            doc_id = self._resolve_document(item, cite.doc, (*at, index, "doc"))
            if doc_id is not None:
                out.append(Citation(doc_id, cite.at, cite.kind, cite.page, cite.quote, cite.note))
        return tuple(out)

    # -- records -------------------------------------------------------------

    def _document(self, item: Located[DocumentRecord]) -> None:
        d = item.record
        node_id = full_id(Label.DOCUMENT, d.id)
        sources = self._cites(item, d.sources)
        self._node(
            Node(
                node_id,
                Label.DOCUMENT,
                _props(
                    number=d.number,
                    docType=d.type,
                    nameVi=d.title.vi,
                    nameEn=d.title.en,
                    date=d.date,
                    signerName=d.signer.name if d.signer else None,
                    signerTitle=d.signer.title if d.signer else None,
                    sourceFile=d.sourceFile,
                    pages=[f"{tag} {url}" for tag, url in d.pages.items()],
                    completeness=d.completeness,
                    note=d.note,
                ),
                sources,
            )
        )
        if d.issuer is not None:
            issuer, edge_sources, _ = self._agency_link(item, d.issuer, ("issuer",), sources)
            if issuer:
                self._edge(Edge(Rel.ISSUED_BY, node_id, issuer, {}, edge_sources))
        for rel, links, name in ((Rel.REPLACES, d.replaces, "replaces"), (Rel.CITES, d.cites, "cites")):
            for index, link in enumerate(links):
                self._relate(rel, Label.DOCUMENT, item, node_id, link, (name, index), sources)

    def _plan(self, item: Located[PlanRecord]) -> None:
        p = item.record
        node_id = full_id(Label.PLAN, p.id)
        sources = self._cites(item, p.sources)
        start = _year_or_date(p.start, first=True)
        end = _year_or_date(p.end, first=False)
        if start and end and start > end:
            self.problems.append(item.problem(f"plan ends ({end}) before it starts ({start})", "", at=("end",)))
        self._node(
            Node(
                node_id,
                Label.PLAN,
                _props(
                    nameVi=p.name.vi,
                    nameEn=p.name.en,
                    planKind=p.kind,
                    status=p.status.value,
                    start=start,
                    end=end,
                    horizon=p.horizon,
                    note=p.note,
                ),
                sources,
            )
        )
        if p.adoptedBy is not None:
            self._relate(Rel.ADOPTED_BY, Label.DOCUMENT, item, node_id, p.adoptedBy, ("adoptedBy",), sources)
        for index, link in enumerate(p.implements):
            self._relate(Rel.IMPLEMENTS, Label.PLAN, item, node_id, link, ("implements", index), sources)

    def _indicator(self, item: Located[IndicatorRecord]) -> None:
        i = item.record
        node_id = full_id(Label.INDICATOR, i.id)
        sources = self._cites(item, i.sources)
        self._node(
            Node(
                node_id,
                Label.INDICATOR,
                _props(
                    nameVi=i.name.vi,
                    nameEn=i.name.en,
                    unit=i.unit,
                    maxScore=i.maxScore,
                    criteriaCount=i.criteriaCount,
                    componentCount=i.componentCount,
                    levelCount=i.levelCount,
                    rank=i.rank,
                    scoreFrom=i.scoreFrom,
                    scoreBelow=i.scoreBelow,
                    note=i.note,
                ),
                sources,
            )
        )
        if i.scoreFrom is not None and i.scoreBelow is not None and i.scoreFrom >= i.scoreBelow:
            self.problems.append(
                item.problem(
                    f"a level from {i.scoreFrom:g} points and below {i.scoreBelow:g} covers no score",
                    "`scoreFrom` is the lowest score of the level (inclusive), `scoreBelow` the score it stays under",
                    at=("scoreFrom",),
                )
            )
        plan: str | None = None
        if i.plan is not None:
            plan = self._relate(Rel.IN_PLAN, Label.PLAN, item, node_id, i.plan, ("plan",), sources)
        for rel, link, name in (
            (Rel.BROADER, i.broader, "broader"),
            (Rel.VERSION_OF, i.versionOf, "versionOf"),
            (Rel.LEVEL_OF, i.levelOf, "levelOf"),
        ):
            if link is not None:
                self._relate(rel, Label.INDICATOR, item, node_id, link, (name,), sources)
        if i.adoptedBy is not None:
            self._relate(Rel.ADOPTED_BY, Label.DOCUMENT, item, node_id, i.adoptedBy, ("adoptedBy",), sources)
        for index, replaced in enumerate(i.replaces):
            self._relate(Rel.REPLACES, Label.INDICATOR, item, node_id, replaced, ("replaces", index), sources)
        for index, target in enumerate(i.targets):
            self._target(item, node_id, plan, index, target)

    def _target(
        self,
        item: Located[IndicatorRecord],
        indicator_id: str,
        indicator_plan: str | None,
        index: int,
        t: TargetRecord,
    ) -> None:
        at: tuple[PathPart, ...] = ("targets", index)
        sources = self._cites(item, t.sources, (*at, "sources"))
        plan = indicator_plan
        if t.plan is not None:
            plan, _ = self._link(Label.PLAN, item, t.plan, (*at, "plan"), sources)
        if t.value is None and not t.qualitative:
            self.problems.append(
                item.problem(
                    "target has no numeric value",
                    "give `value: <number>` (e.g. 70 for 70%), or mark a milestone `qualitative: true` "
                    "and state it in `text`",
                    at=at,
                    code="missing-value",
                )
            )
            return
        if t.qualitative and not t.text:
            self.problems.append(
                item.problem("a qualitative target needs its `text`", "quote the target's wording", at=at)
            )
            return
        if t.year is None and t.deadline is None:
            self.problems.append(
                item.problem("target has neither `year` nor `deadline`", "add `year: 2025`", at=at, code="missing")
            )
            return
        deadline = self._deadline(item, t.deadline, (*at, "deadline"))
        when = str(t.year) if t.year is not None else slug(t.deadline or "")
        plan_key = plan.split("/", 1)[1] if plan else "no-plan"
        key = t.id or f"{indicator_id.split('/', 1)[1]}-{plan_key}-{when}"
        node_id = full_id(Label.TARGET, key)
        if node_id in self.nodes:
            self.problems.append(
                item.problem(
                    f"duplicate target {node_id}",
                    "one target per indicator, plan and year: give the second one its own `id`",
                    at=at,
                    code="duplicate",
                )
            )
            return
        self._node(
            Node(
                node_id,
                Label.TARGET,
                {
                    **_props(
                        year=t.year,
                        value=t.value,
                        unit=t.unit,
                        qualitative=t.qualitative or None,
                        text=t.text,
                        note=t.note,
                    ),
                    **deadline,
                },
                sources,
            )
        )
        self._edge(Edge(Rel.HAS_TARGET, indicator_id, node_id, {}, sources))
        if plan:
            self._edge(Edge(Rel.IN_PLAN, node_id, plan, {}, sources))

    def _task(self, item: Located[TaskRecord]) -> None:
        t = item.record
        node_id = full_id(Label.TASK, t.id)
        cited = self._cites(item, t.sources)
        # the task cites them all; its relations cite what is not a reading of its deadline (a table row's
        # deadline dates are our reading of its words, which say nothing of who leads it)
        readings = [c for c in cited if c.kind is Kind.INFERRED and t.deadline is not None and c.quote == t.deadline]
        sources = tuple(c for c in cited if c not in readings) or cited
        was = self.existing.dated.get(node_id)
        deadline = self._deadline(item, t.deadline, ("deadline",), yearly=t.recurs == "yearly", dated=was)
        self._node(
            Node(
                node_id,
                Label.TASK,
                {
                    **_props(
                        nameVi=t.name.vi,
                        nameEn=t.name.en,
                        groupVi=t.group.vi if t.group else None,
                        groupEn=t.group.en if t.group else None,
                        output=t.output,
                        status=t.status.value,
                        note=t.note,
                        retiredOn=t.retiredOn,
                        retiredBy=t.retiredBy,
                    ),
                    **deadline,
                },
                cited,
            )
        )
        self._relate(Rel.IN_PLAN, Label.PLAN, item, node_id, t.plan, ("plan",), sources)
        raw_leads = t.lead if isinstance(t.lead, list) else ([] if t.lead is None else [t.lead])
        leads = self._expand(raw_leads, "lead", isinstance(t.lead, list))
        lead_ids: list[str] = []
        for at, link in leads:
            agency, edge_sources, _ = self._agency_link(item, link, at, sources)
            if agency:
                lead_ids.append(agency)
                self._edge(Edge(Rel.LEADS, agency, node_id, {}, edge_sources))
        if len(leads) > 1:
            self.problems.append(
                item.problem(
                    f"task has {len(leads)} leads (chủ trì); exactly one is expected",
                    "keep the one agency that chủ trì in `lead` and move the others to `supports` (phối hợp)",
                    at=("lead",),
                    code="two-leads",
                )
            )
        for at, link in self._expand(t.supports, "supports", True):
            agency, edge_sources, _ = self._agency_link(item, link, at, sources)
            if agency and agency in lead_ids:
                self.problems.append(
                    item.problem(f"{agency} both leads and supports this task", "remove it from `supports`", at=at)
                )
            elif agency:
                self._edge(Edge(Rel.SUPPORTS, agency, node_id, {}, edge_sources))
        for index, ilink in enumerate(t.contributesTo):
            self._relate(Rel.CONTRIBUTES_TO, Label.INDICATOR, item, node_id, ilink, ("contributesTo", index), sources)
        for index, tlink in enumerate(t.dependsOn):
            other, own = self._link(Label.TASK, item, tlink, ("dependsOn", index), sources)
            if other == node_id:
                self.problems.append(item.problem("a task cannot depend on itself", "", at=("dependsOn", index)))
            elif other:
                self._edge(Edge(Rel.DEPENDS_ON, node_id, other, {}, own))
        if t.subtaskOf is not None:
            parent, own = self._link(Label.TASK, item, t.subtaskOf, ("subtaskOf",), sources)
            if parent == node_id:
                self.problems.append(item.problem("a task cannot be its own subtask", "", at=("subtaskOf",)))
            elif parent:
                self._edge(Edge(Rel.SUBTASK_OF, node_id, parent, {}, own))
        for index, dlink in enumerate(t.fulfilledBy):
            self._relate(Rel.FULFILLED_BY, Label.DOCUMENT, item, node_id, dlink, ("fulfilledBy", index), sources)

    def _expand(
        self, links: Sequence[AgencyRef], field_name: str, indexed: bool
    ) -> list[tuple[tuple[PathPart, ...], AgencyRef]]:
        """Agency references with cells that name several agencies split into one each."""
        out: list[tuple[tuple[PathPart, ...], AgencyRef]] = []
        for index, link in enumerate(links):
            at: tuple[PathPart, ...] = (field_name, index) if indexed else (field_name,)
            if isinstance(link, str):
                out.extend((at, name) for name in split_names(self.agencies, link))
            else:
                out.append((at, link))
        return out

    def _measurement(self, item: Located[MeasurementRecord]) -> None:
        m = item.record
        node_id = full_id(Label.MEASUREMENT, m.id)
        sources = self._cites(item, m.sources)
        if m.date is None and m.year is None:
            self.problems.append(item.problem("measurement has neither `date` nor `year`", "add `year: 2024`", at=()))
        self._node(
            Node(
                node_id,
                Label.MEASUREMENT,
                _props(
                    date=m.date,
                    year=m.year if m.year is not None else (m.date.year if m.date else None),
                    value=m.value,
                    unit=m.unit,
                    note=m.note,
                ),
                sources,
            )
        )
        self._relate(Rel.MEASURES, Label.INDICATOR, item, node_id, m.indicator, ("indicator",), sources)

    def _deadline(
        self,
        item: Located[Any],
        text: str | None,
        at: Sequence[PathPart],
        yearly: bool = False,
        dated: str | None = None,
    ) -> dict[str, PropValue]:
        """Deadline properties; ``yearly`` reads a text such as "Trước ngày 03/4" as recurring every year.

        The text stays as the source wrote it; the yearly reading is the record's
        (``recurs: yearly``), which its citations must justify. ``dated`` is the words of the
        stored task's dated deadline: a table row that cannot date its deadline then is an error,
        not a warning, since loading it would drop the dates the graph has.
        """
        if text is None:
            return {}
        lenient = "deadline" in item.lenient  # a table row: a deadline that cannot be dated is a warning
        try:
            deadline = read_deadline(text, yearly=yearly)
        except DeadlineError as error:
            if lenient and dated is not None:
                message = (
                    f"cannot date the deadline {text!r}, and the graph dates this task's deadline ({dated!r}): "
                    "loading it would drop those dates"
                )
                hint = f"{error.hint}; for a duty due every year on that day, write 'hằng năm' in a 'Lặp lại' column"
                self.problems.append(item.problem(message, hint, at=at, code="deadline-dates-lost"))
                return {}
            if not lenient:
                self.problems.append(item.problem(f"cannot read deadline {text!r}", error.hint, at=at, code="deadline"))
                return {}
            message = f"cannot date the deadline {text!r}: the task is loaded undated, its words kept"
            self.problems.append(item.problem(message, error.hint, at=at, code="deadline"))
            return dict(deadline_props(Deadline(text, DeadlineKind.UNDATED, None, None)))
        if lenient and deadline.kind is DeadlineKind.UNDATED:
            message = f"the deadline {text!r} names no date: the task is loaded undated (an UNDATED_DEADLINE gap)"
            hint = "write the date it is due by ('Quý IV/2025', '30/6/2025') if the plan sets one"
            self.problems.append(item.problem(message, hint, at=at, code="deadline"))
        return dict(deadline_props(deadline))

    # -- whole-graph checks ------------------------------------------------------

    def _check_cycles(
        self, rel: Rel, stored: Sequence[Edge], records: Sequence[Located[Any]], label: Label, field_name: str
    ) -> None:
        """A cycle of ``rel`` in each tangle of this load's records and what the store keeps, on a record of it.

        A stored edge of a record loaded again is left out: loading a record replaces the relations it states.
        """
        added = [edge for edge in self.edges.values() if edge.type is rel]
        where = {full_id(label, item.record.id): item for item in records}
        for ordered in cycles(stored, added, reloaded=set(self.nodes)):
            item = next((where[n] for n in ordered if n in where), None)
            if item is None:
                continue
            self.problems.append(
                item.problem(cycle_message(rel, ordered), CYCLE_HINTS[rel], at=(field_name,), code="cycle")
            )

    # -- accumulation ------------------------------------------------------------

    def _node(self, node: Node) -> None:
        self.nodes[node.id] = node

    def _edge(self, edge: Edge) -> None:
        self.edges[edge.key] = edge


def cycles(stored: Iterable[Edge], added: Iterable[Edge], reloaded: Set[str] = frozenset()) -> list[list[str]]:
    """One cycle in each tangle of ``stored`` and ``added`` edges, from its smallest id, tangles in id order.

    Stored edges from ``reloaded`` records are left out: loading a record replaces the relations it states.
    Used by the loaders and by every write through the service, so a cycle is refused the same way.
    """
    graph: nx.DiGraph = nx.DiGraph()
    for edge in stored:
        if edge.source not in reloaded:
            graph.add_edge(edge.source, edge.target)
    for edge in added:
        graph.add_edge(edge.source, edge.target)
    found: list[list[str]] = []
    for component in sorted((sorted(c) for c in nx.strongly_connected_components(graph)), key=lambda c: c[0]):
        start = component[0]
        if len(component) == 1 and not graph.has_edge(start, start):
            continue
        # one cycle per tangle, from its first id: enumerating every cycle of a big tangle never ends
        cycle = [source for source, _ in nx.find_cycle(graph.subgraph(component), start)]
        turn = cycle.index(min(cycle))
        found.append([*cycle[turn:], *cycle[:turn]])
    return found


def cycle_message(rel: Rel, cycle: Sequence[str]) -> str:
    """``DEPENDS_ON cycle: a -> b -> a``: how a cycle is named wherever it is refused."""
    return f"{rel.value} cycle: " + " -> ".join([*cycle, cycle[0]])


CYCLE_HINTS = {
    Rel.PART_OF: "a unit cannot be (indirectly) part of itself: remove or date one of these partOf entries",
    Rel.DEPENDS_ON: "a task cannot wait for itself, and no schedule or delay can be worked out through a "
    "cycle: remove one of these dependsOn entries",
}


def full_id(label: Label, text: str) -> str:
    """``cuc-bao-chi`` or ``agency/cuc-bao-chi`` -> ``agency/cuc-bao-chi``."""
    return text if "/" in text else f"{label.prefix}/{text}"


def _year_or_date(value: int | dt.date | None, *, first: bool) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"{value:04d}-01-01" if first else f"{value:04d}-12-31"


__all__ = ["CYCLE_HINTS", "Compiler", "Existing", "Records", "compact", "cycle_message", "cycles", "full_id"]
