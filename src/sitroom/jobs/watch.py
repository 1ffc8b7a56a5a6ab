"""``sitroom watch``: poll the registered feeds on a schedule and ingest what is new.

One poll of one feed:

1. ``Fetcher.get`` with the feed's stored ETag / Last-Modified (conditional GET; see fetch.py for the
   safety and politeness rules). 304 -> nothing new, validators kept.
2. The body becomes Documents with the stage-1 readers of ``sitroom.ingest.sources``: RSS/Atom through
   ``read_feed``, a Telegram channel preview page (t.me/s/NAME) through ``telegram_documents`` (one
   Document per post, linked to https://t.me/NAME/ID), any other HTML page through ``read_html``.
3. Each Document goes through the normal pipeline (``pipeline.ingest_document``): a document already stored
   (same content hash) is skipped before any analysis, so re-polling the same items adds nothing.

Every failure -- network, HTTP status, size, robots.txt, refused address, unparsable body, a document that
breaks the pipeline -- is recorded twice: in the store's rejections (``sitroom rejects``, path = the feed URL)
and in the feed's poll log (``feed_polls``); then the loop moves on to the next feed.

Schedule: a feed polled successfully is due again after ``interval`` seconds; after ``n`` consecutive
failures after ``interval * 2**n`` (capped at ``max_backoff``), or the server's Retry-After when longer.

Memory stays flat over a long run: per-host state in the fetcher is bounded (LRU), the near-duplicate index
is rebuilt every cycle rather than growing forever (exact re-posts are still caught by the store's content
hash), and bodies are dropped as soon as they are parsed.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError

from sitroom.ingest.base import Reject, check_binary, clean_text, decode_bytes, make_document, normalise_date
from sitroom.ingest.feeds import Feed, FeedRegistry
from sitroom.ingest.fetch import Fetcher, FetchError, FetchPolicy, FetchResult
from sitroom.ingest.markup import read_feed, read_html
from sitroom.jobs.pipeline import ingest_document
from sitroom.models import Document, Rejection
from sitroom.options import Options
from sitroom.reading.passages import Deduplicator
from sitroom.store.database import Store, StoreWriteError, write_failure


@dataclass(frozen=True, slots=True)
class WatchOptions:
    interval: float = 900.0  # seconds between two polls of one feed
    max_backoff: float = 6 * 3600.0
    once: bool = False  # poll every enabled feed once, then stop
    max_polls: int | None = None  # stop after this many polls in all
    max_sleep: float = 60.0  # longest single sleep, so new feeds and Ctrl-C are noticed
    until: float | None = None  # stop once the clock (epoch seconds) reaches this (a bounded run; tests)
    policy: FetchPolicy = field(default_factory=FetchPolicy)


@dataclass(slots=True)
class PollResult:
    feed: str
    outcome: str  # ok | not_modified | a failure reason from fetch.REASONS
    detail: str = ""
    http_status: int | None = None
    items: int = 0
    added: int = 0
    rejected: int = 0


@dataclass(slots=True)
class WatchReport:
    polls: int = 0
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    documents_added: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, result: PollResult) -> None:
        self.polls += 1
        self.documents_added += result.added
        self.outcomes[result.outcome] = self.outcomes.get(result.outcome, 0) + 1
        if result.outcome == "ok":
            self.ok += 1
        elif result.outcome == "not_modified":
            self.not_modified += 1
        else:
            self.failed += 1


# ------------------------------------------------------------------------------------------ body -> documents

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
_XML_DECL_ENCODING = re.compile(
    rb"""^(\s*(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)(["'])""", re.IGNORECASE
)


def _looks_like_feed(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")) and any(
        tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")
    )


def _feed_bytes(body: bytes, charset: str | None) -> bytes:
    """The feed re-encoded as UTF-8 (declaration rewritten to match), so feedparser never guesses.

    Servers and feeds lie about encodings: a cp1251 feed declared as UTF-8 would otherwise be read as
    windows-1252 and stored as mojibake. Candidates in order: the XML declaration, the HTTP charset, then the
    policy of ``sources_base.decode_bytes`` (UTF-8, else plausible cp1251/KOI8-U Cyrillic, else bad_encoding).
    The first that decodes the whole body without error wins."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body  # UTF-16 with a byte-order mark: feedparser reads it right
    m = _XML_DECL_ENCODING.match(body)
    declared = m.group(2).decode("ascii") if m else None
    text: str | None = None
    for name in (declared, charset):
        if not name:
            continue
        try:
            text = body.decode(name)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    if text is None:
        text = decode_bytes(body, None)
    out = text.lstrip("\ufeff").encode("utf-8")
    if m:
        out = _XML_DECL_ENCODING.sub(rb"\1utf-8\3", out, count=1)
    return out


class _TelegramPreview(HTMLParser):
    """Posts of a t.me/s/NAME page: data-post="NAME/ID", the message text div, the <time datetime>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.channel_title: str | None = None
        self.posts: list[tuple[str, str, str | None]] = []  # (post, text, datetime)
        self._post: str | None = None
        self._time: str | None = None
        self._parts: list[str] = []
        self._text_depth = 0  # >0 while inside the message text div (div nesting depth)
        self._in_title = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "meta" and a.get("property") == "og:title" and a.get("content"):
            self.channel_title = self.channel_title or a["content"]
        if tag == "div" and a.get("data-post"):
            self._flush()
            self._post = a["data-post"]
        if self._text_depth:
            if tag == "div":
                self._text_depth += 1
            elif tag == "br":
                self._parts.append("\n")
            return
        if tag == "div" and "tgme_widget_message_text" in classes and "js-message_reply_text" not in classes:
            if self._post is not None:
                self._text_depth = 1
                self._parts = []
        elif tag == "time" and self._post is not None and a.get("datetime"):
            self._time = a["datetime"]

    def handle_endtag(self, tag: str) -> None:
        if self._text_depth and tag == "div":
            self._text_depth -= 1
            if self._text_depth == 0:
                self._parts.append("\x00")  # end of the text: later text in the post is not the message

    def handle_data(self, data: str) -> None:
        if self._text_depth:
            self._parts.append(data)

    def _flush(self) -> None:
        if self._post is not None:
            text = "".join(self._parts).split("\x00", 1)[0]
            self.posts.append((self._post, text, self._time))
        self._post, self._time, self._parts = None, None, []

    def close(self) -> None:
        super().close()
        self._flush()


def is_telegram_preview(body: str) -> bool:
    return "tgme_widget_message" in body and "data-post=" in body


def telegram_documents(page: str, url: str, opts: Options) -> Iterator[Document]:
    """One Document per post of a Telegram channel preview page (t.me/s/NAME)."""
    parser = _TelegramPreview()
    parser.feed(page)
    parser.close()
    produced = False
    for post, raw_text, when in parser.posts:
        text = clean_text(raw_text)
        if not text:
            continue  # photo or video without a caption
        channel, _, mid = post.partition("/")
        produced = True
        yield dataclasses.replace(
            make_document(
                text,
                opts,
                None,
                source=parser.channel_title or channel,
                published=normalise_date(when),
                url=f"https://t.me/{post}",
                ext_id=mid or None,
            ),
            path=url,
        )
    if not produced:
        raise Reject("empty", "Telegram preview page without text posts")


def _with_source(items: Iterator[Document | Rejection], url: str) -> Iterator[Document | Rejection]:
    """Readers name things after a file path; a fetched item is named after its URL instead."""
    for item in items:
        if isinstance(item, Document):
            yield dataclasses.replace(item, path=url)
        else:
            suffix = item.path.rsplit(":", 1)[1] if ":entry" in item.path else ""
            yield Rejection(f"{url}:{suffix}" if suffix else url, item.reason, item.detail)


def documents_from_response(result: FetchResult, feed: Feed, opts: Options) -> list[Document | Rejection]:
    """A fetched body -> Documents (and per-item Rejections); raises Reject for a body that is unusable."""
    body = result.body
    if not body.strip():
        raise Reject("empty", "empty body")
    check_binary(body)
    # A stand-in path for the readers: its stem is the last fallback for the source name.
    path = PurePosixPath(feed.name or (urlsplit(result.url).hostname or "feed"))
    ctype = result.content_type or ""
    if feed.kind != "telegram" and (ctype in _FEED_TYPES or ctype.endswith("+xml") or _looks_like_feed(body)):
        return list(_with_source(read_feed(path, _feed_bytes(body, result.charset), opts), feed.url))  # type: ignore[arg-type]
    text = decode_bytes(body, result.charset)
    if feed.kind == "telegram" or is_telegram_preview(text):
        return list(telegram_documents(text, feed.url, opts))
    if ctype and ctype not in ("text/html", "application/xhtml+xml") and "<html" not in text[:2048].lower():
        raise Reject("unsupported", f"content type {ctype} is neither a feed nor an HTML page")
    return list(_with_source(read_html(path, text, opts), feed.url))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ the loop


class Watcher:
    """Polls due feeds, ingests new items, records every outcome. Clock and sleep are injectable (tests)."""

    def __init__(
        self,
        store: Store,
        options: WatchOptions | None = None,
        fetcher: Fetcher | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        on_poll: Callable[[PollResult], None] | None = None,
    ) -> None:
        self.store = store
        self.options = options or WatchOptions()
        self.registry = FeedRegistry(store.engine)
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(self.options.policy)
        self._clock = clock
        self._sleep = sleep
        self._on_poll = on_poll
        self._dedup = Deduplicator()

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------- one poll

    def poll(self, feed: Feed) -> PollResult:
        """Poll one feed now, ingest what is new, record the outcome; never raises for a feed's fault."""
        started = time.monotonic()
        opts = Options(source=feed.name, lang=feed.lang)
        result = PollResult(feed.name, "ok")
        nbytes = 0
        etag, last_modified = feed.etag, feed.last_modified
        retry_after: float | None = None
        try:
            fetched = self.fetcher.get(feed.url, feed.etag, feed.last_modified)
            result.http_status = fetched.status
            nbytes = len(fetched.body)
            if fetched.not_modified:
                result.outcome = "not_modified"
            else:
                etag, last_modified = fetched.etag, fetched.last_modified
                self._ingest(feed, fetched, opts, result)
        except FetchError as exc:
            result.outcome, result.detail, result.http_status = exc.reason, exc.detail, exc.status
            retry_after = exc.retry_after
        except Reject as exc:
            result.outcome, result.detail = exc.reason, exc.detail
        except StoreWriteError:
            raise  # disk full or read-only: the store's fault, not the feed's; the watcher stops
        except Exception as exc:  # noqa: BLE001 - one feed's surprise must not stop the watcher
            result.outcome, result.detail = "parse_error", f"{type(exc).__name__}: {exc}"[:500]
        failed = result.outcome not in ("ok", "not_modified")
        if failed:
            self.store.add_rejection(Rejection(feed.url, result.outcome, result.detail))
        failures = feed.failures + 1 if failed else 0
        self._record_poll(
            feed,
            outcome=result.outcome,
            next_poll_at=self._clock() + self._delay(failures, retry_after),
            failures=failures,
            http_status=result.http_status,
            detail=result.detail,
            etag=etag,
            last_modified=last_modified,
            nbytes=nbytes,
            items=result.items,
            added=result.added,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        if self._on_poll is not None:
            self._on_poll(result)
        return result

    def _record_poll(self, feed: Feed, **values: Any) -> None:
        try:
            self.registry.record_poll(feed, **values)
        except DBAPIError as exc:
            failure = write_failure(exc, self.store.url)
            if failure is None:
                raise
            raise failure from exc

    def _delay(self, failures: int, retry_after: float | None) -> float:
        base = self.options.interval
        if failures:
            base = min(base * 2 ** min(failures, 30), self.options.max_backoff)
        return max(base, min(retry_after or 0.0, self.options.max_backoff))

    def _ingest(self, feed: Feed, fetched: FetchResult, opts: Options, result: PollResult) -> None:
        items = documents_from_response(fetched, feed, opts)
        for item in items:
            if isinstance(item, Rejection):
                self.store.add_rejection(item)
                result.rejected += 1
                continue
            result.items += 1
            try:
                added, _passages, _events = ingest_document(self.store, item, opts, self._dedup)
            except StoreWriteError:
                raise
            except Exception as exc:  # noqa: BLE001 - one bad item costs one item
                self.store.add_rejection(
                    Rejection(item.url or feed.url, "processing_error", f"{type(exc).__name__}: {exc}"[:500])
                )
                result.rejected += 1
                continue
            result.added += int(added)
        if result.rejected and not result.items:
            result.outcome, result.detail = "parse_error", f"{result.rejected} item(s) rejected, none usable"
        elif result.rejected:
            result.detail = f"{result.rejected} item(s) rejected"

    # ------------------------------------------------------------------------------------------- schedule

    def due(self) -> list[Feed]:
        now = self._clock()
        return [f for f in self.registry.feeds(enabled_only=True) if f.next_poll_at is None or f.next_poll_at <= now]

    def run(self) -> WatchReport:
        """Poll until stopped: once over every enabled feed (``once``), ``max_polls`` polls, or forever."""
        report = WatchReport()
        opts = self.options
        if opts.once:
            for feed in self.registry.feeds(enabled_only=True):
                if opts.max_polls is not None and report.polls >= opts.max_polls:
                    break
                report.count(self.poll(feed))
            return report
        while opts.max_polls is None or report.polls < opts.max_polls:
            if opts.until is not None and self._clock() >= opts.until:
                break
            due = self.due()
            # A fresh near-duplicate index each cycle: bounded memory on a run of weeks.
            self._dedup = Deduplicator()
            for feed in due:
                if opts.max_polls is not None and report.polls >= opts.max_polls:
                    return report
                report.count(self.poll(feed))
            self._sleep(self._until_next())
        return report

    def _until_next(self) -> float:
        feeds = self.registry.feeds(enabled_only=True)
        now = self._clock()
        if not feeds:
            return self.options.max_sleep
        nxt = min((f.next_poll_at or now) for f in feeds)
        return min(max(nxt - now, 0.0), self.options.max_sleep)
