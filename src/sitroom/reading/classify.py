"""ACLED event type, weapons, targets and sides of one sentence (or a few), by keyword rules.

Approach: every lexicon below is a list of word *stems* in English, Ukrainian and Russian compiled once
into case-insensitive regexes anchored at a word start (so "обстріл" matches "обстріляли", "ракет"
matches "ракетний", "ракетами"). A classification is a fixed decision list, cheapest and most specific
first, mirroring ACLED's coding conventions (the full rule table with examples and measured scores is in
docs/coding-rules.md):

1. no violence/event cue at all, or an analysis/forecast/history cue with no past-tense event verb -> None;
2. agreements (ceasefire, deal, prisoner exchange) -> Strategic developments/Agreement;
3. arrests (detained, затримали, задержали) -> Strategic developments/Arrests; by Russian forces of
   civilians in occupied areas -> Violence against civilians/Abduction/forced disappearance;
4. protests -> Protests/Peaceful protest (Protest with intervention when dispersed/detained);
5. abduction/deportation, sexual violence, execution/torture/shooting of civilians -> Violence against
   civilians; looting -> Strategic developments/Looting/property destruction;
6. territory: Ukraine liberates in Ukraine / Russia retakes in Russia -> Battles/Government regains
   territory; Russia captures in Ukraine / Ukraine captures in Russia -> Battles/Non-state actor overtakes
   territory (ACLED's sub-type for a *non-state or foreign state* actor taking ground);
7. interceptions with no impact or casualties -> Strategic developments/Disrupted weapons use;
8. ground fighting (clashes, assaults, repelled attacks) -> Battles/Armed clash, even with shelling in
   the same sentence (ACLED: artillery in support of a battle is part of the battle);
9. strikes -> Explosions/Remote violence: mines/IEDs -> Remote explosive/landmine/IED; drones, aircraft,
   guided bombs -> Air/drone strike; missiles, artillery, MLRS, unattributed "strike"/"explosions" ->
   Shelling/artillery/missile attack; grenades -> Grenade; chemical agents -> Chemical weapon;
10. cyberattacks -> Strategic developments/Other with weapon ``cyber``;
11. notable non-violent developments (mobilisation, martial law, withdrawal, command changes) ->
    Strategic developments/Other (withdrawal: Non-violent transfer of territory) with a score below the
    default event threshold, so they are kept only when a caller lowers it.

Weapons: a specific class subsumes its generic one (a Shahed is not also listed as "drone", a Kalibr not
as "missile", a cluster rocket's "rocket motor" not as "missile"); the generic bombardment words
"shelling"/"обстріл"/"обстрел" give ``artillery`` only when no other weapon is named (Ukrainian usage
calls any bombardment "обстріл"). What was hit is not a weapon: "drone footage", jets struck on an
airfield, an air-defence missile system that was destroyed.

Damage reports ("Damage to a school.", "Apartment building on fire") count as strikes, but a damage
word with no weapon and no target ("the destruction of Mariupol") stays below the event threshold.

Sides: explicit actor words ("Russian forces", "ЗСУ", "ВСУ", "окупанти", "ворог") decide; with none, a
strike on a Russian region or on a place Russia has held since 2014 is Ukrainian, any other strike
Russian (reports of strikes on Ukrainian towns that name no actor are Russian strikes).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import ahocorasick

from sitroom.models import Classification
from sitroom.reading.apostrophes import straight


class _Lexicon:
    r"""A compiled stem list matched on lower-cased text, behind a shared literal prefilter.

    Python's regex engine runs a case-insensitive alternation of hundreds of stems about twice as slowly as
    the same alternation, case-sensitive, on ``text.lower()`` (measured on ISW sentences); lower-casing a
    sentence costs far less than that. Match offsets are those of the lower-cased text, which equal the
    original's for every letter these lexicons contain.

    Most sentences contain the stems of only a few of the ~60 lexicons, yet each lexicon's regex walks the
    whole sentence to find that out. So every lexicon also records the literal text each of its stems must
    start with ("ракет" for ``ракет``, "drone" for ``drones?``); one Aho-Corasick pass per text (``_scan``,
    cached) finds which of those literals occur anywhere, and a lexicon none of whose literals occurs is
    answered "no match" without running its regex. The literals are a necessary condition only, so the
    regex still decides every match: results are exactly those of the regex alone. A lexicon with a stem
    that has no literal start (``\w+ed``) always runs its regex.

    The automaton reads a copy of the text in which every run of non-word characters (white space,
    punctuation) is one space, padded with a space at both ends, and the literals are written the same way.
    That lets a literal carry its word boundaries: ``\bun\b`` needs " un ", not any "un" ("under", "fund"),
    and ``(?<![\w-])hit`` needs " hit", not the "hit" in "white". A copy like this contains the copy of
    every substring of the text, so a literal found in no copy still rules its lexicon out.
    """

    __slots__ = ("_re", "_bit", "literals", "pattern")

    def __init__(self, pattern: str, literals: frozenset[str] | None = None) -> None:
        self.pattern = pattern
        self._re = re.compile(_skip_ahead(pattern))
        self.literals = literals
        self._bit = 0
        if literals:
            self._bit = 1 << len(_FILTERED)
            _FILTERED.append(self)

    @classmethod
    def of(cls, pattern: str, contains: Iterable[str] | None = None) -> _Lexicon:
        """A lexicon for a whole lower-case regex: its literals are those of its top-level alternatives, or
        ``contains``: strings one of which every match contains, written in the automaton's copy form
        (for patterns that start with a number, whose first digit says little)."""
        return cls(pattern, frozenset(contains) if contains is not None else _literals_of(_split_top(pattern)))

    def _low(self, text: str) -> str | None:
        """``text`` lower-cased, or None when the prefilter rules out a match."""
        low, mask = _scan(text)
        if self._bit and not mask & self._bit:
            return None
        return low

    def search(self, text: str) -> re.Match[str] | None:
        low, mask = _scan(text)  # ``_low`` inlined: this is the hot path
        if self._bit and not mask & self._bit:
            return None
        return self._re.search(low)

    def search_lower(self, low: str) -> re.Match[str] | None:
        """``search`` of a text already lower-cased, without the prefilter (the same answer)."""
        return self._re.search(low)

    def may_match(self, text: str) -> bool:
        """False when the prefilter alone rules a match out (no regex is run; True says nothing)."""
        return not self._bit or bool(_scan(text)[1] & self._bit)

    def search_scanned(self, scanned: tuple[str, int]) -> re.Match[str] | None:
        """``search`` given ``scan(text)``: for loops over many lexicons on one text."""
        low, mask = scanned
        if self._bit and not mask & self._bit:
            return None
        return self._re.search(low)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        low = self._low(text)
        return iter(()) if low is None else self._re.finditer(low)

    def findall(self, text: str) -> list[str]:
        low = self._low(text)
        return [] if low is None else self._re.findall(low)

    def match(self, text: str) -> re.Match[str] | None:
        low = self._low(text)
        return None if low is None else self._re.match(low)

    def sub(self, repl: str, text: str) -> str:
        low = self._low(text)
        return text.lower() if low is None else self._re.sub(repl, low)


class LexiconGroup:
    """Lexicons a stage searches one after another on the same text: which of them the prefilter leaves in,
    from one look at the text's mask (cached per combination of their bits) instead of one call each."""

    __slots__ = ("lexicons", "_union", "_open")

    def __init__(self, lexicons: Iterable[_Lexicon]) -> None:
        self.lexicons = tuple(lexicons)
        self._union = 0
        for lex in self.lexicons:
            self._union |= lex._bit
        self._open: dict[int, tuple[int, ...]] = {}

    def may_match(self, scanned: tuple[str, int]) -> tuple[int, ...]:
        """Indexes of the lexicons that may match the text ``scanned`` (``scan(text)``), in order."""
        key = scanned[1] & self._union
        found = self._open.get(key)
        if found is None:
            found = tuple(i for i, lex in enumerate(self.lexicons) if not lex._bit or key & lex._bit)
            if len(self._open) >= _GROUP_CACHE:
                self._open.clear()
            self._open[key] = found
        return found


_GROUP_CACHE = 4096


# Lexicons with a literal prefilter, in bit order; the automaton over their literals is built on first use
# (and rebuilt when a lexicon is added later, e.g. by a module importing this one).
_FILTERED: list[_Lexicon] = []
_AUTOMATON: list[tuple[int, ahocorasick.Automaton, int]] = []  # (lexicons, automaton, longest literal)


def _automaton() -> ahocorasick.Automaton:
    if _AUTOMATON and _AUTOMATON[0][0] == len(_FILTERED):
        return _AUTOMATON[0][1]
    masks: dict[str, int] = {}
    for lex in _FILTERED:
        for lit in lex.literals or ():
            masks[lit] = masks.get(lit, 0) | lex._bit
    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY)
    for lit, mask in masks.items():
        auto.add_word(lit, mask)
    auto.make_automaton()
    _AUTOMATON[:] = [(len(_FILTERED), auto, max(map(len, masks), default=0))]
    _scan.cache_clear()
    _mask.cache_clear()
    return auto


@lru_cache(maxsize=256)
def _scan(text: str) -> tuple[str, int]:
    """``text`` lower-cased and the bit mask of the lexicons whose literals occur in it."""
    # The mask depends only on the automaton's copy of the text, in which a typographic apostrophe or a
    # backtick is a space like "'": a text and its ``straight`` form (stages ask for both) share one mask.
    key = straight(text) if "ʼ" not in text else text
    return text.lower(), _mask(key)


@lru_cache(maxsize=256)
def _mask(text: str) -> int:
    auto = _automaton()
    para: _Paragraph | None = getattr(_READING, "paragraph", None)
    if para is not None:
        derived = para.mask(text, auto)
        if derived is not None:
            return derived
    copy = " ".join(_WORD_RUN.findall(text.lower()))  # the words, one space between: 20% faster than a sub
    mask = 0
    for _, bits in auto.iter(" " + copy + " "):  # see the class docstring
        mask |= bits
    if para is not None:
        para.keep(text, copy)
    return mask


_NON_WORD_RUN = re.compile(r"\W+")
_WORD_RUN = re.compile(r"\w+")


class _Paragraph:
    """The paragraph the stages are reading, split into sentences: the mask of a text made of whole
    sentences of it (an incident's text, the paragraph itself) comes from its sentences' masks, which the
    classifier has computed already, instead of another pass over the text.

    The automaton's copy of such a text is its sentences' copies joined by single spaces (what lies between
    them is white space, which the copy makes one space), so a literal occurs in it either inside one
    sentence's copy, padded with a space at both ends (in that sentence's mask), or across a space where two
    copies join: the automaton reads a window of the longest literal's length around each join."""

    __slots__ = ("key", "starts", "ends", "sentences", "index", "copies")

    def __init__(self, key: str, spans: Sequence[tuple[int, int]]) -> None:
        self.key = key
        self.starts = {a: k for k, (a, _) in enumerate(spans)}
        self.ends = {b: k for k, (_, b) in enumerate(spans)}
        self.sentences = [key[a:b] for a, b in spans]
        self.index = {t: k for k, t in enumerate(self.sentences)}
        self.copies: dict[int, str] = {}

    def keep(self, text: str, copy: str) -> None:
        k = self.index.get(text)
        if k is not None:
            self.copies[k] = copy

    def mask(self, text: str, auto: ahocorasick.Automaton) -> int | None:
        """The mask of ``text`` if it is two or more whole sentences of the paragraph, else None."""
        i = self.key.find(text)
        if i < 0:
            return None
        first, last = self.starts.get(i), self.ends.get(i + len(text))
        if first is None or last is None or last <= first:
            return None
        mask = 0
        parts = []
        for k in range(first, last + 1):
            mask |= _mask(self.sentences[k])  # cached: the classifier read every sentence
            part = self.copies.get(k)
            if part is None:
                part = self.copies[k] = " ".join(_WORD_RUN.findall(self.sentences[k].lower()))
            if not part:
                return None  # a sentence of punctuation alone: its join would leave two spaces
            parts.append(part)
        joined = " " + " ".join(parts) + " "
        reach = _AUTOMATON[0][2]
        join = 0
        for part in parts[:-1]:
            join += 1 + len(part)
            for _, bits in auto.iter(joined[max(0, join - reach) : join + reach + 1]):
                mask |= bits
        return mask


# The paragraph each thread is reading (the masks it gives are exact whichever paragraph it is, so the shared
# cache of ``_mask`` stays right; one per thread keeps a thread from reading another's half-set state).
_READING = threading.local()


def read_paragraph(text: str, spans: Sequence[tuple[int, int]]) -> None:
    """Say which paragraph, split into these sentences (offsets into ``text``), the stages read next (see
    ``_Paragraph``). Only a paragraph whose sentences are separated by white space alone qualifies."""
    _READING.paragraph = None
    if len(spans) < 2 or "ʼ" in text:  # with "ʼ" the prefilter reads the text itself, not its straight form
        return
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start <= end or not text[end:start].isspace():
            return
    _READING.paragraph = _Paragraph(straight(text), spans)


def scan(text: str) -> tuple[str, int]:
    """``text`` lower-cased with the prefilter's bit mask, for ``_Lexicon.search_scanned``."""
    return _scan(text)


_SPECIAL = frozenset("\\()[]{}.^$|?*+#")
_QUANTIFIERS = ("?", "*", "+", "{")
_CAPTURING_GROUP = re.compile(r"\((?!\?[:!=<])|\(\?P<")


def _skip_ahead(pattern: str) -> str:
    r"""``pattern`` rewritten so that every top-level alternative opens with a literal character, when that can
    be done without changing any match. The engine then skips ahead to the characters a match can start with
    instead of trying the whole pattern at every position, and tries only the alternatives that start with
    the character it stands on (2-5x faster on text with few matches).

    - A lookbehind or word boundary before a literal ``c`` is checked just after it: ``(?<![\w-])c`` matches
      where ``c(?<![\w-]c)`` does, ``(?<!will\s)c`` where ``c(?<!(?:will\s)c)`` does, and ``\bc`` (``c`` a word
      character) where ``c(?<!\wc)`` does.
    - A group of alternatives is flattened into the alternation with what follows it copied into each
      (``(?:a|b)t`` -> ``at|bt``: the same matches, tried in the same order), unless what follows captures a
      group (the copies would renumber the groups).
    - Alternatives are grouped by their first character (``ab|cd|ae`` -> ``a(?:b|e)|cd``): at any position
      only those starting with its character can match, and they keep their order.

    Anything else (an alternative opening with a class, an optional character, a group with a quantifier)
    leaves the pattern as it is."""
    alts: list[str] = []
    for alt in _split_top(pattern):
        lead = _leading_literals(alt, ())
        if lead is None:
            return pattern
        alts.extend(lead)
    by_first: dict[str, list[str]] = {}
    for alt in alts:
        by_first.setdefault(alt[0], []).append(alt[1:])
    return "|".join(c + (tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")") for c, tails in by_first.items())


def _leading_literals(alt: str, looks: tuple[str, ...]) -> list[str] | None:
    """``alt`` (after the assertions ``looks``) as alternatives that each open with a literal character, or
    None (see ``_skip_ahead``)."""
    while alt.startswith(("(?<!", "(?<=", "\\b")):
        j = 1 if alt.startswith("\\b") else _group_end(alt, 0)
        looks = (*looks, alt[: j + 1])
        alt = alt[j + 1 :]
    if alt.startswith("(?:"):
        j = _group_end(alt, 0)
        rest = alt[j + 1 :]
        if rest.startswith(_QUANTIFIERS) or _CAPTURING_GROUP.search(rest):
            return None
        out: list[str] = []
        for inner in _split_top(alt[3:j]):
            lead = _leading_literals(inner + rest, looks)
            if lead is None:
                return None
            out.extend(lead)
        return out
    c = alt[:1]
    if not c or c in _SPECIAL or c.isspace() or alt[1:2] in _QUANTIFIERS:
        return None
    after = []
    for look in looks:
        if look == "\\b":
            if not (c.isalnum() or c == "_"):
                return None  # \b before a non-word character asks for a word character before it
            after.append("(?<!\\w" + c + ")")
        else:
            after.append(look[:4] + "(?:" + look[4:-1] + ")" + c + ")")
    return [c + "".join(after) + alt[1:]]


def _split_top(pattern: str) -> list[str]:
    """Top-level alternatives of a regex (``|`` outside groups and character classes)."""
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _class_end(pattern: str, i: int) -> int:
    """Index of the ``]`` closing the character class opened at ``i``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j


def _group_end(pattern: str, i: int) -> int:
    """Index of the ``)`` closing the group opened at ``i``."""
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(pattern, j)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _literals_of(alternatives: Iterable[str]) -> frozenset[str] | None:
    """The literals one of which every match of the alternatives starts with; None if some has none."""
    out: set[str] = set()
    for alt in alternatives:
        lits = {_NON_WORD_RUN.sub(" ", lit) for lit in _starts(alt)}
        if "" in lits or " " in lits:
            return None
        out |= lits
    return frozenset(out)


_WORD_START = ("(?<![\\w-])", "(?<!\\w)")  # lookbehinds that put a non-word character (or nothing) before
_WORD_END = ("(?!\\w)",)


def _starts(s: str, buf: str = "") -> set[str]:
    """Literal strings one of which every match of regex ``s`` starts with (as long as can be told
    cheaply), each after ``buf`` (the literal text matched before ``s``); a set containing ``buf`` alone
    when nothing more can be told."""
    i = 0
    while i < len(s):
        c = s[i]
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if c == "\\":
            if nxt == "b":  # a word boundary: next to a word character, a non-word one (a space in the copy)
                if not buf:
                    if _is_word_start(s[i + 2 :]):
                        buf = " "
                    i += 2
                    continue
                return {buf + " "} if buf[-1].isalnum() or buf[-1] == "_" else {buf}
            if nxt == "d" and s[i + 2 : i + 3] not in ("?", "*", "{"):  # a digit: any of ten
                return {buf + d for d in "0123456789"}
            if nxt == "d" and s.startswith("{", i + 2) and not s.startswith(("{0", "{,"), i + 2):
                return {buf + d for d in "0123456789"}
            if nxt == "s" and s[i + 2 : i + 3] == "+" and buf:
                # a run of white space: one space in the collapsed text the automaton reads (see ``_scan``)
                buf += " "
                i += 3
                continue
            if not nxt or nxt.isalnum():  # \w \s \b ...: not a literal
                return {buf}
            c, i = nxt, i + 1
            nxt = s[i + 1] if i + 1 < len(s) else ""
        elif c == "(":
            j = _group_end(s, i)
            if s.startswith(_WORD_START, i) and not buf and _is_word_start(s[j + 1 :]):
                buf = " "  # nothing or a non-word character before the match: a space in the copy
                i = j + 1
                continue
            if s.startswith(_WORD_END, i) and buf and (buf[-1].isalnum() or buf[-1] == "_"):
                return {buf + " "}
            if s.startswith(("(?!", "(?=", "(?<!", "(?<="), i):  # zero-width: skip
                i = j + 1
                continue
            body = s[i + 3 : j] if s.startswith("(?:", i) else s[i + 1 : j]
            q = s[j + 1] if j + 1 < len(s) else ""
            branches = _split_top(body)
            if q == "?":  # at most once: each branch followed by the rest, or the rest alone
                tails = [*(b + s[j + 2 :] for b in branches), s[j + 2 :]]
            elif q == "*":
                tails = [*branches, s[j + 2 :]]
            elif q in ("+", "{"):
                tails = branches
            else:
                tails = [b + s[j + 1 :] for b in branches]
            found: set[str] = set()
            for tail in tails:
                found |= _starts(tail, buf)
            return {buf} if buf in found else found
        elif c == "[":
            j = _class_end(s, i)
            q = s[j + 1] if j + 1 < len(s) else ""
            if _non_word_class(s[i + 1 : j]) and q not in ("?", "*", "{"):
                buf += " "  # "[\s-]+": non-word characters, one space in the copy
                i = j + (2 if q == "+" else 1)
                continue
            return {buf}
        elif c in ".^$|)?*+{":
            return {buf}
        if nxt == "?":  # an optional character: the literals with it and those without it
            found = _starts(s[i + 2 :], buf + c) | _starts(s[i + 2 :], buf)
            return {buf} if buf in found else found
        if nxt in ("*", "{"):
            return {buf}
        buf += c
        if nxt == "+":
            return {buf}
        i += 1
    return {buf}


def _non_word_class(body: str) -> bool:
    r"""Whether a character class (``\s-``, ``,.``) holds only non-word characters."""
    if not body or body.startswith("^"):
        return False
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            nxt = body[i + 1 : i + 2]
            if not nxt or (nxt.isalnum() and nxt not in "sW"):
                return False
            i += 2
            continue
        if c.isalnum() or c == "_":
            return False
        i += 1
    return True


def _is_word_start(rest: str) -> bool:
    """Whether every match of regex ``rest`` starts with a word character (cheaply told; False if unsure)."""
    lits = _starts(rest)
    return bool(lits) and all(lit[:1].isalnum() or lit[:1] == "_" for lit in lits)


def _rx(stems: Iterable[str], *, end: bool = False) -> _Lexicon:
    """One lexicon for a list of stems (lower case), each anchored at a word start (and a word end when
    ``end``)."""
    ordered = sorted(stems, key=len, reverse=True)
    tail = r"(?!\w)" if end else ""
    # each stem's literals with the word start before it (and the word end after it), as matched
    return _Lexicon(r"(?<![\w-])(?:" + "|".join(ordered) + ")" + tail,
                    _literals_of(r"(?<![\w-])(?:" + stem + ")" + tail for stem in ordered))


def _words(s: str) -> list[str]:
    return s.split()


# ---------------------------------------------------------------- weapons (schema enum), specific first
_WEAPON_LEX: dict[str, list[str]] = {
    "shahed": _words(r"shahed шахед геран\w* ґеран\w* geran-?2? geran"),
    "fpv_drone": _words(r"fpv fpv-\w+ фпв fibre-optic fiber-optic оптоволок"),
    "ballistic_missile": _words(
        r"ballistic балістичн баллистическ iskander іскандер искандер kn-2[34] кн-2[34] tochka точк[аиу]-?у"
        r" atacms kinzhal кинджал кинжал kh-47 х-47 oreshnik орешник"
    ),
    "cruise_missile": _words(
        r"cruise крилат крылат kalibr калібр калибр kh-?\s?(?:101|555|22|32|59|69|35) х-?\s?(?:101|555|22|32|59|69|35)"
        r" tomahawk storm\s+shadow scalp taurus neptune нептун onyx oniks онікс оникс zircon циркон"
        r" flamingo фламінго"
    ),
    "guided_bomb": _words(
        r"kabs?(?!\w) каб(?:и|ів|ами|ом|ах|у|а|ы|ов)?(?!\w) guided\s+bombs? glide\s+bombs? gliding\s+bombs? aerial\s+bombs? air\s+bombs?"
        r" умпк umpk fab(?:-?\d+\w*|s)?(?!\w) фаб(?:-?\d+\w*|и|ів|ами|ы|ов)?(?!\w) jdam авіабомб авиабомб керован\w*\s+авіаційн\w*\s+бомб"
        r" управляем\w*\s+авиа\w*\s+бомб"
    ),
    "mlrs": _words(
        r"mlrs multiple\s+rocket\s+launch\w* multiple\s+launch multiple-launch multiple-rocket\s+launch\w* \d{3}\s?mm\s+(?:he\s+)?rockets?"
        r" rocket\s+barrages? grads?(?!\w) град(?:а|и|у|ом|ами|ів|ов)?(?!\w) uragan ураган smerch смерч"
        r" tornado торнадо himars хаймарс m270 bm-2[17] бм-2[17] bm-30 бм-30 tos-1\w* тос-1\w* рсзв рсзо"
        r" rocket\s+artillery реактивн"
    ),
    "cluster_munition": _words(
        r"cluster касетн кассетн submunition суббоеприпас cargo\s+(?:warheads?|sections?|missiles?|rockets?)"
        r" bomblet 9n2\d\d 9н2\d\d rocket\s+motors? 9m55k 9м55к 9m27k 9м27к 9m54\d? 9м54\d? rbk-?\d* рбк-?\d*"
    ),
    "aircraft": _words(
        r"airstrike air\s+strike air\s+raid\s+by aircraft s-(?:5|8|13|24)\s+rockets? parachute-retarded"
        r" (?:unguided|free-fall|dumb|parachute)\s+bombs? warplane fighter\s+jet jets? bomber bombing"
        r" bombed su-\d+ су-\d+ tu-\d+ ту-\d+ helicopter ka-52 ка-52 mi-\d+ мі-\d+ ми-\d+ авіаудар авиаудар"
        r" авіаці авиаци літак самол[её]т вертол[іь]т вертолет бомбардув бомбардир бомбил"
    ),
    "artillery": _words(
        r"artillery mortars? howitzers? cannon tube\s+artillery 152\s?mm 122\s?mm(?!\s+(?:he\s+)?rocket) 155\s?mm артилер артиллер"
        r" мінометн миномет гаубиц ствольн self-propelled\s+gun"
    ),
    "missile": _words(
        r"missiles? rockets? ракет s-300 с-300 s-400 с-400"
    ),
    "drone": _words(
        r"drones? uavs? unmanned безпілот беспилот бпла бпла дрон\w* дронов lancet ланцет quadcopter"
        r" квадрокоптер mavic loitering\s+munition kamikaze камікадзе камикадзе"
    ),
    "armor": _words(r"tanks? tank\s+fire armou?red\s+(?:vehicles?|column|convoy) military\s+vehicles? bmd-?\d? apcs? ifvs? bmp-?\d? бмп btr бтр танк\w*"),
    "small_arms": _words(
        r"small\s+arms gunfire gunmen rifles? machine-?\s?guns? sniper автомат(?:а|и|ів|ов|ами|ом|у|ы|н\w*)?(?!\w) стрілецьк стрелков кулемет"
        r" пулемет снайпер shot\s+dead shot\s+and\s+killed opened\s+fire\s+on\s+(?:civilians|a\s+car|people)"
        r" розстріля расстреля bullets? gunshots? (?:came|come|comes|coming)\s+under\s+(?:small\s+arms\s+)?fire"
        r" shot\s+(?:at|in|by|through|to\s+death|and\s+(?:injured|wounded|killed)) shots\s+fired firefights? shooting\s+(?:of|at) shoot\s+at executed execution ambush\w*"
        r" rocket-propelled\s+grenade rpg-?\d* застрели\w* вогнепальн огнестрельн"
    ),
    "mine_ied": _words(
        r"landmines? mines? (?:anti-tank|anti-personnel)\s+mines? ied improvised\s+explosive explosive\s+device"
        r" booby\s+trap tripwire мін(?:а|и|у|ою|і|ами|ах)?(?!\w) мінн\w* протипіхот протитанков"
        r" мин(?:а|ы|у|е|ой|ами|ах)?(?!\w) минн\w* противопехот противотанков вибухов\w*\s+пристр взрывн\w*\s+устройств"
        r" розтяжк растяжк свп сву вву"
        # blowing something up: sabotage with a charge (a bridge, a rail line, a dam)
        r" blew\s+up blown\s+up підірва\w* подорва\w* взорва(?:л|ли|ла|ло|н|на|но|ны)(?!\w)"
    ),
    "cyber": _words(r"cyber\w* ddos hackers? hacked кібер\w* кибер\w* хакер\w*"),
    "other": _words(
        r"incendiary thermite white\s+phosphorus phosphorus термит запалювальн зажигательн фосфор"
        r" thermobaric термобар flamethrower"
    ),
}
_WEAPON_RX = {w: _rx(stems) for w, stems in _WEAPON_LEX.items()}
# "122mm rockets" starts with any number; every match contains "mm rocket" (a number alone would make the
# MLRS regex run on every sentence with a digit).
_WEAPON_RX["mlrs"].literals = frozenset(
    {lit for lit in _WEAPON_RX["mlrs"].literals or () if not (len(lit) == 2 and lit[0] == " " and lit[1].isdigit())}
    | {"mm rocket", "mm he rocket"}
)
_WEAPON_NAMES = tuple(_WEAPON_RX)
_WEAPON_GROUP = LexiconGroup(_WEAPON_RX.values())
# A specific class subsumes its generic one. Cluster munitions subsume "missile": the cue there is the
# carrier rocket ("rocket motor", "cargo missile"), not a separate missile strike.
_GENERIC_OF = {"shahed": "drone", "fpv_drone": "drone", "ballistic_missile": "missile",
               "cruise_missile": "missile", "cluster_munition": "missile"}
_GENERIC_SHELLING = _rx(_words(r"shelling shelled shells? обстріл обстрел bombardment"))
# "mine" is also a coal/salt mine; "tank" also a fuel tank.
_NOT_MINE = _rx(_words(r"coal\s+mines? salt\s+mines? mine\s+shaft"))
_NOT_TANK = _rx(_words(r"(?:fuel|oil|storage|water|gas)\s+tanks? tank\s+farm tank\s+engine tank\s+of танкер"))
_AIRFIELD = _rx(_words(r"airfields? airbases? air\s+base аеродром\w* аэродром\w*"))
_SAM_TARGET = _rx(_words(
    r"(?:anti-aircraft|surface-to-air|air\s+defen[cs]e)\s+missile\s+(?:systems?|launchers?) sams?"
    r" зенітн\w*\s+ракетн\w*\s+комплекс\w* зенитн\w*\s+ракетн\w*\s+комплекс\w* зрк"
))


def _missile_outside_sam(t: str) -> bool:
    """A missile cue that is not part of a named air-defence system."""
    stripped = _SAM_TARGET.sub(" ", t)
    return bool(_WEAPON_RX["missile"].search(stripped))


# A drone that films is a camera, not the weapon: "drone footage of ...".
_DRONE_CAMERA = _rx(_words(r"drone\s+(?:footage|video|videos|image|images|imagery|camera|view|shot|shots)"))

# ---------------------------------------------------------------- targets (schema enum)
_TARGET_LEX: dict[str, list[str]] = {
    "residential": _words(
        r"residential residentail residental houses? homes?(?!\w) apartments? residences? high-rise multi-storey multistorey"
        r" block\s+of\s+flats tower\s+blocks? dwelling dormitor\w* neighbou?rhoods? civilian\s+(?:buildings?|areas?|houses?)"
        r" pavement sidewalk playgrounds? courtyards? дитяч\w*\s+майданчик\w* подвір'я двор(?:а|е|у|ом|ы|ов|ах)?(?!\w)"
        r" private\s+sector житлов будинк будинок багатоповерх п'ятиповерх дев'ятиповерх квартир приватн\w*\s+сектор"
        r" жил[оыа]\w* жил[ьи]\w* дом(?:а|у|ом|е|ов|ами|ах)?(?!\w) многоэтаж многоквартир частн\w*\s+сектор"
    ),
    "energy": _words(
        r"energy power\s+plant power\s+station sub-?station electrical\s+(?:grid|network|infrastructure) dams?(?!\w) tec-?\d*(?!\w) thermal\s+power tpp chp hpp npp nuclear\s+power"
        r" hydroelectric hydro-?\s?electric power\s+grid power\s+lines? electricity power\s+infrastructure gas\s+production"
        r" gas\s+infrastructure gas\s+facilit oil\s+depot oil\s+refinery refinery fuel\s+depot oil\s+terminal"
        r" oil\s+pipeline pipeline енерг тес(?!\w) теc(?!\w) тец гес(?!\w) аес підстанц електр газовидоб нафтобаз нафтопереробн"
        r" нпз нафтопровід енергооб'єкт энерг тэс тэц гэс oil\s+tanks? fuel\s+tanks? аэс подстанц нефтебаз нефтеперераб нефтепровод"
        r" электр газов\w*\s+инфраструкт газов\w*\s+інфраструкт трубопровод"
    ),
    "railway": _words(
        r"railway railroad rail train trains locomotive traction\s+substations? залізни укрзалізниц поїзд потяг локомотив депо"
        r" железнодорож ржд поезд электрич"
    ),
    "transport": _words(
        r"bridge roads? highway ports?(?!\w) seaport airport bus(?:es)?(?!\w) minibus trolleybus tram cars? vehicle garages?"
        r" coach\s+station metro"
        r" transport infrastructure\s+of\s+transport logistic міст(?!\w) дорог траса трасу порт(?:у|ом|і|и|ів|а|е|ы|ов|ах)?(?!\w)"
        r" аеропорт аэропорт автобус маршрутк тролейбус троллейбус трамва автомоб легков"
        r" мост(?:а|у|ом|е|ы|ов|ами|и|ів|і)?(?!\w) транспорт"
    ),
    "healthcare": _words(
        r"hospitals? clinic medical ambulance maternity health\s+(?:facilit|cent) pharmacy sanatorium sanitorium"
        r" rehabilitation\s+cent(?:re|er) nursing\s+home care\s+home retirement\s+home old\s+(?:person|people)'?s'?\s+home аптек санатор лікарн медичн медзаклад поліклінік"
        r" амбулатор швидк\w*\s+допомог пологов больниц поликлиник медицин роддом госпитал шпитал скор\w*\s+помощ"
    ),
    "education": _words(
        r"schools? preschool kindergarten nursery university college lyceum gymnasium educat\w* orphanage"
        r" boarding\s+school children's\s+home pedagogical\s+institute academy інтернат школ дитсад"
        r" дитяч\w*\s+садо садочок садок університет ліце[йюї] коледж гімназ навчальн детск\w*\s+сад детсад"
        r" университет лице[йяюеи] колледж гимназ учебн"
    ),
    "industry": _words(
        r"industrial factory plant enterprise warehouse brewery farm agricultural chemical\s+(?:plant|facilit)"
        r" pumping\s+station water\s+(?:supply|treatment|utility|works) grain\s+dryers? manufactur\w* iron\s+works steel\s+works grain\s+(?:terminal|depot) агропідприєм grain\s+elevator elevator defen[cs]e\s+industry"
        r" підприємств завод фабрик промисл промзон склад(?:и|ы|ів|ом|ах|ами|а|ов|е)?(?!\w) елеватор водоканал предприят промышлен промзон впк элеватор"
    ),
    "commercial": _words(
        r"shops? stores? commercial market supermarket bank\s+(?:branch|building|office) cinema shopping\s+(?:centre|center|mall) mall restaurant cafe hotel"
        r" business(?:es)? petrol\s+station gas\s+station filling\s+station post\s+office nova\s+poshta zoo car\s+dealership car\s+wash gym"
        r" магазин ринок рынок кінотеатр кинотеатр тц(?!\w) трц(?!\w) торгов кафе(?!\w) ресторан готел гостиниц супермаркет азс заправк нов\w*\s+пошт"
    ),
    "government": _words(
        r"administration(?:'s)?\s+building administrative(?!\s+(?:border|boundar)) (?:city|state|district|town)\s+administration city\s+council"
        r" correctional\s+facilit prison penal\s+colony колоні\w* в'язниц тюрьм колони\w* police\s+(?:building|department|headquarters)"
        r" prosecutor's\s+office detention\s+cent(?:re|er) fire\s+(?:station|department) security\s+service"
        r" поліці\w*\s+(?:будів|відділ) відділк\w*\s+поліці прокуратур пожежн\w*\s+(?:частин|депо) отдел\w*\s+полиции city\s+hall town\s+hall"
        r" government\s+building regional\s+administration police\s+station courts?(?!\w) адміністрац міськрад"
        r" селищн\w*\s+рад сільрад ова ода администрац горсовет мэри здани\w*\s+правительств"
    ),
    "religious": _words(r"church cathedral monastery religious prayer\s+hall tserkva mosque synagogue temple церкв церков собор монастир монастыр храм мечет синагог лавр[аиіуе]?(?!\w)"),
    "communications": _words(
        r"tv\s+(?:tower|mast) television\s+(?:tower|mast) telecom communications?\s+(?:tower|infrastructure|facilit) mobile\s+network"
        r" radio\s+tower телевеж (?:веж\w*|вишк\w*|вузол|вузл\w*|засоб\w*|лінії|об'єкт\w*|інфраструктур\w*)\s+зв'язку телебашн ретранслятор вишк[аиу] вышк[аиу] связ\w*\s+инфраструкт"
    ),
    "military": _words(
        r"military\s+(?:target|facilit|base|unit|equipment|airfield|object) positions? airfield airbase air\s+base"
        r" ammunition\s+(?:depot|dump|storage)s? ammo\s+(?:depot|dump)s? arms\s+depots? weapons?\s+depots? arsenal"
        r" command\s+post headquarters barracks radar"
        r" air\s+defen[cs]e\s+systems? військов\w*\s+(?:об'єкт|частин|аеродром|техн) позиці аеродром"
        r" склад\w*\s+(?:з\s+)?(?:\w+\s+)?боєприпас склад\w*\s+бк(?!\w) арсенал командн\w*\s+пункт штаб казарм техніку"
        r" зрк рлс военн\w*\s+(?:объект|част|аэродром|техн|склад) військов\w*\s+склад позици аэродром"
        r" склад\w*\s+(?:с\s+)?(?:\w+\s+)?боеприпас пункт\w*\s+управлени технику"
    ),
    "other": _words(
        r"museum theatre theater library cultural culture\s+house (?:house|palace)\s+of\s+culture gallery"
        r" monument memorial (?:community|recreation|youth|cultural)\s+cent(?:re|er) city\s+square park stadium палац\w*\s+культури дворц\w*\s+культуры пам'ятник памятник cemetery humanitarian"
        r" музей театр бібліотек будинок\s+культури парк стадіон кладовищ гуманітарн библиотек дом\s+культуры"
        r" стадион кладбищ гуманитарн"
    ),
}
_TARGET_RX = {t: _rx(stems) for t, stems in _TARGET_LEX.items()}
_TARGET_NAMES = tuple(_TARGET_RX)
_TARGET_GROUP = LexiconGroup(_TARGET_RX.values())
# An ammunition or weapons depot is a military target; its "склад"/"depot" must not also read as an
# industrial warehouse. Industry is looked for only outside these phrases.
_MILITARY_DEPOT = _rx(_words(
    r"(?:ammunition|ammo|arms|weapons?)\s+(?:depot|dump|storage|warehouse)s? arsenals?"
    r" склад\w*\s+(?:з\s+|с\s+)?(?:\w+\s+)?(?:боєприпас|боеприпас)\w* склад\w*\s+бк(?!\w)"
    r" (?:військов|военн)\w*\s+склад\w*"
))
_CIVILIANS = _rx(_words(
    r"civilians? residents? people children passers-by цивільн мирн\w*\s+(?:жител|мешкан|населен|людей) людей"
    r" люди дітей мирн\w*\s+жител жител\w* населени дети детей"
))

# ---------------------------------------------------------------- event cues
_STRIKE = _rx(_words(
    r"strikes? struck hit hits attack\w* shell\w* bombard\w* fired launched target\w* explosions? exploded blast"
    r" damage damages destruction craters? on\s+fire collapsed burn(?:ed|t|ing) came\s+under\s+fire shot\s+(?:at|in|by|dead)"
    r" руйнуван\w* разрушени\w* вирв\w* воронк\w* влучи\w* влучил\w* попал[аио]?\s+(?:в|по)"
    r" detonat\w* destroyed damaged impact\w* killed wounded injured"
    r" удар\w* вдар\w* уразил\w* обстріл\w* атакува\w* атак\w* вибух\w* прил[іе]т\w* влучан\w* поцілил\w*"
    r" знищ\w* пошкодж\w* зруйнува\w* загин\w* поранен\w* обстрел\w* атаковал\w* взрыв\w* поразил\w* уничтож\w*"
    r" поврежд\w* разруш\w* погиб\w* ранен\w* пострада\w* постражд\w* бомбил\w* сбросил\w* скинул\w* скинули"
    r" blew\s+up blown\s+up підірва\w* подорва\w* взорва(?:л|ли|ла|ло|н|на|но|ны)(?!\w)"
    r" поражен(?:а|о|ы)?(?!\w) уражен\w*"
))
# Damage words are how damage reports describe a strike ("Damage to a school."), but alone they are weak:
# analysis talks about "the destruction of Mariupol" too. With no weapon and no target they are not enough.
_NOMINAL = _rx(_words(r"damage damages destruction craters? on\s+fire collapsed burn(?:ed|t|ing)"), end=True)
_BATTLE = _rx(_words(
    r"clash\w* fighting fought battles? battled assault\w* repel\w* repuls\w* counterattack\w* counteroffensive"
    r" offensive\s+operations ground\s+attacks? attacked\s+(?:ukrainian|russian)\s+positions advanced advances"
    r" firefight skirmish infiltrat\w* бо[їйяю]\w* бій штурм\w* відбил\w* відбит\w* наступ\w* контратак\w*"
    r" боестолкн\w* отразил\w* отбил\w* наступлени\w* продвинул\w* просунул\w* зіткнен\w* столкновени\w*"
))
_INTERCEPT = _rx(_words(
    r"shot\s+down shoots\s+down downed intercepted intercepts interception neutrali[sz]ed air\s+defen[cs]e"
    r" destroyed\s+\d+\s+(?:drones|uavs|missiles) збил\w* збит\w* знешкодж\w* перехопил\w* перехоплен\w*"
    r" сбил\w* сбит\w* перехвач\w* перехват\w* подавлен\w* ппо пво уничтожены\s+\d+"
))
_IMPACT = _rx(_words(
    r"killed wounded injured died dead damaged destroyed\s+(?:a|the|two|three|several|\w+\s+)?(?:house|home|building)s?"
    r" fire\s+broke fires? debris\s+(?:fell|hit|damaged) hit\s+(?:a|an|the) struck\s+(?:a|an|the)"
    r" загин\w* поранен\w* пошкодж\w* пожеж\w* уламк\w* зруйн\w* погиб\w* ранен\w* поврежд\w* пожар\w*"
    r" обломк\w* разруш\w* постражд\w* пострада\w* влучан\w* попадани\w*"
))
_AGREEMENT = _rx(_words(
    r"ceasefire cease-fire truce armistice peace\s+(?:deal|agreement|accord) signed\s+(?:an?\s+|the\s+)?"
    r"(?:agreement|deal|memorandum) agreed\s+to reached\s+(?:an?\s+)?(?:agreement|deal) prisoner\s+(?:exchange|swap)"
    r" exchange\s+of\s+prisoners pows?\s+(?:were\s+)?(?:returned|released|exchanged) grain\s+deal"
    r" обмін\w*\s+полонен\w* обмін\w*\s+тіл\w* перемир'я домовленост\w* підписал\w*\s+(?:угод|меморандум)"
    r" повернул\w*\s+додому обмен\w*\s+пленн\w* обмен\w*\s+тел\w* перемири\w* соглашени\w*\s+подпис\w*"
    r" подписал\w*\s+соглашени\w* договорил\w* вернул\w*\s+домой"
))
_VIOLATION = _rx(_words(r"violat\w* поруш\w* наруш\w*"))
_ARREST = _rx(_words(
    r"detained detains arrested arrests apprehended detention taken\s+into\s+custody"
    r" notice\s+of\s+suspicion затрима\w* арештува\w* заарештува\w* повідомил\w*\s+про\s+підозр\w*"
    r" задержа\w* арестова\w* задержан\w*"
))
_PROTEST = _rx(_words(
    r"protest\w* rall(?:y|ied|ies) demonstrat(?:ion|ors|ed) picket\w* протест\w* мітинг\w* акці\w*\s+протест\w*"
    r" пікет\w* митинг\w* пикет\w* вийшли\s+на\s+вулиц\w* вышли\s+на\s+улиц\w*"
))
_PROTEST_INTERVENE = _rx(_words(r"dispersed disperse detained\s+protesters розігна\w* розігнал\w* разогна\w* задержан\w* затриман\w*"))
_ABDUCT = _rx(_words(
    r"abduct\w* kidnap\w* forcibly\s+(?:deported|transferred|disappeared) deported deportation"
    r" викрал\w* викраден\w* депорту\w* депортова\w* похитил\w* похищен\w* депортаци\w* депортировал\w*"
    r" насильно\s+вывез\w* примусово\s+вивез\w*"
))
_SEXUAL = _rx(_words(r"rape\w* sexual\s+violence sexually\s+assault\w* згвалту\w* сексуальн\w*\s+насильств изнасил\w*"))
_VAC = _rx(_words(
    r"executed execution\s+of tortured torture shot\s+dead\s+(?:a|two|\w+)?\s*civilians? shot\s+(?:a|two|\d+)\s+civilians?"
    r" opened\s+fire\s+on\s+(?:civilians|a\s+car|people|evacuat\w*) killed\s+civilians\s+in\s+custody"
    r" розстріля\w* катува\w* тортур\w* страти\w* расстреля\w* пыта\w* пытк\w* казни\w*"
))
_LOOT = _rx(_words(r"loot\w* plunder\w* pillag\w* мародер\w* мародёр\w* розграбува\w* разграби\w* пограбува\w*"))
_CHEM = _rx(_words(r"chemical\s+(?:weapon|agent|munition)s? chloropicrin tear\s+gas k-51 хімічн\w* хлорпікрин химическ\w* хлорпикрин"))
_GRENADE = _rx(_words(r"grenades? гранат\w*"))
_SUICIDE = _rx(_words(r"suicide\s+bomb\w* смертник\w*"))
_CAPTURE = _rx(_words(
    r"captured capture\s+of took\s+(?:full\s+)?control seized occupied\s+the\s+(?:village|town|city|settlement)"
    r" raised\s+(?:the|a)\s+flag окупува\w* захопи\w* захопл\w* взял\w*\s+под\s+(?:полный\s+)?контроль"
    r" зайня\w* заня\w* заняли овладел\w* заход\w*\s+в"
))
_LIBERATE = _rx(_words(
    r"liberated liberation\s+of recaptured retook regained recapture\s+of deoccupied de-occupied"
    r" звільнил\w* звільнен\w* деокупува\w* відвоюва\w* освободил\w* освобожден\w* вернули\s+контроль"
    r" повернули\s+контроль"
))
_WITHDRAW = _rx(_words(r"withdrew withdrawn retreated withdrawal\s+from відійшли відступил\w* вийшли\s+з отошли отступил\w* вышли\s+из"))
_STRATEGIC_OTHER = _rx(_words(
    r"mobili[sz]ation martial\s+law appointed dismissed sanctions? conscription annex\w* referend\w*"
    r" мобілізац\w* воєнн\w*\s+стан\w* призначи\w* звільнив\s+з\s+посади санкці\w* мобилизац\w*"
    r" военн\w*\s+положени\w* назначи\w* санкци\w* аннекс\w* референдум\w*"
))
_CYBER = _rx(_words(r"cyber-?attacks? cyberattack\w* ddos hack\w* кібератак\w* кибератак\w* хакер\w*"))
_HEDGE = _rx(_words(
    r"could may might would will\s+likely likely\s+will will\s+probably is\s+likely\s+to are\s+likely\s+to"
    r" is\s+expected\s+to are\s+expected\s+to plans?\s+to intends?\s+to isw\s+assesses isw\s+forecasts"
    r" assess\w* forecast\w* threaten\w* if\s+russia if\s+ukraine може\s+\w+ можуть можливо планує"
    r" може могут может возможно планирует прогноз\w* загрожу\w* угрожа\w*"
))
_HISTORY = _rx(_words(
    r"in\s+(?:19\d\d|2014|2015) world\s+war second\s+world anniversary years\s+ago holodomor"
    r" друг\w*\s+світов\w* друг\w*\s+миров\w* великой\s+отечественной роковин\w* річниц\w* годовщин\w*"
))
# Past-tense verbs and passive participles. Cyrillic endings need two letters of stem, and the hedge and
# function words that happen to share an ending ("что", "можно", "дронів") are excluded.
_NOT_PAST = r"(?!(?:что|это|кто|можно|возможно|вероятно|необходимо|давно|нібито|начебто|ймовірно|можливо|около)(?!\w))"
_PAST = _rx(_words(
    r"\w+ed struck hit shot fought took overran shelled launched killed wounded"
    rf" {_NOT_PAST}\w{{2,}}(?:ли|ла|ло|ав|ив|ув|ял|ил|ал|ел|ено|ано|ято|ито|уто|ено)"
), end=True)
# Words of analysis and commentary rather than reporting (ISW-style): capabilities and formations named after
# strikes, debate and rhetoric about them, forecasts of what forces are preparing. Headlines that announce an
# expert's or outlet's view ("..., - експерт") are left alone: as often as not they also report the strike.
_ANALYSIS = _rx(_words(
    r"strike\s+groups? strike\s+capabilit\w* strike\s+packages? information\s+operations? information\s+space"
    r" rhetoric\w* petition\w* criticiz\w* criticis\w* discuss\w* faulting reiterat\w* emphasi[sz]\w*"
    r" will\s+continue are\s+preparing\s+to is\s+preparing\s+to are\s+attempting\s+to"
))
ANALYSIS_PENALTY = 0.4
_LOSSES = _rx(_words(r"losses personnel втрат\w* особового\s+складу потер\w* личного\s+состава"))

# ---------------------------------------------------------------- sides
_RU_ACTOR = _rx(_words(
    r"russian\s+(?:forces|troops|army|military|shelling|strikes?|attacks?|missiles?|drones?|aircraft|artillery|"
    r"aviation|occupiers|soldiers|servicemen|units|army|airstrike|air\s+strike|bombs?|invaders|jets|"
    r"sabotage|assault|offensive|armed\s+forces|ministry\s+of\s+defen[cs]e|mod|fpv|glide\s+bombs?)"
    r" russia\s+(?:launched|attacked|struck|shelled|fired|hit|targeted|bombed|used) russians occupiers"
    r" invaders окупант\w* окупац\w*\s+військ\w* росіян\w* рашист\w* ворог\w* ворож\w* російськ\w*\s+(?:військ\w*|армі\w*|окупант\w*|"
    r"ракет\w*|дрон\w*|удар\w*|обстріл\w*|військов\w*|загарбник\w*|сил\w*|авіаці\w*|бомб\w*|штурм\w*|артилері\w*)"
    r" росія\s+(?:атакувала|вдарила|обстріляла|запустила) рф\s+(?:атакувала|вдарила|обстріляла) зс\s+рф вс\s+рф"
    r" армія\s+рф армия\s+рф оккупант\w* россиян\w* враг\w* российск\w*\s+(?:войск\w*|арми\w*|военн\w*|"
    r"ракет\w*|дрон\w*|удар\w*|обстрел\w*|сил\w*|авиаци\w*|бомб\w*|подразделени\w*|бпла|артиллери\w*)"
    r" росси[яи]\s+(?:атаковала|нанесла|ударила|обстреляла|запустила) вооруж\w*\s+сил\w*\s+росси\w*"
    r" группировк\w*\s+войск\w* минобороны\s+(?:рф|россии) міноборони\s+рф kremlin\s+forces"
))
_UA_ACTOR = _rx(_words(
    r"ukrainian\s+(?:forces|troops|army|military|drones?|strikes?|attacks?|missiles?|artillery|aviation|"
    r"soldiers|servicemen|units|sabotage|special\s+forces|navy|defenders|sea\s+drones?|air\s+force|"
    r"counteroffensive|counterattack|fpv|defence\s+forces|defense\s+forces|partisans|armed\s+forces|sbu|hur|gur)"
    r" ukraine\s+(?:launched|attacked|struck|shelled|fired|hit|targeted|used) зсу сили\s+оборони"
    r" українськ\w*\s+(?:військ\w*|армі\w*|дрон\w*|удар\w*|військов\w*|захисник\w*|сил\w*|бійц\w*|безпілот\w*|"
    r"підрозділ\w*|артилерист\w*|артилері\w*|прикордонник\w*) захисник\w* вс[уу] всу\w* силы\s+обороны"
    r" украинск\w*\s+(?:войск\w*|арми\w*|военн\w*|дрон\w*|удар\w*|беспилот\w*|бпла|сил\w*|ракет\w*|"
    r"боевик\w*|диверсант\w*|формировани\w*|подразделени\w*|националист\w*|артиллери\w*) киевск\w*\s+режим\w* сбу гур hur"
    r" defen[cs]e\s+forces\s+of\s+ukraine ukrainian\s+general\s+staff боевик\w*\s+всу уразил\w* вразил\w*"
    r" partisans партизан\w*"
))
# Russian regions, and places held by Russia since 2014: an unattributed strike there is Ukrainian.
_RU_PLACE = _rx(_words(
    r"belgorod бєлгород белгород kursk курськ курск bryansk брянськ брянск voronezh воронеж rostov ростов"
    r" krasnodar краснодар moscow москв oryol орел орл tula тул[аіыи] ryazan рязан saratov саратов"
    r" tatarstan татарстан novorossiysk новоросійськ новороссийск tuapse туапсе engels енгельс энгельс"
    r" crimea крим крым sevastopol севастопол kerch керч feodosi феодосі феодоси simferopol сімферопол"
    r" симферопол yevpatori євпатор евпатори taganrog таганрог lipetsk липецк smolensk смоленск"
    r" kaluga калуг pskov псков leningrad ленінград ленинград st\s+petersburg петербург"
    r" донецьку(?!\s+облас) донецьком донецьк(?!\w) донецке донецком донецк(?!\w) донецка(?!\w)"
    r" makiivka макіїв макеевк horlivka gorlovka горлівк горловк donetsk\s+city луганськ\s+місто"
    r" alchevsk алчевськ алчевск kadiivka кадіївк кадиевк stakhanov стаханов yenakiieve yenakiyevo єнакієв"
    r" енакиев khartsyzk харцизьк харцызск starobesheve старобешев старобешів debaltseve дебальцев"
    r" shakhtarsk шахтарськ шахтерск ilovaisk іловайськ иловайск dovzhansk довжанськ rovenky ровеньк"
    r" sorokyne сорокин krasnodon краснодон"
))
# "occupied"/"окупований"/"оккупированный": a strike there with no actor named is Ukrainian, like one on
# a place held since 2014 (Melitopol, Nova Kakhovka ... are not listed by name: they were occupied in 2022).
_OCCUPIED = _rx(_words(r"occupied тимчасово\s+окупован\w* окупован\w* оккупированн\w*"))
_UA_WEAPON = _rx(_words(
    r"ukrainian\s+(?:drones?|uavs?|missiles?|rockets?) українськ\w*\s+(?:дрон\w*|безпілот\w*|ракет\w*|бпла)"
    r" украинск\w*\s+(?:дрон\w*|беспилот\w*|ракет\w*|бпла|снаряд\w*) всу"
))
_RU_PLACE_TITLE = re.compile(r"\b(?:in|on|over|near|at|of)\s+(?:the\s+)?(?:occupied\s+)?(?:Donetsk|Luhansk)\s+(?:city)?\b")

_TARGETS_CIVIL = {"residential", "healthcare", "education", "commercial", "religious"}


def _weapons(t: str) -> tuple[str, ...]:
    scanned = _scan(t)
    low = scanned[0]
    found = [_WEAPON_NAMES[i] for i in _WEAPON_GROUP.may_match(scanned) if _WEAPON_GROUP.lexicons[i]._re.search(low)]
    if "mine_ied" in found and _NOT_MINE.search(t) and len(_WEAPON_RX["mine_ied"].findall(t)) <= 1:
        found.remove("mine_ied")
    if "armor" in found and _NOT_TANK.search(t):
        found.remove("armor")
    if "mlrs" in found and "missile" in found and not re.search(r"missile|ракет[аиуыі]?\b(?!\w)", t, re.I):
        found.remove("missile")  # "Grad rockets" are the MLRS itself
    if "drone" in found:
        camera = {m.start() for m in _DRONE_CAMERA.finditer(t)}
        if all(m.start() in camera for m in _WEAPON_RX["drone"].finditer(t)):
            found.remove("drone")  # "drone footage of ..." names a camera
    if "missile" in found and re.search(r"rocket-propelled", t, re.I) and not re.search(r"missile|ракет", t, re.I):
        found.remove("missile")  # an RPG is a small arm
    if "aircraft" in found and len(found) > 1 and _AIRFIELD.search(t):
        found.remove("aircraft")  # jets hit on an airfield by drones/missiles are the target, not the weapon
    if "missile" in found and len(found) > 1 and _SAM_TARGET.search(t) and not _missile_outside_sam(t):
        found.remove("missile")  # "struck two S-300 air defence systems": the SAM is the target
    if "cyber" in found and len(found) > 1 and not _CYBER.search(t):
        found.remove("cyber")
    specific = set(found)
    found = [w for w in found if not (w in _GENERIC_OF.values() and any(_GENERIC_OF.get(s) == w for s in specific))]
    if not found and _GENERIC_SHELLING.search(t):
        found = ["artillery"]
    order = list(_WEAPON_LEX)
    return tuple(sorted(set(found), key=order.index))


# An administration that *speaks* ("the regional administration said", "повідомив голова ОВА") is a
# claimant, not a target: its mention counts as a target only away from an attribution verb.
_SPEAKING_BODY = re.compile(r"(?<!\w)(?:(?:regional|city|state|district|town)\s+administration|адміністрац\w*|администрац\w*|ова|ода|мва)(?!\w)", re.I)
_ATTRIBUTION = re.compile(
    r"said|says|reported|stated|according|повідоми\w*|повідомля\w*|сообщи\w*|сообща\w*|заяви\w*|за\s+даними"
    r"|по\s+данным|написа\w*|голов\w*|очільни\w*|глав\w*|начальни\w*|head|chief|spokes\w*|губернатор\w*",
    re.I,
)


def _government_target(t: str) -> bool:
    rx = _TARGET_RX["government"]
    for m in rx.finditer(t):
        if not _SPEAKING_BODY.fullmatch(m.group(0).split()[0]) and not _SPEAKING_BODY.match(m.group(0)):
            return True
        window = t[max(0, m.start() - 45) : m.end() + 45]
        if not _ATTRIBUTION.search(window):
            return True
    return False


_FIRED_FROM_POSITIONS = re.compile(
    r"(?<!\w)(?:from|з|із|зі|из|с|со)\s+(?:(?:their|its|the|russian|ukrainian|своїх|своих)\s+)?"
    r"(?:positions?|позиці\w*|позици\w*)(?!\w)",
    re.I,
)


def _targets(t: str, civilian_victims: bool) -> tuple[str, ...]:
    scanned = _scan(t)
    low = scanned[0]
    found = [_TARGET_NAMES[i] for i in _TARGET_GROUP.may_match(scanned)
             if (_TARGET_GROUP.lexicons[i]._re.search(low) if _TARGET_NAMES[i] != "government" else _government_target(t))]
    if "industry" in found and _MILITARY_DEPOT.search(t) and not _TARGET_RX["industry"].search(_MILITARY_DEPOT.sub(" ", t)):
        found.remove("industry")  # "склад боєприпасів" is an ammunition depot, not a warehouse
    if "energy" in found and "industry" in found and not re.search(r"factory|завод|фабрик|предприят|підприємств", t, re.I):
        found.remove("industry")  # "power plant" is energy, not an industrial plant
    if "railway" in found and "transport" in found and not re.search(r"bridge|міст|мост|road|дорог|port|порт|bus|автобус", t, re.I):
        found.remove("transport")
    if "military" in found and _FIRED_FROM_POSITIONS.search(t) \
            and not _TARGET_RX["military"].search(_FIRED_FROM_POSITIONS.sub(" ", t)):
        found.remove("military")  # "fired from positions on the opposite bank": where from, not what was hit
    if civilian_victims or _CIVILIANS.search(t):
        found.insert(0, "civilians")
    order = ["civilians", *_TARGET_LEX]
    return tuple(sorted(set(found), key=order.index))


# The side that *reports* is not the side that acts: "The Ukrainian General Staff reported that Russian
# forces shelled ...", "Минобороны РФ сообщило, что ВСУ атаковали ...". A speaker (a side word or a
# military institution, a few words, a speech verb, "that") or an "according to ..." clause is removed
# before the actor words are read. The words between speaker and verb may not themselves report an
# action ("Russian forces struck the city governor said" keeps its actor).
_SPEECH_VERB = (
    r"(?:reported|reports|said|says|stated|states|claimed|claims|announced|wrote|noted|confirmed|"
    r"повідоми\w*|повідомля\w*|заяви\w*|заявля\w*|стверджу\w*|пише|написа\w*|підтверди\w*|"
    r"сообщи\w*|сообща\w*|утвержда\w*|пишет|подтверди\w*)"
)
_ATTRIBUTION_CLAUSE = re.compile(
    r"(?<!\w)(?P<speaker>(?:the\s+)?(?:ukrainian|russian|ukraine's|russia's|kremlin|general\s+staff|"
    r"генштаб\w*|генеральн\w*\s+штаб\w*|міноборони|минобороны|українськ\w*|російськ\w*|украинск\w*|"
    r"российск\w*)(?:\s+[\w'-]+){0,5}?)\s+" + _SPEECH_VERB + r"(?!\w)(?:\s+(?:that|що|что))?,?"
    r"|(?:according\s+to|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации))\s+[^,.;:]{0,80}[,.;:]?"
    r"|^\s*(?:минобороны|міноборони|генштаб\w*|сбу|sbu)[^:.]{0,20}:",
)


# Words one of which every attribution clause contains: a text with none of them has no clause, and the
# clause regex (an alternation with no first character to skip ahead to) need not walk it.
_ATTRIBUTION_CUES = _Lexicon.of(
    _SPEECH_VERB + r"|according\s+to|за\s+(?:даними|словами|інформацією)|по\s+(?:данным|словам|информации)"
    r"|минобороны|міноборони|генштаб|сбу|sbu"
)


# Where a clause can start: "the" before a speaker word, a speaker word, or the opening of "according to" /
# "за даними" / "по данным" (the third alternative is anchored at the start). None of these contains the start of
# another, so finding them without overlap finds them all. A regex opening with a lookbehind is tried at every
# character; this one opens with literals, which the engine skips ahead to.
_SPEAKER_START = r"ukrain|russia|kremlin|general|генштаб|генеральн|міноборони|минобороны|українськ|російськ|украинск|российск"
_CLAUSE_START = re.compile(r"the(?=\s+(?:" + _SPEAKER_START + r"))|" + _SPEAKER_START + r"|according|за|по")


def _without_attribution(t: str) -> str:
    """Lower-cased ``t`` with its speaker clauses blanked out (see ``_ATTRIBUTION_CLAUSE``).

    The same as ``_ATTRIBUTION_CLAUSE.sub``: leftmost clauses first, none overlapping, but the clause regex is
    only tried where ``_CLAUSE_START`` says one can start, about 3 times faster."""
    def blank(m: re.Match[str]) -> str:
        speaker = m.group("speaker") or ""
        if speaker and (_STRIKE.search(speaker) or _BATTLE.search(speaker)):
            return m.group(0)  # "Russian forces shelled the city, officials said": the speaker slot holds the act
        return " "
    match = _ATTRIBUTION_CLAUSE.match  # a lookbehind still sees the text before the position it starts at
    out: list[str] = []
    last = 0
    m = match(t, 0)
    if m is not None:
        out.append(blank(m))
        last = m.end()
    for c in _CLAUSE_START.finditer(t, last):
        p = c.start()
        if p < last:
            continue
        m = match(t, p)
        if m is not None:
            out.append(t[last:p])
            out.append(blank(m))
            last = m.end()
    if not out:
        return t
    out.append(t[last:])
    return "".join(out)


def _first_actor(t: str, lowered: bool = False) -> str:
    """The side whose actor words come first in ``t``. ``lowered``: ``t`` is a lower-cased copy with clauses
    blanked out, seen once, for which the two regexes cost less than the prefilter's scan."""
    if lowered:
        ru, ua = _RU_ACTOR.search_lower(t), _UA_ACTOR.search_lower(t)
    else:
        ru, ua = _RU_ACTOR.search(t), _UA_ACTOR.search(t)
    if ru and ua:
        return "RU" if ru.start() < ua.start() else "UA"
    return "RU" if ru else "UA" if ua else "unknown"


# A side word that owns the thing hit names the target, not the actor: "склад боєприпасів окупантів",
# "ворожий склад", "аэродромы ВСУ", "российскую технику". With no other actor named, the other side struck.
_OWNED_OBJECT = (
    r"(?:склад\w*|аеродром\w*|аэродром\w*|позиці\w*|позици\w*|техні\w*|техник\w*|колон\w*|нафтопровід\w*|"
    r"нефтепровод\w*|нафтобаз\w*|нефтебаз\w*|штаб\w*|командн\w*\s+пункт\w*|пункт\w*\s+управлін\w*|пункт\w*\s+управлени\w*)"
)
# "Russian military bases", "Ukrainian positions": in English the owner stands before the object.
_OWNED_OBJECT_EN = (
    r"(?:bases?|positions?|(?:ammunition\s+)?depots?|warehouses?|command\s+posts?|headquarters|airfields?|air\s*bases?"
    r"|strongholds?|concentrations?|equipment|ships?|vessels?|fuel\s+depots?|oil\s+depots?)"
)
_OWNED_EN = re.compile(r"(?<!\w)(?P<owner>russian|ukrainian)\s+(?:military\s+|army\s+|forces'?\s+)?" + _OWNED_OBJECT_EN
                       + r"(?!\w)")
_OWNED = re.compile(
    r"(?<!\w)" + _OWNED_OBJECT + r"(?:\s+[\w-]+){0,2}?\s+(?P<owner>окупант\w*|оккупант\w*|ворога|врага|супротивника|росіян|россиян|рф|"
    r"вс\s+рф|зс\s+рф|всу|зсу)(?!\w)"
    r"|(?<!\w)(?P<adj>ворож\w*|вражеск\w*|російськ\w*|российск\w*|українськ\w*|украинск\w*)\s+(?:[\w-]+\s+)?"
    + _OWNED_OBJECT,
)


# Every owned-object phrase names the object.
_OWNED_CUES = _Lexicon.of(_OWNED_OBJECT)
_OWNED_EN_CUES = _Lexicon.of(_OWNED_OBJECT_EN)


def _owner_side(phrase: str) -> str:
    return "UA" if re.search(r"всу|зсу|україн|украин|ukrain", phrase, re.I) else "RU"


@lru_cache(maxsize=256)
def _side_of_actors(t: str) -> str:
    """The side named first as an actor ("Russian forces ...", "ЗСУ ..."), or unknown. Actor words in a
    speaker clause count only when the rest of the text names no side at all ("Генштаб ЗСУ повідомляє
    про удари по НПЗ" is still a Ukrainian strike); side words owning the target ("склад ВСУ") only say
    that the other side struck."""
    low = t.lower()  # the clause patterns are lower case: about 3x faster than re.I
    stripped = _without_attribution(low) if _ATTRIBUTION_CUES.may_match(t) else low
    # The regexes walk the whole text: they run only where their objects occur at all.
    owned = [rx for rx, cues in ((_OWNED_EN, _OWNED_EN_CUES), (_OWNED, _OWNED_CUES)) if cues.may_match(t)]
    found = sorted((m.start(), next(g for g in m.groups() if g)) for rx in owned for m in rx.finditer(stripped))
    owners = [owner for _, owner in found]
    for rx in owned:
        stripped = rx.sub(" ", stripped)
    side = _first_actor(stripped, lowered=True) if stripped != low else "unknown"
    if side == "unknown" and owners:
        side = _other(_owner_side(owners[0]))
    return side if side != "unknown" else _first_actor(t)


def actor_side(text: str) -> str:
    """The side a text names as acting ("Russian forces ...", "ЗСУ ..."), "RU"/"UA", or "unknown"."""
    return _side_of_actors(straight(text))


def _other(side: str) -> str:
    return {"RU": "UA", "UA": "RU"}.get(side, "unknown")


def _strike_sides(t: str, targets: tuple[str, ...]) -> tuple[str, str]:
    side = _side_of_actors(t)
    if side == "unknown":
        held = _RU_PLACE.search(t) or _RU_PLACE_TITLE.search(t) or _OCCUPIED.search(t)
        side = "UA" if held else "RU"
    civil = "civilians" in targets or any(x in _TARGETS_CIVIL for x in targets)
    if civil and "military" not in targets:
        return side, "civilians"
    return side, _other(side)


_STRIKE_ON = _Lexicon.of(r"\b(?:strikes?|struck|удар\w*)\s+(?:on|at|по)\b")  # "strikes on ...": not a battle
_REPEL = _Lexicon.of(r"repel|repuls|відбил|відбит|отразил|отбил")
_TODAY = _Lexicon.of(r"\b(?:today|overnight|yesterday|вчора|сьогодні|вчера|сегодня)\b")


# The cue lexicons of ``classify``, in the order it unpacks them: one list, so the fast path's mask
# (``_cue_mask``) cannot miss a cue the slow path reads.
_EVENT_CUES = (_STRIKE, _BATTLE, _INTERCEPT, _AGREEMENT, _ARREST, _PROTEST, _ABDUCT, _SEXUAL, _VAC, _LOOT,
               _CAPTURE, _LIBERATE, _CYBER, _WITHDRAW, _CHEM)
_CUE_GROUP = LexiconGroup(_EVENT_CUES)


@lru_cache(maxsize=1)
def _cue_mask() -> int:
    """Prefilter bits of every lexicon that can make a sentence an event (cues, weapons), or -1 (all bits)
    if one of them runs without a prefilter."""
    mask = 0
    for lex in (*_EVENT_CUES, _GENERIC_SHELLING, *_WEAPON_RX.values()):
        if not lex._bit:
            return -1
        mask |= lex._bit
    return mask


def classify(text: str, lang: str) -> Classification | None:
    """ACLED type/sub-type, weapons, targets, sides and an event score; None when no event is reported."""
    t = straight(text)
    sc = _scan(t)
    if not sc[1] & _cue_mask():
        # No cue or weapon lexicon can match (about half of all sentences): only a development is possible.
        if _STRATEGIC_OTHER.search_scanned(sc):
            return Classification("Strategic developments", "Other", initiator=_side_of_actors(t), score=0.35)
        return None
    cues: list[re.Match[str] | None] = [None] * len(_EVENT_CUES)
    for i in _CUE_GROUP.may_match(sc):
        cues[i] = _EVENT_CUES[i]._re.search(sc[0])
    (strike, battle, intercept, agreement, arrest, protest, abduct, sexual, vac, loot, capture, liberate, cyber,
     withdraw, chem) = cues
    weapons = _weapons(t)
    if not (strike or battle or intercept or agreement or arrest or protest or abduct or sexual or vac or loot
            or capture or liberate or cyber or withdraw or chem or weapons):
        if _STRATEGIC_OTHER.search(t):
            return Classification("Strategic developments", "Other", initiator=_side_of_actors(t), score=0.35)
        return None
    # Forecasts, assessments and history: an event only with a past-tense verb outside the hedge.
    hedged = bool(_HEDGE.search(t)) or bool(_HISTORY.search(t))
    if _HISTORY.search(t) and not _TODAY.search(t):
        return None
    if hedged and not _PAST.search(t):
        return None
    score = 0.85 if not hedged else 0.55
    if _ANALYSIS.search(t) and not _IMPACT.search(t):
        # Commentary about strikes ("discussed the strikes", "strike groups", "експерт про удар") reports
        # none; a sentence that also names harm or damage still does.
        score -= ANALYSIS_PENALTY
    # Daily loss tallies ("Russia lost 1,200 personnel") are not one incident.
    if _LOSSES.search(t) and not (strike and _IMPACT.search(t)) and not battle:
        return None
    actor = _side_of_actors(t)
    cas_civil = bool(_CIVILIANS.search(t))

    def make(et: str, st: str, init: str, tside: str, s: float, targets: tuple[str, ...] | None = None) -> Classification:
        tg = targets if targets is not None else _targets(t, cas_civil)
        return Classification(et, st, weapons, tg, init, tside, round(max(0.0, min(1.0, s)), 3))

    if agreement and not (_VIOLATION.search(t) and (strike or battle)):
        return make("Strategic developments", "Agreement", actor if actor != "unknown" else "other", "other", score, ())
    if cyber and not (strike and weapons != ("cyber",)):
        side = actor if actor != "unknown" else ("UA" if _RU_PLACE.search(t) else "RU")
        return make("Strategic developments", "Other", side, _other(side), score - 0.1)
    if protest and not strike:
        sub = "Protest with intervention" if _PROTEST_INTERVENE.search(t) else "Peaceful protest"
        return make("Protests", sub, "other", "unknown", score, ())
    if sexual:
        return make("Violence against civilians", "Sexual violence", actor if actor != "unknown" else "RU", "civilians", score)
    if abduct:
        return make("Violence against civilians", "Abduction/forced disappearance",
                    actor if actor != "unknown" else "RU", "civilians", score)
    if arrest and not (strike and _IMPACT.search(t)):
        if actor == "RU" and re.search(r"occup|окуп|оккуп", t, re.I):
            return make("Violence against civilians", "Abduction/forced disappearance", "RU", "civilians", score)
        side = "UA" if re.search(r"\b(?:sbu|сбу|police|поліці|нацпол|ukrainian)", t, re.I) else (
            "RU" if re.search(r"\b(?:fsb|фсб|russian|российск|полици)", t, re.I) else actor)
        return make("Strategic developments", "Arrests", side, "unknown", score - 0.05, ())
    if vac and not intercept:
        return make("Violence against civilians", "Attack", actor if actor != "unknown" else "RU", "civilians", score)
    if loot:
        return make("Strategic developments", "Looting/property destruction", actor if actor != "unknown" else "RU",
                    "civilians", score - 0.05)
    if liberate or capture:
        in_russia = bool(_RU_PLACE.search(t))
        if liberate and not (actor == "RU" and lang == "ru" and not in_russia):
            side = actor if actor != "unknown" else ("RU" if in_russia else "UA")
        else:
            side = actor if actor != "unknown" else ("UA" if in_russia else "RU")
        # A government retaking ground in its own country "regains"; a foreign force "overtakes".
        regains = (side == "UA" and not in_russia) or (side == "RU" and in_russia)
        sub = "Government regains territory" if regains else "Non-state actor overtakes territory"
        return make("Battles", sub, side, _other(side), score)
    if intercept and not _IMPACT.search(t) and not battle:
        # ACLED: the interceptor carries out a disrupted-weapons event. Over Russia/Crimea, or when the
        # weapons are named Ukrainian ("украинских беспилотников"), Russia intercepted; otherwise Ukraine.
        side = "RU" if (_RU_PLACE.search(t) or _UA_WEAPON.search(t)) else "UA"
        return make("Strategic developments", "Disrupted weapons use", side, _other(side), score - 0.05, ())
    if battle and not _STRIKE_ON.search(t):
        init = actor
        if _REPEL.search(t):
            init = _other(actor) if actor != "unknown" else "RU"
        return make("Battles", "Armed clash", init, _other(init), score, None)
    if chem:
        init, tside = _strike_sides(t, ())
        return make("Explosions/Remote violence", "Chemical weapon", init, tside, score)
    if _SUICIDE.search(t):
        return make("Explosions/Remote violence", "Suicide bomb", "unknown", "unknown", score)
    if strike or weapons:
        targets = _targets(t, cas_civil)
        init, tside = _strike_sides(t, targets)
        air = {"drone", "shahed", "fpv_drone", "aircraft", "guided_bomb"}
        ground = {"missile", "ballistic_missile", "cruise_missile", "artillery", "mlrs"}
        if "mine_ied" in weapons and not (set(weapons) & (air | ground)):
            sub = "Remote explosive/landmine/IED"
        elif set(weapons) & air and not set(weapons) & ground:
            sub = "Air/drone strike"
        elif set(weapons) & ground:
            sub = "Shelling/artillery/missile attack"
        elif _GRENADE.search(t):
            sub = "Grenade"
        else:
            sub = "Shelling/artillery/missile attack"
        s = score if (weapons or targets or _IMPACT.search(t)) else score - 0.25
        if not weapons and not targets and strike and all(_NOMINAL.match(m.group(0)) for m in _STRIKE.finditer(t)):
            s -= 0.2  # "the destruction of Mariupol", "possible damage to two ships": no incident named
        if not strike:
            s -= 0.2  # a weapon named with no strike verb ("HIMARS deliveries") is weak evidence
        return make("Explosions/Remote violence", sub, init, tside, s, targets)
    if withdraw:
        return make("Strategic developments", "Non-violent transfer of territory", actor, _other(actor), 0.45, ())
    return None
