"""Claim coding rules of issue 4 (docs/coding-rules.md): who says it and how sure it is."""

from __future__ import annotations

import pytest

from sitroom.reading.claims import claim_from_source, extract_claim


@pytest.mark.parametrize(
    ("text", "lang", "status"),
    [
        ("Ukrainian officials confirmed the strike on the Kerch bridge.", "en", "confirmed"),
        ("Голова ОВА підтвердив влучання ракети в лікарню.", "uk", "confirmed"),
        ("Губернатор подтвердил попадание беспилотника в жилой дом.", "ru", "confirmed"),
        # a belligerent's military "confirming" its own hit is still one side's claim
        ("Генштаб підтвердив ураження НПЗ у Рязані.", "uk", "claimed"),
        ("Belgorod governor Vyacheslav Gladkov said two people were injured.", "en", "reported"),
        ("Голова ОВА Олег Синєгубов повідомив, що поранено двох людей.", "uk", "reported"),
        ("The Russian MoD claimed that air defences shot down 20 Ukrainian drones.", "en", "claimed"),
        ("Минобороны РФ заявило о сбитых беспилотниках.", "ru", "claimed"),
        ("Генштаб ЗСУ повідомив, що знищено 5 танків.", "uk", "claimed"),
        ("The reports have not been independently confirmed.", "en", "unconfirmed"),
        ("According to Russian military bloggers, Russian forces advanced near Avdiivka.", "en", "unconfirmed"),
        ("Ця інформація поки не підтверджена.", "uk", "unconfirmed"),
        ("Информация не подтверждена.", "ru", "unconfirmed"),
        ("The Kremlin denied the strike on the hospital.", "en", "denied"),
        ("Міноборони РФ заперечило удар.", "uk", "denied"),
        ("В Минобороны опровергли информацию об ударе.", "ru", "denied"),
    ],
)
def test_status(text: str, lang: str, status: str) -> None:
    assert extract_claim(text, lang).status == status


@pytest.mark.parametrize(
    ("text", "lang", "claimant", "kind"),
    [
        ("Belgorod governor Vyacheslav Gladkov said two people were injured.", "en", "Belgorod governor", "official_ru"),
        ("Губернатор Белгородской области Гладков сообщил о погибших.", "ru", "Belgorod governor", "official_ru"),
        ("Kharkiv Governor Oleh Syniehubov said two people were killed.", "en", "Kharkiv governor", "official_ua"),
        ("Генштаб ЗСУ повідомив про 120 боєзіткнень.", "uk", "General Staff of the Armed Forces of Ukraine",
         "official_ua"),
        ("The Russian Defence Ministry said it had captured the village.", "en", "Russian Ministry of Defence",
         "official_ru"),
        ("Rybar claimed Russian forces captured the village.", "en", "Rybar", "milblogger"),
        ("По данным военкоров, ВС РФ продвинулись у Торецка.", "ru", "Russian milbloggers", "milblogger"),
        ("Reuters reported an explosion in Belgorod.", "en", "news media", "media"),
        ("Як повідомляє Суспільне, у Сумах пролунали вибухи.", "uk", "news media", "media"),
    ],
)
def test_claimant(text: str, lang: str, claimant: str, kind: str) -> None:
    c = extract_claim(text, lang)
    assert (c.claimant, c.claimant_type) == (claimant, kind)


def test_milblogger_alone_is_unconfirmed() -> None:
    assert extract_claim("Rybar reported Russian advances near Pokrovsk.", "en").status == "unconfirmed"


def test_source_fallback() -> None:
    assert claim_from_source("Rybar").status == "unconfirmed"
    c = claim_from_source("Ukrainska Pravda")
    assert (c.status, c.claimant, c.claimant_type) == ("reported", "Ukrainska Pravda", "media")
    assert claim_from_source(None).claimant is None


@pytest.mark.parametrize(
    ("text", "lang", "status"),
    [
        # a belligerent's military on its successes or the enemy's attacks is that side's claim
        ("The Ukrainian General Staff reported that Russian infantry attacked Ukrainian positions near Siversk.", "en",
         "claimed"),
        ("Генштаб ЗСУ повідомив, що сили оборони уразили командний пункт ворога.", "uk", "claimed"),
        ("Минобороны России: уничтожены два склада ВСУ в Запорожской области.", "ru", "claimed"),
        ("Оперативное командование «Юг» сообщило об ударе по переправе.", "ru", "claimed"),
        # a hedged event clause is unconfirmed
        ("Ukrainian forces likely struck a Russian command post in Nova Kakhovka on July 12.", "en", "unconfirmed"),
        ("Біля Джанкоя вибухи, ймовірно, уражено склад пального.", "uk", "unconfirmed"),
        ("Вибухи в Бердянську через імовірний удар по порту.", "uk", "unconfirmed"),
        ("Предположительно, беспилотник атаковал нефтебазу в Брянске.", "ru", "unconfirmed"),
        # ISW's assessment phrasing and forecasts are not a hedge on an event
        ("ISW assesses that Russian forces likely intended to encircle Avdiivka.", "en", "reported"),
        ("Russian forces will likely continue ground attacks near Bakhmut.", "en", "reported"),
        ("The governor said Russian forces shelled Kherson, damaging two homes.", "en", "reported"),
    ],
)
def test_military_claims_and_hedges(text: str, lang: str, status: str) -> None:
    assert extract_claim(text, lang).status == status
