"""Merge quality on incidents that two independent teams described in their own words.

Labelled set (built here from real data, nothing hand-picked): a Bellingcat civilian-harm incident and a
CIR monitor entry that cite the same source URL describe one incident (links cited by more than
``MAX_ITEMS_PER_URL`` items are roundups and give no label), and so do two entries of one day within 10 km
with the very same description; everything else on that day is a different incident as far as the labels
know. The labels miss some true duplicates (two teams citing different links for one blast), so precision
here is a lower bound. Items are the Bellingcat descriptions and the CIR
titles/descriptions of the days that have at least one shared link, so every labelled pair competes with
all the other incidents of its day (the hard negatives: two shelling reports in one city).

Each item becomes a report as the pipeline would see it after geocoding: the human coordinates (the
geocoder is scored elsewhere), the place name when the dataset gives one, the sub-event type from our
classifier, and the description as evidence. Two rules cluster the same items:

- ``sitroom``: ``merge.best_match`` applied report by report, exactly as the store does;
- ``viina``: VIINA's rule, same day + same place (the nearest gazetteer settlement) + same type label.

Scores are pairwise precision/recall/F1 over item pairs (pairs whose two datasets disagree on the date
are labelled positives that neither rule can find: they stay in, so recall is honest).

The second scorer checks cross-language merging end to end: warline describes each timeline entry in
English and in Ukrainian; both versions go through the full extractor and must merge, while events of
different entries of one day must not.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitroom.incidents import merge
from sitroom.models import Document
from sitroom.options import Options
from sitroom.reading.classify import classify
from sitroom.reading.gazetteer import default_gazetteer

_TITLE_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")
# Fallback type for human-coded incidents our classifier does not type (all of them are harm events).
_DEFAULT_SUB = "Shelling/artillery/missile attack"
# A URL cited by more items than this covers several incidents (a news roundup, a channel's video list).
MAX_ITEMS_PER_URL = 4


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    view: merge.MergeView
    settlement: str | None  # nearest gazetteer settlement id, for VIINA's rule


def _norm_url(url: str) -> str:
    url = url.strip().rstrip("/")
    url = re.sub(r"^https?://(www\.|mobile\.|m\.)?", "", url)
    return url.replace("twitter.com", "x.com").casefold() if "." in url and " " not in url else ""


@lru_cache(maxsize=1)
def _settlement_grid() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    grid: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for p in default_gazetteer().places:
        if p.kind in ("settlement", "city_district"):
            grid[(int(p.lat * 10), int(p.lon * 10))].append((p.lat, p.lon, p.place_id))
    return grid


def nearest_settlement(lat: float, lon: float, max_km: float = 10.0) -> str | None:
    """Id of the nearest gazetteer settlement within ``max_km`` (VIINA codes every report to one)."""
    grid = _settlement_grid()
    best: tuple[float, str] | None = None
    ci, cj = int(lat * 10), int(lon * 10)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            for plat, plon, pid in grid.get((ci + di, cj + dj), ()):
                d = merge.haversine_km(lat, lon, plat, plon)
                if d <= max_km and (best is None or d < best[0]):
                    best = (d, pid)
    return best[1] if best else None


def _sub_type(text: str) -> str:
    c = classify(text, "en")
    return c.sub_event_type if c else _DEFAULT_SUB


def _item(key: str, date: str, text: str, lat: float, lon: float, place: str | None) -> Item:
    """A report as the geocoder would place it: at the nearest gazetteer settlement (its coordinates and
    id), or, with no settlement within reach, at the human point."""
    pid = nearest_settlement(lat, lon)
    p = default_gazetteer().get(pid) if pid else None
    view = merge.MergeView(
        date=date,
        sub_event_type=_sub_type(text),
        lat=p.lat if p else lat,
        lon=p.lon if p else lon,
        geo_precision=1,
        gazetteer_id=pid,
        place_name=p.name if p else place,
        texts=(text,),
    )
    return Item(key, view, pid)


def _load_labelled(dev: Path) -> tuple[list[Item], dict[str, str]]:
    """Items of the days with a shared link, and gold cluster ids (union of items sharing a URL)."""
    bell = json.loads((dev / "bellingcat_civharm_2022.json").read_text(encoding="utf-8"))
    with (dev / "cir_monitor_dev.csv").open(encoding="utf-8") as fh:
        cir = list(csv.DictReader(fh))
    by_url: dict[str, list[str]] = defaultdict(list)
    raw: list[tuple[str, str, str, float, float, str | None]] = []
    for r in bell:
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
            mm, dd, yyyy = r["date"].split("/")
        except (KeyError, TypeError, ValueError):
            continue
        key = "B:" + r["id"]
        text = re.sub(r"^\[Graphic:[^\]]*\]\s*", "", (r.get("description") or "").strip())
        raw.append((key, f"{yyyy}-{mm}-{dd}", text, lat, lon, (r.get("location") or "").strip() or None))
        for s in r.get("sources") or ():
            by_url[_norm_url(s.get("path") or "")].append(key)
    for i, r in enumerate(cir):
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except ValueError:
            continue
        title = r.get("title") or ""
        m = _TITLE_DATE.match(title)
        date = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else r.get("date") or ""
        text = _TITLE_DATE.sub("", title).strip()
        desc = (r.get("brief description") or "").strip()
        if desc and desc.casefold() != text.casefold():
            text = f"{text}. {desc}" if text else desc
        key = f"C:{i}"
        raw.append((key, date, text, lat, lon, (r.get("town/city") or "").strip() or None))
        if r.get("link"):
            by_url[_norm_url(r["link"])].append(key)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    linked: set[str] = set()
    for url, keys in by_url.items():
        # A link cited by many items is a roundup page or a channel covering several incidents: no label.
        if not url or len(keys) > MAX_ITEMS_PER_URL:
            continue
        if not any(k.startswith("B:") for k in keys) or not any(k.startswith("C:") for k in keys):
            continue
        linked.update(keys)
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    # Entries re-filed with the very same description (>= 4 words) on one day within 10 km are one incident
    # filed twice ("Marked civilian ambulance attacked; 2 fatalities, 1 injury" in both datasets).
    by_text: dict[tuple[str, str], list[tuple[str, float, float]]] = defaultdict(list)
    for key, d, text, lat, lon, _pl in raw:
        words = re.sub(r"\W+", " ", text.casefold()).split()
        if len(words) >= 4:
            by_text[(d, " ".join(words))].append((key, lat, lon))
    for group in by_text.values():
        for key, lat, lon in group[1:]:
            k0, lat0, lon0 = group[0]
            if merge.haversine_km(lat0, lon0, lat, lon) <= 10.0:
                parent[find(key)] = find(k0)
    days = {d for key, d, *_ in raw if key in linked}
    items = [_item(k, d, t, la, lo, pl) for k, d, t, la, lo, pl in raw if d in days and t]
    gold = {it.key: find(it.key) for it in items}
    return items, gold


def cluster_sitroom(items: Sequence[Item]) -> dict[str, str]:
    """Cluster as the store does (``merge.Merger``: the store's blocking, ``best_match``): each report
    joins the best-matching incident or starts one; the incident keeps its first report's place and
    gathers all reports' texts."""
    merger = merge.Merger()
    return {it.key: merger.add(it.key, it.view)[0] for it in sorted(items, key=lambda i: (i.view.date or "", i.key))}


def cluster_viina(items: Sequence[Item]) -> dict[str, str]:
    """VIINA's rule: one event per (day, nearest settlement, type label)."""
    return {it.key: f"{it.view.date}|{it.settlement or it.key}|{it.view.sub_event_type}" for it in items}


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of a clustering against gold cluster ids (same keys)."""

    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for k, c in labels.items():
            groups[c].append(k)
        out: set[tuple[str, str]] = set()
        for members in groups.values():
            members.sort()
            out.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        return out

    g, p = pairs(gold), pairs(pred)
    tp = len(g & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold_pairs": float(len(g))}


def _report(
    prefix: str, gold: dict[str, str], rules: dict[str, Callable[[], dict[str, str]]]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, rule in rules.items():
        for metric, value in pairwise(gold, rule()).items():
            if metric == "gold_pairs":
                out[f"{prefix}.gold_pairs"] = value
            else:
                out[f"{prefix}.{name}.{metric}"] = value
    return out


def score_bellingcat_cir(dev: Path) -> dict[str, float]:
    """Pairwise merge precision/recall of sitroom's rule and VIINA's rule on Bellingcat x CIR incidents."""
    if not (dev / "bellingcat_civharm_2022.json").is_file() or not (dev / "cir_monitor_dev.csv").is_file():
        raise FileNotFoundError(f"{dev} lacks bellingcat_civharm_2022.json or cir_monitor_dev.csv")
    items, gold = _load_labelled(dev)
    scores = _report(
        "merge.bellcir",
        gold,
        {"sitroom": lambda: cluster_sitroom(items), "viina": lambda: cluster_viina(items)},
    )
    scores["merge.bellcir.items"] = float(len(items))
    return scores


def _warline_docs(path: Path) -> list[tuple[str, str, Document, Document]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            r = json.loads(line)
            try:
                m, d, y = r["full_date"].split("/")
            except (KeyError, ValueError):
                continue
            day = f"{y}-{int(m):02d}-{int(d):02d}"
            en, uk = (r.get("description_en") or "").strip(), (r.get("description_uk") or "").strip()
            if not en or not uk:
                continue
            out.append(
                (
                    f"W{i}",
                    day,
                    Document(f"w{i}-en", en, source="warline", published=day, lang="en"),
                    Document(f"w{i}-uk", uk, source="warline", published=day, lang="uk"),
                )
            )
    return out


def score_warline_crosslang(path: Path) -> dict[str, float]:
    """English and Ukrainian descriptions of one warline entry, through the full extractor: does the
    first event of each version merge (recall), and do events of different entries stay apart (precision).
    VIINA's rule on the same extracted events for comparison."""
    from sitroom.jobs.extract import events_of

    if not path.is_file():
        raise FileNotFoundError(path)
    opts = Options()
    items: list[Item] = []
    gold: dict[str, str] = {}
    for key, _day, en, uk in _warline_docs(path):
        for doc in (en, uk):
            evs = events_of(doc, opts)
            if not evs:
                continue
            view = merge.MergeView.from_event(evs[0])
            loc = evs[0].location
            items.append(Item(doc.doc_id, view, loc.gazetteer_id if loc else None))
            gold[doc.doc_id] = key
    scores = _report(
        "merge.warline",
        gold,
        {"sitroom": lambda: cluster_sitroom(items), "viina": lambda: _viina_located(items)},
    )
    scores["merge.warline.items"] = float(len(items))
    return scores


def _viina_located(items: Sequence[Item]) -> dict[str, str]:
    # VIINA drops reports it cannot geocode; unlocated items stay singletons here.
    return {
        it.key: f"{it.view.date}|{it.settlement}|{it.view.sub_event_type}" if it.settlement else it.key
        for it in items
    }


# ---------------------------------------------------------------- the cross-lingual gold set (eval/merge_gold)

GOLD_DIR = Path(__file__).resolve().parents[3] / "eval" / "merge_gold"


def _gold_texts(dev: Path) -> dict[tuple[str, str], str]:
    """(set, ref) -> text, as eval/merge_gold/README.md describes."""
    out: dict[tuple[str, str], str] = {}
    for r in json.loads((dev / "bellingcat_civharm_2022.json").read_text(encoding="utf-8")):
        out[("bellingcat", str(r.get("id")))] = re.sub(
            r"^\[Graphic:[^\]]*\]\s*", "", (r.get("description") or "").strip()
        ).strip()
    with (dev / "cir_monitor_dev.csv").open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            title = r.get("title") or ""
            m = _TITLE_DATE.match(title)
            text = title[m.end() :].strip() if m else title.strip()
            town = (r.get("town/city") or "").strip()
            out[("cir", str(i))] = f"{text} ({town})" if town else text
    with (dev / "viina_subset" / "VIINA_2022_REBUILD.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out[("viina2022", r["event_id_1pd"])] = r["representative_text"].split("||")[0].strip()
    with (dev / "warline_events_2022.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            r = json.loads(line)
            out[("warline", f"{i}:en")] = (r.get("description_en") or "").strip()
            out[("warline", f"{i}:uk")] = (r.get("description_uk") or "").strip()
    return out


def load_gold_pairs(path: Path | None = None) -> list[dict[str, object]]:
    path = path or GOLD_DIR / "pairs.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_pair_merges(a: Sequence[merge.MergeView], b: Sequence[merge.MergeView]) -> bool:
    """Whether a document with events ``b`` arriving after one with events ``a`` joins any of a's incidents."""
    cands = [(f"a{i}", v) for i, v in enumerate(a)]
    return any(merge.best_match(cands, v) is not None for v in b)


def score_merge_gold(dev: Path) -> dict[str, float]:
    """Pairwise precision/recall/F1 on eval/merge_gold/pairs.jsonl, tuning and held-back parts apart."""
    from sitroom.evaluation.split import part
    from sitroom.jobs.extract import events_of

    needed = ("bellingcat_civharm_2022.json", "cir_monitor_dev.csv", "warline_events_2022.jsonl")
    if not all((dev / n).is_file() for n in needed) or not (dev / "viina_subset").is_dir():
        raise FileNotFoundError(f"{dev} lacks the files the merge gold set refers to")
    texts = _gold_texts(dev)
    opts = Options()
    cache: dict[tuple[str, str], list[merge.MergeView]] = {}

    def views(side: dict[str, str]) -> list[merge.MergeView]:
        key = (side["set"], side["ref"])
        if key not in cache:
            doc = Document(
                f"{side['set']}:{side['ref']}", texts[key], source=side["set"], published=side["date"],
                lang=side["lang"],
            )
            cache[key] = [merge.MergeView.from_event(e) for e in events_of(doc, opts)]
        return cache[key]

    counts: dict[str, list[int]] = {"tune": [0, 0, 0], "held": [0, 0, 0]}  # tp, fp, fn
    for pair in load_gold_pairs():
        a, b = pair["a"], pair["b"]
        assert isinstance(a, dict) and isinstance(b, dict)
        predicted = gold_pair_merges(views(a), views(b))
        c = counts[part(str(pair["id"]))]
        if predicted and pair["same"]:
            c[0] += 1
        elif predicted:
            c[1] += 1
        elif pair["same"]:
            c[2] += 1
    out: dict[str, float] = {}
    for name, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[f"merge.gold.{name}.precision"] = p
        out[f"merge.gold.{name}.recall"] = r
        out[f"merge.gold.{name}.f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out
