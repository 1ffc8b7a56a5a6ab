"""A local HTTP server on 127.0.0.1 for the feed tests: real-shaped feeds and the ways servers go wrong.

``FeedServer`` runs ``http.server`` in a daemon thread on a free loopback port. Routes map a path to a
handler ``(handler) -> None``; the helpers below build the usual ones: ``static`` (with ETag/Last-Modified
and 304 on conditional GET), ``status``, ``redirect``, ``slow``, ``drip``, ``endless``. Nothing here touches
the internet.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


def _send(h: BaseHTTPRequestHandler, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    h.send_response(code)
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if body:
        h.wfile.write(body)


def static(
    body: bytes | str,
    content_type: str = "application/rss+xml; charset=utf-8",
    etag: str | None = None,
    last_modified: str | None = None,
) -> Handler:
    """A fixed body; answers 304 when the request's validators match."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def handle(h: BaseHTTPRequestHandler) -> None:
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        if (etag and h.headers.get("If-None-Match") == etag) or (
            last_modified and not etag and h.headers.get("If-Modified-Since") == last_modified
        ):
            _send(h, 304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
            return
        _send(h, 200, data, headers)

    return handle


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"error") -> Handler:
    return lambda h: _send(h, code, body, headers)


def redirect(location: str, code: int = 302) -> Handler:
    return lambda h: _send(h, code, b"", {"Location": location})


def slow(seconds: float, then: Handler) -> Handler:
    """Wait before answering at all (a read timeout on the client)."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(h)

    return handle


def drip(interval: float, total: int = 10_000) -> Handler:
    """Headers at once, then one byte every ``interval`` seconds: no read timeout fires, only a deadline."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        for _ in range(total):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(interval)

    return handle


def endless(declare_length: bool = False) -> Handler:
    """A body that never ends (or lies about being huge): only a size limit stops it."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        if declare_length:
            h.send_header("Content-Length", str(10**12))
        h.end_headers()
        chunk = b"<item><title>\xd0\x9e\xd0\xb1\xd1\x81\xd1\x82\xd1\x80\xd1\x96\xd0\xbb</title></item>" * 1000
        while True:
            h.wfile.write(chunk)

    return handle


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that abort on purpose (size limit, timeout) leave broken pipes behind


class FeedServer:
    """``with FeedServer({"/rss": static(...)}) as srv: srv.url("/rss")``."""

    def __init__(
        self, routes: dict[str, Handler] | None = None, log: int = 200, tls: tuple[str, str] | None = None
    ) -> None:
        self.routes: dict[str, Handler] = dict(routes or {})
        # The newest ``log`` requests (path, headers): bounded, so long runs measure the client, not this.
        self.requests: deque[tuple[str, dict[str, str]]] = deque(maxlen=log)
        server = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stall)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path = self.path.split("?", 1)[0]
                server.requests.append((self.path, dict(self.headers.items())))
                handler = server.routes.get(path)
                if handler is None:
                    _send(self, 404, b"not found", {"Content-Type": "text/plain"})
                    return
                try:
                    handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = _Quiet(("127.0.0.1", 0), _H)
        self.port = self._httpd.server_address[1]
        self.scheme = "http"
        if tls is not None:  # (certificate file, key file): serve HTTPS
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --------------------------------------------------------------------------------------- real-shaped feeds

RSS_EN = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Frontline Daily</title><link>https://news.example.org/</link><description>War news</description>
<item><title>Russian missile strike on Kharkiv kills four</title>
<link>https://news.example.org/2024/03/28/kharkiv-strike</link><guid>fd-1001</guid>
<pubDate>Thu, 28 Mar 2024 07:30:00 GMT</pubDate>
<description>A Russian missile strike on Kharkiv overnight killed four people and injured at least 19, \
Governor Oleh Syniehubov said on Telegram.</description></item>
<item><title>Drone attack on Odesa port</title>
<link>https://news.example.org/2024/03/28/odesa-drones</link><guid>fd-1002</guid>
<pubDate>Thu, 28 Mar 2024 09:10:00 GMT</pubDate>
<description>Russian forces attacked Odesa with Shahed drones overnight on March 28, damaging port \
infrastructure, the regional administration reported.</description></item>
</channel></rss>
"""

ATOM_UK = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Новини фронту</title><id>urn:uuid:front-uk</id><updated>2024-03-28T10:00:00Z</updated>
<entry><title>Обстріл Херсона</title><id>urn:uuid:uk-1</id><updated>2024-03-28T08:00:00Z</updated>
<link href="https://uk.example.org/news/1"/>
<summary>Російські війська обстріляли Херсон з артилерії, загинула одна людина, ще троє поранені, \
повідомив начальник ОВА Олександр Прокудін.</summary></entry>
<entry><title>Атака дронів на Дніпро</title><id>urn:uuid:uk-2</id><updated>2024-03-28T09:00:00Z</updated>
<link href="https://uk.example.org/news/2"/>
<summary>У ніч на 28 березня сили ППО збили над Дніпропетровщиною дев'ять ударних дронів, повідомили \
Повітряні сили.</summary></entry>
</feed>
"""

RSS_RU = """<rss version="2.0"><channel>
<title>Сводка</title><link>https://ru.example.org/</link><description>Новости</description>
<item><title>Обстрел Белгорода</title><link>https://ru.example.org/n/1</link><guid>ru-1</guid>
<pubDate>Thu, 28 Mar 2024 06:00:00 +0300</pubDate>
<description>В результате обстрела Белгорода погибли двое мирных жителей, ещё пятеро ранены, сообщил \
губернатор Вячеслав Гладков.</description></item>
</channel></rss>
"""

TELEGRAM_UK = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="Олег Синєгубов"><title>Олег Синєгубов – Telegram</title></head><body>
<section class="tgme_channel_history js-message_history">
<div class="tgme_widget_message_wrap js-widget_message_wrap">
<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="synegubov/9001">
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_text js-message_text" dir="auto">Харків: окупанти вдарили по Салтівському \
району.<br/>Загинули двоє людей, ще семеро поранені.</div>
<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/synegubov/9001">\
<time datetime="2024-03-28T05:40:12+00:00" class="time">05:40</time></a></div>
</div></div></div>
<div class="tgme_widget_message_wrap js-widget_message_wrap">
<div class="tgme_widget_message js-widget_message" data-post="synegubov/9002">
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_reply"><div class="tgme_widget_message_text js-message_reply_text">\
Попереднє повідомлення</div></div>
<div class="tgme_widget_message_text js-message_text" dir="auto">Оновлення: кількість поранених у Харкові \
зросла до 12 людей.</div>
<div class="tgme_widget_message_footer"><time datetime="2024-03-28T07:02:00+00:00" class="time">07:02</time></div>
</div></div></div>
<div class="tgme_widget_message_wrap js-widget_message_wrap">
<div class="tgme_widget_message js-widget_message" data-post="synegubov/9003">
<div class="tgme_widget_message_photo_wrap"></div>
<time datetime="2024-03-28T08:00:00+00:00" class="time">08:00</time>
</div></div>
</section></body></html>
"""
