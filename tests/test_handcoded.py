"""The hand-coded golden set is well formed (it is a contract other scores rest on) and its scorer runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sitroom.evaluation.handcoded import GOLDEN, best_event, load, place_matches, score_file
from sitroom.models import Claim, Event, Evidence, Location

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src" / "sitroom" / "data" / "event.schema.json")
                    .read_text(encoding="utf-8"))
PROPS = SCHEMA["properties"]
EVENT_TYPES = set(PROPS["event_type"]["enum"])
SUB_TYPES = set(PROPS["sub_event_type"]["enum"])
WEAPONS = set(PROPS["weapons"]["items"]["enum"])
TARGETS = set(PROPS["targets"]["items"]["enum"])
INITIATORS = set(PROPS["initiator"]["enum"])
CLAIMS = set(PROPS["claim"]["properties"]["status"]["enum"])
FIELDS = {"id", "source", "url", "published", "lang", "text", "is_event", "event_type", "sub_event_type", "place",
          "admin1", "date", "killed", "injured", "weapons", "targets", "initiator", "claim_status"}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ACLED's sub-types sit under exactly one event type; a golden line must not mix them.
SUB_OF = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence", "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Attack": "Violence against civilians", "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests", "Violent demonstration": "Riots",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments",
    "Disrupted weapons use": "Strategic developments", "Other": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return load(GOLDEN)


def test_golden_set_is_big_and_ids_are_unique(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 300
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert len({r["text"] for r in rows}) == len(rows), "a passage appears twice"
    assert {r["lang"] for r in rows} == {"en", "uk", "ru"}
    assert sum(r["is_event"] for r in rows) >= 100 and sum(not r["is_event"] for r in rows) >= 50


def test_every_line_is_valid(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        where = r["id"]
        assert FIELDS <= set(r), where
        assert r["text"].strip() and len(r["text"]) <= 600, f"{where}: quote a sentence or two only"
        assert r["url"] or r["source"], where
        assert DAY.match(r["published"]), where
        assert set(r["weapons"]) <= WEAPONS and set(r["targets"]) <= TARGETS, where
        assert r["initiator"] in INITIATORS and r["claim_status"] in CLAIMS, where
        for key in ("killed", "injured"):
            assert r[key] is None or (isinstance(r[key], int) and r[key] >= 0), where
        if not r["is_event"]:
            assert r["event_type"] is None and r["sub_event_type"] is None and r["place"] is None, where
            continue
        assert r["event_type"] in EVENT_TYPES and r["sub_event_type"] in SUB_TYPES, where
        assert SUB_OF[r["sub_event_type"]] == r["event_type"], where
        assert r["date"] is None or (DAY.match(r["date"]) and r["date"] <= r["published"]), where


def _event(name: str, admin1: str, lat: float, lon: float) -> Event:
    return Event(event_id="e", doc_id="d", date=None, date_precision="unknown", event_type="Battles",
                 sub_event_type="Armed clash", location=Location(name, admin1, "UA", lat, lon, 1), killed=None,
                 injured=None, initiator="RU", claim=Claim(), evidence=[Evidence(doc_id="d", text="x")])


def test_place_matches_by_name_or_distance() -> None:
    gold = {"place": "Sloviansk", "admin1": "Donetsk"}
    assert place_matches(gold, _event("Slovians'k", "Donetsk", 0.0, 0.0))  # spelling differs only by punctuation
    assert place_matches(gold, _event("Mykolaivka", "Donetsk", 48.85, 37.53))  # ~15 km away
    assert not place_matches(gold, _event("Kherson", "Kherson", 46.64, 32.61))


def test_best_event_prefers_same_place_then_oblast() -> None:
    kherson = _event("Kherson", "Kherson", 46.64, 32.61)
    nikopol = _event("Nikopol", "Dnipropetrovsk", 47.57, 34.39)
    assert best_event({"place": "Nikopol", "admin1": "Dnipropetrovsk"}, [kherson, nikopol]) is nikopol
    assert best_event({"place": None, "admin1": "Dnipropetrovsk"}, [kherson, nikopol]) is nikopol
    assert best_event({"place": None, "admin1": None}, [kherson, nikopol]) is kherson


def test_scorer_runs_on_a_mixed_language_slice(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    # ISW (en), VIINA (uk/ru) and Warline lines, so every language path runs.
    pick = rows[:4] + [r for r in rows if r["lang"] in {"uk", "ru"}][:4] + [r for r in rows if "Warline" in r["source"]][:2]
    assert len(pick) == 10
    path = tmp_path / "slice.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pick), encoding="utf-8")
    scores = score_file(path)
    assert {"handcoded.event_precision", "handcoded.event_recall", "handcoded.weapons_f1"} <= set(scores)
    assert scores["handcoded.n"] == 10
    assert all(0.0 <= v <= 1.0 for k, v in scores.items() if not k.endswith(".n"))
