"""Stage 4 (events.py): incidents of one document — splitting, attaching follow-ups, folding repeats."""

from __future__ import annotations

from pathlib import Path

from sitroom.ingest.sources import iter_documents
from sitroom.models import Document
from sitroom.options import Options
from sitroom.reading.events import extract_events
from sitroom.reading.passages import segment

ROUNDUP = Path(__file__).resolve().parents[1] / "demo" / "corpus" / "roundup_2022-08-09.html"


def _events(text: str, lang: str = "en", published: str = "2024-03-28", title: str | None = None) -> list:
    doc = Document(doc_id="d1", text=text, lang=lang, published=published, title=title, source="test")
    return extract_events(doc, segment(doc))


def _places(events: list) -> list[str | None]:
    return [e.location.name if e.location else None for e in events]


def test_speaker_title_place_does_not_open_a_new_incident() -> None:
    events = _events(
        "Russian forces fired 80 Grad rockets at Nikopol overnight. "
        "Dnipropetrovsk Governor Serhii Lysak said two people were injured."
    )
    assert _places(events) == ["Nikopol"]
    assert events[0].injured == 2


def test_listed_places_become_one_event_each_in_three_languages() -> None:
    en = _events("Ukrainian forces repelled Russian assaults near Krasnohorivka and Avdiivka on March 27.")
    assert sorted(_places(en)) == ["Avdiivka", "Krasnohorivka"]
    uk = _events("Російські війська обстріляли Херсон і Миколаїв у ніч на 28 березня.", lang="uk")
    assert sorted(_places(uk)) == ["Kherson", "Mykolaiv"]
    ru = _events("ВСУ атаковали беспилотниками Белгород и Шебекино.", lang="ru")
    assert sorted(_places(ru)) == ["Belgorod", "Shebekino"]


def test_figures_keep_a_listed_report_whole() -> None:
    events = _events("Russian shelling of Kherson and Mykolaiv killed three civilians, officials said.")
    assert len(events) == 1 and events[0].killed == 3


def test_launch_site_is_not_a_listed_place() -> None:
    events = _events("Russian forces shelled Nikopol from Enerhodar across the reservoir.")
    assert _places(events) == ["Nikopol"]


def test_same_incident_told_twice_in_one_page_is_one_event() -> None:
    text = (
        "A Russian missile hit a residential building in Dnipro, killing four people, the governor said.\n\n"
        "From a local outlet:\n\n"
        "A Russian missile hit a residential building in Dnipro, killing four people, the governor said. "
        "Rescuers are working at the site.\n\n"
        "The explosions could be heard across the city."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].killed == 4


def test_neighbouring_front_line_battles_stay_apart() -> None:
    events = _events(
        "Ukrainian forces repelled Russian assaults near Avdiivka on August 9.\n\n"
        "Russian military bloggers claimed that Russian forces took full control of Pisky.",
        published="2024-08-10",
    )
    assert sorted(_places(events)) == ["Avdiivka", "Pisky"]


def test_section_heading_locates_only_when_it_is_a_place() -> None:
    placed = _events("Kharkiv Oblast:\n\nRussian forces shelled the city overnight, injuring two people.")
    assert placed and placed[0].location is not None and placed[0].location.admin1 == "Kharkiv"
    unplaced = _events("From the Kyiv Independent:\n\nExplosions were heard overnight, residents said.")
    assert all(e.location is None or e.location.name != "Kyiv" for e in unplaced)


def test_roundup_page_gives_one_event_per_incident() -> None:
    (doc,) = [d for d in iter_documents([ROUNDUP], Options()) if isinstance(d, Document)]
    events = extract_events(doc, segment(doc))
    places = sorted(p for p in _places(events) if p)
    # Saky airbase (lede, embedded post, quoted article, follow-up) is one incident at Novofedorivka.
    assert places.count("Novofedorivka") + places.count("Saky") == 1
    assert {"Nikopol", "Kharkiv", "Krasnohorivka", "Avdiivka", "Pisky", "Novooleksiivka"} <= set(places)
    nikopol = next(e for e in events if e.location and e.location.name == "Nikopol")
    assert nikopol.injured == 2
    # nothing from the reader comments ("I heard 100 killed") and nothing from the address transcript
    assert all((e.killed or 0) < 100 for e in events)
    assert all("Glory to Ukraine" not in ev.text for e in events for ev in e.evidence)
    assert all(e.date == "2022-08-09" for e in events)


def test_air_attack_counts_reach_the_event() -> None:
    (ev,) = _events("Overnight, Russia launched 48 Shahed drones at Ukraine; air defence shot down 39 of them, "
                    "the Air Force said.")
    assert (ev.launched, ev.intercepted) == (48, 39)
    assert ev.to_dict()["launched"] == 48
    (uk,) = _events("У ніч на 28 березня ворог атакував 48 ударними БпЛА типу Shahed. Збито 39 дронів.", lang="uk")
    assert (uk.launched, uk.intercepted) == (48, 39)


def test_strike_reports_carry_no_air_attack_keys() -> None:
    (ev,) = _events("A Russian missile hit Dnipro, killing four people, the governor said.")
    assert "launched" not in ev.to_dict() and "intercepted" not in ev.to_dict()


def _sides(events: list) -> list[tuple[str, str]]:
    return [(e.initiator, e.target_side) for e in events]


def test_unattributed_strike_in_a_town_russia_held_that_day_is_ukrainian() -> None:
    # Melitopol has been held since February 2022; nobody named, so the strike is Ukrainian.
    en = _events("Explosions rocked an ammunition depot in Melitopol overnight.", published="2022-08-20")
    assert _sides(en) == [("UA", "RU")]
    uk = _events("Вночі в Мелітополі пролунали потужні вибухи, уражено склад боєприпасів.", lang="uk",
                 published="2023-05-02")
    assert [e.initiator for e in uk] == ["UA"]
    ru = _events("В Мелитополе ночью прогремели взрывы, поражен склад боеприпасов.", lang="ru", published="2023-05-02")
    assert [e.initiator for e in ru] == ["UA"]


def test_the_same_town_before_it_was_taken_or_after_it_was_retaken_keeps_the_russian_default() -> None:
    # Mariupol under siege (March 2022) and Kherson after its liberation (November 2022).
    siege = _events("Shelling hit a maternity hospital in Mariupol, killing three people.", published="2022-03-09")
    assert _sides(siege) == [("RU", "civilians")]
    freed = _events("Shelling hit the center of Kherson, killing two people.", published="2022-12-24")
    assert _sides(freed) == [("RU", "civilians")]
    # A side named in the text always wins over the table.
    named = _events("Russian forces shelled Melitopol on August 20.", published="2022-08-21")
    assert [e.initiator for e in named] == ["RU"]


def test_analysis_about_strikes_is_not_an_event() -> None:
    for text in (
        "Western officials noted that Russia had not yet formed new strike groups near the Belarusian border.",
        "Russia's continued strikes against Kyiv, troop deployments to Belarus, and bellicose rhetoric are part of "
        "this information operation.",
        "Several Russian war correspondents criticized the Kremlin for its slow response to the Ukrainian strikes.",
        "Russian forces are preparing to launch another round of drone strikes on Ukrainian cities this winter.",
    ):
        assert _events(text, published="2022-11-28") == [], text


def test_side_words_owning_the_target_name_the_target_side() -> None:
    bases = _events("Melitopol Mayor Ivan Fedorov reported 10 explosions at Russian military bases in occupied "
                    "Melitopol on August 9.", published="2022-08-09")
    assert _sides(bases) == [("UA", "RU")]
    assert _sides(_events("Ukrainian forces struck Russian positions near Kherson on August 9.",
                          published="2022-08-09")) == [("UA", "RU")]
    assert _sides(_events("Russian forces shelled Ukrainian positions near Bakhmut on August 9.",
                          published="2022-08-09"))[0][0] == "RU"
