"""Store: atomic writes, idempotence, passage dedup, merging with casualty history, stats, search.

Every test that takes ``store`` or ``db_url`` runs twice: on SQLite and on PostgreSQL (a throw-away
cluster from tests/pg.py; those variants skip, naming the fix, when the server is not installed).
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pg import pg_server  # noqa: F401 - the session fixture, used through request.getfixturevalue
from sqlalchemy import select
from store_samples import DAY, day_batch, hostile_batch, make_doc, make_event, passages_of

from sitroom.incidents import merge
from sitroom.jobs.pipeline import ingest
from sitroom.models import Rejection
from sitroom.options import Options
from sitroom.store.database import EventFilter, Store, StoreError, _token_snippet, _tsvector_literal, fold
from sitroom.store.schema import MIGRATIONS, migrations

INGEST_FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database: a SQLite file, or a fresh schema on the throw-away PostgreSQL cluster."""
    if backend == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_server").fresh_url())


@pytest.fixture()
def store(backend: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    url = ":memory:" if backend == "sqlite" else request.getfixturevalue("pg_server").fresh_url()
    s = Store.open(url)
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
    with pytest.raises(StoreError, match="unsupported"):
        Store.open("mysql://x")


def test_postgres_errors_are_store_errors_without_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(StoreError, match="cannot open database") as info:
        Store.open("postgresql://sitroom:s3cret@127.0.0.1:1/sitroom?connect_timeout=2")
    assert "s3cret" not in str(info.value)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # the driver is not installed
    with pytest.raises(StoreError, match="psycopg"):
        Store.open("postgresql://user@localhost/sitroom")


def test_migrations_recorded_and_idempotent(db_url: str) -> None:
    url = db_url
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


def test_reader_and_writer_share_a_database(db_url: str) -> None:
    url = db_url
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
    from sitroom.store.schema import reports

    with full.engine.connect() as conn:
        rows = conn.execute(select(reports.c.data).where(reports.c.doc_id == "doc-a-en")).all()
    assert json.loads(rows[0][0])["killed"] == 4


def test_fts_folds_case_and_latin_accents_only(full: Store) -> None:
    """Both backends fold like FTS5's unicode61: case everywhere, accents on Latin letters only."""
    doc = make_doc("doc-fr", "Frappe de missile sur Kramatorsk : un café détruit, selon la mairie.", "AFP", None, DAY, "fr")
    full.add_document(doc, passages_of(doc), [])
    for query in ("CAFE DETRUIT", "café", "Détru*"):
        assert "doc-fr" in {d["doc_id"] for h in full.search(query) for d in h["documents"]}, query
    assert "doc-c-ru" in {d["doc_id"] for h in full.search("ЖУРАВЛЕВКА") for d in h["documents"]}
    assert full.search("Журавлёвка") == []  # ё is its own letter to FTS5, so to PostgreSQL here too
    assert full.search("Pavlohrad Журавлевка") == []  # every word is required
    assert len(full.search("the", limit=2)) <= 2


def test_pipeline_stats_and_reads_equal_across_backends(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The same corpus through the whole pipeline gives the same stats, events and search hits."""
    pg_url = request.getfixturevalue("pg_server").fresh_url()
    results = []
    for url in (str(tmp_path / "same.db"), pg_url):
        with Store.open(url) as s:
            report = ingest([INGEST_FIXTURES], s, Options(published=DAY))
            again = ingest([INGEST_FIXTURES], s, Options(published=DAY))  # idempotent re-ingest
            assert again.documents_added == 0
            results.append(
                (
                    report.documents_added,
                    s.stats(),
                    s.events(),
                    s.dates(),
                    [
                        (h["passage_id"], re.findall("<mark>(.*?)</mark>", h["snippet_html"]), h["documents"])
                        for q in ("Одесу", "Kupiansk", "белгород", "гладков вячеслав", "безпілот*")
                        for h in s.search(q)
                    ],
                )
            )
    assert results[0][1]["documents"] > 0
    assert results[0] == results[1]


def test_fold_and_tsvector_literal() -> None:
    assert fold("Журавлевка") == "журавлевка" and fold("Журавлёвка") == "журавлёвка"
    assert fold("КИЇВ") == "київ" and fold("Café") == "cafe" and fold("Łódź") == "łodz"
    assert _tsvector_literal("Шахед, шахед! Kherson") == "'шахед':1,2 'kherson':3"
    assert _tsvector_literal("x" * 300) == ""  # over PostgreSQL's lexeme limit: not indexed
    huge = _tsvector_literal("обстріл " * 100_000)  # a runaway paragraph stays under the 1 MB tsvector cap
    assert huge.startswith("'обстріл':1,2,") and len(huge) < 1_000_000


def test_token_snippet_marks_hits() -> None:
    text = "Вночі ворог атакував Одесу ударними безпілотниками типу «Шахед»."
    snip = _token_snippet(text, [("одесу", False), ("шах", True)])
    assert snip == "Вночі ворог атакував \x02Одесу\x03 ударними безпілотниками типу «\x02Шахед\x03»."
    long = " ".join(f"w{i}" for i in range(40)) + " Kupiansk " + " ".join(f"v{i}" for i in range(40))
    snip = _token_snippet(long, [("kupiansk", False)])
    assert snip.startswith("…") and snip.endswith("…") and "\x02Kupiansk\x03" in snip


def test_concurrent_opens_migrate_once(db_url: str) -> None:
    """The web server and an ingest starting together on a new database: both open, each migration once."""
    stores: list[Store] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            stores.append(Store.open(db_url))
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with stores[0].engine.connect() as conn:
        names = [r.name for r in conn.execute(select(migrations.c.name))]
    assert sorted(names) == sorted(n for n, _ in MIGRATIONS)
    for s in stores:
        s.close()


def test_find_and_count_events_filter_in_sql(full: Store) -> None:
    everything = full.find_events()
    assert [e["event_id"] for e in everything] == [e["event_id"] for e in full.events(DAY)]
    assert full.count_events() == 6

    def ids(**kw: Any) -> list[str]:
        sort = kw.pop("sort", "default")
        flt = EventFilter(**kw)
        found = [e["event_id"] for e in full.find_events(flt, sort=sort)]
        assert full.count_events(flt) == len(found)
        return found

    assert ids(admin1="KHARKIV oblast") == ids(admin1="Kharkiv") == ["ev-d2", "ev-d1"]
    assert set(ids(weapons=("shahed", "artillery"))) == {"ev-a1", "ev-c1", "ev-d1", "ev-d2", "ev-f1"}
    assert ids(targets=("civilians",)) == ["ev-c1"]
    assert ids(lang="ru") == ["ev-c1"]  # the Belgorod report is the only Russian one
    assert set(ids(lang="uk")) >= {"ev-a1"}  # a Ukrainian report merged into the Pavlohrad incident
    assert set(ids(initiator="UA")) == {"ev-c1", "ev-e1"}
    assert ids(claim_status="claimed") == ["ev-e1"]
    assert ids(source="GLADKOV") == ["ev-c1"] and ids(source="%") == []
    assert ids(date_from="2024-03-29") == [] and len(ids(date_to=DAY)) == 6
    assert ids(sort="-killed")[0] == "ev-a1"
    assert [e["event_id"] for e in full.find_events(sort="-killed", limit=2, offset=1)] == ids(sort="-killed")[1:3]
    with pytest.raises(StoreError, match="unknown sort"):
        full.find_events(sort="colour")
    # The JSON-text variant (the web API's) is the same events, spliced from the stored JSON.
    for flt in (EventFilter(), EventFilter(admin1="kharkiv"), EventFilter(lang="uk")):
        assert [json.loads(t) for t in full.find_events_json(flt)] == full.find_events(flt)


def test_filter_keys_migration_backfills_an_older_store(db_url: str) -> None:
    """A store written before 0004 (no filter columns, no facet table) gets them filled on open."""
    s = Store.open(db_url)
    for item in day_batch():
        s.add_document(*item)
    queries = [
        EventFilter(admin1="kharkiv"),
        EventFilter(weapons=("drone",)),
        EventFilter(lang="ru"),
        EventFilter(source="reuters"),
        EventFilter(claim_status="claimed", initiator="UA"),
    ]
    before = [[e["event_id"] for e in s.find_events(q)] for q in queries]
    with s.engine.begin() as conn:  # undo 0004 by hand
        conn.exec_driver_sql("DROP TABLE incident_facets")
        for index in ("ix_inc_admin1key", "ix_inc_admin1key_type", "ix_inc_subtype"):
            conn.exec_driver_sql(f"DROP INDEX {index}")
        for col in ("admin1_key", "initiator", "claim_status", "source_key"):
            conn.exec_driver_sql(f"ALTER TABLE incidents DROP COLUMN {col}")
        conn.execute(migrations.delete().where(migrations.c.name == "0004_filter_keys"))
    s.close()
    s = Store.open(db_url)
    assert [[e["event_id"] for e in s.find_events(q)] for q in queries] == before
    assert all(before) and s.migrate() == []
    s.close()


def test_passages_published_lists_first_body_occurrences(full: Store) -> None:
    rows = full.passages_published(DAY)
    assert rows and all(r["published"] == DAY for r in rows)
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts))  # a passage shared by two documents is listed once
    assert {"doc_id", "source", "url", "lang", "text"} <= set(rows[0])
    assert full.passages_published("1999-01-01") == []
