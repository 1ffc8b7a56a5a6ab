"""Document-level gold: whole real documents (news, statements, Telegram posts, roundups), every incident
coded by reading before any rule was tuned on them (``eval/docgold/``: labels in ``gold_<lang>.jsonl``, the texts
as stored, with their origin and licence, in ``texts/<lang>.jsonl``, quoted for evaluation only).

Each document runs through the real extract path (``events_of``, as ``sitroom extract`` does). The events of
a document are matched one-to-one with its gold incidents:

- a pair is a candidate when the event's evidence overlaps a gold evidence sentence, or when both its place
  and its date agree (same oblast, or within 25 km of the gold place; the date within a day);
- candidates are taken best first (evidence overlap, then place, then date, then sub-type), each event and
  each incident once.

Scores: incident precision (matched events / events) and recall (matched incidents / incidents); on matched
pairs: killed and injured exact (null = null counts as exact: "no figure" is a figure claim too), oblast,
place within 25 km, date and sub-event type; ``nonevent_events``: events whose evidence lies in no gold
incident's sentence and that match no incident (what becomes a briefing item with nothing behind it).
Scores are given for the tuning part and the held-back part (``split.held_back`` on the document id).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any

from sitroom.geodesy import haversine_km
from sitroom.jobs.extract import events_of
from sitroom.models import Document, Event
from sitroom.options import Options

from . import split
from .handcoded import _Ratio
from .regions import oblast_key

GOLD_DIR = Path(__file__).resolve().parents[3] / "eval" / "docgold"
TEXTS_DIR = GOLD_DIR / "texts"
LANGS = ("en", "uk", "ru")
PLACE_KM = 25.0
PREFIX = "docgold"


@dataclass(slots=True)
class _Tally:
    docs: int = 0
    events: int = 0
    incidents: int = 0
    matched: int = 0
    nonevent: int = 0
    fields: dict[str, _Ratio] = field(default_factory=dict)

    def field(self, name: str) -> _Ratio:
        return self.fields.setdefault(name, _Ratio())


@dataclass(frozen=True, slots=True)
class Judged:
    """One document: its gold incidents, the events extract made, and the matched pairs (indexes)."""

    doc: Document
    gold: list[dict[str, Any]]
    events: list[Event]
    pairs: list[tuple[int, int]]  # (event index, gold index)
    nonevent: list[int]  # event indexes with no gold sentence and no match


def load_gold(gold_dir: Path = GOLD_DIR) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for lang in LANGS:
        path = gold_dir / f"gold_{lang}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    out[row["doc_id"]] = row
    return out


def load_documents(folder: Path = TEXTS_DIR) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for lang in LANGS:
        path = folder / f"{lang}.jsonl"
        if path.is_file():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise FileNotFoundError(f"no {folder}/<lang>.jsonl (the document-level gold texts)")
    return rows


def _document(row: dict[str, Any]) -> Document:
    return Document(doc_id=row["id"], text=row["text"], lang=row.get("lang") or "en",
                    source=row.get("source") or "unknown", url=row.get("url"), title=row.get("title"),
                    published=row.get("published"), ext_id=row["id"])


def _spans(text: str, sentences: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for s in sentences:
        s = s.strip()
        if not s:
            continue
        i = text.find(s)
        if i < 0:  # whitespace may differ (line breaks in the source)
            pattern = r"\s+".join(re.escape(w) for w in s.split())
            m = re.search(pattern, text)
            if m:
                out.append((m.start(), m.end()))
            continue
        out.append((i, i + len(s)))
    return out


def _event_spans(text: str, ev: Event) -> list[tuple[int, int]]:
    out = []
    for e in ev.evidence:
        if e.start is not None and e.end is not None:
            out.append((e.start, e.end))
        else:
            out += _spans(text, [e.text])
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    """Some evidence span of one overlaps one of the other by a third of the shorter span."""
    for s1, e1 in a:
        for s2, e2 in b:
            inter = min(e1, e2) - max(s1, s2)
            if inter > 0 and inter >= 0.33 * min(e1 - s1, e2 - s2):
                return True
    return False


def _gold_point(g: dict[str, Any]) -> tuple[float, float] | None:
    from sitroom.reading.gazetteer import default_gazetteer

    place = g.get("place")
    if not place:
        return None
    found = default_gazetteer().search(place)
    want = oblast_key(g.get("oblast"))
    same = [p for p in found if want and oblast_key(p.admin1) == want]
    pool = same or found
    return (pool[0].lat, pool[0].lon) if pool else None


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9а-яёіїєґ]+", "", (name or "").lower().replace("city", ""))


def place_ok(g: dict[str, Any], ev: Event) -> bool:
    loc = ev.location
    if loc is None or not g.get("place"):
        return False
    if _norm(loc.name) == _norm(g["place"]):
        return True
    point = _gold_point(g)
    return point is not None and haversine_km(point[0], point[1], loc.lat, loc.lon) <= PLACE_KM


def oblast_ok(g: dict[str, Any], ev: Event) -> bool:
    want = oblast_key(g.get("oblast"))
    if want is None:
        return False
    loc = ev.location
    if loc is None:
        return False
    got = oblast_key(loc.admin1)
    kyiv = {"kyiv"}  # Kyiv City and Kyiv Oblast share one key in regions.py
    return got == want or (got in kyiv and want in kyiv)


def date_ok(g: dict[str, Any], ev: Event, days: int = 0) -> bool:
    if not g.get("date") or not ev.date:
        return False
    try:
        return abs((_date.fromisoformat(g["date"]) - _date.fromisoformat(ev.date)).days) <= days
    except ValueError:
        return False


def judge(row: dict[str, Any], gold: dict[str, Any], opts: Options) -> Judged:
    doc = _document(row)
    events = events_of(doc, opts)
    incidents = list(gold.get("incidents") or [])
    text = doc.text
    gold_spans = [_spans(text, g.get("evidence") or []) for g in incidents]
    all_gold = [s for spans in gold_spans for s in spans]
    cands: list[tuple[tuple[int, int, int, int], int, int]] = []
    ev_spans = [_event_spans(text, ev) for ev in events]
    for i, ev in enumerate(events):
        for j, g in enumerate(incidents):
            over = _overlap(ev_spans[i], gold_spans[j])
            where = oblast_ok(g, ev) or place_ok(g, ev)
            when = date_ok(g, ev, days=1) or not g.get("date")
            if not (over or (where and when)):
                continue
            key = (int(over), int(where), int(date_ok(g, ev, days=1)), int(ev.sub_event_type == g.get("sub_event_type")))
            cands.append((key, i, j))
    cands.sort(key=lambda c: (c[0], -c[1], -c[2]), reverse=True)
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_e or j in used_g:
            continue
        used_e.add(i)
        used_g.add(j)
        pairs.append((i, j))
    nonevent = [i for i in range(len(events)) if i not in used_e and not _overlap(ev_spans[i], all_gold)]
    return Judged(doc, incidents, events, sorted(pairs), nonevent)


def _add(t: _Tally, j: Judged) -> None:
    t.docs += 1
    t.events += len(j.events)
    t.incidents += len(j.gold)
    t.matched += len(j.pairs)
    t.nonevent += len(j.nonevent)
    for i, k in j.pairs:
        ev, g = j.events[i], j.gold[k]
        t.field("killed_exact").add(ev.killed == g.get("killed"))
        t.field("injured_exact").add(ev.injured == g.get("injured"))
        if g.get("killed") is not None or ev.killed is not None:
            t.field("killed_exact_where_stated").add(ev.killed == g.get("killed"))
        if g.get("injured") is not None or ev.injured is not None:
            t.field("injured_exact_where_stated").add(ev.injured == g.get("injured"))
        if g.get("oblast"):
            t.field("oblast_accuracy").add(oblast_ok(g, ev))
        if g.get("place"):
            t.field("place_25km_accuracy").add(place_ok(g, ev))
        if g.get("date"):
            t.field("date_accuracy").add(date_ok(g, ev))
        if g.get("sub_event_type"):
            t.field("sub_event_type_accuracy").add(ev.sub_event_type == g["sub_event_type"])


def _scores(t: _Tally, prefix: str) -> dict[str, float]:
    p = t.matched / t.events if t.events else 0.0
    r = t.matched / t.incidents if t.incidents else 0.0
    out = {
        f"{prefix}.documents": float(t.docs),
        f"{prefix}.incidents": float(t.incidents),
        f"{prefix}.events": float(t.events),
        f"{prefix}.incident_precision": p,
        f"{prefix}.incident_recall": r,
        f"{prefix}.incident_f1": 2 * p * r / (p + r) if p + r else 0.0,
        f"{prefix}.nonevent_events": float(t.nonevent),
    }
    for name, c in sorted(t.fields.items()):
        if c.n:
            out[f"{prefix}.{name}"] = c.ok / c.n
    return out


def judged_all(folder: Path = TEXTS_DIR, gold_dir: Path = GOLD_DIR, opts: Options | None = None) -> list[Judged]:
    """Every gold document with what extract makes of it (also what a person reads misses from)."""
    opts = opts or Options()
    gold = load_gold(gold_dir)
    return [judge(row, gold[row["id"]], opts) for row in load_documents(folder) if row["id"] in gold]


def score_docgold(_data: Path) -> dict[str, float]:
    """Gate entry point: texts and labels both ship with the repository (``eval/docgold/``)."""
    tallies = {"tune": _Tally(), "held": _Tally()}
    for j in judged_all():
        _add(tallies[split.part(j.doc.doc_id)], j)
    out: dict[str, float] = {}
    for name, t in tallies.items():
        out.update(_scores(t, f"{PREFIX}.{name}"))
    return out
