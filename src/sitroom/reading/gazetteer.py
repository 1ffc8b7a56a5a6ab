"""The packaged gazetteer: places of Ukraine and the Russian border regions, with their names in en/uk/ru.

The data file (data/gazetteer.tsv.gz) is built by scripts/build_gazetteer.py from GeoNames (CC BY 4.0) and
the KATOTTH codifier. This module loads it into ``Place`` records and turns every alias into match keys:

- ``normalise`` maps text to a same-length, lower-case form in which every non-letter (punctuation, digits,
  apostrophes, hyphens) is a space, so "Ivano-Frankivsk", "Kharkiv's" and "Куп'янськ" match keys built the
  same way, and a key padded with spaces (" херсон ") can only match whole words;
- ``name_forms`` adds the case forms of Cyrillic names by ending rules ("Херсон" -> "Херсоні", "Херсоне";
  "Новоселівка" -> "Новоселівці"; "Часів Яр" -> "Часовому Яру"; "Кривий Ріг" -> "Кривому Розі"), cheaper
  than a morphological analyser at match time (a dictionary lookup per word) and good enough because a form
  only counts when the whole word matches.
"""

from __future__ import annotations

import gzip
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sitroom.models import Place

DATA_FILE = "gazetteer.tsv.gz"

# Characters that separate words for matching. Everything else that is not a letter also becomes a space
# through the fallback in ``normalise``; ``_SEPARATOR`` covers the common cases in one pass.
_SEPARATORS = "\t\n\r\f\v!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789«»“”„‘’ʼ`´–—―…·•№\u00a0\u2009\u202f"
# One regex substitution is about 6x faster than str.translate with a mapping (a dict lookup per character).
_SEPARATOR = re.compile("[" + re.escape(_SEPARATORS) + "]")
_SPACES = re.compile(r" {2,}")

# Ending rules for Cyrillic names: (ending, replacement endings). The first matching rule wins, so longer
# endings come first. Ukrainian and Russian forms are generated together (a form that is not a real word
# never occurs in text, so the extra keys cost only memory).
_ADJ_M = ("ого", "ому", "им", "ім", "ым", "ом")
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("ий", ("ий", "ого", "ому", "им", "ім")),
    ("ый", ("ый", "ого", "ому", "ым", "ом")),
    ("ой", ("ой", "ого", "ому", "ым", "ом")),
    ("ій", ("ій", "ього", "ьому", "ім")),
    ("ська", ("ська", "ської", "ській", "ську", "ською")),
    ("цька", ("цька", "цької", "цькій", "цьку", "цькою")),
    ("ская", ("ская", "ской", "скую", "скою")),
    ("цкая", ("цкая", "цкой", "цкую", "цкою")),
    ("ое", ("ое", "ого", "ому", "ом", "ым")),
    ("ее", ("ее", "его", "ему", "ем", "им")),
    ("ье", ("ье", "ья", "ью", "ьем", "ьи")),
    ("ів", ("ів", "ова", "ові", "ову", "овом", "ового", "овому", "овим", "овім")),
    ("їв", ("їв", "єва", "єві", "єву", "євом", "євого", "євому")),
    ("ка", ("ка", "ки", "ці", "ку", "кою", "ке", "кой", "ки")),
    ("га", ("га", "ги", "зі", "гу", "гою", "ге", "гой")),
    ("ха", ("ха", "хи", "сі", "ху", "хою", "хе", "хой")),
    ("а", ("а", "и", "і", "у", "ою", "ой", "е", "ы")),
    ("я", ("я", "і", "ї", "ю", "ею", "ей", "е", "и", "ям")),
    ("е", ("е", "ого", "ому", "им", "ім", "і", "я", "ю", "ем")),
    ("о", ("о", "а", "у", "ом", "е", "і")),
    ("и", ("и", "ах", "ам", "ами", "ів")),
    ("ы", ("ы", "ах", "ам", "ами", "ов")),
    ("і", ("і", "ях", "ям", "ями", "ів")),
    ("ь", ("ь", "я", "і", "ю", "ем", "е")),
]
_CONSONANT_ENDINGS = ("", "а", "у", "і", "ом", "е", "ові", "ого", "ому")
_IRREGULAR = {
    "ріг": ("ріг", "рогу", "рога", "розі", "рогом"),
    "ірпінь": ("ірпінь", "ірпеня", "ірпені", "ірпенем", "ірпеню"),
    "рог": ("рог", "рога", "роге", "рогу", "рогом"),
    "київ": ("київ", "києва", "києві", "києву", "києвом"),
    "киев": ("киев", "киева", "киеве", "киеву", "киевом"),
    "львів": ("львів", "львова", "львові", "львову", "львовом"),
}
_CYRILLIC = re.compile("[а-яіїєґ]")
_VOWELS = set("аеиіїоуюяєыэ")
# Forms shorter than this are not generated: "Суми" -> "Сум" would match a word fragment elsewhere.
MIN_FORM_LEN = 4
# Cross products of per-word forms for multi-word names are capped (3-word names explode otherwise).
MAX_MULTIWORD_FORMS = 60


def normalise(text: str) -> str:
    """Lower-case, same length as ``text``; non-letters become spaces."""
    low = text.lower()
    if len(low) != len(text):  # rare characters whose lower case is longer (İ): map one by one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _SEPARATOR.sub(" ", low).replace("ё", "е")


def name_key(name: str) -> str:
    """The match key of a name: normalised, single-spaced, padded with spaces at both ends."""
    return " " + _SPACES.sub(" ", normalise(name).strip()) + " "


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[str, ...]:
    """Case forms of one lower-case Cyrillic word (the word itself first)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not _CYRILLIC.search(word) or len(word) < 2:
        return (word,)
    for ending, repl in _RULES:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            forms = [stem + r for r in repl]
            break
    else:
        forms = [word + e for e in _CONSONANT_ENDINGS] if word[-1] not in _VOWELS else [word]
    return tuple(dict.fromkeys(f for f in forms if len(f) >= MIN_FORM_LEN or f == word or len(word) < MIN_FORM_LEN))


@lru_cache(maxsize=65536)
def word_stem(word: str) -> tuple[str, frozenset[str]]:
    """(common prefix of all case forms, the endings after it): "харків" -> ("харк", {"ів", "ова", ...})."""
    forms = word_forms(word)
    if len(forms) == 1:
        return word, frozenset([""])
    stem = forms[0]
    for f in forms[1:]:
        while not f.startswith(stem):
            stem = stem[:-1]
    return stem, frozenset(f[len(stem):] for f in forms)


def name_stems(name: str) -> list[tuple[str, frozenset[str]]]:
    """Match keys of a name: (" " + words + stem of the last word, allowed endings of the last word).

    The words before the last take all their case forms ("Часів Яр" -> " часів яр", " часового яр", ...);
    the last word is indexed by its stem and its ending is checked at match time, which keeps the automaton
    at ~1 key per name instead of ~10.
    """
    words = _SPACES.sub(" ", normalise(name).strip()).split(" ")
    if not words or not words[0]:
        return []
    if not _CYRILLIC.search(name.lower()):
        return [(" " + " ".join(words), frozenset([""]))]
    stem, endings = word_stem(words[-1])
    heads = [word_forms(w) for w in words[:-1]]
    out = []
    for combo in itertools.islice(itertools.product(*heads), MAX_MULTIWORD_FORMS):
        out.append((" " + " ".join((*combo, stem)), endings))
    return out


def name_forms(name: str) -> list[str]:
    """All full forms of a name (for tests and debugging), e.g. "Херсон" -> "херсон", "херсоні", ..."""
    return sorted({k[1:] + e for k, ends in name_stems(name) for e in ends})


@dataclass(frozen=True, slots=True)
class Alias:
    surface: str
    common: bool  # also an ordinary word ("Перемога"): geo.py wants a place cue before it


def parse_aliases(field: str) -> list[Alias]:
    return [Alias(a[1:], True) if a.startswith("~") else Alias(a, False) for a in field.split("|") if a]


def encode_keys(aliases: list[Alias], endings_ids: dict[frozenset[str], int]) -> str:
    """The keys column of the data file: "~"common + key (without the leading space) + "#" + endings id."""
    out: dict[str, None] = {}
    for a in aliases:
        for k, ends in name_stems(a.surface):
            eid = endings_ids.setdefault(ends, len(endings_ids))
            out[("~" if a.common else "") + k[1:] + "#" + str(eid)] = None
    return "|".join(out)


class Gazetteer:
    """All entries, their aliases and match keys, lookup by id."""

    def __init__(self, places: list[Place], alias_fields: list[str], key_fields: list[str],
                 endings: list[frozenset[str]]) -> None:
        self.places = places
        self._alias_fields = alias_fields
        self._key_fields = key_fields
        self.endings = endings
        self.by_id = {p.place_id: i for i, p in enumerate(places)}
        self.regions = {p.admin1: p for p in places if p.kind == "oblast" and p.admin1}

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place | None:
        i = self.by_id.get(place_id)
        return self.places[i] if i is not None else None

    def aliases(self, index: int) -> list[Alias]:
        return parse_aliases(self._alias_fields[index])

    def search(self, name: str) -> list[Place]:
        """Entries with this exact alias (case-insensitive), biggest first. For tests and the CLI."""
        k = name_key(name)
        hits = [p for i, p in enumerate(self.places) if any(name_key(a.surface) == k for a in self.aliases(i))]
        return sorted(hits, key=lambda p: -p.population)

    def keys(self) -> Iterable[tuple[str, frozenset[str], int, bool]]:
        """(stem key, allowed endings, place index, common word) for every alias, see ``name_stems``."""
        endings = self.endings
        for i, field in enumerate(self._key_fields):
            for item in field.split("|") if field else ():
                k, _, eid = item.rpartition("#")
                if k.startswith("~"):
                    yield " " + k[1:], endings[int(eid)], i, True
                else:
                    yield " " + k, endings[int(eid)], i, False


def load(path: str | Path | None = None) -> Gazetteer:
    """Read the gazetteer TSV (gzip). Default: the copy packaged in sitroom/data."""
    if path is None:
        raw = resources.files("sitroom").joinpath("data", DATA_FILE).read_bytes()
    else:
        raw = Path(path).read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    places: list[Place] = []
    alias_fields: list[str] = []
    key_fields: list[str] = []
    endings: list[frozenset[str]] = []
    for line in text.split("\n"):
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#E\t"):  # endings table: "#E<TAB>id<TAB>ending,ending,..."
                _, _, ends = line.split("\t")
                endings.append(frozenset(ends.split(",")))
            continue
        f = line.split("\t")
        places.append(Place(f[0], f[2], f[1], f[3] or None, f[4] or None, f[5], float(f[6]), float(f[7]),
                            int(f[8]), int(f[9])))
        alias_fields.append(f[10])
        key_fields.append(f[11])
    return Gazetteer(places, alias_fields, key_fields, endings)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load()
