"""Merge rules as pure functions: same day + compatible type + same place, never different settlements."""

from __future__ import annotations

import pytest
from store_samples import KURSK_REGION, PAVLOHRAD, VOVCH_KHUTORY, VOVCHANSK

from sitroom.incidents.merge import (
    MAX_DISTANCE_KM,
    MergeView,
    best_match,
    candidate_box,
    combine,
    explain,
    haversine_km,
    should_merge,
    type_family,
)
from sitroom.models import Location


def view(
    loc: Location | None,
    *,
    date: str | None = "2024-03-28",
    sub: str = "Air/drone strike",
    texts: tuple[str, ...] = ("x",),
) -> MergeView:
    return MergeView(
        date=date,
        sub_event_type=sub,
        lat=loc.lat if loc else None,
        lon=loc.lon if loc else None,
        geo_precision=loc.geo_precision if loc else None,
        gazetteer_id=loc.gazetteer_id if loc else None,
        place_name=loc.name if loc else None,
        admin1=loc.admin1 if loc else None,
        texts=texts,
    )


SUBSTATION_EN = ("A Russian strike hit a substation in Pavlohrad overnight.",)
SUBSTATION_UK = ("Унаслідок обстрілу Павлограда пошкоджено підстанцію.",)


def test_same_place_same_day_merges_with_one_more_shared_fact() -> None:
    assert should_merge(
        view(PAVLOHRAD, texts=SUBSTATION_EN), view(PAVLOHRAD, sub="Shelling/artillery/missile attack", texts=SUBSTATION_UK)
    )


def test_same_place_alone_is_not_enough() -> None:
    # Two reports of one town and day that share nothing else: often two incidents (measured on Bellingcat x CIR).
    assert not should_merge(view(PAVLOHRAD), view(PAVLOHRAD))


def test_nearby_point_without_gazetteer_id_merges() -> None:
    near = Location("Pavlohrad", "Dnipropetrovsk", "UA", 48.55, 35.90, 2, None, None)
    assert haversine_km(PAVLOHRAD.lat, PAVLOHRAD.lon, near.lat, near.lon) < 5
    assert should_merge(view(PAVLOHRAD, texts=SUBSTATION_EN), view(near, texts=SUBSTATION_UK))


def test_a_revised_toll_the_next_day_joins() -> None:
    first = view(PAVLOHRAD, texts=("A missile hit a five-storey building in Pavlohrad; 4 killed, 12 injured.",))
    later = view(
        PAVLOHRAD,
        date="2024-03-29",
        texts=("Кількість загиблих унаслідок ракетного удару по п'ятиповерхівці в Павлограді зросла до 6, поранено 12 людей.",),
    )
    assert should_merge(first, later)
    assert not should_merge(first, view(PAVLOHRAD, date="2024-03-30", texts=later.texts))


@pytest.mark.parametrize(
    "a,b",
    [
        (view(PAVLOHRAD), view(PAVLOHRAD, date="2024-03-29")),  # other day
        (view(PAVLOHRAD), view(PAVLOHRAD, sub="Armed clash")),  # incompatible family
        (view(PAVLOHRAD, sub="Arrests"), view(PAVLOHRAD, sub="Agreement")),  # strategic: own sub-type only
        (view(VOVCHANSK), view(VOVCH_KHUTORY)),  # different settlements 3.5 km apart
        (view(PAVLOHRAD), view(None)),  # located vs not
    ],
)
def test_do_not_merge(a: MergeView, b: MergeView) -> None:
    assert not should_merge(a, b)
    assert not should_merge(b, a)


def test_different_settlements_within_radius() -> None:
    assert haversine_km(VOVCHANSK.lat, VOVCHANSK.lon, VOVCH_KHUTORY.lat, VOVCH_KHUTORY.lon) < 5


@pytest.mark.parametrize(
    "t1,t2,expected",
    [
        (
            "Russia launched 30 Shahed drones overnight, the Air Force said.",
            "Overnight, Russia launched 30 Shahed drones, the Air Force said",
            True,
        ),
        (
            "Росія вночі атакувала Україну 30 ударними дронами типу Shahed.",
            "Росія вночі атакувала Україну 30 ударними дронами типу Shahed, повідомили Повітряні сили.",
            True,
        ),
        ("Россия атаковала Украину 30 дронами.", "ВСУ атаковали Белгород ракетами Vampire.", False),
        ("Russia launched 30 Shahed drones overnight.", "Russia fired 6 ballistic missiles at Kyiv.", False),
    ],
)
def test_unlocated_merge_by_text(t1: str, t2: str, expected: bool) -> None:
    assert should_merge(view(None, texts=(t1,)), view(None, texts=(t2,))) is expected


def test_region_level_merges_only_on_near_identical_text() -> None:
    t = "Russian air defences destroyed 10 Ukrainian drones over the Kursk region overnight"
    inside = Location("Kursk", "Kursk", "RU", 51.73, 36.19, 1, None, "gn:538560")
    assert should_merge(view(KURSK_REGION, texts=(t,)), view(inside, texts=(t + ", the MoD said",)))
    assert not should_merge(
        view(KURSK_REGION, texts=(t,)), view(inside, texts=("A drone hit a substation in Kursk",))
    )


def test_undated_requires_identical_text() -> None:
    assert should_merge(
        view(PAVLOHRAD, date=None, texts=("a b c d",)), view(PAVLOHRAD, date=None, texts=("a b c d",))
    )
    assert not should_merge(
        view(PAVLOHRAD, date=None, texts=("a b c d",)), view(PAVLOHRAD, date=None, texts=("z",))
    )


def test_best_match_prefers_same_settlement_then_id() -> None:
    cands = [
        ("b", view(PAVLOHRAD, texts=SUBSTATION_EN)),
        ("a", view(PAVLOHRAD, texts=SUBSTATION_EN)),
        ("c", view(VOVCHANSK, texts=SUBSTATION_EN)),
    ]
    assert best_match(cands, view(PAVLOHRAD, texts=SUBSTATION_UK)) == "a"
    assert best_match(cands, view(KURSK_REGION, texts=SUBSTATION_UK)) is None


def test_explain_names_the_shared_facts() -> None:
    m = explain(view(PAVLOHRAD, texts=SUBSTATION_EN), view(PAVLOHRAD, texts=SUBSTATION_UK))
    assert m is not None
    assert any(r.startswith("same place gn:696643") for r in m.reasons)
    assert "same site: substation" in m.reasons and "same day" in m.reasons


def test_candidate_box_holds_radius() -> None:
    box = candidate_box(view(PAVLOHRAD))
    assert box is not None
    lat0, lat1, lon0, lon1 = box
    assert lat0 < PAVLOHRAD.lat < lat1 and lon0 < PAVLOHRAD.lon < lon1
    assert haversine_km(PAVLOHRAD.lat, PAVLOHRAD.lon, PAVLOHRAD.lat, lon1) == pytest.approx(MAX_DISTANCE_KM, rel=0.01)
    assert candidate_box(view(None)) is None


def test_type_families() -> None:
    assert type_family("Air/drone strike") == type_family("Attack")
    assert type_family("Armed clash") != type_family("Air/drone strike")


def _rep(killed: int | None, published: str | None, status: str = "reported", seq: int = 0) -> dict:
    return {
        "event_id": f"e{seq}",
        "doc_id": f"d{seq}",
        "date": "2024-03-28",
        "killed": killed,
        "injured": None,
        "published": published,
        "claim": {"status": status, "claimant": None, "claimant_type": "unknown"},
        "evidence": [{"doc_id": f"d{seq}", "text": "t"}],
        "location": None,
        "weapons": [],
        "targets": [],
        "confidence": 0.5,
        "casualties_civilian": None,
        "_seq": seq,
    }


@pytest.mark.parametrize(
    "reports,killed",
    [
        ([_rep(4, "2024-03-28", seq=1), _rep(6, "2024-03-29", seq=2)], 6),  # toll rises
        ([_rep(6, "2024-03-29", seq=1), _rep(4, "2024-03-28", seq=2)], 6),  # older report arrives late
        ([_rep(4, "2024-03-28", seq=1), _rep(None, "2024-03-29", seq=2)], 4),  # no figure does not erase
        ([_rep(4, "2024-03-28", seq=1), _rep(0, "2024-03-29", "denied", seq=2)], 4),  # denial ignored
        ([_rep(4, "2024-03-28", seq=1), _rep(5, "2024-03-28", seq=2)], 5),  # same day: later insert
    ],
)
def test_combine_latest_credible_figures(reports: list[dict], killed: int) -> None:
    out = combine(reports)
    assert out["killed"] == killed
    assert out["event_id"] == reports[0]["event_id"]
    assert "_seq" not in out
    assert len(out["evidence"]) == len(reports)


def test_combine_picks_most_trustworthy_claim_and_precise_location() -> None:
    a = _rep(1, "2024-03-28", "claimed", 1)
    b = _rep(1, "2024-03-28", "confirmed", 2)
    a["location"] = {"geo_precision": 3, "name": "Kursk"}
    b["location"] = {"geo_precision": 1, "name": "Sudzha"}
    out = combine([a, b])
    assert out["claim"]["status"] == "confirmed"
    assert out["location"]["name"] == "Sudzha"
    with pytest.raises(ValueError):
        combine([])


KHARKIV = Location("Kharkiv", "Kharkiv", "UA", 49.98081, 36.25272, 1, "Kharkiv Raion", "gn:706483")


def test_big_city_needs_more_than_the_name() -> None:
    # Two strikes on Kharkiv the same day, different sites: a school and the energy grid.
    school = view(KHARKIV, texts=("A Russian missile hit a school in Kharkiv, the regional governor said.",))
    grid = view(KHARKIV, texts=("Внаслідок удару по Харкову пошкоджено об'єкт енергетичної інфраструктури.",))
    assert not should_merge(school, grid)
    # The same blast in English and Russian: both name the school.
    school_ru = view(KHARKIV, texts=("В Харькове российская ракета попала в школу, сообщил губернатор.",))
    assert should_merge(school, school_ru)


def test_big_city_generic_reports_merge_on_shared_figures() -> None:
    en = view(KHARKIV, texts=("Russian shelling of Kharkiv killed 3 and injured 14 people.",))
    uk = view(KHARKIV, texts=("Унаслідок обстрілу Харкова загинули 3 людини, ще 14 поранені.",))
    other = view(KHARKIV, texts=("Внаслідок обстрілу Харкова поранено двох людей.",))
    assert should_merge(en, uk)
    assert not should_merge(en, other)


def test_unlocated_translation_merges_on_distinctive_figures() -> None:
    en = view(
        None,
        texts=("Russia launched 47 Shahed drones overnight; air defence shot down 39, the Air Force said.",),
    )
    uk = view(
        None, texts=("Вночі Росія запустила 47 шахедів, сили ППО збили 39, повідомили Повітряні сили.",)
    )
    ru = view(None, texts=("Ночью Россия атаковала Украину 20 дронами, сообщили в Воздушных силах.",))
    assert should_merge(en, uk)
    assert not should_merge(en, ru)


def test_different_weapons_in_one_town_do_not_merge() -> None:
    drone = view(PAVLOHRAD, texts=("A Shahed drone hit a house in Pavlohrad.",))
    shell = view(PAVLOHRAD, texts=("Artillery shelling damaged a house in Pavlohrad.",))
    assert not should_merge(drone, shell)


def test_figures_ignore_years_times_and_decimals() -> None:
    from sitroom.incidents.merge import _numbers

    assert _numbers(["On 24.02.2022 at 5:10, 1,5 km away, 12 were injured in 2022."]) == frozenset({12})


def test_time_of_day_survives_translation() -> None:
    en = view(KHARKIV, texts=("Russian strike on Kharkiv at 04:35 damaged an industrial building.",))
    uk = view(KHARKIV, texts=("Удар по Харкову о 04:35 пошкодив будівлю підприємства.",))
    other = view(KHARKIV, texts=("Удар по Харкову о 22:10 пошкодив будівлю підприємства.",))
    m = explain(en, uk)
    assert m is not None and "same time of day: 04:35" in m.reasons
    assert not should_merge(en, other)
