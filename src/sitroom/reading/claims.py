"""Who says it and how sure it is: claimant, claimant type and claim status of an event report.

Status, strongest cue first (docs/coding-rules.md lists each rule with an example):

- ``denied``: the party named denies it ("denied", "заперечили", "опроверг", "fake").
- ``unconfirmed``: the text says it is not verified ("have not been independently confirmed", "could not
  verify", "не підтверджено", "не подтверждено", "reportedly", "нібито", "якобы"), or the only source is
  a milblogger / anonymous channel ("according to Russian military bloggers").
- ``claimed``: one side claims it ("claimed", "стверджує", "заявил"), or a belligerent's military speaks
  about the other side's losses (Russian MoD, Ukraine's General Staff).
- ``confirmed``: "confirmed", "підтвердив", "подтвердил", "geolocated footage".
- ``reported``: everything else (a governor or outlet telling what happened).

The claimant is the first named speaker: a known institution ("Russian Ministry of Defence", "General
Staff", "Kharkiv governor"), an outlet or channel, or the name before/after "said"/"according to".
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitroom.models import Claim
from sitroom.reading.lexicon import LexiconGroup, _Lexicon, scan

# (pattern, canonical claimant, claimant_type); checked in order, first hit wins.
_KNOWN: list[tuple[str, str, str]] = [
    # Russian officials
    (r"russian\s+(?:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry|mod)\b|\bmod\s+of\s+russia"
     r"|міноборони\s+рф|міноборони\s+росії|минобороны\s+(?:рф|росси)|мо\s+рф", "Russian Ministry of Defence", "official_ru"),
    (r"kremlin|peskov|кремл|песков|пєсков", "Kremlin", "official_ru"),
    (r"gladkov|гладков", "Belgorod governor", "official_ru"),
    (r"khinshtein|хінштейн|хинштейн|smirnov\b|смирнов", "Kursk governor", "official_ru"),
    (r"bogomaz|богомаз", "Bryansk governor", "official_ru"),
    (r"saldo|сальдо|balitsky|балицк|pushilin|пушилин|пушилін|razvozhayev|развожаев|аксенов|aksyonov|pasechnik|пасечник",
     "Russian-appointed occupation official", "official_ru"),
    (r"(?:belgorod|kursk|bryansk|voronezh|rostov)\s+(?:region(?:al)?\s+)?governor|governor\s+of\s+(?:the\s+)?"
     r"(?:belgorod|kursk|bryansk|voronezh|rostov)|губернатор\w*\s+(?:белгородск|курск|брянск|воронежск|ростовск)",
     "Russian regional governor", "official_ru"),
    # milbloggers and channels
    (r"rybar|рыбарь|рибар", "Rybar", "milblogger"),
    (r"wargonzo|варгонзо", "WarGonzo", "milblogger"),
    (r"two\s+majors|два\s+майора", "Two Majors", "milblogger"),
    (r"milblogger|military\s+blogger|воєнкор|военкор"
     r"|z-?channels?|z-?канал|мілблогер|милблогер", "Russian milbloggers", "milblogger"),
    (r"deepstate|дипстейт|діпстейт", "DeepState", "social"),
    # Ukrainian officials
    (r"general\s+staff|генштаб|генеральн\w+\s+штаб", "General Staff of the Armed Forces of Ukraine", "official_ua"),
    (r"(?:ukrainian\s+)?air\s+force|повітрян\w+\s+сил|воздушн\w+\s+сил", "Ukrainian Air Force", "official_ua"),
    (r"zelensk|зеленськ|зеленск", "President Zelensky", "official_ua"),
    (r"(?:ukraine's\s+|ukrainian\s+)?(?:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry)|міноборони|мінoборони",
     "Ukrainian Ministry of Defence", "official_ua"),
    (r"\bsbu\b|\bсбу\b|security\s+service\s+of\s+ukraine", "SBU", "official_ua"),
    (r"prosecutor|прокурат|прокурор", "Prosecutor's Office", "official_ua"),
    (r"state\s+emergency\s+service|\bdsns\b|\bдснс\b|rescuers|рятувальник", "State Emergency Service", "official_ua"),
    (r"national\s+police|police|поліці|полиция|полиции", "Police", "official_ua"),
    (r"ukrenergo|укренерго|naftogaz|нафтогаз|dtek|дтек|ukrzaliznytsia|укрзалізниц", "Ukrainian state company",
     "official_ua"),
    (r"(?:oblast|regional|city)\s+(?:military\s+)?(?:administration|governor|head|mayor)|governor|mayor"
     r"|\bова\b|\bода\b|\bмва\b|військов\w+\s+адміністрац|голов\w+\s+\w+\s+ова|очільник|\bмер(?:а|ом|у|ії)?\b|міськ\w+\s+голов"
     r"|начальник\w*\s+\w+\s+ова|губернатор",
     "local authorities", "official_ua"),
    (r"southern\s+(?:defen[cs]e\s+)?forces|сил\w*\s+оборони\s+півдня|operational\s+command|оперативн\w+\s+командуванн"
     r"|spokesperson\s+for\s+the\s+\w+\s+group|угрупован|brigade|бригад|ukrainian\s+military\s+(?:sources|officials)"
     r"|\bок\s+[\"«]?(?:юг|південь)|оперативн\w+\s+командовани", "Ukrainian military", "official_ua"),
    # international
    (r"\biaea\b|\bмагате\b|\bun\b|united\s+nations|\bоон\b|ohchr|hrmmu|\bicrc\b|red\s+cross|червон\w+\s+хрест"
     r"|красн\w+\s+крест|nato|нато", "international organisation", "international"),
    (r"pentagon|white\s+house|state\s+department|u\.s\.\s+officials|us\s+officials|british\s+(?:defen[cs]e\s+)?"
     r"intelligence|uk\s+ministry\s+of\s+defen[cs]e", "foreign government", "official_other"),
    # media
    (r"reuters|associated\s+press|\bap\b|\bafp\b|bbc|cnn|new\s+york\s+times|washington\s+post|kyiv\s+independent"
     r"|ukrainska\s+pravda|українськ\w+\s+правд|suspilne|суспільне|ukrinform|укрінформ|unian|унiан|уніан|тасс|tass"
     r"|риа\s+новости|ria\s+novosti|interfax|интерфакс|інтерфакс|meduza|медуза|hromadske|громадське|rbc|рбк",
     "news media", "media"),
    (r"telegram|телеграм|social\s+media|соцмереж|соцсет|eyewitness|очевид|local\s+residents|місцев\w+\s+жител"
     r"|местн\w+\s+жител|public(?:ly)?\s+available\s+footage", "social media", "social"),
]
# Matched on lower-cased text without re.I: about twice as fast for alternations this long (the patterns
# are all lower case). As lexicons they share classify's literal prefilter: one Aho-Corasick pass per text
# tells which of these ~30 patterns can match at all, and only those run.
_KNOWN_RX = [(_Lexicon.of(p), name, kind) for p, name, kind in _KNOWN]
_KNOWN_GROUP = LexiconGroup(rx for rx, _, _ in _KNOWN_RX)

# Status cues: lower-case patterns matched on lower-cased text (same prefilter as above).
_DENIED = _Lexicon.of(
    r"\bden(?:y|ied|ies|ial)\b|refuted|заперечи|заперечу|спростува|опроверг|отрица|\bfake\b|фейк"
)
_UNCONFIRMED = _Lexicon.of(
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:independently\s+)?(?:confirmed|verified)|unconfirmed|unverified"
    r"|could\s+not\s+(?:independently\s+)?(?:confirm|verify)|cannot\s+(?:independently\s+)?(?:confirm|verify)"
    r"|unable\s+to\s+(?:independently\s+)?(?:confirm|verify)|reportedly|allegedly|purportedly"
    r"|не\s+(?:було\s+)?підтвердж|не\s+підтверджен|не\s+подтвержд|нібито|начебто|якобы|предположительно"
    r"|ймовірн|імовірн|вероятн|по\s+неподтвержденн|за\s+непідтвердженими"
)
# "likely" hedges an event only where it stands before a past-tense verb ("Ukrainian forces likely struck
# ..."), not in forecasts ("will likely continue", "are likely to") and not in ISW's own assessment
# phrasing ("ISW assesses that ...", "likely intended to"), which would make every analysis line unconfirmed.
_LIKELY_EVENT = _Lexicon.of(
    r"(?<!will\s)(?<!would\s)(?<!are\s)(?<!is\s)(?<!be\s)(?<!most\s)\b(?:likely|probably)\s+"
    r"(?:\w+ed|struck|hit|shot|fought|took|overran|blew\s+up)\b(?!\s+to\b)"
)
_ASSESSMENT = _Lexicon.of(r"\bassess(?:es|ed)?\b|\bwe\s+assess|\bisw\b")
_CLAIMED = _Lexicon.of(
    r"\bclaim(?:s|ed|ing)?\b|asserted|стверджу|заяви(?:в|ла|ли)|заявля|заявил|заявляет|утвержда|"
    r"according\s+to\s+(?:the\s+)?russian|за\s+даними\s+рос|по\s+данным\s+(?:российск|минобороны)"
)
_CONFIRMED = _Lexicon.of(
    r"\bconfirm(?:s|ed|ing)?\b|geolocated|геолокац|підтверди(?:в|ла|ли)|підтверджу|подтверди(?:л|ла|ли)|подтвержда"
)
# "according to X", "X said", "за даними X", "повідомив X", "сообщил X".
_SPEAKER = re.compile(
    r"(?:according\s+to|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации)|як\s+повідомля\w*"
    r"|как\s+сообщ\w*)\s+(?:the\s+)?(?P<a>[^,.;:\n]{3,60})"
    r"|(?P<b>(?:[A-ZА-ЯІЇЄҐ][\w'’-]+\s+){0,4}[A-ZА-ЯІЇЄҐ][\w'’-]+)\s+(?:said|says|reported|stated|wrote|told)\b"
    r"|(?:said|reported|stated|wrote)\s+(?P<c>(?:[A-Z][\w'’-]+\s+){0,4}[A-Z][\w'’-]+)",
)
_ONE_SIDE = frozenset({"official_ru", "milblogger"})
_MILITARY_UA = frozenset({"General Staff of the Armed Forces of Ukraine", "Ukrainian military"})
# A belligerent's own military speaking: what it says about the other side's losses, attacks it repelled
# or its own strikes is that side's claim (ISW, ACLED: "according to the General Staff").
_BELLIGERENT_MILITARY = frozenset({*_MILITARY_UA, "Russian Ministry of Defence", "SBU"})
_LOSS_WORDS = _Lexicon.of(
    r"destroy|eliminat|liquidat|shot\s+down|знищ|ліквід|уничтож|ликвид|сбит|збит|neutrali[sz]|поразил|уразил|уражен"
    r"|вразил|вражен|поражен"
)
# Combat actions a military report is about (assaults, strikes, repelled attacks).
_ACTION_WORDS = _Lexicon.of(
    r"assault|attack|struck|strike|shell|repel|launched|удар|атак|обстріл|обстрел|штурм|відбил|отбил|отразил"
)


_LOCAL_ROLE = re.compile(
    r"(?P<place>[A-Z][\w'’-]+)\s+(?:(?:Oblast|regional|Regional|city|City)\s+)?(?:(?:Military\s+)?Administration\s+head"
    r"|[Gg]overnor|[Mm]ayor|[Hh]ead)\b"
    r"|(?P<role>[Gg]overnor|[Mm]ayor|[Hh]ead)\s+of\s+(?:the\s+)?(?P<place2>[A-Z][\w'’-]+)"
)


def _local_title(text: str) -> str | None:
    """ "Kharkiv Governor Oleh Syniehubov" -> "Kharkiv governor"; "mayor of Odesa" -> "Odesa mayor"."""
    m = _LOCAL_ROLE.search(text)
    if not m:
        return None
    if m.group("place"):
        role = m.group(0)[len(m.group("place")) :].split()[-1].lower()
        return f"{m.group('place')} {role}"
    return f"{m.group('place2')} {m.group('role').lower()}"


# A named governor outranks the generic "Belgorod governor" title that usually stands in front of the name.
_NAMED_GOVERNORS = frozenset({"Belgorod governor", "Kursk governor", "Bryansk governor"})


@lru_cache(maxsize=2048)
def _known(text: str) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    scanned = scan(text)
    for i in _KNOWN_GROUP.may_match(scanned):
        rx, name, kind = _KNOWN_RX[i]
        m = rx.search_scanned(scanned)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name, kind)
    if best and best[1] == "Russian regional governor":
        named = next((n for rx, n, _ in _KNOWN_RX if n in _NAMED_GOVERNORS and rx.search(text)), None)
        if named:
            return named, "official_ru"
    return (best[1], best[2]) if best else None


# Every speaker phrase holds one of these: without them the speaker regex (which tries a run of capitalised
# words at every capital letter) need not run.
_SPEAKER_CUES = _Lexicon.of(
    r"according\s+to|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации)|як\s+повідомля"
    r"|как\s+сообщ|said|says|reported|stated|wrote|told"
)


def _speaker(text: str) -> str | None:
    if not _SPEAKER_CUES.may_match(text):
        return None
    m = _SPEAKER.search(text)
    if not m:
        return None
    name = (m.group("a") or m.group("b") or m.group("c") or "").strip()
    return name or None


def claimant_of(text: str) -> tuple[str | None, str]:
    """The speaker named in ``text`` and its claimant type ("unknown" when nobody is named)."""
    known = _known(text)
    if known:
        if known[0] == "local authorities":
            # "губернатор ... Гладков": a named Russian official outranks the generic title.
            ru = next((name for rx, name, kind in _KNOWN_RX if kind == "official_ru" and rx.search(text)), None)
            if ru:
                return ru, "official_ru"
            name = _speaker(text)
            titled = name if name and re.match(r"(?:Mayor|Governor|Head)\s", name) else None
            return _local_title(text) or titled or known[0], known[1]
        return known
    name = _speaker(text)
    if name:
        sub = _known(name)
        return (name, sub[1]) if sub else (name, "unknown")
    return None, "unknown"


def claim_from_source(source: str | None) -> Claim:
    """Fallback when the text names nobody: the outlet or channel that published it is the claimant."""
    if not source or source == "unknown":
        return Claim()
    known = _known(source)
    kind = known[1] if known else ("social" if source.lower().startswith(("telegram", "t.me", "tg:")) else "media")
    return Claim(status="unconfirmed" if kind == "milblogger" else "reported", claimant=source, claimant_type=kind)


def extract_claim(text: str, lang: str = "en", source: str | None = None) -> Claim:
    """Claim of one incident's text. ``source`` is only used by ``claim_from_source``; the claimant here
    is whoever the text itself names (None when nobody is)."""
    del lang, source  # the cue lists are trilingual; kept for a uniform stage signature
    return _claim(text)


def _hedged_event(text: str) -> bool:
    """The event itself is hedged ("Ukrainian forces likely struck ..."), outside ISW's assessment phrasing."""
    return bool(_LIKELY_EVENT.search(text)) and not _ASSESSMENT.search(text)


def _military_report(text: str, claimant: str | None) -> bool:
    """A belligerent's military (named anywhere, not only first) reporting losses or combat actions."""
    mil = claimant in _BELLIGERENT_MILITARY or any(
        name in _BELLIGERENT_MILITARY and rx.search(text) for rx, name, _ in _KNOWN_RX
    )
    return mil and bool(_LOSS_WORDS.search(text) or _ACTION_WORDS.search(text))


@lru_cache(maxsize=1024)
def _claim(text: str) -> Claim:
    """``extract_claim`` of one text, cached: the event stage asks again for the paragraph of every
    incident in it (Claim is frozen, so sharing it is safe)."""
    claimant, kind = claimant_of(text)
    if _DENIED.search(text):
        status = "denied"
    elif _UNCONFIRMED.search(text) or kind == "milblogger" or _hedged_event(text):
        status = "unconfirmed"
    elif _CLAIMED.search(text) or (
        (kind in _ONE_SIDE or claimant in _MILITARY_UA) and _LOSS_WORDS.search(text)
    ) or _military_report(text, claimant):
        status = "claimed"
    elif _CONFIRMED.search(text):
        status = "confirmed"
    else:
        status = "reported"
    return Claim(status=status, claimant=claimant, claimant_type=kind)
