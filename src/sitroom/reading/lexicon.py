"""The lexicon engine: trilingual stem lists compiled to word-start regexes behind one shared literal
prefilter (an Aho-Corasick automaton over every lexicon's literals), so a stage asks "may this lexicon match
this text?" from one scan of the text instead of one regex call per lexicon.

The stem lists themselves are data in ``sitroom.reading.lexicons``; ``classify``, ``claims``, ``dates`` and
``casualties`` compile theirs with ``_rx`` / ``_Lexicon.of`` here.
"""

from __future__ import annotations

import atexit
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

import ahocorasick

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
        # compiled on first use (``_Deferred``): a run that reads a few sentences compiles only the lexicons
        # the prefilter lets through, instead of all of them at import (most of the command's start-up)
        self._re: re.Pattern[str] = _Deferred(self)  # type: ignore[assignment]
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
        if contains is not None:
            return cls(pattern, frozenset(contains))
        return cls(pattern, _remembered("of:" + pattern, lambda: _literals_of(_split_top(pattern))))

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


class _Deferred:
    """Stands in for a lexicon's compiled regex until some method of it is first asked for: then compiles
    it, puts the real pattern in the lexicon's place (so later calls cost nothing extra) and answers."""

    __slots__ = ("_owner",)

    def __init__(self, owner: _Lexicon) -> None:
        self._owner = owner

    def __getattr__(self, name: str) -> object:
        with _COMPILE_LOCK:
            compiled = self._owner._re
            if isinstance(compiled, _Deferred):
                compiled = re.compile(_skip_ahead(self._owner.pattern))
                self._owner._re = compiled
        return getattr(compiled, name)


_COMPILE_LOCK = threading.Lock()


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
    pattern = r"(?<![\w-])(?:" + "|".join(ordered) + ")" + tail
    # each stem's literals with the word start before it (and the word end after it), as matched
    return _Lexicon(pattern, _remembered(
        "rx:" + pattern, lambda: _literals_of(r"(?<![\w-])(?:" + stem + ")" + tail for stem in ordered)))


# ---------------------------------------------------------------- literals remembered between runs
# Working out the literals of ~130 lexicons takes about a third of the reading stages' import time, and
# the answer depends only on the pattern and on this module's code. So they are kept in a cache file
# (beside the gazetteer's, ``gazetteer.cache_dir``) keyed by a hash of this file: a later process reads
# them instead of working them out; a changed pattern is a miss (worked out, then added to the file).

_LITERALS: dict[str, frozenset[str] | None] | None = None
_LITERALS_KEY = ""
_LITERALS_ADDED = False


def _remembered(key: str, work: Callable[[], frozenset[str] | None]) -> frozenset[str] | None:
    global _LITERALS, _LITERALS_KEY, _LITERALS_ADDED
    if _LITERALS is None:
        from sitroom.reading import gazetteer

        try:
            with open(__file__, "rb") as fh:
                _LITERALS_KEY = gazetteer.data_digest(fh.read(), "lexicon literals")
        except OSError:
            _LITERALS_KEY = ""
        got = gazetteer.read_cache("literals", _LITERALS_KEY) if _LITERALS_KEY else None
        _LITERALS = got if isinstance(got, dict) else {}
    if key in _LITERALS:
        return _LITERALS[key]
    value = _LITERALS[key] = work()
    if not _LITERALS_ADDED and _LITERALS_KEY:
        _LITERALS_ADDED = True
        atexit.register(_save_literals)
    return value


def _save_literals() -> None:
    from sitroom.reading import gazetteer

    if _LITERALS is not None:
        gazetteer.write_cache("literals", _LITERALS_KEY, _LITERALS)


def _words(s: str) -> list[str]:
    return s.split()
