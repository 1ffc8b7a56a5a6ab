"""Web benchmark (`make bench`): latency of filtered `/api/events` queries on a one-million-event store.

1. A SQLite store of N events (default 1,000,000) is built once and cached (default
   ``$TMPDIR/sitroom-bench-web-1000000-v1.db``, about 5.4 GB; ``--db`` to choose, ``--rebuild`` to redo). The events are
   clones of the real ones that ``sitroom ingest demo/corpus`` produces (their JSON, reports, evidence,
   sources and languages), spread over three years of days and over the gazetteer's settlements, with
   event types, weapons, targets, initiators, claim statuses and figures varied by a seeded generator.
   Rows go in directly with executemany, with the filter keys the store itself would write
   (``store_schema.derived_keys``), so building takes minutes rather than the hours of real ingestion.
   The demo documents are ingested for real first, so every report points at a stored document.
2. ``sitroom serve --workers N`` serves it on 127.0.0.1 (a free port), as a user would run it (N server
   processes over the same store; default 1).
3. A load generator (httpx, ``--clients`` concurrent clients, default 2, keep-alive) sends a seeded mix of filtered
   `/api/events` queries: one day; an oblast + event type over a week; a weapon over a month, paged;
   a target + language over a week sorted by killed. It prints p50/p95/p99 latency and requests/s, per
   query kind and overall, next to the 50 ms p95 budget, and exits 1 when the overall p95 is over it.

Run: ``python scripts/bench_web.py`` (``--help`` for the knobs; ``--json FILE`` writes the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from sitroom.incidents import merge
from sitroom.jobs.pipeline import ingest
from sitroom.reading import gazetteer
from sitroom.store.database import Store
from sitroom.store.schema import derived_keys

ROOT = Path(__file__).resolve().parents[1]
BUDGET_P95_MS = 50.0
FIRST_DAY = date(2022, 2, 24)
DAYS = 3 * 365
SEED = 20240328
PAGE = 100
INSERT_BATCH = 5000
BUILD_VERSION = 1  # bump when the generated shapes change, so cached stores are rebuilt

# (event_type, sub_event_type, weight, weapons to draw from)
TYPE_MIX: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 40,
     ("artillery", "mlrs", "missile", "ballistic_missile", "cruise_missile", "cluster_munition")),
    ("Explosions/Remote violence", "Air/drone strike", 25,
     ("shahed", "drone", "fpv_drone", "guided_bomb", "aircraft", "missile")),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 3, ("mine_ied",)),
    ("Battles", "Armed clash", 15, ("small_arms", "armor", "artillery")),
    ("Battles", "Government regains territory", 2, ("armor", "artillery")),
    ("Violence against civilians", "Attack", 5, ("small_arms", "drone", "fpv_drone")),
    ("Strategic developments", "Disrupted weapons use", 6, ("shahed", "missile", "drone", "cruise_missile")),
    ("Strategic developments", "Other", 2, ()),
    ("Protests", "Peaceful protest", 2, ()),
)
TARGET_POOL = ("civilians", "residential", "energy", "railway", "transport", "healthcare", "education",
               "industry", "commercial", "government", "military", "communications", "religious")
INITIATORS = (("RU", 70), ("UA", 20), ("unknown", 8), ("other", 2))
CLAIMS = (("reported", 55), ("claimed", 25), ("confirmed", 12), ("unconfirmed", 6), ("denied", 2))

INCIDENT_COLUMNS = (
    "incident_id", "date", "event_type", "sub_event_type", "admin1", "country", "place_name",
    "gazetteer_id", "lat", "lon", "geo_precision", "killed", "injured", "severity", "sources_count",
    "reports_count", "first_doc_id", "data", "updated_at", "admin1_key", "initiator", "claim_status",
    "source_key",
)
REPORT_COLUMNS = (
    "incident_id", "event_id", "doc_id", "source", "url", "published", "killed", "injured", "status",
    "data", "added_at",
)


@dataclass
class Template:
    """One real merged event and its reports, as the demo ingest stored them."""

    combined: dict[str, Any]
    reports: list[dict[str, Any]]  # report rows: doc_id, source, url, published, data (parsed)
    sources_count: int


@dataclass
class Built:
    path: Path
    events: int
    seconds: float
    admin1s: list[str] = field(default_factory=list)


def _templates(store: Store) -> list[Template]:
    out = []
    with store.engine.connect() as conn:
        inc = conn.exec_driver_sql("SELECT incident_id, data, sources_count FROM incidents").all()
        reps: dict[str, list[dict[str, Any]]] = {}
        for r in conn.exec_driver_sql(
            "SELECT incident_id, doc_id, source, url, published, data FROM reports ORDER BY report_id"
        ):
            reps.setdefault(r[0], []).append(
                {"doc_id": r[1], "source": r[2], "url": r[3], "published": r[4], "data": json.loads(r[5])}
            )
    for incident_id, data, sources_count in inc:
        out.append(Template(json.loads(data), reps.get(incident_id, []), sources_count))
    return [t for t in out if t.reports]


def _places() -> list[dict[str, Any]]:
    """The 3000 most populous settlements of the packaged gazetteer (Ukraine and its neighbours)."""
    gaz = gazetteer.default_gazetteer()
    towns = sorted((p for p in gaz.places if p.kind == "settlement" and p.admin1), key=lambda p: -p.population)
    return [
        {"name": p.name, "admin1": p.admin1, "admin2": p.admin2, "country": p.country, "lat": p.lat,
         "lon": p.lon, "gazetteer_id": p.place_id, "geo_precision": 1}
        for p in towns[:3000]
    ]


def _weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items])[0]


def _clone(
    rng: random.Random, n: int, day: str, tpl: Template, place: dict[str, Any]
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """One generated incident row, its report rows and its facet rows."""
    etype, sub, _, weapon_pool = rng.choices(TYPE_MIX, weights=[t[2] for t in TYPE_MIX])[0]
    weapons = sorted(set(rng.sample(weapon_pool, k=min(len(weapon_pool), rng.choice((0, 1, 1, 1, 2))))))
    targets = sorted(set(rng.sample(TARGET_POOL, k=rng.choice((0, 1, 1, 2)))))
    killed = rng.choice((None, None, None, 0, 1, 1, 2, 3, 5, 12))
    injured = rng.choice((None, None, 0, 1, 2, 4, 7, 20))
    incident_id = f"bench-{n:07d}"
    combined = dict(tpl.combined)
    combined.update(
        event_id=incident_id, date=day, location=place, event_type=etype, sub_event_type=sub,
        weapons=weapons, targets=targets, initiator=_weighted(rng, INITIATORS), killed=killed,
        injured=injured, claim={**(combined.get("claim") or {}), "status": _weighted(rng, CLAIMS)},
    )
    report_rows, report_dicts = [], []
    for j, rep in enumerate(tpl.reports):
        data = dict(rep["data"])
        data.update(event_id=f"{incident_id}-{j}", date=day, location=place, event_type=etype,
                    sub_event_type=sub, weapons=weapons, targets=targets, killed=killed, injured=injured)
        report_dicts.append({"source": rep["source"], "url": rep["url"], "lang": data.get("lang")})
        report_rows.append(
            (incident_id, data["event_id"], rep["doc_id"], rep["source"], rep["url"], rep["published"],
             killed, injured, combined["claim"]["status"],
             json.dumps(data, ensure_ascii=False, sort_keys=True), "2025-01-01T00:00:00+00:00")
        )
    keys, facets = derived_keys(combined, report_dicts)
    row = (
        incident_id, day, etype, sub, place["admin1"], place["country"], place["name"], place["gazetteer_id"],
        place["lat"], place["lon"], 1, killed, injured, merge.severity(killed, injured), tpl.sources_count,
        len(tpl.reports), tpl.reports[0]["doc_id"], json.dumps(combined, ensure_ascii=False, sort_keys=True),
        "2025-01-01T00:00:00+00:00", keys["admin1_key"], keys["initiator"], keys["claim_status"],
        keys["source_key"],
    )
    facet_rows = [(incident_id, f["facet"], f["value"], f["date"]) for f in facets]
    return row, report_rows, facet_rows


def build(path: Path, n_events: int) -> Built:
    """Build the store at ``path`` (into a side file first, renamed when complete)."""
    t0 = time.perf_counter()
    tmp = path.with_name(path.name + ".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    with Store.open(str(tmp)) as store:
        ingest([ROOT / "demo" / "corpus"], store)
        templates = _templates(store)
    places = _places()
    print(f"  {len(templates)} real events from demo/corpus as templates, {len(places)} places", flush=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    # A scratch build: no journal, no fsync; an interrupted build leaves only the side file.
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    rng = random.Random(SEED)
    inc_sql = f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({', '.join('?' * len(INCIDENT_COLUMNS))})"
    rep_sql = f"INSERT INTO reports ({', '.join(REPORT_COLUMNS)}) VALUES ({', '.join('?' * len(REPORT_COLUMNS))})"
    fac_sql = "INSERT INTO incident_facets (incident_id, facet, value, date) VALUES (?, ?, ?, ?)"
    per_day, extra = divmod(n_events, DAYS)
    n = 0
    batch: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    conn.execute("BEGIN")
    for d in range(DAYS):
        day = (FIRST_DAY + timedelta(days=d)).isoformat()
        for _ in range(per_day + (1 if d < extra else 0)):
            row, reps, facets = _clone(rng, n, day, rng.choice(templates), rng.choice(places))
            batch[0].append(row)
            batch[1].extend(reps)
            batch[2].extend(facets)
            n += 1
            if len(batch[0]) >= INSERT_BATCH:
                _flush(conn, (inc_sql, rep_sql, fac_sql), batch)
        if d % 100 == 99:
            print(f"  {n:,} events, {time.perf_counter() - t0:.0f} s", flush=True)
    _flush(conn, (inc_sql, rep_sql, fac_sql), batch)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    tmp.rename(path)
    return Built(path, n, time.perf_counter() - t0)


def _flush(conn: sqlite3.Connection, sqls: tuple[str, str, str], batch: tuple[list[Any], ...]) -> None:
    for sql, rows in zip(sqls, batch, strict=True):
        if rows:
            conn.executemany(sql, rows)
            rows.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _queries(rng: random.Random, admin1s: list[str], count: int) -> list[tuple[str, dict[str, Any]]]:
    """A seeded mix of filtered /api/events queries over the store's three years."""
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(count):
        end = FIRST_DAY + timedelta(days=rng.randrange(30, DAYS))
        kind = rng.choice(("day", "oblast_type_week", "weapon_month", "target_lang_week"))
        if kind == "day":
            params: dict[str, Any] = {"date": end.isoformat(), "limit": PAGE, "offset": PAGE * rng.randrange(5)}
        elif kind == "oblast_type_week":
            params = {"admin1": rng.choice(admin1s), "event_type": "Explosions/Remote violence",
                      "date_from": (end - timedelta(days=6)).isoformat(), "date_to": end.isoformat(),
                      "limit": PAGE}
        elif kind == "weapon_month":
            params = {"weapon": rng.choice(("shahed", "artillery", "guided_bomb", "missile")),
                      "date_from": (end - timedelta(days=29)).isoformat(), "date_to": end.isoformat(),
                      "limit": PAGE, "offset": PAGE * rng.randrange(10)}
        else:
            params = {"target": rng.choice(("energy", "residential", "railway")), "lang": "uk",
                      "date_from": (end - timedelta(days=6)).isoformat(), "date_to": end.isoformat(),
                      "sort": "-killed", "limit": PAGE}
        out.append((kind, params))
    return out


async def _load(base: str, queries: list[tuple[str, dict[str, Any]]], clients: int) -> tuple[
    dict[str, list[float]], float, int
]:
    """Send every query once, ``clients`` at a time; latencies (ms) per kind, wall seconds, failures."""
    todo = list(queries)
    lat: dict[str, list[float]] = {}
    failures = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while todo:
            kind, params = todo.pop()
            t = time.perf_counter()
            r = await client.get("/api/events", params=params)
            body = await r.aread()
            ms = (time.perf_counter() - t) * 1000
            if r.status_code != 200 or not body.startswith(b"{"):
                failures += 1
            lat.setdefault(kind, []).append(ms)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        wall = time.perf_counter() - t0
    return lat, wall, failures


def _tree_cpu_s(root: int) -> float:
    """User + system CPU seconds of a process and its descendants so far (Linux /proc; 0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    stats: dict[int, tuple[int, float]] = {}
    for d in Path("/proc").glob("[0-9]*"):
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(d.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in tree:
            continue
        tree.add(pid)
        todo.extend(c for c, (ppid, _) in stats.items() if ppid == pid)
    return sum(stats[p][1] for p in tree if p in stats)


def _pct(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def _summary(name: str, values: list[float], wall: float | None = None) -> dict[str, Any]:
    s = {"n": len(values), "p50_ms": round(_pct(values, 50), 1), "p95_ms": round(_pct(values, 95), 1),
         "p99_ms": round(_pct(values, 99), 1), "max_ms": round(max(values), 1)}
    if wall:
        s["rps"] = round(len(values) / wall, 1)
    rps = f"  {s['rps']:7.1f} req/s" if wall else ""
    print(f"  {name:<18} n={s['n']:<5} p50 {s['p50_ms']:6.1f}  p95 {s['p95_ms']:6.1f}  "
          f"p99 {s['p99_ms']:6.1f}  max {s['max_ms']:6.1f} ms{rps}")
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None, help="store to build/reuse (default: in $TMPDIR)")
    ap.add_argument("--rebuild", action="store_true", help="build the store again even if cached")
    ap.add_argument("--clients", type=int, default=2, help="concurrent clients")
    ap.add_argument("--requests", type=int, default=2000, help="measured requests")
    ap.add_argument("--warmup", type=int, default=200, help="requests sent before measuring")
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes (`sitroom serve --workers N`)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = ap.parse_args()

    db = args.db or Path(tempfile.gettempdir()) / f"sitroom-bench-web-{args.events}-v{BUILD_VERSION}.db"
    if args.rebuild or not db.exists():
        print(f"building {args.events:,} events into {db} ...", flush=True)
        built = build(db, args.events)
        print(f"  built in {built.seconds:.0f} s ({db.stat().st_size / 1e9:.1f} GB)", flush=True)
    else:
        print(f"reusing {db} ({db.stat().st_size / 1e9:.1f} GB; --rebuild to redo)", flush=True)
    with sqlite3.connect(db) as conn:
        n_events = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        admin1s = [r[0] for r in conn.execute(
            "SELECT admin1 FROM incidents WHERE date = ? GROUP BY admin1 HAVING count(*) > 5",
            ((FIRST_DAY + timedelta(days=DAYS // 2)).isoformat(),),
        )]

    port = _free_port()
    # what a user runs: `sitroom serve` (--workers N: N server processes over the same store)
    sitroom = Path(sys.executable).parent / "sitroom"
    cli = [str(sitroom)] if sitroom.exists() else [sys.executable, "-c", "from sitroom.cli.main import app; app()"]
    cmd = [*cli, "serve", "--db", str(db), "--port", str(port), "--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "SITROOM_DB": str(db)})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        rng = random.Random(SEED)
        # Lower-case oblast names: the API matches any spelling, the bench asks as a user would type.
        oblasts = [a.lower() for a in admin1s]
        asyncio.run(_load(base, _queries(rng, oblasts, args.warmup), args.clients))
        cpu0 = _tree_cpu_s(server.pid)
        lat, wall, failures = asyncio.run(_load(base, _queries(rng, oblasts, args.requests), args.clients))
        server_cpu_ms = (_tree_cpu_s(server.pid) - cpu0) / args.requests * 1000
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\n/api/events on {n_events:,} events (SQLite, {db.name}), {args.workers} server process(es), "
          f"{args.clients} clients, "
          f"page size {PAGE}, loopback, budget p95 < {BUDGET_P95_MS:.0f} ms")
    result: dict[str, Any] = {"events": n_events, "workers": args.workers, "clients": args.clients, "page": PAGE, "failures": failures,
                              "budget_p95_ms": BUDGET_P95_MS, "kinds": {}}
    for kind in sorted(lat):
        result["kinds"][kind] = _summary(kind, lat[kind])
    everything = [v for vs in lat.values() for v in vs]
    result["all"] = _summary("all", everything, wall)
    result["server_cpu_ms_per_request"] = round(server_cpu_ms, 2)
    result["load_average"] = round(os.getloadavg()[0], 1)
    print(f"  server CPU per request {server_cpu_ms:.1f} ms (all server processes; what bounds requests/s on a busy "
          f"machine); load average {result['load_average']} (cores: {os.cpu_count()})")
    ok = result["all"]["p95_ms"] < BUDGET_P95_MS and failures == 0
    print(f"  p95 {result['all']['p95_ms']} ms vs budget {BUDGET_P95_MS:.0f} ms: {'OK' if ok else 'OVER'}"
          + (f"; {failures} failed requests" if failures else ""))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
