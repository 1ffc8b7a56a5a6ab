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
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from sitroom import __version__
from sitroom.options import DEFAULT_MAX_FILE_BYTES, Options

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="sitroom: reports on Russia's war against Ukraine -> event database and daily briefing.",
)
err = Console(stderr=True, soft_wrap=True)
DEFAULT_DB = "sitroom.db"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DbOption = typer.Option(None, "--db", help="Database: a SQLite path or URL, or postgresql://... [env SITROOM_DB; default sitroom.db]")


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(2)


def _db_url(db: str | None) -> str:
    return db or os.environ.get("SITROOM_DB") or DEFAULT_DB


def _check_date(value: str | None, flag: str) -> str | None:
    if value is not None and not _DATE.match(value):
        _fail(f"{flag} must be a date written YYYY-MM-DD, e.g. 2024-03-28 (got {value!r}).")
    return value


def _open_store(db: str | None):  # type: ignore[no-untyped-def]
    from sitroom.store.database import Store, StoreError

    url = _db_url(db)
    try:
        return Store.open(url)
    except StoreError as exc:
        _fail(str(exc))


@app.command()
def version() -> None:
    """Print the sitroom version."""
    print(__version__)


@app.command()
def extract(
    input: str = typer.Argument(..., help="JSON Lines file of records ({id, text, published?, title?, url?, source?, lang?}), or - for stdin."),
    out: Path | None = typer.Option(None, "--out", help="Write events here instead of stdout."),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for records without one."),
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
        result = extract_stream(stream, sink, sys.stderr, opts, name=input)
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


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files and folders: .txt .md .html .jsonl, Telegram result.json, RSS/Atom."),
    db: str | None = DbOption,
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for sources that give none."),
    source: str | None = typer.Option(None, "--source", help="Source name for sources that give none."),
    max_file_mb: float = typer.Option(DEFAULT_MAX_FILE_BYTES / 1024 / 1024, "--max-file-mb", help="Reject files larger than this."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Analyse documents in N processes (one writer)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Run the analysis on Dask: local:N (a local cluster) or tcp://HOST:PORT."
    ),
) -> None:
    """Ingest reports into the database: documents, passages, events (re-ingesting adds nothing)."""
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
    store = _open_store(db)
    try:
        with Progress(
            SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
            MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
        ) as progress:
            task = progress.add_task("ingesting", total=None)
            report = run_ingest(
                paths, store, opts, on_item=lambda _item: progress.advance(task), workers=workers, scheduler=scheduler
            )
    except SchedulerError as exc:
        _fail(str(exc))
    finally:
        store.close()
    err.print(
        f"{report.documents_added} documents added ({report.passages} passages, {report.events} events), "
        f"{report.documents_skipped} already stored, {len(report.rejections)} rejected -> {display_url(_db_url(db))}"
    )
    for rej in report.rejections[:20]:
        err.print(f"  [yellow]rejected[/] {rej.path}: {rej.reason} {rej.detail}")
    if len(report.rejections) > 20:
        err.print(f"  … and {len(report.rejections) - 20} more: see `sitroom rejects`")


@app.command()
def brief(
    date: str = typer.Option(..., "--date", help="Day of the briefing, YYYY-MM-DD."),
    db: str | None = DbOption,
    format: str = typer.Option("md", "--format", help="md, html or json."),
    out: Path | None = typer.Option(None, "--out", help="Write the briefing here instead of stdout."),
) -> None:
    """The daily briefing for a date, from what is in the database."""
    from sitroom.briefing.model import Format
    from sitroom.briefing.render import render
    from sitroom.briefing.select import build_briefing

    _check_date(date, "--date")
    if format not in ("md", "html", "json"):
        _fail(f"--format must be md, html or json (got {format!r}).")
    fmt: Format = format  # type: ignore[assignment]  # checked just above
    store = _open_store(db)
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
    store = _open_store(db)
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
    limit: int = typer.Option(1000, "--limit"),
) -> None:
    """Inputs that could not be used, with path and reason."""
    store = _open_store(db)
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
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
) -> None:
    """The web UI and JSON API (read-only)."""
    import uvicorn

    from sitroom.web.app import create_app

    url = _db_url(db)
    if not url.startswith("postgresql") and not Path(url.removeprefix("sqlite:///")).exists():
        _fail(f"database {url!r} not found. Run `sitroom ingest PATH --db {url}` first (or `make demo`).")
    err.print(f"sitroom on http://{host}:{port}/  (database {url})")
    uvicorn.run(create_app(url), host=host, port=port, log_level="warning")


@app.command(name="eval")
def evaluate(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="Folder with the shared evaluation data."),
    floors: Path | None = typer.Option(None, "--floors", help="JSON of pinned floors; scores below fail."),
    out: Path | None = typer.Option(None, "--out", help="Write the scores as JSON here."),
) -> None:
    """Score extraction on the shared real data and compare with pinned floors."""
    from sitroom.evaluation import run_eval, strict_mode

    if not data.is_dir():
        if strict_mode():
            _fail(f"evaluation data folder {data} is absent and SITROOM_STRICT is set (CI): put ../shared beside the repo.")
        err.print(f"[yellow]skipped:[/] evaluation data folder {data} is absent (it lives in ../shared/data beside the repo).")
        raise typer.Exit(0)
    report = run_eval(data, floors, console=err)
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

if __name__ == "__main__":  # pragma: no cover
    app()
