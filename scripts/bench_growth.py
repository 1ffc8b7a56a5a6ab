"""Ingest cost as the store grows (`make bench`, issue 14): the same reports ingested into an empty store
and into stores already holding many events; time per document must stay flat (at most 1.5x).

1. The reports: ``--reports`` (default 10,000) paragraphs of the ISW daily assessments in ../shared/data
   (2022-2023), written to a JSON Lines file.
2. The stores: for each ``--sizes`` value (default 0 and 1,000,000 events) a SQLite store of that many
   events, built once and cached by scripts/bench_web.py (clones of real events spread over 2022-2025 and
   the 3,000 largest settlements, about 900 a day at 1M: the merge look-up of every new report finds a
   full day around it), copied to a scratch file so the cache stays untouched.
   With ``--backend postgresql`` a throw-away PostgreSQL cluster (tests/pg.py, as the store tests use) gets
   one schema per size: the demo corpus ingested for real, then the cached SQLite store's generated
   incidents, reports and facets copied in with COPY, then ANALYZE.
3. ``pipeline.ingest`` of the reports into each copy, in one process after loading (the store opened and
   migrated first, the gazetteer loaded and a warm-up document analysed), timed per document; the curve
   prints milliseconds per document for each tenth of the run and overall, and the ratio of each size to
   the empty store next to the 1.5x budget. Exit status 1 when a ratio is over it.

Run: ``python scripts/bench_growth.py`` (``--help`` for the knobs; ``--json FILE`` writes the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_web  # noqa: E402
from bench import isw_paragraphs  # noqa: E402

from sitroom.jobs.extract import events_of, record_document  # noqa: E402
from sitroom.jobs.pipeline import ingest  # noqa: E402
from sitroom.options import Options  # noqa: E402
from sitroom.store.database import Store  # noqa: E402

BUDGET_RATIO = 1.5
TENTHS = 10


def _store_of(size: int, scratch: Path, cache_dir: Path) -> tuple[Path, float]:
    """A scratch copy of a store holding ``size`` events (0: a new file); seconds spent building."""
    target = scratch / f"growth-{size}.db"
    for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        p.unlink(missing_ok=True)
    if size == 0:
        return target, 0.0
    cached, built = _cached_store(size, cache_dir)
    shutil.copyfile(cached, target)
    return target, built


def _cached_store(size: int, cache_dir: Path) -> tuple[Path, float]:
    cached = cache_dir / f"sitroom-bench-web-{size}-v{bench_web.BUILD_VERSION}.db"
    built = 0.0
    if not cached.exists():
        print(f"  building a store of {size:,} events into {cached} (cached for later runs) ...", flush=True)
        built = bench_web.build(cached, size).seconds
    return cached, built


# Tables of generated rows (bench_web.build) that a PostgreSQL copy takes from the cached SQLite store; the
# demo documents, passages and their real incidents are ingested for real instead.
_GENERATED = (("incidents", "incident_id"), ("reports", "incident_id"), ("incident_facets", "incident_id"))


def _pg_store_of(size: int, server: Any, cache_dir: Path) -> tuple[str, float]:
    """A new schema on the throw-away server holding ``size`` generated events (0: empty)."""
    url = server.fresh_url()
    if size == 0:
        return url, 0.0
    cached, built = _cached_store(size, cache_dir)
    t0 = time.perf_counter()
    store = Store.open(url)
    ingest([ROOT / "demo" / "corpus"], store)
    raw = store.engine.raw_connection()
    src = sqlite3.connect(f"file:{cached}?mode=ro", uri=True)
    try:
        pg = raw.driver_connection
        with pg.cursor() as cur:
            for table, key in _GENERATED:
                cur.execute(f"SELECT * FROM {table} LIMIT 0")
                pg_cols = [d.name for d in cur.description]
                lite_cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
                cols = [c for c in pg_cols if c in lite_cols and c not in ("report_id", "facet_id")]
                rows = src.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {key} LIKE 'bench-%'")
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                print(f"    copied {table} ({time.perf_counter() - t0:.0f} s)", flush=True)
            pg.commit()
            pg.autocommit = True
            cur.execute("ANALYZE")
    finally:
        src.close()
        raw.close()
        store.close()
    return url, built + time.perf_counter() - t0


def _pg_server() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    from pg import PgServer, find_bin_dir  # the store tests' throw-away cluster

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL server binaries not found: apt-get install postgresql (or make system-deps)")
    server = PgServer(bin_dir, Path(tempfile.mkdtemp(prefix="sitroom-pg-growth-")),
                      as_postgres_user=hasattr(os, "geteuid") and os.geteuid() == 0)
    server.start()
    return server


def _run(db: Path | str, corpus: Path, n: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    store = Store.open(str(db))
    opened = time.perf_counter() - t0
    before = store.stats()
    stamps: list[float] = []
    t_start = time.perf_counter()
    report = ingest([corpus], store, Options(), on_item=lambda _item: stamps.append(time.perf_counter()))
    total = time.perf_counter() - t_start
    store.close()
    # the callback fires as each document is read; a document's work ends when the next one is read
    marks = [t_start, *stamps[1:], t_start + total]
    m = len(stamps)
    per_tenth = []
    step = max(1, m // TENTHS)
    for k in range(0, m, step):
        j = min(m, k + step)
        per_tenth.append((marks[j] - marks[k]) / (j - k) * 1000)
    return {
        "events_before": before["events"], "open_s": round(opened, 2), "seconds": round(total, 2),
        "ms_per_doc": round(total / n * 1000, 3), "per_tenth_ms": [round(x, 2) for x in per_tenth[:TENTHS]],
        "documents_added": report.documents_added, "events_added": report.events,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--sizes", default="0,1000000", help="comma-separated store sizes (events) to ingest into")
    ap.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()),
                    help="where bench_web.py's generated stores are cached")
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if not (args.data / "dev" / "isw_assessments_2022_2023.jsonl").is_file():
        print(f"skipped: {args.data} has no ISW assessments (../shared/data is absent)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    records = isw_paragraphs(args.data, args.reports)
    n = len(records)
    # a warm-up: imports, the gazetteer and the matcher, the rules' first compilation
    opts = Options()
    for r in records[:20]:
        events_of(record_document(r, opts), opts)
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(dir=args.cache_dir) as tmp_name:
        scratch = Path(tmp_name)
        corpus = scratch / "reports.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        backend = "SQLite" if args.backend == "sqlite" else "PostgreSQL"
        print(f"ingest of {n:,} ISW paragraphs into {backend} stores of {', '.join(f'{s:,}' for s in sizes)} "
              f"events (cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f})", flush=True)
        server = _pg_server() if args.backend == "postgresql" else None
        try:
            for size in sizes:
                if server is not None:
                    url, built = _pg_store_of(size, server, args.cache_dir)
                    res = _run(url, corpus, n)
                else:
                    db, built = _store_of(size, scratch, args.cache_dir)
                    res = _run(db, corpus, n)
                    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                        p.unlink(missing_ok=True)
                res["built_s"] = round(built, 1)
                results[size] = res
                print(f"  {size:>9,} events: {res['seconds']:7.1f} s, {res['ms_per_doc']:6.2f} ms/document "
                      f"(open + migrations {res['open_s']} s); {res['documents_added']:,} documents, "
                      f"{res['events_added']:,} event reports added", flush=True)
        finally:
            if server is not None:
                server.stop()

    base = results[sizes[0]]["ms_per_doc"]
    print(f"\nms per document, by tenth of the run (the store grows by ~{n // TENTHS:,} documents a tenth):")
    print(f"  {'store':>11}  " + " ".join(f"{k + 1:>6}" for k in range(TENTHS)) + "   overall  vs first")
    ok = True
    for size in sizes:
        r = results[size]
        ratio = r["ms_per_doc"] / base
        r["ratio"] = round(ratio, 3)
        ok = ok and ratio <= BUDGET_RATIO
        print(f"  {size:>11,}  " + " ".join(f"{x:6.2f}" for x in r["per_tenth_ms"]) +
              f"   {r['ms_per_doc']:7.2f}  {ratio:6.2f}x")
    print(f"  budget: at most {BUDGET_RATIO}x the time per document of the first store -> {'ok' if ok else 'OVER'}")
    if args.json:
        args.json.write_text(json.dumps({"backend": args.backend, "reports": n, "results": results}, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
