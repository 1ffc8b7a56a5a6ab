"""Store: atomic writes, idempotence, passage dedup, merging with casualty history, stats, search."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from store_samples import DAY, day_batch, hostile_batch, make_doc, make_event, passages_of

from sitroom import merge
from sitroom.models import Rejection
from sitroom.store import Store, StoreError
from sitroom.store_schema import MIGRATIONS, migrations


@pytest.fixture()
def store() -> Store:
    s = Store.open(":memory:")
    yield s
    s.close()


@pytest.fixture()
def full(store: Store) -> Store:
    for doc, ps, evs in day_batch():
        assert store.add_document(doc, ps, evs) is True
    return store


def test_open_variants(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    for url in (str(path), f"sqlite:///{path}"):
        s = Store.open(url)
        assert s.stats()["documents"] == 0
        s.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(StoreError, match="psycopg"):
        Store.open("postgresql://user@localhost/sitroom")
    with pytest.raises(StoreError, match="unsupported"):
        Store.open("mysql://x")


def test_migrations_recorded_and_idempotent(tmp_path: Path) -> None:
    url = str(tmp_path / "m.db")
    s = Store.open(url)
    with s.engine.connect() as conn:
        names = [r.name for r in conn.execute(select(migrations.c.name, migrations.c.applied_at))]
    assert names == [n for n, _ in MIGRATIONS]
    assert s.migrate() == []
    s.close()
    assert Store.open(url).migrate() == []


def test_add_document_and_idempotent_readd(full: Store) -> None:
    before = full.stats()
    assert before == {"documents": 6, "passages": 9, "events": 6, "reports": 7, "rejections": 0}
    doc, ps, evs = day_batch()[0]
    assert full.has_document(doc.doc_id)
    assert full.add_document(doc, ps, evs) is False
    assert full.stats() == before


def test_atomic_add_rolls_back_on_failure(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    doc, ps, evs = day_batch()[3]  # two events: fail while merging the second

    calls = {"n": 0}
    real = merge.best_match

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(merge, "best_match", flaky)
    with pytest.raises(RuntimeError):
        store.add_document(doc, ps, evs)
    assert store.stats() == {"documents": 0, "passages": 0, "events": 0, "reports": 0, "rejections": 0}
    assert store.search("Vovchansk") == []  # the FTS rows rolled back too
    monkeypatch.setattr(merge, "best_match", real)
    assert store.add_document(doc, ps, evs) is True
    assert store.stats()["events"] == 2


def test_passage_dedup_across_docs(full: Store) -> None:
    hits = full.search("residential buildings damaged")
    assert len(hits) == 1
    assert {d["doc_id"] for d in hits[0]["documents"]} == {"doc-a-en", "doc-b-uk", "doc-f-uk"}


def test_near_duplicate_passage_links_to_canonical(store: Store) -> None:
    doc, ps, evs = day_batch()[0]
    store.add_document(doc, ps, evs)
    other = make_doc("doc-copy", ps[1].text + " (updated)", "Copy site", None, DAY)
    p = passages_of(other)[0]
    from dataclasses import replace

    p = replace(p, duplicate_of=ps[1].passage_id)
    assert store.add_document(other, [p], [])
    assert store.stats()["passages"] == 3  # no new text unit
    docs = {d["doc_id"] for d in store.search("Lysak")[0]["documents"]}
    assert docs == {"doc-a-en", "doc-copy"}


def test_merge_same_incident_keeps_casualty_history(full: Store) -> None:
    ev = full.event("ev-a1")
    assert ev is not None
    assert ev["killed"] == 6 and ev["injured"] == 12  # toll revised 4 -> 6 by the later report
    assert ev["sources_count"] == 2
    assert [(r["doc_id"], r["killed"]) for r in ev["reports"]] == [("doc-a-en", 4), ("doc-b-uk", 6)]
    assert {e["doc_id"] for e in ev["evidence"]} == {"doc-a-en", "doc-b-uk"}
    assert ev["weapons"] == ["drone", "shahed"]
    assert ev["doc_id"] == "doc-a-en"


def test_revision_order_follows_published_not_insertion(store: Store) -> None:
    batch = day_batch()
    store.add_document(*batch[1])  # the later 6-killed report arrives first
    store.add_document(*batch[0])
    ev = store.events(DAY)[0]
    assert ev["killed"] == 6
    assert ev["event_id"] == "ev-b1"


def test_different_villages_same_day_do_not_merge(full: Store) -> None:
    kharkiv = full.events(DAY, admin1="Kharkiv")
    assert sorted(e["location"]["name"] for e in kharkiv) == ["Vovchansk", "Vovchanski Khutory"]


def test_other_document_reports_merge_into_each_village(full: Store) -> None:
    doc = make_doc("doc-g-ru", "Под Волчанском ранен мужчина 54 лет.", "RIA", None, DAY, "ru")
    from store_samples import VOVCHANSK

    ev = make_event(doc, "ev-g1", doc.text, sub="Shelling/artillery/missile attack", loc=VOVCHANSK, injured=1)
    full.add_document(doc, passages_of(doc), [ev])
    assert full.stats()["events"] == 6
    vov = full.event("ev-d1")
    assert vov is not None and vov["sources_count"] == 2


def test_events_filters_and_schema_shape(full: Store) -> None:
    all_day = full.events(DAY)
    assert len(all_day) == 6
    assert all_day[0]["event_id"] == "ev-a1"  # most severe first
    assert [e["event_id"] for e in full.events(DAY, limit=2, offset=1)] == [
        e["event_id"] for e in all_day[1:3]
    ]
    assert {e["event_id"] for e in full.events(DAY, event_type="Explosions/Remote violence")} == {
        e["event_id"] for e in all_day
    }
    assert full.events("2024-01-01") == []
    assert full.event("nope") is None
    with pytest.raises(StoreError):
        full.events(DAY, colour="red")
    assert full.dates() == [DAY]


def test_rejections_not_duplicated(store: Store) -> None:
    r = Rejection("/in/big.html", "too_large", "60 MB > 50 MB")
    store.add_rejection(r)
    store.add_rejection(r)
    store.add_rejection(Rejection("/in/x.bin", "binary"))
    rows = store.rejections()
    assert [(x["path"], x["reason"]) for x in rows] == [
        ("/in/big.html", "too_large"),
        ("/in/x.bin", "binary"),
    ]
    assert rows[0]["at"]
    assert store.stats()["rejections"] == 2


@pytest.mark.parametrize(
    "query,doc",
    [
        ("Pavlohrad", "doc-a-en"),
        ("павлоград", "doc-b-uk"),  # Cyrillic case folding
        ("Журавлевка", "doc-c-ru"),
        ("Shahed", "doc-f-uk"),
        ("Lysak said", "doc-a-en"),
        ("Павлогр*", "doc-b-uk"),
    ],
)
def test_fts_search(full: Store, query: str, doc: str) -> None:
    hits = full.search(query)
    assert hits, query
    assert doc in {d["doc_id"] for h in hits for d in h["documents"]}
    assert "<mark>" in hits[0]["snippet_html"]


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "))(", "NEAR(", "", "   ", "col:x"])
def test_fts_search_hostile_syntax_never_raises(full: Store, query: str) -> None:
    assert isinstance(full.search(query), list)


def test_search_snippet_escapes_html(store: Store) -> None:
    for item in hostile_batch():
        store.add_document(*item)
    hit = store.search("Kherson")[0]
    assert "<script>" not in hit["snippet_html"] and "&lt;script&gt;" in hit["snippet_html"]


def test_reader_and_writer_share_a_file(tmp_path: Path) -> None:
    url = str(tmp_path / "c.db")
    writer = Store.open(url)
    reader = Store.open(url)
    errors: list[BaseException] = []

    def read_loop() -> None:
        try:
            for _ in range(30):
                reader.stats()
                reader.events(DAY)
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    t = threading.Thread(target=read_loop)
    t.start()
    for item in day_batch():
        writer.add_document(*item)
    t.join()
    assert not errors
    assert reader.stats()["events"] == 6
    writer.close()
    reader.close()


def test_report_rows_keep_original_figures_as_json(full: Store) -> None:
    from sitroom.store_schema import reports

    with full.engine.connect() as conn:
        rows = conn.execute(select(reports.c.data).where(reports.c.doc_id == "doc-a-en")).all()
    assert json.loads(rows[0][0])["killed"] == 4
