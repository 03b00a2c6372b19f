"""The ``stratagraph`` command: serve, load, validate, export, schema."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stratagraph.model.access import Role
from stratagraph.model.errors import ConfigError, DatasetError, Problem, StratagraphError
from stratagraph.model.files import written_whole
from stratagraph.settings import BUNDLED_DATASET, Settings

if TYPE_CHECKING:
    from stratagraph.graph.store import Store

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A GraphQL knowledge graph of national strategies and their action plans."""


def _store_options(func: Any) -> Any:
    func = click.option(
        "--store",
        type=click.Choice(["embedded", "neo4j"]),
        default=None,
        help="Which store to use (default: $STRATAGRAPH_STORE or embedded).",
    )(func)
    func = click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder of the embedded store (default: $STRATAGRAPH_DATA_DIR or ./var).",
    )(func)
    return func


def _settings(store: str | None, data_dir: Path | None, max_input_mb: float | None = None) -> Settings:
    """The environment's settings with the command line's over them; a setting that cannot be used exits 2."""
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(2)
    changes: dict[str, Any] = {}
    if store:
        changes["store"] = store
    if data_dir:
        changes["data_dir"] = data_dir
    if max_input_mb is not None:
        changes["max_input_mb"] = max_input_mb
    return settings.with_changes(**changes) if changes else settings


def _max_input_option(func: Any) -> Any:
    return click.option(
        "--max-input-mb",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="MiB of files to read at most, all together (default: $STRATAGRAPH_MAX_INPUT_MB or 64).",
    )(func)


def _checked_base(base: str, source: str) -> str:
    """``base`` ending in ``/`` if entity IRIs minted under it are IRIs; else a one-line error and exit 2."""
    from stratagraph.ontology.rdf_syntax import checked_base

    base = base if base.endswith("/") else base + "/"
    try:
        return checked_base(base)
    except ValueError as error:
        err.print(f"[red]error:[/red] {source}: {escape(str(error))}", soft_wrap=True)
        sys.exit(2)


def _cannot_write(path: object, error: OSError) -> NoReturn:
    """One error line for a file or folder a command could not write, and exit status 1."""
    why = escape(error.strerror or str(error))
    err.print(f"[red]error:[/red] cannot write {escape(str(path))}: {why}", soft_wrap=True)
    sys.exit(1)


SHOWN_PROBLEMS = 1000
"""Problems printed at most: past that a file is not one to fix a line at a time, and printing them all takes
longer than finding them."""


def _print_problems(problems: Sequence[Problem], as_json: bool = False, warnings: Sequence[Problem] = ()) -> None:
    if as_json:  # every problem, for machines; nothing was written
        import json

        found = {"errors": [_problem_json(p) for p in problems], "warnings": [_problem_json(p) for p in warnings]}
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    _print_warnings(warnings)
    for problem in problems[:SHOWN_PROBLEMS]:
        where = f"[bold]{escape(problem.where)}[/bold]"
        path = f" {escape(problem.path)}:" if problem.path else ""
        hint = f"\n    [dim]hint: {escape(problem.hint)}[/dim]" if problem.hint else ""
        err.print(f"{where}:{path} [red]{escape(problem.message)}[/red]{hint}", soft_wrap=True)
    if len(problems) > SHOWN_PROBLEMS:
        err.print(f"… and {len(problems) - SHOWN_PROBLEMS:,} more, not shown: fix these first")
    err.print(f"[red]{len(problems):,} problem{'s' if len(problems) != 1 else ''}; nothing was written.[/red]")


def _print_warnings(warnings: Sequence[Problem]) -> None:
    """Warnings, each with its cell: they did not stop the load (``--strict`` makes them errors)."""
    for problem in warnings[:SHOWN_PROBLEMS]:
        path = f" {escape(problem.path)}:" if problem.path else ""
        hint = f"\n    [dim]hint: {escape(problem.hint)}[/dim]" if problem.hint else ""
        err.print(
            f"[bold]{escape(problem.where)}[/bold]:{path} [yellow]warning: {escape(problem.message)}[/yellow]{hint}",
            soft_wrap=True,
        )
    if len(warnings) > SHOWN_PROBLEMS:
        err.print(f"… and {len(warnings) - SHOWN_PROBLEMS:,} more warnings, not shown")
    if warnings:
        many = len(warnings) != 1
        err.print(
            f"[yellow]{len(warnings):,} warning{'s' if many else ''} "
            f"(--strict makes {'them errors' if many else 'it an error'})[/yellow]"
        )


SHOWN_CHANGES = 200
"""Records listed by id in each part of the change report; the rest are counted (``--json`` lists them all)."""


def _print_changes(changes: Any, verb: str) -> None:
    """Created, updated (field by field), retired and unchanged records, with their ids."""
    if changes is None:
        return
    parts = (
        ("created", changes.created, "green"),
        ("updated", [node_id for node_id, _ in changes.updated], "cyan"),
        ("retired", changes.retired, "magenta"),
    )
    fields = dict(changes.updated)
    for name, ids, colour in parts:
        if not ids:
            continue
        by = f" by {escape(changes.retired_by)}" if name == "retired" and changes.retired_by else ""
        out.print(f"[{colour}]{verb}{name} {len(ids)}[/{colour}]{by}:")
        for node_id in ids[:SHOWN_CHANGES]:
            out.print(f"  {escape(node_id)}", soft_wrap=True)
            for change in fields.get(node_id, ()):
                out.print(f"    {escape(change.describe())}", soft_wrap=True)
        if len(ids) > SHOWN_CHANGES:
            out.print(f"  … and {len(ids) - SHOWN_CHANGES} more (--json lists them all)")
    out.print(f"unchanged {len(changes.unchanged)}" + (": nothing to write" if changes.empty else ""))


def _print_json(result: Any) -> None:
    """The result for machines: files, data version, changes, warnings, notes on how files were read, replacements."""
    import json

    document = {
        "files": list(result.files),
        "version": result.version,
        "changes": result.changes.as_json() if result.changes is not None else None,
        "warnings": [_problem_json(p) for p in result.warnings],
        "notes": [_problem_json(p) for p in result.notes],
        "replaced": [r.describe() for r in result.replaced],
    }
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "cell": problem.path,
        "message": problem.message,
        "hint": problem.hint,
        "code": problem.code,
        "warning": problem.warning,
    }


def _counts_table(counts: dict[str, int], title: str) -> Table:
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("type")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    return table


def _revision_options(func: Any) -> Any:
    func = click.option(
        "--json", "as_json", is_flag=True, help="Print what changed (and the warnings) as JSON, for machines."
    )(func)
    func = click.option("--strict", is_flag=True, help="Warnings are errors: nothing is written while any is left.")(
        func
    )
    func = click.option(
        "--replace",
        is_flag=True,
        help="The task tables are their plans' new version: tasks of those plans they no longer list are retired "
        "(kept, with their history, marked retired).",
    )(func)
    return func


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--plan", default=None, help="Plan of the task tables: id, key, name, or its decision's number (781/QĐ-BTTTT)."
)
@click.option("--doc", default=None, help="Document a task table comes from (cited by each row).")
@click.option("--sheet", default=None, help="Sheet of an .xlsx task table (default: the first with a task header).")
@click.option(
    "--new-agencies", is_flag=True, help="Units a task table names that the graph lacks become agencies: 'Vụ X (Bộ Y)'."
)
@click.option("--alone", is_flag=True, help="Check the files on their own, not against what the store holds.")
@_revision_options
@_max_input_option
@_store_options
def validate(
    paths: tuple[Path, ...],
    plan: str | None,
    doc: str | None,
    sheet: str | None,
    new_agencies: bool,
    alone: bool,
    replace: bool,
    strict: bool,
    as_json: bool,
    max_input_mb: float | None,
    store: str | None,
    data_dir: Path | None,
) -> None:
    """Check dataset files and task tables against the store's graph; report every problem at once.

    References (agencies, plans, documents) resolve against the files and, unless
    --alone, against what the store already holds, as `load` would; what loading would
    create, update and retire is listed. Nothing is written.
    """
    from stratagraph.loaders.changes import Changes
    from stratagraph.loaders.limits import InputLimits
    from stratagraph.loaders.load import LoadResult, check

    settings = _settings(store, data_dir, max_input_mb)
    limits = InputLimits(settings.max_input_mb)
    try:
        options: dict[str, Any] = {
            "plan": plan,
            "doc": doc,
            "limits": limits,
            "sheet": sheet,
            "new_agencies": new_agencies,
            "strict": strict,
        }
        result = None if alone else asyncio.run(_check(settings, list(paths), {**options, "replace": replace}))
        if result is None:  # on their own: no store, or --alone
            reading = check(list(paths), None, **options)
            created = Changes(created=tuple(sorted(node.id for node in reading.batch.nodes)))  # nothing to compare with
            result = LoadResult(
                reading.files, reading.batch, None, changes=created, warnings=reading.warnings, notes=reading.notes
            )
    except DatasetError as error:
        _print_problems(error.problems, as_json, error.warnings)
        sys.exit(1)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    if as_json:
        _print_json(result)
        return
    _print_notes(result.notes)
    _print_warnings(result.warnings)
    count, counts = len(result.files), result.counts()
    title = f"{count} file{'' if count == 1 else 's'}, no problems"
    out.print(_counts_table(counts, title) if counts else title)  # nothing to count: no empty table
    _print_changes(result.changes, "would be ")
    _print_replaced(result.replaced, "loading would replace")


def _print_notes(notes: Sequence[Problem]) -> None:
    """How the files were read (a table's header row and sheet, hidden rows): worth a look, not a problem."""
    for note in notes:
        hint = f" [dim]({escape(note.hint)})[/dim]" if note.hint else ""
        err.print(f"[dim]{escape(note.where)}:[/dim] {escape(note.message)}{hint}", soft_wrap=True)


async def _check(settings: Settings, paths: list[Path], options: dict[str, Any]) -> Any:
    """``load`` without the write, against the store; None when there is no store yet to check against."""
    from stratagraph.graph.open import open_store
    from stratagraph.loaders.load import prepare

    if settings.store == "embedded" and not settings.embedded_path.exists():
        return None
    store = open_store(settings.store, **settings.store_options())
    await store.open()
    try:
        err.print(f"[dim]checked against the {settings.store} store at data version {await store.version()}[/dim]")
        return await prepare(paths, store, **options)
    finally:
        await store.close()


def _print_replaced(replaced: Sequence[Any], verb: str) -> None:
    """Stored records a load replaces and what they lose, so an id reused by mistake is seen."""
    if not replaced:
        return
    many = len(replaced) != 1
    err.print(f"[yellow]{verb} {len(replaced)} record{'s' if many else ''} already in the store:[/yellow]")
    for replacement in replaced[:20]:
        err.print(f"  {escape(replacement.describe())}", soft_wrap=True)
    if len(replaced) > 20:
        err.print(f"  … and {len(replaced) - 20} more")
    err.print("[dim]a record loaded again is replaced whole: state everything it should keep[/dim]")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--plan", default=None, help="Plan of the task tables: id, key, name, or its decision's number (781/QĐ-BTTTT)."
)
@click.option("--doc", default=None, help="Document a task table comes from (cited by each row).")
@click.option("--sheet", default=None, help="Sheet of an .xlsx task table (default: the first with a task header).")
@click.option(
    "--new-agencies", is_flag=True, help="Units a task table names that the graph lacks become agencies: 'Vụ X (Bộ Y)'."
)
@_revision_options
@_max_input_option
@_store_options
def load(
    paths: tuple[Path, ...],
    plan: str | None,
    doc: str | None,
    sheet: str | None,
    new_agencies: bool,
    replace: bool,
    strict: bool,
    as_json: bool,
    max_input_mb: float | None,
    store: str | None,
    data_dir: Path | None,
) -> None:
    """Load dataset files, task tables (CSV, .xlsx) or RDF into the store, all or nothing; print what changed."""
    settings = _settings(store, data_dir, max_input_mb)
    try:
        options = {
            "plan": plan,
            "doc": doc,
            "sheet": sheet,
            "new_agencies": new_agencies,
            "replace": replace,
            "strict": strict,
        }
        result = asyncio.run(_load(list(paths), settings, options))
    except DatasetError as error:
        _print_problems(error.problems, as_json, error.warnings)
        sys.exit(1)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    if as_json:
        _print_json(result)
        return
    _print_notes(result.notes)
    _print_warnings(result.warnings)
    files = f"{len(result.files)} file{'s' if len(result.files) != 1 else ''}"
    if result.changes is not None and result.changes.empty:
        out.print(f"loaded {files}: nothing changed, data version {result.version} stays")
    else:
        out.print(_counts_table(result.counts(), f"loaded {files}, data version {result.version}"))
    _print_changes(result.changes, "")
    _print_replaced(result.replaced, "replaced")


async def _load(paths: list[Path], settings: Settings, options: dict[str, Any]) -> Any:
    from stratagraph.graph.open import open_store
    from stratagraph.loaders.limits import InputLimits
    from stratagraph.loaders.load import load as load_files

    store = open_store(settings.store, **settings.store_options())
    await store.open()
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} files"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,  # no bar, and no empty line before the problems, in a log or a pipe
        ) as bar:
            from stratagraph.loaders.load import collect

            files, _ = collect(paths)
            task = bar.add_task("reading", total=len(files))

            def advance(name: str) -> None:
                bar.update(task, advance=1, description=f"reading {name}")

            limits = InputLimits(settings.max_input_mb)
            return await load_files(paths, store, progress=advance, limits=limits, **options)
    finally:
        await store.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@_store_options
@click.option("--debug", is_flag=True, default=None, help="Helpful error messages (default: $STRATAGRAPH_DEBUG).")
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="Log every request (default: off, on with --debug or $STRATAGRAPH_ACCESS_LOG=1).",
)
@click.option(
    "--base-iri",
    default=None,
    help="Where the service is published; IRIs are minted under it and remembered with the store "
    "(default: $STRATAGRAPH_BASE_IRI, else the base remembered with the store, else http://HOST:PORT/).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes, one per core to use; each holds the graph (default: $STRATAGRAPH_WORKERS, else 1).",
)
def serve(
    host: str,
    port: int,
    store: str | None,
    data_dir: Path | None,
    debug: bool | None,
    access_log: bool | None,
    base_iri: str | None,
    workers: int | None,
) -> None:
    """Serve GraphQL (and the GraphiQL playground) over HTTP; an empty store gets the bundled dataset."""
    import uvicorn

    from stratagraph.http.app import create_app
    from stratagraph.http.server import server_options

    settings = _settings(store, data_dir)
    if debug is not None:
        settings = settings.with_changes(debug=debug)
    if workers is not None:
        settings = settings.with_changes(workers=workers)
    where = f"[{host}]" if ":" in host else host
    from stratagraph.published_base import published_base, remember

    # IRIs name where the store was published (stratagraph/published_base.py), else the address served at
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else where
    base, source = published_base(settings, base_iri, f"http://{local}:{port}/" if port else settings.base_iri)
    base = _checked_base(base, source)
    settings = settings.with_changes(base_iri=base)
    try:
        if port != 0 or source != "the address served at":
            remember(settings, base)
        app = create_app(settings)
        if settings.store == "neo4j":
            asyncio.run(_reach(settings))
        if settings.workers > 1:  # an empty store is seeded here first, or each process would seed it at once
            asyncio.run(_seed(settings))
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except OSError as error:  # the data folder cannot be written: read-only, no permission, no space
        _cannot_write(error.filename, error)
    where_store = settings.embedded_path if settings.store == "embedded" else settings.neo4j_uri
    mode = " (debug mode: errors say what went wrong)" if settings.debug else ""
    err.print(f"stratagraph: {settings.store} store at {where_store}{mode}", soft_wrap=True)
    err.print(f"GraphQL endpoint and playground: [bold]http://{where}:{port}/graphql[/bold]", soft_wrap=True)
    err.print(f"IRIs minted under {settings.base_iri} ({source}; --base-iri to publish elsewhere)", soft_wrap=True)
    if access_log is None:
        access_log = settings.debug or settings.access_log
    # No access log by default: writing a line per request costs a third of the throughput of a
    # remembered answer (bench/README.md); a reverse proxy in front usually logs requests anyway.
    log_level = "debug" if settings.debug else "info"
    if settings.workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log, **server_options(settings))
        return
    # several processes: each builds the app from the environment (stratagraph/http/served.py)
    os.environ.update(settings.environment("store", "data_dir", "debug", "base_iri"))
    err.print(f"{settings.workers} server processes", soft_wrap=True)
    options = {**server_options(settings), "http": "stratagraph.http.served:Protocol"}
    config = uvicorn.Config(
        "stratagraph.http.served:app",
        factory=True,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        **options,
    )
    from stratagraph.http.processes import serve_processes

    sys.exit(serve_processes(config, settings.workers))


@contextlib.asynccontextmanager
async def _seeded(settings: Settings) -> AsyncIterator[Store]:
    """The store ``serve`` serves, open, and seeded as the app's start-up seeds it when empty."""
    from stratagraph.graph.open import open_store
    from stratagraph.http.app import seed_if_empty

    store = open_store(settings.store, **settings.store_options())
    await store.open()
    try:
        await seed_if_empty(store, BUNDLED_DATASET)
        yield store
    finally:
        await store.close()


async def _seed(settings: Settings) -> None:
    async with _seeded(settings):
        pass


async def _reach(settings: Settings) -> None:
    """Open and close a store that lives elsewhere before serving from it.

    The app opens its store in the server's start-up, where a failure is a
    traceback and "Application startup failed"; checking first turns an
    unreachable or unauthenticated Neo4j into one error line and exit status 1.
    """
    from stratagraph.graph.open import open_store

    store = open_store(settings.store, **settings.store_options())
    await store.open()
    await store.close()


TABLE_FORMATS = ("csv", "xlsx")
"""Formats of a plan's task table (with ``--plan``): the planners' columns, loadable back."""


def _rdf_format(name: str | None) -> str | None:
    """The format a ``--format`` value names, by any of its usual names (``turtle``, ``text/turtle``…)."""
    from stratagraph.ontology.formats import format_named

    if name is None:
        return None
    if name.lower() in TABLE_FORMATS:
        return name.lower()
    fmt = format_named(name)
    if fmt is None:
        raise click.BadParameter(
            f"{name!r} is not a format: use ttl (turtle), jsonld, nt (ntriples) or xml (rdf/xml); "
            "csv or xlsx for a plan's task table (with --plan)"
        )
    return fmt.value


def _export_format(given: str | None, output: Path | None) -> str:
    """``--format`` if given, else the one ``--output``'s extension names, else Turtle; exit 2 when they disagree.

    A table's extension (``tasks.xlsx``, ``tasks.csv``) names the table format as an RDF one names its syntax.
    """
    from stratagraph.ontology.formats import FORMATS, Format, format_of_file

    def described(fmt: str) -> str:
        return fmt if fmt in TABLE_FORMATS else f"{fmt} ({FORMATS[Format(fmt)].media_type})"

    def extension(fmt: str) -> str:
        return fmt if fmt in TABLE_FORMATS else FORMATS[Format(fmt)].extension

    named: str | None = None
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        rdf = format_of_file(output.name)
        named = suffix if suffix in TABLE_FORMATS else rdf.value if rdf is not None else None
    if given is not None and named is not None and given != named:
        err.print(
            f"[red]error:[/red] --format {described(given)} but --output {escape(str(output))} names "
            f"{described(named)} by its extension; drop --format, or name the file *.{extension(given)}",
            soft_wrap=True,
        )
        sys.exit(2)
    return given or named or Format.TURTLE.value


@main.command()
@click.option(
    "--format",
    "fmt",
    default=None,
    callback=lambda _ctx, _param, value: _rdf_format(value),
    help="ttl (turtle), jsonld (context inlined), nt (ntriples) or xml (rdf/xml) "
    "[default: the one --output's extension names (.ttl, .nt, .jsonld, .rdf, .xml), else ttl]; "
    "csv or xlsx: a plan's tasks as its task table (with --plan), which `load` reads back unchanged.",
)
@click.option("--plan", default=None, help="Only this plan (key or plan/key): its tasks, indicators, targets.")
@click.option(
    "--agency",
    default=None,
    help="Only this agency (id, key, name or abbreviation) and the tasks it leads or supports.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--base-iri",
    default=None,
    help="Base of the entity IRIs (default: $STRATAGRAPH_BASE_IRI, else the base the store was served under).",
)
@_store_options
def export(
    fmt: str | None,
    plan: str | None,
    agency: str | None,
    output: Path | None,
    base_iri: str | None,
    store: str | None,
    data_dir: Path | None,
) -> None:
    """Export the graph (or one plan, or one agency with its tasks) as RDF, streaming; or a plan's task table."""
    if plan and agency:
        err.print("[red]error:[/red] give --plan or --agency, not both")
        sys.exit(2)
    chosen = _export_format(fmt, output)
    if chosen in TABLE_FORMATS and not plan:
        err.print(f"[red]error:[/red] --format {chosen} writes a plan's task table: give --plan (its id or key)")
        sys.exit(2)

    from stratagraph.published_base import published_base

    settings = _settings(store, data_dir)
    base = _checked_base(*published_base(settings, base_iri, settings.base_iri))
    if output is not None and (mistake := _output_mistake(output)) is not None:
        err.print(f"[red]error:[/red] {escape(mistake)}", soft_wrap=True)
        sys.exit(2)
    if settings.store == "embedded" and not settings.embedded_path.exists():
        err.print(
            f"[red]error:[/red] no store at {escape(str(settings.embedded_path))} "
            f"(hint: load data first: stratagraph load data/ --data-dir {escape(str(settings.data_dir))})",
            soft_wrap=True,
        )
        sys.exit(1)
    if chosen in TABLE_FORMATS and plan:
        _export_table(settings, chosen, plan, output)
        return
    try:
        count, version = asyncio.run(_export(settings, chosen, plan, agency, output, base))
    except BrokenPipeError:  # `stratagraph export | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except OSError as error:  # the output cannot be written: no space left, no permission
        _cannot_write(output, error)
    where = output if output is not None else "standard output"
    err.print(f"exported {count} triples (data version {version}) to {where}", soft_wrap=True)


def _export_table(settings: Settings, fmt: str, plan: str, output: Path | None) -> None:
    """Write ``plan``'s task table as CSV or Excel to ``output`` (standard output when None)."""
    try:
        table, version = asyncio.run(_plan_table(settings, plan))
        data = table.to_csv().encode("utf-8") if fmt == "csv" else table.to_xlsx()
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            with written_whole(output) as out:
                out.write(data)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except OSError as error:
        _cannot_write(output, error)
    where = output if output is not None else "standard output"
    err.print(f"exported {table.plan}'s table, {len(table.rows) - 1} rows (data version {version}) to {where}")


async def _plan_table(settings: Settings, plan: str) -> Any:
    from stratagraph.graph.open import open_store
    from stratagraph.model.errors import NotFoundError
    from stratagraph.plan_table import plan_table

    store = open_store(settings.store, **settings.store_options())
    await store.open()
    try:
        plan_id = plan if plan.startswith("plan/") else f"plan/{plan}"
        if not await store.get([plan_id]):
            raise NotFoundError(f"no plan {plan_id} in the graph")
        return await plan_table(store, plan_id), await store.version()
    finally:
        await store.close()


def _output_mistake(output: Path) -> str | None:
    """What is wrong with ``--output`` before anything is exported, or None."""
    if output.name in ("", ".", ".."):
        return "--output: give a file name (e.g. -o graph.ttl)"
    folder = output.parent
    if not folder.exists():
        return f"--output {str(output)!r}: there is no folder {str(folder)!r} (hint: create it first)"
    if not folder.is_dir():
        return f"--output {str(output)!r}: {str(folder)!r} is a file, not a folder"
    return None


async def _export(
    settings: Settings, fmt: str, plan: str | None, agency: str | None, output: Path | None, base: str
) -> tuple[int, int]:
    from stratagraph.graph.open import open_store
    from stratagraph.model.memory import settle_heap
    from stratagraph.ontology.export import agency_slice, plan_slice, whole_graph
    from stratagraph.ontology.formats import Format, write
    from stratagraph.ontology.jsonld import CONTEXT

    store = open_store(settings.store, **settings.store_options())
    await store.open()
    settle_heap()  # the loaded graph lives to the end; the mapping's caches should not make the collector walk it
    try:
        if plan:
            selection = await plan_slice(store, plan.removeprefix("plan/"))
        elif agency:
            from stratagraph.loaders.load import agency_named

            found = await agency_named(store, agency)
            selection = await agency_slice(store, found.removeprefix("agency/"))
        else:
            selection = await whole_graph(store)
    finally:
        await store.close()
    mapped = selection.rdf(base)
    if output is None:
        write(mapped, Format(fmt), sys.stdout.buffer, context=CONTEXT)
        sys.stdout.buffer.flush()
    else:
        with written_whole(output) as out:  # a failed export leaves no half file behind
            write(mapped, Format(fmt), out, context=CONTEXT)
    return mapped.statements, selection.version


@main.command(name="schema")
def print_schema() -> None:
    """Print the GraphQL schema (SDL), as committed in schema.graphql."""
    from stratagraph.schema import build_schema

    click.echo(build_schema().as_str())


@main.group()
def token() -> None:
    """Bearer tokens for writes through GraphQL: create (printed once), list, revoke."""


@token.command(name="create")
@click.option("--agency", required=True, help="The agency the token writes for: id, key, name or abbreviation.")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]), help="What it may write.")
@click.option("--name", required=True, help="Who holds it (a person or a system); shown in the audit log.")
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day it is valid (YYYY-MM-DD).")
@_store_options
def token_create(
    agency: str, role: str, name: str, expires: dt.datetime | None, store: str | None, data_dir: Path | None
) -> None:
    """Create a token and print it once: it is stored only as a hash and cannot be shown again."""
    from stratagraph.tokens import TokenStore

    settings = _settings(store, data_dir)
    try:
        agency_id = asyncio.run(_agency_id(settings, agency))
        secret, info = TokenStore(settings.tokens_path).create(
            name, agency_id, Role(role), expires.date() if expires else None
        )
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    err.print(
        f"token {info.id} for {info.agency} ({info.role.value}, {escape(info.name)}"
        f"{', valid until ' + info.expires if info.expires else ''}); keep it secret, it is not shown again:",
        soft_wrap=True,
    )
    click.echo(secret)


async def _agency_id(settings: Settings, text: str) -> str:
    """The agency ``text`` names in the store ``serve`` serves: seeded as ``serve`` seeds it when still empty."""
    from stratagraph.loaders.load import agency_named

    async with _seeded(settings) as store:
        return await agency_named(store, text)


@token.command(name="list")
@_store_options
def token_list(store: str | None, data_dir: Path | None) -> None:
    """The tokens issued: id, holder, agency, role, dates and state (never the secret)."""
    from stratagraph.tokens import TokenStore

    settings = _settings(store, data_dir)
    try:
        tokens = TokenStore(settings.tokens_path).list()
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    today = dt.date.today()
    click.echo("\t".join(("id", "state", "role", "agency", "created", "expires", "name")))
    for info in tokens:
        state = info.state(today)
        click.echo(
            "\t".join((info.id, state, info.role.value, info.agency, info.created, info.expires or "-", info.name))
        )


@token.command(name="revoke")
@click.argument("token_id")
@_store_options
def token_revoke(token_id: str, store: str | None, data_dir: Path | None) -> None:
    """Revoke a token by its id (as `token list` shows it): the next request with it is refused."""
    from stratagraph.tokens import TokenStore

    settings = _settings(store, data_dir)
    try:
        info = TokenStore(settings.tokens_path).revoke(token_id)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    err.print(f"token {info.id} ({escape(info.name)}, {info.agency}) revoked on {info.revoked}", soft_wrap=True)


def bundled_dataset() -> Path:
    return BUNDLED_DATASET
