"""ACLED event type, weapons, targets and sides of one sentence (or a few), by keyword rules.

Approach: every lexicon below is a list of word *stems* in English, Ukrainian and Russian compiled once
into case-insensitive regexes anchored at a word start (so "обстріл" matches "обстріляли", "ракет"
matches "ракетний", "ракетами"). A classification is a fixed decision list, cheapest and most specific
first, mirroring ACLED's coding conventions (the full rule table with examples and measured scores is in
docs/coding-rules.md):

1. no violence/event cue at all, or an analysis/forecast/history cue with no past-tense event verb -> None;
2. agreements (ceasefire, deal, prisoner exchange) -> Strategic developments/Agreement;
3. arrests (detained, затримали, задержали) -> Strategic developments/Arrests; by Russian forces of
   civilians in occupied areas -> Violence against civilians/Abduction/forced disappearance;
4. protests -> Protests/Peaceful protest (Protest with intervention when dispersed/detained);
5. abduction/deportation, sexual violence, execution/torture/shooting of civilians -> Violence against
   civilians; looting -> Strategic developments/Looting/property destruction;
6. territory: Ukraine liberates in Ukraine / Russia retakes in Russia -> Battles/Government regains
   territory; Russia captures in Ukraine / Ukraine captures in Russia -> Battles/Non-state actor overtakes
   territory (ACLED's sub-type for a *non-state or foreign state* actor taking ground);
7. interceptions with no impact or casualties -> Strategic developments/Disrupted weapons use;
8. ground fighting (clashes, assaults, repelled attacks) -> Battles/Armed clash, even with shelling in
   the same sentence (ACLED: artillery in support of a battle is part of the battle);
9. strikes -> Explosions/Remote violence: mines/IEDs -> Remote explosive/landmine/IED; drones, aircraft,
   guided bombs -> Air/drone strike; missiles, artillery, MLRS, unattributed "strike"/"explosions" ->
   Shelling/artillery/missile attack; grenades -> Grenade; chemical agents -> Chemical weapon;
10. cyberattacks -> Strategic developments/Other with weapon ``cyber``;
11. notable non-violent developments (mobilisation, martial law, withdrawal, command changes) ->
    Strategic developments/Other (withdrawal: Non-violent transfer of territory) with a score below the
    default event threshold, so they are kept only when a caller lowers it.

Weapons: a specific class subsumes its generic one (a Shahed is not also listed as "drone", a Kalibr not
as "missile", a cluster rocket's "rocket motor" not as "missile"); the generic bombardment words
"shelling"/"обстріл"/"обстрел" give ``artillery`` only when no other weapon is named (Ukrainian usage
calls any bombardment "обстріл"). What was hit is not a weapon: "drone footage", jets struck on an
airfield, an air-defence missile system that was destroyed.

Damage reports ("Damage to a school.", "Apartment building on fire") count as strikes, but a damage
word with no weapon and no target ("the destruction of Mariupol") stays below the event threshold.

Sides: explicit actor words ("Russian forces", "ЗСУ", "ВСУ", "окупанти", "ворог") decide; with none, a
strike on a Russian region or on a place Russia has held since 2014 is Ukrainian, any other strike
Russian (reports of strikes on Ukrainian towns that name no actor are Russian strikes).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitroom.models import Classification
from sitroom.reading.apostrophes import straight
from sitroom.reading.lexicon import LexiconGroup, _Lexicon, _rx, _scan, _words
from sitroom.reading.lexicons import cues, sides, targets, weapons

# ---------------------------------------------------------------- weapons (schema enum), specific first
_WEAPON_LEX: dict[str, list[str]] = {k: _words(v) for k, v in weapons.WEAPONS.items()}
_WEAPON_RX = {w: _rx(stems) for w, stems in _WEAPON_LEX.items()}
# "122mm rockets" starts with any number; every match contains "mm rocket" (a number alone would make the
# MLRS regex run on every sentence with a digit).
_WEAPON_RX["mlrs"].literals = frozenset(
    {lit for lit in _WEAPON_RX["mlrs"].literals or () if not (len(lit) == 2 and lit[0] == " " and lit[1].isdigit())}
    | {"mm rocket", "mm he rocket"}
)
_WEAPON_NAMES = tuple(_WEAPON_RX)
_WEAPON_GROUP = LexiconGroup(_WEAPON_RX.values())
# A specific class subsumes its generic one. Cluster munitions subsume "missile": the cue there is the
# carrier rocket ("rocket motor", "cargo missile"), not a separate missile strike.
_GENERIC_OF = {"shahed": "drone", "fpv_drone": "drone", "ballistic_missile": "missile",
               "cruise_missile": "missile", "cluster_munition": "missile"}
_GENERIC_SHELLING = _rx(_words(weapons.GENERIC_SHELLING))
# "mine" is also a coal/salt mine; "tank" also a fuel tank.
_NOT_MINE = _rx(_words(weapons.NOT_MINE))
_NOT_TANK = _rx(_words(weapons.NOT_TANK))
_AIRFIELD = _rx(_words(weapons.AIRFIELD))
_SAM_TARGET = _rx(_words(
    weapons.SAM_TARGET
))


def _missile_outside_sam(t: str) -> bool:
    """A missile cue that is not part of a named air-defence system."""
    stripped = _SAM_TARGET.sub(" ", t)
    return bool(_WEAPON_RX["missile"].search(stripped))


# A drone that films is a camera, not the weapon: "drone footage of ...".
_DRONE_CAMERA = _rx(_words(weapons.DRONE_CAMERA))

# ---------------------------------------------------------------- targets (schema enum)
_TARGET_LEX: dict[str, list[str]] = {k: _words(v) for k, v in targets.TARGETS.items()}
_TARGET_RX = {t: _rx(stems) for t, stems in _TARGET_LEX.items()}
_TARGET_NAMES = tuple(_TARGET_RX)
_TARGET_GROUP = LexiconGroup(_TARGET_RX.values())
# An ammunition or weapons depot is a military target; its "склад"/"depot" must not also read as an
# industrial warehouse. Industry is looked for only outside these phrases.
_MILITARY_DEPOT = _rx(_words(
    targets.MILITARY_DEPOT
))
_CIVILIANS = _rx(_words(
    targets.CIVILIANS
))

# ---------------------------------------------------------------- event cues
_STRIKE = _rx(_words(
    cues.STRIKE
))
# Damage words are how damage reports describe a strike ("Damage to a school."), but alone they are weak:
# analysis talks about "the destruction of Mariupol" too. With no weapon and no target they are not enough.
_NOMINAL = _rx(_words(cues.NOMINAL), end=True)
_BATTLE = _rx(_words(
    cues.BATTLE
))
_INTERCEPT = _rx(_words(
    cues.INTERCEPT
))
_IMPACT = _rx(_words(
    cues.IMPACT
))
_AGREEMENT = _rx(_words(
    cues.AGREEMENT
))
_VIOLATION = _rx(_words(cues.VIOLATION))
_ARREST = _rx(_words(
    cues.ARREST
))
_PROTEST = _rx(_words(
    cues.PROTEST
))
_PROTEST_INTERVENE = _rx(_words(cues.PROTEST_INTERVENE))
_ABDUCT = _rx(_words(
    cues.ABDUCT
))
_SEXUAL = _rx(_words(cues.SEXUAL))
_VAC = _rx(_words(
    cues.VAC
))
_LOOT = _rx(_words(cues.LOOT))
_CHEM = _rx(_words(cues.CHEM))
_GRENADE = _rx(_words(cues.GRENADE))
_SUICIDE = _rx(_words(cues.SUICIDE))
_CAPTURE = _rx(_words(
    cues.CAPTURE
))
_LIBERATE = _rx(_words(
    cues.LIBERATE
))
_WITHDRAW = _rx(_words(cues.WITHDRAW))
_STRATEGIC_OTHER = _rx(_words(
    cues.STRATEGIC_OTHER
))
_CYBER = _rx(_words(cues.CYBER))
_HEDGE = _rx(_words(
    cues.HEDGE
))
_HISTORY = _rx(_words(
    cues.HISTORY
))
# Past-tense verbs and passive participles. Cyrillic endings need two letters of stem, and the hedge and
# function words that happen to share an ending ("что", "можно", "дронів") are excluded.
_NOT_PAST = r"(?!(?:что|это|кто|можно|возможно|вероятно|необходимо|давно|нібито|начебто|ймовірно|можливо|около)(?!\w))"
_PAST = _rx(_words(
    r"\w+ed struck hit shot fought took overran shelled launched killed wounded"
    rf" {_NOT_PAST}\w{{2,}}(?:ли|ла|ло|ав|ив|ув|ял|ил|ал|ел|ено|ано|ято|ито|уто|ено)"
), end=True)
# Words of analysis and commentary rather than reporting (ISW-style): capabilities and formations named after
# strikes, debate and rhetoric about them, forecasts of what forces are preparing. Headlines that announce an
# expert's or outlet's view ("..., - експерт") are left alone: as often as not they also report the strike.
_ANALYSIS = _rx(_words(
    cues.ANALYSIS
))
ANALYSIS_PENALTY = 0.4
_LOSSES = _rx(_words(cues.LOSSES))
_NOT_INCIDENT = _rx(_words(cues.NOT_INCIDENT))

# ---------------------------------------------------------------- sides
_RU_ACTOR = _rx(_words(
    sides.RU_ACTOR
))
_UA_ACTOR = _rx(_words(
    sides.UA_ACTOR
))
# Russian regions, and places held by Russia since 2014: an unattributed strike there is Ukrainian.
_RU_PLACE = _rx(_words(
    sides.RU_PLACE
))
# "occupied"/"окупований"/"оккупированный": a strike there with no actor named is Ukrainian, like one on
# a place held since 2014 (Melitopol, Nova Kakhovka ... are not listed by name: they were occupied in 2022).
_OCCUPIED = _rx(_words(sides.OCCUPIED))
_UA_WEAPON = _rx(_words(
    sides.UA_WEAPON
))
_RU_PLACE_TITLE = re.compile(r"\b(?:in|on|over|near|at|of)\s+(?:the\s+)?(?:occupied\s+)?(?:Donetsk|Luhansk)\s+(?:city)?\b")

_TARGETS_CIVIL = {"residential", "healthcare", "education", "commercial", "religious"}


def _weapons(t: str) -> tuple[str, ...]:
    scanned = _scan(t)
    low = scanned[0]
    found = [_WEAPON_NAMES[i] for i in _WEAPON_GROUP.may_match(scanned) if _WEAPON_GROUP.lexicons[i]._re.search(low)]
    if "mine_ied" in found and _NOT_MINE.search(t) and len(_WEAPON_RX["mine_ied"].findall(t)) <= 1:
        found.remove("mine_ied")
    if "armor" in found and _NOT_TANK.search(t):
        found.remove("armor")
    if "mlrs" in found and "missile" in found and not re.search(r"missile|ракет[аиуыі]?\b(?!\w)", t, re.I):
        found.remove("missile")  # "Grad rockets" are the MLRS itself
    if "drone" in found:
        camera = {m.start() for m in _DRONE_CAMERA.finditer(t)}
        if all(m.start() in camera for m in _WEAPON_RX["drone"].finditer(t)):
            found.remove("drone")  # "drone footage of ..." names a camera
    if "missile" in found and re.search(r"rocket-propelled", t, re.I) and not re.search(r"missile|ракет", t, re.I):
        found.remove("missile")  # an RPG is a small arm
    if "aircraft" in found and len(found) > 1 and _AIRFIELD.search(t):
        found.remove("aircraft")  # jets hit on an airfield by drones/missiles are the target, not the weapon
    if "missile" in found and len(found) > 1 and _SAM_TARGET.search(t) and not _missile_outside_sam(t):
        found.remove("missile")  # "struck two S-300 air defence systems": the SAM is the target
    if "cyber" in found and len(found) > 1 and not _CYBER.search(t):
        found.remove("cyber")
    specific = set(found)
    found = [w for w in found if not (w in _GENERIC_OF.values() and any(_GENERIC_OF.get(s) == w for s in specific))]
    if not found and _GENERIC_SHELLING.search(t):
        found = ["artillery"]
    order = list(_WEAPON_LEX)
    return tuple(sorted(set(found), key=order.index))


# An administration that *speaks* ("the regional administration said", "повідомив голова ОВА") is a
# claimant, not a target: its mention counts as a target only away from an attribution verb.
_SPEAKING_BODY = re.compile(r"(?<!\w)(?:(?:regional|city|state|district|town)\s+administration|адміністрац\w*|администрац\w*|ова|ода|мва)(?!\w)", re.I)
_ATTRIBUTION = re.compile(
    r"said|says|reported|stated|according|повідоми\w*|повідомля\w*|сообщи\w*|сообща\w*|заяви\w*|за\s+даними"
    r"|по\s+данным|написа\w*|голов\w*|очільни\w*|глав\w*|начальни\w*|head|chief|spokes\w*|губернатор\w*",
    re.I,
)


def _government_target(t: str) -> bool:
    rx = _TARGET_RX["government"]
    for m in rx.finditer(t):
        if not _SPEAKING_BODY.fullmatch(m.group(0).split()[0]) and not _SPEAKING_BODY.match(m.group(0)):
            return True
        window = t[max(0, m.start() - 45) : m.end() + 45]
        if not _ATTRIBUTION.search(window):
            return True
    return False


_FIRED_FROM_POSITIONS = re.compile(
    r"(?<!\w)(?:from|з|із|зі|из|с|со)\s+(?:(?:their|its|the|russian|ukrainian|своїх|своих)\s+)?"
    r"(?:positions?|позиці\w*|позици\w*)(?!\w)",
    re.I,
)


def _targets(t: str, civilian_victims: bool) -> tuple[str, ...]:
    scanned = _scan(t)
    low = scanned[0]
    found = [_TARGET_NAMES[i] for i in _TARGET_GROUP.may_match(scanned)
             if (_TARGET_GROUP.lexicons[i]._re.search(low) if _TARGET_NAMES[i] != "government" else _government_target(t))]
    if "industry" in found and _MILITARY_DEPOT.search(t) and not _TARGET_RX["industry"].search(_MILITARY_DEPOT.sub(" ", t)):
        found.remove("industry")  # "склад боєприпасів" is an ammunition depot, not a warehouse
    if "energy" in found and "industry" in found and not re.search(r"factory|завод|фабрик|предприят|підприємств", t, re.I):
        found.remove("industry")  # "power plant" is energy, not an industrial plant
    if "railway" in found and "transport" in found and not re.search(r"bridge|міст|мост|road|дорог|port|порт|bus|автобус", t, re.I):
        found.remove("transport")
    if "military" in found and _FIRED_FROM_POSITIONS.search(t) \
            and not _TARGET_RX["military"].search(_FIRED_FROM_POSITIONS.sub(" ", t)):
        found.remove("military")  # "fired from positions on the opposite bank": where from, not what was hit
    if civilian_victims or _CIVILIANS.search(t):
        found.insert(0, "civilians")
    order = ["civilians", *_TARGET_LEX]
    return tuple(sorted(set(found), key=order.index))


# The side that *reports* is not the side that acts: "The Ukrainian General Staff reported that Russian
# forces shelled ...", "Минобороны РФ сообщило, что ВСУ атаковали ...". A speaker (a side word or a
# military institution, a few words, a speech verb, "that") or an "according to ..." clause is removed
# before the actor words are read. The words between speaker and verb may not themselves report an
# action ("Russian forces struck the city governor said" keeps its actor).
_SPEECH_VERB = (
    r"(?:reported|reports|said|says|stated|states|claimed|claims|announced|wrote|noted|confirmed|"
    r"повідоми\w*|повідомля\w*|заяви\w*|заявля\w*|стверджу\w*|пише|написа\w*|підтверди\w*|"
    r"сообщи\w*|сообща\w*|утвержда\w*|пишет|подтверди\w*)"
)
_ATTRIBUTION_CLAUSE = re.compile(
    r"(?<!\w)(?P<speaker>(?:the\s+)?(?:ukrainian|russian|ukraine's|russia's|kremlin|general\s+staff|"
    r"генштаб\w*|генеральн\w*\s+штаб\w*|міноборони|минобороны|українськ\w*|російськ\w*|украинск\w*|"
    r"российск\w*)(?:\s+[\w'-]+){0,5}?)\s+" + _SPEECH_VERB + r"(?!\w)(?:\s+(?:that|що|что))?,?"
    r"|(?:according\s+to|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации))\s+[^,.;:]{0,80}[,.;:]?"
    r"|^\s*(?:минобороны|міноборони|генштаб\w*|сбу|sbu)[^:.]{0,20}:",
)


# Words one of which every attribution clause contains: a text with none of them has no clause, and the
# clause regex (an alternation with no first character to skip ahead to) need not walk it.
_ATTRIBUTION_CUES = _Lexicon.of(
    _SPEECH_VERB + r"|according\s+to|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации)"
    r"|минобороны|міноборони|генштаб|сбу|sbu"
)


# Where a clause can start: "the" before a speaker word, a speaker word, or the opening of "according to" /
# "за даними" / "по данным" (the third alternative is anchored at the start). None of these contains the start of
# another, so finding them without overlap finds them all. A regex opening with a lookbehind is tried at every
# character; this one opens with literals, which the engine skips ahead to.
_SPEAKER_START = r"ukrain|russia|kremlin|general|генштаб|генеральн|міноборони|минобороны|українськ|російськ|украинск|российск"
_CLAUSE_START = re.compile(r"the(?=\s+(?:" + _SPEAKER_START + r"))|" + _SPEAKER_START + r"|according|за|по")


def _without_attribution(t: str) -> str:
    """Lower-cased ``t`` with its speaker clauses blanked out (see ``_ATTRIBUTION_CLAUSE``).

    The same as ``_ATTRIBUTION_CLAUSE.sub``: leftmost clauses first, none overlapping, but the clause regex is
    only tried where ``_CLAUSE_START`` says one can start, about 3 times faster."""
    def blank(m: re.Match[str]) -> str:
        speaker = m.group("speaker") or ""
        if speaker and (_STRIKE.search(speaker) or _BATTLE.search(speaker)):
            return m.group(0)  # "Russian forces shelled the city, officials said": the speaker slot holds the act
        return " "
    match = _ATTRIBUTION_CLAUSE.match  # a lookbehind still sees the text before the position it starts at
    out: list[str] = []
    last = 0
    m = match(t, 0)
    if m is not None:
        out.append(blank(m))
        last = m.end()
    for c in _CLAUSE_START.finditer(t, last):
        p = c.start()
        if p < last:
            continue
        m = match(t, p)
        if m is not None:
            out.append(t[last:p])
            out.append(blank(m))
            last = m.end()
    if not out:
        return t
    out.append(t[last:])
    return "".join(out)


def _first_actor(t: str, lowered: bool = False) -> str:
    """The side whose actor words come first in ``t``. ``lowered``: ``t`` is a lower-cased copy with clauses
    blanked out, seen once, for which the two regexes cost less than the prefilter's scan."""
    if lowered:
        ru, ua = _RU_ACTOR.search_lower(t), _UA_ACTOR.search_lower(t)
    else:
        ru, ua = _RU_ACTOR.search(t), _UA_ACTOR.search(t)
    if ru and ua:
        return "RU" if ru.start() < ua.start() else "UA"
    return "RU" if ru else "UA" if ua else "unknown"


# A side word that owns the thing hit names the target, not the actor: "склад боєприпасів окупантів",
# "ворожий склад", "аэродромы ВСУ", "российскую технику". With no other actor named, the other side struck.
_OWNED_OBJECT = (
    r"(?:склад\w*|аеродром\w*|аэродром\w*|позиці\w*|позици\w*|техні\w*|техник\w*|колон\w*|нафтопровід\w*|"
    r"нефтепровод\w*|нафтобаз\w*|нефтебаз\w*|штаб\w*|командн\w*\s+пункт\w*|пункт\w*\s+управлін\w*|пункт\w*\s+управлени\w*)"
)
# "Russian military bases", "Ukrainian positions": in English the owner stands before the object.
_OWNED_OBJECT_EN = (
    r"(?:bases?|positions?|(?:ammunition\s+)?depots?|warehouses?|command\s+posts?|headquarters|airfields?|air\s*bases?"
    r"|strongholds?|concentrations?|equipment|ships?|vessels?|fuel\s+depots?|oil\s+depots?)"
)
_OWNED_EN = re.compile(r"(?<!\w)(?P<owner>russian|ukrainian)\s+(?:military\s+|army\s+|forces'?\s+)?" + _OWNED_OBJECT_EN
                       + r"(?!\w)")
_OWNED = re.compile(
    r"(?<!\w)" + _OWNED_OBJECT + r"(?:\s+[\w-]+){0,2}?\s+(?P<owner>окупант\w*|оккупант\w*|ворога|врага|супротивника|росіян|россиян|рф|"
    r"вс\s+рф|зс\s+рф|всу|зсу)(?!\w)"
    r"|(?<!\w)(?P<adj>ворож\w*|вражеск\w*|російськ\w*|российск\w*|українськ\w*|украинск\w*)\s+(?:[\w-]+\s+)?"
    + _OWNED_OBJECT,
)


# Every owned-object phrase names the object.
_OWNED_CUES = _Lexicon.of(_OWNED_OBJECT)
_OWNED_EN_CUES = _Lexicon.of(_OWNED_OBJECT_EN)


def _owner_side(phrase: str) -> str:
    return "UA" if re.search(r"всу|зсу|україн|украин|ukrain", phrase, re.I) else "RU"


@lru_cache(maxsize=256)
def _side_of_actors(t: str) -> str:
    """The side named first as an actor ("Russian forces ...", "ЗСУ ..."), or unknown. Actor words in a
    speaker clause count only when the rest of the text names no side at all ("Генштаб ЗСУ повідомляє
    про удари по НПЗ" is still a Ukrainian strike); side words owning the target ("склад ВСУ") only say
    that the other side struck."""
    low = t.lower()  # the clause patterns are lower case: about 3x faster than re.I
    stripped = _without_attribution(low) if _ATTRIBUTION_CUES.may_match(t) else low
    # The regexes walk the whole text: they run only where their objects occur at all.
    owned = [rx for rx, cues in ((_OWNED_EN, _OWNED_EN_CUES), (_OWNED, _OWNED_CUES)) if cues.may_match(t)]
    found = sorted((m.start(), next(g for g in m.groups() if g)) for rx in owned for m in rx.finditer(stripped))
    owners = [owner for _, owner in found]
    for rx in owned:
        stripped = rx.sub(" ", stripped)
    side = _first_actor(stripped, lowered=True) if stripped != low else "unknown"
    if side == "unknown" and owners:
        side = _other(_owner_side(owners[0]))
    return side if side != "unknown" else _first_actor(t)


def actor_side(text: str) -> str:
    """The side a text names as acting ("Russian forces ...", "ЗСУ ..."), "RU"/"UA", or "unknown"."""
    return _side_of_actors(straight(text))


def _other(side: str) -> str:
    return {"RU": "UA", "UA": "RU"}.get(side, "unknown")


def _strike_sides(t: str, targets: tuple[str, ...]) -> tuple[str, str]:
    side = _side_of_actors(t)
    if side == "unknown":
        held = _RU_PLACE.search(t) or _RU_PLACE_TITLE.search(t) or _OCCUPIED.search(t)
        side = "UA" if held else "RU"
    civil = "civilians" in targets or any(x in _TARGETS_CIVIL for x in targets)
    if civil and "military" not in targets:
        return side, "civilians"
    return side, _other(side)


_STRIKE_ON = _Lexicon.of(r"\b(?:strikes?|struck|удар\w*)\s+(?:on|at|по)\b")  # "strikes on ...": not a battle
_REPEL = _Lexicon.of(r"repel|repuls|відбил|відбит|отразил|отбил")
_TODAY = _Lexicon.of(r"\b(?:today|overnight|yesterday|вчора|сьогодні|вчера|сегодня)\b")


# The cue lexicons of ``classify``, in the order it unpacks them: one list, so the fast path's mask
# (``_cue_mask``) cannot miss a cue the slow path reads.
_EVENT_CUES = (_STRIKE, _BATTLE, _INTERCEPT, _AGREEMENT, _ARREST, _PROTEST, _ABDUCT, _SEXUAL, _VAC, _LOOT,
               _CAPTURE, _LIBERATE, _CYBER, _WITHDRAW, _CHEM)
_CUE_GROUP = LexiconGroup(_EVENT_CUES)


@lru_cache(maxsize=1)
def _cue_mask() -> int:
    """Prefilter bits of every lexicon that can make a sentence an event (cues, weapons), or -1 (all bits)
    if one of them runs without a prefilter."""
    mask = 0
    for lex in (*_EVENT_CUES, _GENERIC_SHELLING, *_WEAPON_RX.values()):
        if not lex._bit:
            return -1
        mask |= lex._bit
    return mask


def classify(text: str, lang: str) -> Classification | None:
    """ACLED type/sub-type, weapons, targets, sides and an event score; None when no event is reported."""
    t = straight(text)
    sc = _scan(t)
    if not sc[1] & _cue_mask():
        # No cue or weapon lexicon can match (about half of all sentences): only a development is possible.
        if _STRATEGIC_OTHER.search_scanned(sc):
            return Classification("Strategic developments", "Other", initiator=_side_of_actors(t), score=0.35)
        return None
    cues: list[re.Match[str] | None] = [None] * len(_EVENT_CUES)
    for i in _CUE_GROUP.may_match(sc):
        cues[i] = _EVENT_CUES[i]._re.search(sc[0])
    (strike, battle, intercept, agreement, arrest, protest, abduct, sexual, vac, loot, capture, liberate, cyber,
     withdraw, chem) = cues
    weapons = _weapons(t)
    if not (strike or battle or intercept or agreement or arrest or protest or abduct or sexual or vac or loot
            or capture or liberate or cyber or withdraw or chem or weapons):
        if _STRATEGIC_OTHER.search(t):
            return Classification("Strategic developments", "Other", initiator=_side_of_actors(t), score=0.35)
        return None
    # Forecasts, assessments and history: an event only with a past-tense verb outside the hedge.
    hedged = bool(_HEDGE.search(t)) or bool(_HISTORY.search(t))
    if _HISTORY.search(t) and not _TODAY.search(t):
        return None
    if hedged and not _PAST.search(t):
        return None
    score = 0.85 if not hedged else 0.55
    if _ANALYSIS.search(t) and not _IMPACT.search(t):
        # Commentary about strikes ("discussed the strikes", "strike groups", "експерт про удар") reports
        # none; a sentence that also names harm or damage still does.
        score -= ANALYSIS_PENALTY
    # Daily loss tallies ("Russia lost 1,200 personnel") are not one incident.
    if _LOSSES.search(t) and not (strike and _IMPACT.search(t)) and not battle:
        return None
    # Totals since the war began, habitual shelling, front-line deaths told as obituaries, investigations.
    if _NOT_INCIDENT.search(t):
        return None
    actor = _side_of_actors(t)
    cas_civil = bool(_CIVILIANS.search(t))

    def make(et: str, st: str, init: str, tside: str, s: float, targets: tuple[str, ...] | None = None) -> Classification:
        tg = targets if targets is not None else _targets(t, cas_civil)
        return Classification(et, st, weapons, tg, init, tside, round(max(0.0, min(1.0, s)), 3))

    if agreement and not (_VIOLATION.search(t) and (strike or battle)):
        return make("Strategic developments", "Agreement", actor if actor != "unknown" else "other", "other", score, ())
    if cyber and not (strike and weapons != ("cyber",)):
        side = actor if actor != "unknown" else ("UA" if _RU_PLACE.search(t) else "RU")
        return make("Strategic developments", "Other", side, _other(side), score - 0.1)
    if protest and not strike:
        sub = "Protest with intervention" if _PROTEST_INTERVENE.search(t) else "Peaceful protest"
        return make("Protests", sub, "other", "unknown", score, ())
    if sexual:
        return make("Violence against civilians", "Sexual violence", actor if actor != "unknown" else "RU", "civilians", score)
    if abduct:
        return make("Violence against civilians", "Abduction/forced disappearance",
                    actor if actor != "unknown" else "RU", "civilians", score)
    if arrest and not (strike and _IMPACT.search(t)):
        if actor == "RU" and re.search(r"occup|окуп|оккуп", t, re.I):
            return make("Violence against civilians", "Abduction/forced disappearance", "RU", "civilians", score)
        side = "UA" if re.search(r"\b(?:sbu|сбу|police|поліці|нацпол|ukrainian)", t, re.I) else (
            "RU" if re.search(r"\b(?:fsb|фсб|russian|российск|полици)", t, re.I) else actor)
        return make("Strategic developments", "Arrests", side, "unknown", score - 0.05, ())
    if vac and not intercept:
        return make("Violence against civilians", "Attack", actor if actor != "unknown" else "RU", "civilians", score)
    if loot:
        return make("Strategic developments", "Looting/property destruction", actor if actor != "unknown" else "RU",
                    "civilians", score - 0.05)
    if liberate or capture:
        in_russia = bool(_RU_PLACE.search(t))
        if liberate and not (actor == "RU" and lang == "ru" and not in_russia):
            side = actor if actor != "unknown" else ("RU" if in_russia else "UA")
        else:
            side = actor if actor != "unknown" else ("UA" if in_russia else "RU")
        # A government retaking ground in its own country "regains"; a foreign force "overtakes".
        regains = (side == "UA" and not in_russia) or (side == "RU" and in_russia)
        sub = "Government regains territory" if regains else "Non-state actor overtakes territory"
        return make("Battles", sub, side, _other(side), score)
    if intercept and not _IMPACT.search(t) and not battle:
        # ACLED: the interceptor carries out a disrupted-weapons event. Over Russia/Crimea, or when the
        # weapons are named Ukrainian ("украинских беспилотников"), Russia intercepted; otherwise Ukraine.
        side = "RU" if (_RU_PLACE.search(t) or _UA_WEAPON.search(t)) else "UA"
        return make("Strategic developments", "Disrupted weapons use", side, _other(side), score - 0.05, ())
    if battle and not _STRIKE_ON.search(t):
        init = actor
        if _REPEL.search(t):
            init = _other(actor) if actor != "unknown" else "RU"
        return make("Battles", "Armed clash", init, _other(init), score, None)
    if chem:
        init, tside = _strike_sides(t, ())
        return make("Explosions/Remote violence", "Chemical weapon", init, tside, score)
    if _SUICIDE.search(t):
        return make("Explosions/Remote violence", "Suicide bomb", "unknown", "unknown", score)
    if strike or weapons:
        targets = _targets(t, cas_civil)
        init, tside = _strike_sides(t, targets)
        air = {"drone", "shahed", "fpv_drone", "aircraft", "guided_bomb"}
        ground = {"missile", "ballistic_missile", "cruise_missile", "artillery", "mlrs"}
        if "mine_ied" in weapons and not (set(weapons) & (air | ground)):
            sub = "Remote explosive/landmine/IED"
        elif set(weapons) & air and not set(weapons) & ground:
            sub = "Air/drone strike"
        elif set(weapons) & ground:
            sub = "Shelling/artillery/missile attack"
        elif _GRENADE.search(t):
            sub = "Grenade"
        else:
            sub = "Shelling/artillery/missile attack"
        s = score if (weapons or targets or _IMPACT.search(t)) else score - 0.25
        if not weapons and not targets and strike and all(_NOMINAL.match(m.group(0)) for m in _STRIKE.finditer(t)):
            s -= 0.2  # "the destruction of Mariupol", "possible damage to two ships": no incident named
        if not strike:
            s -= 0.2  # a weapon named with no strike verb ("HIMARS deliveries") is weak evidence
        return make("Explosions/Remote violence", sub, init, tside, s, targets)
    if withdraw:
        return make("Strategic developments", "Non-violent transfer of territory", actor, _other(actor), 0.45, ())
    return None
