"""The briefing of a scraped roundup page and of the demo corpus's busiest day, as golden files.

The roundup page (demo/corpus/roundup_2022-08-09.html) has section headings (one misspelled), an embedded
post, a lede quoted twice, "More at the link", an address transcript and a reader comment thread: its
briefing must read like a clean, de-duplicated version of the page. The demo day merges dozens of uk/ru
headlines about the same incidents with the page. Both goldens were reviewed by reading; regenerate with
SITROOM_UPDATE_GOLDEN=1 after a deliberate change and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom.briefing.render import render
from sitroom.briefing.select import build_briefing
from sitroom.jobs.pipeline import ingest
from sitroom.options import Options
from sitroom.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SITROOM_UPDATE_GOLDEN") == "1"
DAY = "2022-08-09"


def _brief(paths: list[Path]) -> str:
    store = Store.open(":memory:")
    try:
        ingest(paths, store, Options())
        return render(build_briefing(store, DAY), "md")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "paths"),
    [
        ("roundup", [ROOT / "demo" / "corpus" / "roundup_2022-08-09.html"]),
        ("demo", [ROOT / "demo" / "corpus"]),
    ],
)
def test_golden_briefing(name: str, paths: list[Path]) -> None:
    out = _brief(paths)
    path = GOLDEN / f"{name}_{DAY}.md"
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing: run with SITROOM_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_text(encoding="utf-8"), "briefing changed: review, then SITROOM_UPDATE_GOLDEN=1"


def test_roundup_briefing_reads_clean() -> None:
    out = _brief([ROOT / "demo" / "corpus" / "roundup_2022-08-09.html"])
    assert "100 killed" not in out and "Thanks for the roundup" not in out  # reader comments
    assert "Glory to Ukraine" not in out  # the address transcript is not an event
    assert out.count("A series of large explosions hit the Russian Saky airbase") <= 1  # lede quoted twice
    for place in ("Novofedorivka", "Nikopol", "Kharkiv", "Avdiivka", "Pisky", "Novooleksiivka"):
        assert place in out, place
