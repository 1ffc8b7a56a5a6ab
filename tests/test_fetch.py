"""fetch.py against local servers on loopback: limits, redirects, robots.txt, conditional GET, SSRF."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest
from feed_server import RSS_EN, FeedServer, drip, endless, redirect, slow, static, status

from sitroom.ingest.fetch import Fetcher, FetchError, FetchPolicy, is_public

FAST = FetchPolicy(allow_private=True, min_host_interval=0.0, timeout=0.5, total_timeout=2.0, max_bytes=64 * 1024)


def _reason(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    return info.value.reason


def test_plain_get_and_conditional_get() -> None:
    routes = {"/rss": static(RSS_EN, etag='"v7"', last_modified="Thu, 28 Mar 2024 08:00:00 GMT")}
    with FeedServer(routes) as srv, Fetcher(FAST) as f:
        first = f.get(srv.url("/rss"))
        assert first.status == 200 and b"Kharkiv" in first.body
        assert first.etag == '"v7"' and first.content_type == "application/rss+xml" and first.charset == "utf-8"
        again = f.get(srv.url("/rss"), etag=first.etag, last_modified=first.last_modified)
        assert again.not_modified and again.body == b""
        assert srv.requests[-1][1].get("If-None-Match") == '"v7"'


def test_last_modified_only() -> None:
    stamp = "Thu, 28 Mar 2024 08:00:00 GMT"
    with FeedServer({"/rss": static(RSS_EN, last_modified=stamp)}) as srv, Fetcher(FAST) as f:
        assert f.get(srv.url("/rss")).last_modified == stamp
        assert f.get(srv.url("/rss"), last_modified=stamp).status == 304


def test_error_statuses() -> None:
    routes = {"/500": status(500), "/503": status(503, {"Retry-After": "120"}), "/404": status(404)}
    with FeedServer(routes) as srv, Fetcher(FAST) as f:
        assert _reason(f, srv.url("/500")) == "http_error"
        with pytest.raises(FetchError) as info:
            f.get(srv.url("/503"))
        assert info.value.status == 503 and info.value.retry_after == 120.0
        assert _reason(f, srv.url("/404")) == "http_error"


def test_slow_server_times_out() -> None:
    with FeedServer({"/slow": slow(3.0, static(RSS_EN))}) as srv, Fetcher(FAST) as f:
        assert _reason(f, srv.url("/slow")) == "timeout"


def test_dripping_body_hits_the_deadline() -> None:
    policy = FetchPolicy(allow_private=True, min_host_interval=0.0, timeout=0.5, total_timeout=0.8)
    with FeedServer({"/drip": drip(0.05)}) as srv, Fetcher(policy) as f:
        assert _reason(f, srv.url("/drip")) == "timeout"


def test_endless_body_is_cut_at_the_size_limit() -> None:
    with FeedServer({"/endless": endless(), "/huge": endless(declare_length=True)}) as srv, Fetcher(FAST) as f:
        assert _reason(f, srv.url("/endless")) == "too_large"
        assert _reason(f, srv.url("/huge")) == "too_large"


def test_redirects_followed_bounded_and_loops_caught() -> None:
    routes = {
        "/old": redirect("/mid", 301),
        "/mid": redirect("/rss", 302),
        "/rss": static(RSS_EN),
        "/loop-a": redirect("/loop-b"),
        "/loop-b": redirect("/loop-a"),
        **{f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)},
        "/away": redirect("ftp://files.example.org/feed.xml"),
    }
    with FeedServer(routes) as srv, Fetcher(FAST) as f:
        result = f.get(srv.url("/old"))
        assert result.url == srv.url("/rss") and b"Odesa" in result.body
        assert _reason(f, srv.url("/loop-a")) == "redirect_loop"
        assert _reason(f, srv.url("/r0")) == "too_many_redirects"
        assert _reason(f, srv.url("/away")) == "bad_url"


def test_robots_txt_is_honoured_and_cached() -> None:
    robots = "User-agent: *\nDisallow: /private/\n"
    routes = {
        "/robots.txt": static(robots, "text/plain"),
        "/private/rss": static(RSS_EN),
        "/rss": static(RSS_EN),
        "/to-private": redirect("/private/rss"),
    }
    with FeedServer(routes) as srv, Fetcher(FAST) as f:
        assert _reason(f, srv.url("/private/rss")) == "robots_disallowed"
        assert f.get(srv.url("/rss")).status == 200
        assert _reason(f, srv.url("/to-private")) == "robots_disallowed"  # each redirect hop is checked
        assert srv.hits("/robots.txt") == 1
        assert srv.hits("/private/rss") == 0


def test_missing_robots_allows_and_broken_robots_disallows() -> None:
    with FeedServer({"/rss": static(RSS_EN)}) as srv, Fetcher(FAST) as f:
        assert f.get(srv.url("/rss")).status == 200  # robots.txt is a 404: everything allowed
    with FeedServer({"/rss": static(RSS_EN), "/robots.txt": status(500)}) as srv, Fetcher(FAST) as f:
        assert _reason(f, srv.url("/rss")) == "robots_disallowed"  # RFC 9309: 5xx means disallow


def test_loopback_refused_unless_allowed() -> None:
    strict = FetchPolicy(min_host_interval=0.0, timeout=0.5)
    with FeedServer({"/rss": static(RSS_EN)}) as srv, Fetcher(strict) as f:
        assert _reason(f, srv.url("/rss")) == "private_address"
        assert _reason(f, f"http://localhost:{srv.port}/rss") == "private_address"
        assert srv.hits("/rss") == 0 and srv.hits("/robots.txt") == 0


def test_every_resolved_address_is_checked() -> None:
    # A name with one public and one private address is refused: the private one may be the one used.
    resolver = lambda host, port: ["93.184.215.14", "10.1.2.3"]  # noqa: E731
    with Fetcher(FetchPolicy(min_host_interval=0.0), resolver=resolver) as f:
        assert _reason(f, "https://mixed.example.org/rss") == "private_address"


def test_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend the loopback test server is public, so the first hop passes; the redirect to the cloud
    # metadata address must then be refused before any connection is made.
    import sitroom.ingest.fetch as fetch

    real = fetch.is_public
    monkeypatch.setattr(fetch, "is_public", lambda a: a == "127.0.0.1" or real(a))
    routes = {"/go": redirect("http://169.254.169.254/latest/meta-data/"), "/go2": redirect("http://10.255.0.1/")}
    with FeedServer(routes) as srv:
        with Fetcher(FetchPolicy(min_host_interval=0.0, timeout=0.5)) as f:
            assert _reason(f, srv.url("/go")) == "private_address"
            assert _reason(f, srv.url("/go2")) == "private_address"


def test_connection_goes_to_the_checked_address() -> None:
    # The resolver's answer is the address connected to (no second DNS lookup); the name stays in Host.
    with FeedServer({"/rss": static(RSS_EN)}) as srv:
        with Fetcher(FAST, resolver=lambda host, port: ["127.0.0.1"]) as f:
            result = f.get(f"http://feeds.frontline.test:{srv.port}/rss")
        assert result.status == 200
        assert srv.requests[-1][1]["Host"] == f"feeds.frontline.test:{srv.port}"


def test_unresolvable_host() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with Fetcher(FAST, resolver=resolver) as f:
        assert _reason(f, "https://no-such-host.invalid/rss") == "dns_error"


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"],
)
def test_non_public_addresses(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.215.14", "2001:4860:4860::8888"])
def test_public_addresses(address: str) -> None:
    assert is_public(address)


def test_per_host_rate_limit_spaces_requests() -> None:
    clock = [1000.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s

    policy = FetchPolicy(allow_private=True, min_host_interval=5.0, respect_robots=False)
    with FeedServer({"/rss": static(RSS_EN)}) as srv, Fetcher(policy, clock=lambda: clock[0], sleep=sleep) as f:
        f.get(srv.url("/rss"))
        f.get(srv.url("/rss"))
        clock[0] += 10
        f.get(srv.url("/rss"))
    assert slept == [5.0]


def test_crawl_delay_raises_the_host_interval() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s

    routes = {"/robots.txt": static("User-agent: *\nCrawl-delay: 7\n", "text/plain"), "/rss": static(RSS_EN)}
    policy = FetchPolicy(allow_private=True, min_host_interval=1.0)
    with FeedServer(routes) as srv, Fetcher(policy, clock=lambda: clock[0], sleep=sleep) as f:
        f.get(srv.url("/rss"))
        f.get(srv.url("/rss"))
    assert slept and max(slept) == pytest.approx(7.0)


def test_https_connects_to_the_checked_address_and_verifies_the_name(tmp_path: Path) -> None:
    # The request goes to the resolved (checked) IP, while TLS SNI and certificate verification use the name:
    # pinning the address defeats DNS rebinding without weakening HTTPS.
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=feeds.frontline.test", "-addext", "subjectAltName=DNS:feeds.frontline.test"],
        check=True,
        capture_output=True,
    )
    trust = ssl.create_default_context(cafile=str(cert))
    with FeedServer({"/rss": static(RSS_EN)}, tls=(str(cert), str(key))) as srv:
        with Fetcher(FAST, resolver=lambda h, p: ["127.0.0.1"], transport=httpx.HTTPTransport(verify=trust)) as f:
            result = f.get(f"https://feeds.frontline.test:{srv.port}/rss")
            assert result.status == 200 and b"Kharkiv" in result.body
            assert _reason(f, f"https://other.frontline.test:{srv.port}/rss") == "connect_error"
