"""Command line: each command parses its arguments, calls one library function and prints.

Library errors become CLI errors in one place (``_fail``): a message that says what was wrong and how to
fix it, exit code 2.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

import typer

# Only what every command needs is imported here (`sitroom version` and `--help` start in under 0.2 s): each
# command imports its library, rich.progress and the feeds registry (SQLAlchemy) where they are used.
from sitroom import __version__
from sitroom.cli.console import made, stderr_console
from sitroom.options import DEFAULT_MAX_FILE_BYTES, Options

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    # Plain help text: rich markup would eat "[env SITROOM_DB]"-style brackets.
    rich_markup_mode=None,
    help="sitroom: reports on Russia's war against Ukraine -> event database and daily briefing.",
)
err = stderr_console()
DEFAULT_DB = "sitroom.db"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DB_ENV = "SITROOM_DB"
DB_HELP = (
    "Database: a SQLite file path (or sqlite:///PATH) or a postgresql://USER:PASS@HOST/NAME URL. "
    f"Default: {DEFAULT_DB} in the current folder, or the value of ${DB_ENV} when set."
)
DbOption = typer.Option(None, "--db", metavar="PATH|URL", help=DB_HELP, show_default=False)
DATE_METAVAR = "DATE"


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(2)


def _db_url(db: str | None) -> str:
    return db or os.environ.get("SITROOM_DB") or DEFAULT_DB


def _check_date(value: str | None, flag: str) -> str | None:
    """A calendar date written YYYY-MM-DD, or a clear refusal (2024-02-30 is refused, as the API does)."""
    import datetime as _dt

    if value is None:
        return None
    if not _DATE.match(value):
        _fail(f"{flag} must be a date written YYYY-MM-DD, e.g. 2024-03-28 (got {value!r}).")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{flag} {value!r} is not a calendar date (no such day): give a real day written YYYY-MM-DD, e.g. 2024-03-28.")
    return value


def _sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL or path; None for PostgreSQL and in-memory databases."""
    if url.startswith(("postgresql://", "postgres://", "postgresql+")) or url in (":memory:", "sqlite://"):
        return None
    if url.startswith("sqlite:///"):
        rest = url.removeprefix("sqlite:///")
        return None if rest in ("", ":memory:") else Path(rest).expanduser()
    if "://" in url:
        return None  # Store.open says what is wrong with it
    return Path(url).expanduser()


def _open_existing(db: str | None):  # type: ignore[no-untyped-def]
    """The store for a command that only reads: a missing SQLite file is an error, never a new database."""
    url = _db_url(db)
    path = _sqlite_file(url)
    if path is not None and not path.is_file():
        where = "--db" if db else (f"${DB_ENV}" if os.environ.get(DB_ENV) else f"the default ({DEFAULT_DB})")
        _fail(
            f"database {str(path)!r} not found (from {where}; looked in {str(path.resolve().parent)!r}). "
            f"Check the path, or create it first with `sitroom ingest PATH... --db {url}` (or `make demo`)."
        )
    return _open_store(db)


def _plain_argument_help() -> None:
    """Typer prints an argument's Python type next to its name ("PATH <list[Path]>"); an argument with a
    metavar written for people shows only that."""
    try:
        from typer.core import TyperArgument
    except ImportError:  # pragma: no cover - another typer layout: keep its help as it is
        return
    shown = getattr(TyperArgument, "display_type_rich", None)
    if shown is None or getattr(shown, "_sitroom", False):
        return

    def display_type_rich(self, ctx):  # type: ignore[no-untyped-def]
        return None if self.metavar else shown(self, ctx)

    display_type_rich._sitroom = True  # type: ignore[attr-defined]
    TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign,attr-defined,unused-ignore]


_plain_argument_help()


def _version_callback(value: bool) -> None:
    if value:
        print(f"sitroom {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", "-V", help="Print the sitroom version and exit.", callback=_version_callback, is_eager=True
    ),
) -> None:
    """sitroom: reports on Russia's war against Ukraine -> event database and daily briefing."""


def _open_store(db: str | None):  # type: ignore[no-untyped-def]
    from sitroom.store.database import Store, StoreError

    url = _db_url(db)
    try:
        return Store.open(url)
    except StoreError as exc:
        _fail(str(exc))


@app.command()
def version() -> None:
    """Print the sitroom version (same as sitroom --version)."""
    print(__version__)


@app.command()
def extract(
    input: str = typer.Argument(
        ..., metavar="INPUT", help="JSON Lines file of records ({id, text, published?, title?, url?, source?, lang?}), or - for stdin."
    ),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Write events here instead of stdout."),
    published: str | None = typer.Option(
        None, "--published", metavar=DATE_METAVAR, help="Publication date (YYYY-MM-DD) for records without one."
    ),
    workers: int = typer.Option(
        1, "--workers", "-j", min=1, metavar="N",
        help="Read records in N processes (same output, same order; batches of 64 records).",
    ),
) -> None:
    """Extract events from JSON Lines records without touching a database (one event per output line)."""
    from sitroom.jobs.extract import extract_stream

    opts = Options(published=_check_date(published, "--published"))
    if input == "-":
        stream = sys.stdin
    else:
        path = Path(input)
        if not path.is_file():
            _fail(f"input file {input!r} not found. Give a JSON Lines file, or - to read stdin.")
        stream = path.open(encoding="utf-8", errors="replace")
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        result = extract_stream(stream, sink, sys.stderr, opts, name=input, workers=workers)
    finally:
        if out:
            sink.close()
        if stream is not sys.stdin:
            stream.close()
    if out:
        err.print(f"{result.records} records, {result.events} events -> {out}")
    if result.errors:
        err.print(f"[yellow]{result.errors} malformed line(s) skipped (see messages above).[/]")
        raise typer.Exit(1)


def _input_files(paths: list[Path]) -> list[str]:
    """The files ingest will read, found the way it walks folders: for a progress bar with a real total."""
    from sitroom.ingest.sources import SUPPORTED_EXTENSIONS

    files: list[str] = []
    for given in paths:
        if given.is_dir():
            for dirpath, dirnames, filenames in os.walk(given):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                files.extend(
                    str(Path(dirpath, f))
                    for f in filenames
                    if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_EXTENSIONS
                )
        else:
            files.append(str(given))
    return files


JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _progress_units(files: list[str]) -> dict[str, int]:
    """The progress bar's total, per file: a JSON Lines file counts its non-blank lines (one record each),
    any other file counts one (a feed or a Telegram export is read as a whole)."""
    units: dict[str, int] = {}
    for f in files:
        n = 1
        if f.lower().endswith(JSONL_SUFFIXES):
            try:
                with open(f, "rb") as fh:
                    n = sum(1 for line in fh if line.strip())
            except OSError:
                n = 1
        units[f] = max(1, n)
    return units


def ingest_summary(report, before: dict[str, int], after: dict[str, int], where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What one ingest run stored, in the words `sitroom stats` uses.

    ``report.events`` counts event reports (one per incident per document); stats' ``events`` counts merged
    events (the reports of one incident from several documents become one event), so the two differ."""
    added = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    lines = [
        f"read {report.documents_seen} documents: {report.documents_added} new, "
        f"{report.documents_skipped} already stored (same text as a stored document); "
        f"{len(report.rejections)} inputs rejected",
        f"stored: +{added['documents']} documents, +{added['passages']} passages "
        f"({report.passages} before de-duplication), +{added['reports']} event reports, "
        f"+{added['events']} events (merged), +{added['rejections']} rejections",
        "  (an event report is one incident as one document tells it; reports of the same incident from "
        "several documents are merged into one event, so events <= reports)",
        f"database {where} now: {after['documents']} documents, {after['passages']} passages, "
        f"{after['events']} events (merged) from {after['reports']} event reports, {after['rejections']} rejections",
    ]
    return lines


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="One or more files and folders: .txt .md .html .jsonl, Telegram result.json, RSS/Atom."
    ),
    db: str | None = DbOption,
    published: str | None = typer.Option(
        None, "--published", metavar=DATE_METAVAR, help="Publication date (YYYY-MM-DD) for sources that give none."
    ),
    source: str | None = typer.Option(None, "--source", metavar="NAME", help="Source name for sources that give none."),
    max_file_mb: float = typer.Option(
        DEFAULT_MAX_FILE_BYTES / 1024 / 1024, "--max-file-mb", metavar="MB", help="Reject files larger than this many MB."
    ),
    workers: int = typer.Option(1, "--workers", "-j", min=1, metavar="N", help="Analyse documents in N processes (one writer)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="local:N|tcp://HOST:PORT", help="Run the analysis on Dask: local:N (a local cluster) or tcp://HOST:PORT."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when any input was rejected."),
) -> None:
    """Ingest reports into the database: documents, passages, events (re-ingesting adds nothing)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from sitroom.jobs.pipeline import SchedulerError
    from sitroom.jobs.pipeline import ingest as run_ingest
    from sitroom.store.database import display_url

    if scheduler and not scheduler.startswith(("local:", "tcp://")):
        _fail(f"--scheduler {scheduler!r}: use local:N (a local Dask cluster) or tcp://HOST:PORT (a running one).")
    for p in paths:
        if not p.exists():
            _fail(f"{p} does not exist. Give files or folders to ingest.")
    opts = Options(
        published=_check_date(published, "--published"),
        source=source,
        max_file_bytes=int(max_file_mb * 1024 * 1024),
    )
    units = _progress_units(_input_files(paths))
    total = sum(units.values())
    done: dict[str, int] = {}
    store = _open_store(db)
    try:
        before = store.stats()
        with Progress(
            SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
            MofNCompleteColumn(), TextColumn("records"), TimeElapsedColumn(), console=made(err), transient=True,
        ) as progress:
            task = progress.add_task("ingesting", total=total or None)
            docs = 0

            def on_item(item) -> None:  # type: ignore[no-untyped-def]
                nonlocal docs
                docs += 1
                path = getattr(item, "path", None)
                # A JSON Lines file advances per record, any other file once, at its first document.
                if path in units and done.get(path, 0) < units[path]:
                    done[path] = done.get(path, 0) + 1
                    progress.advance(task)
                progress.update(task, description=f"ingesting ({docs} documents)")

            report = run_ingest(paths, store, opts, on_item=on_item, workers=workers, scheduler=scheduler)
            progress.update(task, completed=total)
        after = store.stats()
    except SchedulerError as exc:
        _fail(str(exc))
    finally:
        store.close()
    for line in ingest_summary(report, before, after, display_url(_db_url(db))):
        err.print(line, highlight=False)
    for rej in report.rejections[:20]:
        err.print(f"  [yellow]rejected[/] {rej.path}: {rej.reason} {rej.detail}")
    if len(report.rejections) > 20:
        err.print(f"  … and {len(report.rejections) - 20} more: see `sitroom rejects`")
    if report.stopped:
        err.print(f"[bold red]error:[/] stopped: {report.stopped}")
        raise typer.Exit(1)
    if strict and report.rejections:
        err.print(f"[bold red]--strict:[/] {len(report.rejections)} input(s) rejected")
        raise typer.Exit(1)


@app.command()
def brief(
    date: str = typer.Option(..., "--date", metavar=DATE_METAVAR, help="Day of the briefing, YYYY-MM-DD."),
    db: str | None = DbOption,
    format: str = typer.Option("md", "--format", metavar="md|html|json", help="Output format."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Write the briefing here instead of stdout."),
) -> None:
    """The daily briefing for a date, from what is in the database."""
    from sitroom.briefing.model import Format
    from sitroom.briefing.render import render
    from sitroom.briefing.select import build_briefing

    _check_date(date, "--date")
    if format not in ("md", "html", "json"):
        _fail(f"--format must be md, html or json (got {format!r}).")
    fmt: Format = format  # type: ignore[assignment]  # checked just above
    store = _open_existing(db)
    try:
        text = render(build_briefing(store, date), fmt)
    finally:
        store.close()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        err.print(f"briefing for {date} -> {out}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def stats(
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Counts of what is stored: documents, passages, events (merged), reports, rejections."""
    store = _open_existing(db)
    try:
        counts = store.stats()
    finally:
        store.close()
    if as_json:
        print(json.dumps(counts, sort_keys=True))
    else:
        for key, value in counts.items():
            print(f"{key:>12}: {value}")


@app.command()
def rejects(
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
    limit: int = typer.Option(1000, "--limit", min=1, metavar="N", help="Show at most N rejections."),
) -> None:
    """Inputs that could not be used, with path and reason."""
    store = _open_existing(db)
    try:
        rows = store.rejections(limit=limit)
    finally:
        store.close()
    for row in rows:
        if as_json:
            print(json.dumps(row, sort_keys=True, default=str))
        else:
            print(f"{row['path']}\t{row['reason']}\t{row.get('detail') or ''}")
    if not rows and not as_json:
        err.print("no rejections recorded")


@app.command()
def serve(
    db: str | None = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", metavar="PORT", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, metavar="N",
        help="Server processes: several answer concurrent clients in parallel over the same (read-only) store.",
    ),
) -> None:
    """The web UI and JSON API (read-only)."""
    import uvicorn

    url = _db_url(db)
    _open_existing(db).close()
    err.print(f"sitroom on http://{host}:{port}/  (database {url}{f', {workers} processes' if workers > 1 else ''})")
    if workers > 1:
        # uvicorn starts each worker from an import string; the factory reads the store from $SITROOM_DB
        os.environ[DB_ENV] = url
        uvicorn.run("sitroom.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
        return
    from sitroom.web.app import create_app

    uvicorn.run(create_app(url), host=host, port=port, log_level="warning")


@app.command(name="eval")
def evaluate(
    data: Path = typer.Option(Path("../shared/data"), "--data", metavar="DIR", help="Folder with the shared evaluation data."),
    floors: Path | None = typer.Option(None, "--floors", metavar="FILE", help="JSON of pinned floors; scores below fail."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Write the scores as JSON here."),
) -> None:
    """Score extraction on the shared real data and compare with pinned floors."""
    from sitroom.evaluation import run_eval, strict_mode

    if not data.is_dir():
        if strict_mode():
            _fail(f"evaluation data folder {data} is absent and SITROOM_STRICT is set (CI): put ../shared beside the repo.")
        err.print(f"[yellow]skipped:[/] evaluation data folder {data} is absent (it lives in ../shared/data beside the repo).")
        raise typer.Exit(0)
    report = run_eval(data, floors, console=made(err))
    if out:
        out.write_text(json.dumps(report.scores, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if report.failures:
        for f in report.failures:
            err.print(f"[bold red]below floor:[/] {f}")
        raise typer.Exit(1)


# Live sources (sitroom feeds ..., sitroom watch): their own module, registered here.
from sitroom.cli.feeds import feeds_app, watch  # noqa: E402

app.add_typer(feeds_app, name="feeds")
app.command()(watch)

# Merge corrections (sitroom merge-fix ...): their own module.
from sitroom.cli.merge_fix import merge_fix_app  # noqa: E402

app.add_typer(merge_fix_app, name="merge-fix")

if __name__ == "__main__":  # pragma: no cover
    app()
