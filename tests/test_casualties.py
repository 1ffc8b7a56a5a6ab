"""Casualty coding rules of issue 4 (docs/coding-rules.md): killed/injured in en/uk/ru, civilian or military,
never national tallies or historical totals."""

from __future__ import annotations

import pytest

from sitroom.reading.casualties import extract_casualties


@pytest.mark.parametrize(
    ("text", "lang", "killed", "injured"),
    [
        # digits and number words
        ("Four people were killed and 12 injured in the strike on Dnipro.", "en", 4, 12),
        ("Загинули чотири людини, ще 12 поранені.", "uk", 4, 12),
        ("Четверо людей загинули внаслідок удару по Харкову.", "uk", 4, None),
        ("Погибли четыре человека, 12 ранены.", "ru", 4, 12),
        ("Двоє загиблих і троє поранених у Херсоні.", "uk", 2, 3),
        ("Двое погибших, трое раненых в Белгороде.", "ru", 2, 3),
        # "at least", revisions
        ("At least 19 people were killed in the missile attack on Chernihiv.", "en", 19, None),
        ("The death toll rose to 6, the governor said.", "en", 6, None),
        ("Кількість загиблих зросла до 6.", "uk", 6, None),
        ("Число погибших возросло до 6.", "ru", 6, None),
        # a revised toll far from its keyword; a revised count of the injured
        ("The death toll from Monday's Russian missile strike on Odesa rose to 6, regional officials said.", "en", 6, None),
        ("Кількість загиблих внаслідок ракетного удару по Дніпру зросла до 12, поранених — 30.", "uk", 12, 30),
        ("Число погибших при обстреле Белгорода возросло до 5.", "ru", 5, None),
        ("The number of injured in the strike on Kharkiv has risen to 23.", "en", None, 23),
        # a singular victim is one
        ("A 68-year-old woman was killed when a drone hit her house.", "en", 1, None),
        ("Загинула 68-річна жінка.", "uk", 1, None),
        ("Погибла 68-летняя женщина.", "ru", 1, None),
        # vague ACLED quantities
        ("Dozens of people were injured in the attack on Odesa.", "en", None, 12),
        ("Tens of civilians were killed.", "en", 10, None),
        ("Hundreds were wounded.", "en", None, 100),
        ("Десятки людей поранені.", "uk", None, 10),
        ("Сотни людей пострадали.", "ru", None, 100),
    ],
)
def test_figures(text: str, lang: str, killed: int | None, injured: int | None) -> None:
    c = extract_casualties(text, lang)
    assert (c.killed, c.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Since the start of the war, 10,000 civilians have been killed.", "en"),
        ("Russia has lost 500,000 personnel, the General Staff said.", "en"),
        ("Загалом з початку війни загинули 500 дітей.", "uk"),
        ("Всего с начала года погибли 300 человек.", "ru"),
    ],
)
def test_tallies_are_not_event_casualties(text: str, lang: str) -> None:
    c = extract_casualties(text, lang)
    assert (c.killed, c.injured) == (None, None)


@pytest.mark.parametrize(
    ("text", "lang", "civilian"),
    [
        ("Three civilians were killed.", "en", True),
        ("Загинули двоє мирних жителів.", "uk", True),
        ("Two Ukrainian soldiers were killed.", "en", False),
        ("Загинули двоє військових.", "uk", False),
        ("Погибли трое военнослужащих.", "ru", False),
    ],
)
def test_civilian_or_military(text: str, lang: str, civilian: bool) -> None:
    assert extract_casualties(text, lang).civilian is civilian


def test_units_are_not_casualties() -> None:
    c = extract_casualties("Russia launched 48 drones; 3 hours later one person was injured.", "en")
    assert (c.killed, c.injured) == (None, 1)


@pytest.mark.parametrize(
    ("text", "lang", "killed", "injured"),
    [
        # explicit zeros: harm words cover both figures, injury words only injured
        ("Debris fell on a garage in Sumy; no one was hurt.", "en", 0, 0),
        ("The strike caused no casualties, the mayor said.", "en", 0, 0),
        ("A missile hit an office in Dnipro; no one was injured.", "en", None, 0),
        ("Two people were killed; no one was injured.", "en", 2, 0),
        ("Уламки дрона впали на гараж, люди не постраждали.", "uk", 0, 0),
        ("Ракета влучила в ангар, жертв немає.", "uk", 0, 0),
        ("Обломки упали во двор, никто не пострадал.", "ru", 0, 0),
        ("Удар пришелся по складу, обошлось без пострадавших.", "ru", 0, 0),
        # a singular victim stated with a noun or slang verb is one
        ("A boy was killed when a shell hit a playground in Kherson.", "en", 1, None),
        ("A 14-year-old boy died after the strike on Sumy.", "en", 1, None),
        ("Ukrainian forces killed a Russian commander near Tokmak.", "en", 1, None),
        ("Російський дрон вбив хлопчика в Херсоні.", "uk", 1, None),
        ("У Мелітополі партизани задвохсотили окупанта.", "uk", 1, None),
        ("Снаряд убил мальчика в Донецке.", "ru", 1, None),
        # "General Staff" is no general
        ("The General Staff reported that Russian forces killed civilians in Kherson.", "en", None, None),
    ],
)
def test_zeros_and_singular_victims(text: str, lang: str, killed: int | None, injured: int | None) -> None:
    c = extract_casualties(text, lang)
    assert (c.killed, c.injured) == (killed, injured)
