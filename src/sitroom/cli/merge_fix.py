"""`sitroom merge-fix`: an analyst corrects the merge. Split a report out of a wrong incident, join two
incidents the merger left apart, list what was corrected. Corrections are stored (``merge_corrections``)
between reports named by their stable keys (content hashes), so later reports, re-ingests and `watch`
polls keep them: a split report never rejoins the reports it was split from, a joined pair stays one."""

from __future__ import annotations

import json
import os
from typing import NoReturn

import typer

from sitroom.cli.console import stderr_console

merge_fix_app = typer.Typer(
    help="Correct the merge: split a report out of an incident, join two incidents, list corrections.",
    no_args_is_help=True,
)
err = stderr_console(soft_wrap=False)

_DbOption = typer.Option(
    None,
    "--db",
    metavar="URL",
    help="SQLite path or postgresql:// URL. Default: sitroom.db in the current folder, or $SITROOM_DB.",
)


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(2)


def _open(db: str | None):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from sitroom.store.database import Store, StoreError

    url = db or os.environ.get("SITROOM_DB") or "sitroom.db"
    if "://" not in url and url != ":memory:" and not Path(url).is_file():
        _fail(f"no database at {url!r}")
    try:
        return Store.open(url)
    except StoreError as exc:
        _fail(str(exc))


@merge_fix_app.command()
def split(
    report: str = typer.Argument(..., metavar="DOC_ID/EVENT_ID", help="The report to take out (as listed on the event page and in `show`)."),
    note: str | None = typer.Option(None, "--note", help="Why (kept with the correction)."),
    db: str | None = _DbOption,
) -> None:
    """Take one report out of its incident into an incident of its own; it never rejoins those reports."""
    from sitroom.store.database import StoreError

    store = _open(db)
    try:
        new = store.split_report(report, note)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    typer.echo(f"split {report} into incident {new}")


@merge_fix_app.command()
def join(
    keep: str = typer.Argument(..., metavar="EVENT_ID", help="The incident that stays."),
    other: str = typer.Argument(..., metavar="OTHER_EVENT_ID", help="The incident whose reports move into it."),
    note: str | None = typer.Option(None, "--note", help="Why (kept with the correction)."),
    db: str | None = _DbOption,
) -> None:
    """Move every report of OTHER_EVENT_ID into EVENT_ID; they stay together from now on."""
    from sitroom.store.database import StoreError

    store = _open(db)
    try:
        store.join_incidents(keep, other, note)
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()
    typer.echo(f"joined {other} into {keep}")


@merge_fix_app.command()
def show(
    event_id: str = typer.Argument(..., metavar="EVENT_ID"),
    db: str | None = _DbOption,
) -> None:
    """The reports of one incident with their keys and why each joined."""
    store = _open(db)
    try:
        ev = store.event(event_id)
    finally:
        store.close()
    if ev is None:
        _fail(f"no incident {event_id!r}")
    for r in ev["reports"]:
        why = "; ".join(r.get("merge_reason") or ["first report"])
        typer.echo(f"{r['doc_id']}/{r['event_id']}\t{r.get('source') or ''}\t{r.get('lang') or ''}\t{why}")


@merge_fix_app.command(name="list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines instead of a table."),
    db: str | None = _DbOption,
) -> None:
    """Every recorded correction, oldest first."""
    store = _open(db)
    try:
        rows = store.corrections()
    finally:
        store.close()
    for r in rows:
        if as_json:
            typer.echo(json.dumps(r, ensure_ascii=False, sort_keys=True))
        else:
            typer.echo(f"{r['at']}\t{r['kind']}\t{r['a_key']}\t{r['b_key']}\t{r['note'] or ''}")
