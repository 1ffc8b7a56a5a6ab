"""Feed registry, bundled catalogue and the `feeds` / `watch` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from feed_server import RSS_EN, FeedServer, static
from pg import pg_server  # noqa: F401 - session fixture, used through request.getfixturevalue
from typer.testing import CliRunner

from sitroom.cli.feeds import feeds_app, watch
from sitroom.ingest.feeds import FeedError, FeedRegistry, catalogue, default_name, ensure_tables, guess_kind
from sitroom.store.database import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def registry(request: pytest.FixtureRequest) -> Iterator[FeedRegistry]:
    url = ":memory:" if request.param == "sqlite" else request.getfixturevalue("pg_server").fresh_url()
    store = Store.open(url)
    yield FeedRegistry(store.engine)
    store.close()


def test_add_list_remove(registry: FeedRegistry) -> None:
    feed = registry.add("https://kyivindependent.com/rss/", lang="en")
    assert feed.name == "kyivindependent.com-rss" and feed.kind == "feed" and feed.enabled
    registry.add("https://t.me/synegubov", name="kharkiv-governor", lang="uk")
    names = [f.name for f in registry.feeds()]
    assert names == ["kyivindependent.com-rss", "kharkiv-governor"]
    tg = registry.get("kharkiv-governor")
    assert tg is not None and tg.url == "https://t.me/s/synegubov" and tg.kind == "telegram"
    registry.remove("https://kyivindependent.com/rss/")
    assert [f.name for f in registry.feeds()] == ["kharkiv-governor"]
    with pytest.raises(FeedError):
        registry.remove("no-such-feed")


def test_add_refuses_duplicates_and_bad_input(registry: FeedRegistry) -> None:
    registry.add("https://meduza.io/rss/all", name="meduza")
    with pytest.raises(FeedError, match="already registered"):
        registry.add("https://meduza.io/rss/all", name="other")
    with pytest.raises(FeedError, match="already registered"):
        registry.add("https://meduza.io/rss/en/all", name="meduza")
    with pytest.raises(FeedError, match="http"):
        registry.add("file:///etc/passwd")
    with pytest.raises(FeedError, match="lang"):
        registry.add("https://example.org/rss", lang="de")


def test_tables_are_created_idempotently(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    ensure_tables(store.engine)
    FeedRegistry(store.engine).add("https://example.org/rss", name="x")
    ensure_tables(store.engine)
    assert [f.name for f in FeedRegistry(store.engine).feeds()] == ["x"]
    store.close()


def test_catalogue_is_well_formed() -> None:
    entries = catalogue()
    names = [e.name for e in entries]
    assert len(names) == len(set(names)) and len(entries) >= 20
    assert {e.lang for e in entries} == {"en", "uk", "ru"}
    assert any(e.name == "isw" for e in entries)
    for e in entries:
        assert e.url.startswith("https://"), e
        assert e.kind == guess_kind(e.url), e
        if e.kind == "telegram":
            assert e.url.startswith("https://t.me/s/")


def test_add_from_catalogue(registry: FeedRegistry) -> None:
    feed = registry.add_from_catalogue("isw")
    assert feed.name == "isw" and feed.lang == "en"
    with pytest.raises(FeedError, match="catalogue"):
        registry.add_from_catalogue("no-such-outlet")


def test_default_names() -> None:
    assert default_name("https://www.pravda.com.ua/rss/view_news/") == "pravda.com.ua-rss-view_news"
    assert default_name("https://t.me/s/DeepStateUA") == "tg-DeepStateUA"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(feeds_app, name="feeds")
    app.command()(watch)
    return app


def test_cli_feeds_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    app = _app()
    r = runner.invoke(app, ["feeds", "add", "https://kyivindependent.com/rss/", "--name", "kyiv", "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["feeds", "add", "--from-catalogue", "tg-rybar", "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["feeds", "list", "--json", "--db", db])
    listed = json.loads(r.stdout)
    assert [f["name"] for f in listed] == ["kyiv", "tg-rybar"]
    assert listed[1]["kind"] == "telegram" and listed[1]["lang"] == "ru"
    r = runner.invoke(app, ["feeds", "add", "https://kyivindependent.com/rss/", "--db", db])
    assert r.exit_code == 2
    r = runner.invoke(app, ["feeds", "remove", "kyiv", "--db", db])
    assert r.exit_code == 0
    r = runner.invoke(app, ["feeds", "catalogue", "--json", "--lang", "uk"])
    assert r.exit_code == 0 and {e["lang"] for e in json.loads(r.stdout)} == {"uk"}
    r = runner.invoke(app, ["feeds", "catalogue"])
    assert "isw" in r.stdout


def test_cli_watch_once(tmp_path: Path) -> None:
    db = str(tmp_path / "watch.db")
    runner = CliRunner()
    app = _app()
    with FeedServer({"/rss": static(RSS_EN, etag='"a"')}) as srv:
        r = runner.invoke(app, ["feeds", "add", srv.url("/rss"), "--name", "local", "--lang", "en", "--db", db])
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["watch", "--once", "--db", db])  # loopback is refused by default
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["watch", "--once", "--allow-private", "--host-delay", "0", "--db", db])
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["feeds", "log", "local", "--json", "--db", db])
        outcomes = [json.loads(line)["outcome"] for line in r.stdout.splitlines()]
        assert outcomes == ["ok", "private_address"]
    store = Store.open(db)
    try:
        assert store.stats()["documents"] == 2
        assert [row["reason"] for row in store.rejections()] == ["private_address"]
    finally:
        store.close()


def test_cli_watch_without_feeds(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["watch", "--once", "--db", str(tmp_path / "empty.db")])
    assert r.exit_code == 2
