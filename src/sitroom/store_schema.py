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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

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
    Index("ix_inc_date_sev", "date", "severity"),
    Index("ix_inc_date_lat", "date", "lat"),
    Index("ix_inc_date_gaz", "date", "gazetteer_id"),
    Index("ix_inc_admin1", "admin1", "date"),
    Index("ix_inc_type", "event_type", "date"),
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
    UniqueConstraint("doc_id", "event_id", name="uq_report_doc_event"),
    Index("ix_rep_incident", "incident_id"),
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


Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", _m0001_initial),
    ("0002_fts_passages", _m0002_fts),
    ("0003_fts_postgresql", _m0003_fts_postgresql),
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
