"""The cross-lingual merge gold set (eval/merge_gold/pairs.jsonl) is well formed: references only, no
texts, both labels present in both parts, every reference found in the shared data when it is there."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sitroom.evaluation import merge as merge_eval
from sitroom.evaluation.split import part

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
SETS = {"bellingcat", "cir", "viina2022", "warline"}


def test_pairs_are_references_with_labels() -> None:
    pairs = merge_eval.load_gold_pairs()
    assert len(pairs) >= 100
    ids = [p["id"] for p in pairs]
    assert len(ids) == len(set(ids))
    for p in pairs:
        assert set(p) <= {"id", "kind", "a", "b", "same", "note"}, p
        assert isinstance(p["same"], bool)
        for side in (p["a"], p["b"]):
            assert isinstance(side, dict)
            assert set(side) == {"set", "ref", "lang", "date"}, side  # no text in the repository
            assert side["set"] in SETS and side["lang"] in ("en", "uk", "ru")
        assert p["a"] != p["b"]
    split = Counter((part(str(p["id"])), p["same"]) for p in pairs)
    assert all(split[(name, label)] >= 15 for name in ("tune", "held") for label in (True, False)), split
    langs = Counter(frozenset((p["a"]["lang"], p["b"]["lang"])) for p in pairs if p["same"])  # type: ignore[index]
    assert langs[frozenset(("en", "uk"))] and langs[frozenset(("en", "ru"))] and langs[frozenset(("uk", "ru"))]


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/data/dev is absent")
def test_every_reference_resolves_to_a_text() -> None:
    texts = merge_eval._gold_texts(DEV)
    for p in merge_eval.load_gold_pairs():
        for side in (p["a"], p["b"]):
            assert isinstance(side, dict)
            assert texts.get((side["set"], side["ref"])), (p["id"], side)
