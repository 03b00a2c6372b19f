"""The curated YAML format as pydantic models (documented in ``data/README.md``).

The models only check shape: types, required fields and unknown fields (a typo
such as ``leed:`` must not pass silently). Meaning — references, duplicates,
deadlines, cycles — is checked in ``loaders.compile`` where every file is known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    ValidationError,
)

from stratagraph.model.records import Kind, PlanStatus, TaskStatus
from stratagraph.model.text import CONTROL_CHARACTERS

Key = Annotated[str, StringConstraints(pattern=r"^([a-z]+/)?[a-z0-9][a-z0-9-]*$")]
_CONTROL = re.compile(CONTROL_CHARACTERS)


def _no_control_characters(text: str) -> str:
    found = _CONTROL.search(text)
    if found is not None:
        raise ValueError(
            f"holds the control character U+{ord(found.group()):04X} at position {found.start() + 1}, "
            "an invisible character no text needs (and RDF/XML cannot carry); remove it"
        )
    return text


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_control_characters)]
"""Text as written, without the spaces around it; tabs and line breaks may be in it, other control characters not."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


_S = TypeVar("_S", bound=Strict)


def without_bad_fields(
    model: type[_S], data: object, error: ValidationError, stand_ins: Mapping[str, object] | None = None
) -> _S | None:
    """``data`` as a ``model`` without the fields ``error`` is about, when what is left is one; else None.

    A record with one malformed field is still checked against the rest (its references,
    lead, deadline) so that one run reports every problem; the load fails anyway.
    ``stand_ins`` fill required fields that were bad or missing, for that check only.
    """
    if not isinstance(data, dict):
        return None
    bad = {detail["loc"][0] for detail in error.errors() if detail["loc"]}
    rest = {name: value for name, value in data.items() if name not in bad}
    for name, value in (stand_ins or {}).items():
        rest.setdefault(name, value)
    try:
        return model.model_validate(rest)
    except ValidationError:
        return None


class Cite(Strict):
    doc: Text
    at: Text
    kind: Kind
    page: Text | None = None
    quote: Text | None = None
    note: Text | None = None


class Names(Strict):
    vi: Text
    en: Text | None = None


class Signer(Strict):
    name: Text
    title: Text | None = None


class AgencyLink(Strict):
    """A relation to an agency that carries its own dates or citations."""

    agency: Text
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    sources: list[Cite] = []


class DocLink(Strict):
    doc: Text
    sources: list[Cite] = []


class PlanLink(Strict):
    plan: Text
    sources: list[Cite] = []


class TaskLink(Strict):
    task: Text
    sources: list[Cite] = []


class IndicatorLink(Strict):
    indicator: Text
    sources: list[Cite] = []


AgencyRef = Text | AgencyLink
DocRef = Text | DocLink
PlanRef = Text | PlanLink
TaskRef = Text | TaskLink
IndicatorRef = Text | IndicatorLink


class DocumentRecord(Strict):
    id: Key
    number: Text | None = None
    type: Literal[
        "decision",
        "official-letter",
        "plan",
        "resolution",
        "decree",
        "law",
        "news",
        "report",
        "draft",
        "web-page",
    ]
    title: Names
    date: dt.date | None = None
    issuer: AgencyRef | None = None
    signer: Signer | None = None
    replaces: list[DocRef] = []
    cites: list[DocRef] = []
    sourceFile: Text | None = None
    pages: dict[str, Text] = {}
    completeness: Literal["complete", "partial", "metadata-only"] | None = None
    note: Text | None = None
    sources: list[Cite]


class AgencyRecord(Strict):
    id: Key
    type: Literal[
        "government",
        "ministry",
        "department",
        "institute",
        "centre",
        "school",
        "press-agency",
        "province",
        "provincial-department",
        "party-body",
        "mass-organisation",
        "national-assembly-body",
        "collective",
    ]
    name: Names
    abbreviation: Text | None = None
    aliases: list[Text] = []
    partOf: list[AgencyRef] = []
    governedBy: list[AgencyRef] = []
    note: Text | None = None
    sources: list[Cite]


class PlanRecord(Strict):
    id: Key
    kind: Literal["strategy", "plan", "programme"]
    status: PlanStatus = PlanStatus.APPROVED
    name: Names
    start: int | dt.date | None = None
    end: int | dt.date | None = None
    horizon: int | None = None
    adoptedBy: DocRef | None = None
    implements: list[PlanRef] = []
    note: Text | None = None
    sources: list[Cite]


class TargetRecord(Strict):
    id: Key | None = None
    plan: PlanRef | None = None
    year: int | None = None
    deadline: Text | None = None
    value: float | None = None
    unit: Text | None = None
    qualitative: bool = False
    text: Text | None = None
    note: Text | None = None
    sources: list[Cite]


class IndicatorRecord(Strict):
    id: Key
    plan: PlanRef | None = None
    name: Names
    unit: Text | None = None
    broader: IndicatorRef | None = None
    maxScore: float | None = None
    versionOf: IndicatorRef | None = None
    adoptedBy: DocRef | None = None
    replaces: list[IndicatorRef] = []
    criteriaCount: NonNegativeInt | None = None
    componentCount: NonNegativeInt | None = None
    levelCount: NonNegativeInt | None = None
    levelOf: IndicatorRef | None = None
    rank: PositiveInt | None = None
    scoreFrom: float | None = None
    scoreBelow: float | None = None
    note: Text | None = None
    targets: list[TargetRecord] = []
    sources: list[Cite]


class TaskRecord(Strict):
    id: Key
    plan: PlanRef
    group: Names | None = None
    name: Names
    lead: AgencyRef | list[AgencyRef] | None = None
    supports: list[AgencyRef] = []
    deadline: Text | None = None
    recurs: Literal["yearly"] | None = None
    output: Text | None = None
    status: TaskStatus = TaskStatus.UNKNOWN
    contributesTo: list[IndicatorRef] = []
    dependsOn: list[TaskRef] = []
    fulfilledBy: list[DocRef] = []
    subtaskOf: TaskRef | None = None
    """The task this one is a part of: the row it is numbered under in its plan's table ("1.1", "a)", "-")."""
    note: Text | None = None
    retiredOn: dt.date | None = None
    """The day a revision of its plan left the task out (``loaders.retire``); it stays, no longer planned."""
    retiredBy: Text | None = None
    sources: list[Cite]


class MeasurementRecord(Strict):
    id: Key
    indicator: IndicatorRef
    date: dt.date | None = None
    year: int | None = None
    value: float
    unit: Text | None = None
    note: Text | None = None
    sources: list[Cite]


RECORD_TYPES: dict[str, type[Strict]] = {
    "documents": DocumentRecord,
    "agencies": AgencyRecord,
    "plans": PlanRecord,
    "indicators": IndicatorRecord,
    "tasks": TaskRecord,
    "measurements": MeasurementRecord,
}
