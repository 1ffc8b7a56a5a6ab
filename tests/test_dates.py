"""Date coding rules of issue 4 (docs/coding-rules.md): the day it happened, not the day reported."""

from __future__ import annotations

import pytest

from sitroom.reading.dates import resolve_date

PUB = "2024-03-28"  # a Thursday


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Russian forces struck Kharkiv on March 27.", "en", "2024-03-27"),
        ("27 березня ворог атакував Суми.", "uk", "2024-03-27"),
        ("27 марта ВСУ атаковали Курск.", "ru", "2024-03-27"),
        ("Russia attacked Odesa with drones overnight.", "en", "2024-03-28"),
        ("В ніч на 28 березня ворог атакував Одесу шахедами.", "uk", "2024-03-28"),
        ("В ночь на 28 марта дроны атаковали Курск.", "ru", "2024-03-28"),
        ("Overnight on March 26-27 drones attacked Kyiv.", "en", "2024-03-27"),
        ("В ніч з 26 на 27 березня ворог атакував Київ.", "uk", "2024-03-27"),
        ("Yesterday Russian troops shelled Kherson.", "en", "2024-03-27"),
        ("Вчора ворог обстріляв Херсон.", "uk", "2024-03-27"),
        ("Вчера ВСУ атаковали Белгород.", "ru", "2024-03-27"),
        ("Позавчора ракета влучила в Дніпро.", "uk", "2024-03-26"),
        ("On Monday a missile hit Dnipro.", "en", "2024-03-25"),
        ("У понеділок ракета влучила в Дніпро.", "uk", "2024-03-25"),
        ("В понедельник ракета попала в Днепр.", "ru", "2024-03-25"),
        ("Two days ago Russian forces shelled Nikopol.", "en", "2024-03-26"),
        # the night before the one just reported (a "what preceded" paragraph)
        ("Попередньої ночі окупанти вдарили по Дніпру керованими бомбами.", "uk", "2024-03-27"),
        ("Предыдущей ночью дроны атаковали Курск.", "ru", "2024-03-27"),
        ("The previous night Russian drones hit Odesa's port.", "en", "2024-03-27"),
    ],
)
def test_day(text: str, lang: str, expected: str) -> None:
    assert resolve_date(text, lang, PUB) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Earlier this week Russian forces shelled Kharkiv.", "en"),
        ("На цьому тижні ворог обстріляв Харків.", "uk"),
        ("На этой неделе ВСУ обстреляли Белгород.", "ru"),
    ],
)
def test_earlier_this_week_is_week_precision(text: str, lang: str) -> None:
    assert resolve_date(text, lang, PUB)[1] == "week"


def test_month_day_after_published_is_last_year() -> None:
    assert resolve_date("Russian forces struck Kharkiv on December 30.", "en", "2024-01-05") == ("2023-12-30", "day")


def test_future_plan_date_is_not_the_event_date() -> None:
    d, _ = resolve_date("Talks are scheduled for April 2, 2024; a drone hit Sumy today.", "en", PUB)
    assert d == PUB


def test_no_published_and_no_date_is_unknown() -> None:
    assert resolve_date("A drone hit Sumy.", "en", None) == (None, "unknown")
