"""Three processes on one store: ``watch`` polling a live feed, a large ``ingest`` and ``serve`` under read
load, with the writers killed (SIGKILL) at random moments and restarted -- on SQLite and on PostgreSQL.

While they run, two readers watch from outside: one reads the store directly, each time inside one read
transaction (a snapshot), and checks that no half-written document is visible (a document without its
passages, an incident without reports, a report whose document is missing); the other hits the API
(``/api/stats``, ``/api/events``, ``/api/search``) and counts every answer that is not a 200, and every
event served without its reports. After the kills the writers run to completion, and the store must equal
the sequential result (the same corpus ingested, then the same feed watched once, into a fresh store),
table by table.

The feed releases its items one by one in real time, so ``watch`` keeps writing while ``ingest`` does. The
feed items and the corpus describe different days and texts, so nothing merges across the two and the
sequential order is well defined.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest
from feed_server import FeedServer, _send
from pg import pg_server  # noqa: F401 - session fixture, used through request.getfixturevalue
from sqlalchemy import create_engine, text
from test_crash import SEED, VOLATILE, make_corpus

from sitroom.ingest.feeds import FeedRegistry
from sitroom.ingest.fetch import FetchPolicy
from sitroom.jobs.pipeline import ingest
from sitroom.jobs.watch import Watcher, WatchOptions
from sitroom.options import Options
from sitroom.store.database import Store

KILLS = 5
FEED_ITEMS = 24
RELEASE_EVERY_S = 0.25
CHILD_TIMEOUT_S = 120
TABLES = ["documents", "passages", "passage_occurrences", "incidents", "reports", "rejections", "migrations"]
FEED_PLACES = ["Kherson", "Nikopol", "Kupiansk", "Sumy", "Kramatorsk", "Pokrovsk", "Izium", "Chernihiv",
               "Poltava", "Kryvyi Rih", "Mykolaiv", "Bakhmut"]

CHECKS = {
    "document without passages": "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
    "(SELECT 1 FROM passage_occurrences o WHERE o.doc_id = d.doc_id)",
    "incident without reports": "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS "
    "(SELECT 1 FROM reports r WHERE r.incident_id = i.incident_id)",
    "report without its document": "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS "
    "(SELECT 1 FROM documents d WHERE d.doc_id = r.doc_id)",
    "occurrence without its passage": "SELECT COUNT(*) FROM passage_occurrences o WHERE NOT EXISTS "
    "(SELECT 1 FROM passages p WHERE p.passage_id = o.passage_id)",
}


def feed_items() -> list[str]:
    """Reports of other days and places than the corpus (April 2024): nothing merges with it."""
    rng = random.Random(SEED + 1)
    items = []
    for n in range(FEED_ITEMS):
        place = FEED_PLACES[n % len(FEED_PLACES)]
        day = 10 + n // len(FEED_PLACES) * 3  # April 10, 13: one report per place and day
        k, i = rng.randint(1, 9), rng.randint(2, 30)
        body = (f"A Russian guided aerial bomb hit {place} on April {day}, killing {k} people and wounding {i}, "
                f"local officials said in bulletin {n + 1}.")
        items.append(
            f"<item><title>{place}, April {day}</title><guid>live-{n}</guid><link>https://live.example.org/{n}</link>"
            f"<pubDate>{['Wed', 'Sat'][n // len(FEED_PLACES)]}, {day} Apr 2024 08:00:00 GMT</pubDate>"
            f"<description>{body}</description></item>"
        )
    return items


class LiveFeed:
    """An RSS feed that releases one more item every RELEASE_EVERY_S seconds (all of them once ``finish``)."""

    def __init__(self) -> None:
        self.items = feed_items()
        self.started = time.monotonic()
        self.all = False

    def body(self) -> bytes:
        n = len(self.items) if self.all else min(len(self.items), 3 + int((time.monotonic() - self.started) / RELEASE_EVERY_S))
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Live bulletin</title>'
                + "".join(reversed(self.items[:n])) + "</channel></rss>").encode()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        _send(h, 200, self.body(), {"Content-Type": "application/rss+xml; charset=utf-8"})


def _cli(*args: str) -> list[str]:
    code = "import sys; from sitroom.cli.main import app; sys.argv[0] = 'sitroom'; app()"
    return [sys.executable, "-c", code, *args]


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(_cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every compared table as sorted rows without timestamps and autoincrement keys."""
    store = Store.open(url)
    out = {}
    with store.engine.connect() as conn:
        for table in TABLES:
            result = conn.execute(text(f"SELECT * FROM {table}"))
            keys = [k for k in result.keys() if k not in VOLATILE]
            out[table] = sorted((tuple((k, r._mapping[k]) for k in keys) for r in result), key=repr)
    store.close()
    return out


class Readers:
    """Two background readers: the store in snapshots, and the API. Both record what they saw."""

    def __init__(self, url: str, sqlite_path: Path | None, api: str) -> None:
        self.url, self.sqlite_path, self.api = url, sqlite_path, api
        self.stop = threading.Event()
        self.snapshots = 0
        self.half_written: list[str] = []
        self.api_ok = 0
        self.api_failed: list[str] = []
        self.threads = [threading.Thread(target=self._store_reader, daemon=True),
                        threading.Thread(target=self._api_reader, daemon=True)]

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(30)

    def _check(self, run: Any) -> None:
        for what, sql in CHECKS.items():
            n = run(sql)
            if n:
                self.half_written.append(f"{what}: {n}")
        self.snapshots += 1

    def _store_reader(self) -> None:
        if self.sqlite_path is not None:
            while not self.stop.is_set():
                try:
                    conn = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=10,
                                           isolation_level=None)
                    try:
                        conn.execute("BEGIN")  # one snapshot for all the checks (WAL)
                        self._check(lambda sql, c=conn: c.execute(sql).fetchone()[0])
                        conn.execute("COMMIT")
                    finally:
                        conn.close()
                except sqlite3.OperationalError:
                    pass  # not created or migrated yet
                time.sleep(0.02)
            return
        engine = create_engine(self.url.replace("postgresql://", "postgresql+psycopg://", 1),
                               isolation_level="REPEATABLE READ")
        while not self.stop.is_set():
            try:
                with engine.connect() as conn, conn.begin():
                    self._check(lambda sql, c=conn: c.execute(text(sql)).scalar())
            except Exception:  # noqa: BLE001 - tables not there yet
                pass
            time.sleep(0.02)
        engine.dispose()

    def _api_reader(self) -> None:
        paths = ["/api/stats", "/api/events?date=2024-03-28", "/api/events?limit=20", "/api/search?q=Kharkiv",
                 "/api/events?date=2024-04-10"]
        with httpx.Client(base_url=self.api, timeout=10) as client:
            n = 0
            while not self.stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                try:
                    resp = client.get(path)
                except httpx.HTTPError as exc:
                    self.api_failed.append(f"{path}: {type(exc).__name__}")
                    continue
                if resp.status_code != 200:
                    self.api_failed.append(f"{path}: HTTP {resp.status_code} {resp.text[:200]}")
                    continue
                if path.startswith("/api/events"):
                    bad = [e.get("id") for e in resp.json()["events"] if not e.get("reports")]
                    if bad:
                        self.half_written.append(f"API event without reports: {bad[:3]}")
                self.api_ok += 1


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, Path | None]]:
    """(store URL, reference store URL, SQLite file or None)."""
    if request.param == "sqlite":
        yield str(tmp_path / "live.db"), str(tmp_path / "reference.db"), tmp_path / "live.db"
    else:
        pg = request.getfixturevalue("pg_server")
        yield pg.fresh_url(), pg.fresh_url(), None


def _wait_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, (proc.stderr.read() if proc.stderr else b"").decode(errors="replace")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("serve did not come up")


def test_watch_ingest_and_serve_at_once_with_kill_9(urls: tuple[str, str, Path | None], tmp_path: Path) -> None:
    url, ref_url, sqlite_path = urls
    rng = random.Random(SEED)
    corpus = make_corpus(tmp_path / "corpus", random.Random(SEED), n_docs=150)
    live = LiveFeed()
    with FeedServer({"/live.rss": live.handle}, log=20) as srv:
        feed_url = srv.url("/live.rss")
        with Store.open(url) as s:  # migrated, the feed registered: what `feeds add` does
            FeedRegistry(s.engine).add(feed_url, name="live", lang="en")
        port = _free_port()
        server = _spawn("serve", "--db", url, "--port", str(port))
        writers: dict[str, subprocess.Popen[bytes]] = {}
        watch_args = ("watch", "--db", url, "--interval", "1", "--allow-private", "--ignore-robots",
                      "--host-delay", "0", "--timeout", "5")
        try:
            _wait_http(f"http://127.0.0.1:{port}/api/stats", server)
            writers.update(ingest=_spawn("ingest", str(corpus), "--db", url), watch=_spawn(*watch_args))
            kills: Counter[str] = Counter()
            with Readers(url, sqlite_path, f"http://127.0.0.1:{port}") as readers:
                for _ in range(KILLS):
                    time.sleep(rng.uniform(0.5, 2.0))
                    name = rng.choice(sorted(writers))
                    proc = writers[name]
                    if proc.poll() is None:
                        proc.send_signal(signal.SIGKILL)
                        kills[name] += 1
                    proc.wait(CHILD_TIMEOUT_S)
                    writers[name] = _spawn("ingest", str(corpus), "--db", url) if name == "ingest" else _spawn(*watch_args)
                # Then to completion: the ingest finishes, the feed shows everything, one last watch round.
                done = writers["ingest"]
                _out, err = done.communicate(timeout=CHILD_TIMEOUT_S)
                assert done.returncode == 0, err.decode(errors="replace")[-3000:]
                live.all = True
                time.sleep(2.5)  # the running watcher polls every second
                writers["watch"].send_signal(signal.SIGINT)
                _out, err = writers["watch"].communicate(timeout=CHILD_TIMEOUT_S)
                final = subprocess.run(_cli(*watch_args, "--once"), capture_output=True, timeout=CHILD_TIMEOUT_S)
                assert final.returncode == 0, final.stderr.decode(errors="replace")[-3000:]
                time.sleep(0.3)  # a last look from the readers at the finished store
            assert server.poll() is None, "serve died"
        finally:
            for proc in [server, *writers.values()]:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait(30)

        # The sequential result: the corpus ingested, then the feed watched once, into a fresh store.
        with Store.open(ref_url) as ref:
            report = ingest([corpus], ref, Options())
            assert report.documents_added > 120
            FeedRegistry(ref.engine).add(feed_url, name="live", lang="en")
            policy = FetchPolicy(allow_private=True, respect_robots=False, min_host_interval=0.0, timeout=5.0)
            with Watcher(ref, WatchOptions(once=True, policy=policy)) as w:
                assert w.run().documents_added == FEED_ITEMS

    assert sum(kills.values()) >= 3, kills
    assert readers.snapshots > 20 and readers.api_ok > 20, (readers.snapshots, readers.api_ok)
    assert not readers.half_written, readers.half_written[:10]
    assert not readers.api_failed, readers.api_failed[:10]
    got, want = snapshot(url), snapshot(ref_url)
    for table in TABLES:
        assert got[table] == want[table], f"{table} differs from the sequential result"
    print(f"\nthree processes: {dict(kills)} kills survived, {readers.snapshots} store snapshots and "
          f"{readers.api_ok} API answers checked, {len(got['documents'])} documents equal to the sequential run")
