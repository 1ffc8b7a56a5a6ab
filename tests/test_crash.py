"""Crash safety: `sitroom ingest` killed with SIGKILL at random moments, then run again to completion,
leaves exactly what one uninterrupted run leaves: the same documents, passages, occurrences, incidents,
reports, rejections and full-text rows, nothing twice and nothing half-written.

The corpus is generated in a temporary folder from real-looking English, Ukrainian and Russian reports
(several outlets covering the same strikes, wire copy repeated with small edits, so merging and
near-duplicate passages are exercised) plus one broken line (a rejection). The kills are seeded, so a
failure replays; each lands a random moment after the child has started writing.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sitroom.jobs.pipeline import ingest
from sitroom.options import Options
from sitroom.store.database import Store
from sitroom.store.schema import MIGRATIONS

SEED = 20240328
KILLS = 4
CHILD_TIMEOUT_S = 60

PLACES = [
    # (English, Ukrainian locative/accusative phrase, Russian phrase)
    ("Kharkiv", "Харків", "Харьков"),
    ("Kupiansk", "Куп'янськ", "Купянск"),
    ("Odesa", "Одесу", "Одессу"),
    ("Zaporizhzhia", "Запоріжжя", "Запорожье"),
    ("Kherson", "Херсон", "Херсон"),
    ("Sumy", "Суми", "Сумы"),
    ("Nikopol", "Нікополь", "Никополь"),
    ("Kramatorsk", "Краматорськ", "Краматорск"),
]
EN = [
    "Russian forces shelled {en} overnight, killing {k} civilians and injuring {i}, the regional governor said on Telegram.",
    "A Russian drone attack on {en} damaged residential buildings and a school; {i} people were wounded, officials said.",
    "Emergency crews in {en} were still clearing the rubble on Thursday morning after the missile strike.",
]
UK = [
    "Вночі ворог атакував {uk} ударними безпілотниками типу «Шахед», загинули {k} людей, ще {i} поранено.",
    "Внаслідок обстрілу пошкоджено багатоповерхівку та об'єкт енергетичної інфраструктури, повідомила ОВА.",
    "На місці працюють рятувальники ДСНС, триває розбір завалів.",
]
RU = [
    "В результате ракетного удара по городу {ru} погибли {k} человек, ещё {i} ранены, сообщили местные власти.",
    "Повреждены жилые дома и линия электропередачи, часть города осталась без света.",
    "На месте работают спасатели, разбор завалов продолжается.",
]
OUTLETS = {"en": ["Kyiv Independent", "Reuters", "Ukrinform"], "uk": ["Суспільне", "УНІАН"], "ru": ["Медуза", "ТАСС"]}


def make_corpus(folder: Path, rng: random.Random, n_docs: int = 72) -> Path:
    """Write the corpus as three JSON Lines files, one a language; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[str]] = {"en": [], "uk": [], "ru": []}
    earlier: list[str] = []
    for n in range(n_docs):
        lang = ("en", "uk", "ru")[n % 3]
        en, uk, ru = rng.choice(PLACES)
        k, i = rng.randint(1, 6), rng.randint(2, 20)
        templates = {"en": EN, "uk": UK, "ru": RU}[lang]
        paras = [t.format(en=en, uk=uk, ru=ru, k=k, i=i) for t in templates[: rng.randint(1, 3)]]
        if earlier and rng.random() < 0.3:
            # Wire copy: an earlier paragraph again, lightly edited (a near-duplicate passage).
            paras.append(rng.choice(earlier).replace(".", ", the statement added.", 1))
        earlier.extend(p for p in paras if len(p.split()) >= 10)
        day = f"2024-03-{27 + n % 3:02d}"
        rec = {
            "id": f"{lang}-{n}",
            "text": "\n\n".join(paras),
            "published": day,
            "source": rng.choice(OUTLETS[lang]),
            "url": f"https://example.org/{lang}/{n}",
            "lang": lang,  # given, as feeds and exports give it: no language detection to wait for
        }
        lines[lang].append(json.dumps(rec, ensure_ascii=False))
    lines["ru"].insert(5, '{"id": "broken", "text": ')  # one bad line: a recorded rejection
    for lang, rows in lines.items():
        (folder / f"{lang}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


# Columns that legitimately differ between runs: wall-clock stamps and autoincrement keys.
VOLATILE = {"added_at", "updated_at", "applied_at", "at", "report_id", "rejection_id"}
TABLES = ["migrations", "documents", "passages", "passage_occurrences", "incidents", "reports", "rejections"]


def snapshot(db: Path) -> dict[str, Any]:
    """Every table as a sorted list of rows without the volatile columns, plus the FTS rows."""
    out: dict[str, Any] = {}
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        for table in TABLES:
            rows = [
                tuple((k, r[k]) for k in r.keys() if k not in VOLATILE)
                for r in conn.execute(f"SELECT * FROM {table}")
            ]
            out[table] = sorted(rows, key=repr)
        out["passages_fts"] = sorted(tuple(r) for r in conn.execute("SELECT passage_id, text FROM passages_fts"))
    return out


def assert_consistent(db: Path) -> None:
    """No half-written document: every stored row belongs to a complete document and incident."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = {r[0] for r in conn.execute("SELECT name FROM migrations")} if "migrations" in tables else set()
        # Killed while migrating: each migration is one transaction, so what it recorded exists entirely.
        assert ("0001_initial" in applied) == ("documents" in tables)
        assert ("0002_fts_passages" in applied) == ("passages_fts" in tables)
        if applied != {name for name, _ in MIGRATIONS}:
            assert "documents" not in tables or conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
            return
        checks = {
            "document without passages": "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM passage_occurrences o WHERE o.doc_id = d.doc_id)",
            "incident without reports": "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS "
            "(SELECT 1 FROM reports r WHERE r.incident_id = i.incident_id)",
            "incident never recomputed": "SELECT COUNT(*) FROM incidents WHERE data = '{}' "
            "OR reports_count <> (SELECT COUNT(*) FROM reports r WHERE r.incident_id = incidents.incident_id)",
            "passage missing from search": "SELECT COUNT(*) FROM passages p WHERE p.kind <> 'boilerplate' "
            "AND p.passage_id NOT IN (SELECT passage_id FROM passages_fts)",
            "search row twice": "SELECT COUNT(*) - COUNT(DISTINCT passage_id) FROM passages_fts",
        }
        for what, sql in checks.items():
            assert conn.execute(sql).fetchone()[0] == 0, what


def _child(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    code = "import sys; from sitroom.cli.main import app; sys.argv[0] = 'sitroom'; app()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def _documents(db: Path) -> int:
    """Committed documents, read as the web server would read them while ingest writes."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return -1  # not created or not migrated yet


def _wait_for_commit(db: Path, proc: subprocess.Popen[bytes], before: int) -> None:
    """Until the child has committed a document beyond ``before``, or has exited."""
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    while proc.poll() is None and time.monotonic() < deadline:
        if _documents(db) > before:
            return
        time.sleep(0.01)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_kill_9_then_rerun_equals_uninterrupted_run(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    # Large enough that four kills land before the corpus is done: with the start-up cache a child ingests
    # about 200 of these documents a second, so 72 could finish before the first kill.
    corpus = make_corpus(tmp_path / "corpus", rng, n_docs=240)

    reference = tmp_path / "reference.db"
    with Store.open(str(reference)) as s:
        report = ingest([corpus], s, Options())
    assert report.documents_added > 60 and report.events > 40 and len(report.rejections) == 1

    crashed = tmp_path / "crashed.db"
    kills = 0
    for attempt in range(KILLS):
        proc = _child(corpus, crashed)
        if attempt == 0 and rng.random() < 0.5:
            time.sleep(rng.uniform(0.0, 0.6))  # during start-up: imports, opening, migrations
        else:
            _wait_for_commit(crashed, proc, max(0, _documents(crashed)))
            time.sleep(rng.uniform(0.0, 0.15))  # somewhere among the next few documents
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(CHILD_TIMEOUT_S)
        if proc.returncode > 0:  # it failed by itself: that is the error to show, not a missing kill
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise AssertionError(f"ingest exited with {proc.returncode} before it was killed:\n{err[-3000:]}")
        if crashed.exists():
            assert_consistent(crashed)
    assert kills >= 3, "the runs finished before they could be killed: the corpus is too small"

    proc = _child(corpus, crashed)
    _out, err = proc.communicate(timeout=CHILD_TIMEOUT_S)
    assert proc.returncode == 0, err.decode(errors="replace")

    assert_consistent(crashed)
    got, want = snapshot(crashed), snapshot(reference)
    for table in [*TABLES, "passages_fts"]:
        assert got[table] == want[table], f"{table} differs after kill -9 and rerun"
