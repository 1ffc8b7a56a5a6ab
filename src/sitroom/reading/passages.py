"""Stage 2: Documents -> Passages.

1. Split the clean text into paragraphs (one per line; hard-wrapped lines are joined back).
2. Label each paragraph: heading ("Kharkiv Oblast:"), boilerplate ("More at the link"), body.
3. Find a trailing reader-comment thread (commenter names on their own lines, "@Name:" replies,
   "Reply", thanks and chit-chat) and label everything in it ``comment``: kept, never an event.
4. Collapse duplicates: an exact repeat (same normalised text) or a near repeat (MinHash LSH over word
   bigrams, Jaccard >= threshold) of an earlier passage gets ``duplicate_of`` set. ``Deduplicator`` keeps
   the index across documents of one run, so the same wire story in two outlets is found too.

Sentence splitting for en/uk/ru lives here as well (``split_sentences``): a regex with an abbreviation
list, because the stdlib has none and simplemma's splitter is slower and splits on "м. Київ".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from rensa import RMinHash, RMinHashLSH

from sitroom.models import Document, Passage, PassageKind

# MinHash: 64 permutations / 16 bands keeps the false-negative rate at Jaccard 0.8 under 1 %, and costs
# ~15 us per paragraph. Passages under MIN_LSH_TOKENS words are compared by exact hash only: MinHash
# over a handful of bigrams calls "Kharkiv: 2 killed" and "Kherson: 2 killed" the same.
NUM_PERM = 64
NUM_BANDS = 16
MIN_LSH_TOKENS = 8
HEADING_MAX_CHARS = 80

_WORD = re.compile(r"\w+", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…:;\"'»”)\]]\s*$")

_BOILERPLATE = re.compile(
    r"^(?:more at the link|read more|read also|see also|subscribe|share this|advertisement|"
    r"click here|follow us|support (?:us|our work)|читайте також|читайте также|підписуйтесь|"
    r"подписывайтесь|детальніше|подробнее|реклама|фото:|photo:|video:|відео:|видео:|читать далее|читати далі|"
    r"читайте тако?же|также читайте|також читайте|related:|related articles|latest news|останні новини|"
    r"последние новости|по теме:|новини по темі|новости по теме|ukraine war latest|key developments|"
    r"key updates|news feed|here(?:'s|’s| is) the latest)(?:(?<=:)|\b)",  # "фото: ДСНС": no \b after a colon
    re.IGNORECASE,
)

# Reader-comment cues. A header line starts the thread outright; the other cues are counted.
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|leave a (?:reply|comment)|discussion|"
    r"коментарі|коментарів|комментарии|комментариев|відповіді|ответы)\s*(?:\(\d+\))?:?\s*$",
    re.IGNORECASE,
)
_COMMENT_CUES = [
    re.compile(r"^@\w[\w .'-]{0,40}:?\s"),  # "@Name: ..." reply
    re.compile(r"^(?:reply|відповісти|ответить|like|report)\s*$", re.IGNORECASE),
    re.compile(
        r"\b(?:\d{1,2}:\d{2}\s*(?:am|pm)|\d+\s+(?:minutes?|hours?|days?)\s+ago|"
        r"(?:says|said|wrote)\s*:?\s*$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:thanks?|thank you|great (?:post|work|summary)|well done|cheers|agreed|"
        r"дякую|спасибо|slava ukraini|слава україні)\b[^.]{0,80}$",
        re.IGNORECASE,
    ),
]
# A commenter name alone on a line: one to three capitalised words or a handle, no sentence punctuation.
_NAME_LINE = re.compile(r"^(?:[A-ZА-ЯІЇЄҐ][\w'’-]{1,20}(?:\s+[A-ZА-ЯІЇЄҐ][\w'’.-]{0,20}){0,2}|[\w.-]{3,24}\d+)$")

_ABBREV = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "st", "no", "vs", "etc", "approx",
    "obl", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "м", "с", "смт", "вул", "ул", "г", "обл", "р", "т", "д", "пгт", "див", "напр", "ім", "им", "тис", "тыс",
    "млн", "млрд", "км", "ст", "пос",
}
# ("<…>", "[…]": an elision in a quote ends the sentence before it)
_SENT_END = re.compile(r"[.!?…]+[\"'»”)\]>]*\s+(?=[\"'«“(]?[A-ZА-ЯІЇЄҐ0-9])")


def normalise(text: str) -> str:
    """Lowercase, NFKC, one space: the form used for hashing and shingling."""
    if "\xa0" in text:
        # NFKC decomposes a no-break space to a space, one starter to another, so replacing it first changes
        # nothing, and it is what leaves most scraped text unnormalised: the check below then usually passes.
        text = text.replace("\xa0", " ")
    if not unicodedata.is_normalized("NFKC", text):  # checking is cheaper than normalising
        text = unicodedata.normalize("NFKC", text)
    text = text.lower().replace("ё", "е").replace("’", "'")
    return " ".join(text.split())  # runs of white space (str.isspace, the same set as regex \s) -> one space


def passage_id(text: str) -> str:
    return "p" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of paragraphs: every non-empty line, with hard-wrapped lines joined."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start, end = pos + lead, pos + lead + len(stripped)
            if spans and _is_wrapped_continuation(text[spans[-1][0] : spans[-1][1]], stripped, text, spans[-1][1], start):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        pos += len(line)
    return spans


def _is_wrapped_continuation(prev: str, line: str, text: str, prev_end: int, start: int) -> bool:
    # Only a single newline between them, the previous line does not end a sentence and this one
    # continues it in lower case: a hard-wrapped .txt file, not two paragraphs.
    gap = text[prev_end:start]
    return gap.count("\n") == 1 and not _TERMINAL.search(prev) and line[:1].islower() and len(prev) > 40


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences in ``text`` (en/uk/ru)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        before = text[start : m.start()].rstrip()
        last = before.rsplit(None, 1)[-1].lower().rstrip(".") if before else ""
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue  # "м. Київ", "Gen. Zaluzhnyi", initials
        end = m.end()
        seg = text[start:end].rstrip()
        if seg:
            spans.append((start, start + len(seg)))
        start = end
    tail = text[start:].rstrip()
    if tail.strip():
        spans.append((start, start + len(tail)))
    return spans


# "— Crimean Wind (@Crimean_Wind) August 9, 2022": the byline under an embedded social post.
_EMBED_BYLINE = re.compile(r"^\s*[—–-]\s*[^\n]{0,80}\(@\w+\)")


# A photo caption ends with its credit: "(Vadym Filashkin/Telegram)", "(Source: Governor Yurii Malashko)",
# "(Photo: State Emergency Service)", "(Фото: ДСНС)"; it repeats an item of the page, it is no report.
_CAPTION_CREDIT = re.compile(
    r"\((?:source|photo|photos|credit|фото|джерело|источник)\s*:[^()]{0,120}\)\s*$"
    r"|\([^()]{0,80}/\s*(?:telegram|facebook|x|twitter|instagram|getty images|afp|reuters|ap)\)\s*$",
    re.IGNORECASE,
)


CAPTION_MAX_CHARS = 300


def is_boilerplate(text: str) -> bool:
    """A line (or sentence) of page furniture: "Read also ...", "Читать далее ...", a social-post byline, a
    photo caption with its credit."""
    return bool(_BOILERPLATE.match(text) or _EMBED_BYLINE.match(text)
                or (len(text) <= CAPTION_MAX_CHARS and _CAPTION_CREDIT.search(text)))


# "Джерело: начальник Запорізької ОВА Іван Федоров": a Ukrainian news site's source line
# between the lede and the details. It names who says so; it opens no section (what follows it continues the
# lede's incident).
# Ukrainian only: English "Source:" lines were tried and moved a held-back document's event to another oblast
# (the gate's floor), so they still open a section as before.
_SOURCE_LINE = re.compile(r"^(?:джерело|джерела)\s*:", re.IGNORECASE)
SOURCE_LINE_MAX_CHARS = 150


def _kind(text: str) -> PassageKind:
    if is_boilerplate(text):
        return "boilerplate"
    if len(text) <= HEADING_MAX_CHARS and (text.endswith(":") or not _TERMINAL.search(text)):
        if len(_WORD.findall(text)) <= 8:
            return "heading"
    return "body"


def _comment_like(text: str) -> bool:
    if any(p.search(text) for p in _COMMENT_CUES):
        return True
    return bool(_NAME_LINE.match(text.strip()))


def comment_thread_start(paras: list[str]) -> int | None:
    """Index of the first paragraph of a trailing reader-comment thread, or None.

    A header ("12 Comments", "Leave a reply", "Коментарі") starts it outright. Otherwise the thread is
    the longest tail in which at least 3 paragraphs, and over half of them, look like comment
    furniture (names alone on a line, "@Name:" replies, "Reply", timestamps, thanks).
    """
    for i, p in enumerate(paras):
        if i > 0 and _COMMENT_HEADER.match(p.strip()):
            return i
    if len(paras) < 4:
        return None  # a thread needs 3 comment-like paragraphs after the first
    flags = [_comment_like(p) for p in paras]
    best: int | None = None
    hits = 0
    for i in range(len(paras) - 1, 0, -1):
        hits += flags[i]
        tail = len(paras) - i
        if flags[i] and hits >= 3 and hits * 2 > tail:
            best = i
    return best


def segment(doc: Document) -> list[Passage]:
    """Split one document into labelled passages (duplicates inside the document marked)."""
    spans = split_paragraphs(doc.text)
    texts = [doc.text[s:e] for s, e in spans]
    thread = comment_thread_start(texts)
    kinds: list[PassageKind] = [
        "comment" if thread is not None and seq >= thread else _kind(text) for seq, text in enumerate(texts)
    ]
    # A heading heads something: a short line with no body text after it is the text itself (a headline-only
    # record, a one-line post), not a section title.
    for seq in range(len(kinds) - 1, -1, -1):
        if kinds[seq] == "body":
            break
        if kinds[seq] == "heading":
            kinds[seq] = "body"
    title = normalise(doc.title) if doc.title else None
    passages: list[Passage] = []
    section: str | None = None
    for seq, ((start, end), text) in enumerate(zip(spans, texts, strict=True)):
        kind = kinds[seq]
        if seq < 2 and title and kind == "body" and normalise(text) == title and len(texts) > 1:
            # The page title repeated as the first line: it restates the lede below, so it is context
            # (like a heading) rather than a report of its own.
            kind = "heading"
        elif kind == "heading" and not (len(text) <= SOURCE_LINE_MAX_CHARS and _SOURCE_LINE.match(text)):
            section = text.rstrip(":").strip()
        passages.append(
            Passage(
                passage_id=passage_id(text), doc_id=doc.doc_id, seq=seq, text=text, start=start, end=end,
                kind=kind, section=section if kind != "heading" else None,
            )
        )
    if sum(p.kind not in _NOT_DEDUPLICATED for p in passages) < 2:
        return passages  # nothing in this document can repeat another of its passages
    return Deduplicator().mark(passages)


_NOT_DEDUPLICATED = frozenset({"heading", "boilerplate"})


def _shingles(text: str) -> list[str]:
    words = _WORD.findall(normalise(text))
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class Deduplicator:
    """Exact + near-duplicate passage detection across all documents fed to it (one run)."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        self._lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=NUM_BANDS)
        self._hashes: list[tuple[str, RMinHash]] = []

    def mark(self, passages: Iterable[Passage]) -> list[Passage]:
        """Return the passages with ``duplicate_of`` set on every repeat of an earlier one."""
        out: list[Passage] = []
        for p in passages:
            if p.kind in _NOT_DEDUPLICATED or p.duplicate_of:
                out.append(p)
                continue
            canonical = self._exact.get(p.passage_id) or self._near(p)
            out.append(replace(p, duplicate_of=canonical) if canonical else p)
        return out

    def _near(self, p: Passage) -> str | None:
        self._exact[p.passage_id] = p.passage_id
        shingles = _shingles(p.text)
        if len(shingles) < MIN_LSH_TOKENS:
            return None
        mh = RMinHash(num_perm=NUM_PERM, seed=7)
        mh.update(shingles)
        for key in self._lsh.query(mh):
            pid, other = self._hashes[key]
            if mh.jaccard(other) >= self.threshold:
                self._exact[p.passage_id] = pid
                return pid
        self._lsh.insert(len(self._hashes), mh)
        self._hashes.append((p.passage_id, mh))
        return None
