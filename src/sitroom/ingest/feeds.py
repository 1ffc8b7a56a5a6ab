"""The feed registry (what ``sitroom watch`` polls) and the bundled catalogue of well-known sources.

The registry lives in the same database as the events, in two tables of its own (``feeds``, ``feed_polls``)
with their own MetaData, created idempotently on first use: the event store's migrations never need to know
about them, and a store opened without ever watching a feed carries no extra tables.

``feeds`` keeps one row per source with what polite polling needs between runs: the validators of the last
response (ETag, Last-Modified) for conditional GET, the count of consecutive failures (exponential backoff)
and the time of the next poll. ``feed_polls`` is the poll log: one row per poll with the outcome and its
reason, pruned to the newest ``POLL_LOG_KEEP`` rows per feed so an always-on watcher does not grow the
database without bound.

The catalogue (``data/feeds_catalogue.json``) lists well-known war-news sources. None of them is polled until
a user adds it (``sitroom feeds add --from-catalogue NAME``): what to watch is the user's choice.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from sitroom.ingest.lang import LANGS

metadata = MetaData()

feeds_table = Table(
    "feeds",
    metadata,
    Column("feed_id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("lang", String(8)),
    Column("kind", String(16), nullable=False),  # feed (RSS/Atom or a web page) | telegram
    Column("enabled", Boolean, nullable=False, default=True),
    Column("added_at", String(32), nullable=False),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("failures", Integer, nullable=False, default=0),  # consecutive; 0 after a success
    Column("next_poll_at", Float),  # epoch seconds; NULL = due now
    Column("last_polled_at", String(32)),
    Column("last_status", String(32)),  # ok | not_modified | a failure reason
    Column("last_detail", Text),
)

feed_polls_table = Table(
    "feed_polls",
    metadata,
    Column("poll_id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", Integer, ForeignKey("feeds.feed_id", ondelete="CASCADE"), nullable=False),
    Column("at", String(32), nullable=False),
    Column("outcome", String(32), nullable=False),  # ok | not_modified | a failure reason
    Column("http_status", Integer),
    Column("detail", Text),
    Column("bytes", Integer, nullable=False, default=0),
    Column("items", Integer, nullable=False, default=0),  # documents found in the response
    Column("added", Integer, nullable=False, default=0),  # of which new to the store
    Column("duration_ms", Integer, nullable=False, default=0),
    Index("ix_feed_polls_feed", "feed_id", "poll_id"),
)

# Poll log rows kept per feed: two weeks of 15-minute polls.
POLL_LOG_KEEP = 1344
_NAME_CLEAN = re.compile(r"[^0-9A-Za-z_.-]+")


class FeedError(ValueError):
    """A registry request that cannot be done; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class Feed:
    feed_id: int
    name: str
    url: str
    lang: str | None
    kind: str
    enabled: bool
    added_at: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: float | None = None
    last_polled_at: str | None = None
    last_status: str | None = None
    last_detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "lang": self.lang,
            "kind": self.kind,
            "enabled": self.enabled,
            "added_at": self.added_at,
            "failures": self.failures,
            "last_polled_at": self.last_polled_at,
            "last_status": self.last_status,
            "last_detail": self.last_detail,
            "next_poll_at": (
                datetime.fromtimestamp(self.next_poll_at, UTC).isoformat(timespec="seconds")
                if self.next_poll_at
                else None
            ),
        }


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    name: str
    url: str
    lang: str
    kind: str
    publisher: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "lang": self.lang,
            "kind": self.kind,
            "publisher": self.publisher,
            "note": self.note,
        }


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ensure_tables(engine: Engine) -> None:
    """Create the registry tables if missing (idempotent; safe to call on every start)."""
    metadata.create_all(engine, checkfirst=True)


def guess_kind(url: str) -> str:
    """'telegram' for a public channel preview page (t.me/s/NAME), else 'feed' (decided again per response)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in ("t.me", "telegram.me") and parts.path.startswith("/s/"):
        return "telegram"
    return "feed"


def telegram_preview_url(url: str) -> str:
    """t.me/NAME -> t.me/s/NAME: only the /s/ page is the public web preview with the posts in it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path
    if host in ("t.me", "telegram.me") and not path.startswith("/s/"):
        channel = path.strip("/").split("/")[0]
        if channel:
            return f"https://t.me/s/{channel}"
    return url


def check_url(url: str) -> str:
    """Normalise and validate a feed URL: http(s) only, with a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"{url!r} is not an http(s) URL; give the full address, e.g. https://example.org/rss")
    return telegram_preview_url(url)


def default_name(url: str) -> str:
    """A short readable name from a URL: host plus the path, e.g. 'kyivindependent.com-rss'."""
    parts = urlsplit(url)
    host = (parts.hostname or "feed").removeprefix("www.")
    if guess_kind(url) == "telegram":
        return "tg-" + parts.path.removeprefix("/s/").strip("/")
    tail = _NAME_CLEAN.sub("-", parts.path.strip("/")).strip("-")
    return f"{host}-{tail}"[:120] if tail else host


def _row_to_feed(row: Any) -> Feed:
    m = row._mapping
    return Feed(
        feed_id=m["feed_id"],
        name=m["name"],
        url=m["url"],
        lang=m["lang"],
        kind=m["kind"],
        enabled=bool(m["enabled"]),
        added_at=m["added_at"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        failures=m["failures"] or 0,
        next_poll_at=m["next_poll_at"],
        last_polled_at=m["last_polled_at"],
        last_status=m["last_status"],
        last_detail=m["last_detail"],
    )


class FeedRegistry:
    """Feeds to poll, their conditional-GET validators and schedule, and the poll log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        ensure_tables(engine)

    # ---------------------------------------------------------------- registry

    def add(self, url: str, name: str | None = None, lang: str | None = None, enabled: bool = True) -> Feed:
        url = check_url(url)
        if lang is not None and lang not in LANGS:
            raise FeedError(f"--lang must be one of {', '.join(sorted(LANGS))} (got {lang!r}); leave it out to detect")
        name = (name or default_name(url)).strip()
        if not name:
            raise FeedError("the feed name is empty")
        with self.engine.begin() as conn:
            clash = conn.execute(
                select(feeds_table.c.name, feeds_table.c.url).where(
                    or_(feeds_table.c.url == url, feeds_table.c.name == name)
                )
            ).first()
            if clash is not None:
                what = "URL" if clash.url == url else "name"
                raise FeedError(f"a feed with this {what} is already registered as {clash.name!r} ({clash.url})")
            conn.execute(
                insert(feeds_table).values(
                    name=name,
                    url=url,
                    lang=lang,
                    kind=guess_kind(url),
                    enabled=enabled,
                    added_at=now_iso(),
                    failures=0,
                )
            )
        feed = self.get(name)
        assert feed is not None
        return feed

    def add_from_catalogue(self, name: str) -> Feed:
        entry = catalogue_entry(name)
        if entry is None:
            raise FeedError(f"{name!r} is not in the catalogue; `sitroom feeds catalogue` lists the names")
        return self.add(entry.url, name=entry.name, lang=entry.lang)

    def get(self, url_or_name: str) -> Feed | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(feeds_table).where(
                    or_(feeds_table.c.name == url_or_name, feeds_table.c.url == url_or_name.strip())
                )
            ).first()
        return _row_to_feed(row) if row is not None else None

    def feeds(self, enabled_only: bool = False) -> list[Feed]:
        query = select(feeds_table).order_by(feeds_table.c.feed_id)
        if enabled_only:
            query = query.where(feeds_table.c.enabled.is_(True))
        with self.engine.connect() as conn:
            return [_row_to_feed(r) for r in conn.execute(query)]

    def remove(self, url_or_name: str) -> Feed:
        feed = self.get(url_or_name)
        if feed is None:
            raise FeedError(f"no feed named or with the URL {url_or_name!r}; `sitroom feeds list` shows them")
        with self.engine.begin() as conn:
            conn.execute(delete(feed_polls_table).where(feed_polls_table.c.feed_id == feed.feed_id))
            conn.execute(delete(feeds_table).where(feeds_table.c.feed_id == feed.feed_id))
        return feed

    def set_enabled(self, url_or_name: str, enabled: bool) -> Feed:
        feed = self.get(url_or_name)
        if feed is None:
            raise FeedError(f"no feed named or with the URL {url_or_name!r}; `sitroom feeds list` shows them")
        with self.engine.begin() as conn:
            conn.execute(update(feeds_table).where(feeds_table.c.feed_id == feed.feed_id).values(enabled=enabled))
        return self.get(feed.name) or feed

    # ---------------------------------------------------------------- polling state

    def record_poll(
        self,
        feed: Feed,
        *,
        outcome: str,
        next_poll_at: float,
        failures: int,
        http_status: int | None = None,
        detail: str = "",
        etag: str | None = None,
        last_modified: str | None = None,
        nbytes: int = 0,
        items: int = 0,
        added: int = 0,
        duration_ms: int = 0,
    ) -> None:
        """Store one poll's outcome: the log row, the feed's schedule and (on success) its validators."""
        at = now_iso()
        values: dict[str, Any] = {
            "failures": failures,
            "next_poll_at": next_poll_at,
            "last_polled_at": at,
            "last_status": outcome,
            "last_detail": detail[:2000] or None,
        }
        if outcome == "ok":
            # A 200 replaces the validators (a server that stopped sending them must not get stale ones back).
            values["etag"] = etag
            values["last_modified"] = last_modified
        with self.engine.begin() as conn:
            conn.execute(update(feeds_table).where(feeds_table.c.feed_id == feed.feed_id).values(**values))
            conn.execute(
                insert(feed_polls_table).values(
                    feed_id=feed.feed_id,
                    at=at,
                    outcome=outcome,
                    http_status=http_status,
                    detail=detail[:2000] or None,
                    bytes=nbytes,
                    items=items,
                    added=added,
                    duration_ms=duration_ms,
                )
            )
            self._prune(conn, feed.feed_id)

    def _prune(self, conn: Any, feed_id: int) -> None:
        cutoff = conn.execute(
            select(feed_polls_table.c.poll_id)
            .where(feed_polls_table.c.feed_id == feed_id)
            .order_by(feed_polls_table.c.poll_id.desc())
            .offset(POLL_LOG_KEEP)
            .limit(1)
        ).scalar()
        if cutoff is not None:
            conn.execute(
                delete(feed_polls_table).where(
                    feed_polls_table.c.feed_id == feed_id, feed_polls_table.c.poll_id <= cutoff
                )
            )

    def polls(self, url_or_name: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """The newest poll log rows (all feeds, or one), newest first."""
        query = (
            select(feed_polls_table, feeds_table.c.name)
            .join(feeds_table, feeds_table.c.feed_id == feed_polls_table.c.feed_id)
            .order_by(feed_polls_table.c.poll_id.desc())
            .limit(limit)
        )
        if url_or_name is not None:
            feed = self.get(url_or_name)
            if feed is None:
                return []
            query = query.where(feed_polls_table.c.feed_id == feed.feed_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def poll_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(feed_polls_table)).scalar() or 0)


# ------------------------------------------------------------------------------------------------ catalogue


@lru_cache(maxsize=1)
def catalogue() -> tuple[CatalogueEntry, ...]:
    """The bundled catalogue, in file order."""
    raw = resources.files("sitroom").joinpath("data/feeds_catalogue.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return tuple(
        CatalogueEntry(
            name=e["name"],
            url=e["url"],
            lang=e["lang"],
            kind=e.get("kind", guess_kind(e["url"])),
            publisher=e["publisher"],
            note=e.get("note", ""),
        )
        for e in data["feeds"]
    )


def catalogue_entry(name: str) -> CatalogueEntry | None:
    for entry in catalogue():
        if entry.name == name:
            return entry
    return None
