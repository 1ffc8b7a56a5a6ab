"""Command line for live sources: ``sitroom feeds add|list|remove|enable|disable|log|catalogue``, ``sitroom watch``.

Self-contained (it does not import ``sitroom.cli.main``) so ``cli.py`` can register it with three lines and no
import cycle::

    from sitroom.cli.feeds import feeds_app, watch
    app.add_typer(feeds_app, name="feeds")
    app.command()(watch)
"""

from __future__ import annotations

import json
import os
from typing import NoReturn

import typer

from sitroom.cli.console import stderr_console

# sitroom.ingest.feeds is imported in the commands that use it: it pulls in SQLAlchemy, which every `sitroom`
# start (`version`, `--help`, `extract`) would pay for otherwise.

feeds_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Live sources polled by `sitroom watch`: add, list, remove, enable, disable, log; the bundled catalogue.",
)
_err = stderr_console()
_DbOption = typer.Option(
    None,
    "--db",
    metavar="PATH|URL",
    help="Database: a SQLite file path (or sqlite:///PATH) or a postgresql://USER:PASS@HOST/NAME URL. "
    "Default: sitroom.db in the current folder, or the value of $SITROOM_DB when set.",
)


def _fail(message: str) -> NoReturn:
    _err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(2)


def _open(db: str | None, existing: bool = False):  # type: ignore[no-untyped-def]
    """The store; with ``existing`` (commands that only read) a missing SQLite file is an error, never a
    new empty database."""
    from sitroom.store.database import Store, StoreError

    url = db or os.environ.get("SITROOM_DB") or "sitroom.db"
    is_file = "://" not in url and url != ":memory:"
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else (url if is_file else None)
    if existing and path and path != ":memory:" and not os.path.isfile(os.path.expanduser(path)):
        _fail(
            f"database {path!r} not found. Check --db (or $SITROOM_DB; default sitroom.db), or register a feed "
            f"first with `sitroom feeds add URL --db {url}`."
        )
    try:
        return Store.open(url)
    except StoreError as exc:
        _fail(str(exc))


@feeds_app.command("add")
def add(
    url: str | None = typer.Argument(None, metavar="URL", help="Feed URL (RSS/Atom, a t.me/s/CHANNEL page, or an HTML page)."),
    name: str | None = typer.Option(None, "--name", metavar="NAME", help="Short name (default: made from the URL)."),
    lang: str | None = typer.Option(None, "--lang", metavar="en|uk|ru", help="en, uk or ru (default: detected per item)."),
    from_catalogue: list[str] = typer.Option(
        [], "--from-catalogue", metavar="NAME", help="Add this catalogue entry by name (repeatable); see `sitroom feeds catalogue`."
    ),
    db: str | None = _DbOption,
) -> None:
    """Register a feed to watch (or enable catalogue entries with --from-catalogue NAME)."""
    from sitroom.ingest.feeds import FeedError, FeedRegistry

    if not url and not from_catalogue:
        _fail("give a URL, or --from-catalogue NAME (`sitroom feeds catalogue` lists the names).")
    if url and from_catalogue:
        _fail("give either a URL or --from-catalogue, not both.")
    store = _open(db)
    try:
        registry = FeedRegistry(store.engine)
        try:
            added = [registry.add_from_catalogue(n) for n in from_catalogue] if from_catalogue else [
                registry.add(url or "", name=name, lang=lang)
            ]
        except FeedError as exc:
            _fail(str(exc))
    finally:
        store.close()
    for feed in added:
        _err.print(f"added {feed.name}: {feed.url} ({feed.kind}{', ' + feed.lang if feed.lang else ''})")


@feeds_app.command("list")
def list_feeds(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
    db: str | None = _DbOption,
) -> None:
    """Registered feeds with their last poll outcome."""
    from sitroom.ingest.feeds import FeedRegistry

    store = _open(db, existing=True)
    try:
        feeds = FeedRegistry(store.engine).feeds()
    finally:
        store.close()
    if as_json:
        print(json.dumps([f.to_dict() for f in feeds], ensure_ascii=False, indent=1))
        return
    if not feeds:
        _err.print("no feeds registered: `sitroom feeds add URL` or `sitroom feeds catalogue`")
    for f in feeds:
        state = "on " if f.enabled else "off"
        status = f.last_status or "never polled"
        if f.failures:
            status += f" ({f.failures} failures in a row)"
        print(f"{state} {f.name:<28} {f.lang or '--'}  {f.url}  [{status}]")


@feeds_app.command("remove")
def remove(
    feed: str = typer.Argument(..., metavar="URL|NAME", help="URL or name of the feed."),
    db: str | None = _DbOption,
) -> None:
    """Stop watching a feed (its documents stay in the database)."""
    from sitroom.ingest.feeds import FeedError, FeedRegistry

    store = _open(db)
    try:
        try:
            gone = FeedRegistry(store.engine).remove(feed)
        except FeedError as exc:
            _fail(str(exc))
    finally:
        store.close()
    _err.print(f"removed {gone.name}: {gone.url}")


def _set_enabled(feed: str, db: str | None, enabled: bool) -> None:
    from sitroom.ingest.feeds import FeedError, FeedRegistry

    store = _open(db)
    try:
        try:
            changed = FeedRegistry(store.engine).set_enabled(feed, enabled)
        except FeedError as exc:
            _fail(str(exc))
    finally:
        store.close()
    _err.print(f"{'enabled' if enabled else 'disabled'} {changed.name}")


@feeds_app.command("enable")
def enable(feed: str = typer.Argument(..., metavar="URL|NAME", help="URL or name."), db: str | None = _DbOption) -> None:
    """Poll a disabled feed again."""
    _set_enabled(feed, db, True)


@feeds_app.command("disable")
def disable(feed: str = typer.Argument(..., metavar="URL|NAME", help="URL or name."), db: str | None = _DbOption) -> None:
    """Keep a feed registered but stop polling it."""
    _set_enabled(feed, db, False)


@feeds_app.command("log")
def poll_log(
    feed: str | None = typer.Argument(None, metavar="URL|NAME", help="URL or name (default: all feeds)."),
    limit: int = typer.Option(50, "--limit", metavar="N", min=1, help="Newest rows to show."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
    db: str | None = _DbOption,
) -> None:
    """The poll log, newest first: outcome, HTTP status, items found and added, reason of each failure."""
    from sitroom.ingest.feeds import FeedRegistry

    store = _open(db, existing=True)
    try:
        rows = FeedRegistry(store.engine).polls(feed, limit=limit)
    finally:
        store.close()
    for row in rows:
        if as_json:
            print(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str))
        else:
            print(
                f"{row['at']}  {row['name']:<24} {row['outcome']:<18} {row['http_status'] or '-':>4} "
                f"{row['added']}/{row['items']} new  {row['duration_ms']} ms  {row['detail'] or ''}"
            )
    if not rows and not as_json:
        _err.print("no polls recorded yet: run `sitroom watch --once`")


@feeds_app.command("catalogue")
def show_catalogue(
    lang: str | None = typer.Option(None, "--lang", metavar="en|uk|ru", help="Only entries in en, uk or ru."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """The bundled catalogue of well-known sources (none is polled until you add it)."""
    from sitroom.ingest.feeds import catalogue

    entries = [e for e in catalogue() if lang is None or e.lang == lang]
    if as_json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return
    for e in entries:
        note = f"  ({e.note})" if e.note else ""
        print(f"{e.name:<24} {e.lang}  {e.kind:<8} {e.publisher}{note}\n{'':<24} {e.url}")
    _err.print("enable one with: sitroom feeds add --from-catalogue NAME")


def watch(
    db: str | None = _DbOption,
    interval: float = typer.Option(900.0, "--interval", metavar="SECONDS", min=1.0, help="Seconds between two polls of one feed."),
    once: bool = typer.Option(False, "--once", help="Poll every enabled feed once, then exit."),
    max_polls: int | None = typer.Option(None, "--max-polls", metavar="N", min=1, help="Stop after this many polls in all."),
    timeout: float = typer.Option(20.0, "--timeout", metavar="SECONDS", min=0.1, help="Seconds per network operation."),
    max_mb: float = typer.Option(10.0, "--max-mb", metavar="MB", min=0.001, help="Abort a download past this size."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow private/loopback addresses (your own intranet; off by default)."
    ),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Do not read robots.txt (your own servers only)."),
    host_delay: float = typer.Option(2.0, "--host-delay", metavar="SECONDS", min=0.0, help="Seconds between two requests to one host."),
) -> None:
    """Poll the registered feeds on a schedule and ingest new items (Ctrl-C stops)."""
    from sitroom.ingest.fetch import FetchPolicy
    from sitroom.jobs.watch import PollResult, Watcher, WatchOptions
    from sitroom.store.database import StoreWriteError

    policy = FetchPolicy(
        timeout=timeout,
        total_timeout=max(60.0, timeout * 3),
        max_bytes=int(max_mb * 1024 * 1024),
        allow_private=allow_private,
        respect_robots=not ignore_robots,
        min_host_interval=host_delay,
    )
    options = WatchOptions(interval=interval, once=once, max_polls=max_polls, policy=policy)

    def show(result: PollResult) -> None:
        colour = {"ok": "green", "not_modified": "dim"}.get(result.outcome, "yellow")
        extra = f" {result.added} new of {result.items}" if result.outcome == "ok" else f" {result.detail}"
        _err.print(f"[{colour}]{result.outcome}[/] {result.feed}:{extra}")

    store = _open(db)
    try:
        with Watcher(store, options, on_poll=show) as watcher:
            if not watcher.registry.feeds(enabled_only=True):
                _fail("no enabled feeds: add one with `sitroom feeds add URL` or `--from-catalogue NAME`.")
            try:
                report = watcher.run()
            except KeyboardInterrupt:
                _err.print("stopped")
                return
            except StoreWriteError as exc:  # disk full, read-only: stop cleanly, the next run resumes
                _err.print(f"[bold red]error:[/] stopped: {exc}")
                raise typer.Exit(1) from None
    finally:
        store.close()
    _err.print(
        f"{report.polls} polls: {report.ok} ok, {report.not_modified} not modified, {report.failed} failed; "
        f"{report.documents_added} documents added"
    )
