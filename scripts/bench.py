"""Benchmarks (`make bench`): throughput and peak memory of extract and ingest, next to the budgets.

Input: the paragraphs of the ISW daily assessments in ../shared/data (real, dense war reporting in
English), written once to a temporary JSON Lines file. Each measurement runs in its own process so peak
resident memory (ru_maxrss) belongs to that command alone. If spaCy and an English model are installed,
spaCy's NER pass over the same text runs in the same session for the side-by-side ratio in DESIGN.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def isw_paragraphs(data: Path, limit: int) -> list[dict[str, str]]:
    records: list[dict[str, str]] = []
    with (data / "dev" / "isw_assessments_2022_2023.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            for i, para in enumerate(p.strip() for p in r["text"].split("\n\n")):
                if len(para) >= 200:
                    records.append({"id": f"{r['date']}-{i}", "text": para, "published": r["date"], "source": "ISW", "lang": "en"})
    return records[:limit]


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS MB of this child alone via wait4, stderr)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr[-2000:]}")
    return dt, usage.ru_maxrss / 1024, stderr


SPACY = """
import sys, time, json, spacy
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
try:
    nlp = spacy.load(sys.argv[2], exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    kind = sys.argv[2]
except OSError:
    # The packaged model is not installable here (spaCy models download from GitHub releases). Its speed is set
    # by its architecture, not its weights: build the same small CPU NER pipeline (spaCy's "efficiency"
    # tok2vec + transition-based NER, as en_core_web_sm) with untrained weights and time the same pass.
    from spacy.training import Example
    from thinc.api import Config
    from spacy.cli.init_config import init_config
    cfg = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True)
    doc = nlp.make_doc("Russian forces shelled Kharkiv on Monday.")
    ex = Example.from_dict(doc, {"entities": [(23, 30, "GPE"), (34, 40, "DATE")]})
    for label in ("GPE", "LOC", "ORG", "PERSON", "DATE", "NORP", "CARDINAL"):
        nlp.get_pipe("ner").add_label(label)
    nlp.initialize(lambda: [ex])
    kind = "same-architecture small NER (untrained weights)"
nlp.pipe(texts[:50])
t0 = time.perf_counter()
n = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64))
print(time.perf_counter() - t0, n, kind.replace(" ", "_"))
"""


# sitroom's extraction timed the way the spaCy pass is: in one process, after loading and a warm-up, over the
# same paragraphs (the whole-command time, process start and gazetteer build included, is measured too).
EXTRACT_STEADY = """
import sys, time, json
from sitroom.jobs.extract import record_document, events_of
from sitroom.options import Options
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
opts = Options()
for r in recs[:50]:
    events_of(record_document(r, opts), opts)
t0 = time.perf_counter()
n = sum(len(events_of(record_document(r, opts), opts)) for r in recs)
print(time.perf_counter() - t0, n)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, default=5000, help="number of ISW paragraphs")
    ap.add_argument("--spacy-model", default="en_core_web_sm")
    ap.add_argument("--spacy-python", default=sys.executable,
                    help="a Python with spaCy installed (spaCy is not a sitroom dependency)")
    args = ap.parse_args()
    if not (args.data / "dev" / "isw_assessments_2022_2023.jsonl").is_file():
        print(f"skipped: {args.data} has no ISW assessments (../shared/data is absent)")
        return 0
    records = isw_paragraphs(args.data, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "isw_paragraphs.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        mb = src.stat().st_size / 1e6
        n = len(records)
        print(f"input: {n} ISW paragraphs, {mb:.2f} MB (cores: {os.cpu_count()})\n")
        sitroom = str(BIN / "sitroom")
        rows = []
        dt, rss, _ = timed([sitroom, "extract", str(src), "--out", str(Path(tmp) / "events.jsonl")])
        events = sum(1 for _ in (Path(tmp) / "events.jsonl").open(encoding="utf-8"))
        rows.append(("extract", dt, rss, f"{events} events; whole command"))
        # The side-by-side pair runs alternately, twice each, best of each: a shared machine drifts over the
        # minutes a spaCy pass takes, and alternating keeps the drift out of the ratio.
        steady_dt = spacy_dt = spacy_wall = None
        kind = ""
        for _ in range(2):
            proc = subprocess.run([sys.executable, "-c", EXTRACT_STEADY, str(src)], capture_output=True, text=True,
                                  cwd=ROOT, check=True)
            steady_dt = min(steady_dt or 1e9, float(proc.stdout.split()[0]))
            try:
                t0 = time.perf_counter()
                proc = subprocess.run([args.spacy_python, "-c", SPACY, str(src), args.spacy_model],
                                      capture_output=True, text=True)
                wall = time.perf_counter() - t0
                if proc.returncode == 0:
                    spacy_dt = min(spacy_dt or 1e9, float(proc.stdout.split()[0]))
                    spacy_wall = min(spacy_wall or 1e9, wall)
                    kind = proc.stdout.split()[2].replace("_", " ")
            except (OSError, ValueError):
                pass
        assert steady_dt is not None
        rows.append(("extract, loaded", steady_dt, 0.0, "in one process after loading, as the spaCy pass (best of 2)"))
        db = Path(tmp) / "bench.db"
        dt, rss, _ = timed([sitroom, "ingest", str(src), "--db", str(db)])
        rows.append(("ingest (SQLite)", dt, rss, ""))
        dt2, rss2, _ = timed([sitroom, "ingest", str(src), "--db", str(db)])
        rows.append(("re-ingest (no-op)", dt2, rss2, ""))
        workers = min(2, os.cpu_count() or 1)
        db2 = Path(tmp) / "bench2.db"
        dt3, rss3, _ = timed([sitroom, "ingest", str(src), "--db", str(db2), "--workers", str(workers)])
        rows.append((f"ingest --workers {workers}", dt3, rss3, f"scaling x{dt / dt3:.2f}; peak of the writer"))
        if spacy_dt and spacy_wall:
            rows.append(("spaCy NER, whole", spacy_wall, 0.0, f"{kind}; process start and model build included"))
            rows.append(("spaCy NER pass", spacy_dt, 0.0, f"{kind}; model pass only (best of 2)"))
    print(f"{'step':<22}{'seconds':>9}{'docs/s':>10}{'MB/s':>8}{'peak MB':>9}  note")
    for name, dt, rss, note in rows:
        print(f"{name:<22}{dt:9.2f}{n / dt:10.0f}{mb / dt:8.3f}{rss:9.0f}  {note}")
    print("\nbudgets (DESIGN.md):")
    ex = rows[0]
    print(f"  extract resident < 300 MB: {ex[2]:.0f} MB -> {'ok' if ex[2] < 300 else 'OVER'}")
    if spacy_dt and spacy_wall:
        ratio = spacy_dt / rows[1][1]
        whole = spacy_wall / ex[1]
        print(f"  extract >= 10x spaCy small NER (both loaded, same text): {ratio:.1f}x -> {'ok' if ratio >= 10 else 'UNDER'}"
              f"; whole commands, start included: {whole:.1f}x")
    else:
        print("  extract >= 10x spaCy small NER: spaCy or its model not installed here, ratio not measured")
    for row in (rows[2], rows[4]):
        per_10k = row[1] / n * 10_000
        print(f"  10,000 reports ingested in < 60 s ({row[0]}): {per_10k:.1f} s (extrapolated, merge included)"
              f" -> {'ok' if per_10k < 60 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
