"""Where a briefing item goes: the roundup's sections (fronts north-east to south, the rear, Russia's
border regions, Crimea, the rest of Russia) and the themes that cut across places (energy, air
attacks and air defence, cyber, diplomacy). Each event goes to the first matching theme, else its oblast."""

from __future__ import annotations

import re
from typing import Any

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
# Theme triggers. Diplomacy covers the non-violent strategic developments that have no front-line place.
_DIPLOMACY_SUBS = frozenset(
    {"Agreement", "Change to group/activity", "Other", "Non-violent transfer of territory"}
)
_ENERGY_TARGETS = frozenset({"energy"})
_STRIKE_SUBS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


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
