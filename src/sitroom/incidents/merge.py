"""Stage 5: decide whether a report describes an incident already stored, say why, and combine the
reports of one incident into its merged figures.

Pure functions over small frozen views, no I/O: the store selects candidate incidents with indexed queries
(``candidate_box``, event date +-1 day) and calls ``best_match`` / ``explain``; the same functions run
unchanged on a Dask worker.

Blocking, then scoring (``explain``):

1. Blocking (vetoes, cheapest first): event dates at most ``MAX_DAY_GAP`` apart (two undated reports merge
   only on near-identical text); a compatible type family (strikes, shelling, attacks and shoot-downs are
   one family; battles, unrest and each strategic development their own); places that can be the same by
   their precision: two settlement-level places within ``MAX_DISTANCE_KM``, a region-level place in the
   other's oblast, or a report without a place; no two different kinds of site ("the oil depot" vs "the
   airfield") unless the texts are near-identical.
2. Scoring on what survives translation (``features``): the same gazetteer settlement (less in a big city,
   where many incidents a day share the name), the same kind of site, the same named objects (Okhmatdyt /
   Охматдит share a transliterated key), the same figures (killed, injured, launched, intercepted, digits
   in the text), compatible weapons, language-blind token similarity; a day apart costs. A report joins
   the best candidate scoring at least ``THRESHOLD``.

``explain`` returns the score and the reasons (shared place id, site, names, figures, day), which the store
keeps with each report and the event page shows.

``combine`` turns all reports of an incident into the incident's contract dict: the figures come from the
latest credible report (by published date, denied reports ignored, reports without a figure skipped), so
"toll rises to 6" replaces 4 while the stored reports keep the history.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from sitroom.geodesy import haversine_km
from sitroom.incidents import features
from sitroom.models import Event
from sitroom.reading.classify import classify

# Blocking: reports of one incident have event dates at most this many days apart (a toll revised the next
# day, an overnight attack dated to either night) and settlement-level places within this distance (a
# town's centre and the district hit, or the nearest settlement a geolocator picked).
MAX_DAY_GAP = 1
MAX_DISTANCE_KM = 25.0
# Two points this close without a gazetteer id on both sides are the same place.
SAME_POINT_KM = 5.0
# token_set_ratio >= 90 is a reprint or a near-verbatim rewording.
TEXT_SIMILARITY = 90.0
MIN_WORDS = 4
# Dice overlap (%) of folded word stems that marks a close paraphrase, in any of the three languages.
STEM_OVERLAP = 50.0
# A city this big has several incidents a day: there the name alone scores less.
BIG_CITY_POPULATION = 100_000
# Scores (see explain): a report joins the best candidate at or above THRESHOLD.
THRESHOLD = 2.0
SAME_PLACE_SCORE = 1.75
BIG_CITY_PLACE_SCORE = 1.0
# Specific facts (site, names, figures or wording) two reports in a big city must share.
BIG_CITY_FACTS = 1
NEAR_PLACE_SCORE = 0.25
REGION_SCORE = 0.5
SITE_SCORE = 1.5
SITE_FAMILY_SCORE = 1.0
BROAD_SITE_SCORE = 0.5
NAME_SCORE = 0.75
FIGURE_SCORE = 1.0
NUMBER_SCORE = 1.5
WEAPON_SCORE = 0.5
# The same time of day ("at 04:35" / "о 04:35"): digits survive translation.
TIME_SCORE = 1.0
TIME_CLASH_PENALTY = 1.0
WEAPON_CLASH_PENALTY = 1.0
TEXT_SCORE_HIGH = 2.5
TEXT_SCORE_MID = 1.0
# Cross-language gist (features.concepts): shared concepts and their Dice overlap.
TEXT_SCORE_GIST = 2.0
GIST_STRONG_SHARED = 4
GIST_STRONG_DICE = 0.75
GIST_SHARED = 3
GIST_DICE = 0.7
# One or two shared concepts ("crater", "shelling"): a small push, never enough alone.
CONCEPT_SCORE = 0.25
CONCEPT_MIN = 1
# Concepts most incident reports share: they never push a pair over the threshold on their own.
GENERIC_CONCEPTS = frozenset({"destroyed", "civilians", "military", "killed", "strike", "city"})
DAY_GAP_PENALTY = 1.0
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


# An air attack and its interception ("shot down 30 of 47 drones") are one story.
_AIR_FAMILIES = frozenset({_REMOTE_FAMILY, "sd:Disrupted weapons use"})


def type_family(sub_event_type: str) -> str:
    """Family of compatible sub-types; strategic developments only match their own sub-type."""
    return _FAMILY_BY_SUB.get(sub_event_type, "sd:" + sub_event_type)


@dataclass(frozen=True, slots=True)
class MergeView:
    """What merging needs to know about an incident or a report (figures and weapons optional: an incident
    view built from the store's columns may lack them; the texts give the rest)."""

    date: str | None
    sub_event_type: str
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    gazetteer_id: str | None = None
    place_name: str | None = None
    admin1: str | None = None
    texts: tuple[str, ...] = ()
    killed: int | None = None
    injured: int | None = None
    launched: int | None = None
    intercepted: int | None = None
    weapons: tuple[str, ...] = ()

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
            killed=ev.killed,
            injured=ev.injured,
            launched=ev.launched,
            intercepted=ev.intercepted,
            weapons=tuple(ev.weapons),
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MergeView:
        """From a contract-shaped event dict (a stored incident's ``data``): its place, type and latest figures,
        and the evidence of its first report only (``combine`` keeps the first report's ``doc_id``), so an
        incident does not grow more attractive with every follow-up story (as in ``Merger``)."""
        loc = d.get("location") or {}
        evidence = d.get("evidence") or ()
        first = [e for e in evidence if e.get("doc_id") == d.get("doc_id")] or list(evidence)
        return cls(
            date=d.get("date"),
            sub_event_type=d.get("sub_event_type") or "Other",
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            geo_precision=loc.get("geo_precision"),
            gazetteer_id=loc.get("gazetteer_id"),
            place_name=loc.get("name"),
            admin1=loc.get("admin1"),
            texts=tuple(e["text"] for e in first),
            killed=d.get("killed"),
            injured=d.get("injured"),
            launched=d.get("launched"),
            intercepted=d.get("intercepted"),
            weapons=tuple(d.get("weapons") or ()),
        )

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@lru_cache(maxsize=20_000)
def view_of_json(data: str) -> MergeView:
    """``MergeView.from_dict`` of a stored incident's JSON text, cached on the text: a busy city's incidents
    are candidates of every report of the day, and parsing their JSON again for each was most of the cost."""
    return MergeView.from_dict(json.loads(data))


@dataclass(frozen=True, slots=True)
class Match:
    """Why a report joins an incident: the score and the reasons an analyst reads on the event page."""

    score: float
    reasons: tuple[str, ...]


@lru_cache(maxsize=200_000)
def _text_key(text: str) -> tuple[str, frozenset[str]] | None:
    """(casefolded text, word stems) of a text of ``MIN_WORDS`` words or more, else None."""
    if len(text.split()) < MIN_WORDS:
        return None
    return text.casefold(), features.stem_set(text)


def text_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Best token_set_ratio between any evidence text of a and any of b of ``MIN_WORDS`` words or more."""
    best = 0.0
    bl = [k for k in map(_text_key, b) if k is not None]
    for ta in a:
        ka = _text_key(ta)
        if ka is None:
            continue  # "Explosion." twice says nothing about one incident
        ta_f, sa = ka
        for tb, sb in bl:
            if sa and sb and 2 * len(sa & sb) < min(len(sa), len(sb)):
                continue  # under half the smaller text's words shared: cannot reach TEXT_SIMILARITY (cheap gate)
            best = max(best, fuzz.token_set_ratio(ta_f, tb))
            if best >= 100.0:
                return best
    return best


def stem_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Language-blind similarity: the Dice overlap of the folded five-letter word keys (0..100)."""
    best = 0.0
    bl = [features.stem_set(t) for t in b]
    for ta in a:
        sa = features.stem_set(ta)
        for sb in bl:
            if sa and sb:
                best = max(best, 200.0 * len(sa & sb) / (len(sa) + len(sb)))
    return best


# Weapons that can describe the same blast are one group: sources call one rocket a "missile", "Grad" or
# "artillery", and an "airstrike" is often a missile; a drone and an artillery shell are different incidents.
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
# Groups that sources mix up for one blast (a "missile" that was an MLRS rocket, an "airstrike" by missile, an
# "airstrike" that witnesses heard as shelling).
_WEAPON_CONFUSABLE = {frozenset({"missile", "air"}), frozenset({"missile", "artillery"}), frozenset({"air", "artillery"})}
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


@dataclass(frozen=True, slots=True)
class _Profile:
    sites: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[int]
    weapons: frozenset[str]
    place_key: str
    concepts: frozenset[str]
    times: frozenset[str]


@lru_cache(maxsize=100_000)
def _profile(view: MergeView) -> _Profile:
    sites: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    nums: frozenset[int] = frozenset()
    gist: frozenset[str] = frozenset()
    clock: frozenset[str] = frozenset()
    weapons = frozenset(_WEAPON_GROUP[w] for w in view.weapons if w in _WEAPON_GROUP)
    for t in view.texts:
        sites |= features.site_kinds(t)
        names |= features.name_keys(t)
        nums |= features.numbers(t)
        gist |= features.concepts(t)
        clock |= features.times(t)
        if not view.weapons:  # a report from stage 4 carries its weapons; a bare text is classified here
            weapons |= text_profile(t)[1]
    place_key = features.fold(view.place_name)[:4] if view.place_name else ""
    return _Profile(sites, names, nums, weapons, place_key, gist, clock)


def attribute_fit(a: MergeView, b: MergeView) -> int | None:
    """None when the evidence names different kinds of site or weapons that are never confused; otherwise
    how many specific attributes they share (0..)."""
    pa, pb = _profile(a), _profile(b)
    sa, sb = pa.sites - features.BROAD_SITES, pb.sites - features.BROAD_SITES
    fa, fb = features.site_families(sa), features.site_families(sb)
    if (fa and fb and not fa & fb) or _weapons_clash(pa.weapons, pb.weapons):
        return None
    return len(sa & sb) + len(pa.weapons & pb.weapons)


def _weapons_clash(wa: frozenset[str], wb: frozenset[str]) -> bool:
    if not wa or not wb or wa & wb:
        return False
    return not any(frozenset({x, y}) in _WEAPON_CONFUSABLE for x in wa for y in wb)


def _numbers(texts: Iterable[str]) -> frozenset[int]:
    """Figures a report states (digits survive translation), without years and single digits."""
    out: frozenset[int] = frozenset()
    for t in texts:
        out |= features.numbers(t)
    return out


def shared_figures(a: MergeView, b: MergeView) -> bool:
    """Both reports state the same distinctive figure ("30 Shahed drones", "37 killed"): across languages
    the strongest text evidence that two reports tell one story."""
    common = _profile(a).numbers & _profile(b).numbers
    return len(common) >= 2 or any(n >= 10 for n in common)


@lru_cache(maxsize=20_000)
def _population(place_id: str) -> int:
    from sitroom.reading.gazetteer import default_gazetteer

    p = default_gazetteer().get(place_id)
    return p.population if p is not None else 0


def _big_city(a: MergeView, b: MergeView) -> bool:
    return any(v.gazetteer_id and _population(v.gazetteer_id) >= BIG_CITY_POPULATION for v in (a, b))


@lru_cache(maxsize=4096)
def _day(date: str) -> int:
    return _dt.date.fromisoformat(date).toordinal()


def day_gap(a: str | None, b: str | None) -> int | None:
    """Days between two event dates; None when either is unknown or malformed."""
    if not a or not b:
        return None
    try:
        return abs(_day(a) - _day(b))
    except ValueError:
        return None


def _place(a: MergeView, b: MergeView) -> tuple[float, str] | None:
    """(place score, reason) or None when the two places cannot be one incident's."""
    if not (a.located and b.located):
        if a.located or b.located:
            return 0.0, ""
        return 0.0, ""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    region = 3 in (a.geo_precision, b.geo_precision)
    if region:
        if not a.admin1 or a.admin1 != b.admin1:
            return None
        return REGION_SCORE, f"same region ({a.admin1})"
    if abs(a.lat - b.lat) * KM_PER_DEG_LAT > MAX_DISTANCE_KM:
        return None  # cheap: further apart in latitude alone
    dist = 0.0 if a.lat == b.lat and a.lon == b.lon else haversine_km(a.lat, a.lon, b.lat, b.lon)
    if dist > MAX_DISTANCE_KM:
        return None
    if a.gazetteer_id and b.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        big = _big_city(a, b)
        return (BIG_CITY_PLACE_SCORE if big else SAME_PLACE_SCORE), f"same place {a.gazetteer_id} ({a.place_name})"
    named_same = a.place_name and b.place_name and a.place_name.casefold() == b.place_name.casefold()
    if (not a.gazetteer_id or not b.gazetteer_id) and (named_same or dist <= SAME_POINT_KM):
        return SAME_PLACE_SCORE, f"same place ({a.place_name or b.place_name}, {dist:.0f} km)"
    return NEAR_PLACE_SCORE, f"{a.place_name} and {b.place_name} {dist:.0f} km apart"


def explain(incident: MergeView, report: MergeView) -> Match | None:
    """Score and reasons for ``report`` joining ``incident``, or None when they must not merge."""
    if type_family(incident.sub_event_type) != type_family(report.sub_event_type):
        if not {type_family(incident.sub_event_type), type_family(report.sub_event_type)} <= _AIR_FAMILIES:
            return None
    if incident.date is None or report.date is None:
        if incident.date != report.date:
            return None
        undated_sim = text_similarity(incident.texts, report.texts)
        if undated_sim < TEXT_SIMILARITY:
            return None
        return Match(undated_sim, (f"undated, near-identical text ({undated_sim:.0f})",))
    gap = day_gap(incident.date, report.date)
    if gap is None or gap > MAX_DAY_GAP:
        return None
    place = _place(incident, report)
    if place is None:
        return None
    pa, pb = _profile(incident), _profile(report)
    # Reasons are formatted only for a pair that merges (most candidate pairs do not).
    reasons: list[Callable[[], str]] = [lambda: place[1]] if place[1] else []
    score = place[0]
    sa, sb = pa.sites - features.BROAD_SITES, pb.sites - features.BROAD_SITES
    sim: float | None = None
    fa, fb = features.site_families(sa), features.site_families(sb)
    if fa and fb and not fa & fb:
        sim = text_similarity(incident.texts, report.texts)
        if sim < TEXT_SIMILARITY:
            return None
    shared_sites = pa.sites & pb.sites
    if shared_sites & (sa | sb):
        score += SITE_SCORE
        reasons.append(lambda: "same site: " + ", ".join(sorted(shared_sites)).replace("_", " "))
    elif fa & fb:
        score += SITE_FAMILY_SCORE
        reasons.append(lambda: "same kind of site: " + " / ".join(sorted(sa | sb)).replace("_", " "))
    elif shared_sites:
        score += BROAD_SITE_SCORE
        reasons.append(lambda: "same kind of site: " + ", ".join(sorted(shared_sites)).replace("_", " "))
    shared_names = pa.names & pb.names
    if incident.located and report.located:
        # the place already scored: its name is not a second fact ("Kharkiv" in both)
        shared_names -= {pa.place_key, pb.place_key}
    names = sorted(shared_names)
    if names:
        score += NAME_SCORE * min(2, len(names))
        reasons.append(lambda: "same names: " + ", ".join(names))
    figures = []
    for label, x, y in (
        ("killed", incident.killed, report.killed),
        ("injured", incident.injured, report.injured),
        ("launched", incident.launched, report.launched),
        ("intercepted", incident.intercepted, report.intercepted),
    ):
        if x is not None and x == y and x > 0:
            figures.append(f"{x} {label}")
    common = sorted(pa.numbers & pb.numbers)
    if figures:
        score += FIGURE_SCORE * min(2, len(figures))
        reasons.append(lambda: "same figures: " + ", ".join(figures))
    elif len(common) >= 2 or any(n >= 10 for n in common):
        score += NUMBER_SCORE
        reasons.append(lambda: "same numbers in the text: " + ", ".join(map(str, common[:4])))
    same_time = sorted(pa.times & pb.times)
    if same_time:
        score += TIME_SCORE
        reasons.append(lambda: "same time of day: " + ", ".join(same_time))
    elif pa.times and pb.times:
        score -= TIME_CLASH_PENALTY  # both say when, and not the same minute
    if pa.weapons & pb.weapons:
        score += WEAPON_SCORE
        reasons.append(lambda: "same weapons: " + ", ".join(sorted(pa.weapons & pb.weapons)))
    elif _weapons_clash(pa.weapons, pb.weapons):
        score -= WEAPON_CLASH_PENALTY
    if sim is None:
        sim = text_similarity(incident.texts, report.texts)
    text_fact = bool(same_time) or (not figures and (len(common) >= 2 or any(n >= 10 for n in common)))
    if sim >= TEXT_SIMILARITY:
        score += TEXT_SCORE_HIGH
        reasons.append(lambda: f"near-identical text ({sim:.0f})")
        text_fact = True
    else:
        overlap = stem_similarity(incident.texts, report.texts)
        ca, cb = pa.concepts, pb.concepts
        shared_c = ca & cb
        dice = 2 * len(shared_c) / (len(ca) + len(cb)) if ca and cb else 0.0
        if len(shared_c) >= GIST_STRONG_SHARED and dice >= GIST_STRONG_DICE:
            score += TEXT_SCORE_GIST
            reasons.append(lambda: "same gist in any language: " + ", ".join(sorted(shared_c)).replace("_", " "))
            text_fact = True
        elif overlap >= STEM_OVERLAP or (len(shared_c) >= GIST_SHARED and dice >= GIST_DICE):
            score += TEXT_SCORE_MID
            if overlap >= STEM_OVERLAP:
                reasons.append(lambda: f"similar wording ({overlap:.0f}% shared word stems)")
            else:
                reasons.append(lambda: "similar gist: " + ", ".join(sorted(shared_c)).replace("_", " "))
            text_fact = True
        elif len(shared_c - GENERIC_CONCEPTS) >= CONCEPT_MIN:
            score += CONCEPT_SCORE
            reasons.append(lambda: "same event words: " + ", ".join(sorted(shared_c)).replace("_", " "))
    if gap:
        # A report of another day joins only on a shared figure (a toll restated or revised alongside an
        # unchanged count) or the same wording: follow-up stories about a big incident (reactions, reviews)
        # name the same site for days, and a day's reporting is what a briefing item gathers.
        if not (figures or sim >= TEXT_SIMILARITY or len(common) >= 2 or any(n >= 10 for n in common)):
            return None
        score -= DAY_GAP_PENALTY
        reasons.append(lambda: "a day apart")
    else:
        reasons.append(lambda: "same day")
    if not (incident.located and report.located) and not (names or figures or text_fact):
        return None  # a country-wide story: a kind of site and a weapon fit too many reports of the day
    specific = [bool(shared_sites & (sa | sb) or fa & fb), bool(names), bool(figures or text_fact)]
    if place[0] == BIG_CITY_PLACE_SCORE and place[1].startswith("same place") and sum(specific) < BIG_CITY_FACTS:
        # A big city has many strikes a day and a site is reported on for days (reactions, aftermath): the
        # name, a weapon and one kind of site are not enough.
        return None
    if score < THRESHOLD:
        return None
    return Match(round(score, 3), tuple(r() for r in reasons))


def merge_score(incident: MergeView, report: MergeView) -> float | None:
    """How well ``report`` fits ``incident`` (higher is better), or None when they must not merge."""
    m = explain(incident, report)
    return m.score if m else None


def should_merge(incident: MergeView, report: MergeView) -> bool:
    """Whether ``report`` describes the incident (see the module docstring for the rules)."""
    return explain(incident, report) is not None


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


def candidate_dates(date: str | None) -> tuple[str, ...]:
    """The event dates a report's candidates may have: its own and the days either side."""
    if date is None:
        return ()
    try:
        d = _dt.date.fromisoformat(date)
    except ValueError:
        return (date,)
    return tuple((d + _dt.timedelta(days=k)).isoformat() for k in range(-MAX_DAY_GAP, MAX_DAY_GAP + 1))

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


# Grid cell of the in-memory index, in degrees: 0.25 deg of latitude is ~28 km, more than MAX_DISTANCE_KM.
_CELL_DEG = 0.25


class Merger:
    """In-memory incremental merge with the store's blocking: incidents indexed by event date and a
    0.25-degree grid cell (settlement-level), by date and oblast (region-level), by date (unlocated). A
    report is scored against the incidents of its date +-1 day in its cell and the 8 around it, those of its
    oblast, and the unlocated ones, so the cost per report depends on how many incidents share its
    neighbourhood, not on how many are stored (``scripts/bench_merge.py``). Used by the evaluation and the
    bench; the store runs the same blocking as indexed SQL (``Store._candidates``)."""

    def __init__(self) -> None:
        self.views: dict[str, MergeView] = {}
        self._cells: dict[tuple[str | None, int, int], list[str]] = {}
        self._regions: dict[tuple[str | None, str | None], list[str]] = {}
        self._unlocated: dict[str | None, list[str]] = {}
        self._located: dict[str | None, list[str]] = {}

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / _CELL_DEG)), int(math.floor(lon / _CELL_DEG))

    def _index(self, inc_id: str, v: MergeView) -> None:
        if v.lat is None or v.lon is None:
            self._unlocated.setdefault(v.date, []).append(inc_id)
            return
        self._located.setdefault(v.date, []).append(inc_id)
        if v.geo_precision == 3:
            self._regions.setdefault((v.date, v.admin1), []).append(inc_id)
        else:
            ci, cj = self._cell(v.lat, v.lon)
            self._cells.setdefault((v.date, ci, cj), []).append(inc_id)

    def candidates(self, v: MergeView) -> list[tuple[str, MergeView]]:
        days: tuple[str | None, ...] = candidate_dates(v.date) if v.date else (None,)
        ids: list[str] = []
        for d in days:
            ids += self._unlocated.get(d, ())
            if v.lat is None or v.lon is None:
                ids += self._located.get(d, ())  # an unlocated report may match any located one of its day
                continue
            ids += self._regions.get((d, v.admin1), ())
            if v.geo_precision == 3:
                ids += [i for i in self._located.get(d, ()) if self.views[i].admin1 == v.admin1]
                continue
            ci, cj = self._cell(v.lat, v.lon)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    ids += self._cells.get((d, ci + di, cj + dj), ())
        seen: set[str] = set()
        out = []
        for i in ids:
            if i not in seen:
                seen.add(i)
                out.append((i, self.views[i]))
        return out

    def add(self, key: str, v: MergeView) -> tuple[str, Match | None]:
        """Merge one report: (incident id, why) — the incident is ``key`` itself when it starts one. Later
        reports are compared with the incident's first report (as the store does, ``MergeView.from_dict``):
        an incident whose texts grew with every report would attract more and more follow-up stories."""
        best: tuple[float, str, Match] | None = None
        for inc_id, inc in self.candidates(v):
            m = explain(inc, v)
            if m is not None and (best is None or m.score > best[0] or (m.score == best[0] and inc_id < best[1])):
                best = (m.score, inc_id, m)
        target = best[1] if best else None
        if target is None or best is None:
            self.views[key] = v
            self._index(key, v)
            return key, None
        inc = self.views[target]
        # As the store's incident row: the first report's texts, the latest figures, every report's weapons.
        self.views[target] = dataclasses.replace(
            inc,
            weapons=tuple(sorted(set(inc.weapons) | set(v.weapons))),
            killed=v.killed if v.killed is not None else inc.killed,
            injured=v.injured if v.injured is not None else inc.injured,
            launched=v.launched if v.launched is not None else inc.launched,
            intercepted=v.intercepted if v.intercepted is not None else inc.intercepted,
        )
        return target, best[2]
