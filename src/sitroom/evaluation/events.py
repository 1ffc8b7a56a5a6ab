"""Event-coding scores: weapons and targets against Bellingcat's human filters; type, weapon and side flags
against VIINA's machine labels (agreement, not accuracy: VIINA is a model, not gold).

Every scorer runs the real extract path (``events_of``) on the row's text and takes the union of what the
document's events say, the way a user reading the output would.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from sitroom.ingest.lang import detect
from sitroom.jobs.extract import events_of
from sitroom.models import Document, Event
from sitroom.options import Options

from .geo import viina_rows

# Bellingcat "Weapon System" -> sitroom weapons that count as the same thing.
BELLINGCAT_WEAPONS: dict[str, frozenset[str]] = {
    "Cluster munitions": frozenset({"cluster_munition"}),
    "Cruise missile": frozenset({"cruise_missile", "missile"}),
    "HE rocket artillery": frozenset({"mlrs"}),
    "HE tube artillery": frozenset({"artillery"}),
    "HE artillery inc mortars": frozenset({"artillery"}),
    "Ballistic missile": frozenset({"ballistic_missile", "missile"}),
    "Loitering munition": frozenset({"shahed", "drone"}),
    "Air strike": frozenset({"aircraft", "guided_bomb"}),
    "Small arms": frozenset({"small_arms"}),
    "Vehicle mounted weapon": frozenset({"armor", "small_arms"}),
    "Land mines": frozenset({"mine_ied"}),
    "Anti-air missile": frozenset({"missile"}),
}
# Bellingcat "Type of area affected" -> sitroom targets. Bellingcat has no communications class: it files TV
# and telecom towers under Industrial (infrastructure) or Administrative (state-run), so both accept it.
BELLINGCAT_TARGETS: dict[str, frozenset[str]] = {
    "Residential": frozenset({"residential"}),
    "Commercial": frozenset({"commercial"}),
    "School or childcare": frozenset({"education"}),
    "Industrial": frozenset({"industry", "energy", "communications"}),
    "Healthcare": frozenset({"healthcare"}),
    "Administrative": frozenset({"government", "communications"}),
    "Roads/Highways/Transport": frozenset({"transport", "railway"}),
    "Religious": frozenset({"religious"}),
    "Cultural": frozenset({"other"}),
}
# VIINA target classes -> sitroom targets.
VIINA_TARGETS: dict[str, frozenset[str]] = {
    "AMMUNITION_ARSENAL": frozenset({"military"}),
    "STRATEGIC_AIRBASE": frozenset({"military"}),
    "FUEL_STORAGE_TERMINAL": frozenset({"energy"}),
    "ENERGY_GRID_SUPPORT": frozenset({"energy"}),
    "REFINING_PETROCHEM_GAS": frozenset({"energy"}),
    "PIPELINE_PUMPING": frozenset({"energy"}),
    "PORT_EXPORT_LOGISTICS": frozenset({"transport"}),
    "RAIL_STRATEGIC_LOGISTICS": frozenset({"railway"}),
    "DEFENSE_INDUSTRY": frozenset({"industry", "military"}),
    "MILITARY_REPAIR_SHIPYARD": frozenset({"military", "industry"}),
    "MILITARY_COMMS_SPACE": frozenset({"military", "communications"}),
}
_DRONES = frozenset({"drone", "shahed", "fpv_drone"})
_ARTILLERY = frozenset({"artillery", "mlrs", "missile", "ballistic_missile", "cruise_missile"})
_AIR = frozenset({"aircraft", "guided_bomb"})


def _union(events: Iterable[Event], attr: str) -> set[str]:
    out: set[str] = set()
    for ev in events:
        out.update(getattr(ev, attr))
    return out


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _filters(row: dict[str, object], key: str) -> list[str]:
    out = []
    for f in row.get("filters") or []:  # type: ignore[attr-defined]
        if isinstance(f, dict) and f.get("key") == key:
            out.append(str(f.get("value")))
    return out


def score_bellingcat_weapons(path: Path) -> dict[str, float]:
    """Micro precision/recall/F1 of weapon classes (rows with a known weapon) and target classes."""
    opts = Options()
    w_tp = w_fp = w_fn = t_tp = t_fp = t_fn = n = found = 0
    weapon_universe = frozenset().union(*BELLINGCAT_WEAPONS.values())
    target_universe = frozenset().union(*BELLINGCAT_TARGETS.values())
    for r in json.loads(path.read_text(encoding="utf-8")):
        text = (r.get("description") or "").strip()
        if not text:
            continue
        n += 1
        doc = Document(doc_id=str(r.get("id")), text=text, lang="en", source="Bellingcat")
        events = events_of(doc, opts)
        found += bool(events)
        weapons = _union(events, "weapons") & weapon_universe
        targets = _union(events, "targets") & target_universe
        gold_w = [BELLINGCAT_WEAPONS[v] for v in _filters(r, "Weapon System") if v in BELLINGCAT_WEAPONS]
        if gold_w:
            hit = [g for g in gold_w if g & weapons]
            w_tp += len(hit)
            w_fn += len(gold_w) - len(hit)
            w_fp += len(weapons - frozenset().union(*gold_w)) > 0
        gold_t = [BELLINGCAT_TARGETS[v] for v in _filters(r, "Type of area affected") if v in BELLINGCAT_TARGETS]
        if gold_t:
            hit = [g for g in gold_t if g & targets]
            t_tp += len(hit)
            t_fn += len(gold_t) - len(hit)
            t_fp += len(targets - frozenset().union(*gold_t)) > 0
    if not n:
        return {}
    wp, wr, wf = _f1(w_tp, w_fp, w_fn)
    tp_, tr, tf = _f1(t_tp, t_fp, t_fn)
    return {
        "events.bellingcat.event_recall": found / n,
        "events.bellingcat.weapon_precision": wp,
        "events.bellingcat.weapon_recall": wr,
        "events.bellingcat.weapon_f1": wf,
        "events.bellingcat.target_precision": tp_,
        "events.bellingcat.target_recall": tr,
        "events.bellingcat.target_f1": tf,
    }


def score_viina_types(folder: Path) -> dict[str, float]:
    """Agreement with VIINA: strike headlines found as events, target classes, and (on the reviewed rows)
    drone / artillery flags and the Ukrainian-initiator flag."""
    opts = Options()
    n = found = t_n = t_ok = 0
    for i, r in enumerate(viina_rows(folder)):
        text = (r.get("representative_text") or "").strip()
        if not text:
            continue
        n += 1
        doc = Document(doc_id=f"viina-{i}", text=text, lang=detect(text), published=None)
        events = events_of(doc, opts)
        found += bool(events)
        gold = frozenset().union(*(VIINA_TARGETS.get(c, frozenset()) for c in (r.get("target_classes") or "").split("|")))
        if gold and events:
            t_n += 1
            t_ok += bool(gold & _union(events, "targets"))
    scores: dict[str, float] = {}
    if n:
        scores["events.viina.event_recall"] = found / n
        scores["events.viina.target_agreement"] = t_ok / t_n if t_n else 0.0
    review = folder / "viina_review_classified.csv"
    if review.is_file():
        counts = {k: [0, 0, 0] for k in ("drone", "artillery", "ua_initiator")}
        with review.open(encoding="utf-8") as fh:
            for i, r in enumerate(csv.DictReader(fh)):
                text = (r.get("representative_text") or "").strip()
                if not text:
                    continue
                doc = Document(doc_id=f"viina-review-{i}", text=text, lang=detect(text))
                events = events_of(doc, opts)
                weapons = _union(events, "weapons")
                ours = {
                    "drone": bool(weapons & _DRONES),
                    "artillery": bool(weapons & (_ARTILLERY | _AIR)),
                    "ua_initiator": any(e.initiator == "UA" for e in events),
                }
                theirs = {
                    "drone": r.get("t_uav") == "1",
                    "artillery": r.get("t_artillery") == "1" or r.get("t_airstrike") == "1",
                    "ua_initiator": r.get("a_ukr_init") == "1",
                }
                for k, c in counts.items():
                    c[0] += ours[k] and theirs[k]
                    c[1] += ours[k] and not theirs[k]
                    c[2] += theirs[k] and not ours[k]
        for k, (tp, fp, fn) in counts.items():
            scores[f"events.viina_review.{k}_f1"] = _f1(tp, fp, fn)[2]
    return scores
