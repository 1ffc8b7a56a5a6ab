"""A simulated week of ``sitroom watch`` against loopback feeds that misbehave on a schedule.

Two hosts (two ``FeedServer``s: one host is scheme + address + port), four feeds, one clock: the test's
``SimClock`` drives the watcher, the fetcher's per-host spacing and deadlines, and the servers' schedules, so
a week passes in seconds and nothing sleeps for real (except the few injected read timeouts, which must
really time out). Items are published over the week in English, Ukrainian and Russian; the feeds then:

* reorder their items on every response, repeat an item (duplicate GUIDs), edit items (a revised toll,
  same GUID) and delete items a day after publishing them;
* answer 5xx for hours (bursts), 429 with Retry-After, and hang past the read timeout now and then;
* run a clock that is hours ahead (pubDate and Last-Modified from the future) with conditional GET;
* go silent (a feed without entries) for most of a day and come back with what was published meanwhile.

Then: every published item version is stored exactly once; an edit is a second document whose event merges
into the first one's incident (the toll revised, the earlier figure kept in the reports); no host got two
requests closer than its limit (``host_delay``, or the robots.txt Crawl-delay); the Retry-After was waited
out; and every failed poll in the feed log has a reason and a detail that match a fault the server
injected, one for one. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from feed_server import FeedServer, _send
from pg import pg_server  # noqa: F401 - session fixture, used through request.getfixturevalue
from sqlalchemy import text

from sitroom.ingest.base import clean_text, document_id
from sitroom.ingest.fetch import Fetcher, FetchPolicy
from sitroom.jobs.watch import Watcher, WatchOptions
from sitroom.store.database import Store

START = datetime(2024, 3, 25, tzinfo=UTC).timestamp()  # a Monday, 00:00 UTC
HOUR = 3600.0
DAY = 24 * HOUR
WEEK = 7 * DAY
INTERVAL = 3600.0  # a feed is polled every hour when all is well
HOST_DELAY = 2.0
CRAWL_DELAY_B = 7.0  # host B's robots.txt asks for more than --host-delay
READ_TIMEOUT = 0.3  # real seconds: the injected hangs must really time out
WINDOW = 20  # items a feed shows (newest first): more than a silent day's worth


class SimClock:
    """The one clock of the test: the watcher's schedule, the fetcher's spacing, the servers' schedules."""

    def __init__(self) -> None:
        self.now = START
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += max(seconds, 0.001)


PLACES = [
    ("Kharkiv", "Харків", "Харьков"), ("Odesa", "Одесу", "Одессу"), ("Zaporizhzhia", "Запоріжжя", "Запорожье"),
    ("Kherson", "Херсон", "Херсон"), ("Sumy", "Суми", "Сумы"), ("Nikopol", "Нікополь", "Никополь"),
    ("Kramatorsk", "Краматорськ", "Краматорск"), ("Dnipro", "Дніпро", "Днепр"),
]
TEXTS = {
    "en": "Russian forces shelled {en} on {day}, killing {k} civilians and injuring {i}, the regional governor "
          "said on Telegram. Report number {n}.",
    "uk": "Ворог обстріляв {uk}, загинули {k} людей, ще {i} поранено, повідомила ОВА. Повідомлення {n}.",
    "ru": "В результате обстрела по городу {ru} погибли {k} человек, ещё {i} ранены, сообщили власти. Сообщение {n}.",
}
EDITED = {
    "en": " Update: the death toll rose to {k2}.",
    "uk": " Оновлення: кількість загиблих зросла до {k2}.",
    "ru": " Обновление: число погибших возросло до {k2}.",
}


@dataclass
class Item:
    guid: str
    lang: str
    published: float  # when it appears in the feed
    texts: list[tuple[float, str]]  # (from when, text): the first version, then edits
    deleted_at: float | None = None

    def text_at(self, t: float) -> str:
        return [txt for since, txt in self.texts if since <= t][-1]


@dataclass
class Fault:
    """A fault a server injected: when, on which feed, and the outcome the feed log must show for it."""

    at: float
    feed: str
    outcome: str
    detail: str


@dataclass
class SimFeed:
    name: str
    path: str
    lang: str
    items: list[Item]
    atom: bool = False
    skew: float = 0.0  # the server's clock offset (pubDate, Last-Modified)
    conditional: bool = False  # sends Last-Modified and answers 304
    bursts: list[tuple[float, float, int]] = field(default_factory=list)  # (from, to, status)
    busy: list[float] = field(default_factory=list)  # 429 + Retry-After: 7200 to the first request after each
    hangs: list[float] = field(default_factory=list)  # hang (read timeout) on the first request after each
    silent: tuple[float, float] | None = None  # (from, to): a feed without entries; items held back
    duplicate_every: int = 0  # repeat one item (same GUID) in every n-th response

    def visible(self, t: float) -> list[Item]:
        if self.silent and self.silent[0] <= t < self.silent[1]:
            return []
        live = [it for it in self.items if it.published <= t and (it.deleted_at is None or t < it.deleted_at)]
        return sorted(live, key=lambda it: -it.published)[:WINDOW]


def build_feeds(rng: random.Random) -> list[SimFeed]:
    feeds = [
        SimFeed("wire-en", "/a/wire.rss", "en", [], conditional=True, duplicate_every=3,
                bursts=[(1 * DAY + 10 * HOUR, 1 * DAY + 13 * HOUR, 503), (4 * DAY + 2 * HOUR, 4 * DAY + 3 * HOUR, 500)]),
        SimFeed("front-uk", "/a/front.atom", "uk", [], atom=True, silent=(2 * DAY + 6 * HOUR, 3 * DAY + 2 * HOUR),
                hangs=[3 * DAY + 8 * HOUR]),
        SimFeed("svodka-ru", "/b/svodka.rss", "ru", [], skew=5 * HOUR, conditional=True,
                busy=[5 * DAY + 9 * HOUR], hangs=[1 * DAY + 4 * HOUR, 6 * DAY + 1 * HOUR]),
        SimFeed("digest-en", "/b/digest.rss", "en", [], duplicate_every=2, bursts=[(3 * DAY, 3 * DAY + 40 * 60, 502)]),
    ]
    for feed in feeds:  # the schedules above are offsets from the start of the week
        feed.bursts = [(START + a, START + b, code) for a, b, code in feed.bursts]
        feed.busy = [START + a for a in feed.busy]
        feed.hangs = [START + a for a in feed.hangs]
        feed.silent = (START + feed.silent[0], START + feed.silent[1]) if feed.silent else None
    n = 0
    for feed in feeds:
        t = START + rng.uniform(0, 2 * HOUR)
        while t < START + WEEK - 4 * HOUR:
            n += 1
            en, uk, ru = rng.choice(PLACES)
            k, i = rng.randint(1, 6), rng.randint(2, 20)
            day = datetime.fromtimestamp(t, UTC).strftime("%B %-d")
            body = TEXTS[feed.lang].format(en=en, uk=uk, ru=ru, k=k, i=i, n=n, day=day)
            item = Item(f"{feed.name}-{n}", feed.lang, t, [(t, body)])
            roll = rng.random()
            if roll < 0.15:  # edited a few hours later: the toll revised
                item.texts.append((t + rng.uniform(2, 8) * HOUR, body + EDITED[feed.lang].format(k2=k + 3)))
            elif roll < 0.25:  # deleted a day later (after it was polled)
                item.deleted_at = t + DAY
            feed.items.append(item)
            t += rng.uniform(1.5, 5) * HOUR
    return feeds


def _rfc822(t: float) -> str:
    return format_datetime(datetime.fromtimestamp(t, UTC), usegmt=True)


def render(feed: SimFeed, t: float, rng: random.Random, serial: int) -> tuple[bytes, float, set[str]]:
    """The feed's body at time t (items shuffled, maybe one repeated), the time it last changed, and the
    item versions (texts) in it."""
    items = feed.visible(t)
    changed = max([max(since for since, _ in it.texts if since <= t) for it in items] + [feed.items[0].published])
    if feed.silent and feed.silent[0] <= t < feed.silent[1]:
        changed = feed.silent[0]
    items = list(items)
    rng.shuffle(items)  # reorder
    if feed.duplicate_every and items and serial % feed.duplicate_every == 0:
        items.append(items[0])  # the same GUID twice
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
    if feed.atom:
        entries = "".join(
            f"<entry><title>{esc(it.text_at(t)[:40])}</title><id>{it.guid}</id>"
            f"<updated>{datetime.fromtimestamp(it.published + feed.skew, UTC).isoformat()}</updated>"
            f"<link href='https://uk.example.org/{it.guid}'/><summary>{esc(it.text_at(t))}</summary></entry>"
            for it in items
        )
        body = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{feed.name}</title>{entries}</feed>'
    else:
        entries = "".join(
            f"<item><title>{esc(it.text_at(t)[:40])}</title><guid>{it.guid}</guid>"
            f"<link>https://example.org/{it.guid}</link><pubDate>{_rfc822(it.published + feed.skew)}</pubDate>"
            f"<description>{esc(it.text_at(t))}</description></item>"
            for it in items
        )
        body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{feed.name}</title>{entries}</channel></rss>'
    return body.encode("utf-8"), changed, {it.text_at(t) for it in items}


class WeekServer:
    """Routes that follow the schedule, and the log of what each host saw (simulated arrival times)."""

    def __init__(self, feeds: list[SimFeed], clock: SimClock) -> None:
        self.feeds = {f.path: f for f in feeds}
        self.clock = clock
        self.faults: list[Fault] = []
        self.arrivals: dict[str, list[float]] = {}  # host -> simulated arrival times
        self.path_arrivals: dict[str, list[float]] = {}
        self.served: set[str] = set()  # every item version (its text) sent in a 200 response
        self.rng = random.Random(7)
        self.serial = Counter[str]()
        self.hung: set[tuple[str, float]] = set()
        self.lock = threading.Lock()

    def log(self, host: str, path: str = "/robots.txt") -> None:
        with self.lock:
            self.arrivals.setdefault(host, []).append(self.clock())
            self.path_arrivals.setdefault(path, []).append(self.clock())

    def handler(self, path: str, host: str) -> Any:
        feed = self.feeds[path]

        def handle(h: BaseHTTPRequestHandler) -> None:
            t = self.clock()
            self.log(host, path)
            with self.lock:
                self.serial[path] += 1
                serial = self.serial[path]
            for since in feed.hangs:
                if t >= since and (path, since) not in self.hung:
                    self.hung.add((path, since))
                    self.faults.append(Fault(t, feed.name, "timeout", "ReadTimeout"))
                    threading.Event().wait(READ_TIMEOUT * 3)  # past the read timeout, then nothing
                    return
            for start, end, code in feed.bursts:
                if start <= t < end:
                    self.faults.append(Fault(t, feed.name, "http_error", f"HTTP {code}"))
                    _send(h, code, b"upstream error", {"Content-Type": "text/plain"})
                    return
            for since in feed.busy:
                if t >= since and (path, -since) not in self.hung:
                    self.hung.add((path, -since))
                    self.faults.append(Fault(t, feed.name, "http_error", "HTTP 429"))
                    _send(h, 429, b"slow down", {"Retry-After": "7200", "Content-Type": "text/plain"})
                    return
            with self.lock:
                body, changed, shown = render(feed, t, self.rng, serial)
            ctype = "application/atom+xml" if feed.atom else "application/rss+xml; charset=utf-8"
            headers = {"Content-Type": ctype}
            if feed.conditional:
                headers["Last-Modified"] = _rfc822(changed + feed.skew)
                if h.headers.get("If-Modified-Since") == headers["Last-Modified"]:
                    _send(h, 304, b"", {"Last-Modified": headers["Last-Modified"]})
                    return
            _send(h, 200, body, headers)
            with self.lock:
                self.served.update(shown)
            if not shown:  # silent, or nothing published yet: a feed without entries
                self.faults.append(Fault(t, feed.name, "empty", "feed without entries"))

        return handle

    def robots(self, host: str, crawl_delay: float | None) -> Any:
        body = "User-agent: *\nDisallow: /private/\n" + (f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay else "")

        def handle(h: BaseHTTPRequestHandler) -> None:
            self.log(host)
            _send(h, 200, body.encode(), {"Content-Type": "text/plain"})

        return handle


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Store]:
    url = str(tmp_path / "week.db") if request.param == "sqlite" else request.getfixturevalue("pg_server").fresh_url()
    s = Store.open(url)
    yield s
    s.close()


def test_a_week_of_faulty_feeds(store: Store) -> None:
    rng = random.Random(20240325)
    clock = SimClock()
    feeds = build_feeds(rng)
    week = WeekServer(feeds, clock)
    policy = FetchPolicy(allow_private=True, min_host_interval=HOST_DELAY, timeout=READ_TIMEOUT, total_timeout=5.0,
                         max_bytes=1024 * 1024)
    with FeedServer(log=10) as a, FeedServer(log=10) as b:
        hosts = {"/a/": ("A", a), "/b/": ("B", b)}
        for feed in feeds:
            host, srv = hosts[feed.path[:3]]
            srv.routes[feed.path] = week.handler(feed.path, host)
        a.routes["/robots.txt"] = week.robots("A", None)
        b.routes["/robots.txt"] = week.robots("B", CRAWL_DELAY_B)
        fetcher = Fetcher(policy, clock=clock, sleep=clock.sleep)
        options = WatchOptions(interval=INTERVAL, max_sleep=INTERVAL, until=START + WEEK, policy=policy)
        with fetcher, Watcher(store, options, fetcher, clock=clock, sleep=clock.sleep) as w:
            for feed in feeds:
                srv = hosts[feed.path[:3]][1]
                w.registry.add(srv.url(feed.path), name=feed.name, lang=feed.lang)
            report = w.run()
            polls = w.registry.polls(limit=100_000)
            feed_states = {f.name: f for f in w.registry.feeds()}

    # 1. Every item version a feed served is stored exactly once, and nothing else is. (A version published
    #    and then edited or deleted while its feed was down, or backing off, was never served to anyone.)
    versions = {document_id(clean_text(txt)): it.guid for f in feeds for it in f.items for _, txt in it.texts
                if it.published < START + WEEK}
    served = {document_id(clean_text(txt)) for txt in week.served}
    with store.engine.connect() as conn:
        stored = Counter(r[0] for r in conn.execute(text("SELECT doc_id FROM documents")))
    assert not [d for d, c in stored.items() if c > 1], "a document stored twice"
    missing = sorted(versions[d] for d in served if d not in stored)
    assert not missing, f"served but not stored: {missing}"
    assert set(stored) == served, "a stored document no feed served"
    assert report.documents_added == len(stored)
    never_served = [versions[d] for d in versions if d not in served]
    assert len(never_served) <= 0.05 * len(versions), never_served

    # 2. Edits are revisions: the edited version's event is merged into the first version's incident, whose
    #    toll is the revised one while the earlier report keeps the first figure.
    edits = [it for f in feeds for it in f.items
             if len(it.texts) > 1 and all(document_id(clean_text(t)) in served for _, t in it.texts[:2])]
    assert len(edits) >= 20
    merged = 0
    with store.engine.connect() as conn:
        for it in edits:
            first, second = (document_id(clean_text(t)) for _, t in it.texts[:2])
            rows = conn.execute(
                text("SELECT doc_id, incident_id, killed FROM reports WHERE doc_id IN (:a, :b)"), {"a": first, "b": second}
            ).all()
            incidents = {r.incident_id for r in rows}
            if len(incidents) == 1 and {r.doc_id for r in rows} == {first, second}:
                merged += 1
    assert merged == len(edits), f"{merged} of {len(edits)} edits merged into their first version's incident"

    # 3. Per-host limits: requests to one host at least host_delay apart (host B: its Crawl-delay).
    for host, limit in (("A", HOST_DELAY), ("B", CRAWL_DELAY_B)):
        times = week.arrivals[host]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= limit - 1e-6, (host, min(gaps))

    # 4. Retry-After: after the 429 the feed was not asked again for 7200 s.
    busy = [f for f in week.faults if f.detail == "HTTP 429"]
    assert len(busy) == 1
    after = [t for t in week.path_arrivals["/b/svodka.rss"] if t > busy[0].at]
    assert after and after[0] >= busy[0].at + 7200, "Retry-After: 7200 not waited out"

    # 5. The feed log explains every failure, one for one with the faults injected.
    failed = [p for p in polls if p["outcome"] not in ("ok", "not_modified")]
    assert all(p["detail"] for p in failed)
    logged = Counter((p["name"], p["outcome"]) for p in failed)
    injected = Counter((f.feed, f.outcome) for f in week.faults)
    assert logged == injected, (logged, injected)
    for p in failed:
        if p["outcome"] == "http_error":
            assert p["http_status"] in (429, 500, 502, 503) and f"HTTP {p['http_status']}" in p["detail"]
    assert all(f.failures == 0 for f in feed_states.values()), "every feed recovered by the end of the week"
    assert len(polls) == report.polls

    print(
        f"\nweek: {report.polls} polls ({report.ok} ok, {report.not_modified} not modified, {report.failed} failed); "
        f"{len(week.faults)} faults injected ({dict(Counter(f.outcome for f in week.faults))}); "
        f"{len(versions)} item versions published, {len(served)} served, {sum(stored.values())} documents stored "
        f"({len(never_served)} never served: replaced or deleted while their feed was down); "
        f"{merged}/{len(edits)} edits (both versions served) merged as revisions"
    )
