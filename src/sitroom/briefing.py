"""Stage 7 (first version): the daily briefing from the merged events of one day.

Every sentence is built ONLY from extracted fields (type, weapons, targets, place, figures, claimant and
status) so each figure is traceable to the quoted evidence and the linked sources; nothing is generated
freely. Sections follow the order analysts write roundups in (fronts north-east to south, then the rear,
Crimea and Russia); items are ranked by severity (killed*3 + injured), then by the number of independent
sources. ``render`` gives Markdown, self-contained printable HTML (no scripts, all source text escaped)
or JSON; the same store gives byte-identical output.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

from jinja2 import Environment, PackageLoader, select_autoescape

from .merge import severity

# Longest evidence quote shown per item; longer ones are cut at a word boundary (the full text stays in
# the store and the API). 600 characters is two long news sentences.
MAX_QUOTE_CHARS = 600

# (key, title) in roundup order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("kharkiv", "Kharkiv"),
    ("donetsk", "Donetsk"),
    ("luhansk", "Luhansk"),
    ("zaporizhia", "Zaporizhia"),
    ("kherson", "Kherson"),
    ("dnipropetrovsk", "Dnipropetrovsk"),
    ("sumy", "Sumy"),
    ("chernihiv", "Chernihiv"),
    ("kyiv", "Kyiv and Kyiv City"),
    ("odesa", "Odesa"),
    ("mykolaiv", "Mykolaiv"),
    ("other_ua", "Other Ukrainian oblasts"),
    ("crimea", "Crimea"),
    ("ru_border", "Russia's border regions (Belgorod, Kursk, Bryansk)"),
    ("ru_rest", "Rest of Russia"),
    ("elsewhere", "Elsewhere / unknown location"),
)
_SECTION_ORDER = {k: i for i, (k, _) in enumerate(SECTIONS)}
_SECTION_TITLE = dict(SECTIONS)
# Spellings seen in ACLED, CIR and transliterations, folded to the section keys.
_ADMIN1_ALIASES = {
    "kharkiv": "kharkiv",
    "kharkov": "kharkiv",
    "donetsk": "donetsk",
    "luhansk": "luhansk",
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
    "mykolaiv": "mykolaiv",
    "nikolaev": "mykolaiv",
    "mykolayiv": "mykolaiv",
    "crimea": "crimea",
    "autonomous republic of crimea": "crimea",
    "sevastopol": "crimea",
    "republic of crimea": "crimea",
    "belgorod": "ru_border",
    "kursk": "ru_border",
    "bryansk": "ru_border",
}

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
    "Disrupted weapons use": "air-defence interception / disrupted weapons use",
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
    """What the briefing needs from a store (``sitroom.store.Store`` satisfies it)."""

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
    headline: str
    status: str
    evidence: str
    evidence_lang: str
    killed: int | None
    injured: int | None
    severity: int
    sources_count: int
    sources: tuple[SourceLink, ...]


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


def section_key(location: dict[str, Any] | None) -> str:
    if not location:
        return "elsewhere"
    admin1 = (location.get("admin1") or "").casefold().replace("'", "").replace("’", "")
    admin1 = re.sub(r"\s+(oblast|oblast'|region|krai|kray)$", "", admin1.strip())
    key = _ADMIN1_ALIASES.get(admin1)
    if key:
        return key
    country = location.get("country")
    if country == "UA":
        return "other_ua"
    if country == "RU":
        return "ru_rest"
    return "elsewhere"


def _join(words: list[str]) -> str:
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
        return "location not given"
    name, admin1 = loc.get("name") or "", loc.get("admin1")
    if loc.get("geo_precision") == 3:
        return f"in {admin1 or name} region"
    where = f"near {name}" if loc.get("geo_precision") == 2 else f"in {name}"
    if admin1 and admin1.casefold() != name.casefold():
        where += f" ({admin1})"
    return where


def _figures(ev: dict[str, Any]) -> str:
    parts = []
    if ev.get("killed") is not None:
        parts.append(f"{ev['killed']} killed")
    if ev.get("injured") is not None:
        parts.append(f"{ev['injured']} injured")
    if not parts:
        return "no casualty figures reported"
    text = ", ".join(parts)
    if ev.get("casualties_civilian") is True:
        text += " (civilians)"
    return text


def headline(ev: dict[str, Any]) -> str:
    """One sentence from the extracted fields only."""
    actor = _INITIATOR.get(ev.get("initiator") or "", "")
    phrase = _type_phrase(ev)
    words = [w for w in (actor, phrase) if w]
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    implied = _IMPLIED_WEAPONS.get(phrase, frozenset())
    weapons = [_WEAPON_WORDS[w] for w in ev.get("weapons") or () if w in _WEAPON_WORDS and w not in implied]
    if weapons:
        text += " with " + _join(weapons)
    targets = [_TARGET_WORDS[t] for t in ev.get("targets") or () if t in _TARGET_WORDS]
    if targets:
        text += " hitting " + _join(targets)
    place = _place_phrase(ev.get("location"))
    return f"{text}{',' if not ev.get('location') else ''} {place}: {_figures(ev)}."


def status_phrase(claim: dict[str, Any]) -> str:
    who = claim.get("claimant") or _CLAIMANT_TYPE_WORDS.get(claim.get("claimant_type") or "", "")
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
    return url if url and re.match(r"^https?://[^\s<>\"']+$", url) else None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_QUOTE_CHARS)
    return text[: cut if cut > 0 else MAX_QUOTE_CHARS] + " …"


def _figure_source(ev: dict[str, Any]) -> tuple[str, str]:
    """The quote that carries the item's figures: the latest report stating exactly those figures (so
    "6 killed" is shown with the sentence that says six), else the incident's first evidence."""
    figures = (ev.get("killed"), ev.get("injured"))
    if figures != (None, None):
        for r in sorted(ev.get("reports", []), key=lambda r: r.get("published") or "", reverse=True):
            if (r.get("killed"), r.get("injured")) == figures and r.get("evidence"):
                return r["evidence"][0]["text"], r.get("lang") or ev.get("lang") or "en"
    return ev["evidence"][0]["text"], ev.get("lang") or "en"


def _item(ev: dict[str, Any]) -> BriefingItem:
    sources = tuple(
        SourceLink(
            label=r.get("source") or r["doc_id"],
            url=safe_url(r.get("url")),
            doc_id=r["doc_id"],
            published=r.get("published"),
        )
        for r in ev.get("reports", [])
    )
    quote, lang = _figure_source(ev)
    return BriefingItem(
        event_id=ev["event_id"],
        headline=headline(ev),
        status=status_phrase(ev["claim"]),
        evidence=_quote(quote),
        evidence_lang=lang,
        killed=ev.get("killed"),
        injured=ev.get("injured"),
        severity=severity(ev.get("killed"), ev.get("injured")),
        sources_count=int(ev.get("sources_count") or len(sources) or 1),
        sources=sources,
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _summary(date: str, events: list[dict[str, Any]], sections: list[Section]) -> tuple[str, ...]:
    if not events:
        return (f"No events stored for {date}.",)
    n_reports = sum(len(e.get("reports", [])) for e in events)
    sources = {s.label for sec in sections for it in sec.items for s in it.sources}
    lines = [
        f"{_n(len(events), 'incident')} from {_n(n_reports, 'report')} by {_n(len(sources), 'source')} "
        f"on {date}."
    ]
    killed = sum(e.get("killed") or 0 for e in events)
    injured = sum(e.get("injured") or 0 for e in events)
    with_figures = sum(1 for e in events if e.get("killed") is not None or e.get("injured") is not None)
    if with_figures:
        lines.append(
            f"Reported casualties: {killed} killed and {injured} injured in {_n(with_figures, 'incident')} "
            "(as reported, not verified)."
        )
    top = max(sections, key=lambda s: (sum(i.severity for i in s.items), -_SECTION_ORDER[s.key]))
    if any(i.severity for i in top.items):
        lines.append(f"Most affected: {top.title}.")
    claims = sum(1 for e in events if e["claim"]["status"] in ("claimed", "unconfirmed"))
    if claims:
        lines.append(
            f"{_n(claims, 'item')} {'is a claim' if claims == 1 else 'are claims'} "
            "not independently confirmed."
        )
    return tuple(lines)


def build_briefing(store: EventSource, date: str) -> Briefing:
    """The briefing for ``date`` (YYYY-MM-DD) from the merged events in ``store``."""
    events: list[dict[str, Any]] = []
    page = 1000
    while True:  # page through: a heavy day can exceed one page
        chunk = store.events(date, limit=page, offset=len(events))
        events.extend(chunk)
        if len(chunk) < page:
            break
    grouped: dict[str, list[BriefingItem]] = {}
    for ev in events:
        grouped.setdefault(section_key(ev.get("location")), []).append(_item(ev))
    sections = [
        Section(
            key,
            _SECTION_TITLE[key],
            tuple(sorted(items, key=lambda i: (-i.severity, -i.sources_count, i.event_id))),
        )
        for key, items in sorted(grouped.items(), key=lambda kv: _SECTION_ORDER[kv[0]])
    ]
    return Briefing(
        date=date,
        summary=_summary(date, events, sections),
        sections=tuple(sections),
        events_count=len(events),
        reports_count=sum(len(e.get("reports", [])) for e in events),
    )


@lru_cache(maxsize=1)
def jinja_env() -> Environment:
    """The package's Jinja2 environment (autoescaping on for every template); web.py shares it."""
    return Environment(
        loader=PackageLoader("sitroom", "templates"),
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


def render_md(b: Briefing) -> str:
    out = [f"# Daily briefing — {b.date}", ""]
    out += [f"- {_md_text(line)}" for line in b.summary]
    for sec in b.sections:
        out += ["", f"## {sec.title}", ""]
        for it in sec.items:
            out.append(f"- **{_md_text(it.headline)}** {_md_text(it.status)}")
            out.append(f"  > {_md_text(it.evidence)} ({it.evidence_lang})")
            links = []
            for s in it.sources:
                label = _md_label(s.label)
                link = f"[{label}]({_md_url(s.url)})" if s.url else label
                links.append(link + (f", {s.published}" if s.published else ""))
            out.append("  Sources: " + "; ".join(links))
    out.append("")
    return "\n".join(out)


def render(b: Briefing, fmt: Format = "md") -> str:
    """Serialise a briefing: "md", "html" (self-contained, printable, no scripts) or "json"."""
    if fmt == "md":
        return render_md(b)
    if fmt == "html":
        return jinja_env().get_template("briefing.html").render(b=b, standalone=True)
    if fmt == "json":
        d = asdict(b)
        d["events_count"], d["reports_count"] = b.events_count, b.reports_count
        return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    raise ValueError(f"unknown briefing format {fmt!r}: use md, html or json")
