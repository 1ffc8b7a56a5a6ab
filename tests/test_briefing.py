"""Briefing: golden Markdown/JSON, ordering, wording from fields only, empty day, HTML escaping."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_samples import DAY, HOSTILE, day_batch, hostile_batch

from sitroom.briefing.render import render, render_atom
from sitroom.briefing.sections import item_section, section_key
from sitroom.briefing.select import build_briefing, evidence_sentences, trim_quote
from sitroom.briefing.wording import headline, source_links, status_phrase
from sitroom.store.database import Store

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SITROOM_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store.open(":memory:")
    for item in day_batch() + hostile_batch():
        s.add_document(*item)
    yield s
    s.close()


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_golden(store: Store, fmt: str) -> None:
    out = render(build_briefing(store, DAY), fmt)  # type: ignore[arg-type]
    path = GOLDEN / f"briefing_{DAY}.{fmt}"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} missing: run with SITROOM_UPDATE_GOLDEN=1 to create it")
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), "briefing changed: review, then SITROOM_UPDATE_GOLDEN=1"


def test_deterministic_across_insertion_order() -> None:
    outs = []
    for order in (day_batch(), list(reversed(day_batch()))):
        s = Store.open(":memory:")
        for item in order:
            s.add_document(*item)
        b = build_briefing(s, DAY)
        outs.append([(sec.key, [i.headline for i in sec.items]) for sec in b.sections])
    assert outs[0] == outs[1]


def test_sections_in_front_order_and_ranked(store: Store) -> None:
    b = build_briefing(store, DAY)
    assert [s.key for s in b.sections] == ["kharkiv", "dnipropetrovsk", "ru_border", "theme_air"]
    kharkiv = b.sections[0].items
    assert [i.killed for i in kharkiv] == [1, None]  # killed*3 outranks one injured
    pav = b.sections[1].items[0]
    assert pav.killed == 6 and pav.sources_count == 2
    assert [s.label for s in pav.sources] == ["Kyiv Independent", "t.me/dnipropetrovskaODA"]
    data = json.loads(render(b, "json"))
    assert data["events_count"] == 6 and data["reports_count"] == 7


@pytest.mark.parametrize(
    "loc,key",
    [
        ({"admin1": "Zaporizhzhia", "country": "UA"}, "zaporizhia"),
        ({"admin1": "Mykolaiv", "country": "UA"}, "odesa"),
        ({"admin1": "Donets'k", "country": "UA"}, "donetsk"),
        ({"admin1": "Kyiv City", "country": "UA"}, "kyiv"),
        ({"admin1": "Dnipropetrovsk Oblast", "country": "UA"}, "dnipropetrovsk"),
        ({"admin1": "Lviv", "country": "UA"}, "other_ua"),
        ({"admin1": "Sevastopol", "country": "UA"}, "crimea"),
        ({"admin1": "Bryansk", "country": "RU"}, "ru_border"),
        ({"admin1": "Moscow", "country": "RU"}, "ru_rest"),
        ({"admin1": None, "country": "BY"}, "elsewhere"),
        (None, "elsewhere"),
    ],
)
def test_section_key(loc: dict | None, key: str) -> None:
    assert section_key(loc) == key


def _ev(**kw: object) -> dict:
    base = {
        "event_id": "e",
        "sub_event_type": "Air/drone strike",
        "event_type": "Explosions/Remote violence",
        "initiator": "RU",
        "weapons": ["shahed"],
        "targets": ["energy"],
        "killed": None,
        "injured": 2,
        "casualties_civilian": True,
        "location": {
            "name": "Odesa",
            "admin1": "Odesa",
            "country": "UA",
            "lat": 46.48,
            "lon": 30.72,
            "geo_precision": 1,
        },
    }
    base.update(kw)
    return base


@pytest.mark.parametrize(
    "kw,expected",
    [
        (
            {},
            "Russian drone strike with Shahed drones hitting energy infrastructure in Odesa: 2 injured (civilians).",
        ),
        (
            {
                "sub_event_type": "Shelling/artillery/missile attack",
                "weapons": ["ballistic_missile"],
                "targets": [],
                "killed": 3,
                "injured": 10,
                "initiator": "RU",
            },
            "Russian missile attack with ballistic missiles in Odesa: 3 killed, 10 injured (civilians).",
        ),
        (
            {
                "sub_event_type": "Armed clash",
                "event_type": "Battles",
                "weapons": [],
                "targets": [],
                "initiator": "unknown",
                "injured": None,
                "location": {"name": "Robotyne", "admin1": "Zaporizhia", "geo_precision": 2},
            },
            "Fighting near Robotyne (Zaporizhia).",  # no "no figures" filler
        ),
    ],
)
def test_headline_from_fields(kw: dict, expected: str) -> None:
    assert headline(_ev(**kw)) == expected


@pytest.mark.parametrize(
    "claim,expected",
    [
        (
            {"status": "claimed", "claimant": "Russian Ministry of Defence", "claimant_type": "official_ru"},
            "Russian Ministry of Defence claims; not independently confirmed.",
        ),
        (
            {"status": "claimed", "claimant": None, "claimant_type": "milblogger"},
            "Russian milbloggers claim; not independently confirmed.",
        ),
        (
            {"status": "unconfirmed", "claimant": "Rybar", "claimant_type": "milblogger"},
            "Not independently confirmed (source: Rybar).",
        ),
        (
            {"status": "confirmed", "claimant": "OHCHR", "claimant_type": "international"},
            "Confirmed by OHCHR.",
        ),
        ({"status": "denied", "claimant": None, "claimant_type": "unknown"}, "Denied."),
        (
            {"status": "reported", "claimant": "Kharkiv regional governor"},
            "Reported by Kharkiv regional governor.",
        ),
    ],
)
def test_status_wording(claim: dict, expected: str) -> None:
    assert status_phrase(claim) == expected


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_empty_day(store: Store, fmt: str) -> None:
    out = render(build_briefing(store, "2023-01-01"), fmt)  # type: ignore[arg-type]
    assert "No events stored for 2023-01-01" in out


def test_html_escapes_hostile_text(store: Store) -> None:
    out = render(build_briefing(store, "2024-03-27"), "html")
    assert "<script>alert" not in out and "&lt;script&gt;" in out
    assert "<img" not in out and "onerror=alert" in out  # present only as escaped text
    assert 'onmouseover="' not in out
    assert "javascript:" not in out  # non-http URLs are never linked
    assert "<script" not in out.lower()  # the briefing has no scripts at all
    assert "<style>" in out  # self-contained


def test_markdown_neutralises_html(store: Store) -> None:
    out = render(build_briefing(store, "2024-03-27"), "md")
    assert "<script>" not in out and "<img" not in out and "&lt;script&gt;" in out
    assert "javascript:" not in out


def test_json_round_trips_hostile_text(store: Store) -> None:
    data = json.loads(render(build_briefing(store, "2024-03-27"), "json"))
    assert HOSTILE in data["sections"][0]["items"][0]["evidence"]


def test_unknown_format(store: Store) -> None:
    with pytest.raises(ValueError):
        render(build_briefing(store, DAY), "pdf")  # type: ignore[arg-type]


def test_revised_toll_shows_latest_with_history(store: Store) -> None:
    pav = build_briefing(store, DAY).sections[1].items[0]
    assert pav.figures == "6 killed, 12 injured (civilians)"
    assert pav.revisions == "earlier reports: 4 killed, 12 injured"
    assert "зросла до шести" in pav.evidence and pav.evidence_lang == "uk"  # the sentence that says six


def test_background_update_is_marked(store: Store) -> None:
    # The revised Pavlohrad toll was published on 03-29: that day shows the 03-28 strike as background only.
    b = build_briefing(store, "2024-03-29")
    assert b.events_count == 0 and [s.key for s in b.sections] == ["background"]
    item = b.sections[0].items[0]
    assert item.background and item.date == DAY
    assert "Background: event of 2024-03-28" in render(b, "md")


def test_source_links_deduplicated_and_split() -> None:
    reports = [
        {
            "source": "mz",
            "doc_id": "d1",
            "url": "https://zona.media/online/2022/02/24/war",
            "published": "2022-02-24",
        },
        {
            "source": "mz",
            "doc_id": "d2",
            "url": "https://zona.media/online/2022/02/24/war",
            "published": "2022-02-24",
        },
        {
            "source": "forbesua",
            "doc_id": "d3",
            "url": "https://www.facebook.com/anton.gerashchenko.7/posts/1|https://forbes.ua/news/khronika-24022022",
            "published": "2022-02-24",
        },
        {"source": "mz", "doc_id": "d4", "url": None, "published": "2022-02-24"},
    ]
    links = source_links(reports)
    assert [(s.label, s.url) for s in links] == [
        ("Mediazona", "https://zona.media/online/2022/02/24/war"),
        ("Forbes Ukraine (via facebook.com)", "https://www.facebook.com/anton.gerashchenko.7/posts/1"),
        ("Forbes Ukraine", "https://forbes.ua/news/khronika-24022022"),
    ]


def test_quote_is_the_evidence_sentence_trimmed() -> None:
    text = (
        "Областная администрация сообщила о попадании в склад на окраине города. "
        "Очевидцы слышали взрывы под Житомиром. «Нас разбудили в 4:40 сирены», — рассказал Андрей."
    )
    assert evidence_sentences(text)[:2] == [
        "Областная администрация сообщила о попадании в склад на окраине города.",
        "Очевидцы слышали взрывы под Житомиром.",
    ]
    long = "Внаслідок ракетного удару по Одесі " + "пошкоджено будинки, " * 40 + "є загиблі."
    cut = trim_quote(long)
    assert len(cut) <= 282 and cut.endswith(" …") and cut.startswith("Внаслідок ракетного удару")


@pytest.mark.parametrize(
    "kw,section",
    [
        ({"targets": ["energy"]}, "theme_energy"),
        (
            {"weapons": ["cyber"], "sub_event_type": "Other", "event_type": "Strategic developments"},
            "theme_cyber",
        ),
        (
            {"sub_event_type": "Agreement", "event_type": "Strategic developments", "location": None},
            "theme_diplomacy",
        ),
        ({"sub_event_type": "Disrupted weapons use", "event_type": "Strategic developments"}, "theme_air"),
        ({"targets": ["residential"], "location": None}, "theme_air"),
        ({"targets": ["residential"]}, "odesa"),
        ({"sub_event_type": "Armed clash", "location": None}, "elsewhere"),
    ],
)
def test_theme_or_place_each_event_once(kw: dict, section: str) -> None:
    assert item_section(_ev(**kw)) == section


def test_every_event_appears_once(store: Store) -> None:
    b = build_briefing(store, DAY)
    ids = [i.event_id for s in b.sections for i in s.items]
    assert len(ids) == len(set(ids)) == b.events_count
    quotes = [i.evidence for s in b.sections for i in s.items if i.evidence]
    assert len(quotes) == len(set(quotes))


def test_atom_feed(store: Store) -> None:
    import xml.etree.ElementTree as ET

    feed = render_atom(store, ["2024-03-27", DAY, "not-a-date"], base_url="https://example.org/")
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == [
        "urn:sitroom:briefing:2024-03-28",
        "urn:sitroom:briefing:2024-03-27",
    ]
    assert entries[0].find("a:link", ns).get("href") == "https://example.org/briefing/2024-03-28"
    content = entries[1].findtext("a:content", namespaces=ns)
    assert "&lt;script&gt;" in content and "<script" not in content  # escaped inside the escaped HTML
    assert "<script" not in feed and render_atom(store, [DAY]) == render_atom(store, [DAY])


def test_golden_atom(store: Store) -> None:
    out = render_atom(store, ["2024-03-27", DAY], base_url="https://example.org/")
    path = GOLDEN / f"briefings_{DAY}.atom"
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing: run with SITROOM_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_text(encoding="utf-8"), "feed changed: review, then SITROOM_UPDATE_GOLDEN=1"
