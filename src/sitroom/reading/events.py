"""Stage 4: Passages -> Events (one document at a time).

1. Each body passage (not a heading, boilerplate, reader comment or in-document repeat) is split into
   sentences.
2. A sentence that ``classify`` reads as an event report opens an incident; following sentences of the
   same passage without an event cue of their own ("Two people were killed.", "the governor said")
   extend it, as does a sentence with a cue of the same type and no new place.
3. Each incident gets its place (``geo.locate`` with the section heading and title as context), its date
   (``dates.resolve_date`` against the published date), casualties, claim and evidence spans (offsets
   into ``Document.text``).
4. Incidents of one document that share date, place and type are one event (a lede quoted twice, a
   quote and its article), keeping the highest figures and every evidence span.
5. Events come out most important first: casualties, then confidence, then position.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date as date_cls
from functools import lru_cache

from sitroom.geodesy import haversine_km
from sitroom.models import (
    Casualties,
    Classification,
    Document,
    Event,
    Evidence,
    Location,
    Passage,
    PlaceMention,
)
from sitroom.options import Options
from sitroom.reading.air_attacks import extract_air_attack
from sitroom.reading.airspace import location_of as airspace_location
from sitroom.reading.airspace import regions_over
from sitroom.reading.casualties import extract_casualties, number_value
from sitroom.reading.claims import claim_from_source, extract_claim
from sitroom.reading.classify import actor_side, classify
from sitroom.reading.dates import resolve_date_stated
from sitroom.reading.gazetteer import default_gazetteer
from sitroom.reading.geo import OBLAST_AFTER_GAP, default_geoparser
from sitroom.reading.lexicon import _rx, read_paragraph
from sitroom.reading.occupation import held_by_russia
from sitroom.reading.passages import is_boilerplate, split_sentences

# Confidence = classification score, nudged by what else we found: a located, dated incident with a
# named claimant is the shape of a real report; an unlocated one is often analysis.
LOCATED_BONUS = 0.1
UNLOCATED_PENALTY = 0.15
EVENT_KINDS = frozenset({"body", "quote"})
# Weapons of air attacks whose launch/interception counts are worth reading.
AIR_WEAPONS = frozenset({"drone", "shahed", "missile", "ballistic_missile", "cruise_missile", "guided_bomb"})


@dataclass(slots=True)
class _Incident:
    passage: Passage
    cls: Classification
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets into the passage text


def _event_id(doc_id: str, start: int, sub_type: str) -> str:
    return "e" + hashlib.sha256(f"{doc_id}|{start}|{sub_type}".encode()).hexdigest()[:16]


def _family(event_type: str) -> str:
    return event_type.split("/")[0]


# A place named only as part of a speaker's title ("Dnipropetrovsk Governor", "mayor of Odesa", "голова
# Харківської ОВА") says who speaks, not where something happened.
_TITLE_AFTER = re.compile(
    r"\s*(?:oblast\s+|regional\s+|city\s+|district\s+)?(?:military\s+|state\s+)?"
    r"(?:governor|mayor|administration|head|council|police|ова|ода|мва|обласн\w*\s+(?:військов|державн)\w*\s+адміністрац"
    r"|міськ\w+\s+голов|губернатор)",
    re.I,
)
_TITLE_BEFORE = re.compile(
    r"(?:governor|mayor|head|голова|голови|мер|губернатор\w*|глава|очільни\w*)\s+(?:of\s+)?(?:the\s+)?$", re.I
)
# Words a section heading may hold besides place names and still be a place heading ("Zaporizhzhia Oblast:",
# "Kharkiv direction", "Донецький напрямок").
_HEADING_FILLER = frozenset(
    "oblast oblasts region regions front direction axis city and the of in area raion district"
    " область області напрямок напрямку фронт місто та і район направление фронт город и районе".split()
)


@lru_cache(maxsize=1024)
def _mentions(text: str, lang: str) -> tuple[PlaceMention, ...]:
    """Place mentions of a sentence or incident text. A sentence is scanned when it opens an incident, again
    for its listed places and again as a one-sentence incident's text: once is enough."""
    return tuple(default_geoparser().find(text, lang))


def _own_places(sentence: str, lang: str) -> int:
    """Places a sentence names as where something happened (speaker titles left out)."""
    del lang  # place names are matched in every language at once
    n = 0
    sentence = _without_people(sentence)
    for start, end in default_geoparser().spans(sentence):
        before = sentence[max(0, start - 30) : start]
        if _TITLE_AFTER.match(sentence, end) or _TITLE_BEFORE.search(before) or _LAUNCH_BEFORE.search(before):
            continue  # a speaker's title, or where drones were launched from
        n += 1
    return n


@lru_cache(maxsize=4096)
def _is_place_heading(heading: str, lang: str) -> bool:
    """'Kharkiv:' or 'Zaporizhzha Oblast' locates what follows; 'From the Kyiv Independent' does not."""
    mentions = default_geoparser().find(heading, lang)
    if not mentions:
        return False
    rest = heading
    for m in reversed(mentions):
        rest = rest[: m.start] + " " + rest[m.end :]
    words = [w for w in re.findall(r"\w+", rest.lower()) if w not in _HEADING_FILLER]
    return len(words) <= 1


# Kinds of sentence that, with no place and no weapon of their own, tell more of the incident just told
# ("Two people were killed.", "На щастя, ніхто не постраждав.", "В результате атаки пострадал мужчина.") rather
# than a new one: the cue that made them "events" is a casualty or damage word.
_FOLLOW_UP_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})


_WEAPON_KIND = {"shahed": "drone", "fpv_drone": "drone", "ballistic_missile": "missile", "cruise_missile": "missile"}


def _same_weapons(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Interceptions of the attack just told shoot down its weapons (drones after a drone attack); missiles
    that struck and drones shot down "on the same day" are two incidents."""
    if not a or not b:
        return True
    return bool({_WEAPON_KIND.get(w, w) for w in a} & {_WEAPON_KIND.get(w, w) for w in b})


# A person named with a first name, or with an age after the name ("Iryna Vilkhivka, 38,"), is a person, not a
# village that shares the surname; the name is blanked (same length) before places are looked for.
_FIRST_NAMES = (
    "oleksandr|oleksandra|olexandr|alexander|aleksandr|serhiy|serhii|sergei|sergey|andriy|andrii|andrei|andrey"
    "|dmytro|dmitry|volodymyr|vladimir|mykola|nikolai|oleh|oleg|ivan|yuriy|yurii|yuri|vitaliy|vitalii|vitaly"
    "|oleksiy|oleksii|alexei|alexey|maksym|maxim|pavlo|pavel|petro|pyotr|viktor|roman|taras|bohdan|vadym|vadim"
    "|ihor|igor|yevhen|evgeny|anton|artem|denys|denis|vasyl|vasily|mykhailo|mikhail|vyacheslav|viacheslav"
    "|iryna|irina|olena|elena|yelena|tetiana|tatiana|natalia|nataliya|svitlana|svetlana|oksana|yulia|yuliia"
    "|maria|mariia|anna|kateryna|ekaterina|olha|olga|halyna|galina|liudmyla|lyudmila|valentyna|valentina"
    "|nadiya|nadezhda|larysa|larisa|viktoriia|victoria|daria|darya|anastasia|anastasiia|alina|inna|lesia"
    "|олександр|олександра|александр|сергій|сергей|андрій|андрей|дмитро|дмитрий|володимир|владимир|микола"
    "|николай|олег|іван|иван|юрій|юрий|віталій|виталий|олексій|алексей|максим|павло|павел|петро|петр|віктор"
    "|виктор|роман|тарас|богдан|вадим|ігор|игорь|євген|евгений|антон|артем|артём|денис|василь|василий|михайло"
    "|михаил|вячеслав|в'ячеслав|ірина|ирина|олена|елена|тетяна|татьяна|наталія|наталья|світлана|светлана"
    "|оксана|юлія|юлия|марія|мария|анна|катерина|екатерина|ольга|галина|людмила|валентина|надія|надежда"
    "|лариса|вікторія|виктория|дарія|дарья|анастасія|анастасия|аліна|алина|інна|инна|леся"
)
# Both regexes run only where a cheap test says they may match: the first names as a lexicon behind the shared
# literal prefilter, the ", 38," of an age, the capitals as substrings (a regex that opens on any capital
# letter, tried at every position of every text, cost 40% of extraction).
_FIRST_NAME = _rx(_FIRST_NAMES.split("|"), end=True)
_NAME_THEN_SURNAME = re.compile(
    r"(?<![\w-])(?i:" + _FIRST_NAMES + r")\s+[A-ZА-ЯІЇЄҐ][\w'’ʼ-]+"
)
_AGE = re.compile(r",\s*\d{1,3},")
_NAME_BEFORE_AGE = re.compile(r"[A-ZА-ЯІЇЄҐ][\w'’ʼ-]+\s+[A-ZА-ЯІЇЄҐ][\w'’ʼ-]+$")
_CAPITALS = ("Kyiv", "Kiev", "Київ", "Киев", "Moscow", "Москва")


# A capital standing for its government ("Kyiv denied any involvement", "Київ непричетний до вибухів", "Москва
# заявила") is an actor, not where something happened.
_CAPITAL_AS_ACTOR = re.compile(
    r"\b(?:Kyiv|Kiev|Київ|Киев|Moscow|Москва)\b(?=\s+(?:has\s+|had\s+|is\s+|was\s+|also\s+)?(?:said|says|denied|denies"
    r"|claimed|claims|considers|insists|непричетн\w*|заяви\w*|вважа\w*|счита\w*|отрица\w*|запереч\w*|наполяга\w*"
    r"|настаива\w*|відмежува\w*))"
)


# "around midnight Moscow time", "за київським часом": a time zone, not a place.
_CLOCK_TIME = re.compile(
    r"\b(?:Moscow|Kyiv|Kiev)\s+time\b|(?:за|по)\s+(?:московським|київським|московскому|киевскому)\s+(?:часом|времени)",
    re.I,
)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


@lru_cache(maxsize=8192)
def _without_people(text: str) -> str:
    """The text with named people and capitals standing for governments blanked (same length)."""
    if _FIRST_NAME.search(text):
        text = _NAME_THEN_SURNAME.sub(_blank, text)
    if _AGE.search(text):
        chars = list(text)
        for m in _AGE.finditer(text):
            name = _NAME_BEFORE_AGE.search(text, max(0, m.start() - 60), m.start())
            if name:
                chars[name.start() : name.end()] = " " * (name.end() - name.start())
        text = "".join(chars)
    if any(c in text for c in _CAPITALS) or "московск" in text or "київськ" in text or "киевск" in text:
        text = _CAPITAL_AS_ACTOR.sub(_blank, text)
        text = _CLOCK_TIME.sub(_blank, text)
    return text


def _adds_to_last(cls: Classification) -> bool:
    return not cls.weapons and cls.event_type in _FOLLOW_UP_TYPES


def _incidents(passage: Passage, lang: str, opts: Options) -> list[_Incident]:
    incidents: list[_Incident] = []
    spans = split_sentences(passage.text)
    read_paragraph(passage.text, spans)  # incidents and the paragraph itself are runs of these sentences
    for start, end in spans:
        sentence = passage.text[start:end]
        if is_boilerplate(sentence):  # "Читать далее ...", "Read also ..." inside a paragraph
            continue
        cls = classify(sentence, lang)
        if cls is not None and cls.score >= opts.min_event_score:
            last = incidents[-1] if incidents else None
            # "Збито 39 дронів." after "the enemy attacked with 48 drones": the interceptions of the same
            # attack, not a second incident.
            intercepts_last = (
                last is not None
                and cls.sub_event_type == "Disrupted weapons use"
                and last.cls.event_type == "Explosions/Remote violence"
                and _same_weapons(cls.weapons, last.cls.weapons)
            )
            if last is not None and (last.cls.sub_event_type == cls.sub_event_type or intercepts_last
                                     or _adds_to_last(cls)) \
                    and _own_places(sentence, lang) == 0:  # counted only when it decides something
                last.spans.append((start, end))
                continue
            incidents.append(_Incident(passage, cls, [(start, end)]))
        elif incidents:
            # Follow-up sentence of the same passage: figures, claimant, damage.
            incidents[-1].spans.append((start, end))
    return incidents


def _merge_classes(a: Classification, b: Classification) -> Classification:
    return Classification(
        event_type=a.event_type,
        sub_event_type=a.sub_event_type,
        weapons=tuple(sorted(set(a.weapons) | set(b.weapons))),
        targets=tuple(sorted(set(a.targets) | set(b.targets))),
        initiator=a.initiator if a.initiator != "unknown" else b.initiator,
        target_side=a.target_side if a.target_side != "unknown" else b.target_side,
        score=max(a.score, b.score),
    )


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


# Between two places of an enumeration: "Krasnohorivka and Avdiivka", "Boryspil, Ozerne, Kulbakino",
# "Херсон і Миколаїв", "Белгород и Шебекино".
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+|та\s+|і\s+|и\s+)?|\s+(?:and|or|та|і|й|и|або|или)\s+)\s*$", re.I)
_LAUNCH_BEFORE = re.compile(r"(?:\bfrom|\bз|\bіз|\bзі|\bиз|\bсо)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)


def _glued(gap: str) -> bool:
    """The text between two places of a list: a comma, "and", "та", "и" ... or nothing but space."""
    return bool(_LIST_GLUE.fullmatch(gap)) or gap.strip() == ""


def _enumerated_places(sentence: str, lang: str) -> list[PlaceMention]:
    """Settlements a sentence lists as places of the same action (ACLED codes one event per location)."""
    names = default_geoparser().spans(sentence)
    if not any(_glued(sentence[a_end:b_start]) for (_, a_end), (b_start, _) in zip(names, names[1:], strict=False)):
        return []  # a list needs two names with only list glue between them: told without disambiguation
    found = [
        m for m in _mentions(sentence, lang)
        if m.place.kind in ("settlement", "feature", "oblast")
        and not _TITLE_AFTER.match(sentence, m.end)
        and not _LAUNCH_BEFORE.search(sentence[max(0, m.start - 25) : m.start])
    ]
    # an oblast named right after a settlement ("Очеретине Донецької області", "Pokrovsk, Donetsk Oblast")
    # qualifies it; it is no second place of the list (and the list goes on after it)
    ends: dict[int, int] = {}  # id of a mention -> where its text ends, its qualifier included
    kept: list[PlaceMention] = []
    for m in found:
        if kept and m.place.kind == "oblast" and kept[-1].place.kind != "oblast" \
                and OBLAST_AFTER_GAP.fullmatch(sentence[ends.get(id(kept[-1]), kept[-1].end) : m.start]):
            ends[id(kept[-1])] = m.end
            continue
        kept.append(m)
    run: list[PlaceMention] = kept[:1]
    for m in kept[1:]:
        if _glued(sentence[ends.get(id(run[-1]), run[-1].end) : m.start]):
            if all(r.place.place_id != m.place.place_id for r in run):
                run.append(m)
        elif len(run) < 2:
            run = [m]
        else:
            break
    return run if len(run) >= 2 else []


# A list of this many settlements in one sentence is a daily summary of villages under fire, which the
# oblast's report counts as one (its toll is the oblast's); two named places are two incidents. Lists of
# oblasts ("Sumy, Kharkiv and Cherkasy oblasts came under attack") are split at any length.
SUMMARY_LIST = 3
# ... and from this many villages of one oblast the summary is placed at the oblast (an OVA's list of 30 villages
# under fire); ISW's lists of a few towns keep the first town.
SUMMARY_AT_OBLAST = 8
_OBLASTS_AFTER = re.compile(r"\s*(?:oblasts|regions|provinces|областях|областями|областей|області)\b", re.I)


# "3 у Костянтинівці і 2 в Іллінівці", "three were wounded in Illinivka, three more in Vyshneve and one in
# Avdiivka": a count right before "in <place>" is that place's share of the sentence's toll.
_COUNT_IN = re.compile(r"([\w'’]+)\s+(?:people\s+|residents\s+|civilians\s+|persons\s+|осіб\s+|людей\s+|человека?\s+)?"
                       r"(?:more\s+|others?\s+|ще\s+|еще\s+|ещё\s+)?(?:were\s+\w+\s+)?(?:in|at|у|в|во)\s+"
                       r"(?:the\s+)?(?:(?:town|village|city|settlement)\s+of\s+)?$", re.I)


def _per_place_tolls(event: Event, sentence: str, sentence_start: int, lang: str) -> list[Event] | None:
    """One event per place when a sentence gives each place its own count and the counts add up to at least
    the toll read for the whole sentence; None when it does not."""
    kind = "killed" if event.killed and event.injured is None else "injured" if event.injured and event.killed is None else None
    if kind is None or event.location is None:
        return None
    shares: list[tuple[PlaceMention, int]] = []
    for m in _mentions(_without_people(sentence), lang):
        if m.place.kind not in ("settlement", "feature"):
            continue
        found = _COUNT_IN.search(sentence[max(0, m.start - 40) : m.start])
        n = number_value(found.group(1)) if found else None
        if n and all(s.place.place_id != m.place.place_id for s, _ in shares):
            shares.append((m, n))
    total = getattr(event, kind)
    if len(shares) < 2 or sum(n for _, n in shares) < total:
        return None
    out = []
    for i, (m, n) in enumerate(shares):
        loc = _location(m)
        eid = event.event_id if i == 0 else _event_id(event.doc_id, sentence_start + m.start, event.sub_event_type)
        share = replace(event, event_id=eid, location=loc, evidence=list(event.evidence))
        if kind == "killed":
            share.killed = n
        else:
            share.injured = n
        out.append(share)
    return out


def _location(m: PlaceMention) -> Location:
    """The event location of a place mention (ACLED precision 1 at the place, 2 near it)."""
    p = m.place
    return Location(name=p.name, admin1=p.admin1, country=p.country, lat=p.lat, lon=p.lon,
                    geo_precision=2 if m.near else 1, admin2=p.admin2, gazetteer_id=p.place_id)


def _at_oblast(event: Event) -> Event:
    """The event placed at its oblast (ACLED geo-precision 3), when the gazetteer has the oblast."""
    loc = event.location
    region = default_gazetteer().get(f"region:{loc.admin1}") if loc is not None and loc.admin1 else None
    if region is None:
        return event
    return replace(event, location=Location(name=region.name, admin1=region.admin1, country=region.country,
                                            lat=region.lat, lon=region.lon, geo_precision=3,
                                            admin2=None, gazetteer_id=region.place_id))


def _split(event: Event, sentence: str, sentence_start: int, lang: str) -> list[Event]:
    """One event per listed place when a report lists several and gives no figures (figures could belong to
    any of them); the first keeps the original evidence, each carries the same sentence."""
    if event.killed or event.injured:
        return _per_place_tolls(event, sentence, sentence_start, lang) or [event]
    if event.location is None:  # figures: none, or "no casualties" for all of them
        return [event]
    run = _enumerated_places(sentence, lang)
    if not run or all(m.place.place_id != event.location.gazetteer_id for m in run):
        return [event]
    oblasts = all(m.place.kind == "oblast" for m in run) or bool(_OBLASTS_AFTER.match(sentence, run[-1].end))
    if len(run) >= SUMMARY_LIST and not oblasts:
        # "under fire were Antonivka, Stanislav, Veletenske, ...": one day's summary of the oblast, placed at the
        # oblast (the first village named is no more the place than the last)
        villages = [m for m in run if m.place.kind != "oblast"]
        one_oblast = len({m.place.admin1 for m in villages}) == 1
        return [_at_oblast(event) if len(villages) >= SUMMARY_AT_OBLAST and one_oblast else event]
    out = [event]
    for m in run:
        if m.place.place_id == event.location.gazetteer_id:
            continue
        loc = _location(m)
        out.append(replace(event, event_id=_event_id(event.doc_id, sentence_start + m.start, event.sub_event_type),
                           location=loc, evidence=list(event.evidence)))
    return out


@dataclass(slots=True)
class _Built:
    """An incident's event, with what its own text states: a place (else from context) and a day (else the
    published day by default)."""

    event: Event
    section: str | None
    own_place: bool
    own_date: bool


def _per_region(event: Event, sentence: str, sentence_start: int) -> list[Event]:
    """One interception event per region a list names as the airspace ("восемь над Курской областью, четыре —
    над Брянской"); the event keeps a place of its own when it has one and the list names one region only."""
    regions = regions_over(sentence)
    if not regions:
        return [event]
    if len(regions) == 1 and event.location is not None and event.location.country in WAR_COUNTRIES \
            and event.location.geo_precision < 3 and event.location.admin1 == regions[0].name:
        return [event]  # "над Курском": the city is finer than its region
    out = []
    for i, region in enumerate(regions):
        loc = airspace_location(region)
        if i == 0:
            out.append(replace(event, location=loc))
        else:
            out.append(replace(event, event_id=_event_id(event.doc_id, sentence_start + i, f"{event.sub_event_type}|{region.name}"),
                               location=loc, evidence=list(event.evidence)))
    return out


def _build(doc: Document, inc: _Incident, lang: str) -> tuple[Event, bool, bool]:
    """The event of one incident, whether its own text names its place (False: from the context) and whether
    it states its day (False: the published day by default)."""
    p = inc.passage
    text = p.text[inc.spans[0][0] : inc.spans[-1][1]]
    cls = inc.cls
    # Re-classify the whole incident text: weapons and targets often sit in the follow-up sentences.
    whole = classify(text, lang) if len(inc.spans) > 1 else None
    if whole is not None:
        cls = _merge_classes(cls, whole)
    section = p.section if p.section and _is_place_heading(p.section, lang) else None
    context = tuple(_without_people(c) for c in (section, doc.title, p.text) if c)
    location: Location | None = default_geoparser().locate(_without_people(text), lang, context)
    own_place = _own_places(text, lang) > 0
    date, precision, own_date = resolve_date_stated(text, lang, doc.published)
    if cls.event_type == "Explosions/Remote violence" and cls.initiator == "RU" and held_by_russia(location, date) \
            and actor_side(text) == "unknown":
        # A strike with no side named, in a town Russia held that day (Melitopol, Nova Kakhovka): Ukrainian.
        cls = replace(cls, initiator="UA", target_side="RU" if cls.target_side in ("UA", "unknown") else cls.target_side)
    cas: Casualties = extract_casualties(text, lang)
    claim = extract_claim(text, lang, doc.source)
    if claim.claimant is None and p.text != text:
        wider = extract_claim(p.text, lang, doc.source)
        if wider.claimant is not None:
            claim = wider
    if claim.claimant is None:
        fallback = claim_from_source(doc.source)
        if fallback.claimant is not None:
            status = claim.status if claim.status != "reported" else fallback.status
            claim = type(claim)(status=status, claimant=fallback.claimant, claimant_type=fallback.claimant_type)
    confidence = cls.score + (LOCATED_BONUS if location else -UNLOCATED_PENALTY)
    start = p.start + inc.spans[0][0]
    launched = intercepted = None
    if set(cls.weapons) & AIR_WEAPONS or cls.sub_event_type == "Disrupted weapons use":
        launched, intercepted = extract_air_attack(text, lang)
    event = Event(
        event_id=_event_id(doc.doc_id, start, cls.sub_event_type),
        doc_id=doc.doc_id,
        date=date,
        date_precision=precision if date else "unknown",
        event_type=cls.event_type,
        sub_event_type=cls.sub_event_type,
        location=location,
        killed=cas.killed,
        injured=cas.injured,
        initiator=cls.initiator,
        claim=claim,
        evidence=[Evidence(doc.doc_id, text, start, start + len(text))],
        weapons=list(cls.weapons),
        targets=list(cls.targets),
        target_side=cls.target_side,
        casualties_civilian=cas.civilian,
        confidence=min(1.0, max(0.0, confidence)),
        lang=lang,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        launched=launched,
        intercepted=intercepted,
    )
    return event, own_place, own_date


# Two reports of one document within this distance, same day and kind, are one incident told twice ("the Saky
# airbase" and "the airfield near Novofedorivka"); distinct strikes in one city's districts are rarely told
# apart by a single report, and ACLED codes them to the same place anyway.
SAME_INCIDENT_KM = 10.0


def _km(a: Location, b: Location) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _figures_conflict(a: Event, b: Event) -> bool:
    both = (a.killed is not None or a.injured is not None) and (b.killed is not None or b.injured is not None)
    return both and (a.killed, a.injured) != (b.killed, b.injured)


def _same_incident(a: Event, b: Event) -> bool:
    if a.date != b.date or _family(a.event_type) != _family(b.event_type):
        return False
    la, lb = a.location, b.location
    if la is None or lb is None:
        return la is lb and a.sub_event_type == b.sub_event_type
    if la.gazetteer_id == lb.gazetteer_id and la.name == lb.name:
        return True
    if la.geo_precision == 3 and lb.geo_precision == 3 and la.admin1 == lb.admin1 \
            and a.sub_event_type == b.sub_event_type and not _figures_conflict(a, b):
        return True  # the same region told twice ("over the Kursk Region", "над Курской областью")
    # Fighting in neighbouring front-line villages is several battles, not one told twice.
    return (
        _family(a.event_type) != "Battles"
        and la.geo_precision < 3 and lb.geo_precision < 3
        and _km(la, lb) <= SAME_INCIDENT_KM and not _figures_conflict(a, b)
    )


def _same_day(a: Event, b: _Built) -> bool:
    """b happened on a's day, or states no day of its own (it tells more of what was just told)."""
    return a.date == b.event.date or not b.own_date


def _follow_up(a: Event, a_section: str | None, b: _Built) -> bool:
    """b adds nothing but words to a: no place of its own, no figures, same section, day and kind of event
    ("Ukrainian officials have not claimed responsibility for the explosions.")."""
    ev = b.event
    return (
        not b.own_place
        and ev.killed is None
        and ev.injured is None
        and a_section == b.section
        and _same_day(a, b)
        and _family(a.event_type) == _family(ev.event_type)
    )


def _figures_of(a: Event, a_section: str | None, b: _Built) -> bool:
    """b is the toll of the incident told just before it, in a paragraph of its own ("На щастя, ніхто не
    постраждав.", "Постраждало 56 осіб."): no place, no weapon, no other day, and no figure a already has.
    Only the event just before counts (a toll refers back to what was just told)."""
    ev = b.event
    return (
        not b.own_place
        and not ev.weapons
        and (ev.killed is not None or ev.injured is not None)
        and (ev.killed is None or a.killed is None or ev.killed == a.killed)
        and (ev.injured is None or a.injured is None or ev.injured == a.injured)
        and a_section == b.section
        and _same_day(a, b)
        and ev.event_type in _FOLLOW_UP_TYPES
    )


# "в Шевченківському районі", "in the Solomianskyi district": a district named after a strike on a city is part
# of that city (Kyiv's, Kharkiv's, Zaporizhzhia's districts share names with raions elsewhere).
_DISTRICT = re.compile(r"(?:район\w*|district\w*|микрорайон\w*|мікрорайон\w*)", re.I)
CITY_POPULATION = 100_000


def _district_of(a: Event, b: _Built) -> bool:
    """b reports damage in a district of the city a just reported a strike on."""
    ev = b.event
    loc = a.location
    return (
        loc is not None
        and loc.geo_precision == 1
        and _family(a.event_type) == _family(ev.event_type)
        and _same_day(a, b)
        and (ev.location is None or ev.location.gazetteer_id != loc.gazetteer_id)
        and any(_DISTRICT.search(e.text) for e in ev.evidence)
        and _big_city(loc)
        and not _figures_conflict(a, ev)
    )


def _unplaced_part_of(a: Event, b: _Built) -> bool:
    """b names no place at all (not even from its context) on a's day, is of a's kind and states no figure a
    contradicts: a detail of the incident the document reports ("Взрывы раздались около 15:00", "Атака велась
    около 02:30 ночи", "Обломками сбитых БПЛА повредило кровлю"), not an incident of its own somewhere
    unknown (ACLED codes no event without a location)."""
    ev = b.event
    return (
        ev.location is None
        and a.location is not None
        and not b.own_place
        and _same_day(a, b)
        and _family(a.event_type) == _family(ev.event_type)
        and not _figures_conflict(a, ev)
        # "также обстрелу подверглось село Волфино": a village the gazetteer lacks is still a place of its own,
        # unless a is known only by its oblast (then the village is where a happened)
        and not (a.location.geo_precision < 3 and any(_NAMED_SETTLEMENT.search(e.text) for e in ev.evidence))
    )


# A settlement word before a capitalised name: a place is named even when the gazetteer does not know it.
_NAMED_SETTLEMENT = re.compile(
    r"(?:\b(?:village|town|settlement)\s+of|(?<!\w)(?:сел[оіаи]|селищ\w*|деревн\w+|посёл\w+|посел\w+|хутор\w*"
    r"|слобод\w+|смт|пгт))\s+[A-ZА-ЯІЇЄҐЁ]"
)


def _big_city(loc: Location) -> bool:
    place = default_gazetteer().get(loc.gazetteer_id) if loc.gazetteer_id else None
    return place is not None and (place.population or 0) >= CITY_POPULATION


def _fold(built: list[_Built]) -> list[Event]:
    """Step 4: one event per incident inside one document."""
    out: list[Event] = []
    sections: list[str | None] = []
    for b in built:
        ev, section = b.event, b.section
        twin = next((o for o in out if _same_incident(o, ev)), None)
        if twin is None:
            twin = next(
                (o for o, s in zip(reversed(out), reversed(sections), strict=True) if _follow_up(o, s, b)),
                None,
            )
        if twin is None and out and (_figures_of(out[-1], sections[-1], b) or _district_of(out[-1], b)):
            twin = out[-1]
        if twin is None:
            twin = next((o for o in reversed(out) if _unplaced_part_of(o, b)), None)
        if twin is None:
            out.append(ev)
            sections.append(section)
            continue
        _absorb(twin, ev)
    return _without_vague_twins(out)


def _absorb(twin: Event, ev: Event) -> None:
    """``ev`` told the same incident as ``twin``: its figures, weapons, targets, claim and evidence join it."""
    twin.killed = _max(twin.killed, ev.killed)
    twin.launched = _max(twin.launched, ev.launched)
    twin.intercepted = _max(twin.intercepted, ev.intercepted)
    twin.injured = _max(twin.injured, ev.injured)
    twin.weapons = sorted(set(twin.weapons) | set(ev.weapons))
    twin.targets = sorted(set(twin.targets) | set(ev.targets))
    if twin.casualties_civilian is None:
        twin.casualties_civilian = ev.casualties_civilian
    if twin.claim.claimant is None and ev.claim.claimant is not None:
        twin.claim = ev.claim
    if all(e.text != ev.evidence[0].text for e in twin.evidence):
        twin.evidence.extend(ev.evidence)
    twin.confidence = max(twin.confidence, ev.confidence)


def _without_vague_twins(events: list[Event]) -> list[Event]:
    """An event placed only at an oblast, with no figure, on the day and of the kind of the one event the
    document places at a settlement of that oblast, is that incident told vaguely ("вибухи у Криму" beside
    "вибухи на аеродромі в Новофедорівці"): it joins it. With two or more such settlements it could be any
    of them (or the oblast's daily summary) and stays."""
    out: list[Event] = []
    for ev in events:
        loc = ev.location
        if loc is not None and loc.geo_precision == 3 and ev.killed is None and ev.injured is None:
            precise = [o for o in events if o is not ev and o.location is not None and o.location.geo_precision < 3
                       and o.location.admin1 == loc.admin1 and o.date == ev.date
                       and _family(o.event_type) == _family(ev.event_type)]
            if len(precise) == 1:
                _absorb(precise[0], ev)
                continue
        out.append(ev)
    return out


def _severity(ev: Event) -> tuple[float, ...]:
    start = ev.evidence[0].start or 0
    return (-(3 * (ev.killed or 0) + (ev.injured or 0)), -ev.confidence, start)


def extract_events(doc: Document, passages: list[Passage], opts: Options | None = None) -> list[Event]:
    """All events of one document, most important first."""
    opts = opts or Options()
    lang = doc.lang if doc.lang in ("en", "uk", "ru") else "en"
    built: list[_Built] = []
    for p in passages:
        if p.kind not in EVENT_KINDS or p.duplicate_of:
            continue
        for inc in _incidents(p, lang, opts):
            event, own_place, own_date = _build(doc, inc, lang)
            if not own_date and built and _SAME_DAY.search(event.evidence[0].text):
                event.date = built[-1].event.date  # "on the same day", "того ж дня": the day just told
                own_date = True
            s0, s1 = inc.spans[0]
            parts = _split(event, p.text[s0:s1], p.start + s0, lang)
            if len(parts) == 1 and event.sub_event_type == "Disrupted weapons use":
                # the region list may follow the headline count ("ПВО уничтожили 15 БПЛА. Восемь над Курской...")
                parts = _per_region(event, p.text[s0 : inc.spans[-1][1]], p.start + s0)
            for part in parts:
                built.append(_Built(part, p.section, own_place, own_date))
    folded = _fold(built)
    # whether the document is about this war matters only for unplaced events: asked only when one is there
    war = any(ev.location is None for ev in folded) and _about_this_war(doc)
    events = [ev for ev in folded if _this_war(ev, war) and not _history(ev, doc.published)]
    return sorted(_without_totals(events), key=_severity)


# Words every report of this war uses somewhere (country, capital, armed forces): a document with none of them
# is world news in the same feed (a strike in Sudan, wolves in the EU), and its unplaced events are not ours.
_WAR_WORDS = re.compile(
    r"ukrain|russia|kyiv|kiev|moscow|kremlin|україн|росі|київ|кремл|москв|зсу|всу|украин|росси|киев|сво\b|донба|крим|крым"
    r"|ворог|окупант|оккупант|occupier|shahed|шахед|обстріл|обстрел|shelling",
    re.I,
)
# Other wars and countries in the same feeds; a document that names them more often than this war is world news.
_OTHER_WARS = re.compile(
    r"\b(?:gaza|israel\w*|hamas|hezbollah|sudan\w*|rsf|houthi\w*|yemen\w*|syria\w*|lebanon|газ[аиые]\b|ізраїл\w*"
    r"|израил\w*|хамас|судан\w*|ємен\w*|йемен\w*|сирі\w*|сири\w*)",
    re.I,
)
# A long text that never names this war (its countries, armies, "the enemy", shelling) is not about it; a
# one-line report ("Residential building damaged after shelling") may name nothing of the kind.
WORLD_NEWS_MIN_CHARS = 600
# An event dated this long before its report is history told as background ("On February 24, 2022 Russia
# launched..."), not the day's news; reminders of recent incidents ("Нагадаємо, 19 серпня ...") stay.
HISTORY_DAYS = 90


def _about_this_war(doc: Document) -> bool:
    text = f"{doc.title or ''}\n{doc.text}"
    if not _OTHER_WARS.search(text):  # the usual case: one search, no counting
        return bool(_WAR_WORDS.search(text)) or len(text) < WORLD_NEWS_MIN_CHARS
    ours = len(_WAR_WORDS.findall(text))
    if ours == 0:
        return len(text) < WORLD_NEWS_MIN_CHARS
    return len(_OTHER_WARS.findall(text)) <= ours


def _history(ev: Event, published: str | None) -> bool:
    if not ev.date or not published:
        return False
    try:
        return (date_cls.fromisoformat(published[:10]) - date_cls.fromisoformat(ev.date)).days > HISTORY_DAYS
    except ValueError:
        return False


def _without_totals(events: list[Event]) -> list[Event]:
    """An unplaced interception count next to the same day's counts per region ("ПВО уничтожили 15
    беспилотников над регионами": 8 над Курской, 4 над Брянской ...) is their sum, not one more incident."""
    placed = {(ev.date, ev.sub_event_type) for ev in events if ev.location is not None}
    return [
        ev for ev in events
        if not (ev.location is None and ev.sub_event_type == "Disrupted weapons use"
                and (ev.date, ev.sub_event_type) in placed)
    ]


_SAME_DAY = re.compile(
    r"\b(?:on\s+the\s+same\s+day|the\s+same\s+day|that\s+same\s+day|later\s+that\s+day|того\s+ж\s+дня|"
    r"цього\s+ж\s+дня|в\s+тот\s+же\s+день|в\s+этот\s+же\s+день|тем\s+же\s+днем|тем\s+же\s+днём)\b",
    re.I,
)

# The war's countries: an event placed elsewhere (a strike in Gaza or El Fasher, a protest in Tbilisi, talks in
# Istanbul) is world news in the same feed, not an incident of this war. Agreements (exchanges, talks) are
# kept wherever they were signed.
WAR_COUNTRIES = frozenset({"UA", "RU"})
# A national tally with no place ("Russian attacks kill 2, injure 20 in Ukraine over past day") is a sum of the
# day's incidents, each reported on its own, not one more incident.
_NATIONAL_TALLY = re.compile(
    r"(?:in|across)\s+ukraine\s+(?:over\s+(?:the\s+)?past\s+(?:day|24\s+hours)|overnight)"
    r"|attacks?\s+(?:(?:against|on|across)\s+ukraine\s+)?(?:kill|injure|wound)\w*[^.]{0,40}\s+over\s+(?:the\s+)?past\s+(?:day|24\s+hours)"
    r"|по\s+(?:всій\s+)?україні\s+за\s+(?:минулу\s+)?добу|по\s+(?:всей\s+)?украине\s+за\s+(?:прошедшие\s+)?сутки",
    re.I,
)


def _this_war(ev: Event, about_this_war: bool = True) -> bool:
    if ev.location is not None:
        return ev.location.country in WAR_COUNTRIES or ev.sub_event_type == "Agreement"
    return about_this_war and not any(_NATIONAL_TALLY.search(e.text) for e in ev.evidence)
