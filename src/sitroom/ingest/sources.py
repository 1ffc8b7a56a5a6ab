"""Stage 1, Sources -> Documents: read files and folders into Documents, recording every problem.

``iter_documents(paths, opts)`` walks the given files and folders (folders recursively, entries sorted, hidden
files and folders skipped, symlinked folders not followed) and yields, in order, a ``Document`` for each
report found and a ``Rejection(path, reason, detail)`` for each input that could not be used. Nothing raises:
a broken file costs one Rejection, never the run.

Formats, chosen by extension (then by content for an explicitly named file with an unknown extension):

=====================  ===========================================================================
.txt                   plain text                              (sources_markup.read_text)
.md .markdown          Markdown, lightly stripped              (sources_markup.read_markdown)
.html .htm .xhtml      web page, main text via trafilatura     (sources_markup.read_html)
.jsonl .ndjson         records as in contracts/CLI.md          (sources_records.read_jsonl_file)
.json                  Telegram Desktop export (result.json)   (sources_records.read_telegram)
.xml .rss .atom        RSS/Atom via feedparser                 (sources_markup.read_feed)
=====================  ===========================================================================

Any other JSON -> ``unsupported``. Unknown extensions are skipped silently inside folders (Telegram exports
sit next to photos) and rejected as ``unsupported`` when named explicitly, unless their first bytes show a
feed or an HTML page.

Rejection reasons: too_large (checked with stat before reading, and by reading at most max+1 bytes so a file
growing meanwhile is still bounded), binary, bad_encoding (policy in sources_base), bad_json (also per
line of a .jsonl, as "path:line"), parse_error, empty, unreadable (missing, permission, I/O error),
unsupported. An unexpected exception inside a reader becomes parse_error with the exception named.

Fallbacks: published = the source's date, else opts.published, else None; source = the record/feed/channel/
site name, else opts.source, else the file stem; lang = the record's valid "lang", else opts.lang, else
``lang.detect``. ``doc_id`` is the content hash ``document_id(text)``; ``ext_id`` is the source's own id.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from sitroom.ingest.base import Reject, check_binary, declared_charset, decode_bytes, document_id
from sitroom.ingest.markup import read_feed, read_html, read_markdown, read_text
from sitroom.ingest.records import (
    TOO_DEEP,
    RecordError,
    is_telegram_export,
    read_jsonl,
    read_jsonl_file,
    read_telegram,
    record_to_document,
)
from sitroom.models import Document, Rejection
from sitroom.options import Options

__all__ = [
    "RecordError",
    "document_id",
    "iter_documents",
    "read_jsonl",
    "record_to_document",
    "SUPPORTED_EXTENSIONS",
]

Item = Document | Rejection
_TextReader = Callable[[Path, str, Options], Iterable[Item]]

_TEXT_READERS: dict[str, _TextReader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
}
_FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom"})
SUPPORTED_EXTENSIONS = frozenset(_TEXT_READERS) | _FEED_EXTENSIONS | {".json"}
# How much of an unknown-extension file is read to recognise a feed or an HTML page.
SNIFF_CHARS = 1024


def iter_documents(paths: Sequence[str | Path], opts: Options) -> Iterator[Document | Rejection]:
    """Yield Documents and Rejections for the given files and folders, in a deterministic order."""
    for given in paths:
        path = Path(given)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield Rejection(str(path), "unreadable", _os_detail(exc))
            continue
        if is_dir:
            yield from _walk(path, opts)
        else:
            yield from _read_file(path, opts, explicit=True)


def _walk(root: Path, opts: Options) -> Iterator[Item]:
    errors: list[OSError] = []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        # In place, so os.walk does not descend into hidden folders (.git, .cache).
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(
            Path(dirpath, f)
            for f in filenames
            if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_EXTENSIONS
        )
    for exc in errors:
        yield Rejection(str(exc.filename or root), "unreadable", _os_detail(exc))
    # Sorted by path parts: the same tree gives the same order on every machine and file system.
    for path in sorted(found, key=lambda p: p.relative_to(root).parts):
        yield from _read_file(path, opts, explicit=False)


def _os_detail(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise Reject("too_large", f"{size} bytes > limit {limit}")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise Reject("unreadable", _os_detail(exc)) from None
    if len(raw) > limit:
        raise Reject("too_large", f"more than {limit} bytes")
    if not raw.strip():
        raise Reject("empty", "empty file")
    return raw


def _read_file(path: Path, opts: Options, explicit: bool) -> Iterator[Item]:
    try:
        if not path.exists():
            raise Reject("unreadable", "no such file")
        if not path.is_file():
            raise Reject("unreadable", "not a regular file")
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_EXTENSIONS and not explicit:
            return
        raw = _read_bytes(path, opts.max_file_bytes)
        yield from _dispatch(path, suffix, raw, opts)
    except Reject as rej:
        yield Rejection(str(path), rej.reason, rej.detail)
    except Exception as exc:  # a reader bug or library failure must cost one file, not the run
        yield Rejection(str(path), "parse_error", f"{type(exc).__name__}: {exc}"[:500])


def _dispatch(path: Path, suffix: str, raw: bytes, opts: Options) -> Iterator[Item]:
    if suffix in _FEED_EXTENSIONS:
        check_binary(raw)
        yield from read_feed(path, raw, opts)
        return
    if suffix == ".json":
        yield from _read_json(path, raw, opts)
        return
    reader = _TEXT_READERS.get(suffix)
    if reader is None:
        reader_or_feed = _sniff(raw)
        if reader_or_feed is None:
            raise Reject("unsupported", f"unknown file type {suffix or '(no extension)'}")
        if reader_or_feed == "feed":
            yield from read_feed(path, raw, opts)
            return
        reader = read_html
    declared = declared_charset(raw) if reader is read_html else None
    yield from reader(path, decode_bytes(raw, declared), opts)


def _sniff(raw: bytes) -> str | None:
    """'feed', 'html' or None from the first bytes of a file with an unknown extension."""
    check_binary(raw)
    head = raw[:SNIFF_CHARS].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml") or head.startswith(("<rss", "<feed", "<rdf:rdf")):
        if any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf", "<channel")):
            return "feed"
        return None
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return None


def _read_json(path: Path, raw: bytes, opts: Options) -> Iterator[Item]:
    text = decode_bytes(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Reject(
            "bad_json", f"invalid or truncated JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise Reject("bad_json", TOO_DEEP) from None
    if not is_telegram_export(data):
        raise Reject(
            "unsupported",
            'JSON that is not a Telegram Desktop export (no "messages"); use .jsonl for one record per line',
        )
    yield from read_telegram(path, data, opts)
