"""Search that knows Ukrainian and Russian inflection: a query word matches any form of its lemma.

"Крим" and "Криму" are one word to an analyst and two to FTS5. ``word_forms`` gives the other forms of a
query word from the pymorphy3 dictionaries the pipeline already ships (uk and ru): every form of every
lemma the word can be (all parses, not only the first, which is often wrong), so "Криму" finds "Крим",
"Кримом" and "Криму" alike, and "Крим" finds the same passages. The store ORs the forms of each word
(``Store.search(q, forms=word_forms)``), on SQLite FTS5 and PostgreSQL alike, so the index stays as it is
and a stored database needs no rebuild.

- The script picks the dictionaries: і/ї/є/ґ only in Ukrainian, ы/э/ъ/ё only in Russian, other Cyrillic
  words ask both.
- A word neither dictionary knows (a village, a surname) gets the forms of the analyser's best guess of its
  paradigm: "Вовчанськ" finds "Вовчанську".
- English: the plural and singular ("strike" <-> "strikes"), nothing cleverer.
- At most ``MAX_FORMS`` forms a word; a word ending in ``*`` stays a prefix search and is not expanded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAX_FORMS = 60
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁіІїЇєЄґҐ]")
_LATIN = re.compile(r"^[a-zA-Z]+$")


@lru_cache(maxsize=2)
def _analyzer(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


# English words ending in s that are no plural of the word without it.
_EN_INVARIANT = frozenset({"news", "series", "species", "means", "analysis", "crisis", "us", "this", "its", "was", "has", "is"})


def _english(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    if w in _EN_INVARIANT:
        return out
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        out.append(w[:-1])  # strikes -> strike, airbases -> airbase
        if w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
            out.append(w[:-2])  # boxes -> box, buses -> bus
    else:
        if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
            out.append(w[:-1] + "ies")
        elif w.endswith(("s", "x", "z", "ch", "sh")):
            out.append(w + "es")
        else:
            out.append(w + "s")
    return out


def _lexeme_forms(parses: list[Any]) -> list[str]:
    out: list[str] = []
    for p in parses:
        for form in p.lexeme:
            if form.word not in out:
                out.append(form.word)
    return out


@lru_cache(maxsize=4096)
def _forms(word: str) -> tuple[str, ...]:
    w = word.lower()
    if _LATIN.match(w):
        return tuple(_english(w))
    if not _CYRILLIC.search(w):
        return (w,)
    if _UK_ONLY.search(w):
        langs = ["uk"]
    elif _RU_ONLY.search(w):
        langs = ["ru"]
    else:
        langs = ["uk", "ru"]
    forms: list[str] = [w]
    known = False
    for lang in langs:
        morph = _analyzer(lang)
        if morph.word_is_known(w):
            known = True
            parses = [p for p in morph.parse(w) if p.is_known]
            forms.extend(f for f in _lexeme_forms(parses) if f not in forms)
    if not known:
        # Unknown to both dictionaries (places, names): the best-guessed paradigm of the first language.
        parses = _analyzer(langs[0]).parse(w)[:1]
        forms.extend(f for f in _lexeme_forms(parses) if f not in forms)
    return tuple(forms[:MAX_FORMS])


def word_forms(word: str) -> list[str]:
    """The forms of ``word`` a search should also find (the word itself first), lower case."""
    try:
        return list(_forms(word))
    except Exception:  # noqa: BLE001 - a dictionary problem must not break search: the word alone
        return [word.lower()]
