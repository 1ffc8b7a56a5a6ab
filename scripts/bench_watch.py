"""`make bench` part: resident memory of `watch` over an hour of simulated polling (issue 7).

Four feeds (en RSS, uk Atom, ru cp1251 RSS, a Telegram channel page) served on loopback by the test
server, each gaining one new item every poll, polled every 60 s of a simulated clock for one hour
(240 polls), ingesting through the normal pipeline into a SQLite file. Prints resident memory after the
first 10 minutes and at the end of the hour: flat means no per-poll growth.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from feed_server import RSS_EN, FeedServer  # noqa: E402

from sitroom.ingest.fetch import FetchPolicy  # noqa: E402
from sitroom.jobs.watch import Watcher, WatchOptions  # noqa: E402
from sitroom.store.database import Store  # noqa: E402


def rss_kb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 1024


def growing_feed(feed: int, counter: list[int]) -> Callable[[BaseHTTPRequestHandler], None]:
    """RSS_EN plus one new item per request, so every poll ingests something."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        counter[0] += 1
        n = counter[0]
        item = (f"<item><title>Russian drones hit Sumy, report {feed}-{n}</title><guid>bench-{feed}-{n}</guid>"
                f"<description>Russian drones struck Sumy overnight, injuring {n % 7 + 1} people, the regional "
                f"administration said (feed {feed}, update {n}).</description></item>")
        body = RSS_EN.replace("</channel>", item + "</channel>").encode("utf-8")
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handle


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def main() -> int:
    counters = [[0] for _ in range(4)]
    routes = {f"/feed{i}": growing_feed(i, counters[i]) for i in range(4)}
    clock = Clock()
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp, FeedServer(routes, log=10) as srv:
        store = Store.open(f"sqlite:///{Path(tmp) / 'watch.db'}")
        policy = FetchPolicy(allow_private=True, respect_robots=False, min_host_interval=0.0)
        polls = [0]

        def on_poll(_result: object) -> None:
            polls[0] += 1
            if polls[0] % 40 == 0:
                samples.append((polls[0], rss_kb()))

        opts = WatchOptions(policy=policy, interval=60.0, max_polls=240)
        t0 = time.perf_counter()
        with Watcher(store, opts, clock=clock.time, sleep=clock.sleep, on_poll=on_poll) as w:  # type: ignore[arg-type]
            for i in range(4):
                w.registry.add(srv.url(f"/feed{i}"), name=f"feed{i}")
            report = w.run()
        wall = time.perf_counter() - t0
        docs = store.stats()["documents"]
        store.close()
    print(f"watch: {report.polls} polls over {(clock.now - 1_700_000_000) / 60:.0f} simulated minutes, "
          f"{docs} documents ingested, {wall:.1f} s wall")
    for n, kb in samples:
        print(f"  after {n:3d} polls: resident {kb / 1024:6.1f} MB")
    if len(samples) >= 2:
        growth = (samples[-1][1] - samples[0][1]) / 1024
        print(f"  growth from poll {samples[0][0]} to {samples[-1][0]}: {growth:+.1f} MB "
              f"-> {'flat' if growth < 5 else 'GROWING'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
