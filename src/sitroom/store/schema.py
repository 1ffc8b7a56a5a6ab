"""Tables and migrations of the store (stage 6), in portable SQLAlchemy Core.

Only the full-text index is dialect-specific, and it has the same name on both backends
(``passages_fts``): an FTS5 virtual table on SQLite, a plain table of ``tsvector`` rows with a GIN index
on PostgreSQL. Both are filled by the store from the same folded text (see ``store.fold``), so a query
finds the same passages on either. Migrations are plain functions registered in ``MIGRATIONS`` in order;
``apply_migrations`` runs each missing one in its own transaction and records it in the ``migrations``
table, so running it again is a no-op. Every backend records every migration name; a migration that does
not concern a backend is a recorded no-op there, so ``migrations`` reads the same everywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    inspect,
    select,
)

metadata = MetaData()

migrations = Table(
    "migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("doc_id", String(128), primary_key=True),
    Column("source", String(200)),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("lang", String(8)),
    Column("path", Text),
    Column("ext_id", String(200)),
    Column("text", Text, nullable=False),
    Column("added_at", String(32), nullable=False),
)

# One row per distinct text unit; the same paragraph in two documents is stored once.
passages = Table(
    "passages",
    metadata,
    Column("passage_id", String(128), primary_key=True),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("first_doc_id", String(128), ForeignKey("documents.doc_id"), nullable=False),
)

# Where each text unit occurs: every document keeps its own paragraph sequence.
passage_occurrences = Table(
    "passage_occurrences",
    metadata,
    Column("doc_id", String(128), ForeignKey("documents.doc_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("passage_id", String(128), ForeignKey("passages.passage_id"), nullable=False),
    Column("own_passage_id", String(128)),  # set when this occurrence is a near-duplicate of passage_id
    Column("kind", String(16), nullable=False),
    Column("section", Text),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Index("ix_occ_passage", "passage_id"),
)

# A merged incident: indexed columns for filtering and ranking, the combined contract dict in `data`.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String(160), primary_key=True),
    Column("date", String(10)),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("admin1", String(100)),
    Column("country", String(2)),
    Column("place_name", String(200)),
    Column("gazetteer_id", String(100)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("severity", Integer, nullable=False, default=0),
    Column("sources_count", Integer, nullable=False, default=1),
    Column("reports_count", Integer, nullable=False, default=1),
    Column("first_doc_id", String(128), nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
    # Filter keys derived from `data` and the reports (migration 0004): the API filters in SQL with them.
    Column("admin1_key", String(100)),  # fold_admin1(admin1): 'Kharkiv Oblast' and 'kharkiv' meet
    Column("initiator", String(16)),
    Column("claim_status", String(16)),
    Column("source_key", Text),  # casefolded source names and URLs of the event and its reports
    Index("ix_inc_date_sev", "date", "severity"),
    Index("ix_inc_date_lat", "date", "lat"),
    Index("ix_inc_date_gaz", "date", "gazetteer_id"),
    Index("ix_inc_admin1", "admin1", "date"),
    Index("ix_inc_type", "event_type", "date"),
)

# Multi-valued filter keys of an incident (weapon, target, report language), one row per value, with the
# incident's date copied so "shahed strikes in March" is one index range.
incident_facets = Table(
    "incident_facets",
    metadata,
    Column("incident_id", String(160), ForeignKey("incidents.incident_id"), primary_key=True),
    Column("facet", String(16), primary_key=True),
    Column("value", String(40), primary_key=True),
    Column("date", String(10)),
    # incident_id last: the index alone answers "ids with this weapon in this month" (covering).
    Index("ix_facet_value_date", "facet", "value", "date", "incident_id"),
)

# Every report of an incident, as the document stated it (the casualty history lives here).
reports = Table(
    "reports",
    metadata,
    Column("report_id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(160), ForeignKey("incidents.incident_id"), nullable=False),
    Column("event_id", String(160), nullable=False),
    Column("doc_id", String(128), ForeignKey("documents.doc_id"), nullable=False),
    Column("source", String(200)),
    Column("url", Text),
    Column("published", String(10)),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("status", String(16), nullable=False),
    Column("data", Text, nullable=False),
    Column("added_at", String(32), nullable=False),
    # Why this report joined its incident (JSON list of reasons from merge.explain; NULL for the first report
    # of an incident and before migration 0006).
    Column("merge_reason", Text),
    UniqueConstraint("doc_id", "event_id", name="uq_report_doc_event"),
    Index("ix_rep_incident", "incident_id"),
)

# Analysts' corrections of the merge (``sitroom merge-fix``, migration 0006), between reports named by their
# stable keys (doc_id + "/" + event_id, both content hashes): "apart" (split: never in one incident) or
# "together" (join: always in one incident). Kept for later reports and re-ingests.
merge_corrections = Table(
    "merge_corrections",
    metadata,
    Column("correction_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("a_key", String(300), nullable=False),
    Column("b_key", String(300), nullable=False),
    Column("note", Text),
    Column("at", String(32), nullable=False),
    Index("ix_corr_a", "a_key"),
    Index("ix_corr_b", "b_key"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("rejection_id", Integer, primary_key=True, autoincrement=True),
    # sha1 of (path, reason, detail): a unique index on long text would overflow PostgreSQL's btree limit.
    Column("key", String(40), nullable=False, unique=True),
    Column("path", Text, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

FTS_TABLE = "passages_fts"
FACET_WEAPON, FACET_TARGET, FACET_LANG = "weapon", "target", "lang"
# Columns and indexes of migration 0004 (a new database already has the columns from 0001, which creates
# `incidents` from the current table definition; 0004 adds only what is missing).
_M0004_COLUMNS = ("admin1_key", "initiator", "claim_status", "source_key")
# The two "order" indexes hold every sort key, so the ids of a filtered, sorted page come from an index
# alone: an incident row carries kilobytes of JSON and spans pages, and visiting one row per candidate
# made a month-long query on a 1M-event store ten times slower.
_SORT_KEYS = (incidents.c.severity, incidents.c.sources_count, incidents.c.killed, incidents.c.injured)
_M0004_INDEXES = (
    Index("ix_inc_admin1key", incidents.c.admin1_key, incidents.c.date),
    # Oblast + type, the commonest map filter: two equalities make SQLite's planner (no ANALYZE) prefer
    # it over (event_type, date), which would visit every event of that type in the range.
    Index("ix_inc_admin1key_type", incidents.c.admin1_key, incidents.c.event_type, incidents.c.date),
    Index("ix_inc_subtype", incidents.c.sub_event_type, incidents.c.date),
    Index("ix_inc_date_order", incidents.c.date, *_SORT_KEYS, incidents.c.incident_id),
    Index("ix_inc_id_order", incidents.c.incident_id, incidents.c.date, *_SORT_KEYS),
)
# The merge look-up's filter columns (same day, inside a box, or region-level in an oblast, or the same
# gazetteer place) and the id: a candidate query is answered from this index alone, and only the matching
# incidents' rows are read (database._candidate_statement).
_M0005_INDEXES = (
    Index("ix_inc_merge_cand", incidents.c.date, incidents.c.lat, incidents.c.lon, incidents.c.geo_precision,
          incidents.c.admin1, incidents.c.gazetteer_id, incidents.c.incident_id),
)
BACKFILL_BATCH = 1000
_ADMIN1_SUFFIX = re.compile(r"\s+(oblast|region|область|обл\.?)$", re.IGNORECASE)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _m0001_initial(conn: Connection) -> None:
    for table in (documents, passages, passage_occurrences, incidents, reports, rejections):
        table.create(conn, checkfirst=True)


def _m0002_fts(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL gets its index from 0003 (this one shipped as SQLite-only)
    # Standalone FTS5 table (passage ids are strings, so no external-content rowid mapping);
    # unicode61 folds case for Cyrillic too, remove_diacritics 2 treats й/и and ё/е leniently.
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "passage_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')"
    )


def _m0003_fts_postgresql(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    # 'simple' config: no stemming and no stop words, so English, Ukrainian and Russian are treated alike
    # and the lexemes are exactly the folded words the store wrote (see store.fold).
    conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} ("
        "passage_id VARCHAR(128) PRIMARY KEY REFERENCES passages(passage_id), tsv TSVECTOR NOT NULL)"
    )
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_tsv ON {FTS_TABLE} USING GIN (tsv)")


def fold_admin1(name: str) -> str:
    """Oblast names compared loosely: 'kharkiv', 'Kharkiv Oblast' and 'Kharkiv' are the same filter."""
    return _ADMIN1_SUFFIX.sub("", " ".join(name.split())).casefold()


def derived_keys(
    combined: dict[str, Any], reports_: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The filter columns of one incident and its facet rows, from the combined event and its report
    dicts (each with ``source``, ``url`` and ``lang``). One function for the writer and the backfill, so
    an old store and a new one answer a filter alike."""
    loc = combined.get("location") or {}
    names = [combined.get("source")] + [r.get("source") for r in reports_]
    names += [combined.get("url")] + [r.get("url") for r in reports_]
    # Newline-joined: a source filter is one line of text, so a match never spans two names.
    source_key = "\n".join(n.casefold() for n in names if n)
    langs: list[str] = []
    for lang in [combined.get("lang")] + [r.get("lang") for r in reports_]:
        if lang and lang not in langs:
            langs.append(lang)
    values = {
        "admin1_key": fold_admin1(loc.get("admin1") or "") or None,
        "initiator": combined.get("initiator"),
        "claim_status": (combined.get("claim") or {}).get("status"),
        "source_key": source_key or None,
    }
    facets: list[dict[str, Any]] = []
    for facet, items in (
        (FACET_WEAPON, combined.get("weapons") or ()),
        (FACET_TARGET, combined.get("targets") or ()),
        (FACET_LANG, langs),
    ):
        for value in dict.fromkeys(items):
            facets.append({"facet": facet, "value": value, "date": combined.get("date")})
    return values, facets


def _backfill_batch(conn: Connection, rows: Iterable[Any]) -> None:
    by_id = {r.incident_id: json.loads(r.data) for r in rows}
    reps: dict[str, list[dict[str, Any]]] = {i: [] for i in by_id}
    q = (
        select(reports.c.incident_id, reports.c.source, reports.c.url, reports.c.data)
        .where(reports.c.incident_id.in_(list(by_id)))
        .order_by(reports.c.report_id)
    )
    for rr in conn.execute(q):
        reps[rr.incident_id].append({"source": rr.source, "url": rr.url, "lang": json.loads(rr.data).get("lang")})
    updates: list[dict[str, Any]] = []
    facet_rows: list[dict[str, Any]] = []
    for incident_id, combined in by_id.items():
        values, facets = derived_keys(combined, reps[incident_id])
        updates.append({"b_id": incident_id, **values})
        facet_rows.extend({"incident_id": incident_id, **f} for f in facets)
    conn.execute(
        incidents.update()
        .where(incidents.c.incident_id == bindparam("b_id"))
        .values({c: bindparam(c) for c in _M0004_COLUMNS}),
        updates,
    )
    if facet_rows:
        conn.execute(incident_facets.insert(), facet_rows)


def _m0004_filter_keys(conn: Connection) -> None:
    """Filter columns, the facet table and their indexes, filled from every stored incident."""
    have = {c["name"] for c in inspect(conn).get_columns(incidents.name)}
    for name in _M0004_COLUMNS:
        if name not in have:
            col = incidents.c[name]
            conn.exec_driver_sql(
                f"ALTER TABLE {incidents.name} ADD COLUMN {name} {col.type.compile(dialect=conn.dialect)}"
            )
    incident_facets.create(conn, checkfirst=True)
    for index in _M0004_INDEXES:
        index.create(conn, checkfirst=True)
    conn.execute(incident_facets.delete())  # a fresh fill: the backfill below writes every row
    last = ""
    while True:
        rows = conn.execute(
            select(incidents.c.incident_id, incidents.c.data)
            .where(incidents.c.incident_id > last)
            .order_by(incidents.c.incident_id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            break
        _backfill_batch(conn, rows)
        last = rows[-1].incident_id


def _m0006_merge_corrections(conn: Connection) -> None:
    """``reports.merge_reason`` (added only where missing) and the ``merge_corrections`` table."""
    have = {c["name"] for c in inspect(conn).get_columns(reports.name)}
    if "merge_reason" not in have:
        conn.exec_driver_sql(f"ALTER TABLE {reports.name} ADD COLUMN merge_reason TEXT")
    merge_corrections.create(conn, checkfirst=True)


def _m0005_growth_indexes(conn: Connection) -> None:
    """The merge look-up's covering index (a new store has it from 0001: it is part of the table)."""
    for index in _M0005_INDEXES:
        index.create(conn, checkfirst=True)


Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", _m0001_initial),
    ("0002_fts_passages", _m0002_fts),
    ("0003_fts_postgresql", _m0003_fts_postgresql),
    ("0004_filter_keys", _m0004_filter_keys),
    ("0005_growth_indexes", _m0005_growth_indexes),
    ("0006_merge_corrections", _m0006_merge_corrections),
]


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A write transaction that holds the store's writer lock from its first statement (SQLite:
    ``BEGIN IMMEDIATE``; PostgreSQL: the advisory lock; see store.py), so check-then-create is safe
    when several processes open a new database at once."""
    with engine.connect() as conn:
        conn.execution_options(sitroom_write=True)
        with conn.begin():
            yield conn


def applied_migrations(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        exists = inspect(conn).has_table(migrations.name)
    if not exists:
        with _locked(engine) as conn:
            migrations.create(conn, checkfirst=True)
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(select(migrations.c.name))}


def apply_migrations(engine: Engine) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now."""
    done = applied_migrations(engine)
    applied: list[str] = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with _locked(engine) as conn:
            # Checked again under the lock: another process may have applied it since we looked.
            if conn.execute(select(migrations.c.name).where(migrations.c.name == name)).first():
                continue
            fn(conn)
            conn.execute(migrations.insert().values(name=name, applied_at=now_iso()))
        applied.append(name)
    return applied
