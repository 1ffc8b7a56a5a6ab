"""Launch and interception counts of air attacks in en/uk/ru (air_attacks.py)."""

from __future__ import annotations

import pytest

from sitroom.reading.air_attacks import extract_air_attack


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Overnight, Russia launched 48 Shahed drones at Ukraine; air defence shot down 39 of them, "
         "the Air Force said.", "en", (48, 39)),
        ("Russian forces attacked Ukraine with 90 missiles and drones overnight; 76 were intercepted.", "en", (90, 76)),
        ("Air defence destroyed 23 of the 25 drones launched by Russia overnight.", "en", (25, 23)),
        ("У ніч на 28 березня ворог атакував 48 ударними БпЛА типу Shahed. Збито 39 дронів.", "uk", (48, 39)),
        ("З 62 ударних БпЛА знешкоджено 51, повідомили Повітряні сили.", "uk", (62, 51)),
        ("ВСУ запустили 30 беспилотников по Белгородской области, сбиты 28, заявили в Минобороны России.",
         "ru", (30, 28)),
        ("Над регионом сбиты 12 беспилотников, сообщил губернатор.", "ru", (None, 12)),
    ],
)
def test_counts(text: str, lang: str, expected: tuple[int | None, int | None]) -> None:
    assert extract_air_attack(text, lang) == expected


def test_no_counts_in_a_strike_report() -> None:
    assert extract_air_attack("A Russian missile hit Dnipro, killing four people.", "en") == (None, None)


def test_interceptions_over_launches_are_dropped() -> None:
    assert extract_air_attack("Russia launched 10 drones; air defence shot down 40 km from Kyiv.", "en") == (10, None)
