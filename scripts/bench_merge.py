"""`make bench` part: merge speed (issue 13).

1. **A day of reports.** 10,000 synthetic reports of one day (en/uk/ru wording, places drawn from the
   gazetteer's settlements weighted by population so big cities get many reports, sites, weapons, figures;
   a third of them re-reports of an earlier incident) written through ``Store.add_document`` into a fresh
   SQLite file: candidate query (event date +-1 day, 25 km box or same place id), scoring, the report row and
   the incident recomputed. Budget: under 10 s.
2. **The curve.** The same 1,000 new reports merged into a store already holding N incidents spread over
   N/2,000 days (10k, 100k, 1M), filled by bulk insert. Candidate lookup is an index range on
   (date, lat), so the cost per report should stay flat (log N); the script prints ms per report and the
   ratio to the smallest store.

    .venv/bin/python scripts/bench_merge.py [--day 10000] [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from sitroom.models import Claim, Document, Event, Evidence, Location, Place
from sitroom.reading.gazetteer import default_gazetteer
from sitroom.store.database import Store
from sitroom.store.schema import incidents

DAY = "2024-03-28"
BUDGET_S = 10.0
TEMPLATES = {
    "en": "Russian {w} hit {s} in {p}, {k} killed and {i} injured, the regional governor said.",
    "uk": "Російські {w} вдарили по {s} у {p}: {k} загиблих, {i} поранених, повідомив голова ОВА.",
    "ru": "Российские {w} ударили по {s} в {p}: {k} погибших, {i} раненых, сообщил глава ОВА.",
}
WEAPONS = {
    "en": ["drones", "missiles", "artillery", "guided bombs"],
    "uk": ["дрони", "ракети", "артилерія", "КАБи"],
    "ru": ["дроны", "ракеты", "артиллерия", "КАБы"],
}
WEAPON_CODES = ["drone", "missile", "artillery", "guided_bomb"]
SITES = {
    "en": ["an oil depot", "a substation", "a school", "a hospital", "an apartment block", "a market"],
    "uk": ["нафтобазі", "підстанції", "школі", "лікарні", "багатоповерхівці", "ринку"],
    "ru": ["нефтебазе", "подстанции", "школе", "больнице", "многоэтажке", "рынку"],
}


def _places(rng: random.Random, n: int) -> list[Place]:
    gaz = default_gazetteer()
    settlements = [p for p in gaz.places if p.kind == "settlement" and p.country == "UA" and p.population > 0]
    weights = [max(1, p.population) ** 0.5 for p in settlements]
    return rng.choices(settlements, weights=weights, k=n)


def _event(i: int, date: str, place: Place, lang: str, site: int, weapon: int, killed: int, injured: int) -> Event:
    text = TEMPLATES[lang].format(
        w=WEAPONS[lang][weapon], s=SITES[lang][site], p=place.name, k=killed, i=injured
    )
    return Event(
        event_id=f"ev{i}",
        doc_id=f"d{i}",
        date=date,
        date_precision="day",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        location=Location(place.name, place.admin1, place.country, place.lat, place.lon, 1, place.admin2,
                          place.place_id),
        killed=killed,
        injured=injured,
        initiator="RU",
        claim=Claim(),
        evidence=[Evidence(f"d{i}", text)],
        weapons=[WEAPON_CODES[weapon]],
        lang=lang,
    )


def reports(n: int, date: str, seed: int) -> list[tuple[Document, Event]]:
    """n reports of one day: two thirds new incidents, one third re-reports (another language, same facts)."""
    rng = random.Random(seed)
    places = _places(rng, n)
    out: list[tuple[Document, Event]] = []
    facts: list[tuple[Place, int, int, int, int]] = []
    for i in range(n):
        lang = rng.choice(("en", "uk", "ru"))
        if facts and rng.random() < 1 / 3:
            place, site, weapon, killed, injured = rng.choice(facts)
        else:
            place, site, weapon = places[i], rng.randrange(6), rng.randrange(4)
            killed, injured = rng.randrange(0, 8), rng.randrange(0, 30)
            facts.append((place, site, weapon, killed, injured))
        ev = _event(i, date, place, lang, site, weapon, killed, injured)
        doc = Document(f"{date}-d{seed}-{i}", ev.evidence[0].text, source=f"outlet{i % 40}", published=date, lang=lang)
        ev.doc_id = doc.doc_id
        out.append((doc, ev))
    return out


def bench_day(n: int, folder: Path) -> float:
    store = Store.open(str(folder / "day.db"))
    batch = reports(n, DAY, seed=1)
    t0 = time.perf_counter()
    for doc, ev in batch:
        store.add_document(doc, [], [ev])
    elapsed = time.perf_counter() - t0
    st = store.stats()
    store.close()
    print(f"merge: {n} reports of one day -> {st['events']} incidents in {elapsed:.2f} s "
          f"({1000 * elapsed / n:.2f} ms/report; budget {BUDGET_S:.0f} s: {'ok' if elapsed < BUDGET_S else 'OVER'})")
    return elapsed


def _prefill(store: Store, n: int) -> None:
    """n stored incidents, 2,000 a day before DAY (bulk insert; their data is a minimal contract dict)."""
    rng = random.Random(7)
    places = _places(rng, min(n, 50_000))
    start = dt.date.fromisoformat(DAY) - dt.timedelta(days=max(1, n // 2000))
    rows = []
    with store.engine.begin() as conn:
        for i in range(n):
            p = places[i % len(places)]
            date = (start + dt.timedelta(days=i // 2000)).isoformat()
            data = {"event_id": f"old{i}", "date": date, "sub_event_type": "Shelling/artillery/missile attack",
                    "event_type": "Explosions/Remote violence",
                    "location": {"name": p.name, "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "geo_precision": 1,
                                 "gazetteer_id": p.place_id},
                    "evidence": [{"doc_id": "x", "text": f"Shelling of {p.name}, {i % 9} injured."}],
                    "killed": None, "injured": i % 9, "weapons": ["artillery"]}
            rows.append({"incident_id": f"old{i:08d}", "date": date, "event_type": "Explosions/Remote violence",
                         "sub_event_type": "Shelling/artillery/missile attack", "admin1": p.admin1, "country": "UA",
                         "place_name": p.name, "gazetteer_id": p.place_id, "lat": p.lat, "lon": p.lon,
                         "geo_precision": 1, "killed": None, "injured": i % 9, "severity": i % 9,
                         "sources_count": 1, "reports_count": 1, "first_doc_id": "x",
                         "data": json.dumps(data), "updated_at": "2024-01-01T00:00:00"})
            if len(rows) == 20_000:
                conn.execute(incidents.insert(), rows)
                rows = []
        if rows:
            conn.execute(incidents.insert(), rows)


def bench_curve(sizes: list[int], folder: Path, new: int = 1000) -> None:
    base = None
    print(f"merge cost vs stored incidents ({new} new reports of the day after the stored ones):")
    for n in sizes:
        store = Store.open(str(folder / f"curve{n}.db"))
        t0 = time.perf_counter()
        # documents table needs the foreign key of first_doc_id only for reports; incidents are standalone
        with store.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        _prefill(store, n)
        fill = time.perf_counter() - t0
        batch = reports(new, DAY, seed=2)
        t0 = time.perf_counter()
        for doc, ev in batch:
            store.add_document(doc, [], [ev])
        per = 1000 * (time.perf_counter() - t0) / new
        base = base or per
        print(f"  {n:>9,} stored: {per:6.2f} ms/report  (x{per / base:4.2f} of the smallest; prefill {fill:.0f} s)")
        store.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--day", type=int, default=10_000)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        elapsed = bench_day(args.day, Path(tmp))
        bench_curve([int(s) for s in args.sizes.split(",") if s], Path(tmp))
    return 0 if elapsed < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
