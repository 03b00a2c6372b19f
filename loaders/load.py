"""Loading files into a store: read everything, check everything, then write once.

``read`` never touches a store's data; ``load`` writes the whole batch in one
transaction, so on any problem nothing is written.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from stratagraph.graph.store import Store, stated_edges
from stratagraph.loaders.agency_names import NameIndex
from stratagraph.loaders.compile import Compiler, Existing, Records
from stratagraph.loaders.limits import DEFAULT_LIMITS, RAISE_IT, TOO_LARGE, InputLimits, size
from stratagraph.loaders.rdf_file import RDF_SUFFIXES, read_rdf_records
from stratagraph.loaders.task_table import read_task_table
from stratagraph.loaders.yaml_records import read_yaml_records
from stratagraph.model.audit import REPORTED_PROPS, written_by_service
from stratagraph.model.errors import DatasetError, NotFoundError, Problem
from stratagraph.model.records import Batch, Edge, Label, Node, Rel, TaskStatus

YAML_SUFFIXES = {".yaml", ".yml"}
TABLE_SUFFIXES = {".csv"}
SUFFIXES = YAML_SUFFIXES | TABLE_SUFFIXES | set(RDF_SUFFIXES)

Progress = Callable[[str], None]


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
class LoadResult:
    files: tuple[str, ...]
    batch: Batch
    version: int | None
    replaced: tuple[Replacement, ...] = ()
    """Stored records this load replaced that lose something by it."""

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
                        "give .yaml/.yml dataset files, .csv task tables or RDF (.ttl, .nt, .jsonld, .rdf, .xml)",
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
) -> tuple[list[str], Batch]:
    """Read and check ``paths``; return the files read and the batch, or raise ``DatasetError``.

    Within ``limits`` (``loaders.limits``): files that are too large together are refused before
    any is read, and reading stops at the file that holds too many values.
    """
    files, problems = collect(paths)
    sizes, too_large = _sizes(files, limits)
    if too_large is not None:
        raise DatasetError([*problems, too_large])
    budget = limits.budget()
    slack = limits.max_bytes - sum(sizes.values())  # a file may have grown by this much since its size was read
    records = Records()
    for path in files:
        shown = _shown(path)
        if progress:
            progress(shown)
        left = sizes[path] + slack
        if path.suffix.lower() in YAML_SUFFIXES:
            found = read_yaml_records(path, shown, records, budget, left)
        elif path.suffix.lower() in RDF_SUFFIXES:
            found = read_rdf_records(path, shown, records, budget, left)
        else:
            found = read_task_table(path, shown, records, budget, left, plan=plan, doc=doc)
        problems.extend(found)
        if any(problem.code == TOO_LARGE for problem in found):
            raise DatasetError(_in_order(problems))  # what was read so far: the rest is not read at all
    compiler = Compiler(records, existing or Existing())
    batch = compiler.compile()
    problems.extend(compiler.problems)
    if problems:
        raise DatasetError(_in_order(problems))
    return [_shown(p) for p in files], batch


async def existing_in(store: Store) -> Existing:
    """What new records may refer to in ``store``: agencies, documents, ids; PART_OF and DEPENDS_ON edges."""
    agencies = await store.find(Label.AGENCY)
    documents = await store.find(Label.DOCUMENT)
    ids = {n.id for n in agencies} | {n.id for n in documents}
    for label in (Label.PLAN, Label.INDICATOR, Label.TASK):
        ids |= {n.id for n in await store.find(label)}
    return Existing(agencies, documents, ids, await store.edges(Rel.PART_OF), await store.edges(Rel.DEPENDS_ON))


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
) -> LoadResult:
    """Read, check and write ``paths`` into ``store`` in one transaction."""
    checked = await prepare(paths, store, plan=plan, doc=doc, progress=progress, limits=limits)
    return dataclasses.replace(checked, version=await store.write(checked.batch))


async def prepare(
    paths: Sequence[Path],
    store: Store,
    *,
    plan: str | None = None,
    doc: str | None = None,
    progress: Progress | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> LoadResult:
    """What loading ``paths`` into ``store`` would write (stale relations to retract included) and replace.

    ``load`` writes it; ``validate`` shows it. Raises ``DatasetError`` with every problem found.
    """
    files, batch = read(paths, await existing_in(store), plan=plan, doc=doc, progress=progress, limits=limits)
    batch = Batch(await keeping_reports(store, batch.nodes), batch.edges)
    stale = [edge for edge in await stale_edges(store, batch) if not _reported(edge)]
    batch = Batch(batch.nodes, batch.edges, tuple(edge.key for edge in stale))
    return LoadResult(tuple(files), batch, None, await replacements(store, batch, stale))


async def keeping_reports(store: Store, nodes: Sequence[Node]) -> tuple[Node, ...]:
    """``nodes`` with what agencies reported through the service kept, where the file does not say otherwise.

    A curator reloading ``data/`` must not wipe the year's reports: a stored task keeps its reported
    progress and its status's date (``REPORTED_PROPS``, which no file states), and its reported status
    unless the file states one other than unknown, with the reports' citations; the relations written
    through the service (a duty's reports, ``FULFILLED_BY``) are kept by ``prepare``.
    """
    stored = await store.get([node.id for node in nodes if node.label is Label.TASK])
    kept: list[Node] = []
    for node in nodes:
        old = stored.get(node.id)
        if old is None or "statusAsOf" not in old.props:
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


async def replacements(store: Store, batch: Batch, stale: Sequence[Edge]) -> tuple[Replacement, ...]:
    """The stored records ``batch`` replaces that lose properties, relations (``stale``) or citations by it."""
    stored = await store.get([node.id for node in batch.nodes])
    found: list[Replacement] = []
    for node in batch.nodes:
        old = stored.get(node.id)
        if old is None:
            continue
        properties = tuple(name for name in old.props if node.props.get(name) is None)
        relations = tuple(edge for edge in stale if node.id in (edge.source, edge.target))
        citations = sum(1 for citation in old.sources if citation not in node.sources)
        if properties or relations or citations:
            found.append(Replacement(node.id, properties, relations, citations))
    return tuple(found)


async def stale_edges(store: Store, batch: Batch) -> list[Edge]:
    """Stored edges that the batch's records own but no longer state.

    A planner who changes a task's lead and loads the file again expects one
    lead, not two: relations a record states are replaced, not accumulated.
    """
    stated = {edge.key for edge in batch.edges}
    return [edge for edge in await stated_edges(store, batch.nodes) if edge.key not in stated]


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
