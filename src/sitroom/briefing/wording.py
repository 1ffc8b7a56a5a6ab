"""How a briefing item is worded: the English headline (what, where, figures) built only from extracted
fields, the claim-status line, source names and the links a reader can follow. Nothing is generated
freely: every word comes from a table here or from the event's own fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from sitroom.briefing.model import SourceLink

# Most targets named in a headline; extraction sometimes lists every noun of a long report.
MAX_TARGETS = 3

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
