"""Stage 5 (first version): decide whether a report describes an incident already stored, and combine
the reports of one incident into its merged figures.

Pure functions over small frozen views, no I/O: the store selects candidate incidents of the same date
with an indexed query (``candidate_box``) and calls ``best_match``; the same functions run unchanged on a
Dask worker.

Rules (``should_merge``), cheapest checks first:

1. Same date (both known). Two undated reports merge only when their evidence is near-identical text.
2. Compatible type family: strikes, shelling and attacks on civilians are one family (sources disagree on
   "missile strike" vs "shelling" vs "attack on civilians" for the same blast); battles, unrest and each
   strategic-development sub-type are their own.
3. Place: the same gazetteer id, or both located within ``MAX_DISTANCE_KM``, but never two *different
   settlements* (both coded to a town, precision 1–2, with different ids/names): neighbouring villages
   2 km apart are different incidents. A region-level report (precision 3) merges with a report in the same
   admin1 only when the evidence text is near-identical.
4. What was hit and with what (``attribute_fit``, from the classifier run on the evidence texts, so it works
   across languages): two reports naming different specific sites (a school vs the energy grid) or
   different weapon kinds (a drone vs a shell) are different incidents unless their text is near-identical.
5. Big cities (``BIG_CITY_POPULATION``) see many incidents a day: there the same settlement is not enough;
   the reports must also name the same specific site, state the same distinctive figures (digits survive
   translation: "47 Shahed drones" / "47 шахедів") or read alike (``CITY_TEXT_SIMILARITY``).
6. Neither located: near-identical evidence (rapidfuzz ``token_set_ratio`` >= ``TEXT_SIMILARITY``) or the
   same distinctive figures. One located and one not: no merge (too often two strikes in one oblast).

Measured in ``sitroom.evaluation.merge`` against VIINA's rule (docs/briefing.md has the numbers).

``combine`` turns all reports of an incident into the incident's contract dict: the figures come from the
latest credible report (by published date, denied reports ignored, reports without a figure skipped), so
"toll rises to 6" replaces 4 while the stored reports keep the history.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from sitroom.geodesy import haversine_km
from sitroom.models import Event
from sitroom.reading.classify import classify

# ~5 km: a city-level report coded to the centre and a district-level one of the same blast lie within a
# few km of each other in the gazetteer; settlements further apart are different places.
MAX_DISTANCE_KM = 5.0
# token_set_ratio >= 90 is a reprint/translation-free rewording of the same sentence; 80 already pairs
# different "shelling of X killed N" sentences with different figures.
TEXT_SIMILARITY = 90.0
# A city this big has several incidents a day: reports there need a shared site/weapon or similar text.
BIG_CITY_POPULATION = 100_000
# token_set_ratio that pairs two differently worded reports of one blast in a big city.
CITY_TEXT_SIMILARITY = 70.0
# Degrees of latitude per km, for the store's bounding-box pre-filter (longitude scaled by cos(lat)).
KM_PER_DEG_LAT = 111.32

_REMOTE_FAMILY = "violence"
_FAMILY_BY_SUB: dict[str, str] = {
    "Air/drone strike": _REMOTE_FAMILY,
    "Shelling/artillery/missile attack": _REMOTE_FAMILY,
    "Remote explosive/landmine/IED": _REMOTE_FAMILY,
    "Grenade": _REMOTE_FAMILY,
    "Chemical weapon": _REMOTE_FAMILY,
    "Suicide bomb": _REMOTE_FAMILY,
    "Attack": _REMOTE_FAMILY,
    "Armed clash": "battle",
    "Government regains territory": "battle",
    "Non-state actor overtakes territory": "battle",
    "Sexual violence": "vac-sexual",
    "Abduction/forced disappearance": "vac-abduction",
    "Peaceful protest": "unrest",
    "Protest with intervention": "unrest",
    "Excessive force against protesters": "unrest",
    "Violent demonstration": "unrest",
    "Mob violence": "unrest",
}

# Claim status from most to least trustworthy; used to pick the incident's claim.
STATUS_RANK = {"confirmed": 0, "reported": 1, "claimed": 2, "unconfirmed": 3, "denied": 4}


def type_family(sub_event_type: str) -> str:
    """Family of compatible sub-types; strategic developments only match their own sub-type."""
    return _FAMILY_BY_SUB.get(sub_event_type, "sd:" + sub_event_type)


@dataclass(frozen=True, slots=True)
class MergeView:
    """What merging needs to know about an incident or a report."""

    date: str | None
    sub_event_type: str
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    gazetteer_id: str | None = None
    place_name: str | None = None
    admin1: str | None = None
    texts: tuple[str, ...] = ()

    @classmethod
    def from_event(cls, ev: Event) -> MergeView:
        loc = ev.location
        return cls(
            date=ev.date,
            sub_event_type=ev.sub_event_type,
            lat=loc.lat if loc else None,
            lon=loc.lon if loc else None,
            geo_precision=loc.geo_precision if loc else None,
            gazetteer_id=loc.gazetteer_id if loc else None,
            place_name=loc.name if loc else None,
            admin1=loc.admin1 if loc else None,
            texts=tuple(e.text for e in ev.evidence),
        )

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def text_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Best token_set_ratio between any evidence text of a and any of b (0..100)."""
    best = 0.0
    bl = [t.casefold() for t in b]
    for ta in a:
        ta_f = ta.casefold()
        for tb in bl:
            best = max(best, fuzz.token_set_ratio(ta_f, tb))
            if best >= 100.0:
                return best
    return best


# Weapons that can describe the same blast are one group: sources call one rocket a "missile", "Grad" or
# "artillery"; a drone and an artillery shell are different incidents.
_WEAPON_GROUP = {
    "missile": "missile",
    "ballistic_missile": "missile",
    "cruise_missile": "missile",
    "aircraft": "air",
    "guided_bomb": "air",
    "shahed": "drone",
    "drone": "drone",
    "fpv_drone": "drone",
    "artillery": "artillery",
    "mlrs": "artillery",
    "cluster_munition": "artillery",
    "armor": "ground",
    "small_arms": "ground",
    "mine_ied": "mine",
}
# Targets that say which site was hit; "civilians", "residential" and "military" describe most incidents of a
# city and separate nothing.
_GENERIC_TARGETS = frozenset({"civilians", "residential", "military", "commercial", "transport"})


@lru_cache(maxsize=50_000)
def text_profile(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(specific targets, weapon groups) that the classifier finds in one evidence text."""
    c = classify(text, "en")
    if c is None:
        return frozenset(), frozenset()
    targets = frozenset(c.targets) - _GENERIC_TARGETS
    weapons = frozenset(_WEAPON_GROUP[w] for w in c.weapons if w in _WEAPON_GROUP)
    return targets, weapons


def _profile(view: MergeView) -> tuple[frozenset[str], frozenset[str]]:
    targets: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    for t in view.texts:
        tt, ww = text_profile(t)
        targets, weapons = targets | tt, weapons | ww
    return targets, weapons


def attribute_fit(a: MergeView, b: MergeView) -> int | None:
    """None when the evidence names different sites or weapons (a hospital vs a school; a drone vs a
    shell): two incidents in one city. Otherwise how many specific attributes they share (0..)."""
    ta, wa = _profile(a)
    tb, wb = _profile(b)
    if (ta and tb and not ta & tb) or (wa and wb and not wa & wb):
        return None
    return len(ta & tb) + len(wa & wb)


# Whole numbers, not parts of decimals, times or dates ("1,5", "5:10", "24.02").
_NUM = re.compile(r"(?<!\d)(?<!\d[.,:/])\d{1,6}(?!\d)(?![.,:/]\d)")


def _numbers(texts: Iterable[str]) -> frozenset[int]:
    """Figures a report states (digits survive translation), without years and single digits."""
    out = set()
    for t in texts:
        for m in _NUM.findall(t):
            n = int(m)
            if n >= 3 and not 1900 <= n <= 2100:
                out.add(n)
    return frozenset(out)


def shared_figures(a: MergeView, b: MergeView) -> bool:
    """Both reports state the same distinctive figure ("30 Shahed drones", "37 killed"): across languages
    the strongest text evidence that two reports tell one story."""
    common = _numbers(a.texts) & _numbers(b.texts)
    return len(common) >= 2 or any(n >= 10 for n in common)


def _big_city(a: MergeView, b: MergeView) -> bool:
    from sitroom.reading.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    for v in (a, b):
        p = gaz.get(v.gazetteer_id) if v.gazetteer_id else None
        if p is not None and p.population >= BIG_CITY_POPULATION:
            return True
    return False


def _shared_site(a: MergeView, b: MergeView) -> bool:
    """Both name the same specific kind of site (a school, the energy grid): weapon kinds are too common
    in one city to tell incidents apart, so they only ever separate."""
    return bool(_profile(a)[0] & _profile(b)[0])


def _same_settlement(a: MergeView, b: MergeView) -> bool | None:
    """True/False when both are coded to a settlement; None when either is region-level or unlocated."""
    if not (a.located and b.located) or a.geo_precision == 3 or b.geo_precision == 3:
        return None
    if a.gazetteer_id and b.gazetteer_id:
        return a.gazetteer_id == b.gazetteer_id
    if a.place_name and b.place_name:
        return a.place_name.casefold() == b.place_name.casefold()
    return None


def merge_score(incident: MergeView, report: MergeView) -> float | None:
    """How well ``report`` fits ``incident`` (higher is better), or None when they must not merge."""
    if incident.date != report.date:
        return None
    if type_family(incident.sub_event_type) != type_family(report.sub_event_type):
        return None
    if incident.date is None:  # undated: only a near-verbatim repeat
        sim = text_similarity(incident.texts, report.texts)
        return sim if sim >= TEXT_SIMILARITY else None
    same = _same_settlement(incident, report)
    if same is False:
        return None
    if same is True or (
        incident.located and report.located and 3 not in (incident.geo_precision, report.geo_precision)
    ):
        fit = attribute_fit(incident, report)
        if fit is None:
            sim = text_similarity(incident.texts, report.texts)
            return sim if sim >= TEXT_SIMILARITY else None
        if _big_city(incident, report) and not _shared_site(incident, report):
            # Dozens of incidents a day hit one city: the same name alone does not make them one incident.
            sim = text_similarity(incident.texts, report.texts)
            if shared_figures(incident, report):
                sim = max(sim, CITY_TEXT_SIMILARITY)
            return 100.0 + sim if sim >= CITY_TEXT_SIMILARITY else None
        if same is True:
            return 200.0 + 10.0 * fit
    if incident.located and report.located:
        assert incident.lat is not None and incident.lon is not None  # for mypy
        assert report.lat is not None and report.lon is not None
        if 3 in (incident.geo_precision, report.geo_precision):
            if incident.admin1 != report.admin1:
                return None
            sim = text_similarity(incident.texts, report.texts)
            return sim if sim >= TEXT_SIMILARITY else None
        dist = haversine_km(incident.lat, incident.lon, report.lat, report.lon)
        return (
            200.0 - dist + 10.0 * (attribute_fit(incident, report) or 0) if dist <= MAX_DISTANCE_KM else None
        )
    if not incident.located and not report.located:
        sim = text_similarity(incident.texts, report.texts)
        if sim < TEXT_SIMILARITY and shared_figures(incident, report):
            sim = TEXT_SIMILARITY  # a translation of the same figures
        return sim if sim >= TEXT_SIMILARITY else None
    return None


def should_merge(incident: MergeView, report: MergeView) -> bool:
    """Whether ``report`` describes the incident (see the module docstring for the rules)."""
    return merge_score(incident, report) is not None


def best_match(candidates: Sequence[tuple[str, MergeView]], report: MergeView) -> str | None:
    """Id of the best-fitting candidate incident, ties broken by id for determinism; None when none fits."""
    best: tuple[float, str] | None = None
    for inc_id, view in candidates:
        score = merge_score(view, report)
        if score is None:
            continue
        if best is None or score > best[0] or (score == best[0] and inc_id < best[1]):
            best = (score, inc_id)
    return best[1] if best else None


def candidate_box(view: MergeView) -> tuple[float, float, float, float] | None:
    """(lat_min, lat_max, lon_min, lon_max) holding every point within MAX_DISTANCE_KM of the report."""
    if view.lat is None or view.lon is None:
        return None
    dlat = MAX_DISTANCE_KM / KM_PER_DEG_LAT
    dlon = MAX_DISTANCE_KM / (KM_PER_DEG_LAT * max(0.1, math.cos(math.radians(view.lat))))
    return view.lat - dlat, view.lat + dlat, view.lon - dlon, view.lon + dlon


def _report_order(r: dict[str, Any]) -> tuple[str, int]:
    # Reports without a publication date sort first (oldest): a dated later report is the better revision.
    return (r.get("published") or "", int(r.get("_seq", 0)))


def combine(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Merge report dicts (``Event.to_dict`` shape, in insertion order, optional ``_seq``) into one
    incident dict. The first report gives the id, doc and date; figures come from the latest credible
    report that has them; location is the most precise; claim the most trustworthy status."""
    if not reports:
        raise ValueError("combine() needs at least one report")
    first = reports[0]
    ordered = sorted(reports, key=_report_order)
    credible = [r for r in ordered if r["claim"]["status"] != "denied"] or ordered
    out = {k: v for k, v in first.items() if not k.startswith("_")}

    def latest(field: str) -> Any:
        for r in reversed(credible):
            if r.get(field) is not None:
                return r[field]
        return None

    out["killed"] = latest("killed")
    out["injured"] = latest("injured")
    out["casualties_civilian"] = latest("casualties_civilian")
    for field in ("launched", "intercepted"):
        value = latest(field)
        if value is None:
            out.pop(field, None)
        else:
            out[field] = value
    located = [r for r in reports if r.get("location")]
    if located:
        out["location"] = min(located, key=lambda r: r["location"]["geo_precision"])["location"]
    out["claim"] = min(reports, key=lambda r: STATUS_RANK.get(r["claim"]["status"], 9))["claim"]
    out["weapons"] = sorted({w for r in reports for w in r.get("weapons", [])})
    out["targets"] = sorted({t for r in reports for t in r.get("targets", [])})
    out["confidence"] = max(float(r.get("confidence", 0.0)) for r in reports)
    evidence: list[dict[str, Any]] = []
    for r in reports:
        evidence.extend(r["evidence"])
    out["evidence"] = evidence
    return out


def severity(killed: int | None, injured: int | None) -> int:
    """Ranking key used by the store and the briefing: killed weigh three times the injured."""
    return 3 * (killed or 0) + (injured or 0)
