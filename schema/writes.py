"""Writes through the service: each checked as the loaders check files, audited, and written once.

Every operation here

* refuses a caller outside its scope (``schema.scope``) with ``ForbiddenError``;
* checks its input with the loaders' own functions (agency names by
  ``loaders.load.agency_named``, deadlines by ``loaders.deadline_text.read_deadline``,
  cycles by ``loaders.compile.cycles``), so a mistake is refused with the message a
  file would get, as an ``InvalidWriteError`` naming the input field;
* builds one ``Batch``: the change, the evidence document when it is new, and the
  ``Activity`` recording who, when, what (before -> after) and why (``model.audit``);
* writes it on condition that the data version is still the one it was checked
  against (``Batch.expect_version``, compared inside the store's transaction): the
  checks and the write are atomic with respect to every other writer. When the
  client gave ``expectedVersion``, any other version is a ``VersionConflictError``;
  without it, a write that lost the race is checked again and retried (a few times).

A refused write raises before anything is written, so it changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from stratagraph.graph.store import Store
from stratagraph.loaders.compile import CYCLE_HINTS, cycle_message, cycles
from stratagraph.loaders.deadline_text import read_deadline
from stratagraph.loaders.load import resolve_agency
from stratagraph.loaders.retire import retire_tasks
from stratagraph.model.access import Caller
from stratagraph.model.audit import SERVICE_LOCATOR, Change, activity
from stratagraph.model.deadlines import DEADLINE_PROPS, DeadlineKind, deadline_props
from stratagraph.model.errors import (
    DeadlineError,
    InvalidWriteError,
    NotFoundError,
    StoreError,
    VersionConflictError,
)
from stratagraph.model.records import (
    RETIRED_BY,
    RETIRED_ON,
    Batch,
    Citation,
    Direction,
    Edge,
    Kind,
    Label,
    Node,
    PropValue,
    Rel,
    TaskStatus,
    is_retired,
)
from stratagraph.model.text import slug
from stratagraph.schema.scope import may_assign, may_report, may_report_on_indicator

__all__ = ["ATTEMPTS", "Evidence", "Writer", "Written"]

ATTEMPTS = 5
"""Times a write without ``expectedVersion`` is checked and tried again when another write came first."""

MAX_TEXT = 4000
"""Characters of a note, a title or a URL: a report's note, not a document's text."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a write is made: a stored document (``document``), a new one (``number``, ``date``, ``title``), or a URL."""

    document: str | None = None
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """An accepted write: the data version it created, its activity, and the entity it changed."""

    version: int
    activity: str
    entity: str


@dataclass
class _Draft:
    """What one write adds, besides its activity."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    retract: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    entity: str = ""


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise InvalidWriteError(name, f"is {len(value):,} characters; at most {MAX_TEXT:,}")
    return value or None


def _with_source(sources: tuple[Citation, ...], cite: Citation) -> tuple[Citation, ...]:
    return sources if cite in sources else (*sources, cite)


class Writer:
    """The writes one caller makes on one store (``today`` decides scope and checks dates)."""

    def __init__(self, store: Store, caller: Caller, today: dt.date | None = None) -> None:
        self.store = store
        self.caller = caller
        self.today = today or dt.date.today()

    # -- progress ------------------------------------------------------------------

    async def report_status(
        self,
        task_id: str,
        status: TaskStatus,
        as_of: dt.date,
        evidence: Evidence,
        *,
        progress: float | None = None,
        note: str | None = None,
        expected: int | None = None,
    ) -> Written:
        """A task's status (and progress, in percent) as of a day, with the evidence for it."""
        await may_report(self.store, self.caller, await self._require(task_id, Label.TASK, "task"), self.today)
        if progress is not None and not 0 <= progress <= 100:
            raise InvalidWriteError("progress", f"{progress:g} is not a percentage: give 0 to 100")
        if as_of > self.today:
            raise InvalidWriteError("asOf", f"{as_of} is after today ({self.today}): report what has happened")

        async def draft(cite: Citation) -> _Draft:
            task = await self._node(task_id)
            after: dict[str, PropValue] = {"status": status.value, "statusAsOf": as_of.isoformat()}
            if progress is not None:
                after["progress"] = progress
            return _Draft(
                nodes=[self._changed(task, after, cite)],
                changes=_changes(task, after),
                used=[task_id],
                entity=task_id,
            )

        return await self._write("reportTaskStatus", draft, evidence, note, expected, as_of)

    async def record_measurement(
        self,
        indicator_id: str,
        year: int,
        value: float,
        evidence: Evidence,
        *,
        day: dt.date | None = None,
        unit: str | None = None,
        note: str | None = None,
        expected: int | None = None,
    ) -> Written:
        """A measured value of an indicator for a year (or a day of it), with its source."""
        await self._require(indicator_id, Label.INDICATOR, "indicator")
        await may_report_on_indicator(self.store, self.caller, indicator_id, self.today)
        if not 1900 <= year <= self.today.year:
            raise InvalidWriteError("year", f"{year} is not a year that can have been measured (1900 to this year)")
        if day is not None and day.year != year:
            raise InvalidWriteError("date", f"{day} is not in {year}")
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidWriteError("value", "give a finite number")
        unit = _text("unit", unit)

        async def draft(cite: Citation) -> _Draft:
            indicator = await self._node(indicator_id)
            key = f"{indicator.key}-{year}-{secrets.token_hex(3)}"
            props: dict[str, PropValue] = {"year": year, "value": value}
            if day is not None:
                props["date"] = day.isoformat()
            chosen = unit or indicator.get("unit")
            if chosen is not None:
                props["unit"] = chosen
            measurement = Node(f"{Label.MEASUREMENT.prefix}/{key}", Label.MEASUREMENT, props, (cite,))
            return _Draft(
                nodes=[measurement],
                edges=[Edge(Rel.MEASURES, measurement.id, indicator_id, {}, (cite,))],
                changes=[Change(measurement.id, name, None, v) for name, v in props.items()],
                used=[measurement.id, indicator_id],
                entity=measurement.id,
            )

        return await self._write("recordMeasurement", draft, evidence, note, expected, day)

    async def attach_duty_report(
        self, task_id: str, year: int, evidence: Evidence, *, note: str | None = None, expected: int | None = None
    ) -> Written:
        """The report that fulfils a yearly duty's occurrence of ``year``: a dated document (FULFILLED_BY)."""
        task = await self._node(await self._require(task_id, Label.TASK, "task"))
        if task.get("deadlineKind") != DeadlineKind.RECURRING.value:
            raise InvalidWriteError("task", f"{task_id} is not a yearly duty (its deadline does not recur)")
        await may_report(self.store, self.caller, task_id, self.today)

        async def draft(cite: Citation) -> _Draft:
            document = await self.store.get([cite.document])
            stored_date = document[cite.document].get("date") if cite.document in document else None
            dated: str | None = None
            if isinstance(stored_date, str):
                dated = stored_date
            elif evidence.date is not None:
                dated = evidence.date.isoformat()
            if dated is None:
                raise InvalidWriteError("evidence.date", "a duty's report needs its date: it says which year it meets")
            if not dated.startswith(f"{year:04d}-"):
                raise InvalidWriteError(
                    "year", f"the report is dated {dated}: it meets the occurrence of {dated[:4]}, not of {year}"
                )
            before = [e.target for e in await self.store.neighbours([task_id], Rel.FULFILLED_BY)]
            return _Draft(
                edges=[Edge(Rel.FULFILLED_BY, task_id, cite.document, {}, (cite,))],
                changes=[Change(task_id, "fulfilledBy", before, sorted({*before, cite.document}))],
                used=[task_id],
                entity=task_id,
            )

        return await self._write("attachDutyReport", draft, evidence, note, expected, None, issued=True)

    # -- assignments (coordinators) ---------------------------------------------------

    async def set_lead(
        self, task_id: str, lead: str, evidence: Evidence, *, note: str | None = None, expected: int | None = None
    ) -> Written:
        await may_assign(self.store, self.caller, await self._require(task_id, Label.TASK, "task"), self.today)
        agency = await self._agency("lead", lead)

        async def draft(cite: Citation) -> _Draft:
            leads = await self.store.neighbours([task_id], Rel.LEADS, Direction.IN)
            supports = await self.store.neighbours([task_id], Rel.SUPPORTS, Direction.IN)
            if agency in {e.source for e in supports}:
                raise InvalidWriteError(
                    "lead", f"{agency} both leads and supports this task (remove it from supporters)"
                )
            return _Draft(
                edges=[Edge(Rel.LEADS, agency, task_id, {}, (cite,))],
                retract=[e.key for e in leads if e.source != agency],
                changes=[Change(task_id, "lead", sorted({e.source for e in leads}), [agency])],
                used=[task_id],
                entity=task_id,
            )

        return await self._write("setTaskLead", draft, evidence, note, expected, None)

    async def set_supporters(
        self,
        task_id: str,
        supporters: Sequence[str],
        evidence: Evidence,
        *,
        note: str | None = None,
        expected: int | None = None,
    ) -> Written:
        await may_assign(self.store, self.caller, await self._require(task_id, Label.TASK, "task"), self.today)
        agencies = list(dict.fromkeys([await self._agency(f"supporters[{i}]", s) for i, s in enumerate(supporters)]))

        async def draft(cite: Citation) -> _Draft:
            leads = {e.source for e in await self.store.neighbours([task_id], Rel.LEADS, Direction.IN)}
            for index, agency in enumerate(agencies):
                if agency in leads:
                    raise InvalidWriteError(
                        f"supporters[{index}]",
                        f"{agency} both leads and supports this task (remove it from supporters)",
                    )
            old = await self.store.neighbours([task_id], Rel.SUPPORTS, Direction.IN)
            return _Draft(
                edges=[Edge(Rel.SUPPORTS, agency, task_id, {}, (cite,)) for agency in agencies],
                retract=[e.key for e in old if e.source not in agencies],
                changes=[Change(task_id, "supporters", sorted({e.source for e in old}), sorted(agencies))],
                used=[task_id],
                entity=task_id,
            )

        return await self._write("setTaskSupporters", draft, evidence, note, expected, None)

    async def set_deadline(
        self,
        task_id: str,
        text: str,
        evidence: Evidence,
        *,
        yearly: bool = False,
        note: str | None = None,
        expected: int | None = None,
    ) -> Written:
        await may_assign(self.store, self.caller, await self._require(task_id, Label.TASK, "task"), self.today)
        try:
            props = dict(deadline_props(read_deadline(text, yearly=yearly)))
        except DeadlineError as error:  # as Compiler._deadline words it
            raise InvalidWriteError("deadline", f"cannot read deadline {text!r}", error.hint) from error

        async def draft(cite: Citation) -> _Draft:
            task = await self._node(task_id)
            after: dict[str, PropValue] = {name: props.get(name) for name in DEADLINE_PROPS}
            return _Draft(
                nodes=[self._changed(task, after, cite)], changes=_changes(task, after), used=[task_id], entity=task_id
            )

        return await self._write("setTaskDeadline", draft, evidence, note, expected, None)

    async def add_dependency(
        self, task_id: str, depends_on: str, evidence: Evidence, *, note: str | None = None, expected: int | None = None
    ) -> Written:
        await may_assign(self.store, self.caller, await self._require(task_id, Label.TASK, "task"), self.today)
        other = await self._require(depends_on, Label.TASK, "dependsOn")
        if other == task_id:
            raise InvalidWriteError("dependsOn", "a task cannot depend on itself")

        async def draft(cite: Citation) -> _Draft:
            edge = Edge(Rel.DEPENDS_ON, task_id, other, {}, (cite,))
            found = cycles(await self.store.edges(Rel.DEPENDS_ON), [edge])
            if found:
                raise InvalidWriteError(
                    "dependsOn", cycle_message(Rel.DEPENDS_ON, found[0]), CYCLE_HINTS[Rel.DEPENDS_ON]
                )
            before = [e.target for e in await self.store.neighbours([task_id], Rel.DEPENDS_ON)]
            return _Draft(
                edges=[edge],
                changes=[Change(task_id, "dependsOn", before, sorted({*before, other}))],
                used=[task_id],
                entity=task_id,
            )

        return await self._write("addTaskDependency", draft, evidence, note, expected, None)

    # -- the one write path ---------------------------------------------------------------

    async def _write(
        self,
        action: str,
        draft: Callable[[Citation], Awaitable[_Draft]],
        evidence: Evidence,
        note: str | None,
        expected: int | None,
        as_of: dt.date | None,
        *,
        issued: bool = False,
    ) -> Written:
        note = _text("note", note)
        for _ in range(ATTEMPTS):
            version = await self.store.version()
            if expected is not None and version != expected:
                raise VersionConflictError(expected, version)
            doc_nodes, doc_edges, url = await self._evidence(evidence, issued)
            document = doc_nodes[0].id if doc_nodes else await self._stored_document(evidence)
            cite = Citation(document, f"{SERVICE_LOCATOR}: {action}", Kind.PARAPHRASE, note=note)
            made = await draft(cite)
            node, edges = activity(
                action=action,
                caller=self.caller,
                changes=made.changes,
                used=made.used,
                evidence=[document],
                sources=(cite,),
                version=version + 1,
                note=note,
                evidence_url=url,
                as_of=as_of,
            )
            batch = Batch.of(
                [*doc_nodes, *made.nodes, node],
                [*doc_edges, *made.edges, *edges],
                made.retract,
                expect_version=version,
            )
            try:
                written = await self.store.write(batch)
            except VersionConflictError:
                if expected is not None:
                    raise
                continue
            return Written(written, node.id, made.entity)
        raise StoreError(f"the graph changed {ATTEMPTS} times while this write was checked: try again")

    async def _evidence(self, evidence: Evidence, issued: bool) -> tuple[list[Node], list[Edge], str | None]:
        """A new document for ``evidence`` (with its issuer, the caller's agency), or none when it is stored."""
        url = _text("evidence.url", evidence.url)
        if url is not None and not url.startswith(("https://", "http://")):
            raise InvalidWriteError("evidence.url", f"{url!r} is not a web address (http:// or https://)")
        if evidence.document is not None:
            await self._stored_document(evidence)
            return [], [], url
        number, title = _text("evidence.number", evidence.number), _text("evidence.title", evidence.title)
        if number is not None:
            found = await self.store.find(Label.DOCUMENT, {"number": number})
            if found:
                return [], [], url
            if title is None or evidence.date is None:
                raise InvalidWriteError(
                    "evidence", f"no document {number!r} is stored: give its `title` and `date` to record it"
                )
            key = f"bao-cao-{slug(number)}"
            doc_type = "report"
        elif url is not None:
            key = "web-" + hashlib.sha256(url.encode()).hexdigest()[:16]
            doc_type = "web-page"
        else:
            raise InvalidWriteError(
                "evidence",
                "every write gives its evidence: a stored `document`, a new one (`number`, `date`, `title`) or a `url`",
            )
        doc_id = f"{Label.DOCUMENT.prefix}/{key}"
        props: dict[str, PropValue] = {"docType": doc_type, "nameVi": title or url or number}
        if number:
            props["number"] = number
        if evidence.date:
            if evidence.date > self.today:
                raise InvalidWriteError("evidence.date", f"{evidence.date} is after today ({self.today})")
            props["date"] = evidence.date.isoformat()
        if url:
            props["pages"] = (f"web {url}",)
        own = Citation(doc_id, number or url or "", Kind.VERBATIM, note="recorded with a report through stratagraph")
        node = Node(doc_id, Label.DOCUMENT, props, (own,))
        stored = await self.store.get([doc_id])
        if doc_id in stored:
            return [], [], url
        edges = [Edge(Rel.ISSUED_BY, doc_id, self.caller.agency, {}, (own,))] if issued or number else []
        return [node], edges, url

    async def _stored_document(self, evidence: Evidence) -> str:
        if evidence.document is not None:
            return await self._require(evidence.document, Label.DOCUMENT, "evidence.document")
        if evidence.number is not None:
            found = await self.store.find(Label.DOCUMENT, {"number": evidence.number.strip()})
            if found:
                return found[0].id
        url = (evidence.url or "").strip()
        return f"{Label.DOCUMENT.prefix}/web-" + hashlib.sha256(url.encode()).hexdigest()[:16]

    # -- reading ----------------------------------------------------------------------------

    async def _require(self, node_id: str, label: Label, field_name: str) -> str:
        full = node_id if "/" in node_id else f"{label.prefix}/{node_id}"
        found = await self.store.get([full])
        if full not in found or found[full].label is not label:
            raise NotFoundError(f"{field_name}: no {label.value.lower()} {node_id!r} in the graph")
        return full

    async def retire_task(
        self, task_id: str, evidence: Evidence, *, note: str | None = None, expected: int | None = None
    ) -> Written:
        """Retire a task as a revision of its plan does (``loaders.retire``): kept, with its history, marked retired."""
        await may_assign(self.store, self.caller, await self._require(task_id, Label.TASK, "task"), self.today)

        async def draft(cite: Citation) -> _Draft:
            task = await self._node(task_id)
            if is_retired(task):
                raise InvalidWriteError(
                    "task",
                    f"{task_id} was retired on {task.get(RETIRED_ON)} (by {task.get(RETIRED_BY)}): nothing to do",
                )
            retired = retire_tasks([task], on=self.today, by=self.caller.name).nodes[0]
            after = {RETIRED_ON: retired.props[RETIRED_ON], RETIRED_BY: retired.props[RETIRED_BY]}
            return _Draft(
                nodes=[dataclasses.replace(retired, sources=_with_source(retired.sources, cite))],
                changes=_changes(task, after),
                used=[task_id],
                entity=task_id,
            )

        return await self._write("retireTask", draft, evidence, note, expected, None)

    async def _node(self, node_id: str) -> Node:
        found = await self.store.get([node_id])
        if node_id not in found:
            raise NotFoundError(f"no {node_id!r} in the graph")
        return found[node_id]

    async def _agency(self, field_name: str, text: str) -> str:
        found, hint = await resolve_agency(self.store, text)
        if found is None:
            raise InvalidWriteError(field_name, f"unknown agency {text!r}", hint)  # as Compiler._resolve_agency
        return found

    @staticmethod
    def _changed(node: Node, after: dict[str, PropValue], cite: Citation) -> Node:
        props = {**node.props, **after}
        return dataclasses.replace(
            node,
            props={name: value for name, value in props.items() if value is not None},
            sources=_with_source(node.sources, cite),
        )


def _changes(node: Node, after: dict[str, PropValue]) -> list[Change]:
    return [Change(node.id, name, node.get(name), value) for name, value in after.items() if node.get(name) != value]
