"""What survives translation: the parts of a report that two outlets writing in English, Ukrainian and
Russian state alike, computed from the evidence text once per text (cached).

- ``site_kinds``: the kind of object hit, from a small en/uk/ru stem lexicon (an oil depot, an airfield, a
  substation, a port, a school …): finer than the classifier's targets ("energy" covers an oil depot and a
  substation, which are two incidents in one city).
- ``name_keys``: capitalised words and quoted names reduced to a spelling-blind key (Cyrillic
  transliterated, then y/i, kh/h, g/h, ts/c and doubled letters folded, first four letters): "Kremenchuk",
  "Кременчуцького" and "Кременчугского" share ``krem``; "Darnytsia" and "Дарницкому" share ``darn``.
- ``numbers``: whole figures in the text (digits survive translation), years, times and decimals left out.
- ``stems``: every word of four letters or more as a five-letter key of the same folding, for a
  language-blind token similarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ё": "e", "'": "", "’": "",
    "ʼ": "",
}
_TRANS = str.maketrans(_CYR)
_FOLDS = (("shch", "sh"), ("kh", "h"), ("ts", "c"), ("g", "h"), ("y", "i"), ("j", "i"), ("w", "v"),
          ("x", "ks"), ("ie", "e"))
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)?", re.UNICODE)
_CAP = re.compile(r"(?<![\w])([A-ZА-ЯІЇЄҐЁ][^\W\d_]{3,}(?:[-'’ʼ][^\W\d_]+)?)")
_QUOTED = re.compile(r"[«\"“]([^»\"”]{3,40})[»\"”]")

# Keys of capitalised words that say nothing about which incident it is (sides, institutions, roles).
_NAME_STOP = frozenset(
    "russ rosi ross ukra ukri arme armi forc ofic offi mini mino defe hene heno staf shta pres prez "
    "hove hola head reho obla rehi city mist misc mish meri maio sour accu acco zmi video vide foto phot "
    "upda obno dopo spec oper nati voin viin vjsk vijs zbro zsu vsu sbu rf nato oon unit spok rech "
    "soci tele hrom hrou rai raio dist kiev kiiv kiv airf airp aero avia bree post chas ahen this that "
    "when they also afte over unde monu onli onla nova novi dnia den day keva keve kevi rusi rosi "
    "mond tues wedn thur frid satu sund janu febr marc apri june juli auhu sept octo nove dece".split()
)

# Kinds of site, as stems in English, Ukrainian and Russian (lower-case, matched at a word start).
_SITES: dict[str, str] = {
    "airfield": r"airfield|airport|air ?base|аеродром|аэродром|аеропорт|аэропорт|авіабаз|авиабаз|авіабазі",
    "oil_depot": r"oil depot|fuel depot|oil storage|fuel storage|oil terminal|нафтобаз|нефтебаз|нафтосховищ|"
    r"нефтехранилищ|паливн\w* склад|склад\w* пальн|резервуар",
    "refinery": r"refiner|нпз|нафтопереробн|нефтеперерабат",
    "filling_station": r"gas station|filling station|petrol station|азс|заправ",
    "substation": r"substation|sub-station|підстанц|подстанц|електропідстанц|электроподстанц",
    "power_plant": r"power plant|power station|power stattion|hydro|thermal plant|chp|тец|тэц|тес\b|тэс\b|"
    r"гес\b|гэс|електростанц|электростанц|днепрогэс|дніпрогес",
    "nuclear_plant": r"nuclear|аес\b|аэс\b|атомн",
    "port": r"port\b|seaport|dock|порт\b|порту\b|порті\b|порта\b|морськ\w* порт|морск\w* порт",
    "bridge": r"bridge|міст\b|мосту\b|мост\b|моста\b|мостом\b",
    "railway": r"railway|railwaystation|train station|rail\b|вокзал|залізничн|железнодорож|депо\b",
    "ammo_depot": r"ammunition|ammo\b|arsenal|munitions depot|боєприпас|боеприпас|арсенал",
    "warehouse": r"warehouse|storage|склад\b|склади\b|складу\b|складі\b|сховищ|хранилищ",
    "school": r"school|college|universit|kindergarten|educational|gymnasium|lyceum|школ|коледж|колледж|університет|"
    r"университет|садок|садик|гімназ|гимназ|ліце|лице[йя]|навчальн|учебн",
    "stadium": r"stadium|sports? (?:complex|arena)|стадіон|стадион|спорткомплекс",
    "dam": r"dam\b|dams\b|reservoir|дамб|гребл|плотин|водосховищ|водохранилищ",
    "ambulance": r"ambulance|medical vehicle|швидк\w* допомог|скор\w* помощ|карет\w* швидк",
    "public_transport": r"tram\b|trams\b|trolley|трамва|тролейбус|троллейбус",
    "hospital": r"hospital|clinic|maternity|лікарн|больниц|поліклінік|поликлиник|пологов|роддом|госпітал|госпитал",
    "market": r"market|shopping|mall\b|supermarket|ринок|ринку|рынок|рынке|торгов|тц\b|супермаркет",
    "theatre": r"theatre|theater|театр|драмтеатр",
    "plant": r"plant\b|factory|works\b|завод|фабрик|комбінат|комбинат",
    "apartment_block": r"apartment block|apartment building|high-rise|multi-storey|five-storey|nine-storey|"
    r"residential building|багатоповерх|п.ятиповерх|дев.ятиповерх|многоэтаж|пятиэтаж|девятиэтаж|"
    r"житлов\w* будин|житлов\w* будинк|жил\w* дом",
    "bus_stop": r"bus stop|зупинк|остановк",
    "administration": r"administration|city hall|council building|адміністрац|администрац|ода\b|ова\b",
    "church": r"church|cathedral|monastery|церкв|церков|собор|монастир|монастыр|лавр",
    "tv_tower": r"tv tower|television tower|телевеж|телебашн",
    "command_post": r"command post|headquarters|штаб|пункт управлін|пункт управлен|вузол зв|узел связ",
}
# One pass over the text: every kind is a named group of a single alternation.
_SITE_RX = re.compile(
    r"(?<![\w])(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _SITES.items()) + ")", re.IGNORECASE
)
# Kinds that sources mix up for one object (a "power station" that was a substation, an "oil depot" at a
# refinery, an ammunition "warehouse"): two reports naming kinds of one family can be one incident.
SITE_FAMILY = {
    "oil_depot": "fuel", "refinery": "fuel", "filling_station": "fuel",
    "substation": "power", "power_plant": "power", "nuclear_plant": "power",
    "ammo_depot": "depot", "warehouse": "depot",
    "school": "school", "hospital": "hospital", "market": "market", "theatre": "theatre",
}


def site_families(kinds: frozenset[str]) -> frozenset[str]:
    return frozenset(SITE_FAMILY.get(k, k) for k in kinds)


# Kinds that many incidents of one town share (or that another kind refines): they add little and never
# separate two reports.
BROAD_SITES = frozenset({"warehouse", "plant", "administration", "apartment_block"})

# Whole numbers, not parts of decimals, times or dates ("1,5", "5:10", "24.02").
_NUM = re.compile(r"(?<!\d)(?<!\d[.,:/])\d{1,6}(?!\d)(?![.,:/]\d)")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """A spelling-blind form of one word: Cyrillic transliterated, Latin variants folded."""
    w = word.casefold().translate(_TRANS)
    for a, b in _FOLDS:
        w = w.replace(a, b)
    return _DOUBLE.sub(r"\1", w)


@lru_cache(maxsize=200_000)
def site_kinds(text: str) -> frozenset[str]:
    return frozenset(m.lastgroup for m in _SITE_RX.finditer(text.casefold()) if m.lastgroup)


@lru_cache(maxsize=200_000)
def name_keys(text: str) -> frozenset[str]:
    keys = set()
    for m in _CAP.finditer(text):
        before = text[: m.start()].rstrip(" \"'«“(")
        if not before or before[-1] in ".!?:;\n—–-|":
            continue  # a sentence's first word is capitalised whatever it is
        for part in re.split(r"[-'’ʼ]", m.group(1)):
            k = fold(part)[:4]
            if len(k) == 4 and k not in _NAME_STOP:
                keys.add(k)
    for m in _QUOTED.finditer(text):
        for w in _WORD.findall(m.group(1)):
            k = fold(w)[:4]
            if len(w) >= 4 and len(k) == 4 and k not in _NAME_STOP:
                keys.add(k)
    return frozenset(keys)


# Month names (en/uk/ru stems): a number next to one is a day of the month, not a figure.
_MONTH = re.compile(
    r"^\W{0,3}(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|січ|лют|берез|квіт|трав|черв|лип|серп|верес|"
    r"жовт|листоп|груд|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\W{0,2}$", re.IGNORECASE
)


@lru_cache(maxsize=200_000)
def numbers(text: str) -> frozenset[int]:
    """Figures a text states, without years, days of a month ("16 березня", "March 16") and numbers under 3."""
    out = set()
    for m in _NUM.finditer(text):
        n = int(m.group())
        if n < 3 or 1900 <= n <= 2100:
            continue
        if n <= 31 and (_MONTH.match(text[m.end() : m.end() + 12]) or _MONTH_BEFORE.search(text[max(0, m.start() - 12) : m.start()])):
            continue
        out.add(n)
    return frozenset(out)


_TIME = re.compile(r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


@lru_cache(maxsize=200_000)
def times(text: str) -> frozenset[str]:
    """Times of day a text states ("at 04:35", "о 4:35"), as HH:MM."""
    return frozenset(f"{int(h):02d}:{m}" for h, m in _TIME.findall(text))


@lru_cache(maxsize=200_000)
def stems(text: str) -> str:
    """Space-joined sorted five-letter keys of the text's words of four letters or more."""
    return " ".join(sorted({fold(w)[:5] for w in _WORD.findall(text) if len(w) >= 4}))


@lru_cache(maxsize=200_000)
def stem_set(text: str) -> frozenset[str]:
    """The five-letter word keys of ``stems`` as a set."""
    return frozenset(stems(text).split())


def union(fn: object, texts: Iterable[str]) -> frozenset:  # type: ignore[type-arg]
    out: frozenset = frozenset()  # type: ignore[type-arg]
    for t in texts:
        out = out | fn(t)  # type: ignore[operator]
    return out


# Cross-language concepts: the words two outlets use for one thing in English, Ukrainian and Russian, each
# reduced to its folded five-letter key (so inflections and both Cyrillic spellings meet). The concept set of
# a text is its language-blind gist ("assault on Ukraine, cities, military targets, missiles"). Kinds of site
# are left to ``site_kinds``, so one shared site is not counted twice.
_CONCEPTS: dict[str, str] = {
    "offensive": "offensive assault invasion invaded наступ наступу наступление вторгнення вторжение",
    "shelling": "shelling shelled shells обстріл обстріли обстрілу обстрілял обстрел обстрелы обстреляли",
    "strike": "strike strikes struck удар удари ударів удары ударов ударили вдарили",
    "missile": "missile missiles rocket rockets ракета ракети ракет ракетами ракетний ракетных ракетные",
    "drone": "drone drones дрон дрони дронів дроны беспилотник безпілотник шахед шахеди",
    "bomb": "bomb bombs bombing bombed бомба бомби бомбардування бомбежка авіабомб авиабомб",
    "explosion": "explosion explosions blast blasts вибух вибухи вибухів взрыв взрывы взрывов",
    "fire": "fire fires burning пожежа пожежі пожар пожары горить горит",
    "killed": "killed dead died killing death bodies body deceased corpses тіла тіло тела тело загинули загинув загиблих вбито вбили погибли погиб погибших убиты убили",
    "injured": "injured wounded hurt поранені поранено поранених ранены ранено раненых пострадавших постраждалих",
    "civilians": "civilians civilian residents мирні мирних цивільні цивільних мирные мирных жителі жители",
    "children": "children child kids діти дітей дитина дети детей ребенок",
    "city": "city cities town towns місто міста містах город города городах",
    "village": "village villages село села селище поселок",
    "region": "region oblast область області областей регіон регион",
    "military": "military army troops forces військові війська військ армія военные войска армия",
    "captured": "captured seized occupied захопили захоплено окупували окупований захватили оккупировали",
    "liberated": "liberated recaptured freed звільнили звільнено освободили",
    "aircraft": "aircraft plane planes jet helicopter літак літаки вертоліт самолет самолеты вертолет",
    "ship": "ship ships warship vessel fleet корабель кораблі корабель флот корабль корабли судно",
    "tank": "tank tanks armored armoured танк танки бронетехніка бронетехника",
    "humanitarian": "humanitarian corridor evacuation гуманітарн евакуац гуманитарн эвакуац коридор",
    "sanctions": "sanctions санкції санкцій санкции",
    "negotiations": "negotiations talks переговори переговорів переговоры",
    "journalist": "journalist journalists reporter журналіст журналісти журналист журналисты",
    "house": "house houses home homes building buildings будинок будинки будинків дом дома домов здание будівлі",
    "crater": "crater craters вирва вирви воронка воронки",
    "destroyed": "destroyed destruction damaged damage зруйновано зруйнований пошкоджено пошкоджені разрушен разрушения повреждены повреждения",
    "residential": "residential житлов жилой жилых жилые",
    "car": "car cars vehicle vehicles автомобіль автомобілі машина машини автомобиль автомобили",
    "road": "road street highway дорога вулиця вулиці трасі улица улице шоссе",
    "war_crime": "crime crimes злочин злочини преступление преступления",
}
CONCEPT_OF: dict[str, str] = {}
for _concept, _words in _CONCEPTS.items():
    for _w in _words.split():
        CONCEPT_OF.setdefault(fold(_w)[:5], _concept)


@lru_cache(maxsize=200_000)
def concepts(text: str) -> frozenset[str]:
    """The cross-language concepts a text names (see ``_CONCEPTS``)."""
    out = set()
    for w in _WORD.findall(text):
        if len(w) >= 3:
            c = CONCEPT_OF.get(fold(w)[:5])
            if c:
                out.add(c)
    return frozenset(out)
