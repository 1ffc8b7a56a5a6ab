"""Per-field scores against the hand-coded golden set (``eval/handcoded/passages.jsonl``).

The golden set is ~300 short real passages (ISW sentences, VIINA headlines, Warline descriptions) coded by a
person following docs/coding-rules.md, so unlike the VIINA agreement scores these are accuracies against a
human reading. The file lives in the repository, not in the shared data folder: the registered scorer takes
the data path (the gate's calling convention) but reads the repository file.

Every passage runs through the real extract path (``events_of``). Detection counts a passage as found when
it yields at least one event; field scores compare the gold coding with the extracted event that best
matches it (same place, else same oblast, else the first), over true events that were found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.geodesy import haversine_km
from sitroom.jobs.extract import events_of
from sitroom.models import Document, Event
from sitroom.options import Options

from . import split

GOLDEN = Path(__file__).resolve().parents[3] / "eval" / "handcoded" / "passages.jsonl"
PLACE_KM = 25.0  # a differently spelled or neighbouring settlement this close still counts as the place
PREFIX = "handcoded"


def score_handcoded(path: Path) -> dict[str, float]:
    """Gate entry point: ``path`` is the data folder (unused); the golden file ships with the repository.

    Scores the tuning part and the held-back part (``split.held_back`` on the passage id) separately:
    ``handcoded.tune.*`` and ``handcoded.held.*``. The gate's floors pin the held-back part."""
    del path
    if not GOLDEN.is_file():
        return {}
    rows = load(GOLDEN)
    scores: dict[str, float] = {}
    for name in ("tune", "held"):
        part_rows = [r for r in rows if split.part(r["id"]) == name]
        scores.update(score_rows(part_rows, f"{PREFIX}.{name}"))
    return scores


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass(slots=True)
class _Ratio:
    """Hits out of cases; an empty ratio is left out of the report rather than scored 0 or 1."""

    ok: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.ok += hit
        self.n += 1


@dataclass(slots=True)
class _SetScore:
    """Micro precision/recall over class labels (weapons or targets)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[str], pred: Iterable[str]) -> None:
        g, p = set(gold), set(pred)
        self.tp += len(g & p)
        self.fp += len(p - g)
        self.fn += len(g - p)


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, _Ratio] = field(default_factory=dict)
    weapons: _SetScore = field(default_factory=_SetScore)
    targets: _SetScore = field(default_factory=_SetScore)

    def ratio(self, name: str) -> _Ratio:
        return self.fields.setdefault(name, _Ratio())


def _norm_place(name: str | None) -> str:
    s = (name or "").lower().replace("’", "'").replace("'", "")
    s = re.sub(r"\b(city|oblast|raion|region)\b", "", s)
    return re.sub(r"[^a-z0-9]+", "", s)


_km = haversine_km


def _gold_coords(place: str, admin1: str | None) -> tuple[float, float] | None:
    """The gazetteer entry for a gold place name, preferring one in the gold oblast (names repeat a lot)."""
    from sitroom.reading.gazetteer import default_gazetteer

    found = default_gazetteer().search(place)
    same = [p for p in found if admin1 and p.admin1 == admin1]
    pool = same or found
    return (pool[0].lat, pool[0].lon) if pool else None


def place_matches(gold: dict[str, Any], ev: Event) -> bool:
    """Same name (case- and punctuation-insensitive), or within PLACE_KM of the gold place's gazetteer point."""
    loc = ev.location
    if loc is None or not gold.get("place"):
        return False
    if _norm_place(loc.name) == _norm_place(gold["place"]):
        return True
    coords = _gold_coords(gold["place"], gold.get("admin1"))
    return coords is not None and _km(coords[0], coords[1], loc.lat, loc.lon) <= PLACE_KM


def best_event(gold: dict[str, Any], events: list[Event]) -> Event:
    """The extracted event a reader would compare with the gold line: same place, else same oblast, else first."""
    if gold.get("place"):
        for ev in events:
            if place_matches(gold, ev):
                return ev
    if gold.get("admin1"):
        for ev in events:
            if ev.location is not None and ev.location.admin1 == gold["admin1"]:
                return ev
    return events[0]


def _document(row: dict[str, Any]) -> Document:
    return Document(doc_id=row["id"], text=row["text"], lang=row.get("lang") or "en",
                    source=row.get("source") or "unknown", url=row.get("url"), published=row.get("published"))


def _score_fields(t: _Tally, gold: dict[str, Any], ev: Event) -> None:
    t.ratio("event_type").add(ev.event_type == gold["event_type"])
    t.ratio("sub_event_type").add(ev.sub_event_type == gold["sub_event_type"])
    if gold.get("admin1"):
        t.ratio("admin1").add(ev.location is not None and ev.location.admin1 == gold["admin1"])
    if gold.get("place"):
        t.ratio("place").add(place_matches(gold, ev))
    if gold.get("date"):
        t.ratio("date").add(ev.date == gold["date"])
    for key in ("killed", "injured"):
        value = getattr(ev, key)
        if gold.get(key) is not None:
            t.ratio(key).add(value == gold[key])
        else:
            t.ratio(f"{key}_null_agreement").add(value is None)
    t.weapons.add(gold.get("weapons") or [], ev.weapons)
    t.targets.add(gold.get("targets") or [], ev.targets)
    t.ratio("initiator").add(ev.initiator == gold["initiator"])
    t.ratio("claim_status").add(ev.claim.status == gold["claim_status"])


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def judged(rows: Iterable[dict[str, Any]], opts: Options | None = None) -> Iterator[tuple[dict[str, Any], list[Event]]]:
    """Each golden row with what the extract path makes of it (also used to list misses by hand)."""
    opts = opts or Options()
    for row in rows:
        yield row, events_of(_document(row), opts)


def score_file(path: Path) -> dict[str, float]:
    """Per-field scores of the extract path on one golden file (any slice of it), all rows together."""
    return score_rows(load(path), PREFIX)


def score_rows(rows: list[dict[str, Any]], prefix: str) -> dict[str, float]:
    """Per-field scores of the extract path on golden rows, keys under ``prefix``."""
    t = _Tally()
    scores: dict[str, float] = {f"{prefix}.n": float(len(rows))}
    for gold, events in judged(rows):
        if gold["is_event"] and events:
            t.tp += 1
            _score_fields(t, gold, best_event(gold, events))
        elif gold["is_event"]:
            t.fn += 1
        elif events:
            t.fp += 1
    p, r, f = _prf(t.tp, t.fp, t.fn)
    scores.update({f"{prefix}.event_precision": p, f"{prefix}.event_recall": r, f"{prefix}.event_f1": f})
    for name, ratio in sorted(t.fields.items()):
        if ratio.n:
            scores[f"{prefix}.{name}_accuracy" if "null" not in name else f"{prefix}.{name}"] = ratio.ok / ratio.n
    for name, s in (("weapons", t.weapons), ("targets", t.targets)):
        sp, sr, sf = _prf(s.tp, s.fp, s.fn)
        scores.update({f"{prefix}.{name}_precision": sp, f"{prefix}.{name}_recall": sr, f"{prefix}.{name}_f1": sf})
    return scores
