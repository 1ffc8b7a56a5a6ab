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

from sitroom.incidents import merge
from sitroom.models import Claim, Document, Event, Evidence, Location, Place
from sitroom.reading.gazetteer import default_gazetteer
from sitroom.store.database import Store
from sitroom.store.schema import incidents

DAY = "2024-03-28"
BUDGET_S = 10.0
# Three wordings per language, so reports of different incidents in one city do not read alike.
TEMPLATES = {
    "en": [
        "Russian {w} hit {s} in {p} at {t}, {k} killed and {i} injured, the regional governor said.",
        "{p}: {s} damaged by {w} overnight; {i} people wounded, {k} dead, according to the city council.",
        "At least {k} people died when {w} struck {s} on {st} Street in {p}, emergency services reported.",
    ],
    "uk": [
        "Російські {w} вдарили по {s} у {p} о {t}: {k} загиблих, {i} поранених, повідомив голова ОВА.",
        "{p}: внаслідок атаки ({w}) пошкоджено {s}, поранено {i} людей, загинули {k}, повідомила міська рада.",
        "Щонайменше {k} людей загинули, коли {w} влучили в {s} на вулиці {st} у {p}, повідомили в ДСНС.",
    ],
    "ru": [
        "Российские {w} ударили по {s} в {p} в {t}: {k} погибших, {i} раненых, сообщил глава ОВА.",
        "{p}: в результате атаки ({w}) повреждены {s}, ранены {i} человек, погибли {k}, сообщил горсовет.",
        "Не менее {k} человек погибли, когда {w} попали в {s} на улице {st} в {p}, сообщили в ГСЧС.",
    ],
}
WEAPONS = {
    "en": ["drones", "missiles", "artillery", "guided bombs"],
    "uk": ["дрони", "ракети", "артилерія", "КАБи"],
    "ru": ["дроны", "ракеты", "артиллерия", "КАБы"],
}
WEAPON_CODES = ["drone", "missile", "artillery", "guided_bomb"]
SITES = {
    "en": ["an oil depot", "a substation", "a school", "a hospital", "an apartment block", "a market"],
    "uk": ["нафтобазу", "підстанцію", "школу", "лікарню", "багатоповерхівку", "ринок"],
    "ru": ["нефтебазу", "подстанцию", "школу", "больницу", "многоэтажку", "рынок"],
}
STREETS = ["Shevchenka", "Sadova", "Naberezhna", "Tsentralna", "Myru", "Hoholia", "Franka", "Zelena"]
def _places(rng: random.Random, n: int) -> list[Place]:
    gaz = default_gazetteer()
    settlements = [p for p in gaz.places if p.kind == "settlement" and p.country == "UA" and p.population > 0]
    weights = [max(1, p.population) ** 0.5 for p in settlements]
    return rng.choices(settlements, weights=weights, k=n)


def _event(i: int, date: str, place: Place, lang: str, site: int, weapon: int, killed: int, injured: int,
           rng: random.Random) -> Event:
    text = rng.choice(TEMPLATES[lang]).format(
        w=WEAPONS[lang][weapon], s=SITES[lang][site], p=place.name, k=killed, i=injured,
        t=f"{rng.randrange(24):02d}:{rng.randrange(60):02d}", st=rng.choice(STREETS),
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
        ev = _event(i, date, place, lang, site, weapon, killed, injured, rng)
        doc = Document(f"{date}-d{seed}-{i}", ev.evidence[0].text, source=f"outlet{i % 40}", published=date, lang=lang)
        ev.doc_id = doc.doc_id
        out.append((doc, ev))
    return out


def bench_day(n: int, folder: Path) -> float:
    """The day's reports merged in memory (``merge.Merger``: blocking + scoring) and through the store
    (``Store.add_document``: one transaction per report, candidate SQL, report row, incident recomputed).
    Wall and CPU seconds: on a shared, loaded machine the CPU time is what an idle core would take."""
    batch = reports(n, DAY, seed=1)
    views = [(doc.doc_id, merge.MergeView.from_event(ev)) for doc, ev in batch]
    w0, c0 = time.perf_counter(), time.process_time()
    merger = merge.Merger()
    for key, view in views:
        merger.add(key, view)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    print(f"merge: {n} reports of one day -> {len(merger.views)} incidents in {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"(budget {BUDGET_S:.0f} s: {'ok' if cpu < BUDGET_S else 'OVER'})")
    merge_cache_clear()
    store = Store.open(str(folder / "day.db"))
    w0, c0 = time.perf_counter(), time.process_time()
    for doc, ev in batch:
        store.add_document(doc, [], [ev])
    swall, scpu = time.perf_counter() - w0, time.process_time() - c0
    st = store.stats()
    store.close()
    print(f"  the same through the store (SQLite file, one transaction per report): {st['events']} incidents in "
          f"{swall:.2f} s wall, {scpu:.2f} s CPU ({1000 * scpu / n:.2f} ms/report)")
    return cpu


def merge_cache_clear() -> None:
    """Forget the per-text feature caches, so the store run pays for them too."""
    from sitroom.incidents import features

    for fn in (features.site_kinds, features.name_keys, features.numbers, features.stems, features.stem_set,
               features.concepts, merge.text_profile, merge._profile, merge._text_key):
        fn.cache_clear()


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
        _prefill(store, n)
        fill = time.perf_counter() - t0
        batch = reports(new, DAY, seed=2)
        merge_cache_clear()
        c0 = time.process_time()
        for doc, ev in batch:
            store.add_document(doc, [], [ev])
        per = 1000 * (time.process_time() - c0) / new
        base = base or per
        print(f"  {n:>9,} stored: {per:6.2f} ms CPU/report  (x{per / base:4.2f} of the smallest; prefill {fill:.0f} s)")
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
