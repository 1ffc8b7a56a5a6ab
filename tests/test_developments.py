"""Non-violent developments (developments.py): topics in en/uk/ru, clustering across sources, and their
sections in the briefing."""

from __future__ import annotations

from sitroom.briefing.developments import find_developments, topic_of
from sitroom.briefing.render import render
from sitroom.briefing.select import build_briefing
from sitroom.jobs.pipeline import ingest_document
from sitroom.models import Document
from sitroom.options import Options
from sitroom.reading.passages import Deduplicator
from sitroom.store.database import Store


def _p(text: str, source: str, lang: str = "en", doc: str | None = None) -> dict[str, str]:
    return {"text": text, "lang": lang, "source": source, "doc_id": doc or source, "url": None,
            "published": "2024-03-28"}


def test_topics_in_three_languages() -> None:
    assert topic_of("The United States announced a new $300 million military aid package for Ukraine.") == "support"
    assert topic_of("Зеленський провів телефонну розмову з президентом Франції Макроном.") == "diplomacy"
    assert topic_of("Евросоюз утвердил 13-й пакет санкций против России.") == "sanctions"
    assert topic_of("Верховна Рада ухвалила закон про мобілізацію.") == "politics"
    assert topic_of("Russian forces shelled Kherson overnight.") is None


def test_one_development_reported_by_several_outlets_is_one_item() -> None:
    devs = find_developments([
        _p("The United States announced a new $300 million military aid package for Ukraine on Tuesday.", "Reuters"),
        _p("Washington unveiled a $300 million military aid package for Ukraine, the Pentagon said.", "AP"),
        _p("The EU agreed its 13th package of sanctions against Russia.", "Politico"),
    ])
    assert [(d.topic, len(d.reports)) for d in devs] == [("sanctions", 1), ("support", 2)]


def test_violent_sentences_are_left_to_the_event_stream() -> None:
    devs = find_developments([
        _p("Russian missiles struck Kharkiv during the talks, killing two civilians, the governor said.", "X"),
        _p("У ніч на 28 березня ворог атакував Одесу дронами під час візиту делегації.", "Y", "uk"),
    ])
    assert devs == []


def test_briefing_has_a_developments_section() -> None:
    store = Store.open(":memory:")
    try:
        dedup = Deduplicator()
        for i, text in enumerate([
            "The United States announced a new $300 million military aid package for Ukraine on Tuesday.",
            "Russian forces shelled Kherson overnight, injuring two people, the regional governor said.",
        ]):
            doc = Document(doc_id=f"d{i}", text=text, source=f"s{i}", published="2024-03-28", lang="en")
            ingest_document(store, doc, Options(), dedup)
        out = render(build_briefing(store, "2024-03-28"), "md")
    finally:
        store.close()
    assert "## Developments: international support" in out
    assert "military aid package" in out and "Kherson" in out
    assert out.index("## Kherson") < out.index("## Developments")


def test_wishes_and_calls_are_no_development_of_the_day() -> None:
    devs = find_developments([
        _p("We discussed with our partners the new sanctions that must follow every strike on our cities.", "A"),
        _p("Прем'єр заявив, що санкції проти Росії мають бути посилені вже цього місяця.", "B", "uk"),
        _p("Депутаты призвали ввести новые санкции против российского банковского сектора.", "C", "ru"),
        _p("The EU adopted its 14th package of sanctions against Russia on Monday.", "D"),
    ])
    assert [(d.topic, d.reports[0]["source"]) for d in devs] == [("sanctions", "D")]
