"""The watcher against local servers: real-shaped en/uk/ru feeds and Telegram pages, broken ones, schedule
and backoff, and flat memory over many polls."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pytest
from feed_server import (
    ATOM_UK,
    RSS_EN,
    RSS_RU,
    TELEGRAM_UK,
    FeedServer,
    endless,
    redirect,
    slow,
    static,
    status,
)
from pg import pg_server  # noqa: F401 - session fixture, used through request.getfixturevalue
from sqlalchemy import text

from sitroom.ingest.feeds import Feed
from sitroom.ingest.fetch import FetchPolicy
from sitroom.jobs.watch import Watcher, WatchOptions
from sitroom.store.database import Store

POLICY = FetchPolicy(allow_private=True, min_host_interval=0.0, timeout=0.5, total_timeout=2.0, max_bytes=64 * 1024)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 1.0)


@pytest.fixture()
def store() -> Iterator[Store]:
    s = Store.open(":memory:")
    yield s
    s.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    url = ":memory:" if request.param == "sqlite" else request.getfixturevalue("pg_server").fresh_url()
    s = Store.open(url)
    yield s
    s.close()


def _watcher(store: Store, clock: Clock | None = None, **kw: object) -> Watcher:
    clock = clock or Clock()
    opts = WatchOptions(policy=POLICY, interval=600.0, **kw)  # type: ignore[arg-type]
    return Watcher(store, opts, clock=clock, sleep=clock.sleep)


def _feed(w: Watcher, name: str) -> Feed:
    feed = w.registry.get(name)
    assert feed is not None
    return feed


def _docs(store: Store) -> list[tuple[str, str, str | None, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT source, lang, url, text FROM documents ORDER BY url"))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_real_shaped_feeds_in_three_languages(any_store: Store) -> None:
    store = any_store
    routes = {
        "/en.rss": static(RSS_EN, etag='"en-1"'),
        "/uk.atom": static(ATOM_UK, "application/atom+xml"),
        "/ru.rss": static(RSS_RU.encode("cp1251"), "application/rss+xml; charset=windows-1251"),
        "/s/synegubov": static(TELEGRAM_UK, "text/html; charset=utf-8"),
    }
    with FeedServer(routes) as srv, _watcher(store) as w:
        for path in routes:
            w.registry.add(srv.url(path), name=path.strip("/").replace("/", "-"))
        first = [w.poll(f) for f in w.registry.feeds()]
        assert [(r.outcome, r.added) for r in first] == [("ok", 2), ("ok", 2), ("ok", 1), ("ok", 2)]
        stats = store.stats()
        # Re-polling adds nothing: a 304 for the feed with an ETag, known content hashes for the rest.
        second = [w.poll(f) for f in w.registry.feeds()]
        assert [r.outcome for r in second] == ["not_modified", "ok", "ok", "ok"]
        assert sum(r.added for r in second) == 0
        assert store.stats() == stats
        assert any(h.get("If-None-Match") == '"en-1"' for _, h in srv.requests)
    docs = _docs(store)
    assert {d[1] for d in docs} == {"en", "uk", "ru"}
    ru = [d for d in docs if d[1] == "ru"][0]
    assert ru[0] == "Сводка" and "Белгорода погибли двое" in ru[3]  # cp1251 decoded by the HTTP charset
    tg = [d for d in docs if d[2] and d[2].startswith("https://t.me/")]
    assert [d[2] for d in tg] == ["https://t.me/synegubov/9001", "https://t.me/synegubov/9002"]
    assert "Попереднє повідомлення" not in tg[1][3]  # the quoted reply is not the post
    assert store.stats()["events"] > 0
    assert store.rejections() == []


def test_cp1251_feed_without_any_declaration(store: Store) -> None:
    body = RSS_RU.encode("cp1251")
    with FeedServer({"/ru": static(body, "application/rss+xml")}) as srv, _watcher(store) as w:
        w.registry.add(srv.url("/ru"), name="ru")
        result = w.poll(_feed(w, "ru"))
    assert result.outcome == "ok" and result.added == 1
    assert "Гладков" in _docs(store)[0][3]


def test_feed_that_lies_about_its_encoding(store: Store) -> None:
    # cp1251 bytes under an XML declaration that says UTF-8: without care this is stored as mojibake.
    lying = RSS_RU.replace("<rss", '<?xml version="1.0" encoding="utf-8"?>\n<rss', 1).encode("cp1251")
    koi8 = ATOM_UK.replace(' encoding="utf-8"', "").encode("koi8_u")  # no declaration, no HTTP charset
    routes = {"/ru": static(lying, "text/xml"), "/uk": static(koi8, "application/atom+xml")}
    with FeedServer(routes) as srv, _watcher(store) as w:
        w.registry.add(srv.url("/ru"), name="ru")
        w.registry.add(srv.url("/uk"), name="uk")
        assert [w.poll(f).added for f in w.registry.feeds()] == [1, 2]
    texts = " ".join(d[3] for d in _docs(store))
    assert "Вячеслав Гладков" in texts and "обстріляли Херсон" in texts
    assert store.rejections() == []


BROKEN = {
    "/invalid.xml": (static("<?xml version='1.0'?><rss><channel><<<>>>&&&", "application/rss+xml"), "parse_error"),
    "/latin1.xml": (
        static('<?xml version="1.0" encoding="utf-8"?><rss><channel><title>\xe9\xe8</title>'.encode("latin-1")
               + b"\xff\xfe\x00garbage", "application/rss+xml"),
        None,  # any recorded failure reason will do: binary, bad_encoding or parse_error
    ),
    "/500": (status(500), "http_error"),
    "/slow": (slow(3.0, static(RSS_EN)), "timeout"),
    "/endless": (endless(), "too_large"),
    "/loop": (redirect("/loop2"), "redirect_loop"),
    "/empty": (static(b"", "application/rss+xml"), "empty"),
    "/json": (static(b'{"not": "a feed"}', "application/json"), "unsupported"),
    "/private/feed": (static(RSS_EN), "robots_disallowed"),
}


def test_broken_feeds_are_recorded_and_the_loop_goes_on(store: Store) -> None:
    routes = {path: handler for path, (handler, _) in BROKEN.items()}
    routes["/loop2"] = redirect("/loop")
    routes["/robots.txt"] = static("User-agent: *\nDisallow: /private/\n", "text/plain")
    routes["/good.rss"] = static(RSS_EN)
    with FeedServer(routes) as srv, _watcher(store, once=True) as w:
        for path in BROKEN:
            w.registry.add(srv.url(path), name=path.strip("/").replace("/", "-"))
        w.registry.add(srv.url("/good.rss"), name="good")
        report = w.run()
    assert report.polls == len(BROKEN) + 1 and report.ok == 1 and report.failed == len(BROKEN)
    assert store.stats()["documents"] == 2  # the good feed after all the broken ones
    recorded = {r["path"]: r["reason"] for r in store.rejections()}
    for path, (_, reason) in BROKEN.items():
        url = f"http://127.0.0.1:{srv.port}{path}"
        assert url in recorded, path
        if reason is not None:
            assert recorded[url] == reason, (path, recorded[url])
    polls = w.registry.polls(limit=100)
    assert len(polls) == len(BROKEN) + 1
    assert all(p["detail"] for p in polls if p["outcome"] != "ok")


def test_private_address_refused_by_default(store: Store) -> None:
    opts = WatchOptions(policy=FetchPolicy(timeout=0.5, min_host_interval=0.0))
    with FeedServer({"/rss": static(RSS_EN)}) as srv, Watcher(store, opts) as w:
        w.registry.add(srv.url("/rss"), name="local")
        result = w.poll(_feed(w, "local"))
        assert result.outcome == "private_address" and len(srv.requests) == 0
    assert store.rejections()[0]["reason"] == "private_address"


def test_backoff_doubles_on_failure_and_resets_on_success(any_store: Store) -> None:
    store = any_store
    clock = Clock()
    with FeedServer({"/flaky": status(503)}) as srv, _watcher(store, clock) as w:
        w.registry.add(srv.url("/flaky"), name="flaky")
        gaps = []
        for _ in range(3):
            w.poll(_feed(w, "flaky"))
            feed = _feed(w, "flaky")
            assert feed.next_poll_at is not None
            gaps.append(feed.next_poll_at - clock.now)
        assert gaps == [1200.0, 2400.0, 4800.0] and _feed(w, "flaky").failures == 3
        srv.routes["/flaky"] = static(RSS_EN)
        assert w.poll(_feed(w, "flaky")).outcome == "ok"
        feed = _feed(w, "flaky")
        assert feed.failures == 0 and feed.next_poll_at == clock.now + 600.0
        assert feed.last_status == "ok"


def test_retry_after_is_honoured(store: Store) -> None:
    clock = Clock()
    with FeedServer({"/busy": status(429, {"Retry-After": "7200"})}) as srv, _watcher(store, clock) as w:
        w.registry.add(srv.url("/busy"), name="busy")
        w.poll(_feed(w, "busy"))
        assert _feed(w, "busy").next_poll_at == clock.now + 7200.0


def test_run_polls_on_schedule_until_max_polls(store: Store) -> None:
    clock = Clock()
    with FeedServer({"/en": static(RSS_EN), "/uk": static(ATOM_UK, "application/atom+xml")}) as srv:
        with _watcher(store, clock, max_polls=6) as w:
            w.registry.add(srv.url("/en"), name="en")
            w.registry.add(srv.url("/uk"), name="uk")
            start = clock.now
            report = w.run()
    assert report.polls == 6 and report.ok == 6 and report.documents_added == 4
    assert srv.hits("/en") == 3 and srv.hits("/uk") == 3
    assert clock.now - start >= 2 * 600.0  # three rounds, interval apart


def test_disabled_feeds_are_not_polled(store: Store) -> None:
    with FeedServer({"/en": static(RSS_EN)}) as srv, _watcher(store, once=True) as w:
        w.registry.add(srv.url("/en"), name="en")
        w.registry.set_enabled("en", False)
        assert w.run().polls == 0 and srv.hits("/en") == 0


def test_memory_stays_flat_over_200_polls(store: Store) -> None:
    """200 polls of one feed: after a warm-up, traced memory must not keep growing.

    No validators, so every poll downloads, parses and checks each item against the store. tracemalloc runs
    from the start: caches that churn (urllib's URL-split cache, SQLAlchemy's statement cache) replace
    untraced entries with traced ones at first, which would read as growth if tracing began later. A leak of
    even one response body per poll (~1.5 KB) would show as 200+ KB over the measured polls."""
    with FeedServer({"/en": static(RSS_EN)}, log=5) as srv, _watcher(store) as w:
        w.registry.add(srv.url("/en"), name="en")
        w.poll(_feed(w, "en"))
        gc.collect()
        tracemalloc.start()
        try:
            for _ in range(49):  # warm-up, traced
                w.poll(_feed(w, "en"))
            gc.collect()
            before = tracemalloc.take_snapshot()
            for _ in range(150):
                w.poll(_feed(w, "en"))
            gc.collect()
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert store.stats()["documents"] == 2
    assert w.registry.poll_count() == 200
    assert growth < 64 * 1024, f"traced memory grew by {growth} bytes over 150 polls"
