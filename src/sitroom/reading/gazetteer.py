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

Loading the data file and building the geoparser's name matcher cost about a second, every process. Both
are kept in a **cache** (``read_cache``/``write_cache``): pickled files named after a hash of the packaged data
file (plus a format version and the library versions that shape them), so a changed gazetteer, sitroom or
pyahocorasick never reads an old cache. The first process builds and writes them; later ones load them in a
fraction of the time. Where: ``$SITROOM_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/sitroom`` (default
``~/.cache/sitroom``). A folder that cannot be written (a read-only home, a sandbox) only means building in
memory each time; a missing, stale, truncated or otherwise unreadable cache file is rebuilt. Nothing is
fetched: the cache is derived from the packaged file alone.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import itertools
import os
import pickle
import re
import sys
import tempfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sitroom.models import Place

DATA_FILE = "gazetteer.tsv.gz"
# Bump when what a cache file holds changes shape (gazetteer state, matcher state in geo.py).
CACHE_FORMAT = 1
CACHE_ENV = "SITROOM_CACHE_DIR"

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


class PlaceColumns:
    """The places as columns: six string columns (None stored as "") and four numeric arrays."""

    __slots__ = ("place_id", "name", "kind", "admin1", "admin2", "country", "lat", "lon", "population",
                 "coord_precision")

    def __init__(self, strings: Sequence[list[str]], lat: array[float], lon: array[float], population: array[int],
                 coord_precision: array[int]) -> None:
        self.place_id, self.name, self.kind, self.admin1, self.admin2, self.country = strings
        self.lat, self.lon, self.population, self.coord_precision = lat, lon, population, coord_precision

    @classmethod
    def of(cls, places: Sequence[Place]) -> PlaceColumns:
        return cls(
            [[p.place_id for p in places], [p.name for p in places], [p.kind for p in places],
             [p.admin1 or "" for p in places], [p.admin2 or "" for p in places], [p.country for p in places]],
            array("d", (p.lat for p in places)), array("d", (p.lon for p in places)),
            array("q", (p.population for p in places)), array("q", (p.coord_precision for p in places)),
        )

    def __len__(self) -> int:
        return len(self.place_id)

    def place(self, i: int) -> Place:
        return Place(self.place_id[i], self.name[i], self.kind[i], self.admin1[i] or None, self.admin2[i] or None,
                     self.country[i], self.lat[i], self.lon[i], self.population[i], self.coord_precision[i])

    def state(self) -> tuple[Any, ...]:
        strings = tuple("\n".join(c) for c in (self.place_id, self.name, self.kind, self.admin1, self.admin2,
                                                self.country))
        return strings, self.lat, self.lon, self.population, self.coord_precision

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> PlaceColumns:
        strings, lat, lon, population, coord_precision = state
        cols = cls([s.split("\n") for s in strings], lat, lon, population, coord_precision)
        if not all(len(c) == len(lat) for c in (cols.place_id, cols.name, cols.kind, cols.admin1, cols.admin2,
                                                cols.country, lon, population, coord_precision)):
            raise ValueError("columns of different lengths")
        return cols


class PlaceTable(dict[int, Place]):
    """Place index -> ``Place``, made from the columns on first use (a corpus names a few thousand of the
    31,000 places; making them all costs more than the rest of a cached load). A dict subclass, so a made
    place is a plain dict lookup; ``__missing__`` runs once per place."""

    def __init__(self, columns: PlaceColumns) -> None:
        super().__init__()
        self.columns = columns

    def __missing__(self, i: int) -> Place:
        if not 0 <= i < len(self.columns):
            raise KeyError(i)
        p = self[i] = self.columns.place(i)
        return p


class Gazetteer:
    """All entries, their aliases and match keys, lookup by id.

    ``places`` is the list of entries; ``table`` the same ``Place`` objects by index, made on first use when
    the gazetteer came from the cache (``columns`` has every field of every place without making them).
    """

    def __init__(self, places: list[Place], alias_fields: list[str], key_fields: list[str],
                 endings: list[frozenset[str]]) -> None:
        self.columns = PlaceColumns.of(places)
        self.table = PlaceTable(self.columns)
        self.table.update(enumerate(places))
        self._places: list[Place] | None = places
        self._alias_fields: list[str] | None = alias_fields
        self._key_fields: list[str] | None = key_fields
        # A cached gazetteer keeps both columns as two joined strings until something needs them (search,
        # keys): the running pipeline never does, and splitting them costs as much as the rest of the load.
        self._fields_blob: tuple[str, str] | None = None
        self.endings = endings
        self._index()

    def _index(self) -> None:
        cols = self.columns
        self.by_id = dict(zip(cols.place_id, range(len(cols)), strict=True))
        self.regions = {cols.admin1[i]: self.table[i] for i, kind in enumerate(cols.kind)
                        if kind == "oblast" and cols.admin1[i]}
        self.digest = ""  # the data file's cache key (``data_digest``) when it is the packaged file

    @property
    def places(self) -> list[Place]:
        if self._places is None:
            table = self.table
            self._places = [table[i] for i in range(len(self.columns))]
        return self._places

    def _columns(self) -> tuple[list[str], list[str]]:
        """(alias column, key column), one field per place."""
        if self._alias_fields is None or self._key_fields is None:
            assert self._fields_blob is not None
            self._alias_fields = self._fields_blob[0].split("\n")
            self._key_fields = self._fields_blob[1].split("\n")
            self._fields_blob = None
        return self._alias_fields, self._key_fields

    def cache_state(self) -> tuple[Any, ...]:
        """What the cache keeps: the place columns, the alias and key columns joined, the endings table."""
        aliases, keys = self._columns()
        return self.columns.state(), "\n".join(aliases), "\n".join(keys), [sorted(e) for e in self.endings]

    @classmethod
    def from_cache_state(cls, state: tuple[Any, ...]) -> Gazetteer:
        columns, aliases, keys, endings = state
        gaz = cls.__new__(cls)
        gaz.columns = PlaceColumns.from_state(columns)
        gaz.table = PlaceTable(gaz.columns)
        gaz._places = None
        gaz._alias_fields = gaz._key_fields = None
        gaz._fields_blob = (aliases, keys)
        gaz.endings = [frozenset(e) for e in endings]
        gaz._index()
        return gaz

    def __len__(self) -> int:
        return len(self.columns)

    def get(self, place_id: str) -> Place | None:
        i = self.by_id.get(place_id)
        return self.table[i] if i is not None else None

    def aliases(self, index: int) -> list[Alias]:
        return parse_aliases(self._columns()[0][index])

    def search(self, name: str) -> list[Place]:
        """Entries with this exact alias (case-insensitive), biggest first. For tests and the CLI."""
        k = name_key(name)
        hits = [p for i, p in enumerate(self.places) if any(name_key(a.surface) == k for a in self.aliases(i))]
        return sorted(hits, key=lambda p: -p.population)

    def keys(self) -> Iterable[tuple[str, frozenset[str], int, bool]]:
        """(stem key, allowed endings, place index, common word) for every alias, see ``name_stems``."""
        endings = self.endings
        for i, field in enumerate(self._columns()[1]):
            for item in field.split("|") if field else ():
                k, _, eid = item.rpartition("#")
                if k.startswith("~"):
                    yield " " + k[1:], endings[int(eid)], i, True
                else:
                    yield " " + k, endings[int(eid)], i, False


def data_bytes() -> bytes:
    """The packaged data file, as stored (gzip)."""
    return resources.files("sitroom").joinpath("data", DATA_FILE).read_bytes()


def load(path: str | Path | None = None) -> Gazetteer:
    """Read the gazetteer TSV (gzip). Default: the copy packaged in sitroom/data."""
    raw = data_bytes() if path is None else Path(path).read_bytes()
    return parse(raw)


def parse(raw: bytes) -> Gazetteer:
    """The gazetteer of a data file's bytes (gzip-compressed TSV)."""
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


# --- the cache ------------------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where cache files go: $SITROOM_CACHE_DIR, else $XDG_CACHE_HOME/sitroom (default ~/.cache/sitroom)."""
    own = os.environ.get(CACHE_ENV)
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitroom"


def data_digest(raw: bytes, *parts: str) -> str:
    """The cache key of a data file: a hash of its bytes, the cache format, the Python version and ``parts``
    (versions and constants that shape what is cached)."""
    h = hashlib.sha256(raw)
    h.update(repr((CACHE_FORMAT, sys.version_info[:2], pickle.DEFAULT_PROTOCOL, parts)).encode())
    return h.hexdigest()[:24]


def _cache_path(kind: str, digest: str) -> Path:
    return cache_dir() / f"{kind}-{digest}.pickle"


def read_cache(kind: str, digest: str) -> Any | None:
    """The object a cache file of this kind and key holds, or None (absent, unreadable, corrupt, another key).

    A cache file is a pickle of ``(kind, digest, payload)``; the pair is checked, so a file renamed or
    copied in from another version is not trusted.
    """
    try:
        with _cache_path(kind, digest).open("rb") as fh:
            got = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # truncated, corrupt, written by an incompatible library: rebuild
        return None
    if not (isinstance(got, tuple) and len(got) == 3 and got[0] == kind and got[1] == digest):
        return None
    return got[2]


def write_cache(kind: str, digest: str, payload: Any) -> Path | None:
    """Write a cache file atomically (a temporary file renamed into place) and delete this kind's files of
    other keys. Returns the path, or None when the folder cannot be written (the caller goes on without)."""
    folder = cache_dir()
    target = _cache_path(kind, digest)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((kind, digest, payload), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a shared cache folder must be readable by all
        os.replace(tmp, target)
        tmp = None
    except OSError:
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    for old in folder.glob(f"{kind}-*.pickle"):
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()
    return target


def cached_default() -> Gazetteer:
    """The packaged gazetteer, from the cache when it holds this data file, else parsed (and cached)."""
    raw = data_bytes()
    digest = data_digest(raw)
    state = read_cache("gazetteer", digest)
    gaz = None
    if state is not None:
        try:
            gaz = Gazetteer.from_cache_state(state)
        except Exception:  # a payload of the right key but the wrong shape: rebuild
            gaz = None
    if gaz is None:
        gaz = parse(raw)
        write_cache("gazetteer", digest, gaz.cache_state())
    gaz.digest = digest
    return gaz


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return cached_default()
