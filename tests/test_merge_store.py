"""Incident identity in the store (issue 13): the same material ingested in one run or in many small runs
gives the same incidents; a report of the next day with a revised toll joins the incident; each report
keeps why it joined; analysts' corrections (split/join) hold for later reports and re-ingests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sitroom.cli.main import app
from sitroom.jobs.pipeline import ingest
from sitroom.store.database import Store

RECORDS = [
    {"id": "a1", "published": "2024-03-28", "source": "ukrinform", "lang": "en",
     "text": "A Russian missile hit a five-storey building in Pavlohrad on 28 March, killing 4 people and "
             "injuring 12, the Dnipropetrovsk regional governor said."},
    {"id": "a2", "published": "2024-03-28", "source": "suspilne", "lang": "uk",
     "text": "28 березня російська ракета влучила в п'ятиповерхівку в Павлограді: 4 людини загинули, 12 "
             "поранені, повідомив голова Дніпропетровської ОВА."},
    {"id": "a3", "published": "2024-03-29", "source": "rbc", "lang": "ru",
     "text": "Число погибших в результате ракетного удара по пятиэтажке в Павлограде 28 марта выросло до 6, "
             "ранены 12 человек, сообщил глава Днепропетровской ОВА."},
    {"id": "b1", "published": "2024-03-28", "source": "ukrinform", "lang": "en",
     "text": "Russian drones struck an oil depot in Kharkiv on 28 March, causing a large fire; nobody was hurt, "
             "the Kharkiv regional governor said."},
    {"id": "b2", "published": "2024-03-28", "source": "suspilne", "lang": "uk",
     "text": "28 березня російські дрони атакували нафтобазу в Харкові, виникла масштабна пожежа, "
             "постраждалих немає, повідомив Синєгубов."},
    {"id": "c1", "published": "2024-03-28", "source": "ukrinform", "lang": "en",
     "text": "A Russian missile hit a school in Kharkiv on 28 March, the Kharkiv regional governor said."},
]


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _incidents(store: Store) -> list[tuple[str, ...]]:
    """Each incident as the sorted ids of its documents (run-independent)."""
    out = []
    for ev in store.events(limit=10_000):
        out.append(tuple(sorted(r["doc_id"] for r in ev["reports"])))
    return sorted(out)


def test_one_run_equals_many_small_runs(tmp_path: Path) -> None:
    whole = Store.open(str(tmp_path / "one.db"))
    ingest([_write(tmp_path / "all.jsonl", RECORDS)], whole)
    parts = Store.open(str(tmp_path / "many.db"))
    for i, rec in enumerate(RECORDS):
        ingest([_write(tmp_path / f"part{i}.jsonl", [rec])], parts)
    assert _incidents(whole) == _incidents(parts)
    assert whole.stats() == parts.stats()
    # re-ingesting everything (a later watch poll) adds nothing and splits nothing
    before = _incidents(parts)
    ingest([tmp_path / "all.jsonl"], parts)
    assert _incidents(parts) == before and parts.stats() == whole.stats()


def test_revised_toll_joins_and_reasons_are_kept(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    ingest([_write(tmp_path / "all.jsonl", RECORDS)], store)
    pav = [ev for ev in store.events(limit=100) if (ev.get("location") or {}).get("name") == "Pavlohrad"]
    assert len(pav) == 1, [ev["reports"] for ev in pav]
    ev = pav[0]
    assert sorted(r["lang"] for r in ev["reports"]) == ["en", "ru", "uk"]
    assert ev["killed"] == 6  # the revision of the next day's report
    assert sorted(r["killed"] for r in ev["reports"]) == [4, 4, 6]
    joined = [r for r in ev["reports"] if r["merge_reason"]]
    assert len(joined) == 2
    assert all(any(x.startswith("same place") for x in r["merge_reason"]) for r in joined)
    # the school and the oil depot in Kharkiv stay two incidents
    kharkiv = [e for e in store.events(limit=100) if (e.get("location") or {}).get("name") == "Kharkiv"]
    assert len(kharkiv) == 2


def test_merge_fix_split_and_join_hold_across_reingest(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    data = _write(tmp_path / "all.jsonl", RECORDS)
    store = Store.open(db)
    ingest([data], store)
    ev = next(e for e in store.events(limit=100) if len(e["reports"]) == 3)
    victim = ev["reports"][-1]
    key = f"{victim['doc_id']}/{victim['event_id']}"
    store.close()
    runner = CliRunner()
    res = runner.invoke(app, ["merge-fix", "split", key, "--db", db, "--note", "test"])
    assert res.exit_code == 0, res.output
    store = Store.open(db)
    assert len(store.event(ev["event_id"])["reports"]) == 2  # type: ignore[index]
    new_id = res.output.strip().split()[-1]
    assert len(store.event(new_id)["reports"]) == 1  # type: ignore[index]
    before = _incidents(store)
    ingest([data], store)  # re-ingest: the split holds
    assert _incidents(store) == before
    store.close()
    res = runner.invoke(app, ["merge-fix", "join", ev["event_id"], new_id, "--db", db])
    assert res.exit_code == 0, res.output
    store = Store.open(db)
    assert len(store.event(ev["event_id"])["reports"]) == 3  # type: ignore[index]
    assert store.event(new_id) is None
    kinds = [c["kind"] for c in store.corrections()]
    assert kinds.count("apart") == 0 and kinds.count("together") == 1
    res = runner.invoke(app, ["merge-fix", "show", ev["event_id"], "--db", db])
    assert res.exit_code == 0 and "joined by an analyst" in res.output


def test_event_page_shows_why_reports_merged(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    db = str(tmp_path / "s.db")
    store = Store.open(db)
    ingest([_write(tmp_path / "all.jsonl", RECORDS)], store)
    ev = next(e for e in store.events(limit=100) if len(e["reports"]) == 3)
    store.close()
    page = TestClient(create_app(db)).get(f"/events/{ev['event_id']}")
    assert page.status_code == 200
    assert "Merged because: same place" in page.text and "First report of this event" in page.text


FIVE = [
    {"id": "f1", "published": "2024-03-28", "source": "Ukrinform", "lang": "en", "url": "https://www.ukrinform.net/a",
     "text": "A Russian drone hit an oil depot in Sumy on 28 March; 2 people were killed and 7 injured, the Sumy "
             "regional administration said."},
    {"id": "f2", "published": "2024-03-28", "source": "Suspilne", "lang": "uk", "url": "https://suspilne.media/b",
     "text": "28 березня російський дрон влучив у нафтобазу в Сумах: двоє людей загинули, семеро поранені, "
             "повідомила Сумська ОВА."},
    {"id": "f3", "published": "2024-03-28", "source": "Meduza", "lang": "ru", "url": "https://meduza.io/c",
     "text": "28 марта российский беспилотник попал в нефтебазу в Сумах, погибли 2 человека, 7 ранены, "
             "сообщила Сумская ОВА."},
    {"id": "f4", "published": "2024-03-28", "source": "Kyiv Independent", "lang": "en", "url": "https://kyivindependent.com/d",
     "text": "Russian drone strike on Sumy oil depot kills 2, injures 7, governor says. The attack on 28 March "
             "caused a large fire."},
    {"id": "f5", "published": "2024-03-29", "source": "UNIAN", "lang": "uk", "url": "https://www.unian.ua/e",
     "text": "Кількість загиблих унаслідок удару дрона по нафтобазі в Сумах 28 березня зросла до 3, поранені 7 "
             "людей, повідомила Сумська ОВА."},
]


def test_five_sources_three_languages_one_item(tmp_path: Path) -> None:
    from sitroom.briefing.render import render
    from sitroom.briefing.select import build_briefing

    store = Store.open(str(tmp_path / "s.db"))
    ingest([_write(tmp_path / "five.jsonl", FIVE)], store)
    sumy = [e for e in store.events(limit=100) if (e.get("location") or {}).get("name") == "Sumy"]
    assert len(sumy) == 1, [[r["doc_id"] for r in e["reports"]] for e in sumy]
    ev = sumy[0]
    assert len(ev["reports"]) == 5 and ev["sources_count"] == 5
    assert sorted({r["lang"] for r in ev["reports"]}) == ["en", "ru", "uk"]
    assert ev["killed"] == 3  # the next day's revision
    assert sorted(r["killed"] for r in ev["reports"]) == [2, 2, 2, 2, 3]  # each report keeps its own figure
    md = render(build_briefing(store, "2024-03-28"), "md")
    items = [line for line in md.splitlines() if line.startswith("- **") and "Sumy" in line]
    assert len(items) == 1, items
    for name in ("Ukrinform", "Suspilne", "Meduza", "Kyiv Independent", "UNIAN"):
        assert md.count(name) >= 1, name


def test_migration_0006_upgrades_an_older_store(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    store = Store.open(db)
    ingest([_write(tmp_path / "all.jsonl", RECORDS[:3])], store)
    with store.engine.begin() as conn:  # back to a store from before 0006
        conn.exec_driver_sql("DROP TABLE merge_corrections")
        conn.exec_driver_sql("ALTER TABLE reports DROP COLUMN merge_reason")
        conn.exec_driver_sql("DELETE FROM migrations WHERE name = '0006_merge_corrections'")
    store.close()
    store = Store.open(db)
    assert all(r["merge_reason"] is None for e in store.events() for r in e["reports"])
    ingest([_write(tmp_path / "more.jsonl", RECORDS[3:])], store)
    assert store.stats()["reports"] == len(RECORDS)
    assert store.corrections() == []
