"""Gazetteer: packaged data loads fast and small, case forms, aliases and ACLED admin1 spellings."""

from __future__ import annotations

import resource
import time

import pytest

from sitroom.reading.gazetteer import default_gazetteer, load, name_forms, normalise


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


def _build_script():  # noqa: ANN202 - the module object of scripts/build_gazetteer.py
    """scripts/ is not a package: load the build script by path (it needs no data at import)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer_under_test", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_same_named_villages_get_the_point_near_their_own_hromada() -> None:
    """Two Сулигівка in one oblast, one GeoNames point near the second's hromada, one postal point near the
    first's: each village gets the point near its own hromada (the old first-come match gave the GeoNames
    point to the first village, 150 km off), and a village with only a far-away point keeps its hromada."""
    b = _build_script()

    def village(code: str, name: str, hromada: str, raion: str) -> object:
        return b.Entry("katottg:" + code, "settlement", b.translit_uk(name), "Kharkiv", raion, "UA", None, None,
                       aliases=[name], hromada=hromada, raion_code=raion)

    def gn(gid: int, name: str, lat: float, lon: float) -> dict:
        return {"geonameid": gid, "name": b.translit_uk(name), "lat": lat, "lon": lon, "population": 500,
                "aliases": [name], "admin1": "Kharkiv", "country": "UA"}

    entries = [village("a1", "Альфівка", "H1", "R1"), village("a2", "Бетівка", "H1", "R1"),
               village("g1", "Гамівка", "H2", "R2"), village("g2", "Дельтівка", "H2", "R2"),
               village("s1", "Сулигівка", "H1", "R1"), village("s2", "Сулигівка", "H2", "R2"),
               village("n1", "Норцівка", "H1", "R1")]
    points = [gn(1, "Альфівка", 49.00, 36.00), gn(2, "Бетівка", 49.04, 36.06), gn(3, "Гамівка", 50.00, 37.50),
              gn(4, "Дельтівка", 50.04, 37.56), gn(5, "Сулигівка", 50.02, 37.52)]
    by_name: dict = {}
    for d in points:
        by_name.setdefault(("Kharkiv", b.key(d["aliases"][0])), []).append(d)
    postal = {("Kharkiv", "сулигівка"): [(49.02, 36.03)], ("Kharkiv", "норцівка"): [(47.0, 33.0)]}
    b.place_settlements(entries, points, by_name, postal, set())
    s1, s2, n1 = entries[4], entries[5], entries[6]
    assert (s2.id, s2.precision) == ("gn:5", 1)
    assert (s1.lat, s1.lon, s1.precision) == (49.02, 36.03, 2)
    assert n1.precision == 3 and b.dist_km((n1.lat, n1.lon), (49.02, 36.03)) < 10


def test_packaged_namesakes_do_not_share_one_point() -> None:
    """Komyshuvakha in Sievierodonetsk raion has its postal point; its Luhansk-raion namesake does not copy it."""
    kom = {p.admin2: p for p in default_gazetteer().search("Комишуваха") if p.admin1 == "Luhansk"}
    near, far = kom["Siverskodonetskyi"], kom["Luhanskyi"]
    assert abs(near.lat - 48.70) < 0.05 and abs(near.lon - 38.39) < 0.05
    assert abs(far.lat - near.lat) + abs(far.lon - near.lon) > 0.3


@pytest.mark.parametrize(("alias", "name", "admin1"), [
    ("Krasnyi Luch", "Khrustalnyi", "Luhansk"), ("Красный Луч", "Khrustalnyi", "Luhansk"),
    ("Новомосковськ", "Samar", "Dnipropetrovsk"), ("Yuzhne", "Pivdenne", "Odesa"),
])
def test_towns_renamed_since_2016_keep_their_old_names(alias: str, name: str, admin1: str) -> None:
    hits = [p for p in default_gazetteer().search(alias) if p.kind == "settlement"]
    assert (hits[0].name, hits[0].admin1) == (name, admin1)
