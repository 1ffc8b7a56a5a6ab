"""Disk full and read-only stores: a clear error, a clean stop, and a later run that resumes without loss.

* SQLite, disk full inside the process: ``PRAGMA max_page_count`` makes SQLite answer SQLITE_FULL
  ("database or disk is full") exactly as a full disk does, part-way through an ingest.
* SQLite, disk full for the real command: ``sitroom ingest`` in a child whose file-size limit
  (RLIMIT_FSIZE, no privileges needed) stops the database file from growing: the kernel refuses the write as
  it refuses one on a full disk.
* SQLite read-only: the database opened read-only (``?mode=ro``), which SQLite reports as it reports a
  read-only file (SQLITE_READONLY; as root a chmod would not stop writes).
* PostgreSQL read-only: a session with ``default_transaction_read_only`` (SQLSTATE 25006, as on a hot
  standby).
* ``watch`` on a full disk: it stops (no rejection per item, no traceback) and a later run stores every item.

After each, the store is consistent (the crash test's checks) and the completed run equals one uninterrupted
run, table by table.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from feed_server import ATOM_UK, RSS_EN, FeedServer, static
from pg import pg_server  # noqa: F401 - session fixture
from sqlalchemy import event
from test_crash import SEED, assert_consistent, make_corpus, snapshot

from sitroom.ingest.fetch import FetchPolicy
from sitroom.jobs.pipeline import ingest
from sitroom.jobs.watch import Watcher, WatchOptions
from sitroom.options import Options
from sitroom.store.database import Store, StoreWriteError


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), random.Random(SEED))


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ref") / "reference.db"
    with Store.open(str(db)) as s:
        ingest([corpus], s, Options())
    return db


def _page_limited(store: Store, extra_pages: int) -> None:
    """From now on the store's SQLite file may grow by ``extra_pages`` pages only (SQLITE_FULL after)."""
    with store.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    limit = pages + extra_pages

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={limit}")

    store.engine.dispose()


def test_sqlite_disk_full_stops_cleanly_and_resumes(corpus: Path, reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    with Store.open(str(db)) as s:
        _page_limited(s, 60)
        report = ingest([corpus], s, Options())
    assert report.stopped and "disk holding the database is full" in report.stopped, report.stopped
    assert "run the same command again" in report.stopped
    assert 0 < report.documents_added < 70, "the limit should bite part-way through"
    assert not [r for r in report.rejections if r.reason == "processing_error"], "a full disk is not a document's fault"
    assert_consistent(db)
    with Store.open(str(db)) as s:  # space freed: the same run again
        again = ingest([corpus], s, Options())
    assert again.stopped is None and again.documents_skipped >= report.documents_added
    assert_consistent(db)
    assert snapshot(db) == snapshot(reference)


def _cli(args: list[str], fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    code = "import sys; from sitroom.cli.main import app; sys.argv[0] = 'sitroom'; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, preexec_fn=limit,
        env={**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200"},
    )


def test_cli_ingest_on_a_full_disk_then_resumes(corpus: Path, reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with Store.open(str(db)):
        pass  # migrated, so the size limit bites on documents rather than on the schema
    size = db.stat().st_size + (tmp_path / "cli.db-wal").stat().st_size if (tmp_path / "cli.db-wal").exists() else db.stat().st_size
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG: SQLite reports a full disk or an
    # I/O error, as on a real full disk.
    full = _cli(["ingest", str(corpus), "--db", str(db)], fsize=size + 96 * 1024)
    assert full.returncode == 1, full.stderr[-2000:]
    assert "Traceback" not in full.stderr
    assert "error:" in full.stderr and "cannot write to the database" in full.stderr, full.stderr[-2000:]
    assert "run the same command again" in full.stderr
    assert_consistent(db)
    done = _cli(["ingest", str(corpus), "--db", str(db)])
    assert done.returncode == 0, done.stderr[-2000:]
    assert_consistent(db)
    assert snapshot(db) == snapshot(reference)


def test_cli_ingest_into_a_read_only_store_then_resumes(corpus: Path, reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    with Store.open(str(db)):
        pass
    ro = _cli(["ingest", str(corpus), "--db", f"sqlite:///file:{db}?mode=ro&uri=true"])
    assert ro.returncode == 1, ro.stderr[-2000:]
    assert "Traceback" not in ro.stderr and "the database is read-only" in ro.stderr, ro.stderr[-2000:]
    with Store.open(str(db)) as s:
        assert s.stats()["documents"] == 0
    done = _cli(["ingest", str(corpus), "--db", str(db)])
    assert done.returncode == 0, done.stderr[-2000:]
    assert snapshot(db) == snapshot(reference)


def test_postgresql_read_only_stops_cleanly_and_resumes(
    corpus: Path, reference: Path, pg_server: Any  # noqa: F811 - the fixture
) -> None:
    url = pg_server.fresh_url()
    with Store.open(url):
        pass  # schema and migrations in place
    read_only = url + "%20-cdefault_transaction_read_only%3Don"
    with Store.open(read_only) as s:
        stopped = ingest([corpus], s, Options())
    assert stopped.stopped and "read-only" in stopped.stopped and stopped.documents_added == 0
    with Store.open(url) as s:
        done = ingest([corpus], s, Options())
        assert done.stopped is None
        got = s.stats()
    with Store.open(str(reference)) as r:
        assert got == r.stats()


POLICY = FetchPolicy(allow_private=True, min_host_interval=0.0, timeout=2.0, total_timeout=5.0)


class _Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 1.0)


@pytest.fixture()
def feeds() -> Iterator[FeedServer]:
    with FeedServer({"/en": static(RSS_EN), "/uk": static(ATOM_UK, "application/atom+xml")}) as srv:
        yield srv


def test_watch_on_a_full_disk_stops_then_resumes(feeds: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    with Store.open(str(db)) as s, Watcher(s, WatchOptions(policy=POLICY, once=True)) as w:
        w.registry.add(feeds.url("/en"), name="en")
        w.registry.add(feeds.url("/uk"), name="uk")
    clock = _Clock()
    with Store.open(str(db)) as s:
        _page_limited(s, 0)
        with Watcher(s, WatchOptions(policy=POLICY, once=True), clock=clock, sleep=clock.sleep) as w:
            with pytest.raises(StoreWriteError, match="disk holding the database is full"):
                w.run()
    assert_consistent(db)
    with Store.open(str(db)) as s:
        before = s.stats()["documents"]  # what fitted in the free pages before the disk was full
    assert before < 4
    with Store.open(str(db)) as s, Watcher(s, WatchOptions(policy=POLICY, once=True)) as w:
        report = w.run()
        assert report.polls == 2 and report.ok == 2 and report.documents_added == 4 - before
        assert s.stats()["documents"] == 4 and s.rejections() == []
        assert [f.last_status for f in w.registry.feeds()] == ["ok", "ok"]
