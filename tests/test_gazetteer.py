"""Gazetteer: packaged data loads fast and small, case forms, aliases and ACLED admin1 spellings."""

from __future__ import annotations

import resource
import time

import pytest

from sitroom.gazetteer import default_gazetteer, load, name_forms, normalise


def test_normalise_keeps_length_and_blanks_punctuation() -> None:
    for text in ("Kharkiv's outskirts", "Куп'янськ-Вузловий", "Ivano-Frankivsk, 24.02"):
        out = normalise(text)
        assert len(out) == len(text)
        assert "'" not in out and "-" not in out and "," not in out


@pytest.mark.parametrize(("name", "form"), [
    ("Херсон", "херсоні"), ("Херсон", "херсоне"), ("Покровськ", "покровськом"), ("Часів Яр", "часовому яру"),
    ("Кривий Ріг", "кривому розі"), ("Кривой Рог", "кривом роге"), ("Новоселівка", "новоселівці"),
    ("Харківщина", "харківщині"), ("Київ", "києві"),
])
def test_case_forms(name: str, form: str) -> None:
    assert form in name_forms(name)


def test_loads_fast_and_small() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    gaz = load()
    elapsed = time.perf_counter() - t0
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(gaz) > 25_000
    assert elapsed < 3.0  # about 0.3 s on a laptop core; generous for loaded CI machines
    assert grown_mb < 150


@pytest.mark.parametrize(("alias", "name", "admin1"), [
    ("Kiev", "Kyiv", "Kyiv City"), ("Artemivsk", "Bakhmut", "Donetsk"), ("Dnipropetrovsk", "Dnipro", "Dnipropetrovsk"),
    ("Kirovohrad", "Kropyvnytskyi", "Kirovohrad"), ("Zaporozhye", "Zaporizhzhia", "Zaporizhia"),
    ("Zaporizhia", "Zaporizhzhia", "Zaporizhia"), ("Krasnoarmeysk", "Pokrovsk", "Donetsk"),
])
def test_old_and_foreign_spellings(alias: str, name: str, admin1: str) -> None:
    hits = [p for p in default_gazetteer().search(alias) if p.kind == "settlement"]
    assert hits and hits[0].name == name and hits[0].admin1 == admin1


def test_regions_use_acled_admin1() -> None:
    regions = default_gazetteer().regions
    for admin1 in ("Dnipropetrovsk", "Zaporizhia", "Kyiv", "Crimea", "Kharkiv", "Belgorod", "Kursk"):
        assert admin1 in regions
    assert default_gazetteer().search("Kyiv")[0].admin1 == "Kyiv City"


def test_every_entry_has_coordinates_in_range() -> None:
    for p in default_gazetteer().places:
        if p.country == "UA":
            assert 44.0 < p.lat < 52.5 and 22.0 < p.lon < 40.5, p


def test_same_named_villages_are_all_there() -> None:
    novoselivkas = [p for p in default_gazetteer().search("Новоселівка") if p.kind == "settlement"]
    assert len(novoselivkas) > 20
    assert len({p.admin1 for p in novoselivkas}) > 8
