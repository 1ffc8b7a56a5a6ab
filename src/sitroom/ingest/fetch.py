"""Safe, polite HTTP fetching for ``sitroom watch``.

A watcher runs unattended against URLs typed by users (or redirected to by servers), so every request is
treated as hostile input:

* **SSRF**: only http/https; the host is resolved here and *every* resolved address must be public
  (not private, loopback, link-local, multicast, reserved or unspecified; IPv4-mapped IPv6 unwrapped).
  The request then goes to the checked address itself (Host header and TLS SNI keep the name), so a DNS
  answer that changes between the check and the connection (rebinding) cannot slip through.
  ``allow_private=True`` lifts this, for tests and for users who watch their own intranet.
* **Redirects** are followed by hand, at most ``max_redirects`` hops, and each hop is checked again
  (scheme, addresses, robots.txt). A URL seen twice in one chain is a ``redirect_loop``.
* **Size**: the body is streamed and the download aborted as soon as it passes ``max_bytes`` (a declared
  Content-Length above the limit is refused before reading).
* **Time**: connect/read timeouts per operation plus a deadline for the whole response, so a server that
  drips one byte a second cannot hold the watcher.
* **Politeness**: robots.txt is honoured (cached per host for ``robots_ttl``; RFC 9309: a 4xx robots.txt
  allows everything, a 5xx or unreachable one disallows everything until the next try), and requests to
  one host are spaced by ``min_host_interval`` seconds (or the host's Crawl-delay, capped).
* **Conditional GET**: ``If-None-Match`` / ``If-Modified-Since`` from the previous response; 304 means
  "nothing new" and costs the server almost nothing.

Every failure raises ``FetchError(reason, detail)`` with one of the reason codes in ``REASONS``; the watcher
records it and moves on.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from sitroom import __version__

USER_AGENT = f"sitroom/{__version__} (+https://github.com/sitroom/sitroom; feed watcher)"

# Failure reason codes (also documented in docs/feeds.md).
REASONS = {
    "bad_url": "not an http(s) URL with a host",
    "dns_error": "the host name does not resolve",
    "private_address": "the host resolves to a private, loopback, link-local or otherwise non-public address",
    "robots_disallowed": "robots.txt does not allow this URL to sitroom",
    "timeout": "no complete response within the time limit",
    "connect_error": "the connection failed (refused, reset, TLS error)",
    "too_large": "the body passed the size limit",
    "too_many_redirects": "more redirects than allowed",
    "redirect_loop": "a redirect chain came back to a URL already visited",
    "http_error": "the server answered with an error status",
    "bad_encoding": "the body cannot be decoded as text",
    "parse_error": "the body is not a usable feed or page",
    "empty": "the response carried no items",
    "unsupported": "the response is neither a feed nor an HTML page",
}

_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A failed fetch: ``reason`` is a code from REASONS, ``detail`` says what happened."""

    def __init__(self, reason: str, detail: str = "", status: int | None = None, retry_after: float | None = None):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float = 20.0  # seconds per connect/read operation
    total_timeout: float = 60.0  # seconds for the whole response, redirects included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    respect_robots: bool = True
    robots_ttl: float = 6 * 3600.0
    robots_max_bytes: int = 512 * 1024
    min_host_interval: float = 2.0  # seconds between two requests to one host
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay is honoured up to this
    user_agent: str = USER_AGENT
    max_hosts: int = 1024  # per-host state (robots cache, last request) kept for this many hosts


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # final URL, after redirects
    status: int  # 200 or 304
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """All addresses a host name resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str) -> bool:
    """True for a globally routable unicast address; False for private, loopback, link-local and the rest."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


class _LRU(OrderedDict[str, object]):
    """A dict that forgets its oldest entries past ``limit``: per-host state must not grow forever."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: str, value: object) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: allow all
    disallow_all: bool
    fetched_at: float
    ttl: float


@dataclass(slots=True)
class _Deadline:
    """When the whole response must be complete (epoch of the fetcher's clock)."""

    at: float


# A robots.txt that could not be read blocks the host only this long before it is tried again.
ROBOTS_RETRY = 600.0


class Fetcher:
    """One HTTP client with per-host politeness state; reuse it across polls (connection pooling)."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Resolver = resolve,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._resolver = resolver
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent},
            transport=transport,
            trust_env=False,  # a proxy from the environment would bypass the address checks
        )
        self._robots = _LRU(self.policy.max_hosts)
        self._last_request = _LRU(self.policy.max_hosts)
        self._crawl_delay = _LRU(self.policy.max_hosts)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------- public

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url`` under the policy; raises FetchError with a reason code on any failure."""
        # Politeness waits (host spacing, Crawl-delay) extend it: waiting our turn is not the server's slowness.
        deadline = _Deadline(self._clock() + self.policy.total_timeout)
        seen: set[str] = set()
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            if current in seen:
                raise FetchError("redirect_loop", f"{current} visited twice in one redirect chain")
            seen.add(current)
            self._check_robots(current, deadline)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, resp_headers, body = self._request(current, headers, self.policy.max_bytes, deadline)
            if status in _REDIRECTS:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError("http_error", f"HTTP {status} without a Location header", status)
                current = urljoin(current, location)
                continue
            return self._result(current, status, resp_headers, body)
        raise FetchError(
            "too_many_redirects", f"more than {self.policy.max_redirects} redirects starting at {url}"
        )

    # ------------------------------------------------------------------------------------------- internals

    def _result(self, url: str, status: int, headers: httpx.Headers, body: bytes) -> FetchResult:
        if status == 304:
            return FetchResult(url, 304, b"", None, None, headers.get("etag"), headers.get("last-modified"))
        if status != 200:
            retry = _retry_after(headers.get("retry-after")) if status in (429, 503) else None
            raise FetchError("http_error", f"HTTP {status} from {url}", status, retry)
        content_type = headers.get("content-type")
        charset = None
        if content_type:
            for part in content_type.split(";")[1:]:
                key, _, value = part.strip().partition("=")
                if key.lower() == "charset" and value:
                    charset = value.strip("\"' ")
            content_type = content_type.split(";")[0].strip().lower()
        return FetchResult(
            url, 200, body, content_type, charset, headers.get("etag"), headers.get("last-modified")
        )

    def _target(self, url: str) -> tuple[httpx.URL, str, dict[str, str]]:
        """The URL to connect to (the checked address), the host key and the extensions (TLS SNI)."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError("bad_url", f"{url!r}: {exc}") from None
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise FetchError("bad_url", f"{url!r}: only http and https URLs with a host can be fetched")
        host = parsed.host
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = [host] if _is_ip(host) else self._resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchError("dns_error", f"{host}: {exc}") from None
        if not addresses:
            raise FetchError("dns_error", f"{host}: no addresses")
        if not self.policy.allow_private:
            bad = [a for a in addresses if not is_public(a)]
            if bad:
                raise FetchError(
                    "private_address",
                    f"{host} resolves to {', '.join(bad)}; non-public addresses are refused "
                    "(watch --allow-private to permit them)",
                )
        key = f"{parsed.scheme}://{host}:{port}"
        if _is_ip(host):
            return parsed, key, {}
        # Connect to the address that was checked; the name goes in the Host header and TLS SNI.
        return parsed.copy_with(host=addresses[0]), key, {"sni_hostname": host}

    def _wait_for_host(self, key: str) -> float:
        """Sleep until this host may get the next request; returns the seconds waited."""
        interval = max(self.policy.min_host_interval, float(self._crawl_delay.get(key, 0.0)))  # type: ignore[arg-type]
        last = self._last_request.get(key)
        waited = 0.0
        if last is not None and interval > 0:
            wait = float(last) + interval - self._clock()  # type: ignore[arg-type]
            if wait > 0:
                before = self._clock()
                self._sleep(wait)
                waited = max(0.0, self._clock() - before)
        self._last_request.put(key, self._clock())
        return waited

    def _request(
        self, url: str, headers: dict[str, str], limit: int, deadline: _Deadline
    ) -> tuple[int, httpx.Headers, bytes]:
        target, key, extensions = self._target(url)
        deadline.at += self._wait_for_host(key)
        remaining = deadline.at - self._clock()
        if remaining <= 0:
            raise FetchError("timeout", f"time limit of {self.policy.total_timeout:g} s reached before {url}")
        host_header = httpx.URL(url).netloc.decode("ascii")
        request = self._client.build_request(
            "GET", target, headers={**headers, "Host": host_header}, extensions=extensions
        )
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url}: {type(exc).__name__}") from None
        except (httpx.TransportError, OSError) as exc:
            raise FetchError("connect_error", f"{url}: {type(exc).__name__}: {exc}") from None
        try:
            if response.status_code != 200:
                return response.status_code, response.headers, b""
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError("too_large", f"{url}: Content-Length {declared} > limit {limit}")
            return response.status_code, response.headers, self._read_body(response, url, limit, deadline)
        finally:
            response.close()

    def _read_body(self, response: httpx.Response, url: str, limit: int, deadline: _Deadline) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError("too_large", f"{url}: more than {limit} bytes, download aborted")
                if self._clock() > deadline.at:
                    raise FetchError(
                        "timeout", f"{url}: body not complete within {self.policy.total_timeout:g} s"
                    )
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url}: {type(exc).__name__} while reading the body") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError("connect_error", f"{url}: {type(exc).__name__}: {exc}") from None
        return b"".join(chunks)

    # ------------------------------------------------------------------------------------------- robots

    def _check_robots(self, url: str, deadline: _Deadline) -> None:
        if not self.policy.respect_robots:
            return
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return
        root = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(root)
        if not isinstance(robots, _Robots) or self._clock() - robots.fetched_at > robots.ttl:
            robots = self._load_robots(root, deadline)
            self._robots.put(root, robots)
        if robots.disallow_all:
            raise FetchError("robots_disallowed", f"{root}/robots.txt could not be read; retrying later")
        if robots.parser is not None and not robots.parser.can_fetch(self.policy.user_agent, url):
            raise FetchError("robots_disallowed", f"{url} is disallowed by {root}/robots.txt")

    def _load_robots(self, root: str, deadline: _Deadline) -> _Robots:
        url = root + "/robots.txt"
        now = self._clock()
        try:
            status, _headers, body = self._request_following(url, deadline)
        except FetchError as exc:
            if exc.reason in ("too_many_redirects", "redirect_loop"):
                return _Robots(None, False, now, self.policy.robots_ttl)  # RFC 9309 2.3.1.2: unavailable
            if exc.reason == "too_large":
                return _Robots(None, True, now, ROBOTS_RETRY)
            # Unreachable host (refused, timed out, not resolvable, refused address): the feed on that host is
            # unreachable too, so the real cause is the failure to report; nothing is cached, the next poll
            # (after backoff) tries robots.txt again.
            raise
        if 400 <= status < 500:
            return _Robots(None, False, now, self.policy.robots_ttl)  # no robots.txt: everything allowed
        if status != 200:
            return _Robots(None, True, now, ROBOTS_RETRY)
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.policy.user_agent)
        if delay:
            key = self._target(url)[1]
            self._crawl_delay.put(key, min(float(delay), self.policy.max_crawl_delay))
        return _Robots(parser, False, now, self.policy.robots_ttl)

    def _request_following(self, url: str, deadline: _Deadline) -> tuple[int, httpx.Headers, bytes]:
        """robots.txt may redirect (http -> https, www): follow a few hops, each checked."""
        seen: set[str] = set()
        for _hop in range(self.policy.max_redirects + 1):
            if url in seen:
                raise FetchError("redirect_loop", url)
            seen.add(url)
            status, headers, body = self._request(url, {}, self.policy.robots_max_bytes, deadline)
            if status in _REDIRECTS and headers.get("location"):
                url = urljoin(url, headers["location"])
                continue
            return status, headers, body
        raise FetchError("too_many_redirects", url)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
