"""Language identification for the three languages sitroom reads: English, Ukrainian, Russian.

Approach (cheapest decisive check first, all C-speed ``str.count``/regex over a bounded sample):

1. Script: count Latin vs Cyrillic letters in the first ``SAMPLE_CHARS`` characters. Latin majority (or no
   letters at all) -> ``"en"``. sitroom only reads en/uk/ru, so any Latin-script text is treated as English.
2. Cyrillic: letters that exist in only one of the two alphabets decide. Ukrainian has і ї є ґ (and the
   apostrophe inside words), Russian has ы э ъ ё. Each is frequent in running text (і ~5 % of Ukrainian
   letters, ы ~2 % of Russian ones), so any sentence longer than a few words almost always contains one.
   Mixed counts happen (a Russian text quoting "Київ", a Ukrainian one quoting a Russian name); the side
   with ``MARKER_RATIO`` times more markers wins.
3. Only when the markers do not decide (short headlines such as "Удар по Харкову", or balanced counts) ask
   ``simplemma.langdetect`` restricted to ("uk", "ru"): dictionary look-ups of each word, ~50 µs a headline.

Measured on 2,737 VIINA headlines whose outlet/URL gives the language (tests/test_lang.py::
test_viina_accuracy): 2,735 correct (99.93 %; the two misses are English quotes filed under a Russian outlet),
~21 µs a headline. simplemma alone scores 49/50 on headlines but ties often on Russian ones (its Ukrainian
dictionary holds Russian forms), hence the marker-rate tie-break below.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A few hundred letters settle the script and almost always contain marker letters; bounding the sample keeps
# detection O(1) per document (a 1 MB page costs the same as a headline).
SAMPLE_CHARS = 2000
# The marker side must outnumber the other this many times to decide without simplemma. 3x: a Ukrainian
# paragraph quoting one Russian word (or vice versa) still decides, a truly mixed text goes to simplemma.
MARKER_RATIO = 3.0
# Cyrillic must be at least this share of the letters for the text to count as Cyrillic. 0.5: English
# reports that quote a Ukrainian place name or two stay English, a Russian text with Latin brand names stays
# Russian.
CYRILLIC_SHARE = 0.5

# Share of letters that are markers in running text (letter-frequency tables): Ukrainian і ~5.5 %, є ~0.8 %,
# ї ~0.6 %; Russian ы ~1.9 %, э ~0.3 %, ё ~0.2 % (often written е), ъ ~0.04 %. Used only to break ties.
UK_MARKER_RATE = 0.07
RU_MARKER_RATE = 0.024

LANGS = ("en", "uk", "ru")

_URL = re.compile(r"\w+://\S+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Marker letters, upper and lower case. The Ukrainian apostrophe inside a word (м'ясо, п’ять, В'ячеслав) is a
# marker too: Russian uses ъ there.
_UK_MARKERS = "іїєґІЇЄҐ"
_RU_MARKERS = "ыэъёЫЭЪЁ"
_UK_APOSTROPHE = re.compile(r"[бвгґджзкмнпрфхцчшщБВГҐДЖЗКМНПРФХЦЧШЩ]['’ʼ][яюєїЯЮЄЇ]")


def _count(text: str, letters: str) -> int:
    return sum(text.count(ch) for ch in letters)


@lru_cache(maxsize=1)
def _simplemma_langdetect():  # type: ignore[no-untyped-def]
    # Imported on first ambiguous text only: simplemma loads its uk/ru dictionaries lazily (~0.3 s).
    from simplemma import langdetect

    return langdetect


def detect(text: str) -> str:
    """Return "en", "uk" or "ru" for ``text``. Empty or letterless text is "en"."""
    sample = text[:SAMPLE_CHARS]
    if "://" in sample:
        # Links are Latin whatever the language around them ("Пожар ...[Источник](https://censor.net/ru/...)").
        sample = _URL.sub(" ", sample)
    cyr = len(_CYRILLIC.findall(sample))
    if cyr == 0:
        return "en"
    lat = len(_LATIN.findall(sample))
    if cyr < CYRILLIC_SHARE * (cyr + lat):
        return "en"
    uk = _count(sample, _UK_MARKERS) + len(_UK_APOSTROPHE.findall(sample))
    ru = _count(sample, _RU_MARKERS)
    if uk and uk >= MARKER_RATIO * ru:
        return "uk"
    if ru and ru >= MARKER_RATIO * uk:
        return "ru"
    return _by_dictionary(sample, uk, ru)


def _by_dictionary(sample: str, uk: int, ru: int) -> str:
    scores = dict(_simplemma_langdetect()(sample, lang=("uk", "ru")))
    su, sr = scores.get("uk", 0.0), scores.get("ru", 0.0)
    if su != sr:
        return "uk" if su > sr else "ru"
    # simplemma ties often (its uk dictionary holds many Russian forms: "области", "уничтожили"). Compare the
    # marker counts against how often each language uses its markers; with no markers at all that favours
    # Russian, whose markers are rarer, so their absence says less.
    return "uk" if uk / UK_MARKER_RATE > ru / RU_MARKER_RATE else "ru"


def is_lang(value: object) -> bool:
    """True when ``value`` is one of the supported language codes."""
    return isinstance(value, str) and value in LANGS
