"""The ``stratagraph`` command: serve, load, validate, export, schema."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stratagraph.model.access import Role
from stratagraph.model.errors import ConfigError, DatasetError, Problem, StratagraphError
from stratagraph.settings import BUNDLED_DATASET, Settings

if TYPE_CHECKING:
    from stratagraph.loaders.limits import InputLimits

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
    from stratagraph.ontology.spelling import checked_base

    base = base if base.endswith("/") else base + "/"
    try:
        return checked_base(base)
    except ValueError as error:
        err.print(f"[red]error:[/red] {source}: {escape(str(error))}", soft_wrap=True)
        sys.exit(2)


SHOWN_PROBLEMS = 1000
"""Problems printed at most: past that a file is not one to fix a line at a time, and printing them all takes
longer than finding them."""


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        where = f"[bold]{escape(problem.where)}[/bold]"
        path = f" {escape(problem.path)}:" if problem.path else ""
        hint = f"\n    [dim]hint: {escape(problem.hint)}[/dim]" if problem.hint else ""
        err.print(f"{where}:{path} [red]{escape(problem.message)}[/red]{hint}", soft_wrap=True)
    if len(problems) > SHOWN_PROBLEMS:
        err.print(f"… and {len(problems) - SHOWN_PROBLEMS:,} more, not shown: fix these first")
    err.print(f"[red]{len(problems):,} problem{'s' if len(problems) != 1 else ''}; nothing was written.[/red]")


def _counts_table(counts: dict[str, int], title: str) -> Table:
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("type")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    return table


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--plan", default=None, help="Plan the tasks of CSV task tables belong to.")
@click.option("--doc", default=None, help="Document a CSV task table comes from (cited by each row).")
@click.option("--alone", is_flag=True, help="Check the files on their own, not against what the store holds.")
@_max_input_option
@_store_options
def validate(
    paths: tuple[Path, ...],
    plan: str | None,
    doc: str | None,
    alone: bool,
    max_input_mb: float | None,
    store: str | None,
    data_dir: Path | None,
) -> None:
    """Check dataset files and task tables against the store's graph; report every problem at once.

    References (agencies, plans, documents) resolve against the files and, unless
    --alone, against what the store already holds, as `load` would. Nothing is written.
    """
    from stratagraph.loaders.limits import InputLimits
    from stratagraph.loaders.load import LoadResult, read

    settings = _settings(store, data_dir, max_input_mb)
    limits = InputLimits(settings.max_input_mb)
    try:
        result = None if alone else asyncio.run(_check(settings, list(paths), plan, doc, limits))
        if result is None:  # on their own: no store, or --alone
            files, batch = read(list(paths), None, plan=plan, doc=doc, limits=limits)
            result = LoadResult(tuple(files), batch, None)
    except DatasetError as error:
        _print_problems(error.problems)
        sys.exit(1)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    count = len(result.files)
    out.print(_counts_table(result.counts(), f"{count} file{'' if count == 1 else 's'}, no problems"))
    _print_replaced(result.replaced, "loading would replace")


async def _check(settings: Settings, paths: list[Path], plan: str | None, doc: str | None, limits: InputLimits) -> Any:
    """``load`` without the write, against the store; None when there is no store yet to check against."""
    from stratagraph.graph.open import open_store
    from stratagraph.loaders.load import prepare

    if settings.store == "embedded" and not settings.embedded_path.exists():
        return None
    store = open_store(settings.store, **settings.store_options())
    await store.open()
    try:
        err.print(f"[dim]checked against the {settings.store} store at data version {await store.version()}[/dim]")
        return await prepare(paths, store, plan=plan, doc=doc, limits=limits)
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
@click.option("--plan", default=None, help="Plan the tasks of CSV task tables belong to.")
@click.option("--doc", default=None, help="Document a CSV task table comes from (cited by each row).")
@_max_input_option
@_store_options
def load(
    paths: tuple[Path, ...],
    plan: str | None,
    doc: str | None,
    max_input_mb: float | None,
    store: str | None,
    data_dir: Path | None,
) -> None:
    """Load dataset files, task tables or RDF into the store, all or nothing."""
    settings = _settings(store, data_dir, max_input_mb)
    try:
        result = asyncio.run(_load(list(paths), settings, plan, doc))
    except DatasetError as error:
        _print_problems(error.problems)
        sys.exit(1)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    out.print(
        _counts_table(
            result.counts(),
            f"loaded {len(result.files)} file{'s' if len(result.files) != 1 else ''}, data version {result.version}",
        )
    )
    _print_replaced(result.replaced, "replaced")


async def _load(paths: list[Path], settings: Settings, plan: str | None, doc: str | None) -> Any:
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
            return await load_files(paths, store, plan=plan, doc=doc, progress=advance, limits=limits)
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
def serve(
    host: str, port: int, store: str | None, data_dir: Path | None, debug: bool | None, access_log: bool | None
) -> None:
    """Serve GraphQL (and the GraphiQL playground) over HTTP; an empty store gets the bundled dataset."""
    import uvicorn

    from stratagraph.http.app import create_app
    from stratagraph.http.server import server_options

    settings = _settings(store, data_dir)
    if debug is not None:
        settings = settings.with_changes(debug=debug)
    where = f"[{host}]" if ":" in host else host
    if "base_iri" not in settings.model_fields_set and port != 0:
        # IRIs and links name the address served at, unless the deployment says where it is published
        local = "127.0.0.1" if host in ("0.0.0.0", "::") else where
        settings = settings.with_changes(base_iri=f"http://{local}:{port}/")
    else:
        _checked_base(settings.base_iri, "STRATAGRAPH_BASE_IRI")
    try:
        app = create_app(settings)
        if settings.store == "neo4j":
            asyncio.run(_reach(settings))
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    where_store = settings.embedded_path if settings.store == "embedded" else settings.neo4j_uri
    mode = " (debug mode: errors say what went wrong)" if settings.debug else ""
    err.print(f"stratagraph: {settings.store} store at {where_store}{mode}", soft_wrap=True)
    err.print(f"GraphQL endpoint and playground: [bold]http://{where}:{port}/graphql[/bold]", soft_wrap=True)
    err.print(f"IRIs minted under {settings.base_iri} (STRATAGRAPH_BASE_IRI: the address published at)", soft_wrap=True)
    if access_log is None:
        access_log = settings.debug or settings.access_log
    # No access log by default: writing a line per request costs a third of the throughput of a
    # remembered answer (bench/README.md); a reverse proxy in front usually logs requests anyway.
    log_level = "debug" if settings.debug else "info"
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log, **server_options(settings))


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


def _rdf_format(name: str) -> str:
    """The format a ``--format`` value names, by any of its usual spellings (``turtle``, ``text/turtle``…)."""
    from stratagraph.ontology.formats import format_named

    fmt = format_named(name)
    if fmt is None:
        raise click.BadParameter(f"{name!r} is not a format: use ttl (turtle), jsonld, nt (ntriples) or xml (rdf/xml)")
    return fmt.value


@main.command()
@click.option(
    "--format",
    "fmt",
    default="ttl",
    show_default=True,
    callback=lambda _ctx, _param, value: _rdf_format(value),
    help="ttl (turtle), jsonld (context inlined), nt (ntriples) or xml (rdf/xml).",
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
@click.option("--base-iri", default=None, help="Base of the entity IRIs (default: $STRATAGRAPH_BASE_IRI).")
@_store_options
def export(
    fmt: str,
    plan: str | None,
    agency: str | None,
    output: Path | None,
    base_iri: str | None,
    store: str | None,
    data_dir: Path | None,
) -> None:
    """Export the graph (or one plan, or one agency with its tasks) as RDF, streaming."""
    if plan and agency:
        err.print("[red]error:[/red] give --plan or --agency, not both")
        sys.exit(2)
    settings = _settings(store, data_dir)
    base = _checked_base(base_iri or settings.base_iri, "--base-iri" if base_iri else "STRATAGRAPH_BASE_IRI")
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
    try:
        count, version = asyncio.run(_export(settings, fmt, plan, agency, output, base))
    except BrokenPipeError:  # `stratagraph export | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except StratagraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except OSError as error:  # the output cannot be written: no space left, no permission
        err.print(f"[red]error:[/red] cannot write {escape(str(output))}: {escape(error.strerror or str(error))}")
        sys.exit(1)
    where = output if output is not None else "standard output"
    err.print(f"exported {count} triples (data version {version}) to {where}", soft_wrap=True)


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
        partial = output.with_name(output.name + ".part")  # a failed export leaves no half file behind
        try:
            with partial.open("wb") as out:
                write(mapped, Format(fmt), out, context=CONTEXT)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
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
    from stratagraph.graph.open import open_store
    from stratagraph.loaders.load import agency_named

    store = open_store(settings.store, **settings.store_options())
    await store.open()
    try:
        return await agency_named(store, text)
    finally:
        await store.close()


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
