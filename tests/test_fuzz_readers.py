"""Hostile input for every stage-1 reader: every input ends as Documents or recorded Rejections with a
reason; no exception escapes, nothing hangs, memory stays bounded.

Three layers:

* **Property tests** (Hypothesis) per reader -- plain text, Markdown, HTML, JSON Lines, Telegram
  ``result.json``, RSS/Atom -- and for the watcher's body reader (``documents_from_response``): structured
  generators (records, exports, feeds, tag soup, Markdown token soup) and a corpus-guided strategy that takes
  the real-shaped files in ``tests/fixtures/`` and mutates their bytes (truncated UTF-8, BOMs, NUL bytes,
  re-encoded or mixed code pages, spliced halves, repeated lines).
* **A hostile corpus** of fixed cases: billion laughs and external entities in feeds and XHTML, JSON nested a
  million deep, 1 MB single lines in every format (the shapes that made the Markdown rules quadratic).
* **Exactness**: the Markdown rules were made linear for abusive input; on everything else they must give
  what the original rules gave (extraction output must not change).

In ``make test`` each property runs a few dozen examples (seconds). ``make fuzz`` sets ``SITROOM_FUZZ=1``:
thousands of examples per property, bigger inputs and the statistics (inputs tried) printed at the end.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.ingest.base import Reject, document_id
from sitroom.ingest.feeds import Feed
from sitroom.ingest.fetch import FetchResult
from sitroom.ingest.lang import LANGS
from sitroom.ingest.markup import strip_markdown
from sitroom.ingest.records import read_jsonl
from sitroom.ingest.sources import iter_documents
from sitroom.jobs.watch import documents_from_response
from sitroom.models import Document, Rejection
from sitroom.options import Options

FUZZ = os.environ.get("SITROOM_FUZZ") == "1"
EXAMPLES = int(os.environ.get("SITROOM_FUZZ_EXAMPLES", 3000 if FUZZ else 40))
# One input may take this long (wall clock, loaded 2-core CI machine included); past it the alarm fires and
# the input is reported as a hang.
TIME_LIMIT_S = 20.0
BIG = 1_000_000  # a "1 MB single line"
# Mutated inputs are cut to this: above the 1 MB lines, below what `watch` downloads (10 MB) and `ingest`
# reads (50 MB); without it, lines repeated thousands of times made gigabyte inputs and starved the machine.
MAX_INPUT = 3_000_000 if FUZZ else 500_000

REASONS = {
    "too_large", "binary", "bad_encoding", "bad_json", "parse_error", "empty", "unreadable", "unsupported",
    "processing_error",
}
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS: list[tuple[str, bytes]] = sorted(
    (p.suffix.lower(), p.read_bytes()) for p in FIXTURES.rglob("*") if p.is_file() and p.stat().st_size < 200_000
)

TRIED: Counter[str] = Counter()  # inputs tried per reader, printed by make fuzz

fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=not FUZZ,  # the normal suite is reproducible; make fuzz explores
)


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang(f"one input took longer than {TIME_LIMIT_S:g} s")


class time_limit:
    """Raise Hang in the main thread when the body runs past TIME_LIMIT_S (an input that would hang)."""

    def __enter__(self) -> None:
        self.old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)

    def __exit__(self, *_exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.old)


_TMP = Path(tempfile.mkdtemp(prefix="sitroom-fuzz-"))


def read_file(suffix: str, raw: bytes, name: str = "input") -> list[Document | Rejection]:
    """Write ``raw`` to a file with ``suffix`` and read it like ``sitroom ingest`` does."""
    TRIED[suffix or "(none)"] += 1
    path = _TMP / f"{name}{suffix}"
    path.write_bytes(raw)
    try:
        with time_limit():
            return list(iter_documents([path], Options()))
    finally:
        path.unlink(missing_ok=True)


def check_items(items: list[Document | Rejection]) -> None:
    """The property: Documents are complete and clean, Rejections carry a known reason and a detail."""
    assert items, "an input must give at least one Document or Rejection"
    for item in items:
        if isinstance(item, Document):
            assert item.text and item.text == item.text.strip()
            assert "\x00" not in item.text and "\ufeff" not in item.text
            assert item.doc_id == document_id(item.text)
            assert item.lang in LANGS
            assert "root:x:0:0" not in item.text, "an external entity was resolved"
        else:
            assert isinstance(item, Rejection), type(item)
            assert item.reason in REASONS, item
            assert item.detail, item


# ------------------------------------------------------------------------------------------ byte mutations

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "koi8_u", "latin-1", "cp1252"]
BOMS = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8 * 2]


def _reencode(raw: bytes, encoding: str) -> bytes:
    return raw.decode("utf-8", "replace").encode(encoding, "replace")


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few byte-level faults real files have."""
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(
            st.sampled_from(
                ["truncate", "bom", "nul", "reencode", "mix", "splice", "repeat_line", "flip", "insert", "cut_middle"]
            )
        )
        n = len(data)
        at = draw(st.integers(0, n)) if n else 0
        if kind == "truncate":  # also cuts a multi-byte UTF-8 character in half
            data = data[:at]
        elif kind == "bom":
            data = draw(st.sampled_from(BOMS)) + data
        elif kind == "nul":
            data = data[:at] + b"\x00" * draw(st.integers(1, 3)) + data[at:]
        elif kind == "reencode":
            data = _reencode(data, draw(st.sampled_from(ENCODINGS)))
        elif kind == "mix":  # one half in one code page, the other in another
            data = _reencode(data[:at], draw(st.sampled_from(ENCODINGS))) + _reencode(
                data[at:], draw(st.sampled_from(ENCODINGS))
            )
        elif kind == "splice":
            data = data[:at] + draw(st.sampled_from(SEEDS))[1]
        elif kind == "repeat_line":
            lines = data.split(b"\n")
            line = lines[draw(st.integers(0, len(lines) - 1))]
            reps = draw(st.integers(2, 2000 if FUZZ else 50))
            data = data[:at] + line * reps + data[at:]
        elif kind == "flip" and n:
            pos = min(at, n - 1)
            data = data[:pos] + bytes([data[pos] ^ draw(st.integers(1, 255))]) + data[pos + 1 :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
        elif kind == "cut_middle" and n:
            end = draw(st.integers(at, n))
            data = data[:at] + data[end:]
        data = data[:MAX_INPUT]
    return data


@st.composite
def seed_mutant(draw: st.DrawFn) -> tuple[str, bytes]:
    """Corpus-guided: a fixture file (any format), mutated, read under its own or another extension."""
    suffix, data = draw(st.sampled_from(SEEDS))
    data = draw(mutated(data))
    if draw(st.integers(0, 9)) == 0:
        suffix = draw(st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json", ".xml", ".rss", ".atom", ""]))
    return suffix, data


# ------------------------------------------------------------------------------------------ format generators

WORDS = [
    "Kharkiv", "Одеса", "Харьков", "killed", "загинули", "ранены", "drone", "&amp;", "&lt;", "&#1082;", "&#x0;",
    "&nbsp;", "&bogus;", "<b>", "</p>", "<![CDATA[x]]>", "\u2028", "\u202e", "\ufeff", "\x00", "\r", "\t", "🙂",
    "e\u0301", "ﬁ", "\ud7ff", "**", "[", "](", "#", ">", "```", "---",
]
prose = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=30).map(" ".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | prose,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none(), json_values),
        "text": st.one_of(prose, json_values),
        "published": st.one_of(
            st.sampled_from(["2024-03-28", "2024-02-30", "28.03.2024", "2024-03-28T25:00:00", "Thu, 28 Mar 2024 07:30:00 GMT",
                             "Thu, 28 Mar 99999 07:30:00 GMT", "", "0000-00-00"]),
            st.text(max_size=30),
            json_values,
        ),
        "title": st.one_of(prose, json_values),
        "url": st.one_of(st.text(max_size=30), json_values),
        "source": st.one_of(prose, json_values),
        "lang": st.one_of(st.sampled_from(["en", "UK", " ru ", "de", ""]), json_values),
    },
)


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(st.text(max_size=40)))  # not JSON
        elif kind == 1:
            lines.append(json.dumps(draw(json_values)))
        else:
            lines.append(json.dumps(draw(record), ensure_ascii=draw(st.booleans())))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


message = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "type": st.sampled_from(["message", "service", "", None]),
        "date": st.one_of(st.sampled_from(["2024-03-28T07:30:00", "2024-13-45T00:00:00"]), json_values),
        "text": st.one_of(prose, st.lists(st.one_of(prose, st.dictionaries(st.sampled_from(["type", "text"]), json_values)),
                                           max_size=4), json_values),
        "text_entities": json_values,
    },
)


@st.composite
def telegram_export(draw: st.DrawFn) -> bytes:
    chat = {"name": draw(st.one_of(prose, json_values)), "messages": draw(st.lists(st.one_of(message, json_values), max_size=5))}
    if draw(st.booleans()):
        chat["username"] = draw(st.one_of(st.text(max_size=10), json_values))
    data: Any = chat if draw(st.booleans()) else {"chats": {"list": [chat, draw(json_values)]}}
    return json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def feed_file(draw: st.DrawFn) -> bytes:
    raw = draw(st.booleans())  # raw: unescaped text, entities and tags go into the XML as they are

    def field(value: str) -> str:
        return value if raw else _xml_text(value)

    entries = []
    atom = draw(st.booleans())
    for n in range(draw(st.integers(0, 4))):
        title, body, date = field(draw(prose)), field(draw(prose)), draw(st.sampled_from(
            ["Thu, 28 Mar 2024 07:30:00 GMT", "2024-03-28T08:00:00Z", "yesterday", "", "Thu, 31 Feb 2024 99:99:99 +9999"]))
        guid = draw(st.sampled_from(["dup", f"id-{n}", ""]))
        if atom:
            entries.append(f"<entry><title>{title}</title><id>{guid}</id><updated>{date}</updated>"
                           f"<content type='html'>{body}</content></entry>")
        else:
            cdata = draw(st.booleans())
            desc = f"<![CDATA[{body}]]>" if cdata else body
            entries.append(f"<item><title>{title}</title><guid>{guid}</guid><pubDate>{date}</pubDate>"
                           f"<description>{desc}</description></item>")
    decl = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="windows-1251"?>',
                                 '<?xml version="1.0" encoding="bogus-42"?>', ""]))
    doctype = draw(st.sampled_from(["", BILLION_LAUGHS_DTD, XXE_DTD]))
    if atom:
        doc = f'{decl}{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>{field(draw(prose))}</title>{"".join(entries)}</feed>'
    else:
        doc = f'{decl}{doctype}<rss version="2.0"><channel><title>{field(draw(prose))}</title>{"".join(entries)}</channel></rss>'
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1251"]))
    return doc.encode(encoding, "replace")


TAGS = ["p", "div", "b", "script", "style", "nav", "article", "title", "br", "table", "td", "li", "svg", "template",
        "meta", "time", "h1", "a", "iframe", "noscript"]


@st.composite
def html_file(draw: st.DrawFn) -> bytes:
    parts = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["<!DOCTYPE html>", XXE_DTD, BILLION_LAUGHS_DTD, "<?xml version='1.0'?>"])))
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attrs = draw(st.sampled_from(["", ' class="tgme_widget_message_text"', ' data-post="a/1"', " x='", ' charset="koi8-u"',
                                          ' property="og:title" content="T"', ' datetime="2024-03-28"']))
            parts.append(f"<{tag}{attrs}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(prose))
    if draw(st.integers(0, 4)) == 0:
        depth = draw(st.integers(100, 20_000 if FUZZ else 2000))
        parts.append("<div>" * depth)
    return "".join(parts).encode(draw(st.sampled_from(["utf-8", "cp1251", "utf-16"])), "replace")


MD_TOKENS = ["a", "Київ", " ", "\n", "\n\n", "*", "**", "_", "__", "~~", "`", "```", "[", "]", "(", ")", "![", "](",
             "]:", "<", ">", "<https://x.org/a>", "http:", "# ", "## ", "> ", "---", "- ", "\t", "\\", "---\ntitle: x\n---\n"]
markdown = st.lists(st.sampled_from(MD_TOKENS), max_size=200).map("".join)


# ------------------------------------------------------------------------------------------ properties


@fuzz_settings
@given(st.binary(max_size=4096), st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json", ".xml", ".rss", ".atom", ""]))
def test_random_bytes_in_every_reader(raw: bytes, suffix: str) -> None:
    check_items(read_file(suffix, raw))


@fuzz_settings
@given(seed_mutant())
def test_mutated_corpus_files(case: tuple[str, bytes]) -> None:
    suffix, raw = case
    check_items(read_file(suffix, raw))


@fuzz_settings
@given(st.one_of(st.text(max_size=2000), prose).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_text_reader(raw: bytes) -> None:
    check_items(read_file(".txt", raw))


@fuzz_settings
@given(markdown)
def test_markdown_reader(md: str) -> None:
    check_items(read_file(".md", md.encode("utf-8")))


@fuzz_settings
@given(html_file())
def test_html_reader(raw: bytes) -> None:
    check_items(read_file(".html", raw))


@fuzz_settings
@given(jsonl_file())
def test_jsonl_reader(raw: bytes) -> None:
    items = read_file(".jsonl", raw)
    check_items(items)
    lines = [line for line in raw.decode("utf-8", "replace").split("\n") if line.strip()]  # str blanks
    if lines and all(isinstance(i, Document) or ":" in i.path.rsplit("/", 1)[-1] for i in items):
        assert len(items) == len(lines), "every non-blank line is one Document or one line Rejection"


@fuzz_settings
@given(st.one_of(st.text(max_size=300), jsonl_file().map(lambda b: b.decode("utf-8", "replace"))))
def test_extract_record_reader_never_raises(text: str) -> None:
    import io

    with time_limit():
        for lineno, item in read_jsonl(io.StringIO(text), "-", strict=True):
            assert lineno >= 1
            assert isinstance(item, dict) or item.reason in REASONS


@fuzz_settings
@given(telegram_export())
def test_telegram_reader(raw: bytes) -> None:
    check_items(read_file(".json", raw))


@fuzz_settings
@given(feed_file())
def test_feed_reader(raw: bytes) -> None:
    check_items(read_file(".xml", raw))


CONTENT_TYPES = [None, "application/rss+xml", "application/atom+xml", "text/xml", "text/html", "application/json",
                 "text/plain", "image/png", "application/xhtml+xml"]
FEED = Feed(1, "fuzz", "https://example.org/feed", None, "feed", True, "2024-03-28T00:00:00+00:00")
TG = Feed(2, "tg-fuzz", "https://t.me/s/fuzz", "uk", "telegram", True, "2024-03-28T00:00:00+00:00")


@fuzz_settings
@given(
    st.one_of(feed_file(), html_file(), st.binary(max_size=2048), seed_mutant().map(lambda c: c[1])),
    st.sampled_from(CONTENT_TYPES),
    st.sampled_from([None, "utf-8", "windows-1251", "koi8-r", "bogus", "utf-16"]),
    st.sampled_from([FEED, TG]),
)
def test_fetched_bodies(body: bytes, ctype: str | None, charset: str | None, feed: Feed) -> None:
    """What ``watch`` does with a response body: Documents and Rejections, or one Reject for the poll."""
    TRIED["http body"] += 1
    result = FetchResult(feed.url, 200, body, ctype, charset, None, None)
    with time_limit():
        try:
            items = documents_from_response(result, feed, Options(source=feed.name, lang=feed.lang))
        except Reject as exc:
            assert exc.reason in REASONS and exc.detail
            return
    for item in items:
        if isinstance(item, Rejection):
            assert item.reason in REASONS and item.path.startswith(feed.url)
        else:
            assert item.text and item.path == feed.url


# ------------------------------------------------------------------------------------------ hostile corpus

BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
XXE_DTD = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % pe SYSTEM "file:///etc/passwd">]>'
RSS_ITEM = "<item><title>Strike on Kharkiv</title><description>{}</description></item>"


def _rss(body: str, dtd: str = "") -> bytes:
    return f'<?xml version="1.0"?>{dtd}<rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


HOSTILE: dict[str, tuple[str, bytes]] = {
    "billion laughs rss": (".xml", _rss(RSS_ITEM.format("&lol9; &lol9;"), BILLION_LAUGHS_DTD)),
    "billion laughs atom": (".atom", f'<?xml version="1.0"?>{BILLION_LAUGHS_DTD}<feed xmlns="http://www.w3.org/2005/Atom">'
                            "<title>&lol9;</title><entry><title>&lol9;</title><summary>&lol9;</summary></entry></feed>".encode()),
    "billion laughs html": (".html", f"{BILLION_LAUGHS_DTD}<html><body><p>&lol9; text</p></body></html>".encode()),
    "billion laughs xhtml": (".xhtml", f'<?xml version="1.0"?>{BILLION_LAUGHS_DTD}<html xmlns="http://www.w3.org/1999/xhtml">'
                             "<body><p>&lol9; and some text</p></body></html>".encode()),
    "quadratic blowup rss": (".rss", _rss(RSS_ITEM.format("&a;" * 20000), f'<!DOCTYPE r [<!ENTITY a "{"x" * 20000}">]>')),
    "external entity rss": (".rss", _rss(RSS_ITEM.format("before &xxe; after"), XXE_DTD)),
    "external entity title": (".xml", _rss("<item><title>&xxe;</title><description>d &xxe;</description></item>", XXE_DTD)),
    "external entity html": (".html", f"{XXE_DTD}<html><body><p>before &xxe; after, a longer sentence</p></body></html>".encode()),
    "xinclude": (".xml", _rss('<item xmlns:xi="http://www.w3.org/2001/XInclude"><title>t</title><description>'
                             '<xi:include href="file:///etc/passwd" parse="text"/></description></item>')),
    "deep json": (".json", b"[" * 1_000_000),
    "deep telegram": (".json", b'{"name": "x", "messages": [' + b'{"text": ' * 100_000 + b'"a"' + b"}" * 100_000 + b"]}"),
    "deep jsonl line": (".jsonl", b'{"text": "first report"}\n' + b"[" * 1_000_000 + b'\n{"text": "second report"}\n'),
    "deep jsonl text": (".jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"),
    "1 MB text line": (".txt", b"Kharkiv " * (BIG // 8)),
    "1 MB markdown **": (".md", b"**a " * (BIG // 4)),
    "1 MB markdown links": (".md", b"[a](" * (BIG // 4)),
    "1 MB markdown images": (".md", b"![" * (BIG // 2)),
    "1 MB markdown ~~": (".md", b"~~a " * (BIG // 4)),
    "1 MB markdown [": (".md", b"[" * BIG),
    "markdown link definitions": (".md", b"[\n" * (BIG // 2)),
    "1 MB markdown autolinks": (".md", b"<http:" * (BIG // 6)),
    "1 MB html line": (".html", b"<p>" + b"word " * (BIG // 5) + b"</p>"),
    "deep html": (".html", b"<div>" * 200_000 + b"text"),
    "unclosed tags": (".html", b"<p>" + b"<b>" * 300_000),
    "1 MB jsonl line": (".jsonl", b'{"text": "' + b"a" * BIG + b'"}\n'),
    "1 MB feed description": (".rss", _rss(RSS_ITEM.format("word " * (BIG // 5)))),
    "1 MB one-line feed": (".xml", _rss(RSS_ITEM.format("x") * (BIG // 60))),
    "BOM only": (".txt", codecs.BOM_UTF8),
    "BOM-only feed": (".rss", codecs.BOM_UTF8 + b"\n"),
    "double BOM": (".md", codecs.BOM_UTF8 * 2 + "# Заголовок\nТекст".encode()),
    "UTF-16 BOM odd length": (".txt", codecs.BOM_UTF16_LE + b"a"),
    "UTF-16 markdown": (".md", "# Заголовок\nТекст про Харків".encode("utf-16")),
    "NUL in the middle": (".txt", b"Kharkiv report" * 1000 + b"\x00" + b"more"),
    "NUL late in jsonl": (".jsonl", b'{"text": "ok"}\n' * 1000 + b'{"text": "a\x00b"}\n'),
    "truncated UTF-8": (".txt", "Обстріл Харкова".encode()[:-1]),
    "mixed encodings": (".txt", "Обстріл Харкова. ".encode() + "Обстрел Белгорода".encode("cp1251")),
    "mixed encodings jsonl": (".jsonl", '{"text": "Обстріл"}\n'.encode() + '{"text": "Обстрел"}\n'.encode("cp1251")),
    "lone surrogate escape": (".jsonl", b'{"text": "a \\ud800 b"}\n'),
    "CR only line ends": (".jsonl", b'{"text": "one"}\r{"text": "two"}\r'),
    "U+2028 inside a record": (".jsonl", '{"text": "a\u2028b"}\n'.encode()),
    "huge integer id": (".jsonl", b'{"id": 1' + b"0" * 5000 + b', "text": "x"}\n'),
    "empty export": (".json", b'{"messages": []}'),
    "markup trafilatura asserts on": (".html", b"<svg><p><div>"),
    "same, with text": (".html", "<svg><p><div>Обстріл Харкова вночі</div><p>more text".encode()),
    "jsonl of Unicode blanks": (".jsonl", b"\x1c\n\x1f\n" + "\u2003\n".encode()),
    "gzip as feed": (".xml", b"\x1f\x8b\x08\x00" + b"\x00" * 100),
}


def check_hostile(name: str) -> None:
    suffix, raw = HOSTILE[name]
    started = time.perf_counter()
    items = read_file(suffix, raw, name="hostile")
    check_items(items)
    assert time.perf_counter() - started < TIME_LIMIT_S
    if name.startswith("deep jsonl line"):
        texts = [i.text for i in items if isinstance(i, Document)]
        assert texts == ["first report", "second report"], "a bad line costs that line only"
    if "external entity" in name or name == "xinclude":
        assert all("root:" not in i.text for i in items if isinstance(i, Document))


def run_hostile() -> None:
    """Child side of test_hostile_corpus: one JSON line per case, then the peak resident memory."""
    for name in HOSTILE:
        started = time.perf_counter()
        try:
            check_hostile(name)
            error = ""
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            error = f"{type(exc).__name__}: {exc}"[:500]
        print(json.dumps({"name": name, "error": error, "s": round(time.perf_counter() - started, 2)}), flush=True)
    print(json.dumps({"peak_kib": peak_rss_kib()}))


def peak_rss_kib() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec, so a
    child of a big test process would report its parent's memory."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_hostile_corpus() -> None:
    """Every hostile case in one child process (so its peak memory is measured alone): each gives
    Documents or Rejections within the time limit, and the child's peak resident memory stays under 1 GiB
    (a billion-laughs expansion would need gigabytes; the child itself starts at about 150 MB)."""
    code = "import sys; sys.path.insert(0, sys.argv[1]); import test_fuzz_readers as t; t.run_hostile()"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True, text=True, timeout=600
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    results, peak_kib = lines[:-1], lines[-1]["peak_kib"]
    assert [r["name"] for r in results] == list(HOSTILE)
    failed = [f"{r['name']}: {r['error']}" for r in results if r["error"]]
    assert not failed, "\n".join(failed)
    assert peak_kib < 1024 * 1024, f"peak RSS {peak_kib / 1024:.0f} MiB"


# ------------------------------------------------------------------------------------------ Markdown exactness

# The rules as they were before they were bounded (sitroom 0.1.0): on ordinary input the new rules must
# give exactly this (extraction output must not change).
_ORIGINAL_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*$\n?", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE), ""),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE), r"\1"),
    (re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]+\S+.*$\n?", re.MULTILINE), ""),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def _original_strip(text: str) -> str:
    for pattern, repl in _ORIGINAL_MD_RULES:
        text = pattern.sub(repl, text)
    return text


@settings(max_examples=20_000 if FUZZ else 400, deadline=None, database=None, derandomize=not FUZZ,
          suppress_health_check=list(HealthCheck))
@given(markdown)
def test_markdown_rules_unchanged_on_ordinary_input(md: str) -> None:
    assert strip_markdown(md) == _original_strip(md)


def test_markdown_fixtures_unchanged() -> None:
    for path in sorted([*FIXTURES.rglob("*.md"), *(Path(__file__).parents[1] / "eval").rglob("*.md")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert strip_markdown(text) == _original_strip(text), path


# ------------------------------------------------------------------------------------------ statistics


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if FUZZ:
        total = sum(TRIED.values())
        print(f"\nfuzz: {total} inputs tried: " + ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items())))
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"fuzz: peak RSS of the test process {usage / 1024:.0f} MiB")


