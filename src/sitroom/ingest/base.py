"""Shared pieces of the stage-1 readers: content ids, byte decoding, text cleaning, dates, HTML stripping.

Decoding policy (documented here because every reader depends on it):

* UTF-16 with a byte-order mark is decoded as such (Windows "Unicode" text files).
* NUL bytes in the first ``SNIFF_BYTES`` or a known binary signature (PDF, ZIP, gzip, PNG, JPEG, ...) ->
  ``binary``.
* UTF-8 (with or without BOM) is tried first: it is what nearly every source writes.
* Otherwise: a high share of control bytes -> ``binary``; else a charset the file declares (HTML meta /
  XML prolog) when it decodes; else the legacy Cyrillic code pages cp1251 and KOI8-U (a superset of KOI8-R
  for text), keeping the one whose result *looks like Cyrillic text*: most non-ASCII characters are
  Cyrillic letters, a fair share of all letters is Cyrillic and most Cyrillic letters are lowercase.
  The case test is what tells the two apart: KOI8 bytes read as cp1251 (and vice versa) come out mostly
  UPPERCASE. Anything else (Latin-1 English, Shift-JIS, random bytes) -> ``bad_encoding``: guessing would
  put mojibake into the event database, and a rejection tells the user to re-save the file as UTF-8.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

from sitroom.ingest.lang import detect, is_lang
from sitroom.models import Document
from sitroom.options import Options

# 8 KiB: enough to catch NULs/magic numbers of any binary format without reading a big file twice.
SNIFF_BYTES = 8192
# Share of C0 control bytes (not tab/newline/CR/FF) above which undecodable bytes are called binary rather
# than text in an unknown encoding. Real text has ~0; compressed/binary data has ~10 %.
CONTROL_RATIO = 0.05
# Legacy-encoding plausibility thresholds (see module docstring). Measured on cp1251/KOI8 renderings of
# Ukrainian and Russian news text: the right code page gives >0.95 Cyrillic among non-ASCII and ~0.9
# lowercase; the wrong one gives ~0.1 lowercase.
MIN_CYRILLIC_NON_ASCII = 0.7
MIN_CYRILLIC_OF_LETTERS = 0.2
MIN_LOWERCASE_CYRILLIC = 0.5
LEGACY_CODEPAGES = ("cp1251", "koi8_u")

_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"SQLite format 3",
    b"\x7fELF",
    b"ID3",
    b"OggS",
    b"RIFF",
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CYR_RE = re.compile(r"[\u0400-\u04FF]")
_CYR_LOWER_RE = re.compile(r"[\u0430-\u045F\u0491]")
_TRAILING_WS = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK = re.compile(r"\n{3,}")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


class Reject(Exception):
    """Raised inside a reader for a whole-file problem; the dispatcher turns it into a Rejection."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def document_id(text: str) -> str:
    """Stable content id: "d" + first 16 hex of sha256 over the NFC, whitespace-collapsed text.

    Whitespace and Unicode normal form do not change the id, so the same article saved with other line breaks
    or re-ingested from another file is the same document (re-ingest is a no-op). 64 bits: a collision needs
    ~4 billion documents. The "d" prefix keeps content ids apart from the sources' own ids.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "d" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def clean_text(text: str) -> str:
    """Normalise what every reader returns: NFC, \\n line ends, no NUL/BOM, no trailing spaces, <=1 blank line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\x00", "")
    text = unicodedata.normalize("NFC", text)
    # The substring guards skip the regex passes for the common already-clean text (2x faster on JSONL).
    if " \n" in text or "\t\n" in text or "\u00a0\n" in text:
        text = _TRAILING_WS.sub("", text)
    if "\n\n\n" in text:
        text = _MANY_BLANK.sub("\n\n", text)
    return text.strip()


def check_binary(raw: bytes) -> None:
    head = raw[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            raise Reject("binary", f"file starts like a binary format ({magic[:4]!r})")
    if b"\x00" in head:
        raise Reject("binary", "NUL bytes in the first 8 KiB")


def _plausible_cyrillic(text: str) -> float:
    """0 when ``text`` does not look like Cyrillic prose, else its lowercase-Cyrillic share (higher is better)."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii == 0:
        return 0.0
    cyr = len(_CYR_RE.findall(text))
    letters = cyr + sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cyr < MIN_CYRILLIC_NON_ASCII * non_ascii or cyr < MIN_CYRILLIC_OF_LETTERS * letters:
        return 0.0
    lower = len(_CYR_LOWER_RE.findall(text)) / cyr
    return lower if lower >= MIN_LOWERCASE_CYRILLIC else 0.0


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """Bytes -> str under the policy in the module docstring; raises Reject(binary | bad_encoding)."""
    check_binary(raw)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Reject(
                "bad_encoding", f"UTF-16 byte-order mark but invalid UTF-16 ({exc.reason})"
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    head = raw[:SNIFF_BYTES]
    if sum(head.count(b) for b in _CONTROL_BYTES) > CONTROL_RATIO * len(head):
        raise Reject("binary", "not text: many control bytes")
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        if name and name != "utf-8":
            try:
                return raw.decode(name)
            except UnicodeDecodeError:
                pass
    best, best_score = None, 0.0
    for codepage in LEGACY_CODEPAGES:
        try:
            candidate = raw.decode(codepage)
        except UnicodeDecodeError:
            continue
        score = _plausible_cyrillic(candidate[:20000])
        if score > best_score:
            best, best_score = candidate, score
    if best is None:
        raise Reject(
            "bad_encoding",
            f"not UTF-8 (invalid byte at offset {first_bad}) and not plausible cp1251/KOI8 Cyrillic; "
            "re-save the file as UTF-8",
        )
    return best


_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML/XML file names in its first 2 KiB (<meta charset>, <?xml encoding?>)."""
    m = _DECLARED_CHARSET.search(raw[:2048])
    return m.group(1).decode("ascii", "replace") if m else None


def normalise_date(value: object) -> str | None:
    """Day "YYYY-MM-DD" from an ISO date/datetime string (or an RFC 822 feed date); None when not a real date."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    m = _DATE_PREFIX.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        # RFC 822 as in RSS <pubDate>; keeps the publisher's local day rather than converting to UTC.
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


class _TextExtractor(HTMLParser):
    """HTML -> text with line breaks at block elements; skips scripts, styles and page chrome."""

    BLOCK = frozenset(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article pre hr dd dt figcaption".split()
    )
    SKIP = frozenset(
        "script style noscript template svg head nav footer aside form iframe button select".split()
    )

    def __init__(self, skip_chrome: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.skip = (
            self.SKIP if skip_chrome else frozenset({"script", "style", "noscript", "template", "svg"})
        )
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self.skip:
            self.skip_depth += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.skip:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data
        elif self.skip_depth == 0:
            self.parts.append(data)


def html_to_text(markup: str, skip_chrome: bool = False) -> tuple[str, str | None]:
    """(text, <title>) of an HTML page or fragment; inline whitespace collapsed, one line per block."""
    parser = _TextExtractor(skip_chrome)
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    title = " ".join(parser.title.split()) if parser.title else None
    return text, title or None


def make_document(
    text: str,
    opts: Options,
    path: Path | None,
    *,
    source: str | None = None,
    published: str | None = None,
    lang: str | None = None,
    title: str | None = None,
    url: str | None = None,
    ext_id: str | None = None,
) -> Document:
    """Build a Document with the stage-1 fallbacks: the source's own metadata, then options, then defaults.

    ``text`` must already be cleaned and non-empty. Source: given -> opts.source -> file stem -> "unknown".
    Published: given -> opts.published -> None. Language: given (if valid) -> opts.lang -> detected.
    """
    if not is_lang(lang):
        lang = opts.lang if is_lang(opts.lang) else detect(text)
    return Document(
        doc_id=document_id(text),
        text=text,
        source=(source or "").strip() or opts.source or (path.stem if path else None) or "unknown",
        url=url or None,
        title=" ".join(title.split()) or None if title else None,
        published=published or opts.published,
        lang=lang or "en",
        path=str(path) if path else None,
        ext_id=ext_id,
    )
