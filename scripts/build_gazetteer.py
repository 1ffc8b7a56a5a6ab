"""Build the packaged gazetteer (src/sitroom/data/gazetteer.tsv.gz) from the raw open data.

Inputs (read-only, ../shared/data/gazetteer/ or --src):
- GeoNames cities500 extract for Ukraine + Russian border regions (coordinates, population, uk/ru/Latin names);
- the KATOTTH codifier (every Ukrainian settlement with oblast/raion/hromada; Ukrainian names only);
- the GeoNames postal list for Ukraine (Cyrillic names with rough coordinates).

Approach: every KATOTTH settlement becomes one entry, placed in two passes (``place_settlements``): names
unique in the oblast take their GeoNames point and give each hromada/raion a reference point; every other
settlement takes the GeoNames (coord_precision 1), else postal (2), point nearest to its hromada's reference,
else the median of its hromada's placed settlements (3). GeoNames places that KATOTTH lacks (Russia, city
districts, Crimea spelling variants) are kept as they are. Regions (oblasts, Crimea, Kyiv City, Sevastopol,
Russian border regions), raions, renamed towns, well-known features and a few world capitals are added by
hand below. Latin names come from GeoNames, else the official 2010 Ukrainian national transliteration.

Output: one TSV row per entry, gzip-compressed:
id, kind, name, admin1, admin2, country, lat, lon, population, coord_precision, aliases
where aliases are '|'-separated surface names (en/uk/ru); an alias prefixed with '~' is also a common word
(pymorphy3 knows it as a non-place noun/adjective, e.g. "Перемога", "Щастя"), which geo.py only accepts
after a place cue ("село Перемога", "у Щасті").

GeoNames data © GeoNames (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "gazetteer"
DEFAULT_OUT = ROOT / "src" / "sitroom" / "data" / "gazetteer.tsv.gz"

# Alternate names from GeoNames: keep Latin/Cyrillic ones that start with a capital; lower-case entries are
# machine romanisations of CJK/Arabic names ("ha er ke fu") that only add false positives.
_ALIAS_OK = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’ʼ\-. ]{2,40}$")


def _people_republic(ru: str, uk: str, en: str, ru_abbr: str, en_abbr: str) -> list[str]:
    """Names the occupation gives an oblast ("Донецкая Народная Республика", "ДНР", "DPR"): Russian reports
    place captures and strikes by them ("освобождены Кузьминовка и Федоровка Донецкой Народной Республики")."""
    ru_forms = [f"{ru}ая Народная Республика", f"{ru}ой Народной Республики", f"{ru}ой Народной Республике",
                f"{ru}ую Народную Республику"]
    uk_forms = [f"{uk}а народна республіка", f"{uk}ої народної республіки", f"{uk}ій народній республіці",
                f"{uk}у народну республіку"]
    return [ru_abbr, en_abbr, f"{en} People's Republic", f"{en} People’s Republic", *ru_forms, *uk_forms]


# (ACLED admin1, country, KATOTTH oblast name, capital (GeoNames name) for the centre, English stems,
#  Ukrainian adjective stem, Russian adjective stem, extra aliases)
REGIONS: list[tuple[str, str, str, str, list[str], str, str, list[str]]] = [
    ("Cherkasy", "UA", "Черкаська", "Cherkasy", ["Cherkasy", "Cherkassy", "Cherkaska", "Cherkas'ka"],
     "Черкаськ", "Черкасск", ["Черкащина"]),
    ("Chernihiv", "UA", "Чернігівська", "Chernihiv", ["Chernihiv", "Chernigov", "Chernihivska", "Chernihivs'ka"],
     "Чернігівськ", "Черниговск", ["Чернігівщина", "Черниговщина"]),
    ("Chernivtsi", "UA", "Чернівецька", "Chernivtsi", ["Chernivtsi", "Chernovtsy", "Chernivetska", "Chernivets'ka"],
     "Чернівецьк", "Черновицк", ["Буковина", "Bukovyna"]),
    ("Dnipropetrovsk", "UA", "Дніпропетровська", "Dnipro",
     ["Dnipropetrovsk", "Dnipropetrovska", "Dnipropetrovs'ka", "Dnepropetrovsk", "Dnipro"],
     "Дніпропетровськ", "Днепропетровск", ["Дніпропетровщина", "Днепропетровщина", "Дніпровщина"]),
    ("Donetsk", "UA", "Донецька", "Donetsk", ["Donetsk", "Donetska", "Donets'ka"], "Донецьк", "Донецк",
     ["Донеччина", "Донетчина", "Донеччини", *_people_republic("Донецк", "Донецьк", "Donetsk", "ДНР", "DPR")]),
    ("Ivano-Frankivsk", "UA", "Івано-Франківська", "Ivano-Frankivsk",
     ["Ivano-Frankivsk", "Ivano-Frankivska", "Ivano-Frankivs'ka", "Ivano-Frankovsk"],
     "Івано-Франківськ", "Ивано-Франковск", ["Прикарпаття", "Прикарпатье", "Франківщина"]),
    ("Kharkiv", "UA", "Харківська", "Kharkiv", ["Kharkiv", "Kharkov", "Kharkivska", "Kharkivs'ka"],
     "Харківськ", "Харьковск", ["Харківщина", "Харьковщина", "Слобожанщина"]),
    ("Kherson", "UA", "Херсонська", "Kherson", ["Kherson", "Khersonska", "Khersons'ka"], "Херсонськ",
     "Херсонск", ["Херсонщина", "Херсонщина"]),
    ("Khmelnytskyi", "UA", "Хмельницька", "Khmelnytskyi",
     ["Khmelnytskyi", "Khmelnytskyy", "Khmelnytsky", "Khmelnitsky", "Khmelnytska", "Khmel'nyts'ka"],
     "Хмельницьк", "Хмельницк", ["Хмельниччина", "Хмельнитчина"]),
    ("Kirovohrad", "UA", "Кіровоградська", "Kropyvnytskyi",
     ["Kirovohrad", "Kirovograd", "Kirovohradska", "Kirovohrads'ka", "Kropyvnytskyi"],
     "Кіровоградськ", "Кировоградск", ["Кіровоградщина", "Кировоградщина"]),
    ("Kyiv", "UA", "Київська", "Kyiv", ["Kyiv", "Kiev", "Kyivska", "Kyivs'ka", "Kiev"], "Київськ", "Киевск",
     ["Київщина", "Киевщина"]),
    ("Luhansk", "UA", "Луганська", "Luhansk", ["Luhansk", "Lugansk", "Luhanska", "Luhans'ka"], "Луганськ",
     "Луганск", ["Луганщина", "Луганщина", "Луганщини", *_people_republic("Луганск", "Луганськ", "Luhansk", "ЛНР", "LPR")]),
    ("Lviv", "UA", "Львівська", "Lviv", ["Lviv", "Lvov", "Lvivska", "L'vivs'ka"], "Львівськ", "Львовск",
     ["Львівщина", "Львовщина"]),
    ("Mykolaiv", "UA", "Миколаївська", "Mykolaiv", ["Mykolaiv", "Nikolaev", "Nikolayev", "Mykolaivska",
     "Mykolayivs'ka"], "Миколаївськ", "Николаевск", ["Миколаївщина", "Николаевщина"]),
    ("Odesa", "UA", "Одеська", "Odesa", ["Odesa", "Odessa", "Odeska", "Odes'ka"], "Одеськ", "Одесск",
     ["Одещина", "Одесчина"]),
    ("Poltava", "UA", "Полтавська", "Poltava", ["Poltava", "Poltavska", "Poltavs'ka"], "Полтавськ", "Полтавск",
     ["Полтавщина", "Полтавщина"]),
    ("Rivne", "UA", "Рівненська", "Rivne", ["Rivne", "Rovno", "Rivnenska", "Rivnens'ka"], "Рівненськ",
     "Ровенск", ["Рівненщина", "Ровенщина"]),
    ("Sumy", "UA", "Сумська", "Sumy", ["Sumy", "Sumska", "Sums'ka"], "Сумськ", "Сумск", ["Сумщина", "Сумщина"]),
    ("Ternopil", "UA", "Тернопільська", "Ternopil", ["Ternopil", "Ternopol", "Ternopilska", "Ternopil's'ka"],
     "Тернопільськ", "Тернопольск", ["Тернопільщина", "Тернопольщина"]),
    ("Vinnytsia", "UA", "Вінницька", "Vinnytsia", ["Vinnytsia", "Vinnitsa", "Vinnytska", "Vinnyts'ka"],
     "Вінницьк", "Винницк", ["Вінниччина", "Винничина"]),
    ("Volyn", "UA", "Волинська", "Lutsk", ["Volyn", "Volhynia", "Volynska", "Volyns'ka"], "Волинськ",
     "Волынск", ["Волинь", "Волынь"]),
    ("Zakarpattia", "UA", "Закарпатська", "Uzhhorod",
     ["Zakarpattia", "Zakarpattya", "Transcarpathia", "Transcarpathian", "Zakarpatska", "Zakarpats'ka"],
     "Закарпатськ", "Закарпатск", ["Закарпаття", "Закарпатье"]),
    ("Zaporizhia", "UA", "Запорізька", "Zaporizhzhia",
     ["Zaporizhia", "Zaporizhzhia", "Zaporizhzhya", "Zaporozhye", "Zaporizka", "Zaporiz'ka"],
     "Запорізьк", "Запорожск", ["Запоріжжя область", "Запорожская обл"]),
    ("Zhytomyr", "UA", "Житомирська", "Zhytomyr", ["Zhytomyr", "Zhitomir", "Zhytomyrska", "Zhytomyrs'ka"],
     "Житомирськ", "Житомирск", ["Житомирщина", "Житомирщина"]),
    ("Crimea", "UA", "Автономна Республіка Крим", "Simferopol", [], "", "",
     ["Crimea", "Crimean Peninsula", "Autonomous Republic of Crimea", "Republic of Crimea", "Krym",
      "Крим", "Крым", "Автономна Республіка Крим", "Республіка Крим", "Республика Крым", "Кримський півострів",
      "Крымский полуостров"]),
    # Russian border regions
    ("Belgorod", "RU", "", "Belgorod", ["Belgorod", "Bilhorod"], "Бєлгородськ", "Белгородск",
     ["Бєлгородщина", "Белгородщина", "Белгородчина"]),
    ("Bryansk", "RU", "", "Bryansk", ["Bryansk", "Briansk"], "Брянськ", "Брянск", ["Брянщина", "Брянщина"]),
    ("Kursk", "RU", "", "Kursk", ["Kursk"], "Курськ", "Курск", ["Курщина", "Курщина"]),
    ("Rostov", "RU", "", "Rostov-on-Don", ["Rostov"], "Ростовськ", "Ростовск", ["Ростовщина"]),
    ("Voronezh", "RU", "", "Voronezh", ["Voronezh"], "Воронезьк", "Воронежск", ["Воронежчина", "Воронежчина"]),
    ("Krasnodar", "RU", "", "Krasnodar", [], "", "",
     ["Krasnodar Krai", "Krasnodar Territory", "Krasnodar region", "Kuban", "Краснодарський край",
      "Краснодарский край", "Краснодарского края", "Краснодарском крае", "Краснодарському краї",
      "Краснодарського краю", "Кубань"]),
]

# Renamed towns and old spellings English reports still use: (alias, current English name, admin1).
OLD_NAMES: list[tuple[str, str, str]] = [
    ("Artemivsk", "Bakhmut", "Donetsk"), ("Artemovsk", "Bakhmut", "Donetsk"), ("Артемовск", "Bakhmut", "Donetsk"),
    ("Артемівськ", "Bakhmut", "Donetsk"), ("Dnipropetrovsk", "Dnipro", "Dnipropetrovsk"),
    ("Dnepropetrovsk", "Dnipro", "Dnipropetrovsk"), ("Dnepr", "Dnipro", "Dnipropetrovsk"),
    ("Днепр", "Dnipro", "Dnipropetrovsk"), ("Днепропетровск", "Dnipro", "Dnipropetrovsk"),
    ("Дніпропетровськ", "Dnipro", "Dnipropetrovsk"),
    ("Kirovohrad", "Kropyvnytskyi", "Kirovohrad"), ("Kirovograd", "Kropyvnytskyi", "Kirovohrad"),
    ("Кировоград", "Kropyvnytskyi", "Kirovohrad"), ("Кропивницкий", "Kropyvnytskyi", "Kirovohrad"),
    ("Kiev", "Kyiv", "Kyiv City"), ("Kyiv City", "Kyiv", "Kyiv City"), ("Киев", "Kyiv", "Kyiv City"),
    ("Zaporozhye", "Zaporizhzhia", "Zaporizhia"), ("Zaporizhia", "Zaporizhzhia", "Zaporizhia"),
    ("Zaporizhzhya", "Zaporizhzhia", "Zaporizhia"), ("Zaporozhe", "Zaporizhzhia", "Zaporizhia"),
    ("Nikolaev", "Mykolaiv", "Mykolaiv"), ("Nikolayev", "Mykolaiv", "Mykolaiv"),
    ("Kharkov", "Kharkiv", "Kharkiv"), ("Odessa", "Odesa", "Odesa"), ("Lugansk", "Luhansk", "Luhansk"),
    ("Chernigov", "Chernihiv", "Chernihiv"), ("Lvov", "Lviv", "Lviv"), ("Rovno", "Rivne", "Rivne"),
    ("Zhitomir", "Zhytomyr", "Zhytomyr"), ("Vinnitsa", "Vinnytsia", "Vinnytsia"),
    ("Nikopol", "Nikopol", "Dnipropetrovsk"), ("Krivoy Rog", "Kryvyi Rih", "Dnipropetrovsk"),
    ("Krivyi Rih", "Kryvyi Rih", "Dnipropetrovsk"), ("Kryvyy Rih", "Kryvyi Rih", "Dnipropetrovsk"),
    ("Severodonetsk", "Siverskodonetsk", "Luhansk"), ("Sievierodonetsk", "Siverskodonetsk", "Luhansk"),
    ("Северодонецк", "Siverskodonetsk", "Luhansk"), ("Сєвєродонецьк", "Siverskodonetsk", "Luhansk"),
    ("Lisichansk", "Lysychansk", "Luhansk"), ("Krasnoarmeysk", "Pokrovsk", "Donetsk"),
    ("Красноармейск", "Pokrovsk", "Donetsk"), ("Dzerzhinsk", "Toretsk", "Donetsk"),
    ("Дзержинск", "Toretsk", "Donetsk"), ("Ugledar", "Vuhledar", "Donetsk"), ("Угледар", "Vuhledar", "Donetsk"),
    ("Avdeevka", "Avdiivka", "Donetsk"), ("Avdeyevka", "Avdiivka", "Donetsk"), ("Авдеевка", "Avdiivka", "Donetsk"),
    ("Kramatorsk", "Kramatorsk", "Donetsk"), ("Slavyansk", "Sloviansk", "Donetsk"),
    ("Slovyansk", "Sloviansk", "Donetsk"), ("Славянск", "Sloviansk", "Donetsk"),
    ("Volnovakha", "Volnovakha", "Donetsk"), ("Marinka", "Marinka", "Donetsk"), ("Maryinka", "Marinka", "Donetsk"),
    ("Izyum", "Izium", "Kharkiv"), ("Kupyansk", "Kupiansk", "Kharkiv"), ("Kupiansk", "Kupiansk", "Kharkiv"),
    ("Volchansk", "Vovchansk", "Kharkiv"), ("Волчанск", "Vovchansk", "Kharkiv"),
    ("Energodar", "Enerhodar", "Zaporizhia"), ("Энергодар", "Enerhodar", "Zaporizhia"),
    ("Gulyaipole", "Huliaipole", "Zaporizhia"), ("Hulyaipole", "Huliaipole", "Zaporizhia"),
    ("Гуляйполе", "Huliaipole", "Zaporizhia"), ("Orekhov", "Orikhiv", "Zaporizhia"),
    ("Орехов", "Orikhiv", "Zaporizhia"), ("Rabotino", "Robotyne", "Zaporizhia"),
    ("Работино", "Robotyne", "Zaporizhia"), ("Novaya Kakhovka", "Nova Kakhovka", "Kherson"),
    ("Новая Каховка", "Nova Kakhovka", "Kherson"), ("Ochakov", "Ochakiv", "Mykolaiv"),
    ("Очаков", "Ochakiv", "Mykolaiv"), ("Velykyi Burluk", "Velykyi Burluk", "Kharkiv"),
    ("Chasov Yar", "Chasiv Yar", "Donetsk"), ("Часов Яр", "Chasiv Yar", "Donetsk"),
    ("Bakhmut", "Bakhmut", "Donetsk"), ("Kherson", "Kherson", "Kherson"),
    ("Zmiinyi", "Zmiinyi Island", "Odesa"),
    # towns renamed in 2016 and 2024 that reports from 2022-2023 still call by the old name; an old name that
    # another town still bears ("Pervomaisk", Mykolaiv Oblast) is disambiguated like any same-named places
    ("Pervomaisk", "Sokolohirsk", "Luhansk"), ("Первомайськ", "Sokolohirsk", "Luhansk"),
    ("Krasnyi Luch", "Khrustalnyi", "Luhansk"), ("Krasny Luch", "Khrustalnyi", "Luhansk"),
    ("Красний Луч", "Khrustalnyi", "Luhansk"), ("Красный Луч", "Khrustalnyi", "Luhansk"),
    ("Yuzhne", "Pivdenne", "Odesa"), ("Yuzhny", "Pivdenne", "Odesa"), ("Южне", "Pivdenne", "Odesa"),
    ("Южный", "Pivdenne", "Odesa"), ("Vatutine", "Bahacheve", "Cherkasy"), ("Ватутіне", "Bahacheve", "Cherkasy"),
    ("Pervomaiskyi", "Zlatopil", "Kharkiv"), ("Первомайський", "Zlatopil", "Kharkiv"),
    ("Novomoskovsk", "Samar", "Dnipropetrovsk"), ("Новомосковськ", "Samar", "Dnipropetrovsk"),
    ("Новомосковск", "Samar", "Dnipropetrovsk"), ("Kotovsk", "Podilsk", "Odesa"),
    ("Krasnyi Lyman", "Lyman", "Donetsk"), ("Красний Лиман", "Lyman", "Donetsk"),
    ("Красный Лиман", "Lyman", "Donetsk"),
]

# Features reports use as places: (id, English name, admin1, country, lat, lon, aliases)
FEATURES: list[tuple[str, str, str, str, float, float, list[str]]] = [
    ("feature:kinburn", "Kinburn Spit", "Mykolaiv", "UA", 46.5386, 31.5519,
     ["Kinburn Spit", "Kinburn peninsula", "Кінбурнська коса", "Кинбурнская коса", "Кінбурнській косі",
      "Кинбурнской косе", "Кінбурнської коси", "Кинбурнской косы"]),
    ("feature:znpp", "Zaporizhzhia Nuclear Power Plant", "Zaporizhia", "UA", 47.5119, 34.5856,
     ["Zaporizhzhia NPP", "Zaporizhzhia Nuclear Power Plant", "Zaporizhia NPP", "Zaporizhia nuclear power plant",
      "Zaporizhzhia nuclear plant", "Zaporizhia nuclear plant", "ZNPP", "ЗАЕС", "ЗАЭС", "Запорізька АЕС",
      "Запорізької АЕС", "Запорізькій АЕС", "Запорожская АЭС", "Запорожской АЭС"]),
    ("feature:snake", "Zmiinyi Island", "Odesa", "UA", 45.2553, 30.2047,
     ["Snake Island", "Zmiinyi Island", "Zmiinyi", "Zmeinyi Island", "острів Зміїний", "острові Зміїний",
      "Зміїний", "Зміїному", "Зміїного", "остров Змеиный", "Змеиный", "Змеином", "Змеиного"]),
    ("feature:kerch-bridge", "Crimean Bridge", "Crimea", "UA", 45.3090, 36.5067,
     ["Crimean Bridge", "Kerch Bridge", "Kerch Strait Bridge", "Кримський міст", "Кримському мосту",
      "Кримського мосту", "Крымский мост", "Крымском мосту", "Крымского моста", "Керченський міст",
      "Керченский мост"]),
    ("feature:antonivskyi-bridge", "Antonivskyi Bridge", "Kherson", "UA", 46.6786, 32.7197,
     ["Antonivskyi Bridge", "Antonivsky Bridge", "Antonovsky Bridge", "Antonivka Bridge", "Антонівський міст",
      "Антонівському мосту", "Антонівського мосту", "Антоновский мост", "Антоновском мосту",
      "Антоновского моста"]),
    ("feature:dniprohes", "Dnipro Hydroelectric Power Plant", "Zaporizhia", "UA", 47.8703, 35.0868,
     ["Dnipro Hydroelectric Power Plant", "Dnipro Hydroelectric Station", "Dnipro HPP", "DniproHES",
      "Dniprohes", "Dnieper Hydroelectric Station", "ДніпроГЕС", "Дніпровська ГЕС", "Дніпровської ГЕС",
      "ДнепроГЭС", "Днепрогэс", "Днепровская ГЭС", "Днепровской ГЭС"]),
    ("feature:kakhovka-dam", "Kakhovka Dam", "Kherson", "UA", 46.7786, 33.3714,
     ["Kakhovka dam", "Kakhovka HPP", "Kakhovka hydroelectric power plant", "Kakhovka hydroelectric dam",
      "Kakhovka reservoir dam", "Каховська ГЕС", "Каховської ГЕС", "Каховській ГЕС", "Каховская ГЭС",
      "Каховской ГЭС", "Каховська дамба", "Каховской дамбы"]),
]

# World capitals, coded at country level (admin1 = the city, precision 3 in geo.py is not applied to them).
CAPITALS: list[tuple[str, str, float, float, list[str]]] = [
    ("Moscow", "RU", 55.7558, 37.6173, ["Moscow", "Москва", "Москві", "Москву", "Москвы", "Москве", "Москвою",
                                        "Москвой", "Moskva"]),
    ("Washington", "US", 38.9072, -77.0369, ["Washington", "Вашингтон", "Вашингтоні", "Вашингтоне"]),
    ("Paris", "FR", 48.8566, 2.3522, ["Paris", "Париж", "Парижі", "Париже"]),
    ("London", "GB", 51.5074, -0.1278, ["London", "Лондон", "Лондоні", "Лондоне"]),
    ("Berlin", "DE", 52.52, 13.405, ["Berlin", "Берлін", "Берлін", "Берлине", "Берліні"]),
    ("Warsaw", "PL", 52.2297, 21.0122, ["Warsaw", "Варшава", "Варшаві", "Варшаве", "Варшаву"]),
    ("Minsk", "BY", 53.9006, 27.559, ["Minsk", "Мінськ", "Минск", "Мінську", "Минске"]),
    ("Tbilisi", "GE", 41.7151, 44.8271, ["Tbilisi", "Тбілісі", "Тбилиси"]),
    ("Brussels", "BE", 50.8503, 4.3517, ["Brussels", "Брюссель", "Брюсселі", "Брюсселе"]),
    ("Vilnius", "LT", 54.6872, 25.2797, ["Vilnius", "Вільнюс", "Вильнюс"]),
    ("Riga", "LV", 56.9496, 24.1052, ["Riga", "Рига", "Ризі", "Риге"]),
    ("Tallinn", "EE", 59.437, 24.7536, ["Tallinn", "Таллінн", "Таллин"]),
    ("Chisinau", "MD", 47.0105, 28.8638, ["Chisinau", "Кишинів", "Кишинев", "Кишиневе", "Кишиневі"]),
    ("Bucharest", "RO", 44.4268, 26.1025, ["Bucharest", "Бухарест"]),
    ("Budapest", "HU", 47.4979, 19.0402, ["Budapest", "Будапешт"]),
    ("Ankara", "TR", 39.9334, 32.8597, ["Ankara", "Анкара"]),
    ("Istanbul", "TR", 41.0082, 28.9784, ["Istanbul", "Стамбул"]),
    ("Beijing", "CN", 39.9042, 116.4074, ["Beijing", "Пекін", "Пекин"]),
    ("Tehran", "IR", 35.6892, 51.389, ["Tehran", "Тегеран"]),
    ("Pyongyang", "KP", 39.0392, 125.7625, ["Pyongyang", "Пхеньян"]),
    ("Rome", "IT", 41.9028, 12.4964, ["Rome", "Рим"]),
    ("Geneva", "CH", 46.2044, 6.1432, ["Geneva", "Женева"]),
    ("Helsinki", "FI", 60.1699, 24.9384, ["Helsinki", "Гельсінкі", "Хельсинки"]),
    ("Stockholm", "SE", 59.3293, 18.0686, ["Stockholm", "Стокгольм"]),
    ("Prague", "CZ", 50.0755, 14.4378, ["Prague", "Прага", "Празі", "Праге"]),
    ("Vienna", "AT", 48.2082, 16.3738, ["Vienna", "Відень", "Вена"]),
]

# Cities outside the GeoNames extract that reports name as places of events (military movements through
# Belarus, strikes and sabotage deep in Russia): (name, country, admin1, lat, lon, aliases). Coordinates are
# the city centres, to ~1 km.
FOREIGN_CITIES: list[tuple[str, str, str, float, float, list[str]]] = [
    ("Gomel", "BY", "Gomel", 52.4345, 30.9754, ["Gomel", "Homel", "Homiel", "Гомель", "Гомелі", "Гомеле"]),
    ("Mozyr", "BY", "Gomel", 52.0495, 29.2456, ["Mozyr", "Mazyr", "Мозир", "Мозырь", "Мозирі", "Мозыре"]),
    ("Rechytsa", "BY", "Gomel", 52.3617, 30.3916, ["Rechytsa", "Rechitsa", "Речиця", "Речица"]),
    ("Kalinkavichy", "BY", "Gomel", 52.1323, 29.3257, ["Kalinkavichy", "Kalinkovichi", "Калинковичи"]),
    ("Zhlobin", "BY", "Gomel", 52.8926, 30.0244, ["Zhlobin", "Жлобин"]),
    ("Mogilev", "BY", "Mogilev", 53.9007, 30.3314, ["Mogilev", "Mahilyow", "Mogilyov", "Могильов", "Могилев"]),
    ("Babruysk", "BY", "Mogilev", 53.1384, 29.2214, ["Babruysk", "Bobruisk", "Bobruysk", "Бобруйськ",
                                                     "Бобруйск"]),
    ("Orsha", "BY", "Vitebsk", 54.5081, 30.4172, ["Orsha", "Орша"]),
    ("Vitebsk", "BY", "Vitebsk", 55.1904, 30.2049, ["Vitebsk", "Viciebsk", "Вітебськ", "Витебск"]),
    ("Brest", "BY", "Brest", 52.0976, 23.7341, ["Brest", "Берестя", "Брест"]),
    ("Pinsk", "BY", "Brest", 52.1229, 26.0951, ["Pinsk", "Пінськ", "Пинск"]),
    ("Luninets", "BY", "Brest", 52.2469, 26.8044, ["Luninets", "Лунинец"]),
    ("Baranavichy", "BY", "Brest", 53.1327, 26.0139, ["Baranavichy", "Baranovichi", "Барановичи"]),
    ("Hrodna", "BY", "Grodno", 53.6884, 23.8258, ["Hrodna", "Grodno", "Гродно"]),
    ("Machulishchy", "BY", "Minsk", 53.7767, 27.5781, ["Machulishchy", "Machulishchi", "Мачулищи"]),
    ("Saint Petersburg", "RU", "Saint Petersburg", 59.9311, 30.3609,
     ["Saint Petersburg", "St. Petersburg", "St Petersburg", "Санкт-Петербург", "Петербург"]),
    ("Oryol", "RU", "Oryol", 52.9651, 36.0785, ["Oryol", "Orel", "Орел", "Орёл", "Орлі"]),
    ("Smolensk", "RU", "Smolensk", 54.7826, 32.0453, ["Smolensk", "Смоленськ", "Смоленск"]),
    ("Kaluga", "RU", "Kaluga", 54.5293, 36.2754, ["Kaluga", "Калуга"]),
    ("Tula", "RU", "Tula", 54.1961, 37.6182, ["Tula", "Тула"]),
    ("Ryazan", "RU", "Ryazan", 54.6269, 39.6916, ["Ryazan", "Рязань"]),
    ("Lipetsk", "RU", "Lipetsk", 52.6031, 39.5708, ["Lipetsk", "Липецьк", "Липецк"]),
    ("Tambov", "RU", "Tambov", 52.7212, 41.4523, ["Tambov", "Тамбов"]),
    ("Penza", "RU", "Penza", 53.1959, 45.0183, ["Penza", "Пенза"]),
    ("Saratov", "RU", "Saratov", 51.5331, 46.0342, ["Saratov", "Саратов"]),
    ("Engels", "RU", "Saratov", 51.4989, 46.1257, ["Engels", "Енгельс", "Энгельс"]),
    ("Volgograd", "RU", "Volgograd", 48.7080, 44.5133, ["Volgograd", "Волгоград"]),
    ("Astrakhan", "RU", "Astrakhan", 46.3479, 48.0336, ["Astrakhan", "Астрахань"]),
    ("Elista", "RU", "Kalmykia", 46.3083, 44.2558, ["Elista", "Еліста", "Элиста"]),
    ("Vladikavkaz", "RU", "North Ossetia", 43.0241, 44.6814, ["Vladikavkaz", "Владикавказ"]),
    ("Mozdok", "RU", "North Ossetia", 43.7471, 44.6566, ["Mozdok", "Моздок"]),
    ("Grozny", "RU", "Chechnya", 43.3178, 45.6949, ["Grozny", "Грозний", "Грозный"]),
    ("Makhachkala", "RU", "Dagestan", 42.9849, 47.5047, ["Makhachkala", "Махачкала"]),
    ("Pskov", "RU", "Pskov", 57.8136, 28.3496, ["Pskov", "Псков"]),
    ("Tver", "RU", "Tver", 56.8587, 35.9176, ["Tver", "Твер", "Тверь"]),
    ("Yaroslavl", "RU", "Yaroslavl", 57.6261, 39.8845, ["Yaroslavl", "Ярославль"]),
    ("Nizhny Novgorod", "RU", "Nizhny Novgorod", 56.2965, 43.9361,
     ["Nizhny Novgorod", "Nizhniy Novgorod", "Нижній Новгород", "Нижний Новгород"]),
    ("Kazan", "RU", "Tatarstan", 55.7887, 49.1221, ["Kazan", "Казань"]),
    ("Samara", "RU", "Samara", 53.1959, 50.1002, ["Самара"]),
    ("Yekaterinburg", "RU", "Sverdlovsk", 56.8389, 60.6057, ["Yekaterinburg", "Ekaterinburg", "Єкатеринбург",
                                                              "Екатеринбург"]),
    ("Novosibirsk", "RU", "Novosibirsk", 55.0084, 82.9357, ["Novosibirsk", "Новосибірськ", "Новосибирск"]),
]

# Rivers and river-bank phrases reports use as the place of an event; coded to the stretch on the front line
# (the lower Dnipro between Kherson and Nova Kakhovka; the Siverskyi Donets near Lyman and Bilohorivka).
RIVERS: list[tuple[str, str, str, float, float, list[str]]] = [
    ("river:dnipro", "Dnipro River", "Kherson", 46.70, 33.05,
     ["Dnipro River", "Dnipro river", "Dnieper River", "Dnieper river", "Dnieper", "river Dnipro",
      "the Dnipro", "річка Дніпро", "річку Дніпро", "річці Дніпро", "річки Дніпро", "берег Дніпра",
      "березі Дніпра", "берегу Дніпра", "берега Дніпра", "лівобережжя Дніпра", "лівобережжі Дніпра",
      "река Днепр", "реку Днепр", "реке Днепр", "реки Днепр", "берег Днепра", "берегу Днепра",
      "берега Днепра", "левобережье Днепра", "левобережья Днепра"]),
    ("river:siverskyi-donets", "Siverskyi Donets River", "Donetsk", 48.93, 38.05,
     ["Siverskyi Donets", "Siversky Donets", "Seversky Donets", "Severskiy Donets", "Siverskyi Donets River",
      "Seversky Donets river", "Сіверський Донець", "Сіверського Дінця", "Сіверському Дінці",
      "Северский Донец", "Северского Донца", "Северском Донце"]),
]

# ---------------------------------------------------------------------------------------------- translit

_TR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
_TR_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def translit_uk(text: str) -> str:
    """Official Ukrainian national transliteration (Cabinet of Ministers resolution 55, 2010)."""
    out: list[str] = []
    prev_letter = False
    low = text.lower()
    for i, ch in enumerate(low):
        is_letter = ch.isalpha() or ch in "'’ʼ"
        if ch == "г" and i > 0 and low[i - 1] == "з":
            rep = "gh"  # зг -> zgh, to tell it from ж (zh)
        elif not prev_letter and ch in _TR_INITIAL:
            rep = _TR_INITIAL[ch]
        else:
            rep = _TR.get(ch, ch)
        if text[i].isupper() and rep:
            rep = rep[0].upper() + rep[1:]
        out.append(rep)
        prev_letter = is_letter
    return "".join(out)


_TR_ALT = {**_TR, "я": "ya", "ю": "yu", "є": "ye", "ї": "yi", "й": "y"}
_TR_RU = {**_TR, "г": "g", "и": "i", "і": "i", "ї": "i", "є": "e", "е": "e", "я": "ya", "ю": "yu", "й": "y",
          "ы": "y", "э": "e", "ъ": "", "ё": "e", "х": "kh"}


def _translit(text: str, table: dict[str, str], soft: str = "") -> str:
    out = []
    for ch in text:
        low = ch.lower()
        rep = soft if low == "ь" else table.get(low, low)
        out.append(rep[:1].upper() + rep[1:] if ch.isupper() and rep else rep)
    return "".join(out)


def latin_variants(uk: str, ru: str | None) -> list[str]:
    """Latin spellings other than the official one that reports use for a Ukrainian name.

    "Бородянка" -> "Borodyanka" (ya for я), "Святогірськ" -> "Svyatohirs'k" (apostrophe for ь),
    "Старий Салтів" -> "Stary Saltiv", and a Russian-style romanisation ("Novoselovka", "Pechenegi").
    """
    if not re.search("[а-яіїєґ]", uk.lower()):
        return []
    alt = _translit(uk, _TR_ALT)
    out = [alt, _translit(uk, {**_TR_ALT, "'": "'", "’": "'"}, "'"), re.sub(r"yy\b", "y", alt), re.sub(r"yy\b", "iy", alt)]
    out.append(_translit(ru or uk, _TR_RU))
    official = translit_uk(uk)
    return [v for v in dict.fromkeys(out) if v != official]


def uk_to_ru_guess(name: str) -> str | None:
    """A Russian spelling guess for a Ukrainian village name lacking one (Новоселівка -> Новоселовка)."""
    ru = name
    for a, b in (("ївка", "евка"), ("івка", "овка"), ("ське", "ское"), ("цьке", "цкое"), ("ськ", "ск"),
                 ("цьк", "цк"), ("ї", "и"), ("і", "и"), ("є", "е"), ("'", "ь"), ("’", "ь")):
        ru = ru.replace(a, b)
    return ru if ru != name else None


# ---------------------------------------------------------------------------------------------- model


@dataclass
class Entry:
    id: str
    kind: str
    name: str
    admin1: str | None
    admin2: str | None
    country: str
    lat: float | None
    lon: float | None
    population: int = 0
    precision: int = 1
    aliases: list[str] = field(default_factory=list)
    hromada: str | None = None
    raion_code: str | None = None


def key(s: str) -> str:
    return s.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'").strip()


def dist_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2)) * 111.32
    dy = (a[0] - b[0]) * 110.57
    return math.hypot(dx, dy)


def acled_admin1(gn_admin1: str) -> str:
    return {"Zaporizhzhia": "Zaporizhia"}.get(gn_admin1, gn_admin1)


POSTAL_OBLAST = {
    "Cherkaska": "Cherkasy", "Chernihivska": "Chernihiv", "Chernivetska": "Chernivtsi",
    "Dnipropetrovska": "Dnipropetrovsk", "Donetska": "Donetsk", "Ivano-Frankivska": "Ivano-Frankivsk",
    "Kharkivska": "Kharkiv", "Khersonska": "Kherson", "Khmelnytska": "Khmelnytskyi",
    "Kirovohradska": "Kirovohrad", "Kyiv": "Kyiv City", "Kyivska": "Kyiv", "Luhanska": "Luhansk",
    "Lvivska": "Lviv", "Mykolaivska": "Mykolaiv", "Odeska": "Odesa", "Poltavska": "Poltava",
    "Rivnenska": "Rivne", "Sumska": "Sumy", "Ternopilska": "Ternopil", "Vinnytska": "Vinnytsia",
    "Volynska": "Volyn", "Zakarpatska": "Zakarpattia", "Zaporizka": "Zaporizhia", "Zhytomyrska": "Zhytomyr",
}


# Villages smaller than this keep only GeoNames aliases that look like their current name: their other
# aliases are Soviet/foreign names ("Moldova", "Brest", "Pravda", "Police") that reports use for other things.
# Bigger places keep all (reports still say Artemivsk, Krasnoarmeysk).
KEEP_ALL_ALIASES_POP = 10_000


SIMILAR_ALIAS = 70.0  # rapidfuzz ratio between Latin transliterations


def keep_alias(alias: str, current_uk: str, population: int) -> bool:
    from rapidfuzz import fuzz

    if population >= KEEP_ALL_ALIASES_POP:
        return True
    a = translit_uk(alias).lower().replace("-", " ")
    b = translit_uk(current_uk).lower().replace("-", " ")
    return fuzz.ratio(a, b) >= SIMILAR_ALIAS


def load_geonames(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            d["admin1"] = acled_admin1(d["admin1"])
            d["aliases"] = [a for a in d.get("alternatenames", []) if _ALIAS_OK.match(a)]
            rows.append(d)
    return rows


def load_postal(path: Path) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(admin1, name key) -> distinct coordinates (rounded to ~1 km; one place has many postcodes)."""
    out: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 11 or not p[9]:
                continue
            admin1 = POSTAL_OBLAST.get(p[3])
            if not admin1:
                continue
            ll = (round(float(p[9]), 2), round(float(p[10]), 2))
            lst = out[(admin1, key(p[2]))]
            if all(dist_km(ll, o) > 3 for o in lst):
                lst.append(ll)
    return out


# Placing KATOTTH settlements. Hromadas span about 10-30 km and raions 50-100 km, so a point farther than
# these from the median of the hromada's (raion's) reliably placed settlements belongs to a namesake.
NEAR_HROMADA_KM = 35.0
NEAR_RAION_KM = 70.0
# A unique-name GeoNames match this far from the median of its raion's other unique matches is a GeoNames
# admin1 error (the point is a namesake elsewhere) and is not trusted as an anchor.
ANCHOR_MAX_RAION_KM = 100.0
# Fixed matches for the two cities that are their own admin1 (name key -> geonameid).
FIXED_GEONAMES = {("Kyiv City", "київ"): 703448, ("Sevastopol", "севастополь"): 694423}

Point = tuple[float, float]


def median_point(points: list[Point]) -> Point:
    """Coordinate-wise median: a few misplaced points do not drag it (a mean moved 60 km on one bad point)."""
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def group_centres(items: list[tuple[str | None, Point]]) -> dict[str, Point]:
    acc: dict[str, list[Point]] = defaultdict(list)
    for code, pt in items:
        if code:
            acc[code].append(pt)
    return {c: median_point(v) for c, v in acc.items()}


def take_geonames(e: Entry, d: dict, used_gn: set[int]) -> None:
    """Give a KATOTTH settlement the coordinates, population and aliases of its GeoNames place."""
    used_gn.add(d["geonameid"])
    e.id = f"gn:{d['geonameid']}"
    # keep the official transliteration as the name (ACLED spells "Sloviansk", GeoNames "Slovyansk")
    e.aliases.append(d["name"])
    e.lat, e.lon, e.precision = d["lat"], d["lon"], 1
    e.population = max(e.population, int(d["population"] or 0))
    e.aliases += [a for a in d["aliases"] if a not in e.aliases and keep_alias(a, e.aliases[0], e.population)]


def unique_match(e: Entry, cands: list[dict]) -> dict | None:
    """The one GeoNames place a settlement with an oblast-unique name can be: the only candidate, or the only
    one whose own name is this settlement's transliteration (others carry the name as an old alias)."""
    if len(cands) == 1:
        return cands[0]
    own = [d for d in cands if key(d["name"]) == key(e.name)]
    return own[0] if len(own) == 1 else None


def place_settlements(entries: list[Entry], gn: list[dict], gn_by_name: dict[tuple[str, str], list[dict]],
                      postal: dict[tuple[str, str], list[Point]], used_gn: set[int]) -> dict[str, Point]:
    """Coordinates for every KATOTTH settlement; returns the raion centres.

    Two passes, because an oblast often has several villages of one name and GeoNames/postal points for only
    some of them. Pass 1 trusts names that are unique in the oblast on both sides (one KATOTTH settlement,
    one GeoNames place) and drops those far from their raion's other such matches. Their medians give each
    hromada and raion a reference point. Pass 2 gives every other settlement the nearest GeoNames point
    (precision 1), else postal point (2), within NEAR_HROMADA_KM of its hromada's reference (NEAR_RAION_KM of
    the raion's) — one GeoNames place per settlement, closest pairs first. The rest get the median of their
    hromada's (raion's) placed settlements (3).
    """
    gn_by_id = {d["geonameid"]: d for d in gn}
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        if e.kind == "settlement" and e.lat is None:
            groups[(e.admin1 or "", key(e.aliases[0]))].append(e)

    # pass 1: anchors
    pairs: list[tuple[Entry, dict]] = []
    for k, group in groups.items():
        if k in FIXED_GEONAMES:
            pairs.append((group[0], gn_by_id[FIXED_GEONAMES[k]]))
        elif len(group) == 1:
            d = unique_match(group[0], gn_by_name.get(k, []))
            if d is not None:
                pairs.append((group[0], d))
    taken: dict[int, int] = defaultdict(int)
    for _, d in pairs:
        taken[d["geonameid"]] += 1
    pairs = [(e, d) for e, d in pairs if taken[d["geonameid"]] == 1]  # a point claimed by two names: neither
    raion_ref = group_centres([(e.raion_code, (d["lat"], d["lon"])) for e, d in pairs])
    for e, d in pairs:
        ref = raion_ref.get(e.raion_code or "")
        if ref is None or dist_km((d["lat"], d["lon"]), ref) <= ANCHOR_MAX_RAION_KM or e.population >= 5000:
            take_geonames(e, d, used_gn)

    # pass 2: the nearest point to the hromada (raion) reference, closest pairs first
    placed = [e for e in entries if e.kind == "settlement" and e.lat is not None]
    hromada_ref = group_centres([(e.hromada, (e.lat, e.lon)) for e in placed])  # type: ignore[misc]
    raion_ref = group_centres([(e.raion_code, (e.lat, e.lon)) for e in placed])  # type: ignore[misc]

    def reference(e: Entry) -> tuple[Point, float] | None:
        if e.hromada in hromada_ref:
            return hromada_ref[e.hromada], NEAR_HROMADA_KM  # type: ignore[index]
        if e.raion_code in raion_ref:
            return raion_ref[e.raion_code], NEAR_RAION_KM  # type: ignore[index]
        return None

    options: list[tuple[float, int, Entry, dict]] = []
    for k, group in groups.items():
        cands = [d for d in gn_by_name.get(k, []) if d["geonameid"] not in used_gn]
        for e in group:
            ref = reference(e) if e.lat is None else None
            for d in cands if ref else ():
                dist = dist_km((d["lat"], d["lon"]), ref[0])  # type: ignore[index]
                if dist <= ref[1]:  # type: ignore[index]
                    options.append((dist, d["geonameid"], e, d))
    for _, gid, e, d in sorted(options, key=lambda o: (o[0], o[1])):
        if e.lat is None and gid not in used_gn:
            take_geonames(e, d, used_gn)
    for k, group in groups.items():
        for e in group:
            ref = reference(e)
            if e.lat is not None or ref is None:
                continue
            pts = [(dist_km(p, ref[0]), p) for p in postal.get(k, [])]
            near = min((x for x in pts if x[0] <= ref[1]), default=None)
            if near:
                e.lat, e.lon, e.precision = near[1][0], near[1][1], 2

    # the rest: the median of the hromada's (raion's) placed settlements
    placed = [e for e in entries if e.kind == "settlement" and e.lat is not None]
    hromada_ref = group_centres([(e.hromada, (e.lat, e.lon)) for e in placed])  # type: ignore[misc]
    raion_ref = group_centres([(e.raion_code, (e.lat, e.lon)) for e in placed])  # type: ignore[misc]
    for e in entries:
        if e.kind == "settlement" and e.lat is None:
            c = hromada_ref.get(e.hromada or "") or raion_ref.get(e.raion_code or "")
            if c:
                e.lat, e.lon, e.precision = round(c[0], 4), round(c[1], 4), 3
    return raion_ref



def build(src: Path) -> list[Entry]:
    gn = load_geonames(src / "geonames_cities500_UA_RUborder.jsonl")
    postal = load_postal(src / "geonames_postal_UA.txt")
    kat_oblast = {r[2]: r[0] for r in REGIONS if r[2]}
    kat_oblast["Київ"] = "Kyiv City"
    kat_oblast["Севастополь"] = "Sevastopol"

    # GeoNames index by (admin1, Cyrillic name key) for merging with KATOTTH
    gn_by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for d in gn:
        if d["country"] != "UA":
            continue
        for a in {key(x) for x in d["aliases"] if re.search("[а-яіїєґ]", x.lower())}:
            gn_by_name[(d["admin1"], a)].append(d)
    used_gn: set[int] = set()

    entries: list[Entry] = []
    raions: dict[str, Entry] = {}
    with (src / "katottg_kodifikator_2025-05-16.csv").open(encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        oblast = None
        for row in reader:
            codes, cat, name = row[:5], row[5], row[6].strip()
            if cat == "O":
                oblast = kat_oblast[name]
                continue
            if cat == "K":
                oblast = kat_oblast[name]
                # the city itself (Kyiv, Sevastopol): settlement in its own admin1
                entries.append(Entry("katottg:" + codes[0], "settlement", translit_uk(name), oblast, None, "UA",
                                     None, None, aliases=[name], hromada=codes[0], raion_code=codes[0]))
                continue
            if cat == "P":
                raions[codes[1]] = Entry("katottg:" + codes[1], "raion", translit_uk(name), oblast,
                                         translit_uk(name), "UA", None, None, aliases=[name + " район"])
                continue
            if cat not in ("M", "X", "C"):
                continue  # H hromadas (named after their centre), B city districts
            raion = raions.get(codes[1])
            e = Entry("katottg:" + codes[3], "settlement", translit_uk(name), oblast,
                      raion.admin2 if raion else None, "UA", None, None, aliases=[name],
                      hromada=codes[2], raion_code=codes[1])
            e.population = {"M": 5000, "X": 1000, "C": 0}[cat]  # prior when GeoNames has no population
            entries.append(e)

    rcentres = place_settlements(entries, gn, gn_by_name, postal, used_gn)
    entries = [e for e in entries if e.lat is not None]

    # Russian guesses and the transliteration as aliases of KATOTTH-only names; the spellings English reports
    # use besides the official one (Borodyanka, Svyatohirs'k, Stary Saltiv, Novoselovka) for every settlement
    for e in entries:
        base = e.aliases[0]
        if e.name not in e.aliases:
            e.aliases.append(e.name)
        ru = uk_to_ru_guess(base)
        if ru and e.id.startswith("katottg:"):
            e.aliases.append(ru)
        e.aliases += [v for v in latin_variants(base, ru) if v not in e.aliases]

    # raions: centre of their settlements; aliases "Pokrovskyi raion", "Pokrovsk district"
    by_raion_names: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.raion_code:
            by_raion_names[e.raion_code].add(e.name)
    for code, r in raions.items():
        c = rcentres.get(code)
        if not c:
            continue
        r.lat, r.lon, r.precision = round(c[0], 4), round(c[1], 4), 3
        tr = r.name
        r.aliases += [f"{tr} raion", f"{tr} district"]
        stem = re.sub(r"(s|ts)kyi$", "", tr)
        for centre in (stem, stem + "sk", stem + "tsk", stem + "ske"):
            if centre in by_raion_names[code]:
                r.aliases += [f"{centre} raion", f"{centre} district"]
                break
        uk = r.aliases[0].split()[0]
        r.aliases += [f"{uk[:-2]}ому районі", f"{uk[:-2]}ого району", f"{uk[:-2]}ий р-н"]
        entries.append(r)

    # GeoNames places KATOTTH did not take (Russia, Kyiv districts, Crimean spellings)
    for d in gn:
        if d["geonameid"] in used_gn:
            continue
        kind = "city_district" if d["admin1"] == "Kyiv City" else "settlement"
        pop = int(d["population"] or 0)
        aliases = [a for a in d["aliases"] if keep_alias(a, d["name"], pop)] or [d["name"]]
        entries.append(Entry(f"gn:{d['geonameid']}", kind, d["name"], d["admin1"], None, d["country"],
                             d["lat"], d["lon"], pop, 1, aliases))

    by_name_admin1: dict[tuple[str, str | None], Entry] = {}
    for e in sorted(entries, key=lambda x: x.population):
        if e.kind == "settlement":
            by_name_admin1[(e.name, e.admin1)] = e
    # regions
    for admin1, cc, _kat, capital, en, uk_stem, ru_stem, extra in REGIONS:
        cap = by_name_admin1.get((capital, admin1)) or by_name_admin1.get((capital, "Kyiv City"))
        if cap is None:
            cap = next((e for e in entries if e.name == capital and e.country == cc), None)
        if cap is None:
            print(f"warning: no capital {capital} for {admin1}", file=sys.stderr)
            continue
        aliases = list(extra)
        for x in dict.fromkeys(en):
            aliases += [f"{x} Oblast", f"{x} oblast", f"{x} region", f"{x} Region", f"{x} province", f"{x} obl"]
        if uk_stem:
            for end in ("а", "ої", "ій", "у", "ою"):
                for noun in ("область", "області", "обл", "областю"):
                    aliases.append(f"{uk_stem}{end} {noun}")
        if ru_stem:
            for end in ("ая", "ой", "ую"):
                for noun in ("область", "области", "обл", "областью"):
                    aliases.append(f"{ru_stem}{end} {noun}")
        entries.append(Entry(f"region:{admin1}", "oblast", admin1 if cc == "RU" or admin1 in ("Crimea",)
                             else f"{admin1} Oblast", admin1, None, cc, cap.lat, cap.lon, 0, 3,
                             list(dict.fromkeys(aliases))))
    # old names -> aliases of the current entry
    for fid, name, admin1, cc, lat, lon, aliases in FEATURES:
        entries.append(Entry(fid, "feature", name, admin1, None, cc, lat, lon, 0, 1, aliases))
        by_name_admin1[(name, admin1)] = entries[-1]
    for alias, name, admin1 in OLD_NAMES:
        target = by_name_admin1.get((name, admin1))
        if target is None:
            target = next((e for e in entries if e.name == name and e.kind == "settlement"), None)
        if target is None:
            print(f"warning: old name {alias}: no {name} in {admin1}", file=sys.stderr)
            continue
        if alias not in target.aliases:
            target.aliases.append(alias)
    for name, cc, admin1, lat, lon, aliases in FOREIGN_CITIES:
        entries.append(Entry(f"city:{cc}:{name}", "settlement", name, admin1, None, cc, lat, lon, 300_000, 1,
                             aliases))
    for rid, name, admin1, lat, lon, aliases in RIVERS:
        entries.append(Entry(rid, "river", name, admin1, None, "UA", lat, lon, 0, 3, aliases))
    drop_other_places_names(entries)
    for name, cc, lat, lon, aliases in CAPITALS:
        entries.append(Entry(f"capital:{name}", "country", name, name, None, cc, lat, lon, 1_000_000, 3, aliases))
    return entries


def drop_other_places_names(entries: list[Entry]) -> None:
    """Drop a town's historical aliases that are the current names of other settlements.

    GeoNames lists Donetsk's 19th-century name "Oleksandrivka" and Kyiv districts' namesakes ("Shevchenko");
    a report saying "Oleksandrivka" means one of the villages so named today, never the city.
    """
    current: set[str] = set()
    for e in entries:
        if e.kind == "settlement" and e.country == "UA" and e.aliases:
            current.add(key(e.name))
            current.add(key(e.aliases[0]))
    keep = {key(a) for a, _, _ in OLD_NAMES}
    for e in entries:
        if e.kind not in ("settlement", "city_district") or not e.aliases:
            continue
        own = {key(e.name), key(e.aliases[0])}
        if e.id.startswith("gn:") and len(e.aliases) > 1:
            own.add(key(e.aliases[1]))  # GeoNames' own name of a renamed town ("Pervomaisk", now Sokolohirsk)
        e.aliases = [a for a in e.aliases if key(a) in own or key(a) in keep or key(a) not in current]


# Ukrainian words that are also village names; pymorphy3's Ukrainian dictionary lists place names as plain
# nouns (Харків is NOUN without Geox), so it cannot tell them apart and this short list does instead.
UK_COMMON = {
    "перемога", "щастя", "мир", "дружба", "слобода", "зоря", "нова", "надія", "воля", "світанок", "праця",
    "слава", "рай", "поле", "гай", "жовтень", "схід", "промінь", "зірка", "маяк", "калина", "сад", "сади",
    "майдан", "зелене", "веселе", "мирне", "вільне", "червоне", "красне", "широке", "степове", "садове",
    "нове", "новий", "старе", "сонячне", "лісове", "робітниче", "шахта", "шахтарське", "заводське", "комуна",
    "прогрес", "вишневе", "привільне", "добре", "хороше", "гірське", "польове", "озерне", "підгірне", "кут",
    "берег", "криниця", "діброва", "лука", "луг", "гора", "горби", "балка", "яр", "база", "колонія", "радість",
    "дача", "дачне", "урожай", "пожежа", "вибух", "тривога", "фабрика", "фронт", "центр", "мости", "міст", "межа", "кордон", "застава",
    "партизани", "переможне",
}


def mark_common_words(entries: list[Entry]) -> None:
    """Prefix with '~' the single-word Cyrillic aliases that are also ordinary words (Перемога, Щастя).

    Russian: pymorphy3's Russian dictionary tags place names Geox, so a known word without a Geox parse is a
    common word (Победа, Дружба, Слобода). Ukrainian: the UK_COMMON list above.
    """
    import pymorphy3

    ru = pymorphy3.MorphAnalyzer(lang="ru")
    cache: dict[str, bool] = {}

    def common(word: str) -> bool:
        k = word.lower().replace("ё", "е")
        if k not in cache:
            res = k in UK_COMMON
            if not res and not re.search("[іїєґ']", k) and ru.word_is_known(k):
                parses = ru.parse(k)
                res = not any("Geox" in p.tag or "Surn" in p.tag or "Name" in p.tag for p in parses)
            cache[k] = res
        return cache[k]

    for e in entries:
        if e.kind not in ("settlement", "city_district"):
            continue
        e.aliases = [("~" + a if (" " not in a and re.match("^[А-ЯЁІЇЄҐ]", a) and common(a)) else a)
                     for a in e.aliases]


def write(entries: list[Entry], out: Path) -> None:
    from sitroom.reading.gazetteer import encode_keys, parse_aliases

    out.parent.mkdir(parents=True, exist_ok=True)
    entries.sort(key=lambda e: e.id)
    endings_ids: dict[frozenset[str], int] = {}
    lines = []
    for e in entries:
        aliases = "|".join(dict.fromkeys(a.replace("|", " ").replace("\t", " ").replace("#", " ")
                                         for a in e.aliases))
        keys = encode_keys(parse_aliases(aliases), endings_ids)
        lines.append("\t".join([e.id, e.kind, e.name, e.admin1 or "", e.admin2 or "", e.country,
                                f"{e.lat:.5f}", f"{e.lon:.5f}", str(e.population), str(e.precision), aliases,
                                keys]) + "\n")
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# Derived from GeoNames (CC BY 4.0, https://www.geonames.org) and the KATOTTH codifier "
                "(Ukrainian government open data). Built by scripts/build_gazetteer.py\n")
        f.write("# columns: id kind name admin1 admin2 country lat lon population coord_precision aliases keys\n")
        for ends, i in sorted(endings_ids.items(), key=lambda x: x[1]):
            f.write(f"#E\t{i}\t{','.join(sorted(ends))}\n")
        f.writelines(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not args.src.is_dir():
        print(f"gazetteer sources not found: {args.src}", file=sys.stderr)
        return 2
    entries = build(args.src)
    mark_common_words(entries)
    write(entries, args.out)
    kinds: dict[str, int] = defaultdict(int)
    for e in entries:
        kinds[f"{e.kind}/p{e.precision}"] += 1
    print(f"wrote {len(entries)} entries to {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): {dict(kinds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
