"""Markup readers: plain text, Markdown, HTML pages (trafilatura) and RSS/Atom feeds (feedparser).

* .txt: the text as is. The first line is also the title when it is short and more text follows.
* .md: optional YAML-ish front matter (``title:``, ``date:``/``published:``, ``source:``, ``url:``,
  ``lang:``) is read and removed; then markup is stripped lightly (headings, emphasis, inline code, links
  ``[t](u)`` -> t, images -> alt text, blockquote marks, rules) so character offsets of later stages point at
  prose, not syntax. The first heading (or short first line) is the title.
* HTML: trafilatura's main-text extraction (comments left out) with its metadata: title, date, site name,
  canonical URL. trafilatura returns nothing for very short pages (a one-paragraph statement); then the
  page's visible text without script/style/nav/header/footer is used (also when trafilatura itself fails on
  broken markup: an AssertionError deep in htmldate, found by fuzzing). No text at all -> parse_error.
  trafilatura is imported on the first HTML page only (~0.4 s import).
* Feeds: one Document per entry: title, link, published (the publisher's local day), content or summary
  with HTML stripped; a headline-only entry uses the title as text. A feed that does not parse and has no
  entries -> parse_error; a malformed feed whose entries were recovered yields them plus a parse_error
  note, so nothing is lost silently.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitroom.ingest.base import Reject, clean_text, html_to_text, make_document, normalise_date
from sitroom.models import Document, Rejection
from sitroom.options import Options

# A first line longer than this is a paragraph, not a title. Headlines in the VIINA/ISW data are <= 150 chars.
TITLE_MAX_CHARS = 150

# --- plain text and Markdown --------------------------------------------------------------------------------


def _title_from_first_line(text: str) -> str | None:
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if sep and rest.strip() and 0 < len(first) <= TITLE_MAX_CHARS:
        return first
    return None


def read_text(path: Path, text: str, opts: Options) -> Iterator[Document]:
    text = clean_text(text)
    if not text:
        raise Reject("empty", "no text")
    yield make_document(text, opts, path, title=_title_from_first_line(text))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FM_LINE = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$", re.MULTILINE)

# A span an inline rule scans from one opener: the rest of the line ("line"), or the rest of the text
# ("text": link texts and URLs may wrap). A regex that finds no closer scans its whole span from every
# opener, so the cost of a rule on a text is about (openers x span). Real Markdown costs far less than
# INLINE_BUDGET steps and takes the exact rule; an abusive input (a 1 MB line of unmatched "**", "![" or
# "[" repeated 300,000 times) takes the same rule with every span bounded to INLINE_SPAN_MAX characters,
# linear in the input instead of quadratic (minutes). Found by tests/test_fuzz_readers.py.
INLINE_BUDGET = 20_000_000
INLINE_SPAN_MAX = 200


@dataclass(frozen=True, slots=True)
class _Rule:
    exact: re.Pattern[str]
    repl: str
    bounded: re.Pattern[str] | None = None  # None: linear already (anchored at a line start, or one line)
    opener: str = ""  # the literal every match starts with: its count estimates the cost
    span: str = "line"  # "line" or "text"


def _rule(exact: str, repl: str, bounded: str | None = None, opener: str = "", span: str = "line",
          flags: int = 0) -> _Rule:
    return _Rule(
        re.compile(exact, flags), repl, re.compile(bounded, flags) if bounded else None, opener, span
    )


_N = INLINE_SPAN_MAX
# Possessive quantifiers (*+, ++) where giving characters back can never lead to a match: same matches,
# no backtracking.
_MD_RULES: tuple[_Rule, ...] = (
    _rule(r"^```.*$\n?", "", flags=re.MULTILINE),  # code fences (keep the code text)
    _rule(r"^[ \t]*(?:[-*_][ \t]*){3,}$", "", flags=re.MULTILINE),  # horizontal rules
    _rule(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", r"\1", flags=re.MULTILINE),  # ATX headings
    _rule(r"^[ \t]{0,3}(?:>[ \t]?)+", "", flags=re.MULTILINE),  # blockquote marks
    _rule(  # images -> alt
        r"!\[([^\]]*+)\]\([^)]*+\)", r"\1", rf"!\[([^\]]{{0,{_N}}}+)\]\([^)]{{0,{_N}}}+\)", "![", "text"
    ),
    _rule(  # inline links -> text
        r"\[([^\]]++)\]\((?:[^()]|\([^)]*+\))*+\)",
        r"\1",
        rf"\[([^\]]{{1,{_N}}}+)\]\((?:[^()]|\([^)]{{0,{_N}}}+\)){{0,{_N}}}+\)",
        "[",
        "text",
    ),
    _rule(  # reference links -> text
        r"\[([^\]]++)\]\[[^\]]*+\]", r"\1", rf"\[([^\]]{{1,{_N}}}+)\]\[[^\]]{{0,{_N}}}+\]", "[", "text"
    ),
    _rule(  # link definitions
        r"^[ \t]{0,3}\[[^\]]++\]:[ \t]+\S+.*$\n?",
        "",
        rf"^[ \t]{{0,3}}\[[^\]]{{1,{_N}}}+\]:[ \t]+\S+.*$\n?",
        "[",
        "text",
        re.MULTILINE,
    ),
    _rule(  # autolinks
        r"<((?:https?|mailto):[^>\s]++)>", r"\1", rf"<((?:https?|mailto):[^>\s]{{1,{_N}}}+)>", "<", "line"
    ),
    _rule(  # strong
        r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", rf"(\*\*|__)(?=\S)(.{{1,{_N}}}?)(?<=\S)\1", "", "line"
    ),
    _rule(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1"),  # emphasis *x*
    _rule(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])", r"\1"),  # emphasis _x_ (not snake_case)
    _rule(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", rf"~~(?=\S)(.{{1,{_N}}}?)(?<=\S)~~", "~~", "line"),  # strikethrough
    _rule(r"`([^`\n]+)`", r"\1"),  # inline code
)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def _inline_cost(rule: _Rule, text: str, longest_line: int) -> int:
    openers = text.count("**") + text.count("__") if not rule.opener else text.count(rule.opener)
    return openers * (len(text) if rule.span == "text" else longest_line)


def strip_markdown(text: str) -> str:
    longest_line = -1
    for rule in _MD_RULES:
        pattern = rule.exact
        if rule.bounded is not None:
            if longest_line < 0:
                longest_line = max(map(len, text.split("\n")), default=0) if len(text) > 4096 else len(text)
            if _inline_cost(rule, text, longest_line) > INLINE_BUDGET:
                pattern = rule.bounded
        text = pattern.sub(rule.repl, text)
    return text


def read_markdown(path: Path, text: str, opts: Options) -> Iterator[Document]:
    meta: dict[str, str] = {}
    text = text.lstrip("\ufeff")
    fm = _FRONT_MATTER.match(text)
    if fm:
        meta = {k.lower(): v.strip().strip("\"'") for k, v in _FM_LINE.findall(fm.group(1))}
        text = text[fm.end() :]
    heading = _MD_HEADING.search(text[:2000])
    body = clean_text(strip_markdown(text))
    if not body:
        raise Reject("empty", "no text")
    title = meta.get("title") or (
        strip_markdown(heading.group(1)) if heading else _title_from_first_line(body)
    )
    yield make_document(
        body,
        opts,
        path,
        title=title,
        published=normalise_date(meta.get("published") or meta.get("date")),
        source=meta.get("source"),
        url=meta.get("url"),
        lang=meta.get("lang"),
    )


# --- HTML ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _trafilatura() -> Any:
    import trafilatura

    return trafilatura


def read_html(path: Path, text: str, opts: Options) -> Iterator[Document]:
    if not text.strip():
        raise Reject("empty", "no text")
    traf = _trafilatura()
    try:
        meta = traf.bare_extraction(text, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - trafilatura/htmldate assert on some broken markup (e.g. "<svg><p><div>")
        meta = None  # the page's visible text below, rather than losing the page
    body = clean_text(meta.text or "") if meta is not None else ""
    fallback_title = None
    if not body:
        # Short pages (a one-paragraph statement) fall under trafilatura's minimum size: take the visible text,
        # and ask trafilatura for the metadata alone (title, date, site name, canonical URL).
        raw_text, fallback_title = html_to_text(text, skip_chrome=True)
        body = clean_text(raw_text)
        if body:
            try:
                meta = traf.extract_metadata(text)
            except Exception:  # noqa: BLE001 - as above: no metadata, the text is still the page's
                meta = None
    if not body:
        raise Reject("parse_error", "HTML page without visible text")
    # The source is the publisher the page names: its site name (og:site_name, JSON-LD publisher), else the
    # host of its canonical URL, else its author (a blog's byline: <meta name="author">, JSON-LD author);
    # only a page naming none of them falls back to --source or the file name (make_document).
    url = getattr(meta, "url", None)
    host = (getattr(meta, "hostname", None) or "").removeprefix("www.") if url else ""
    author = (getattr(meta, "author", None) or "").split(";")[0].strip()
    yield make_document(
        body,
        opts,
        path,
        title=(getattr(meta, "title", None) or fallback_title),
        published=normalise_date(getattr(meta, "date", None)),
        source=(getattr(meta, "sitename", None) or host or author or None),
        url=url,
    )


# --- RSS / Atom ---------------------------------------------------------------------------------------------


def _entry_text(entry: Any) -> str:
    candidates = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    if "<" in best or "&" in best:
        best = html_to_text(best)[0]
    return clean_text(best)


def read_feed(path: Path, raw: bytes, opts: Options) -> Iterator[Document | Rejection]:
    import feedparser

    if not raw.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):  # nothing but byte-order marks and blanks
        raise Reject("empty", "empty feed")
    # A stream, never bytes/str: feedparser treats a string that looks like a URL or file name as one to open.
    parsed = feedparser.parse(io.BytesIO(raw))
    # .get: feedparser's result raises AttributeError for a key it never set (an empty or BOM-only body has
    # no "version"; found by fuzzing).
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise Reject("parse_error", f"malformed feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise Reject("unsupported", "XML but not an RSS/Atom feed")
        raise Reject("empty", "feed without entries")
    feed_title = (parsed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, 1):
        title = clean_text(entry.get("title") or "") or None
        text = _entry_text(entry) or title
        if not text:
            yield Rejection(f"{path}:entry{n}", "empty", "feed entry without title or text")
            continue
        yield make_document(
            text,
            opts,
            path,
            source=feed_title,
            title=title,
            url=entry.get("link"),
            ext_id=entry.get("id") or None,
            published=normalise_date(entry.get("published") or entry.get("updated") or entry.get("created")),
        )
    if parsed.get("bozo"):  # entries recovered from a broken feed: keep them, and say the feed is broken
        yield Rejection(
            str(path),
            "parse_error",
            f"malformed feed, {len(entries)} entries recovered: {parsed.get('bozo_exception')}",
        )
