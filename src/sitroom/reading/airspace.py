"""Regions named as the airspace of interceptions: "Восемь БПЛА уничтожены над Курской областью, четыре — над
Брянской, два — над Крымом", "над Брянской, Белгородской и Ростовской областями", "over the Kursk and Lipetsk
regions", "над Сумщиною та Харківщиною".

A defence ministry's or air force's morning list names each region drones were shot down over; ACLED codes
one disrupted-weapons event per location, and a reader wants each region's count under that region. The
gazetteer holds Ukraine and Russia's border regions only, and many lists name regions deep in Russia
(Ryazan, Kaluga, Astrakhan ...), so the regions and their centres are a table here.

Coordinates are each region's administrative centre (the city), rounded; they place a region-level event on
the map, nothing finer (``geo_precision`` 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.models import Location


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # ACLED-style admin1 name
    country: str
    lat: float
    lon: float


# (stems in ru / uk / en, region). Stems match the start of a word, any ending ("Курской", "Курською",
# "Kursk"). Russian regions' centres; Ukrainian oblasts come from the gazetteer instead (see events.py).
_TABLE: list[tuple[tuple[str, ...], Region]] = [
    (("курск", "курськ", "kursk"), Region("Kursk", "RU", 51.73, 36.19)),
    (("белгородск", "бєлгородськ", "бeлгородськ", "belgorod"), Region("Belgorod", "RU", 50.60, 36.59)),
    (("брянск", "брянськ", "bryansk"), Region("Bryansk", "RU", 53.24, 34.36)),
    (("воронежск", "воронезьк", "voronezh"), Region("Voronezh", "RU", 51.67, 39.18)),
    (("ростовск", "ростовськ", "rostov"), Region("Rostov", "RU", 47.24, 39.71)),
    (("краснодарск", "краснодарськ", "krasnodar"), Region("Krasnodar", "RU", 45.04, 38.98)),
    (("рязанск", "рязанськ", "ryazan"), Region("Ryazan", "RU", 54.63, 39.74)),
    (("калужск", "калузьк", "kaluga"), Region("Kaluga", "RU", 54.51, 36.26)),
    (("астраханск", "астраханськ", "astrakhan"), Region("Astrakhan", "RU", 46.35, 48.04)),
    (("орловск", "орловськ", "oryol", "orel"), Region("Oryol", "RU", 52.97, 36.07)),
    (("липецк", "lipetsk"), Region("Lipetsk", "RU", 52.61, 39.59)),
    (("тульск", "тульськ", "tula"), Region("Tula", "RU", 54.19, 37.62)),
    (("московск", "московськ", "moscow"), Region("Moscow", "RU", 55.75, 37.62)),
    (("смоленск", "смоленськ", "smolensk"), Region("Smolensk", "RU", 54.78, 32.04)),
    (("тамбовск", "тамбовськ", "tambov"), Region("Tambov", "RU", 52.72, 41.45)),
    (("саратовск", "саратовськ", "saratov"), Region("Saratov", "RU", 51.53, 46.03)),
    (("волгоградск", "волгоградськ", "volgograd"), Region("Volgograd", "RU", 48.71, 44.51)),
    (("тверск", "тверськ", "tver"), Region("Tver", "RU", 56.86, 35.90)),
    (("псковск", "псковськ", "pskov"), Region("Pskov", "RU", 57.82, 28.33)),
    (("ленинградск", "ленінградськ", "leningrad"), Region("Leningrad", "RU", 59.94, 30.31)),
    (("новгородск", "новгородськ", "novgorod"), Region("Novgorod", "RU", 58.52, 31.27)),
    (("ярославск", "ярославськ", "yaroslavl"), Region("Yaroslavl", "RU", 57.63, 39.87)),
    (("нижегородск", "нижньогородськ", "nizhny"), Region("Nizhny Novgorod", "RU", 56.33, 44.00)),
    (("пермск", "пермськ", "perm"), Region("Perm", "RU", 58.01, 56.25)),
    (("самарск", "самарськ", "samara"), Region("Samara", "RU", 53.20, 50.15)),
    (("пензенск", "пензенськ", "penza"), Region("Penza", "RU", 53.20, 45.00)),
    (("адыге", "адиге", "adygea"), Region("Adygea", "RU", 44.61, 40.10)),
    (("крым", "крим", "crimea"), Region("Crimea", "UA", 44.95, 34.10)),
]
_STEM_TO_REGION = {stem: region for stems, region in _TABLE for stem in stems}
# A stem at a word start, the rest of the word, and (for the adjective forms) an optional region word.
_REGION_WORD = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_STEM_TO_REGION, key=len, reverse=True)) + r")\w*"
    r"(?:\s+(?:област\w*|region\w*|oblast\w*|кра[йяюе]\w*|krai))?",
    re.I,
)
# The region list is the airspace only after "над"/"over"/"in the skies over" and within this many characters
# of the last region or "над" (a list continues: "над Курской, четыре — над Брянской, два — над Крымом").
_OVER = re.compile(r"(?<![\w-])(?:над|over|above|skies\s+over)(?![\w-])", re.I)
_LIST_REACH = 40
_BEARING = re.compile(r"(?:north|south|east|west|північ|півден|схід|східн|захід|західн|север|юг|южн|восто|запад)\w*"
                      r"(?:-\w+)?\s+(?:of|від|от)\s+$", re.I)
# Between two regions of one list: "Брянской, Белгородской и Ростовской", "Belgorod and Kursk".
_GLUE = re.compile(r"[\s,]*(?:(?:и|і|та|й|and|or|или|або)\s+)?(?:the\s+)?", re.I)


def regions_over(sentence: str) -> list[Region]:
    """The regions a sentence names as where drones or missiles were shot down, in order, each once."""
    overs = [m.end() for m in _OVER.finditer(sentence)]
    if not overs:
        return []
    found: list[Region] = []
    anchor = -1
    for m in _REGION_WORD.finditer(sentence):
        if _BEARING.search(sentence[max(0, m.start() - 25) : m.start()]):
            continue  # "over the Ryazan region, southeast of Moscow": a bearing, not a second airspace
        near_over = any(0 <= m.start() - o <= _LIST_REACH for o in overs)
        listed = anchor >= 0 and bool(_GLUE.fullmatch(sentence[anchor : m.start()]))
        if not (near_over or listed):
            continue
        region = _STEM_TO_REGION[m.group(1).lower()]
        anchor = m.end()
        if region not in found:
            found.append(region)
    return found


def location_of(region: Region) -> Location:
    return Location(name=region.name, admin1=region.name, country=region.country, lat=region.lat, lon=region.lon,
                    geo_precision=3, gazetteer_id=f"region:{region.name}")
