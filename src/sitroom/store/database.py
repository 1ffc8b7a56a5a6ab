"""Stage 6: the event store, SQLAlchemy Core over SQLite (default) or PostgreSQL.

Approach:
- ``Store.open(url)`` accepts a path, ``sqlite:///path``, ``:memory:`` or ``postgresql://...`` and runs the
  migrations (``store_schema``). SQLite runs in WAL mode with foreign keys and a busy timeout, so one
  writer and any number of readers (the web server) share a file.
- ``add_document`` writes a document, its passages and its events in ONE transaction (``BEGIN IMMEDIATE``
  on SQLite, so the duplicate check and the writes see the same state). Equal passages are stored once and
  linked from every document (``passage_occurrences``); each event becomes a report merged (``merge``)
  into an existing incident of the same date, found with an indexed date + bounding-box query, or a new
  incident. The incident row is recomputed from all its reports, so the figures follow the latest
  credible report while the reports keep the history.
- Reads return contract-shaped dicts (``contracts/event.schema.json``) plus ``reports`` and
  ``sources_count``.
- PostgreSQL behaves the same: writers serialise on a transaction-scoped advisory lock (the counterpart of
  ``BEGIN IMMEDIATE``), text orderings use the bytewise "C" collation (SQLite's BINARY), and full-text
  search runs on a GIN-indexed ``tsvector`` built here from folded words, so the server's locale and
  text-search configuration do not change what a query finds. See docs/store.md.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    intersect,
    make_url,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from sitroom.incidents import merge
from sitroom.models import Document, Event, Passage, Rejection
from sitroom.store.schema import (
    FACET_LANG,
    FACET_TARGET,
    FACET_WEAPON,
    FTS_TABLE,
    apply_migrations,
    derived_keys,
    documents,
    fold_admin1,
    incident_facets,
    incidents,
    merge_corrections,
    now_iso,
    passage_occurrences,
    passages,
    rejections,
    reports,
)

# Statements of the write path, built once: SQLAlchemy memoises a statement object's cache key, so reusing
# these (with bound parameters) skips rebuilding and re-keying a statement per row, the largest share of the
# writer's time on documents with many events.
_DOC_EXISTS = select(documents.c.doc_id).where(documents.c.doc_id == bindparam("b_doc_id"))
_INCIDENT_EXISTS = select(incidents.c.incident_id).where(incidents.c.incident_id == bindparam("b_incident_id"))
_INSERT_DOCUMENT = documents.insert()
_INSERT_INCIDENT = incidents.insert()
_INSERT_REPORT = reports.insert()
_INSERT_FACETS = incident_facets.insert()
_DELETE_FACETS = incident_facets.delete().where(incident_facets.c.incident_id == bindparam("b_incident_id"))
_INCIDENT_REPORTS = (
    select(reports.c.report_id, reports.c.data, reports.c.doc_id, reports.c.source)
    .where(reports.c.incident_id == bindparam("b_incident_id"))
    .order_by(reports.c.report_id)
)
_UPDATE_INCIDENT = incidents.update().where(incidents.c.incident_id == bindparam("b_incident_id"))
_CORRECTIONS_OF = select(merge_corrections.c.kind, merge_corrections.c.a_key, merge_corrections.c.b_key).where(
    or_(merge_corrections.c.a_key == bindparam("b_key"), merge_corrections.c.b_key == bindparam("b_key"))
)
_CANDIDATES: dict[tuple[bool, str, bool], Any] = {}


def _candidate_statement(undated: bool, kind: str, by_gazetteer_id: bool) -> Any:
    """Incidents a new report may merge with (merge.py decides): same day, and for ``kind`` "box" inside
    the report's bounding box or region-level in its oblast (or the same gazetteer place), "region" in its
    oblast, "none" unlocated. A document's own events are distinct by stage 4's judgement: never merge them
    with each other. Built once per shape."""
    key = (undated, kind, by_gazetteer_id)
    if key not in _CANDIDATES:
        # The event date and the days either side (merge.candidate_dates): a revised toll reported the next
        # day, an overnight attack dated to either night.
        date_cond = (
            incidents.c.date.is_(None)
            if undated
            else incidents.c.date.in_([bindparam("b_date0"), bindparam("b_date"), bindparam("b_date2")])
        )
        place_cond: ColumnElement[bool]
        if kind == "none":
            place_cond = incidents.c.lat.is_(None)
        elif kind == "region":
            place_cond = incidents.c.admin1 == bindparam("b_admin1")
        else:
            place_cond = or_(
                and_(
                    incidents.c.lat.between(bindparam("b_lat0"), bindparam("b_lat1")),
                    incidents.c.lon.between(bindparam("b_lon0"), bindparam("b_lon1")),
                ),
                and_(incidents.c.admin1 == bindparam("b_admin1"), incidents.c.geo_precision == 3),
            )
            if by_gazetteer_id:
                place_cond = or_(place_cond, incidents.c.gazetteer_id == bindparam("b_gazetteer_id"))
        # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join on ix_rep_incident; NOT IN (a hashed
        # subplan) is costed from the document's report count, which on a skewed store pushed the whole
        # statement over the parallel-query and JIT thresholds (250 ms a look-up on a 1M-event store).
        same_doc = (
            select(reports.c.report_id)
            .where(reports.c.incident_id == incidents.c.incident_id, reports.c.doc_id == bindparam("b_doc_id"))
            .exists()
        )
        # The filter runs on the covering index ix_inc_merge_cand alone (migration 0005) and only matching rows
        # are read: an incident row carries kilobytes of JSON, and reading every row of the day to test its
        # coordinates made the look-up grow with the store (a 1M-event store holds ~900 events a day).
        matching = select(incidents.c.incident_id).where(date_cond, place_cond)
        _CANDIDATES[key] = select(incidents).where(
            incidents.c.incident_id.in_(matching), ~same_doc
        )
    return _CANDIDATES[key]

# 5 s: a reader (the web UI) may hold the WAL for a moment while a batch commits; longer waits mean a
# second writer, which is a usage error worth surfacing.
SQLITE_BUSY_TIMEOUT_MS = 5000
# Page cache per connection (KiB). SQLite's default 2 MB makes every filtered page of a large store
# re-read its index pages from the OS; 64 MB halves the time of a month-long query on a 1M-event store.
SQLITE_CACHE_KIB = 65536
# IN-lists are chunked below SQLite's historical 999-parameter limit.
IN_CHUNK = 500
# Passage kinds kept out of full-text search: navigation and footer noise.
FTS_SKIP_KINDS = frozenset({"boilerplate"})
_FILTER_COLUMNS = {
    "admin1": incidents.c.admin1,
    "event_type": incidents.c.event_type,
    "sub_event_type": incidents.c.sub_event_type,
    "country": incidents.c.country,
}
# Sort names of ``find_events`` (a leading '-' means descending) and the column each one orders by.
_SORT_COLUMNS = {
    "date": incidents.c.date,
    "severity": incidents.c.severity,
    "killed": incidents.c.killed,
    "injured": incidents.c.injured,
    "sources": incidents.c.sources_count,
}
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"
_FTS_TOKEN = re.compile(r"\w+\*?", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
# PostgreSQL limits: a lexeme may not exceed 2047 bytes, positions stop at 16383, 256 positions a lexeme.
PG_MAX_LEXEME_CHARS = 200
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS = 255
PG_MAX_INDEXED_CHARS = 200_000
# One number for every sitroom writer on a PostgreSQL server: pg_advisory_xact_lock(PG_WRITER_LOCK).
PG_WRITER_LOCK = 0x5170_0001
SNIPPET_TOKENS = 16
# Letters whose accents FTS5 drops: Latin up to the Greek block, and Latin Extended Additional.
_GREEK_START = 0x0370
_LATIN_EXTENDED_ADDITIONAL = (0x1E00, 0x1EFF)
# Free-text columns that come from the input and have a declared length: PostgreSQL enforces it, SQLite
# does not, so the store clips them itself and both backends keep the same value.
SOURCE_MAX = 200

POSTGRES_HINT = "PostgreSQL needs the psycopg driver: pip install 'psycopg[binary]'"


class StoreError(Exception):
    """A store that cannot be opened or a request it cannot answer."""


class StoreWriteError(StoreError):
    """The store refuses writes: the disk is full, the file or database is read-only, the disk failed.

    Not one document's fault, so a job must stop (rather than record a rejection per document and go on):
    everything committed before stays, and running the same command again resumes where it stopped."""


# SQLite error text (sqlite3 has no portable error codes before Python 3.11's sqlite_errorcode) and
# PostgreSQL SQLSTATE -> what to tell the user.
_SQLITE_WRITE_FAILURES = (
    ("database or disk is full", "the disk holding the database is full", "free some space"),
    ("readonly database", "the database is read-only", "make the file and its folder writable"),
    ("disk i/o error", "the disk failed to write (disk I/O error; a full disk or a file size limit)",
     "check the disk and free some space"),
)
_PG_WRITE_FAILURES = {
    "53100": ("the PostgreSQL server's disk is full", "free space on the server"),
    "25006": ("the database is read-only (a read-only transaction or a hot standby)", "connect to a writable primary"),
}


def write_failure(exc: BaseException, url: str) -> StoreWriteError | None:
    """A StoreWriteError for a driver error that means the store takes no more writes; None for others."""
    orig = getattr(exc, "orig", None) or exc
    found = _PG_WRITE_FAILURES.get(getattr(orig, "sqlstate", None) or "")
    if found is None:
        text = str(orig).lower()
        found = next(((what, fix) for key, what, fix in _SQLITE_WRITE_FAILURES if key in text), None)
    if found is None:
        return None
    what, fix = found
    first_line = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return StoreWriteError(
        f"cannot write to the database {display_url(url)!r}: {what} ({first_line}). Everything stored "
        f"before is kept; {fix}, then run the same command again to resume."
    )


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters of ``Store.find_events``/``count_events``, all combined with AND; None or () = no filter.

    ``date`` is one day, ``date_from``/``date_to`` an inclusive range (undated events are never in a
    range); ``admin1`` is matched loosely (case and a trailing 'Oblast' ignored); ``weapons`` and
    ``targets`` match when the event has any one of them; ``source`` is part of a source name or URL of
    the event or any merged report, any case; ``lang`` is the language of the event or any report."""

    date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    admin1: str | None = None
    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    weapons: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    initiator: str | None = None
    claim_status: str | None = None
    source: str | None = None
    lang: str | None = None


def _sqlite_engine(url: str, memory: bool) -> Engine:
    if memory:
        # One shared connection: every thread (the web test client runs the app in another) sees the
        # same in-memory database.
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (so DDL in a migration
        # is transactional too), then set the per-connection pragmas.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # The busy timeout first: switching a new file to WAL needs a lock another opener may hold.
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front: a deferred transaction that reads and then writes fails at once
        # with SQLITE_BUSY_SNAPSHOT when another writer committed in between.
        write = conn.get_execution_options().get("sitroom_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgres_engine(url: str) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise StoreError(POSTGRES_HINT) from exc
    pg = re.sub(r"^(postgresql|postgres)(\+\w+)?://", "postgresql+psycopg://", url)
    engine = create_engine(pg, pool_pre_ping=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # One writer at a time, as on SQLite: the duplicate check, the merge candidates and the writes of
        # a document then see one state. The lock ends with the transaction, also when the client dies.
        if conn.get_execution_options().get("sitroom_write", False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITER_LOCK})")

    return engine


def _engine_for(url: str) -> Engine:
    if url.startswith(("postgresql://", "postgres://", "postgresql+")):
        return _postgres_engine(url)
    if url in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return _sqlite_engine("sqlite://", memory=True)
    if url.startswith("sqlite:///"):
        return _sqlite_engine(url, memory=False)
    if "://" in url:
        raise StoreError(
            f"unsupported database URL {url!r}: use a file path, sqlite:///PATH or postgresql://"
        )
    path = Path(url).expanduser()
    if path.parent and not path.parent.exists():
        raise StoreError(f"folder {str(path.parent)!r} for the database does not exist")
    return _sqlite_engine(f"sqlite:///{path.resolve()}", memory=False)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), IN_CHUNK):
        yield items[i : i + IN_CHUNK]


# A function giving the other forms of a query word ("Крим" -> "криму", "кримом", ...): search finds a
# word in any of them (see ``Store.search``).
WordForms = Callable[[str], Sequence[str]]


def _alternatives(word: str, forms: WordForms | None) -> list[str]:
    """The word and its other forms, folded, each once, the word first."""
    out = [word]
    if forms is not None:
        for f in forms(word):
            if f and _WORD.fullmatch(f) and fold(f) not in {fold(o) for o in out}:
                out.append(f)
    return out


def _fts_query(q: str, forms: WordForms | None = None) -> str:
    """User text -> FTS5 query: every word quoted (no syntax errors from user input), all required,
    a trailing * keeps prefix search; with ``forms`` each word matches any of its forms."""
    terms = []
    for tok in _FTS_TOKEN.findall(q):
        prefix = tok.endswith("*")
        word = tok.rstrip("*")
        if not word:
            continue
        if prefix:
            terms.append(f'"{word}"*')
            continue
        alts = _alternatives(word, forms)
        terms.append(f'"{alts[0]}"' if len(alts) == 1 else "(" + " OR ".join(f'"{a}"' for a in alts) + ")")
    # FTS5 joins bare phrases with an implicit AND, but a parenthesised group needs the operator.
    return (" AND " if forms is not None else " ").join(terms)


def fold(word: str) -> str:
    """A word as the PostgreSQL index keeps it, folded the way SQLite's FTS5 ``unicode61
    remove_diacritics 2`` folds it, so both backends match the same words: lower case everywhere,
    accents dropped from Latin letters only (Café = cafe), Cyrillic letters kept as written
    (й, ё, ї stay distinct from и, е, і, as FTS5 keeps them)."""
    out = []
    for ch in word.lower():
        if ord(ch) < _GREEK_START or _LATIN_EXTENDED_ADDITIONAL[0] <= ord(ch) <= _LATIN_EXTENDED_ADDITIONAL[1]:
            ch = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(ch)
    return "".join(out)


def _tsvector_literal(passage_text: str) -> str:
    """A ``tsvector`` in its input syntax, built here rather than by ``to_tsvector`` so the words are
    exactly the folded ``\\w+`` tokens whatever the server's locale and parser make of Cyrillic."""
    positions: dict[str, list[int]] = {}
    # A tsvector may not exceed 1 MB; a paragraph is far shorter, a runaway one is indexed by its start.
    for i, m in enumerate(_WORD.finditer(passage_text[:PG_MAX_INDEXED_CHARS]), start=1):
        word = fold(m.group())
        if not word or len(word) > PG_MAX_LEXEME_CHARS:
            continue
        seen = positions.setdefault(word, [])
        if len(seen) < PG_MAX_POSITIONS and (not seen or seen[-1] < PG_MAX_POSITION):
            seen.append(min(i, PG_MAX_POSITION))
    # \w never matches a quote or a backslash, so quoting needs no escapes.
    return " ".join(f"'{w}':{','.join(map(str, pos))}" for w, pos in positions.items())


def _query_terms(q: str) -> list[tuple[str, bool]]:
    """User text -> folded (word, prefix) terms; the same reading of the query as ``_fts_query``."""
    terms = []
    for tok in _FTS_TOKEN.findall(q):
        word = fold(tok.rstrip("*"))
        if word and len(word) <= PG_MAX_LEXEME_CHARS:
            terms.append((word, tok.endswith("*")))
    return terms


def _tsquery_literal(terms: Sequence[tuple[str, bool]], forms: WordForms | None = None) -> str:
    parts = []
    for w, prefix in terms:
        alts = [w] if prefix else [fold(a) for a in _alternatives(w, forms) if len(fold(a)) <= PG_MAX_LEXEME_CHARS]
        lexemes = [f"'{a}'" + (":*" if prefix else "") for a in alts]
        parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " | ".join(lexemes) + ")")
    return " & ".join(parts)


def _expanded_terms(terms: Sequence[tuple[str, bool]], forms: WordForms | None) -> list[tuple[str, bool]]:
    """Every form of every term, for marking hits in a snippet."""
    if forms is None:
        return list(terms)
    return [
        (fold(a), prefix) for w, prefix in terms for a in ([w] if prefix else _alternatives(w, forms))
    ]


def _term_hit(word: str, terms: Sequence[tuple[str, bool]]) -> bool:
    return any(word.startswith(t) if prefix else word == t for t, prefix in terms)


def _token_snippet(passage_text: str, terms: Sequence[tuple[str, bool]], width: int = SNIPPET_TOKENS) -> str:
    """About ``width`` words around the first hit with hits marked, like FTS5's ``snippet()``."""
    toks = list(_WORD.finditer(passage_text))
    if not toks:
        return passage_text[:200]
    hits = {i for i, m in enumerate(toks) if _term_hit(fold(m.group()), terms)}
    first = min(hits) if hits else 0
    a = max(0, min(first - width // 2, len(toks) - width))  # the first hit centred, as FTS5 does
    b = min(len(toks), a + width)
    out = ["…"] if a > 0 else []
    pos = toks[a].start() if a > 0 else 0
    for i in range(a, b):
        m = toks[i]
        out.append(passage_text[pos : m.start()])
        out.append(_MARK_OPEN + m.group() + _MARK_CLOSE if i in hits else m.group())
        pos = m.end()
    if b < len(toks):
        out.append("…")
    else:
        out.append(passage_text[pos:])
    return "".join(out)


def _clip(value: str | None, limit: int = SOURCE_MAX) -> str | None:
    return value[:limit] if value is not None else None


def display_url(url: str) -> str:
    """The URL for messages: a password in it is never printed."""
    if "://" not in url or "@" not in url:
        return url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without its credentials part
        return re.sub(r"//[^@/]*@", "//***@", url)


def _snippet_html(snippet: str) -> str:
    return html.escape(snippet).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


class Store:
    """The event database. Create with ``Store.open(url)``; one writer, concurrent readers."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.is_postgres = engine.dialect.name == "postgresql"

    def _bytewise(self, col: ColumnElement[Any]) -> ColumnElement[Any]:
        """Order text by code point on every backend (SQLite's BINARY; PostgreSQL's default collation
        follows the server locale and would reorder ties)."""
        return col.collate("C") if self.is_postgres else col

    @classmethod
    def open(cls, url: str) -> Store:
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                engine = _engine_for(url)
                store = cls(engine, url)
                store.migrate()
                return store
            except OperationalError as exc:
                # Several processes opening a new SQLite file at once: switching it to WAL takes a lock that
                # SQLite reports as busy at once, without waiting out the busy timeout. Try again until it does.
                if "database is locked" in str(exc.orig) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise StoreError(f"cannot open database {display_url(url)!r}: {exc.orig}") from exc

    def migrate(self) -> list[str]:
        """Apply pending migrations (idempotent); returns the names applied now."""
        return apply_migrations(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn.execution_options(sitroom_write=True)
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            # Disk full, read-only: the transaction rolled back whole; say so instead of a driver traceback.
            failure = write_failure(exc, self.url)
            if failure is None:
                raise
            raise failure from exc

    # ------------------------------------------------------------------ writes

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(select(documents.c.doc_id).where(documents.c.doc_id == doc_id)).first()
                is not None
            )

    def add_document(self, doc: Document, passages_: Sequence[Passage], events: Sequence[Event]) -> bool:
        """Store a document with its passages and events atomically; False (nothing written) if known."""
        try:
            with self._write() as conn:
                if conn.execute(_DOC_EXISTS, {"b_doc_id": doc.doc_id}).first():
                    return False
                conn.execute(
                    _INSERT_DOCUMENT,
                    {
                        "doc_id": doc.doc_id,
                        "source": _clip(doc.source),
                        "url": doc.url,
                        "title": doc.title,
                        "published": doc.published,
                        "lang": doc.lang,
                        "path": doc.path,
                        "ext_id": _clip(doc.ext_id),
                        "text": doc.text,
                        "added_at": now_iso(),
                    },
                )
                self._add_passages(conn, doc, passages_)
                seen: set[str] = set()
                for ev in events:
                    if ev.event_id in seen:  # stage 4 should not repeat ids; never fail the document on it
                        continue
                    seen.add(ev.event_id)
                    self._add_event(conn, doc, ev)
        except IntegrityError:
            # A concurrent writer stored the same document first; our transaction rolled back.
            if self.has_document(doc.doc_id):
                return False
            raise
        return True

    def _add_passages(self, conn: Connection, doc: Document, items: Sequence[Passage]) -> None:
        if not items:
            return
        wanted = sorted({p.passage_id for p in items} | {p.duplicate_of for p in items if p.duplicate_of})
        stored: set[str] = set()
        for chunk in _chunks(wanted):
            stored.update(
                r[0]
                for r in conn.execute(select(passages.c.passage_id).where(passages.c.passage_id.in_(chunk)))
            )
        new_rows: list[dict[str, Any]] = []
        occ_rows: list[dict[str, Any]] = []
        for p in items:
            canonical = p.passage_id
            if p.duplicate_of and p.duplicate_of in stored:
                canonical = p.duplicate_of
            if canonical not in stored:
                stored.add(canonical)
                new_rows.append(
                    {"passage_id": canonical, "text": p.text, "kind": p.kind, "first_doc_id": doc.doc_id}
                )
            occ_rows.append(
                {
                    "doc_id": doc.doc_id,
                    "seq": p.seq,
                    "passage_id": canonical,
                    "own_passage_id": p.passage_id if canonical != p.passage_id else None,
                    "kind": p.kind,
                    "section": p.section,
                    "start_char": p.start,
                    "end_char": p.end,
                }
            )
        if new_rows:
            conn.execute(passages.insert(), new_rows)
            if self.is_sqlite:
                fts = [
                    {"pid": r["passage_id"], "text": r["text"]}
                    for r in new_rows
                    if r["kind"] not in FTS_SKIP_KINDS
                ]
                if fts:
                    conn.exec_driver_sql(
                        f"INSERT INTO {FTS_TABLE}(passage_id, text) VALUES (?, ?)",
                        [(r["pid"], r["text"]) for r in fts],
                    )
            elif self.is_postgres:
                pg_fts = [
                    {"pid": r["passage_id"], "tsv": _tsvector_literal(r["text"])}
                    for r in new_rows
                    if r["kind"] not in FTS_SKIP_KINDS
                ]
                if pg_fts:
                    conn.execute(
                        text(f"INSERT INTO {FTS_TABLE}(passage_id, tsv) VALUES (:pid, CAST(:tsv AS tsvector))"),
                        pg_fts,
                    )
        conn.execute(passage_occurrences.insert(), occ_rows)

    def _candidates(
        self, conn: Connection, view: merge.MergeView, doc_id: str
    ) -> list[tuple[str, merge.MergeView]]:
        box = merge.candidate_box(view)
        kind = "none" if box is None else "region" if view.geo_precision == 3 else "box"
        stmt = _candidate_statement(view.date is None, kind, bool(view.gazetteer_id) and kind == "box")
        params: dict[str, Any] = {"b_doc_id": doc_id, "b_date": view.date, "b_admin1": view.admin1,
                                  "b_gazetteer_id": view.gazetteer_id}
        days = merge.candidate_dates(view.date)
        if len(days) == 3:
            params.update(b_date0=days[0], b_date2=days[2])
        else:
            params.update(b_date0=view.date, b_date2=view.date)
        if box is not None:
            params.update(b_lat0=box[0], b_lat1=box[1], b_lon0=box[2], b_lon1=box[3])
        rows = conn.execute(stmt, params).mappings()
        return [(row["incident_id"], merge.view_of_json(row["data"])) for row in rows]

    def _corrections_of(self, conn: Connection, key: str) -> tuple[set[str], set[str]]:
        """Report keys this report must stay apart from / together with (``sitroom merge-fix``)."""
        apart: set[str] = set()
        together: set[str] = set()
        for kind, a, b in conn.execute(_CORRECTIONS_OF, {"b_key": key}):
            other = b if a == key else a
            (apart if kind == "apart" else together).add(other)
        return apart, together

    def _incidents_of_keys(self, conn: Connection, keys: set[str]) -> dict[str, str]:
        """report key -> incident id, for the stored reports among ``keys``."""
        out: dict[str, str] = {}
        for key in sorted(keys):
            doc_id, _, event_id = key.partition("/")
            row = conn.execute(
                select(reports.c.incident_id).where(reports.c.doc_id == doc_id, reports.c.event_id == event_id)
            ).first()
            if row:
                out[key] = row[0]
        return out

    def _add_event(self, conn: Connection, doc: Document, ev: Event) -> None:
        view = merge.MergeView.from_event(ev)
        cands = self._candidates(conn, view, doc.doc_id)
        apart, together = self._corrections_of(conn, f"{doc.doc_id}/{ev.event_id}")
        if apart:  # an analyst split this report from those: never back into their incidents
            banned = set(self._incidents_of_keys(conn, apart).values())
            cands = [c for c in cands if c[0] not in banned]
        target = merge.best_match(cands, view)
        reason: list[str] | None = None
        joined = self._incidents_of_keys(conn, together) if together else {}
        if joined:  # an analyst joined this report with that one
            target = joined[min(joined)]
            reason = ["joined by an analyst (merge-fix)"]
        elif target is not None:
            match = merge.explain(dict(cands)[target], view)
            reason = list(match.reasons) if match else None
        report = ev.to_dict()
        # The document knows its source better than the extractor does.
        report["source"] = _clip(report.get("source") or doc.source)
        report["url"] = report.get("url") or doc.url
        report["published"] = report.get("published") or doc.published
        if target is None:
            target = ev.event_id
            if conn.execute(_INCIDENT_EXISTS, {"b_incident_id": target}).first():
                target = f"{ev.event_id}-{hashlib.sha1(doc.doc_id.encode()).hexdigest()[:8]}"
            placeholder = {
                "incident_id": target,
                "event_type": ev.event_type,
                "sub_event_type": ev.sub_event_type,
                "first_doc_id": doc.doc_id,
                "data": "{}",
                "updated_at": now_iso(),
            }
            conn.execute(_INSERT_INCIDENT, placeholder)
        conn.execute(
            _INSERT_REPORT,
            {
                "incident_id": target,
                "event_id": ev.event_id,
                "doc_id": doc.doc_id,
                "source": report["source"],
                "url": report["url"],
                "published": report["published"],
                "killed": ev.killed,
                "injured": ev.injured,
                "status": ev.claim.status,
                "data": json.dumps(report, ensure_ascii=False, sort_keys=True),
                "added_at": now_iso(),
                "merge_reason": json.dumps(reason, ensure_ascii=False) if reason else None,
            },
        )
        self._recompute(conn, target)

    def _recompute(self, conn: Connection, incident_id: str) -> None:
        rows = conn.execute(_INCIDENT_REPORTS, {"b_incident_id": incident_id}).all()
        reps = []
        for r in rows:
            d = json.loads(r.data)
            d["_seq"] = r.report_id
            reps.append(d)
        combined = merge.combine(reps)
        combined["event_id"] = incident_id
        sources = {r.source if r.source and r.source != "unknown" else "doc:" + r.doc_id for r in rows}
        loc = combined.get("location") or {}
        keys, facets = derived_keys(combined, reps)
        conn.execute(_DELETE_FACETS, {"b_incident_id": incident_id})
        if facets:
            conn.execute(_INSERT_FACETS, [{"incident_id": incident_id, **f} for f in facets])
        conn.execute(
            _UPDATE_INCIDENT,
            {
                "b_incident_id": incident_id,
                "date": combined["date"],
                "event_type": combined["event_type"],
                "sub_event_type": combined["sub_event_type"],
                "admin1": loc.get("admin1"),
                "country": loc.get("country"),
                "place_name": loc.get("name"),
                "gazetteer_id": loc.get("gazetteer_id"),
                "lat": loc.get("lat"),
                "lon": loc.get("lon"),
                "geo_precision": loc.get("geo_precision"),
                "killed": combined["killed"],
                "injured": combined["injured"],
                "severity": merge.severity(combined["killed"], combined["injured"]),
                "sources_count": len(sources),
                "reports_count": len(rows),
                "data": json.dumps(combined, ensure_ascii=False, sort_keys=True),
                "updated_at": now_iso(),
                **keys,
            },
        )

    # ------------------------------------------------------------------ merge corrections (sitroom merge-fix)

    def _report_keys(self, conn: Connection, incident_id: str) -> list[str]:
        rows = conn.execute(
            select(reports.c.doc_id, reports.c.event_id)
            .where(reports.c.incident_id == incident_id)
            .order_by(reports.c.report_id)
        )
        return [f"{d}/{e}" for d, e in rows]

    def _record_correction(self, conn: Connection, kind: str, a: str, b: str, note: str | None) -> None:
        conn.execute(merge_corrections.insert().values(kind=kind, a_key=a, b_key=b, note=note, at=now_iso()))

    def split_report(self, report_key: str, note: str | None = None) -> str:
        """Take one report (``doc_id/event_id``, see ``event()['reports']``) out of its incident into an
        incident of its own, and record that it stays apart from the others. Returns the new incident id."""
        doc_id, _, event_id = report_key.partition("/")
        with self._write() as conn:
            row = conn.execute(
                select(reports.c.report_id, reports.c.incident_id, reports.c.data).where(
                    reports.c.doc_id == doc_id, reports.c.event_id == event_id
                )
            ).first()
            if row is None:
                raise StoreError(f"no report {report_key!r} (use DOC_ID/EVENT_ID as listed on the event)")
            old = row.incident_id
            others = [k for k in self._report_keys(conn, old) if k != report_key]
            if not others:
                raise StoreError(f"report {report_key!r} is already alone in incident {old!r}")
            new = f"{event_id}-split-{hashlib.sha1(report_key.encode()).hexdigest()[:8]}"
            data = json.loads(row.data)
            conn.execute(
                _INSERT_INCIDENT,
                {"incident_id": new, "event_type": data["event_type"], "sub_event_type": data["sub_event_type"],
                 "first_doc_id": doc_id, "data": "{}", "updated_at": now_iso()},
            )
            conn.execute(
                reports.update()
                .where(reports.c.report_id == row.report_id)
                .values(incident_id=new, merge_reason=json.dumps(["split off by an analyst (merge-fix)"]))
            )
            for other in others:
                self._record_correction(conn, "apart", report_key, other, note)
            self._recompute(conn, old)
            self._recompute(conn, new)
        return new

    def join_incidents(self, keep: str, other: str, note: str | None = None) -> str:
        """Move every report of incident ``other`` into ``keep`` and record that they stay together."""
        if keep == other:
            raise StoreError("join needs two different incidents")
        with self._write() as conn:
            for inc in (keep, other):
                if not conn.execute(_INCIDENT_EXISTS, {"b_incident_id": inc}).first():
                    raise StoreError(f"no incident {inc!r}")
            keep_keys, other_keys = self._report_keys(conn, keep), self._report_keys(conn, other)
            conn.execute(
                reports.update()
                .where(reports.c.incident_id == other)
                .values(incident_id=keep, merge_reason=json.dumps(["joined by an analyst (merge-fix)"]))
            )
            for a in other_keys:
                self._record_correction(conn, "together", keep_keys[0], a, note)
                # an earlier split between them no longer holds
                conn.execute(
                    merge_corrections.delete().where(
                        merge_corrections.c.kind == "apart",
                        or_(
                            and_(merge_corrections.c.a_key.in_(keep_keys), merge_corrections.c.b_key == a),
                            and_(merge_corrections.c.b_key.in_(keep_keys), merge_corrections.c.a_key == a),
                        ),
                    )
                )
            conn.execute(_DELETE_FACETS, {"b_incident_id": other})
            conn.execute(incidents.delete().where(incidents.c.incident_id == other))
            self._recompute(conn, keep)
        return keep

    def corrections(self) -> list[dict[str, Any]]:
        """Every recorded merge correction, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(merge_corrections).order_by(merge_corrections.c.correction_id)).mappings()
            return [dict(r) for r in rows]

    def add_rejection(self, rej: Rejection) -> None:
        """Record an unusable input; the same (path, reason, detail) is kept once."""
        key = hashlib.sha1(
            "\0".join((rej.path, rej.reason, rej.detail)).encode("utf-8", "replace")
        ).hexdigest()
        try:
            with self._write() as conn:
                if conn.execute(select(rejections.c.key).where(rejections.c.key == key)).first():
                    return
                conn.execute(
                    rejections.insert().values(
                        key=key, path=rej.path, reason=rej.reason, detail=rej.detail, at=now_iso()
                    )
                )
        except IntegrityError:
            return  # a concurrent writer recorded the same one

    # ------------------------------------------------------------------ reads

    def rejections(self, limit: int = 1000) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(rejections.c.path, rejections.c.reason, rejections.c.detail, rejections.c.at)
                .order_by(rejections.c.rejection_id)
                .limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:

            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            return {
                "documents": count(documents),
                "passages": count(passages),
                "events": count(incidents),
                "reports": count(reports),
                "rejections": count(rejections),
            }

    def _reports_of(self, conn: Connection, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        by_inc: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            rep_rows = conn.execute(
                select(
                    reports.c.incident_id,
                    reports.c.doc_id,
                    reports.c.source,
                    reports.c.url,
                    reports.c.published,
                    reports.c.killed,
                    reports.c.injured,
                    reports.c.status,
                    reports.c.data,
                    reports.c.merge_reason,
                )
                .where(reports.c.incident_id.in_(chunk))
                .order_by(reports.c.report_id)
            )
            for rr in rep_rows:
                data = json.loads(rr.data)
                by_inc[rr.incident_id].append(
                    {
                        "doc_id": rr.doc_id,
                        "event_id": data["event_id"],
                        "source": rr.source,
                        "url": rr.url,
                        "published": rr.published,
                        "lang": data.get("lang"),
                        "killed": rr.killed,
                        "injured": rr.injured,
                        "status": rr.status,
                        "evidence": data["evidence"],
                        "merge_reason": json.loads(rr.merge_reason) if rr.merge_reason else None,
                    }
                )
        return by_inc

    def _with_reports(self, conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
        by_inc = self._reports_of(conn, [r.incident_id for r in rows])
        out = []
        for r in rows:
            d = json.loads(r.data)
            d["reports"] = by_inc[r.incident_id]
            d["sources_count"] = r.sources_count
            out.append(d)
        return out

    def _with_reports_json(self, conn: Connection, rows: Sequence[Any]) -> list[str]:
        """The same events as ``_with_reports``, as JSON texts: the stored ``data`` text is spliced in
        rather than parsed and written again, which is most of the CPU time of an API page."""
        by_inc = self._reports_of(conn, [r.incident_id for r in rows])
        out = []
        for r in rows:
            extra = (
                f'"reports": {json.dumps(by_inc[r.incident_id], ensure_ascii=False)}, '
                f'"sources_count": {int(r.sources_count)}}}'
            )
            body = r.data.rstrip()
            if not body.endswith("}"):
                raise StoreError(f"incident {r.incident_id!r} has no JSON object in its data")
            body = body[:-1].rstrip()
            out.append(body + ("" if body.endswith("{") else ", ") + extra)
        return out

    def events(
        self, date: str | None = None, limit: int = 1000, offset: int = 0, **filters: str | None
    ) -> list[dict[str, Any]]:
        """Merged incidents, most severe first (newest date first when no date is given).
        Filters: admin1, event_type, sub_event_type, country (None means no filter)."""
        conds = []
        if date is not None:
            conds.append(incidents.c.date == date)
        for name, value in filters.items():
            if name not in _FILTER_COLUMNS:
                raise StoreError(f"unknown filter {name!r}; known: {', '.join(sorted(_FILTER_COLUMNS))}")
            if value is not None:
                conds.append(_FILTER_COLUMNS[name] == value)
        order = [
            incidents.c.severity.desc(),
            incidents.c.sources_count.desc(),
            self._bytewise(incidents.c.incident_id),
        ]
        if date is None:
            order.insert(0, incidents.c.date.desc().nulls_last())  # SQLite's default; PostgreSQL's is first
        query = select(incidents.c.incident_id, incidents.c.data, incidents.c.sources_count).where(*conds)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(*order).limit(limit).offset(offset)).all()
            return self._with_reports(conn, rows)

    def _conditions(self, f: EventFilter) -> list[ColumnElement[bool]]:
        c = incidents.c
        conds: list[ColumnElement[bool]] = []
        if f.date is not None:
            conds.append(c.date == f.date)
        if f.date_from is not None:
            conds.append(c.date >= f.date_from)
        if f.date_to is not None:
            conds.append(c.date <= f.date_to)
        if f.admin1:
            conds.append(c.admin1_key == fold_admin1(f.admin1))
        for col, value in (
            (c.country, f.country),
            (c.event_type, f.event_type),
            (c.sub_event_type, f.sub_event_type),
            (c.initiator, f.initiator),
            (c.claim_status, f.claim_status),
        ):
            if value is not None:
                conds.append(col == value)
        groups = [
            self._facet_ids(f, facet, [v for v in values if v])
            for facet, values in ((FACET_WEAPON, f.weapons), (FACET_TARGET, f.targets), (FACET_LANG, (f.lang,)))
            if any(values)
        ]
        if groups:
            # Several facets: one INTERSECT list, so each candidate is probed once, on the covering index.
            conds.append(c.incident_id.in_(groups[0] if len(groups) == 1 else intersect(*groups)))
        if f.source:
            # Both sides casefolded in Python, so the match is the same on every backend and locale.
            conds.append(c.source_key.contains(f.source.casefold(), autoescape=True))
        return conds

    @staticmethod
    def _facet_ids(f: EventFilter, facet: str, values: list[str]) -> Any:
        """Ids of incidents with any of ``values``; the date bounds repeat here so the facet index alone
        narrows a "this weapon this month" query."""
        fc = incident_facets.c
        q = select(fc.incident_id).where(fc.facet == facet, fc.value.in_(values))
        if f.date is not None:
            q = q.where(fc.date == f.date)
        if f.date_from is not None:
            q = q.where(fc.date >= f.date_from)
        if f.date_to is not None:
            q = q.where(fc.date <= f.date_to)
        return q

    def _order(self, sort: str) -> list[Any]:
        """Newest day first, then most severe, most sourced, id (the events() order); any other sort
        goes in front of that, with missing values last."""
        order: list[Any] = [
            incidents.c.date.desc().nulls_last(),
            incidents.c.severity.desc(),
            incidents.c.sources_count.desc(),
            self._bytewise(incidents.c.incident_id),
        ]
        if sort == "default":
            return order
        name = sort.lstrip("-")
        if name not in _SORT_COLUMNS:
            raise StoreError(f"unknown sort {sort!r}; known: default, {', '.join(sorted(_SORT_COLUMNS))}")
        col = _SORT_COLUMNS[name]
        first = col.desc() if sort.startswith("-") else col.asc()
        return [first.nulls_last(), *order]

    def find_events(
        self, flt: EventFilter | None = None, sort: str = "default", limit: int | None = 1000, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Merged incidents matching ``flt``, in ``sort`` order ('default', 'date', 'severity',
        'killed', 'injured', 'sources', each also with a leading '-'), one page of them."""
        with self.engine.connect() as conn:
            return self._with_reports(conn, self._page_rows(conn, flt, sort, limit, offset))

    def find_events_json(
        self, flt: EventFilter | None = None, sort: str = "default", limit: int | None = 1000, offset: int = 0
    ) -> list[str]:
        """``find_events`` with each event as a JSON object text (for the web API: no parse and re-dump
        of the stored JSON). ``json.loads`` of each equals the ``find_events`` dict."""
        with self.engine.connect() as conn:
            return self._with_reports_json(conn, self._page_rows(conn, flt, sort, limit, offset))

    def _page_rows(
        self, conn: Connection, flt: EventFilter | None, sort: str, limit: int | None, offset: int
    ) -> list[Any]:
        # Ids first, then the rows: the sort then runs on the covering "order" indexes and never carries
        # the kilobytes of JSON in `data` of every matching row.
        ids_query = (
            select(incidents.c.incident_id)
            .where(*self._conditions(flt or EventFilter()))
            .order_by(*self._order(sort))
            .offset(offset)
        )
        if limit is not None:
            ids_query = ids_query.limit(limit)
        ids = [r[0] for r in conn.execute(ids_query)]
        by_id: dict[str, Any] = {}
        cols = select(incidents.c.incident_id, incidents.c.data, incidents.c.sources_count)
        for chunk in _chunks(ids):
            by_id.update((r.incident_id, r) for r in conn.execute(cols.where(incidents.c.incident_id.in_(chunk))))
        return [by_id[i] for i in ids]

    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many incidents match ``flt`` (the ``total`` of a filtered view)."""
        query = select(func.count()).select_from(incidents).where(*self._conditions(flt or EventFilter()))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def event(self, event_id: str) -> dict[str, Any] | None:
        query = select(incidents.c.incident_id, incidents.c.data, incidents.c.sources_count).where(
            incidents.c.incident_id == event_id
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            return self._with_reports(conn, rows)[0] if rows else None

    def passages_published(self, date: str, limit: int = 5000) -> list[dict[str, Any]]:
        """Body passages of the documents published on ``date`` (first occurrence of each text only, no
        reader comments or boilerplate), in document order: the input of the briefing's developments."""
        stmt = (
            select(
                documents.c.doc_id, documents.c.source, documents.c.url, documents.c.published,
                documents.c.lang, passages.c.text,
            )
            .select_from(
                passage_occurrences.join(documents, documents.c.doc_id == passage_occurrences.c.doc_id).join(
                    passages, passages.c.passage_id == passage_occurrences.c.passage_id
                )
            )
            .where(
                documents.c.published == date,
                passage_occurrences.c.kind == "body",
                passages.c.first_doc_id == passage_occurrences.c.doc_id,
            )
            .order_by(documents.c.doc_id, passage_occurrences.c.seq)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    def dates(self) -> list[str]:
        with self.engine.connect() as conn:
            q = (
                select(incidents.c.date)
                .where(incidents.c.date.is_not(None))
                .distinct()
                .order_by(incidents.c.date)
            )
            return [r[0] for r in conn.execute(q)]

    def search(self, q: str, limit: int = 50, forms: WordForms | None = None) -> list[dict[str, Any]]:
        """Full-text search over stored passages, best first, with a highlighted snippet. Every word is
        required; with ``forms`` (a word -> its other inflected forms) a word matches in any of its forms,
        so "Крим" also finds "Криму"."""
        with self.engine.connect() as conn:
            if self.is_sqlite:
                fq = _fts_query(q, forms)
                if not fq:
                    return []
                hits: list[tuple[str, str]] = [
                    tuple(r)
                    for r in conn.exec_driver_sql(
                        f"SELECT passage_id, snippet({FTS_TABLE}, 1, ?, ?, '…', 16) FROM {FTS_TABLE} "
                        f"WHERE {FTS_TABLE} MATCH ? ORDER BY rank LIMIT ?",
                        (_MARK_OPEN, _MARK_CLOSE, fq, limit),
                    )
                ]
            elif self.is_postgres:
                terms = _query_terms(q)
                if not terms:
                    return []
                rows = conn.execute(
                    text(
                        f"SELECT f.passage_id, p.text FROM {FTS_TABLE} f "
                        "JOIN passages p ON p.passage_id = f.passage_id, CAST(:q AS tsquery) q "
                        'WHERE f.tsv @@ q ORDER BY ts_rank(f.tsv, q) DESC, f.passage_id COLLATE "C" LIMIT :n'
                    ),
                    {"q": _tsquery_literal(terms, forms), "n": limit},
                ).all()
                marked = _expanded_terms(terms, forms)
                hits = [(pid, _token_snippet(body, marked)) for pid, body in rows]
            else:
                raise StoreError(f"full-text search is not available on {self.engine.dialect.name}")
            return [self._search_hit(conn, pid, snip) for pid, snip in hits]

    def passage_events(self, passage_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The merged events whose evidence lies in each passage (a report's evidence span overlapping one of
        the passage's occurrences in a document): ``{passage_id: [{event_id, date, event_type,
        sub_event_type, admin1, place_name, doc_id}, ...]}``, each event once, in date order."""
        out: dict[str, list[dict[str, Any]]] = {pid: [] for pid in passage_ids}
        if not passage_ids:
            return out
        with self.engine.connect() as conn:
            occ: dict[str, list[tuple[str, int, int]]] = {}
            for chunk in _chunks(list(passage_ids)):
                for pid, doc_id, a, b in conn.execute(
                    select(
                        passage_occurrences.c.passage_id,
                        passage_occurrences.c.doc_id,
                        passage_occurrences.c.start_char,
                        passage_occurrences.c.end_char,
                    ).where(passage_occurrences.c.passage_id.in_(chunk))
                ):
                    occ.setdefault(doc_id, []).append((pid, a, b))
            found: dict[str, dict[str, dict[str, Any]]] = {pid: {} for pid in passage_ids}
            for chunk in _chunks(sorted(occ)):
                rows = conn.execute(
                    select(
                        reports.c.doc_id,
                        reports.c.data,
                        incidents.c.incident_id,
                        incidents.c.date,
                        incidents.c.event_type,
                        incidents.c.sub_event_type,
                        incidents.c.admin1,
                        incidents.c.place_name,
                    )
                    .join(incidents, incidents.c.incident_id == reports.c.incident_id)
                    .where(reports.c.doc_id.in_(chunk))
                ).all()
                for doc_id, data, inc_id, date, etype, sub, admin1, place in rows:
                    spans = [
                        (e.get("start"), e.get("end"))
                        for e in (json.loads(data).get("evidence") or ())
                        if e.get("doc_id", doc_id) == doc_id
                    ]
                    for pid, a, b in occ.get(doc_id, ()):
                        if any(s is not None and t is not None and s < b and t > a for s, t in spans):
                            found[pid].setdefault(
                                inc_id,
                                {
                                    "event_id": inc_id,
                                    "date": date,
                                    "event_type": etype,
                                    "sub_event_type": sub,
                                    "admin1": admin1,
                                    "place_name": place,
                                    "doc_id": doc_id,
                                },
                            )
        for pid, evs in found.items():
            out[pid] = sorted(evs.values(), key=lambda e: (e["date"] or "", e["event_id"]))
        return out

    def _search_hit(self, conn: Connection, pid: str, snip: str) -> dict[str, Any]:
        docs = conn.execute(
            select(
                documents.c.doc_id,
                documents.c.source,
                documents.c.url,
                documents.c.title,
                documents.c.published,
                passage_occurrences.c.seq,
            )
            .join(passage_occurrences, passage_occurrences.c.doc_id == documents.c.doc_id)
            .where(passage_occurrences.c.passage_id == pid)
            .order_by(documents.c.published.asc().nulls_first(), self._bytewise(documents.c.doc_id))
        ).mappings()
        return {
            "passage_id": pid,
            "snippet": snip.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, ""),
            "snippet_html": _snippet_html(snip),
            "documents": [dict(d) for d in docs],
        }
