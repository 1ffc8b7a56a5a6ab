"""Geoparser: place mentions in en/uk/ru text and the one location an event report is about.

Approach (all pure Python, precompiled once per process):

1. **Scan.** Text is normalised to a same-length lower-case form in which every non-letter is a space
   (``gazetteer.normalise``) and padded with spaces. One Aho-Corasick automaton holds " " + the stem of every
   alias (Cyrillic names: all case forms of the leading words, the common stem of the last word, e.g.
   " новоселів" with endings {ка, ки, ці, ку, кою, ...}). A hit only counts when the rest of the word is
   one of the allowed endings, so "у Херсоні", "в Херсоне", "під Покровськом", "Часовому Яру",
   "Кривом Роге", "Харківщині", "Курской области" all match with word boundaries and no morphological
   analyser at run time.
2. **Filter.** The surface must start with a capital letter; very short names need a big place; names that are
   also ordinary words ("Перемога", "Щастя", "Победа", flagged '~' in the gazetteer) need a place cue before
   them ("село", "у", "near", ...) or a capital letter in mid-sentence; English words that are also
   village names ("Bar", "Male", "Most") are on a stop list. Overlaps: the longest match wins.
3. **Disambiguate.** Same-named places (dozens of Novoselivkas) are scored by: an oblast/raion named in the
   text (strong) or in the context (weaker), distance to the other places of the passage, population, and
   whether GeoNames or the postal list places the village (the smallest hamlets only have a hromada centre).
4. **Locate.** The event place is the first settlement/feature that is not a launch site ("from Enerhodar",
   "з Енергодара", "из Белгорода"), then a raion, then an oblast, then a foreign capital; geo_precision 1 the
   town itself, 2 near/outskirts of/під/под/в районе the town (or a raion), 3 only the region (its capital's
   coordinates). With nothing in the text, the context texts (section heading, title) are used; a text that
   is only an oblast centre's name (a location label, "Kherson") gives way to a town of that oblast the
   context names.
"""

from __future__ import annotations

import math
import os
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from sitroom.models import Location, Place, PlaceMention
from sitroom.reading.gazetteer import (
    Gazetteer,
    data_digest,
    default_gazetteer,
    normalise,
    read_cache,
    write_cache,
)

# --- tuning constants --------------------------------------------------------------------------------------

# Names shorter than this (surface characters) are only taken for places of at least SHORT_NAME_MIN_POP:
# three-letter village names ("Bar", "Mir", "Yar") are mostly common words or fragments.
SHORT_NAME_LEN = 4
SHORT_NAME_MIN_POP = 20_000
# Disambiguation weights (population enters as log10, so a 10x bigger place gains 1.0).
W_REGION_IN_TEXT = 4.0  # "Novoselivka, Kharkiv Oblast": the oblast named in the same text
W_REGION_IN_CONTEXT = 2.5  # the section heading / title names the oblast
W_RAION = 3.0
W_OBLAST_NAMED_AFTER = 4.0  # "Новогригоровка Запорожской области": the oblast right after the name (or its list)
W_NEAR_OTHER = 2.0  # within NEAR_KM of another (unambiguous) place of the passage
W_MID_OTHER = 1.0  # within MID_KM
NEAR_KM = 30.0
MID_KM = 100.0
W_CITY_DISTRICT = -1.5  # a Kyiv neighbourhood only wins when nothing else fits
W_COUNTRY_RU_UA = 0.3  # a tie between a Ukrainian and a Russian village goes to Ukraine (most reports)
W_ANCHOR_REGION = 1.5  # the oblast of another, unambiguous place of the passage ("Kupiansk ... Novoselivka")
# Among villages that tie on everything else, one GeoNames (0.3) or the postal list (0.2) knows is likelier in
# the news than one placed at its hromada's centre: those lists skip the smallest hamlets.
W_COORD_KNOWN = {1: 0.3, 2: 0.2}
# War reporting is about the front line and the border: a same-named village there is the likelier one.
# Two levels only (ground fighting 2022-2024 / shelled border and 2022 northern front), not tuned per oblast.
W_FRONT_LINE = 1.5
W_BORDER = 0.8
FRONT_LINE = frozenset({"Donetsk", "Luhansk", "Zaporizhia", "Kherson", "Kharkiv"})
BORDER = frozenset({"Sumy", "Chernihiv", "Kyiv", "Mykolaiv", "Dnipropetrovsk", "Crimea", "Belgorod", "Kursk",
                    "Bryansk"})
# Lower-case names ("damage in kharkiv") are taken only for places at least this big.
LOWERCASE_MIN_POP = 50_000
# A small place's name between capitalised words is a person's name ("Karolina Hird", "Oleh Syniehubov").
PERSON_NAME_MAX_POP = 50_000
# An alias shared by a region and towns ("Харківщина") means the region unless a town is this big.
REGION_OVER_TOWN_POP = 100_000
# An oblast centre is the town at its oblast's coordinates; this floor keeps villages placed there out
# (GeoNames gives wartime Kherson 66,000 people, so the floor is well under REGION_OVER_TOWN_POP).
OBLAST_CENTRE_MIN_POP = 20_000
# Contexts are often the same heading/title for many sentences: keep their scans.
CONTEXT_CACHE = 4096

# English words (and Latin transliterations of Ukrainian/Russian words) that are also village names.
STOP_LATIN = frozenset(
    """bar male most mir nova sloboda druzhba peremoha pobeda zoria zorya shchastia schastye bereg
    kut luka maiak mayak prohres progress radist rai rai sad sady kalyna zirka zvezda nadia nadiya volia
    volya pole hai lan lyman liman yar mist most stepove hora gora vilne hirske tsentr center centre union
    victory glory hope may june march august port city oblast region beach park gate mark sol dobre
    ukraine russia crimea moscow kyiv kiev moldova chechnya dagestan police pravda azov samara sasha
    orlov ivanov kiselev georgia belarus poland israel syria armenia america turkey finland sweden iran
    africa wagner storm""".split()
) - {"crimea", "moscow", "kyiv", "kiev", "lyman", "liman"}

# Cyrillic function words that inflect like village names: "біля" ("near") is not the village Біле.
STOP_CYRILLIC = frozenset({"біля", "поблизу", "возле"}) | frozenset(
    # "Українські військові", "украинские войска": the adjective "Ukrainian", not the town Ukrainsk (Donetsk
    # Oblast) read with an ending; the town's own forms ("Українськ", "в Українську", "Украинске") still match
    stem + end
    for stem, ends in (("українськ", ("ий", "а", "е", "і", "ої", "ого", "ому", "их", "им", "ими", "ою", "ій")),
                       ("украинск", ("ий", "ая", "ое", "ие", "ой", "ого", "ому", "их", "им", "ими", "ую")))
    for end in ends
)
# "New York Times", "Нью-Йорк Таймс", "Washington Post": an outlet's name, not a place.
_OUTLET_AFTER = re.compile(r"[\s-]*(?:times|post|таймс|пост)\b", re.I)

# Words before a name that make it a place reference even when the name is also an ordinary word.
_CUE_WORDS = (
    r"in|at|near|of|from|to|into|outside|towards|toward|around|village|town|city|settlement|"
    r"у|в|во|на|під|біля|поблизу|неподалік|до|з|із|зі|село|селі|села|селище|селищі|селища|місто|місті|міста|"
    r"смт|с|м|под|около|возле|вблизи|из|со|от|деревня|деревне|поселок|поселке|посёлок|город|городе|района"
)
_CUE_BEFORE = re.compile(r"(?:^|\s)(?:" + _CUE_WORDS + r")\s*$")
# "near X" and friends: geo_precision 2.
_NEAR_BEFORE = re.compile(
    r"(?:near|nearby|outside|outskirts of|vicinity of|close to|around|towards?|next to|"
    r"(?:km|kilometers|kilometres|miles)\s+(?:\w+\s+){0,2}(?:of|from)|direction of|"
    r"під|біля|поблизу|неподалік від|неподалік|околиці|околицях|околицю|в районі|у районі|районі|поруч з|"
    r"в напрямку|у напрямку|напрямку|км від|кілометрів від|"
    r"под|около|возле|вблизи|недалеко от|окрестностях|окрестности|в районе|районе|в сторону|"
    r"в направлении|направлении|км от|километрах от)\s*$"
)
# The words those cues end with: a window ending in none of them cannot match (checked first, in C).
_NEAR_ENDINGS = tuple(
    "near nearby outside of to around towards toward from під біля поблизу від неподалік околиці околицях околицю"
    " районі з напрямку под около возле вблизи от окрестностях окрестности районе сторону направлении".split()
)
_CUE_ENDINGS = tuple(_CUE_WORDS.split("|"))
_FROM_ENDINGS = ("from", "з", "із", "зі", "из", "с", "со")
_NEAR_AFTER = re.compile(r"^\s*(?:direction|axis|area|outskirts|напрямк|направлени|околиц)")
# "from X" (without a distance before it): the launch site, not the event place.
_FROM_BEFORE = re.compile(r"(?:^|\s)(?:from|з|із|зі|из|с|со)\s*$")
# "20 km from X": a distance, not a launch site (the window is right-stripped and ends with the "from" word).
_DISTANCE_BEFORE = re.compile(r"(?:km|kilometers|kilometres|miles|км|кілометрів|километров)\s+(?:\w+\s+)?\w+$")
# "Zhytomyr highway", "Kharkiv road": the name labels a road, not the place of the event.
_ROAD_AFTER = re.compile(r"^[ -]*(?:highway|road|motorway|street|avenue|шосе|трас|вулиц|улиц|проспект)")
# "Novoselivka, Donetsk" / "Trostyanets in Sumy": a city name right after a settlement names its oblast.
_COMMA = re.compile(r",\s*")
_QUALIFIER_GAP = re.compile(r"^\s*(?:,|in|у|в)\s*$")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|та|і|й|и|or|або|или))\s*", re.I)
# Between a place and the oblast that qualifies it: "Pokrovsk, Donetsk Oblast", "Очеретине Донецької області"
OBLAST_AFTER_GAP = re.compile(r"\s*,?\s*(?:in\s+(?:the\s+)?|у\s+|в\s+)?")
_CAP_WORD_AFTER = re.compile(r" ?[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+")
_CAP_WORD_BEFORE = re.compile(r"[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+ $")
# "Hostomel Airport", "Krasnohorivka School 2", "Checkpoint Chonhar", "Аеропорт Гостомель": a capitalised
# facility word next to a small place's name makes it a place, not a person's name.
_FACILITY_STEMS = (
    "airport", "airfield", "airbase", "aerodrome", "base", "school", "lyceum", "gymnasium", "college", "hospital",
    "station", "substation", "railway", "bridge", "plant", "factory", "checkpoint", "port", "dam", "church",
    "market", "depot", "reservoir", "village", "town", "city", "district", "oblast", "region", "raion",
    "аеропорт", "аэропорт", "аеродром", "аэродром", "школ", "ліце", "лице", "гімназ", "гимназ", "лікарн",
    "больниц", "станці", "станци", "підстанці", "подстанци", "вокзал", "міст", "мост", "завод", "село", "селищ",
    "поселок", "посёлок", "місто", "город", "район", "област",
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"'«“(—–-])\s*$")
_WORD_BEFORE_WINDOW = 40

KIND_RANK = {"settlement": 0, "feature": 0, "city_district": 0, "raion": 1, "hromada": 1, "oblast": 2, "river": 2,
             "country": 3}


@dataclass(frozen=True, slots=True)
class _Candidates:
    """One key of the automaton: the places it names, with the endings their last word may take."""

    key_len: int
    entries: tuple[tuple[int, frozenset[str], bool], ...]  # (place index, endings, common word)
    lower_ok: bool = True  # whether some entry may match in lower case (a big place, not a common word)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    places: tuple[int, ...]
    common: bool
    near: bool = False
    launch: bool = False  # "from X": a launch site, or "X highway": a road name
    qualifier: frozenset[str] = frozenset()  # oblasts it names when it only qualifies the place before it


_UNSEEN: tuple[tuple[int, ...], bool] = ((-1,), False)  # not yet in Geoparser._accepted (None is a verdict)


def _is_facility(word: str) -> bool:
    return word.strip().lower().startswith(_FACILITY_STEMS)


# "Федоровка Донецкой Народной Республики", "Новодарівка Запорізької області": a region's adjective after a
# small place's name qualifies the place; it is no surname.
_REGION_ADJECTIVE = re.compile(r" ?[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:ской|ськой|ської|ській|ского|ського|кой|кої)$")


def _qualifies(word: str) -> bool:
    return _is_facility(word) or bool(_REGION_ADJECTIVE.match(word))


def _km(a: Place, b: Place) -> float:
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2)) * 111.32
    dy = (a.lat - b.lat) * 110.57
    return math.hypot(dx, dy)


def _nearest_km(p: Place, others: Sequence[tuple[float, float, Place]]) -> float:
    """Distance to the nearest of ``others`` ((lon, lat, place) each; an equirectangular approximation, fine
    under ~500 km)."""
    kx = math.cos(math.radians(p.lat)) * 111.32
    lon, lat = p.lon, p.lat
    best = math.inf
    for alon, alat, a in others:
        d2 = ((alon - lon) * kx) ** 2 + ((alat - lat) * 110.57) ** 2
        if d2 < best and a is not p:
            best = d2
    return math.sqrt(best)


class _CandidateTable(dict[int, _Candidates]):
    """Key id -> ``_Candidates``, decoded from flat arrays on first use.

    The matcher has ~116,000 keys and a corpus touches a few thousand: decoding one on its first hit is
    cheaper than unpickling them all at start. A dict subclass, so a hit on a decoded key is a plain dict
    lookup (``__missing__`` runs only for the first).
    """

    def __init__(self, starts: array[int], flat: array[int], meta: array[int], endings: list[frozenset[str]]) -> None:
        super().__init__()
        self._starts, self._flat, self._meta, self._endings = starts, flat, meta, endings

    def __len__(self) -> int:
        return len(self._meta)

    def __missing__(self, vid: int) -> _Candidates:
        flat, endings = self._flat, self._endings
        entries = tuple((flat[j], endings[flat[j + 1]], bool(flat[j + 2]))
                        for j in range(3 * self._starts[vid], 3 * self._starts[vid + 1], 3))
        meta = self._meta[vid]
        cand = self[vid] = _Candidates(meta >> 1, entries, bool(meta & 1))
        return cand


def _build_matcher(gaz: Gazetteer) -> tuple[Any, ...]:
    """The name automaton over every alias key (its value: the key's id) and the candidates of each key in
    flat arrays: ``starts[id]..starts[id+1]`` index (place, endings id, common) triples of ``flat``;
    ``meta[id]`` is the key's length * 2 + whether some entry may match in lower case."""
    grouped: dict[str, list[tuple[int, int, bool]]] = {}
    big = [pop >= LOWERCASE_MIN_POP for pop in gaz.columns.population]
    lower_ok: set[str] = set()  # keys some big place carries as a proper name
    endings = list(gaz.endings)
    eids = {e: i for i, e in enumerate(endings)}
    for key, ends, idx, common in gaz.keys():
        eid = eids.get(ends)
        if eid is None:
            eid = eids[ends] = len(endings)
            endings.append(ends)
        grouped.setdefault(key, []).append((idx, eid, common))
        if big[idx] and not common:
            lower_ok.add(key)
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    starts, flat, meta = array("I", [0]), array("I"), array("I")
    for vid, (key, entries) in enumerate(grouped.items()):
        auto.add_word(key, vid)
        for idx, eid, common in entries:
            flat.extend((idx, eid, int(common)))
        starts.append(len(flat) // 3)
        meta.append(len(key) << 1 | (key in lower_ok))
    auto.make_automaton()
    return auto, starts, flat, meta, [sorted(e) for e in endings]


def _matcher_digest(gaz: Gazetteer) -> str:
    """The matcher cache's key: the gazetteer's, the automaton library's build and what shapes the arrays."""
    so = getattr(ahocorasick, "__file__", None)
    st = os.stat(so) if so else None
    return data_digest(gaz.digest.encode(), "matcher", repr((st.st_size, st.st_mtime_ns) if st else None),
                       repr(LOWERCASE_MIN_POP))


def _matcher(gaz: Gazetteer) -> tuple[Any, _CandidateTable]:
    """(automaton, candidate table) of a gazetteer; for the packaged one from the cache (gazetteer.py), built
    and cached on a miss. A cached matcher is the same automaton and the same candidates, decoded lazily."""
    digest = _matcher_digest(gaz) if gaz.digest else ""
    state = read_cache("matcher", digest) if digest else None
    if state is not None:
        try:
            auto, starts, flat, meta, endings = state
            if not (isinstance(auto, ahocorasick.Automaton) and len(starts) == len(meta) + 1
                    and len(flat) == 3 * starts[-1] and len(auto) == len(meta)):
                raise ValueError("inconsistent matcher cache")
        except Exception:  # a payload of the right key but the wrong shape: rebuild
            state = None
    if state is None:
        state = _build_matcher(gaz)
        if digest:
            write_cache("matcher", digest, state)
        auto, starts, flat, meta, endings = state
    return auto, _CandidateTable(starts, flat, meta, [frozenset(e) for e in endings])


class Geoparser:
    """Finds place mentions and the event location. Build once (about 0.1 s from the cache, 1 s without),
    then share."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self._auto, self._values = _matcher(self.gaz)
        # place index -> Place (the gazetteer's table: a cached gazetteer makes each place on first use)
        self._places = self.gaz.table
        cols = self.gaz.columns
        # small settlements and city districts: a one-word name of theirs may be a person's (see _scan)
        self._person_like = [pop < PERSON_NAME_MAX_POP and kind in ("settlement", "city_district")
                             for pop, kind in zip(cols.population, cols.kind, strict=True)]
        self._capital_of = self._capitals()
        self._scan_cached = lru_cache(maxsize=CONTEXT_CACHE)(self._scan)
        self._priors: dict[int, tuple[float, str | None, float, tuple[str | None, str | None], tuple[float, ...]]] = {}
        # (key, rest of its word, capitalised) -> what _accept says; the vocabulary of a corpus is small
        self._accepted: dict[tuple[int, str, bool], tuple[tuple[int, ...], bool] | None] = {}

    def _capitals(self) -> dict[int, frozenset[str]]:
        """Index of each oblast-centre city -> the admin1 names it stands for in "Novoselivka, Donetsk"."""
        regions: dict[tuple[float, float], list[str]] = {}
        cols = self.gaz.columns
        for i, kind in enumerate(cols.kind):
            if kind == "oblast" and cols.admin1[i]:
                regions.setdefault((round(cols.lat[i], 2), round(cols.lon[i], 2)), []).append(cols.admin1[i])
        out = {}
        for i, kind in enumerate(cols.kind):
            if kind == "settlement" and cols.population[i] >= OBLAST_CENTRE_MIN_POP and cols.coord_precision[i] == 1:
                names = regions.get((round(cols.lat[i], 2), round(cols.lon[i], 2)))
                if names:
                    admin1 = cols.admin1[i]
                    out[i] = frozenset([*names, *([admin1] if admin1 else [])])
        return out

    # --- scanning ------------------------------------------------------------------------------------------

    def _scan(self, text: str) -> tuple[_Hit, ...]:
        """All accepted name matches in text (non-overlapping, longest wins), not yet disambiguated."""
        norm = " " + normalise(text) + " "
        raw: list[_Hit] = []
        accepted = self._accepted
        for end, vid in self._auto.iter(norm):
            cand = self._values[vid]
            start = end - cand.key_len + 1  # index of the key's leading space in norm == name start in text
            upper = text[start].isupper()
            if not upper and not cand.lower_ok:
                continue  # lower case, and no big place of that name (the filter below would drop them all)
            word_end = norm.find(" ", end + 1)
            suffix = norm[end + 1 : word_end]
            key = (vid, suffix, upper)
            verdict = accepted.get(key, _UNSEEN)
            if verdict is _UNSEEN:
                verdict = accepted[key] = self._accept(cand, suffix, upper)
            if verdict is None:
                continue
            stop = word_end - 1  # end in text coordinates (norm is shifted by one)
            surface = text[start:stop].lower()
            if surface in STOP_LATIN or surface in STOP_CYRILLIC:
                continue
            if _OUTLET_AFTER.match(text, stop):
                continue
            raw.append(_Hit(start, stop, verdict[0], verdict[1]))
        if not raw:
            return ()
        # longest match wins; then left to right
        raw.sort(key=lambda h: (-(h.end - h.start), h.start))
        taken: list[_Hit] = []
        used = bytearray(len(text) + 1)  # characters already covered by a longer match
        for h in raw:
            if not any(used[h.start : h.end]):
                taken.append(h)
                used[h.start : h.end] = b"\x01" * (h.end - h.start)
        taken.sort(key=lambda h: h.start)
        out = []
        starts = {h.start for h in taken}
        for h in taken:
            comma = _COMMA.match(text, h.end, h.end + 4)
            qualified = bool(comma) and comma.end() in starts  # type: ignore[union-attr]
            if not qualified and all(map(self._person_like.__getitem__, h.places)) and " " not in text[h.start : h.end]:
                after = _CAP_WORD_AFTER.match(text, h.end)
                if after and (h.end + 1) not in starts and not _qualifies(after.group(0)):
                    continue
                # the pattern ends with " $": no space right before the name, no capitalised word before it
                before_word = _CAP_WORD_BEFORE.search(text, max(0, h.start - 30), h.start) \
                    if h.start and text[h.start - 1] == " " else None
                if before_word and not _is_facility(before_word.group(0)) and not _SENTENCE_START.search(
                        text, max(0, h.start - 40), h.start - len(before_word.group(0))):
                    continue
            # norm is text normalised (same length) and shifted by one: slices of it are normalised slices
            before = norm[1 + max(0, h.start - _WORD_BEFORE_WINDOW) : 1 + h.start].rstrip()
            if h.common:
                # an ordinary word ("Перемога") is a place only after a cue or capitalised mid-sentence
                raw_before = text[max(0, h.start - 3) : h.start]
                cue = before.endswith(_CUE_ENDINGS) and bool(_CUE_BEFORE.search(before))
                if not cue and _SENTENCE_START.search(raw_before):
                    continue
                if not cue and h.end - h.start < 6:
                    continue
            h.near = bool(before.endswith(_NEAR_ENDINGS) and _NEAR_BEFORE.search(before)) or bool(
                _NEAR_AFTER.match(norm[1 + h.end : 1 + min(len(text), h.end + 14)]))
            launch = before.endswith(_FROM_ENDINGS) and bool(_FROM_BEFORE.search(before)) \
                and not _DISTANCE_BEFORE.search(before)
            h.launch = launch or bool(_ROAD_AFTER.match(text[h.end : h.end + 12]))
            out.append(h)
        self._mark_qualifiers(text, out)
        return tuple(out)

    def _accept(self, cand: _Candidates, suffix: str, upper: bool) -> tuple[tuple[int, ...], bool] | None:
        """The places a key followed by ``suffix`` (the rest of its last word) may name, and whether all of
        them are common words; None when none may. Depends on nothing else, so ``_scan`` caches it."""
        places = self._places
        ok = [(i, common) for i, ends, common in cand.entries if suffix in ends]
        if ok and not upper:
            # careless lower case ("damage in kharkiv") is trusted only for big places
            ok = [(i, c) for i, c in ok if not c and places[i].population >= LOWERCASE_MIN_POP]
        if cand.key_len - 1 + len(suffix) < SHORT_NAME_LEN:  # the surface: the key less its space, + suffix
            ok = [(i, c) for i, c in ok if places[i].population >= SHORT_NAME_MIN_POP
                  or places[i].kind in ("oblast", "country", "feature")]
        if not ok:
            return None
        return tuple(i for i, _ in ok), all(c for _, c in ok)

    def _mark_qualifiers(self, text: str, hits: list[_Hit]) -> None:
        """Flag a big city named right after a settlement of its oblast ("Pavlivka, Sumy") as a qualifier."""
        places = self._places
        for k in range(1, len(hits)):
            a, b = hits[k - 1], hits[k]
            if not _QUALIFIER_GAP.match(text[a.end : b.start]):
                continue
            regions = next((self._capital_of[i] for i in b.places if i in self._capital_of), None)
            if not regions:
                # "Kyiv, Borodyanka" / "Kharkiv (Staryi Saltiv)": the city first, then a place of its oblast
                first = next((self._capital_of[i] for i in a.places if i in self._capital_of), None)
                if first and re.fullmatch(r"\s*[,(]\s*", text[a.end : b.start]) and any(
                        places[i].admin1 in first and i not in self._capital_of for i in b.places) and not (
                        k + 1 < len(hits) and re.fullmatch(r"\s*(?:,|and|та|і|и|or)\s*", text[b.end : hits[k + 1].start])):
                    a.qualifier = first
                continue
            if not any(places[i].admin1 in regions and places[i].kind in ("settlement", "city_district")
                       and i not in self._capital_of
                       for i in a.places):
                continue
            if k + 1 < len(hits) and re.fullmatch(r"\s*(?:,|and|та|і|и|or)\s*", text[b.end : hits[k + 1].start]):
                continue  # "Kharkiv, Sumy and Poltava": a list, not a qualifier
            b.qualifier = regions

    # --- disambiguation -----------------------------------------------------------------------------------

    def _resolve(self, hits: Sequence[_Hit], context_hits: Sequence[_Hit], text: str) -> list[int]:
        """The chosen place index for each hit (``text``: the text the hits are of)."""
        if all(len(h.places) == 1 for h in hits):
            return [h.places[0] for h in hits]  # nothing to choose between
        places = self._places
        text_regions = {places[i].admin1 for h in hits for i in h.places if places[i].kind == "oblast"}
        text_regions.update(r for h in hits for r in h.qualifier)
        ctx_regions = {places[i].admin1 for h in context_hits for i in h.places if places[i].kind == "oblast"}
        raions = {(places[i].admin1, places[i].admin2) for h in (*hits, *context_hits) for i in h.places
                  if places[i].kind == "raion"}
        # anchors: places of the passage that are unambiguous (one candidate) and not regions
        # (deduplicated: a long report names the same towns hundreds of times, and distances are per pair)
        anchors = list({h.places[0]: places[h.places[0]] for h in (*hits, *context_hits)
                        if len(h.places) == 1 and not h.qualifier
                        and places[h.places[0]].kind in ("settlement", "feature")}.values())
        anchor_regions = {a.admin1 for a in anchors}
        anchor_xy = [(a.lon, a.lat, a) for a in anchors]
        prior = self._prior
        # regions implied by unambiguous big places help too ("Kupiansk ... Novoselivka")
        named_after = self._oblast_after(text, hits)
        chosen = []
        for k, h in enumerate(hits):
            if len(h.places) == 1:
                chosen.append(h.places[0])
                continue
            region = next((i for i in h.places if places[i].kind == "oblast"), None)
            if region is not None and all(places[i].population < REGION_OVER_TOWN_POP for i in h.places):
                chosen.append(region)  # "Харківщина" is the oblast, not the village of that name
                continue
            best, best_score = h.places[0], -1e9
            for i in h.places:
                lg, admin1, w_area, raion, w_static = prior(i)
                # the terms are added in one fixed order (a zero adds nothing), so scores are the same floats
                s = lg
                if admin1 in named_after[k]:
                    s += W_OBLAST_NAMED_AFTER
                if admin1 in text_regions:
                    s += W_REGION_IN_TEXT
                elif admin1 in ctx_regions:
                    s += W_REGION_IN_CONTEXT
                elif admin1 in anchor_regions:
                    s += W_ANCHOR_REGION
                s += w_area
                if raion in raions:
                    s += W_RAION
                if anchor_xy:
                    d = _nearest_km(places[i], anchor_xy)
                    s += W_NEAR_OTHER if d < NEAR_KM else W_MID_OTHER if d < MID_KM else 0.0
                for w in w_static:
                    s += w
                if s > best_score:
                    best, best_score = i, s
            chosen.append(best)
        return chosen

    def _oblast_after(self, text: str, hits: Sequence[_Hit]) -> list[frozenset[str]]:
        """For each hit, the oblast named right after it or after the list it ends ("Нововасилевское и
        Новогригоровка Запорожской области", "Pokrovsk, Donetsk Oblast"): it says which of the same-named
        places is meant, more than any other region the passage names."""
        places = self._places
        out: list[frozenset[str]] = [frozenset()] * len(hits)
        k = 0
        while k < len(hits):
            j = k
            while j + 1 < len(hits) and _LIST_GAP.fullmatch(text[hits[j].end : hits[j + 1].start]) and not any(
                    places[i].kind == "oblast" for i in hits[j + 1].places):
                j += 1
            if j + 1 < len(hits) and OBLAST_AFTER_GAP.fullmatch(text[hits[j].end : hits[j + 1].start]):
                regions = frozenset(a for i in hits[j + 1].places
                                    if places[i].kind == "oblast" and (a := places[i].admin1))
                for m in range(k, j + 1):
                    out[m] = regions
            k = j + 1
        return out

    def _prior(self, i: int) -> tuple[float, str | None, float, tuple[str | None, str | None], tuple[float, ...]]:
        """What ``_resolve`` scores a candidate by that does not depend on the text, computed once per place:
        log population, oblast, the front-line/border weight, (oblast, raion), the last terms in order."""
        got = self._priors.get(i)
        if got is None:
            p = self._places[i]
            w_area = W_FRONT_LINE if p.admin1 in FRONT_LINE else W_BORDER if p.admin1 in BORDER else 0.0
            last = (W_CITY_DISTRICT if p.kind == "city_district" else 0.0, W_COUNTRY_RU_UA if p.country == "UA" else 0.0,
                    W_COORD_KNOWN.get(p.coord_precision, 0.0))
            got = self._priors[i] = (math.log10(p.population + 10), p.admin1, w_area, (p.admin1, p.admin2), last)
        return got

    # --- public API -----------------------------------------------------------------------------------------

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each place mention ``find`` would return, without choosing among same-named
        places (cheaper, for counting)."""
        return [(h.start, h.end) for h in self._scan_cached(text)]

    def find(self, text: str, lang: str = "en") -> list[PlaceMention]:
        """All place mentions in text, sorted by start, non-overlapping (longest match wins)."""
        hits = self._scan_cached(text)
        chosen = self._resolve(hits, (), text)
        return [PlaceMention(self._places[i], h.start, h.end, text[h.start : h.end], h.near, len(h.places))
                for h, i in zip(hits, chosen, strict=True)]

    def locate(self, text: str, lang: str = "en", context: Sequence[str] = ()) -> Location | None:
        """The event location of a sentence or short passage; ``context`` (heading, title) disambiguates
        same-named places and is the fallback when the text names no place."""
        hits = self._scan_cached(text)
        if hits and all(len(h.places) == 1 for h in hits) and not self._bare_capital(text, hits, hits[0].places):
            # Nothing to disambiguate and no capital to look inside: the context would not change the answer,
            # so it is not scanned (a paragraph's worth of matching per incident).
            loc = self._pick(hits, [h.places[0] for h in hits])
            if loc is not None:
                return loc
        ctx_hits = [h for c in context if c for h in self._scan_cached(c)]
        if hits:
            chosen = self._resolve(hits, ctx_hits, text)
            inner = self._inside_bare_capital(text, hits, chosen, context, ctx_hits)
            if inner is not None:
                return inner
            loc = self._pick(hits, chosen)
            if loc is not None:
                return loc
        if ctx_hits:
            # the context alone: the first context that names a place
            for c in context:
                ch = self._scan_cached(c) if c else ()
                if ch:
                    loc = self._pick(ch, self._resolve(ch, ctx_hits, c))
                    if loc is not None:
                        return loc
        return None

    def _inside_bare_capital(self, text: str, hits: Sequence[_Hit], chosen: list[int], context: Sequence[str],
                             ctx_hits: Sequence[_Hit]) -> Location | None:
        """A text that is only an oblast centre's name ("Kherson", a location label) stands for the oblast
        when the context names a town inside it ("Damage to a school in Kakhovka"): that town."""
        if not self._bare_capital(text, hits, chosen):
            return None
        regions = self._capital_of[chosen[0]]
        for c in context:
            ch = self._scan_cached(c) if c else ()
            if not ch:
                continue
            cc = self._resolve(ch, ctx_hits, c)
            inside = [(h, i) for h, i in zip(ch, cc, strict=True) if not h.launch and not h.qualifier
                      and i not in self._capital_of and self._places[i].admin1 in regions
                      and KIND_RANK.get(self._places[i].kind, 2) == 0]
            if inside:
                return self._pick([inside[0][0]], [inside[0][1]])
        return None

    def _bare_capital(self, text: str, hits: Sequence[_Hit], chosen: Sequence[int]) -> bool:
        return len(hits) == 1 and text.strip(" .,;:") == text[hits[0].start : hits[0].end] and \
            chosen[0] in self._capital_of

    def _pick(self, hits: Sequence[_Hit], chosen: list[int]) -> Location | None:
        places = self._places
        pairs = list(zip(hits, chosen, strict=True))
        eligible = [(h, i) for h, i in pairs if not h.launch and not h.qualifier] or \
            [(h, i) for h, i in pairs if not h.qualifier] or pairs
        # a region named right after a settlement ("Novoselivka, Kharkiv Oblast") only qualifies it
        h, i = min(eligible, key=lambda hi: (KIND_RANK.get(places[hi[1]].kind, 2), hi[0].start))
        if places[i].kind == "oblast":
            # "rockets launched from Trostyanets in Sumy Oblast": the oblast only qualifies the launch site
            inside = [(lh, li) for lh, li in pairs if lh.launch and places[li].admin1 == places[i].admin1
                      and KIND_RANK.get(places[li].kind, 2) == 0]
            if inside:
                h, i = inside[0]
        p = places[i]
        if p.kind in ("oblast", "river"):
            precision = 3
        elif p.kind in ("raion", "hromada") or h.near:
            precision = 2
        else:
            precision = 1
        return Location(name=p.name, admin1=p.admin1, country=p.country, lat=p.lat, lon=p.lon,
                        geo_precision=precision, admin2=p.admin2, gazetteer_id=p.place_id)


@lru_cache(maxsize=1)
def default_geoparser() -> Geoparser:
    """The process-wide geoparser over the packaged gazetteer (built on first use)."""
    return Geoparser()
