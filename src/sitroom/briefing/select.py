"""Stage 7: the daily briefing an analyst would sign, from the merged events of one day.

Why it is built this way:

- Every sentence comes ONLY from extracted fields (type, weapons, targets, place, figures, claimant and
  status); the original-language evidence sentence is quoted under it, so every figure can be checked
  against its quote and links. Nothing is generated freely.
- Sections follow the order analysts write roundups in (fronts north-east to south, the rear, Russia's
  border regions, Crimea, the rest of Russia), then themes that cut across places (strikes on energy,
  air attacks and air defence, cyber, diplomacy and politics). Each event appears exactly once: the first
  matching theme takes it, otherwise its oblast does.
- Items rank by severity (killed*3 + injured), then by independent sources, then by claim strength.
- "Nothing twice": links are deduplicated by (source, url) and "a|b" URL lists are split; a sentence
  quoted once is never quoted again; an item that repeats an earlier item's headline with only quotes
  already shown is folded into it (its sources are added).
- Events of earlier days appear only when a report published on the day updates them, in a separate
  "Background" section, marked with their own date.

``render`` gives Markdown, self-contained printable HTML (no scripts, all source text escaped) or JSON;
``render_atom`` gives an Atom feed of daily briefings. The same store gives byte-identical output.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from sitroom.incidents.merge import STATUS_RANK, severity

# Longest evidence quote shown per item, cut at a word boundary (the full text stays in the store and the
# API). 280 characters holds one long news sentence; longer quotes hide the figure the reader checks.
MAX_QUOTE_CHARS = 280
# How many days back an incident can be and still appear as background when a report on the day updates it.
BACKGROUND_DAYS = 3
# Most severe items named in the top summary.
SUMMARY_TOP = 3
# Most targets named in a headline; extraction sometimes lists every noun of a long report.
MAX_TARGETS = 3

# (key, title) in roundup order: fronts north-east to south, the rear, Russia, then themes.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("kharkiv", "Kharkiv"),
    ("donetsk", "Donetsk"),
    ("luhansk", "Luhansk"),
    ("zaporizhia", "Zaporizhzhia"),
    ("kherson", "Kherson"),
    ("dnipropetrovsk", "Dnipropetrovsk"),
    ("sumy", "Sumy"),
    ("chernihiv", "Chernihiv"),
    ("kyiv", "Kyiv and Kyiv City"),
    ("odesa", "Odesa and Mykolaiv"),
    ("other_ua", "Rest of Ukraine"),
    ("ru_border", "Russia's border regions (Belgorod, Kursk, Bryansk)"),
    ("crimea", "Crimea"),
    ("ru_rest", "Rest of Russia"),
    ("theme_energy", "Strikes on energy and infrastructure"),
    ("theme_air", "Air attacks and air defence"),
    ("theme_cyber", "Cyber"),
    ("theme_diplomacy", "Diplomacy and politics"),
    ("dev_diplomacy", "Developments: diplomacy and talks"),
    ("dev_support", "Developments: international support"),
    ("dev_sanctions", "Developments: sanctions"),
    ("dev_politics", "Developments: politics and government"),
    ("elsewhere", "Elsewhere / location not given"),
    ("background", "Background: updates on earlier events"),
)
_SECTION_ORDER = {k: i for i, (k, _) in enumerate(SECTIONS)}
_SECTION_TITLE = dict(SECTIONS)
# Spellings seen in ACLED, CIR, GeoNames and transliterations, folded to the section keys.
_ADMIN1_ALIASES = {
    "kharkiv": "kharkiv",
    "kharkov": "kharkiv",
    "donetsk": "donetsk",
    "donets'k": "donetsk",
    "luhansk": "luhansk",
    "luhans'k": "luhansk",
    "lugansk": "luhansk",
    "zaporizhia": "zaporizhia",
    "zaporizhzhia": "zaporizhia",
    "zaporizhzhya": "zaporizhia",
    "zaporozhye": "zaporizhia",
    "zaporizka": "zaporizhia",
    "kherson": "kherson",
    "dnipropetrovsk": "dnipropetrovsk",
    "dnipro": "dnipropetrovsk",
    "dnipropetrovska": "dnipropetrovsk",
    "sumy": "sumy",
    "chernihiv": "chernihiv",
    "chernigov": "chernihiv",
    "kyiv": "kyiv",
    "kyiv city": "kyiv",
    "kiev": "kyiv",
    "kiev city": "kyiv",
    "odesa": "odesa",
    "odessa": "odesa",
    "mykolaiv": "odesa",
    "nikolaev": "odesa",
    "mykolayiv": "odesa",
    "crimea": "crimea",
    "autonomous republic of crimea": "crimea",
    "sevastopol": "crimea",
    "republic of crimea": "crimea",
    "belgorod": "ru_border",
    "kursk": "ru_border",
    "bryansk": "ru_border",
}
# Source codes used by VIINA and common channels -> the name a reader knows. Unknown codes stay as given.
SOURCE_NAMES = {
    "mz": "Mediazona",
    "unian": "UNIAN",
    "nv": "NV",
    "liga": "LIGA.net",
    "24tvua": "24 Kanal",
    "forbesua": "Forbes Ukraine",
    "pravdaua": "Ukrainska Pravda",
    "espreso": "Espreso",
    "ria": "RIA Novosti",
    "tass": "TASS",
    "interfaxua": "Interfax-Ukraine",
    "interfax": "Interfax",
    "meduza": "Meduza",
    "liveuamap": "Liveuamap",
    "ukrinform": "Ukrinform",
    "rbc": "RBC",
    "rbcua": "RBC-Ukraine",
    "censor": "Censor.net",
    "hromadske": "Hromadske",
    "suspilne": "Suspilne",
    "kommersant": "Kommersant",
    "lenta": "Lenta.ru",
    "novayagazeta": "Novaya Gazeta",
    "zn": "ZN.ua",
    "obozrevatel": "Obozrevatel",
}
# Theme triggers. Diplomacy covers the non-violent strategic developments that have no front-line place.
_DIPLOMACY_SUBS = frozenset(
    {"Agreement", "Change to group/activity", "Other", "Non-violent transfer of territory"}
)
_ENERGY_TARGETS = frozenset({"energy"})
_STRIKE_SUBS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})

_INITIATOR = {"RU": "Russian", "UA": "Ukrainian"}
_WEAPON_WORDS = {
    "shahed": "Shahed drones",
    "drone": "drones",
    "fpv_drone": "FPV drones",
    "missile": "missiles",
    "ballistic_missile": "ballistic missiles",
    "cruise_missile": "cruise missiles",
    "guided_bomb": "guided bombs",
    "aircraft": "aircraft",
    "artillery": "artillery",
    "mlrs": "multiple rocket launchers",
    "cluster_munition": "cluster munitions",
    "armor": "armoured vehicles",
    "small_arms": "small arms",
    "mine_ied": "mines/IEDs",
    "cyber": "cyber means",
}
_TARGET_WORDS = {
    "civilians": "civilians",
    "residential": "residential buildings",
    "energy": "energy infrastructure",
    "railway": "railway",
    "transport": "transport",
    "healthcare": "a medical facility",
    "education": "an educational facility",
    "industry": "industrial sites",
    "commercial": "commercial property",
    "government": "government buildings",
    "religious": "a religious site",
    "communications": "communications",
    "military": "military targets",
}
_SUB_PHRASE = {
    "Armed clash": "fighting",
    "Government regains territory": "recapture of territory",
    "Non-state actor overtakes territory": "territorial advance",
    "Chemical weapon": "chemical weapon use",
    "Suicide bomb": "suicide bombing",
    "Remote explosive/landmine/IED": "mine/explosive blast",
    "Grenade": "grenade attack",
    "Sexual violence": "sexual violence",
    "Attack": "attack",
    "Abduction/forced disappearance": "abduction",
    "Peaceful protest": "protest",
    "Protest with intervention": "protest broken up",
    "Excessive force against protesters": "force against protesters",
    "Violent demonstration": "violent demonstration",
    "Mob violence": "mob violence",
    "Agreement": "agreement",
    "Arrests": "arrests",
    "Change to group/activity": "change in activity",
    "Disrupted weapons use": "air-defence interception",
    "Headquarters or base established": "base established",
    "Looting/property destruction": "looting/destruction",
    "Non-violent transfer of territory": "transfer of territory",
    "Other": "development",
}
# Weapons the type phrase already says ("drone strike with drones"); specific kinds (Shahed) still show.
_IMPLIED_WEAPONS = {
    "drone strike": frozenset({"drone"}),
    "missile strike": frozenset({"missile"}),
    "missile attack": frozenset({"missile"}),
    "guided-bomb strike": frozenset({"guided_bomb"}),
    "shelling": frozenset({"artillery"}),
    "rocket attack": frozenset({"mlrs"}),
}
_CLAIMANT_TYPE_WORDS = {
    "official_ua": "Ukrainian officials",
    "official_ru": "Russian officials",
    "official_other": "officials",
    "media": "media",
    "social": "social media",
    "milblogger": "Russian milbloggers",
    "international": "international observers",
}

Format = Literal["md", "html", "json"]


class EventSource(Protocol):
    """What the briefing needs from a store (``sitroom.store.database.Store`` satisfies it)."""

    def events(
        self, date: str | None = None, limit: int = 1000, offset: int = 0, **filters: str | None
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class SourceLink:
    label: str
    url: str | None  # only http(s) URLs; anything else is shown as text, never linked
    doc_id: str
    published: str | None


@dataclass(frozen=True, slots=True)
class BriefingItem:
    event_id: str
    headline: str  # English summary: what, where and figures, from extracted fields only
    status: str  # claimant + status wording + corroboration
    evidence: str  # the original-language evidence sentence (trimmed), "" when already quoted above
    evidence_lang: str
    killed: int | None
    injured: int | None
    severity: int
    sources_count: int
    sources: tuple[SourceLink, ...]
    date: str | None = None
    section: str = "elsewhere"
    figures: str = ""  # "6 killed, 12 injured (civilians)"; "" when no figure was extracted
    revisions: str = ""  # "earlier reports: 4 killed" when the toll changed between reports
    weapons: tuple[str, ...] = ()
    claim_status: str = "reported"
    background: bool = False
    launched: int | None = None
    intercepted: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    items: tuple[BriefingItem, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    date: str
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    events_count: int
    reports_count: int

    @property
    def empty(self) -> bool:
        return self.events_count == 0


def _admin1_key(location: dict[str, Any]) -> str | None:
    admin1 = (location.get("admin1") or "").casefold().replace("’", "'")
    admin1 = re.sub(r"\s+(oblast|oblast'|region|krai|kray|obl\.?)$", "", admin1.strip())
    return _ADMIN1_ALIASES.get(admin1) or _ADMIN1_ALIASES.get(admin1.replace("'", ""))


def section_key(location: dict[str, Any] | None) -> str:
    """Geographic section of a location (themes are decided by ``item_section``)."""
    if not location:
        return "elsewhere"
    key = _admin1_key(location)
    if key:
        return key
    country = location.get("country")
    if country == "UA":
        return "other_ua"
    if country == "RU":
        return "ru_rest"
    return "elsewhere"


def theme_key(ev: dict[str, Any]) -> str | None:
    """The cross-cutting theme an event belongs to, or None: cyber first, then diplomacy, strikes on
    energy, and air attacks/air defence that are not tied to a settlement (country- or region-wide)."""
    weapons = set(ev.get("weapons") or ())
    sub = ev.get("sub_event_type") or ""
    if "cyber" in weapons:
        return "theme_cyber"
    if sub in _DIPLOMACY_SUBS and ev.get("event_type") == "Strategic developments":
        return "theme_diplomacy"
    if sub in _STRIKE_SUBS and _ENERGY_TARGETS & set(ev.get("targets") or ()):
        return "theme_energy"
    loc = ev.get("location")
    wide = not loc or loc.get("geo_precision") == 3
    if sub == "Disrupted weapons use" or (sub == "Air/drone strike" and wide):
        return "theme_air"
    return None


def item_section(ev: dict[str, Any]) -> str:
    return theme_key(ev) or section_key(ev.get("location"))


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _type_phrase(ev: dict[str, Any]) -> str:
    sub = ev["sub_event_type"]
    weapons = set(ev.get("weapons") or ())
    if sub == "Air/drone strike":
        if weapons & {"shahed", "drone", "fpv_drone"}:
            return "drone strike"
        if weapons & {"missile", "ballistic_missile", "cruise_missile"}:
            return "missile strike"
        if "guided_bomb" in weapons:
            return "guided-bomb strike"
        return "air strike"
    if sub == "Shelling/artillery/missile attack":
        if weapons & {"missile", "ballistic_missile", "cruise_missile"}:
            return "missile attack"
        if "mlrs" in weapons:
            return "rocket attack"
        return "shelling"
    return _SUB_PHRASE.get(sub, sub.lower())


def _place_phrase(loc: dict[str, Any] | None) -> str:
    if not loc:
        return ""
    name, admin1 = loc.get("name") or "", loc.get("admin1")
    if loc.get("geo_precision") == 3:
        return f"in {admin1 or name} region"
    where = f"near {name}" if loc.get("geo_precision") == 2 else f"in {name}"
    if admin1 and admin1.casefold() != name.casefold():
        where += f" ({admin1})"
    return where


def figures_phrase(ev: dict[str, Any]) -> str:
    """ "4 killed, 12 injured (civilians)" from the extracted figures; "" when none was extracted (the
    briefing says nothing rather than repeating "no figures" on every line)."""
    parts = []
    if ev.get("killed") is not None:
        parts.append(f"{ev['killed']} killed")
    if ev.get("injured") is not None:
        parts.append(f"{ev['injured']} injured")
    if ev.get("launched") is not None:
        parts.append(f"{ev['launched']} launched")
    if ev.get("intercepted") is not None:
        parts.append(f"{ev['intercepted']} intercepted")
    text = ", ".join(parts)
    if text and ev.get("casualties_civilian") is True and (ev.get("killed") or ev.get("injured")):
        text += " (civilians)"
    return text


def _what_where(ev: dict[str, Any]) -> str:
    actor = _INITIATOR.get(ev.get("initiator") or "", "")
    phrase = _type_phrase(ev)
    text = " ".join(w for w in (actor, phrase) if w)
    text = text[0].upper() + text[1:]
    implied = _IMPLIED_WEAPONS.get(phrase, frozenset())
    weapons = [_WEAPON_WORDS[w] for w in ev.get("weapons") or () if w in _WEAPON_WORDS and w not in implied]
    if weapons:
        text += " with " + _join(weapons)
    targets = [_TARGET_WORDS[t] for t in ev.get("targets") or () if t in _TARGET_WORDS]
    if targets:
        shown = targets[:MAX_TARGETS] + (["other targets"] if len(targets) > MAX_TARGETS else [])
        text += " hitting " + _join(shown)
    place = _place_phrase(ev.get("location"))
    return f"{text} {place}" if place else text


def headline(ev: dict[str, Any]) -> str:
    """One English sentence from the extracted fields only: what, where, and the figures when known."""
    figures = figures_phrase(ev)
    return f"{_what_where(ev)}: {figures}." if figures else f"{_what_where(ev)}."


def source_name(code: str | None) -> str:
    """The reader-facing name of a source code ("mz" -> "Mediazona"); unknown codes unchanged."""
    if not code:
        return ""
    return SOURCE_NAMES.get(code.casefold(), code)


def status_phrase(claim: dict[str, Any]) -> str:
    """Claimant and status in the wording analysts use ("Russian Ministry of Defence claims; not
    independently confirmed")."""
    who = source_name(claim.get("claimant")) or _CLAIMANT_TYPE_WORDS.get(claim.get("claimant_type") or "", "")
    status = claim.get("status", "reported")
    if status == "confirmed":
        return f"Confirmed by {who}." if who else "Confirmed."
    if status == "claimed":
        # Claimant-type words are plural groups ("Russian milbloggers claim"); a named claimant is singular.
        verb = "claims" if claim.get("claimant") or not who else "claim"
        return f"{who or 'A party'} {verb}; not independently confirmed."
    if status == "unconfirmed":
        return f"Not independently confirmed (source: {who})." if who else "Not independently confirmed."
    if status == "denied":
        return f"Denied by {who}." if who else "Denied."
    return f"Reported by {who}." if who else "Reported."


def safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://[^\s<>\"'|]+$", url) else None


def split_urls(url: str | None) -> list[str]:
    """VIINA and some feeds join several links with "|" (or spaces): one entry per link, order kept."""
    if not url:
        return []
    out: list[str] = []
    for part in re.split(r"[|\s]+", url):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def source_links(reports: Iterable[dict[str, Any]]) -> tuple[SourceLink, ...]:
    """One link per distinct (source, url): repeated reports of one page collapse, joined URL lists split.
    A source's link to another site (a Facebook post quoted by Mediazona) is labelled with that site."""
    seen: set[tuple[str, str]] = set()
    out: list[SourceLink] = []
    for r in reports:
        label = source_name(r.get("source")) or r["doc_id"]
        urls = split_urls(r.get("url")) or [""]
        own_host = _host(urls[-1]) if len(urls) > 1 else ""
        for u in urls:
            key = (label, u or "doc:" + r["doc_id"])
            if key in seen or (not u and any(k[0] == label for k in seen)):
                continue
            seen.add(key)
            shown = label
            if u and own_host and _host(u) != own_host:
                shown = f"{label} (via {_host(u)})"
            out.append(
                SourceLink(
                    label=shown,
                    url=safe_url(u) if u else None,
                    doc_id=r["doc_id"],
                    published=r.get("published"),
                )
            )
    return tuple(out)


# Sentence ends: . ! ? … followed by space and an upper-case letter, quote or dash (en/uk/ru).
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[\"«„“—–-]?\s*[A-ZА-ЯЁІЇЄҐ0-9])")
_EVENT_WORDS = re.compile(
    r"strike|struck|shell|attack|explo|drone|missile|rocket|killed|injured|wounded|dead|hit|shot\s+down"
    r"|удар|обстр|атак|вибух|взрыв|дрон|ракет|загин|поранен|убит|ранен|погиб|сбит|збит|бомб|шахед",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+")


def evidence_sentences(text: str) -> list[str]:
    text = " ".join(text.replace("||", " ").split())
    return [s.strip() for s in _SENT_SPLIT.split(text) if s.strip()]


def _sentence_score(sentence: str, ev: dict[str, Any]) -> int:
    """Higher for the sentence that carries the item: its figures, an event word, its place; fragments
    ("There are injured.") and long digressions lose."""
    score = 0
    numbers = {int(n) for n in _NUMBER.findall(sentence) if len(n) < 6}
    for field in ("killed", "injured"):
        if ev.get(field) is not None and ev[field] in numbers:
            score += 3
    if _EVENT_WORDS.search(sentence):
        score += 2
    loc = ev.get("location") or {}
    name = (loc.get("name") or "").casefold()
    if len(name) >= 4 and name[:4] in sentence.casefold():
        score += 1
    if len(sentence) < 40:
        score -= 2
    if len(sentence) > MAX_QUOTE_CHARS:
        score -= 1
    return score


def trim_quote(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(",;:—- ") + " …"


def _candidate_quotes(ev: dict[str, Any]) -> list[tuple[str, str]]:
    """(sentence, lang) candidates, best first: sentences of the latest report whose figures the item shows
    (so "6 killed" is quoted with the sentence that says six), then each report's own evidence in the order
    the reports arrived; within a report the best-scoring sentence first, earlier sentences on ties."""
    figures = (ev.get("killed"), ev.get("injured"))
    lang = ev.get("lang") or "en"
    reports = list(ev.get("reports") or [])
    pools: list[tuple[list[dict[str, Any]], str]] = []
    if figures != (None, None):
        for r in sorted(reports, key=lambda r: r.get("published") or "", reverse=True):
            if (r.get("killed"), r.get("injured")) == figures and r.get("evidence"):
                pools.append((r["evidence"], r.get("lang") or lang))
                break
    pools += [(r.get("evidence") or [], r.get("lang") or lang) for r in reports]
    if not reports:
        pools.append((ev.get("evidence") or [], lang))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for evidence, pool_lang in pools:
        sentences = [s for e in evidence for s in evidence_sentences(e.get("text", ""))]
        order = sorted(range(len(sentences)), key=lambda i: (-_sentence_score(sentences[i], ev), i))
        for i in order:
            key = _norm(sentences[i])
            if key not in seen:
                seen.add(key)
                out.append((sentences[i], pool_lang))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _revisions(ev: dict[str, Any]) -> str:
    """ "earlier reports: 4 killed" when reports changed the toll (history kept, latest credible shown)."""
    history: list[str] = []
    for r in sorted(ev.get("reports", []), key=lambda r: r.get("published") or ""):
        if r.get("status") == "denied" or (r.get("killed") is None and r.get("injured") is None):
            continue
        fig = figures_phrase({"killed": r.get("killed"), "injured": r.get("injured")})
        if fig and (not history or history[-1] != fig):
            history.append(fig)
    current = figures_phrase({"killed": ev.get("killed"), "injured": ev.get("injured")})
    earlier = [h for h in history if h != current]
    return f"earlier reports: {'; '.join(earlier)}" if earlier else ""


def _independent_sources(ev: dict[str, Any], links: Sequence[SourceLink]) -> int:
    n = ev.get("sources_count")
    if n:
        return int(n)
    return len({(r.get("source") or r["doc_id"]) for r in ev.get("reports", [])}) or len(links) or 1


def _status_line(ev: dict[str, Any], n_sources: int) -> str:
    base = status_phrase(ev["claim"])
    base = base[:1].upper() + base[1:]
    if n_sources > 1:
        return f"{base} {n_sources} independent sources."
    return base


def _item(ev: dict[str, Any], used_quotes: set[str], day: str) -> BriefingItem:
    sources = source_links(ev.get("reports") or [ev])
    n_sources = _independent_sources(ev, sources)
    quote, lang = "", ev.get("lang") or "en"
    for sentence, s_lang in _candidate_quotes(ev):
        key = _norm(sentence)
        if key and key not in used_quotes:
            used_quotes.add(key)
            quote, lang = trim_quote(sentence), s_lang
            break
    background = bool(ev.get("date")) and ev.get("date") != day
    return BriefingItem(
        event_id=ev["event_id"],
        headline=headline(ev),
        status=_status_line(ev, n_sources),
        evidence=quote,
        evidence_lang=lang,
        killed=ev.get("killed"),
        injured=ev.get("injured"),
        severity=severity(ev.get("killed"), ev.get("injured")),
        sources_count=n_sources,
        sources=sources,
        date=ev.get("date"),
        section="background" if background else item_section(ev),
        figures=figures_phrase(ev),
        revisions=_revisions(ev),
        weapons=tuple(_WEAPON_WORDS.get(w, w) for w in ev.get("weapons") or ()),
        claim_status=ev["claim"].get("status", "reported"),
        background=background,
        launched=ev.get("launched"),
        intercepted=ev.get("intercepted"),
    )


def _rank_key(ev: dict[str, Any]) -> tuple[int, int, int, str]:
    return (
        -severity(ev.get("killed"), ev.get("injured")),
        -int(ev.get("sources_count") or len(ev.get("reports") or ()) or 1),
        STATUS_RANK.get(ev["claim"].get("status", "reported"), 9),
        ev["event_id"],
    )


def _fold_repeats(items: list[BriefingItem]) -> list[BriefingItem]:
    """An item with the same headline as an earlier one in its section and no new quote is the same story
    told twice (an extraction the merger could not join): add its sources to the first, drop it."""
    out: list[BriefingItem] = []
    by_headline: dict[str, int] = {}
    for it in items:
        i = by_headline.get(it.headline)
        if i is not None and not it.evidence:
            first = out[i]
            extra = tuple(
                s for s in it.sources if (s.label, s.url) not in {(x.label, x.url) for x in first.sources}
            )
            out[i] = replace(first, sources=first.sources + extra)
            continue
        by_headline.setdefault(it.headline, len(out))
        out.append(it)
    return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _short(title: str) -> str:
    return title.split(" (")[0]


def _summary(
    date: str, items: list[BriefingItem], sections: list[Section], n_reports: int
) -> tuple[str, ...]:
    today = [i for i in items if not i.background]
    if not items:
        return (f"No events stored for {date}.",)
    if not today:
        return (f"No new incidents stored for {date}; updates on earlier events below.",)
    sources = {s.label.split(" (via ")[0] for i in today for s in i.sources}
    lines = [
        f"{_n(len(today), 'incident')} on {date} from {_n(n_reports, 'report')} by {_n(len(sources), 'source')}."
    ]
    severe = sorted(
        (i for i in today if i.severity), key=lambda i: (-i.severity, -i.sources_count, i.event_id)
    )
    for it in severe[:SUMMARY_TOP]:
        corroborated = f" ({it.sources_count} sources)" if it.sources_count > 1 else ""
        lines.append(f"Most severe: {it.headline[:-1]}{corroborated}.")
    geo = [s for s in sections if not s.key.startswith("theme_") and s.key not in ("elsewhere", "background")]
    busy = [s for s in geo if len(s.items) > 1]
    busiest = sorted(busy, key=lambda s: (-len(s.items), _SECTION_ORDER[s.key]))[:3]
    if busiest:
        lines.append(
            "Most incidents: " + ", ".join(f"{_short(s.title)} ({len(s.items)})" for s in busiest) + "."
        )
    themes = [s for s in sections if s.key.startswith("theme_")]
    if themes:
        lines.append("Also: " + ", ".join(f"{s.title.lower()} ({len(s.items)})" for s in themes) + ".")
    claims = sum(1 for i in today if i.claim_status in ("claimed", "unconfirmed"))
    if claims:
        lines.append(
            f"{_n(claims, 'item')} {'is a claim' if claims == 1 else 'are claims'} not independently confirmed."
        )
    return tuple(lines)


def _fetch(store: EventSource, date: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    page = 1000
    while True:  # page through: a heavy day can exceed one page
        chunk = store.events(date, limit=page, offset=len(events))
        events.extend(chunk)
        if len(chunk) < page:
            return events


def _background(store: EventSource, date: str) -> list[dict[str, Any]]:
    """Incidents of the previous days that a report published on ``date`` updates (a revised toll)."""
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError:
        return []
    out = []
    for back in range(1, BACKGROUND_DAYS + 1):
        earlier = (day - _dt.timedelta(days=back)).isoformat()
        for ev in _fetch(store, earlier):
            if any(r.get("published") == date for r in ev.get("reports", [])):
                out.append(ev)
    return out


def _development_sections(store: EventSource, date: str) -> list[Section]:
    """Non-violent developments of the day (talks, aid, sanctions, politics) from the stored passages,
    clustered across sources (``developments.py``); none when the store cannot list passages."""
    from sitroom.briefing.developments import find_developments, sources_count

    passages_published = getattr(store, "passages_published", None)
    if passages_published is None:
        return []
    grouped: dict[str, list[BriefingItem]] = {}
    for dev in find_developments(passages_published(date)):
        n = sources_count(dev.reports)
        key = f"dev_{dev.topic}"
        grouped.setdefault(key, []).append(
            BriefingItem(
                event_id=dev.dev_id,
                headline=_SECTION_TITLE[key].split(": ", 1)[1].capitalize() + ".",
                status=f"Reported by {_n(n, 'source')}.",
                evidence=dev.text,
                evidence_lang=dev.lang,
                killed=None,
                injured=None,
                severity=0,
                sources_count=n,
                sources=source_links(dev.reports),
                date=date,
                section=key,
            )
        )
    return [Section(k, _SECTION_TITLE[k], tuple(v)) for k, v in grouped.items()]


def build_briefing(store: EventSource, date: str) -> Briefing:
    """The briefing for ``date`` (YYYY-MM-DD) from the merged events in ``store``."""
    events = sorted(_fetch(store, date), key=_rank_key)
    background = sorted(_background(store, date), key=_rank_key)
    used_quotes: set[str] = set()
    # Items are built most severe first so the best evidence sentence goes to the most important item.
    items = [_item(ev, used_quotes, date) for ev in events + background]
    grouped: dict[str, list[BriefingItem]] = {}
    for it in items:
        grouped.setdefault(it.section, []).append(it)
    sections = [
        Section(key, _SECTION_TITLE[key], tuple(_fold_repeats(group)))
        for key, group in sorted(grouped.items(), key=lambda kv: _SECTION_ORDER[kv[0]])
    ]
    n_reports = sum(len(e.get("reports", [])) for e in events)
    summary = _summary(date, items, sections, n_reports)
    dev_sections = _development_sections(store, date)
    if dev_sections:
        summary = (*summary, "Developments: " + ", ".join(
            f"{s.title.split(': ', 1)[1]} ({len(s.items)})" for s in dev_sections) + ".")
        sections = sorted([*sections, *dev_sections], key=lambda sec: _SECTION_ORDER[sec.key])
    return Briefing(
        date=date,
        summary=summary,
        sections=tuple(sections),
        events_count=len(events),
        reports_count=n_reports,
    )


@lru_cache(maxsize=1)
def jinja_env() -> Environment:
    """The package's Jinja2 environment (autoescaping on for every template); web.py shares it."""
    return Environment(
        loader=PackageLoader("sitroom.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _md_text(text: str) -> str:
    # Markdown renderers pass raw HTML through: neutralise it; also keep our list/quote structure intact.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _md_label(text: str) -> str:
    return _md_text(text).replace("[", "\\[").replace("]", "\\]")


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _item_extras(it: BriefingItem) -> list[str]:
    extras = []
    if it.revisions:
        extras.append(f"({it.revisions})")
    if it.background and it.date:
        extras.append(f"Background: event of {it.date}, updated by a report of the day.")
    return extras


def render_md(b: Briefing) -> str:
    out = [f"# Daily briefing — {b.date}", ""]
    out += [f"- {_md_text(line)}" for line in b.summary]
    for sec in b.sections:
        out += ["", f"## {sec.title}", ""]
        for it in sec.items:
            line = " ".join(
                [f"**{_md_text(it.headline)}**", *map(_md_text, _item_extras(it)), _md_text(it.status)]
            )
            out.append(f"- {line}")
            if it.evidence:
                out.append(f"  > {_md_text(it.evidence)} ({it.evidence_lang})")
            links = []
            for s in it.sources:
                label = _md_label(s.label)
                link = f"[{label}]({_md_url(s.url)})" if s.url else label
                links.append(link + (f", {s.published}" if s.published else ""))
            out.append("  Sources: " + "; ".join(links))
    out.append("")
    return "\n".join(out)


_CSS = """
body { font: 15px/1.5 Georgia, "Times New Roman", serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
  color: #111; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #111; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #999; }
.item { margin: 1rem 0; page-break-inside: avoid; break-inside: avoid; }
.headline { font-weight: bold; }
.status, .extra { color: #444; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #bbb; color: #333;
  font-style: italic; }
.sources { font-size: .85rem; color: #333; }
.sources a { color: #0645ad; }
@media print { body { margin: 0; max-width: none; } a { color: #000; }
  .sources a::after { content: " <" attr(href) ">"; font-size: .75rem; word-break: break-all; } }
""".strip()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_html_body(b: Briefing) -> str:
    """The briefing as an HTML fragment (no scripts; every source string escaped): the page body and the
    Atom entry content."""
    out = [f"<h1>Daily briefing — {_esc(b.date)}</h1>"]
    if b.empty and not b.sections:
        out.append(f'<p class="empty">No events stored for {_esc(b.date)}.</p>')
        return "\n".join(out) + "\n"
    out.append('<ul class="summary">')
    out += [f"<li>{_esc(line)}</li>" for line in b.summary]
    out.append("</ul>")
    for sec in b.sections:
        out.append(f'<section id="{_esc(sec.key)}">\n<h2>{_esc(sec.title)}</h2>')
        for it in sec.items:
            out.append(f'<div class="item" id="{_esc(it.event_id)}">')
            extras = " ".join(_esc(e) for e in _item_extras(it))
            out.append(
                f'<span class="headline">{_esc(it.headline)}</span> '
                + (f'<span class="extra">{extras}</span> ' if extras else "")
                + f'<span class="status">{_esc(it.status)}</span>'
            )
            if it.evidence:
                out.append(f'<blockquote lang="{_esc(it.evidence_lang)}">{_esc(it.evidence)}</blockquote>')
            links = []
            for s in it.sources:
                text = _esc(s.label) + (f", {_esc(s.published)}" if s.published else "")
                if s.url:
                    text = f'<a href="{_esc(s.url)}" rel="noopener noreferrer">{_esc(s.label)}</a>' + (
                        f", {_esc(s.published)}" if s.published else ""
                    )
                links.append(text)
            out.append('<div class="sources">Sources: ' + "; ".join(links) + "</div>\n</div>")
        out.append("</section>")
    return "\n".join(out) + "\n"


def render_html(b: Briefing) -> str:
    """A standalone page: inline CSS, no scripts, no external resources, printable."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Daily briefing — {_esc(b.date)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        + render_html_body(b)
        + "</body>\n</html>\n"
    )


def render(b: Briefing, fmt: Format = "md") -> str:
    """Serialise a briefing: "md", "html" (self-contained, printable, no scripts) or "json"."""
    if fmt == "md":
        return render_md(b)
    if fmt == "html":
        return render_html(b)
    if fmt == "json":
        d = asdict(b)
        d["events_count"], d["reports_count"] = b.events_count, b.reports_count
        return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    raise ValueError(f"unknown briefing format {fmt!r}: use md, html or json")


def _xml(text: str) -> str:
    return html.escape(text, quote=True)


def render_atom(
    store: EventSource,
    dates: Sequence[str],
    base_url: str = "",
    title: str = "sitroom daily briefings",
) -> str:
    """An Atom feed with one entry per daily briefing, newest first. Entry content is the escaped HTML
    fragment of the briefing; ``base_url`` (e.g. "https://host") makes entry links absolute."""
    days = sorted({d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)}, reverse=True)
    base = base_url.rstrip("/")
    updated = f"{days[0]}T23:59:59Z" if days else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{_xml(title)}</title>",
        f"<id>{_xml(base + '/briefings.atom' if base else 'urn:sitroom:briefings')}</id>",
        f"<updated>{updated}</updated>",
        "<author><name>sitroom</name></author>",
    ]
    if base:
        out.append(f'<link rel="self" href="{_xml(base)}/briefings.atom"/>')
    for day in days:
        b = build_briefing(store, day)
        out += [
            "<entry>",
            f"<title>Daily briefing — {day}</title>",
            f"<id>urn:sitroom:briefing:{day}</id>",
            f"<updated>{day}T23:59:59Z</updated>",
            f'<link rel="alternate" type="text/html" href="{_xml(base)}/briefing/{day}"/>',
            f"<summary>{_xml(' '.join(b.summary))}</summary>",
            f'<content type="html">{_xml(render_html_body(b))}</content>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
