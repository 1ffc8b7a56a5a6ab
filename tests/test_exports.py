"""Exports: filtered views (EventQuery/select_events) and the CSV, ACLED CSV, GeoJSON and JSONL serialisers,
as a library and through /api/export.*."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from store_samples import (
    DAY,
    PAVLOHRAD,
    VOVCHANSK,
    day_batch,
    hostile_batch,
    make_doc,
    make_event,
    passages_of,
)

from sitroom.models import Claim
from sitroom.store.database import Store
from sitroom.web import exports
from sitroom.web.app import create_app
from sitroom.web.exports import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    EventQuery,
    QueryError,
    acled_row,
    cell,
    export,
    geojson_feature,
    select_events,
    sort_events,
)


def formula_batch() -> list[Any]:
    """A report whose source name and text start like spreadsheet formulas (2024-03-25)."""
    text = '=HYPERLINK("http://evil.example","click") Обстрел Павлограда: погиб один человек.'
    doc = make_doc("doc-z-ru", text, "@evil_channel", "https://t.me/evil/1", "2024-03-25", "ru")
    ev = make_event(
        doc,
        "ev-z1",
        text,
        loc=PAVLOHRAD,
        killed=1,
        date="2024-03-25",
        claim=Claim("claimed", "-1+1", "social"),
    )
    return [(doc, passages_of(doc), [ev])]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("exports") / "exports.db"
    s = Store.open(str(db))
    for item in day_batch() + hostile_batch() + formula_batch():
        s.add_document(*item)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    with TestClient(create_app(store.url, store=store)) as c:
        yield c


@pytest.fixture(scope="module")
def day_events(store: Store) -> list[dict[str, Any]]:
    return store.events(DAY)


# ------------------------------------------------------------------------------------------ queries


def test_query_validation() -> None:
    with pytest.raises(QueryError) as bad_date:
        EventQuery.build(date="2024-02-30")
    assert bad_date.value.status == 400 and "YYYY-MM-DD" in bad_date.value.message
    with pytest.raises(QueryError) as bad_type:
        EventQuery.build(weapon=["drone,laser"])
    assert bad_type.value.status == 422 and "laser" in bad_type.value.message
    q = EventQuery.build(date="", admin1="  Kharkiv  Oblast ", weapon=["drone,shahed", "drone"], country="ua")
    assert (
        q.date is None
        and q.admin1 == "Kharkiv Oblast"
        and q.weapon == ("drone", "shahed")
        and q.country == "UA"
    )
    assert q.params() == [
        ("admin1", "Kharkiv Oblast"),
        ("country", "UA"),
        ("weapon", "drone"),
        ("weapon", "shahed"),
    ]
    assert EventQuery.build(date_from="2024-03-01").describe() == "2024-03-01_end"


def test_select_events_matches_store_and_pages(store: Store) -> None:
    q = EventQuery.build(date=DAY)
    everything = select_events(store, q)
    assert everything.total == 6 and [e["event_id"] for e in everything.events] == [
        e["event_id"] for e in store.events(DAY)
    ]
    fast = select_events(store, q, limit=100)  # answered by the store alone
    assert fast.events == everything.events and fast.total == 6
    page = select_events(store, q, limit=2, offset=4)
    assert page.total == 6 and page.events == everything.events[4:6]
    kh = select_events(store, EventQuery.build(admin1="kharkiv", sort="-killed"))
    assert [e["event_id"] for e in kh.events] == ["ev-d2", "ev-d1"]
    rng = select_events(store, EventQuery.build(date_from="2024-03-25", date_to="2024-03-27"))
    assert [e["event_id"] for e in rng.events] == ["ev-h1", "ev-z1"]  # newest day first


def test_sort_keeps_missing_values_last() -> None:
    evs = [{"event_id": "a", "killed": None}, {"event_id": "b", "killed": 2}, {"event_id": "c", "killed": 5}]
    assert [e["event_id"] for e in sort_events(evs, "-killed")] == ["c", "b", "a"]
    assert [e["event_id"] for e in sort_events(evs, "killed")] == ["b", "c", "a"]
    assert sort_events(evs, "default") == evs


# ------------------------------------------------------------------------------------------ serialisers


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv(day_events: list[dict[str, Any]]) -> None:
    text = export(day_events, "csv")
    out = rows(text)
    assert list(out[0]) == list(CSV_COLUMNS) and len(out) == 6
    pav = next(r for r in out if r["event_id"] == "ev-a1")
    assert pav["killed"] == "6" and pav["injured"] == "12" and pav["admin1"] == "Dnipropetrovsk"
    assert pav["sources"] == "Kyiv Independent; t.me/dnipropetrovskaODA" and pav["languages"] == "en; uk"
    assert pav["weapons"] == "drone; shahed" and pav["latitude"] == "48.5347"
    uk = next(r for r in out if r["event_id"] == "ev-f1")
    assert uk["location"] == "" and uk["evidence"].startswith("Росія вночі атакувала Україну")


def test_acled_csv(day_events: list[dict[str, Any]]) -> None:
    out = rows(export(day_events, "acled.csv"))
    assert tuple(out[0]) == ACLED_COLUMNS
    for col in (
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ):
        assert col in ACLED_COLUMNS
    by_id = {r["event_id_cnty"]: r for r in out}
    pav = by_id["ev-a1"]
    assert pav["event_date"] == DAY and pav["year"] == "2024" and pav["time_precision"] == "1"
    assert (
        pav["disorder_type"] == "Political violence" and pav["actor1"] == "Military Forces of Russia (2000-)"
    )
    assert pav["actor2"] == "Civilians (Ukraine)" and pav["civilian_targeting"] == "Civilian targeting"
    assert pav["fatalities"] == "6" and "injured: 12" in pav["tags"] and pav["iso"] == "804"
    assert pav["notes"].startswith(f"On {DAY}: ") and "Pavlohrad" in pav["notes"]
    belgorod = by_id["ev-c1"]
    assert belgorod["country"] == "Russia" and belgorod["actor1"] == "Military Forces of Ukraine (2019-)"
    assert belgorod["actor2"] == "Civilians (Russia)" and belgorod["fatalities"] == "0"
    kursk = by_id["ev-e1"]
    assert kursk["geo_precision"] == "3" and "claim: claimed" in kursk["tags"] and kursk["actor2"] == ""
    assert by_id["ev-f1"]["country"] == "" and by_id["ev-f1"]["latitude"] == ""


def test_acled_row_undated_and_battle() -> None:
    ev = {
        "event_id": "x",
        "date": None,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "initiator": "UA",
        "location": None,
        "killed": None,
        "injured": None,
        "claim": {"status": "claimed"},
        "evidence": [{"doc_id": "d", "text": "Бої тривають."}],
    }
    row = acled_row(ev)
    assert (
        row["time_precision"] == 3
        and row["year"] is None
        and row["actor2"].startswith("Military Forces of Russia")
    )
    assert row["interaction"] == "State forces-State forces" and row["fatalities"] == 0


def test_geojson(day_events: list[dict[str, Any]]) -> None:
    fc = json.loads(export(day_events, "geojson"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 6
    pav = next(f for f in fc["features"] if f["id"] == "ev-a1")
    assert pav["geometry"] == {"type": "Point", "coordinates": [35.8706, 48.5347]}  # lon, lat
    assert pav["properties"]["sources"] == ["Kyiv Independent", "t.me/dnipropetrovskaODA"]
    assert pav["properties"]["weapons"] == ["drone", "shahed"]
    unlocated = geojson_feature(next(e for e in day_events if e["event_id"] == "ev-f1"))
    assert unlocated["geometry"] is None
    assert json.loads(export([], "geojson")) == {"type": "FeatureCollection", "features": []}


def test_jsonl_round_trip(day_events: list[dict[str, Any]]) -> None:
    lines = export(day_events, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == day_events
    assert "Павлоград" in "".join(lines)  # UTF-8, not \u escapes


def test_formula_injection_neutralised(store: Store) -> None:
    ev = store.events("2024-03-25")
    flat = rows(export(ev, "csv"))[0]
    assert flat["evidence"].startswith("'=HYPERLINK") and flat["sources"] == "'@evil_channel"
    assert flat["claimant"] == "'-1+1"
    acled = rows(export(ev, "acled.csv"))[0]
    assert acled["source"] == "'@evil_channel" and acled["latitude"] == "48.5347"
    assert cell(-3.5) == -3.5 and cell("-3") == "'-3" and cell("Kyiv") == "Kyiv"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export([], "xlsx")


# ------------------------------------------------------------------------------------------ HTTP


@pytest.mark.parametrize("fmt", list(exports.FORMATS))
def test_export_endpoints_follow_filters(client: TestClient, fmt: str) -> None:
    r = client.get(f"/api/export.{fmt}", params={"date": DAY, "admin1": "Kharkiv"})
    assert r.status_code == 200
    spec = exports.FORMATS[fmt]
    assert r.headers["content-type"].split(";")[0] == spec.media_type.split(";")[0]
    assert r.headers["content-disposition"] == f'attachment; filename="sitroom-events-{DAY}.{spec.extension}"'
    if fmt == "geojson":
        got = {f["id"] for f in r.json()["features"]}
    elif fmt == "jsonl":
        got = {json.loads(x)["event_id"] for x in r.text.splitlines()}
    else:
        key = "event_id_cnty" if fmt == "acled.csv" else "event_id"
        got = {row[key] for row in rows(r.text)}
    assert got == {"ev-d1", "ev-d2"}


def test_export_equals_api_view(client: TestClient) -> None:
    params = {"date_from": "2024-03-25", "sort": "-killed", "lang": "ru"}
    api = [e["event_id"] for e in client.get("/api/events", params=params).json()["events"]]
    exported = [
        json.loads(x)["event_id"] for x in client.get("/api/export.jsonl", params=params).text.splitlines()
    ]
    assert api == exported == ["ev-z1", "ev-c1"]
    limited = client.get("/api/export.csv", params={**params, "limit": 1}).text
    assert len(rows(limited)) == 1


def test_export_hostile_text_is_data(client: TestClient) -> None:
    r = client.get("/api/export.csv", params={"date": "2024-03-27"})
    row = rows(r.text)[0]
    assert row["sources"] == '<b onmouseover="x()">evil</b>' and row["urls"] == "javascript:alert(1)"
    assert (
        r.headers["content-type"].startswith("text/csv") and r.headers["x-content-type-options"] == "nosniff"
    )


def test_empty_export(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "e.db"))) as c:
        assert rows(c.get("/api/export.acled.csv").text) == []
        assert c.get("/api/export.acled.csv").text.startswith("event_id_cnty,event_date,year")
        assert c.get("/api/export.jsonl").text == ""


# ------------------------------------------------------------------------------ SQL path = Python path


class DaysOnly:
    """The store seen only through ``events(date, ...)`` and ``dates()``: ``select_events`` then filters
    and sorts in Python (``EventQuery.matches``/``sort_events``), the reference for the SQL path."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def events(
        self, date: str | None = None, limit: int = 1000, offset: int = 0, **filters: str | None
    ) -> list[dict[str, Any]]:
        return self._store.events(date, limit=limit, offset=offset, **filters)

    def dates(self) -> list[str]:
        return self._store.dates()


def extra_batch() -> list[Any]:
    """An undated Ukrainian report without a place and a Russian one in 'Kharkiv Oblast' spelling."""
    uk = "Росія вночі атакувала енергетичну інфраструктуру ударними дронами, повідомили в Укренерго."
    doc_uk = make_doc("doc-x-uk", uk, "Укренерго", "https://t.me/Ukrenergo/2890", None, "uk")
    ev_uk = make_event(
        doc_uk, "ev-x1", uk, date=None, weapons=("shahed", "drone"), targets=("energy",),
        claim=Claim("confirmed", "Ukrenergo", "official_ua"),
    )
    ru = "ВСУ обстреляли Волчанск из артиллерии, сообщило Минобороны России."
    doc_ru = make_doc("doc-x-ru", ru, "RIA Novosti", "https://ria.ru/20240326/volchansk.html", "2024-03-26", "ru")
    loc = dataclasses.replace(VOVCHANSK, admin1="Kharkiv Oblast")
    ev_ru = make_event(
        doc_ru, "ev-x2", ru, sub="Shelling/artillery/missile attack", loc=loc, killed=0, injured=2,
        initiator="UA", weapons=("artillery",), date="2024-03-26",
        claim=Claim("claimed", "Russian Ministry of Defence", "official_ru"),
    )
    return [(doc_uk, passages_of(doc_uk), [ev_uk]), (doc_ru, passages_of(doc_ru), [ev_ru])]


QUERIES: list[dict[str, Any]] = [
    {},
    {"date": DAY},
    {"date_from": "2024-03-25"},
    {"date_to": "2024-03-27"},
    {"date_from": "2024-03-26", "date_to": "2024-03-28"},
    {"admin1": "kharkiv"},
    {"admin1": "KHARKIV  oblast"},
    {"admin1": "Kursk"},
    {"country": "ru"},
    {"event_type": "Explosions/Remote violence"},
    {"sub_event_type": "Shelling/artillery/missile attack"},
    {"weapon": ["drone,shahed"]},
    {"weapon": ["artillery"], "date": DAY},
    {"target": ["energy", "residential"]},
    {"initiator": "UA"},
    {"claim_status": "claimed"},
    {"claim_status": "confirmed"},
    {"source": "KYIV"},
    {"source": "t.me/"},
    {"source": "укренерго"},
    {"source": "100%_"},
    {"lang": "uk"},
    {"lang": "ru", "date_from": "2024-03-25"},
    {"weapon": ["artillery"], "admin1": "kharkiv", "initiator": "UA"},
]


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store.open(str(tmp_path_factory.mktemp("varied") / "varied.db"))
    for item in day_batch() + hostile_batch() + formula_batch() + extra_batch():
        s.add_document(*item)
    yield s
    s.close()


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_sql_filters_equal_python_filters(varied: Store, params: dict[str, Any]) -> None:
    for sort in exports.SORTS:
        q = EventQuery.build(**params, sort=sort)
        expected = select_events(DaysOnly(varied), q)
        got = select_events(varied, q)
        assert [e["event_id"] for e in got.events] == [e["event_id"] for e in expected.events], sort
        assert got.total == expected.total and got.events == expected.events
        for limit, offset in ((1, 0), (2, 1), (3, 3), (50, 100)):
            page = select_events(varied, q, limit=limit, offset=offset)
            assert page.events == expected.events[offset : offset + limit] and page.total == expected.total
            texts, total = exports.select_events_json(varied, q, limit=limit, offset=offset)
            assert [json.loads(t) for t in texts] == page.events and total == expected.total


def test_every_query_shape_is_exercised(varied: Store) -> None:
    """The equality test above means something only if the filters select different, non-empty sets."""
    sizes = {json.dumps(p): select_events(varied, EventQuery.build(**p)).total for p in QUERIES}
    assert all(n > 0 for p, n in sizes.items() if "100%" not in p)
    assert sizes[json.dumps({})] == 10 and sizes[json.dumps({"source": "100%_"})] == 0
    assert len(set(sizes.values())) >= 6
