"""Loading files into a store: read everything, check everything, then write once.

``read`` never touches a store's data; ``load`` writes the whole batch in one
transaction, so on any problem nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from stratagraph.graph.store import Store, stated_edges
from stratagraph.loaders.agency_names import NameIndex
from stratagraph.loaders.changes import Changes, changes_of, same_citation
from stratagraph.loaders.compile import Compiler, Existing, Records, full_id
from stratagraph.loaders.limits import DEFAULT_LIMITS, RAISE_IT, TOO_LARGE, InputLimits, size
from stratagraph.loaders.plan_names import PlanNames
from stratagraph.loaders.rdf_file import RDF_SUFFIXES, read_rdf_records
from stratagraph.loaders.restated import keeping_stored
from stratagraph.loaders.retire import retire_tasks
from stratagraph.loaders.table_rows import EXCEL_SUFFIXES
from stratagraph.loaders.task_table import UNKNOWN_PLAN, read_task_table
from stratagraph.loaders.yaml_records import read_yaml_records
from stratagraph.model.audit import REPORTED_PROPS, written_by_service
from stratagraph.model.deadlines import DeadlineKind
from stratagraph.model.errors import DatasetError, NotFoundError, Problem
from stratagraph.model.records import Batch, Citation, Direction, Edge, Label, Node, Rel, TaskStatus, is_retired
from stratagraph.model.text import fold

YAML_SUFFIXES = {".yaml", ".yml"}
TABLE_SUFFIXES = {".csv", *EXCEL_SUFFIXES}
SUFFIXES = YAML_SUFFIXES | TABLE_SUFFIXES | set(RDF_SUFFIXES)

Progress = Callable[[str], None]
_SAVE_AS = "save the table as .xlsx (Excel Workbook) or as CSV UTF-8"


@dataclass(frozen=True)
class Replacement:
    """A stored record the load replaces, and what of it the new version no longer says.

    Loading a record replaces it whole; when a table row or file reuses an id by
    mistake, this is how the curated name, links or citations it drops are seen.
    """

    id: str
    properties: tuple[str, ...]
    """Properties the stored record has and the new one has not."""
    relations: tuple[Edge, ...]
    """The stored relations it owns that the new one does not state."""
    citations: int
    """Stored citations the new record does not repeat."""

    def describe(self) -> str:
        dropped = [*self.properties]
        counts = Counter(edge.type.value for edge in self.relations)
        dropped += [f"{n} {rel}" for rel, n in sorted(counts.items())]
        if self.citations:
            dropped.append(f"{self.citations} citation{'s' if self.citations != 1 else ''}")
        return f"{self.id}: drops {', '.join(dropped)}" if dropped else f"{self.id}: nothing dropped"


@dataclass(frozen=True)
class Reading:
    """Files read and checked: the batch they make, the warnings that do not stop a load, and the table rows."""

    files: tuple[str, ...]
    batch: Batch
    warnings: tuple[Problem, ...] = ()
    tables: tuple[str, ...] = ()
    """The task tables among the files, as shown."""
    notes: tuple[Problem, ...] = ()
    """What the readers say of how they read the files (a table's header row, hidden rows)."""
    unstated: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    """The id of each task a table row makes -> the properties and relation types its table has no column for."""

    @functools.cached_property
    def table_tasks(self) -> frozenset[str]:
        """The ids of the tasks the tables' rows make."""
        return frozenset(self.unstated)

    def table_names(self) -> str:
        """The tables' file names (not where they were on this machine), as a retirement names them."""
        return ", ".join(Path(shown).name for shown in self.tables)

    def table_plans(self) -> list[str]:
        """The plans the tables' rows belong to: what a table revises."""
        return sorted({e.target for e in self.batch.edges if e.type is Rel.IN_PLAN and e.source in self.table_tasks})


@dataclass(frozen=True)
class LoadResult:
    files: tuple[str, ...]
    batch: Batch
    version: int | None
    replaced: tuple[Replacement, ...] = ()
    """Stored records this load replaced that lose something by it."""
    changes: Changes | None = None
    """What the load creates, updates, retires and leaves unchanged (None when read without a store)."""
    warnings: tuple[Problem, ...] = ()
    """Problems that did not stop the load: shown with their cells."""
    notes: tuple[Problem, ...] = ()
    """What the readers say of how they read the files (a table's header row, hidden rows)."""

    def counts(self) -> dict[str, int]:
        """How many nodes of each label and edges of each type the batch holds."""
        counts: Counter[str] = Counter(node.label.value for node in self.batch.nodes)
        counts.update(edge.type.value for edge in self.batch.edges)
        return dict(sorted(counts.items()))


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The input files named by ``paths`` (folders are searched), in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():  # links to folders are not followed, so a link loop is no endless walk
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            files.extend(p for p in found if p.is_file())
            problems.extend(_leads_nowhere(p) for p in found if p.is_symlink() and not p.exists())
        elif path.is_symlink() and not path.exists():
            problems.append(_leads_nowhere(path))
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                files.append(path)
            else:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        "",
                        f"unsupported file type {path.suffix or '(none)'}",
                        _SAVE_AS
                        if path.suffix.lower() in (".xls", ".ods")
                        else "give .yaml/.yml dataset files, .csv or .xlsx task tables, or RDF (.ttl, .nt, .jsonld)",
                        "unsupported",
                    )
                )
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder", "check the path", "missing"))
    return files, problems


def _leads_nowhere(link: Path) -> Problem:
    return Problem(
        str(link),
        None,
        "",
        "symbolic link that leads nowhere (to a file that is not there, or round in a loop)",
        "point the link at the file, or give the file itself",
        "missing",
    )


def read(
    paths: Sequence[Path],
    existing: Existing | None = None,
    *,
    plan: str | None = None,
    doc: str | None = None,
    progress: Progress | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    sheet: str | None = None,
    notes: list[Problem] | None = None,
    new_agencies: bool = False,
) -> tuple[list[str], Batch]:
    """Read and check ``paths``; return the files read and the batch, or raise ``DatasetError``.

    Warnings do not stop it (``check`` returns them); what the readers say of how they read
    (a table's header row) is added to ``notes``.
    """
    reading = check(
        paths,
        existing,
        plan=plan,
        doc=doc,
        progress=progress,
        limits=limits,
        sheet=sheet,
        new_agencies=new_agencies,
    )
    if notes is not None:
        notes.extend(reading.notes)
    return list(reading.files), reading.batch


def check(
    paths: Sequence[Path],
    existing: Existing | None = None,
    *,
    plan: str | None = None,
    doc: str | None = None,
    progress: Progress | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    sheet: str | None = None,
    new_agencies: bool = False,
    strict: bool = False,
) -> Reading:
    """Read and check ``paths``: the batch with its warnings and notes, or ``DatasetError`` with every error.

    Within ``limits`` (``loaders.limits``): files that are too large together are refused before
    any is read, and reading stops at the file that holds too many values. ``sheet`` is the sheet
    of an Excel task table to read. With ``new_agencies`` the units a task table names that the
    graph lacks become agencies (``loaders.new_agencies``). ``strict`` makes every warning an error.
    """
    files, problems = collect(paths)
    sizes, too_large = _sizes(files, limits)
    if too_large is not None:
        raise DatasetError([*problems, too_large])
    budget = limits.budget()
    slack = limits.max_bytes - sum(sizes.values())  # a file may have grown by this much since its size was read
    records = Records()
    tables = [path for path in files if path.suffix.lower() in TABLE_SUFFIXES]
    table_plan = plan
    # tables last: --plan may name a plan the other files define
    for path in [*(path for path in files if path not in tables), *tables]:
        shown = _shown(path)
        if progress:
            progress(shown)
        left = sizes[path] + slack
        if path.suffix.lower() in YAML_SUFFIXES:
            found = read_yaml_records(path, shown, records, budget, left)
        elif path.suffix.lower() in RDF_SUFFIXES:
            found = read_rdf_records(path, shown, records, budget, left)
        else:
            records.tables.add(shown)
            if path == tables[0] and plan is not None:
                table_plan, unknown = _table_plan(plan, records, existing or Existing(), shown)
                problems.extend(unknown)
            found = read_task_table(path, shown, records, budget, left, plan=table_plan, doc=doc, sheet=sheet)
        problems.extend(found)
        if any(problem.code == TOO_LARGE for problem in found):
            raise DatasetError(_in_order(problems))  # what was read so far: the rest is not read at all
    compiler = Compiler(records, existing or Existing(), new_agencies=new_agencies)
    batch = compiler.compile()
    problems.extend(compiler.problems)
    if strict:
        problems = [dataclasses.replace(p, warning=False) for p in problems]
    errors = [p for p in problems if not p.warning]
    if errors:  # the warnings too, so that one run shows everything to fix
        raise DatasetError(_in_order(errors), _in_order([p for p in problems if p.warning]))
    read_tables = frozenset(records.tables)
    unstated = {
        full_id(Label.TASK, t.record.id): records.unstated[t.file] for t in records.tasks if t.file in read_tables
    }
    return Reading(
        tuple(_shown(p) for p in files),
        batch,
        tuple(_in_order(problems)),
        tuple(sorted(records.tables)),
        tuple(records.notes),
        unstated,
    )


def _table_plan(text: str, records: Records, existing: Existing, shown: str) -> tuple[str, list[Problem]]:
    """The plan ``--plan`` names (by id, key, name or adopting decision), or one problem and a stand-in."""
    numbers = {node.id: str(node.get("number")) for node in existing.documents if node.get("number")}
    numbers.update(
        {full_id(Label.DOCUMENT, d.record.id): d.record.number for d in records.documents if d.record.number}
    )
    adopted = {edge.source: numbers.get(edge.target) for edge in existing.adopted_by}
    names = PlanNames()
    for node in existing.plans:
        written = [value for key in ("nameVi", "nameEn") if isinstance(value := node.get(key), str)]
        names.add(node.id, written, adopted.get(node.id))
    for item in records.plans:
        p = item.record
        link = p.adoptedBy if isinstance(p.adoptedBy, str) or p.adoptedBy is None else p.adoptedBy.doc
        number = None if link is None else numbers.get(full_id(Label.DOCUMENT, link), link if "/" in link else None)
        names.add(full_id(Label.PLAN, p.id), [p.name.vi, *([p.name.en] if p.name.en else [])], number)
    if not names:  # nothing to resolve against (validate --alone): the rows' references say it
        return text, []
    found, hint = names.resolve(text)
    if found is not None:
        return found, []
    return UNKNOWN_PLAN, [
        Problem(shown, None, "--plan", f"no plan {text!r} in the files or the store", hint, "unknown-reference")
    ]


async def existing_in(store: Store) -> Existing:
    """What new records may refer to in ``store``: agencies, documents, ids; PART_OF and DEPENDS_ON edges."""
    agencies = await store.find(Label.AGENCY)
    documents = await store.find(Label.DOCUMENT)
    plans = await store.find(Label.PLAN)
    indicators = await store.find(Label.INDICATOR)
    tasks = await store.find(Label.TASK)
    ids = {n.id for n in (*agencies, *documents, *plans, *indicators, *tasks)}
    return Existing(
        agencies,
        documents,
        ids,
        await store.edges(Rel.PART_OF),
        await store.edges(Rel.DEPENDS_ON),
        plans,
        await store.edges(Rel.ADOPTED_BY),
        dated={
            n.id: str(n.get("deadlineText"))
            for n in tasks
            if n.get("deadlineKind") not in (None, DeadlineKind.UNDATED.value) and n.get("deadlineText") is not None
        },
    )


async def resolve_agency(store: Store, text: str) -> tuple[str | None, str]:
    """The stored agency ``text`` names and, when none, the hint a loaded file gets (``Compiler``'s index)."""
    index = NameIndex("agency")
    for node in await store.find(Label.AGENCY):
        index.add_stored(node)
    return index.resolve(text)


async def agency_named(store: Store, text: str) -> str:
    """The id of the stored agency ``text`` names: its id or key, a name, abbreviation or alias ("CBC")."""
    found, hint = await resolve_agency(store, text)
    if found is None:
        raise NotFoundError(f"no agency {text!r} in the graph: {hint}")
    return found


async def load(
    paths: Sequence[Path],
    store: Store,
    *,
    plan: str | None = None,
    doc: str | None = None,
    progress: Progress | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    sheet: str | None = None,
    new_agencies: bool = False,
    replace: bool = False,
    strict: bool = False,
    today: dt.date | None = None,
) -> LoadResult:
    """Read, check and write ``paths`` into ``store`` in one transaction.

    Only what changes is written; a load that changes nothing writes nothing, so the data
    version (and every answer cached for it) stays.
    """
    checked = await prepare(
        paths,
        store,
        plan=plan,
        doc=doc,
        progress=progress,
        limits=limits,
        sheet=sheet,
        new_agencies=new_agencies,
        replace=replace,
        strict=strict,
        today=today,
    )
    if checked.changes is not None and checked.changes.empty:
        return dataclasses.replace(checked, version=await store.version())
    return dataclasses.replace(checked, version=await store.write(checked.batch))


async def prepare(
    paths: Sequence[Path],
    store: Store,
    *,
    plan: str | None = None,
    doc: str | None = None,
    progress: Progress | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    sheet: str | None = None,
    new_agencies: bool = False,
    replace: bool = False,
    strict: bool = False,
    today: dt.date | None = None,
) -> LoadResult:
    """What loading ``paths`` into ``store`` would write (stale relations to retract included), change and replace.

    ``replace`` makes the task tables the whole truth for their plans: a live task of those
    plans that no table row lists is retired (``loaders.retire``) on ``today``; without it,
    such tasks are a warning. ``load`` writes the batch; ``validate`` shows it. Raises
    ``DatasetError`` with every problem found (warnings too, when ``strict``).
    """
    reading = check(
        paths,
        await existing_in(store),
        plan=plan,
        doc=doc,
        progress=progress,
        limits=limits,
        sheet=sheet,
        new_agencies=new_agencies,
        strict=strict,
    )
    records = await store.get([node.id for node in reading.batch.nodes])  # read once, for every step below
    batch = Batch(keeping_reports(records, reading.batch.nodes), reading.batch.edges)
    warnings = list(reading.warnings)
    if replace and not reading.tables:
        raise DatasetError([Problem("--replace", None, "", "--replace revises a plan's task table: give one", "")])
    if replace and not reading.table_tasks:
        raise DatasetError(
            [
                Problem(
                    reading.tables[0],
                    None,
                    "--replace",
                    "the table lists no task: --replace does not retire a whole plan by an empty table",
                    "leave out the rows of the tasks to retire from a table that lists the rest; or retire each task "
                    "with the retireTask mutation",
                    "missing",
                )
            ]
        )
    missing = await _not_in_tables(store, reading)
    retire = Batch()
    if missing and replace:
        retire = retire_tasks(missing, on=today or dt.date.today(), by=reading.table_names())
    elif missing:
        warnings.append(_not_in_table(reading, missing))
        if strict:
            raise DatasetError([dataclasses.replace(warnings[-1], warning=False)])
    stated = await stated_edges(store, batch.nodes)  # read once: what goes stale, and what is unchanged
    batch = keeping_stored(records, batch, stated, reading.unstated)
    stale = [edge for edge in stale_edges(stated, batch) if not _reported(edge)]
    batch = Batch(batch.nodes, batch.edges, tuple(edge.key for edge in stale))
    changes, written = changes_of(records, batch, stated, retire)
    if retire.nodes:
        changes = dataclasses.replace(changes, retired_by=reading.table_names())
    renamed = _another_task(reading, changes)
    if renamed is not None:
        warnings.append(renamed)
        if strict:
            raise DatasetError([dataclasses.replace(renamed, warning=False)])
    return LoadResult(
        reading.files,
        written,
        None,
        replacements({**records, **{node.id: node for node in missing}}, written, stale),
        changes,
        tuple(_in_order(warnings)),
        reading.notes,
    )


async def _not_in_tables(store: Store, reading: Reading) -> list[Node]:
    """The live stored tasks of the tables' plans that no row of the tables lists."""
    plans = reading.table_plans()
    if not plans:
        return []
    members = await store.neighbours(plans, Rel.IN_PLAN, Direction.IN)
    listed = {node.id for node in reading.batch.nodes}
    found = await store.get(sorted({e.source for e in members} - listed))
    return [n for n in found.values() if n.label is Label.TASK and not is_retired(n)]


SAME_TASK_SCORE = 60
"""Below this rapidfuzz token-set score (0-100, folded words), a row's task text and the stored one's are two tasks."""


def _another_task(reading: Reading, changes: Changes) -> Problem | None:
    """A warning when table rows now name another task than the one their number (their id) had.

    A row's id is its place in the plan ("I.3"): a planner who removes a row and renumbers the
    rows below makes each of them update the task that had its number. A reworded task keeps most
    of its words; a task text with few words of the stored one's is most likely another task.
    """
    found: list[str] = []
    for task, fields in changes.updated:
        named = next((f for f in fields if f.field == "nameVi"), None)
        if task not in reading.table_tasks or named is None or named.old is None or named.new is None:
            continue
        if fuzz.token_set_ratio(fold(named.old), fold(named.new)) < SAME_TASK_SCORE:
            found.append(f"{task} ({named.old!r} → {named.new!r})")
    if not found:
        return None
    more = len(found) - SHOWN_MISSING
    listed = "; ".join(found[:SHOWN_MISSING]) + (f" and {more} more" if more > 0 else "")
    return Problem(
        reading.tables[0],
        None,
        "",
        f"{len(found)} row{'s' if len(found) != 1 else ''} now name{'' if len(found) != 1 else 's'} another task "
        f"than the one {'their' if len(found) != 1 else 'its'} number had: {listed}",
        "a row's id comes from its number: if rows were renumbered (a row removed above them), put the numbers back "
        "and leave the removed row's number unused, or give each task its id in a 'Mã nhiệm vụ' column; if a task "
        "was only reworded, nothing is wrong",
        "another-task",
        warning=True,
    )


SHOWN_MISSING = 10
"""Tasks named in the warning about tasks a table does not list; the rest are counted."""


def _not_in_table(reading: Reading, missing: Sequence[Node]) -> Problem:
    ids = sorted(node.id for node in missing)
    more = len(ids) - SHOWN_MISSING
    named = ", ".join(ids[:SHOWN_MISSING]) + (f" and {more} more" if more > 0 else "")
    plans = ", ".join(reading.table_plans())
    many = len(ids) != 1
    return Problem(
        reading.tables[0],
        None,
        "",
        f"{len(ids)} task{'s' if many else ''} of this plan ({plans}) {'are' if many else 'is'} not in the table: "
        f"{named}",
        "if the table is the plan's new version, load it with --replace to retire them (they stay in the graph "
        "with their history, marked retired); otherwise they stay as they are",
        "not-in-table",
        warning=True,
    )


def keeping_reports(stored: Mapping[str, Node], nodes: Sequence[Node]) -> tuple[Node, ...]:
    """``nodes`` with what agencies reported through the service kept, where the file does not say otherwise.

    A curator reloading ``data/`` must not wipe the year's reports: a stored task keeps its reported
    progress and its status's date (``REPORTED_PROPS``, which no file states), and its reported status
    unless the file states one other than unknown, with the reports' citations; the relations written
    through the service (a duty's reports, ``FULFILLED_BY``) are kept by ``prepare``. ``stored`` are
    the stored records of the nodes' ids.
    """
    kept: list[Node] = []
    for node in nodes:
        old = stored.get(node.id)
        if node.label is not Label.TASK or old is None or "statusAsOf" not in old.props:
            kept.append(node)
            continue
        props = dict(node.props)
        for name in REPORTED_PROPS:
            if name not in props and name in old.props:
                props[name] = old.props[name]
        if props.get("status") in (None, TaskStatus.UNKNOWN.value) and old.get("status") is not None:
            props["status"] = old.props["status"]
        reported = [c for c in old.sources if written_by_service((c,)) and c not in node.sources]
        kept.append(dataclasses.replace(node, props=props, sources=(*node.sources, *reported)))
    return tuple(kept)


def _reported(edge: Edge) -> bool:
    """A duty's report attached through the service: a reload keeps it (a file lists the curated reports only).

    Assignments made through the service (lead, supporters, dependencies, deadline) are not kept: the
    files are the curated plan, and a reload of them wins; the audit trail keeps what was assigned.
    """
    return edge.type is Rel.FULFILLED_BY and written_by_service(edge.sources)


def replacements(stored: Mapping[str, Node], batch: Batch, stale: Sequence[Edge]) -> tuple[Replacement, ...]:
    """The ``stored`` records ``batch`` replaces that lose properties, relations (``stale``) or citations by it."""
    found: list[Replacement] = []
    for node in batch.nodes:
        old = stored.get(node.id)
        if old is None:
            continue
        properties = tuple(name for name in old.props if node.props.get(name) is None)
        relations = tuple(edge for edge in stale if node.id in (edge.source, edge.target))
        citations = sum(1 for citation in old.sources if not any(_same_place(citation, c) for c in node.sources))
        if properties or relations or citations:
            found.append(Replacement(node.id, properties, relations, citations))
    return tuple(found)


def _same_place(old: Citation, new: Citation) -> bool:
    """``new`` cites what ``old`` cites: the same place read the same way (its words may have changed)."""
    return same_citation(old, new) or (old.document, old.locator, old.kind) == (new.document, new.locator, new.kind)


def stale_edges(stored: Sequence[Edge], batch: Batch) -> list[Edge]:
    """The ``stored`` edges the batch's records own (``graph.store.stated_edges``) that they no longer state.

    A planner who changes a task's lead and loads the file again expects one
    lead, not two: relations a record states are replaced, not accumulated.
    """
    stated = {edge.key for edge in batch.edges}
    return [edge for edge in stored if edge.key not in stated]


def _in_order(problems: Sequence[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.path))


def _sizes(files: Sequence[Path], limits: InputLimits) -> tuple[dict[Path, int], Problem | None]:
    """Each file's size, or the problem of the first file that takes the input over ``limits.max_bytes``."""
    sizes: dict[Path, int] = {}
    total = 0
    for path in files:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0  # reading it says what is wrong
        total += sizes[path]
        if total > limits.max_bytes:
            before = total - sizes[path]
            message = f"file is {size(sizes[path])}" + (f", {size(total)} with the files before it" if before else "")
            return sizes, Problem(
                _shown(path),
                None,
                "",
                f"{message}: over the input limit of {size(limits.max_bytes)}",
                f"load large inputs in parts; {RAISE_IT}",
                TOO_LARGE,
            )
    return sizes, None


def _shown(path: Path) -> str:
    """A path as the user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
