"""Draw the candidate pairs of the cross-lingual merge gold set (run once, before any tuning).

Reads ../shared/data/dev (never copied into the repo) and writes the candidates WITH their texts to
/work/shared/data/merge_gold/candidates.jsonl (outside the repo) for a person to read and label; the labels
go into eval/merge_gold/pairs.jsonl as references only (dataset + row id), no texts.

    .venv/bin/python eval/merge_gold/sample_candidates.py --data ../shared/data --out /work/shared/data/merge_gold

Three kinds of candidates, one fixed seed, nothing looked at through sitroom:

- bell-viina: a Bellingcat incident (English description) and a VIINA 2022 headline (Ukrainian or Russian)
  of the same date within 25 km of each other;
- viina-viina: two VIINA headlines of the same date within 25 km, one Ukrainian and one Russian (or two
  outlets), which VIINA itself filed as different events;
- warline: the English and the Ukrainian description of one entry (a positive by construction, checked by
  reading anyway) and descriptions of two different entries of one day that name the same place.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
from collections import defaultdict
from pathlib import Path

SEED = 20261204


def lang_of(text: str) -> str:
    if re.search(r"[іїєґІЇЄҐ]", text):
        return "uk"
    if re.search(r"[а-яА-Я]", text):
        return "ru"
    return "en"


def km(a: float, b: float, c: float, d: float) -> float:
    p = math.pi / 180
    x = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(x))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("/work/shared/data/merge_gold"))
    args = ap.parse_args()
    dev = args.data / "dev"
    rng = random.Random(SEED)
    viina = list(csv.DictReader((dev / "viina_subset" / "VIINA_2022_REBUILD.csv").open(encoding="utf-8")))
    for r in viina:
        r["_text"] = r["representative_text"].split("||")[0].strip()
        r["_date"] = f"{r['date'][:4]}-{r['date'][4:6]}-{r['date'][6:]}"
    bell = json.loads((dev / "bellingcat_civharm_2022.json").read_text(encoding="utf-8"))
    by_day: dict[str, list[dict]] = defaultdict(list)
    for r in bell:
        try:
            m, d, y = r["date"].split("/")
            r["_date"] = f"{y}-{m}-{d}"
            r["_lat"], r["_lon"] = float(r["latitude"]), float(r["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        by_day[r["_date"]].append(r)
    out: list[dict] = []

    def side(dataset: str, ref: str, date: str, text: str) -> dict:
        return {"set": dataset, "ref": ref, "date": date, "lang": lang_of(text), "text": text}

    cands = []
    for v in viina:
        for b in by_day.get(v["_date"], ()):
            if km(float(v["latitude"]), float(v["longitude"]), b["_lat"], b["_lon"]) <= 25:
                desc = re.sub(r"^\[Graphic:[^\]]*\]\s*", "", b.get("description") or "").strip()
                if desc:
                    cands.append(("bell-viina", side("bellingcat", b["id"], b["_date"], desc),
                                  side("viina2022", v["event_id_1pd"], v["_date"], v["_text"])))
    rng.shuffle(cands)
    out += cands[:50]
    cands = []
    vd: dict[str, list[dict]] = defaultdict(list)
    for v in viina:
        vd[v["_date"]].append(v)
    for rows in vd.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a["_text"] == b["_text"]:
                    continue
                if km(float(a["latitude"]), float(a["longitude"]), float(b["latitude"]), float(b["longitude"])) > 25:
                    continue
                la, lb = lang_of(a["_text"]), lang_of(b["_text"])
                if la != lb or a["sources_matching"] != b["sources_matching"]:
                    cands.append(("viina-viina", side("viina2022", a["event_id_1pd"], a["_date"], a["_text"]),
                                  side("viina2022", b["event_id_1pd"], b["_date"], b["_text"])))
    rng.shuffle(cands)
    cross = [c for c in cands if c[1]["lang"] != c[2]["lang"]]
    same = [c for c in cands if c[1]["lang"] == c[2]["lang"]]
    out += cross[:35] + same[:10]
    war = []
    for i, line in enumerate((dev / "warline_events_2022.jsonl").open(encoding="utf-8")):
        r = json.loads(line)
        try:
            m, d, y = r["full_date"].split("/")
        except (KeyError, ValueError):
            continue
        en, uk = (r.get("description_en") or "").strip(), (r.get("description_uk") or "").strip()
        if len(en) >= 40 and len(uk) >= 40:
            war.append((i, f"{y}-{int(m):02d}-{int(d):02d}", en, uk))
    pos = rng.sample(war, 25)
    out += [("warline-same", side("warline", f"{i}:en", day, en), side("warline", f"{i}:uk", day, uk))
            for i, day, en, uk in pos]
    wd: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for w in war:
        wd[w[1]].append(w)
    neg = []
    for rows in wd.values():
        for j, a in enumerate(rows):
            for b in rows[j + 1 :]:
                caps_a = set(re.findall(r"\b[A-Z][a-z]{4,}", a[2])) - {"Russian", "Russia", "Ukraine", "Ukrainian"}
                caps_b = set(re.findall(r"\b[A-Z][a-z]{4,}", b[2])) - {"Russian", "Russia", "Ukraine", "Ukrainian"}
                if caps_a & caps_b:
                    neg.append((a, b))
    rng.shuffle(neg)
    for a, b in neg[:25]:
        # one side in English, the other in Ukrainian: a cross-lingual hard negative
        out.append(("warline-other", side("warline", f"{a[0]}:en", a[1], a[2]), side("warline", f"{b[0]}:uk", b[1], b[3])))
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "candidates.jsonl").open("w", encoding="utf-8") as fh:
        for n, (kind, a, b) in enumerate(out):
            fh.write(json.dumps({"n": n, "kind": kind, "a": a, "b": b}, ensure_ascii=False) + "\n")
    print(len(out), "candidates ->", args.out / "candidates.jsonl")


if __name__ == "__main__":
    main()


def second_draw(data: Path, out_dir: Path) -> None:
    """Second draw (same day, before tuning): the first drew only 5 same-incident pairs out of 50
    Bellingcat x VIINA candidates, so English-Ukrainian/Russian positives were too few. Bellingcat or CIR
    items (English) and VIINA 2022 headlines of the same date within 25 km whose English text names a kind
    of site (oil depot, airfield, substation, bridge, port, plant, railway...): positives become likely, and
    the other sites of the same city and day are the hard negatives."""
    dev = data / "dev"
    rng = random.Random(SEED + 1)
    site = re.compile(r"depot|oil|fuel|airfield|airport|air base|airbase|substation|power|bridge|port\b|"
                      r"plant|refinery|factory|railway|station|warehouse|storage|ammunition", re.I)
    viina = list(csv.DictReader((dev / "viina_subset" / "VIINA_2022_REBUILD.csv").open(encoding="utf-8")))
    vd: dict[str, list[dict]] = defaultdict(list)
    for r in viina:
        r["_text"] = r["representative_text"].split("||")[0].strip()
        r["_date"] = f"{r['date'][:4]}-{r['date'][4:6]}-{r['date'][6:]}"
        vd[r["_date"]].append(r)
    items: list[tuple[str, str, str, float, float, str]] = []
    for r in json.loads((dev / "bellingcat_civharm_2022.json").read_text(encoding="utf-8")):
        try:
            m, d, y = r["date"].split("/")
            items.append(("bellingcat", r["id"], f"{y}-{m}-{d}", float(r["latitude"]), float(r["longitude"]),
                          re.sub(r"^\[Graphic:[^\]]*\]\s*", "", r.get("description") or "").strip()))
        except (KeyError, TypeError, ValueError):
            continue
    with (dev / "cir_monitor_dev.csv").open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            m = re.match(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", r.get("title") or "")
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                continue
            if m:
                text = (r.get("title") or "")[m.end():].strip()
                town = (r.get("town/city") or "").strip()
                items.append(("cir", str(i), f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}",
                              lat, lon, f"{text} ({town})" if town else text))
    seen = set()
    for line in (out_dir / "candidates.jsonl").open(encoding="utf-8"):
        c = json.loads(line)
        seen.add((c["a"]["ref"], c["b"]["ref"]))
    cands = []
    for dataset, ref, date, lat, lon, text in items:
        if not text or not site.search(text):
            continue
        for v in vd.get(date, ()):
            if (ref, v["event_id_1pd"]) in seen:
                continue
            if km(lat, lon, float(v["latitude"]), float(v["longitude"])) <= 25:
                cands.append(("en-viina", {"set": dataset, "ref": ref, "date": date, "lang": "en", "text": text},
                              {"set": "viina2022", "ref": v["event_id_1pd"], "date": date,
                               "lang": lang_of(v["_text"]), "text": v["_text"]}))
    rng.shuffle(cands)
    n0 = sum(1 for _ in (out_dir / "candidates.jsonl").open(encoding="utf-8"))
    with (out_dir / "candidates.jsonl").open("a", encoding="utf-8") as fh:
        for n, (kind, a, b) in enumerate(cands[:60], start=n0):
            fh.write(json.dumps({"n": n, "kind": kind, "a": a, "b": b}, ensure_ascii=False) + "\n")
    print(min(60, len(cands)), "of", len(cands), "second-draw candidates appended")
