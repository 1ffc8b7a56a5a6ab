"""The gazetteer and name-matcher cache (gazetteer.read_cache/write_cache, geo._matcher): a missing, stale,
corrupt or unwritable cache is rebuilt or done without, and a cached load answers exactly as a fresh build."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from sitroom.reading import gazetteer, geo

SENTENCES = (
    ("Russian forces shelled Kharkiv and Novoselivka near Kupiansk on Monday.", "en"),
    ("Окупанти обстріляли Херсон та Часів Яр, під Покровськом тривають бої.", "uk"),
    ("В Курской области сбит беспилотник, обломки упали в Белгороде.", "ru"),
    ("Damage in kharkiv; Pavlivka, Sumy was hit from Belgorod.", "en"),
)


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(gazetteer.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _answers(gp: geo.Geoparser) -> list[object]:
    out: list[object] = []
    for text, lang in SENTENCES:
        out.append(gp.find(text, lang))
        out.append(gp.locate(text, lang, ("Kharkiv Oblast",)))
    return out


@pytest.fixture(scope="module")
def fresh() -> tuple[gazetteer.Gazetteer, list[object]]:
    """The gazetteer parsed from the data file and a geoparser built without any cache."""
    gaz = gazetteer.load()
    return gaz, _answers(geo.Geoparser(gaz))


def test_missing_cache_is_built_then_used(cache: Path, fresh: tuple[gazetteer.Gazetteer, list[object]],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    gaz = gazetteer.cached_default()
    gp = geo.Geoparser(gaz)
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["gazetteer", "matcher"]
    assert _answers(gp) == fresh[1]

    # The second load reads both files and builds nothing.
    def no_build(*_a: object) -> object:
        raise AssertionError("rebuilt although the cache is there")

    monkeypatch.setattr(gazetteer, "parse", no_build)
    monkeypatch.setattr(geo, "_build_matcher", no_build)
    cached = gazetteer.cached_default()
    assert cached.places == fresh[0].places
    assert cached.by_id == fresh[0].by_id and cached.regions == fresh[0].regions
    assert list(cached.keys()) == list(fresh[0].keys())
    assert cached.search("Kharkiv") == fresh[0].search("Kharkiv")
    assert _answers(geo.Geoparser(cached)) == fresh[1]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong key inside", "wrong shape"])
def test_corrupt_cache_is_rebuilt(cache: Path, fresh: tuple[gazetteer.Gazetteer, list[object]], damage: str) -> None:
    geo.Geoparser(gazetteer.cached_default())
    for f in cache.iterdir():
        data = f.read_bytes()
        kind, digest = f.stem.split("-")
        if damage == "garbage":
            f.write_bytes(b"not a pickle at all")
        elif damage == "truncated":
            f.write_bytes(data[: len(data) // 2])
        elif damage == "wrong key inside":
            f.write_bytes(pickle.dumps((kind, "0" * len(digest), pickle.loads(data)[2])))
        else:
            f.write_bytes(pickle.dumps((kind, digest, ("not", "the", "state"))))
    gaz = gazetteer.cached_default()
    assert gaz.places == fresh[0].places
    assert _answers(geo.Geoparser(gaz)) == fresh[1]
    # ... and the files were written again, readable this time
    for f in cache.iterdir():
        kind, digest = f.stem.split("-")
        assert gazetteer.read_cache(kind, digest) is not None


def test_stale_cache_is_ignored_and_pruned(cache: Path, fresh: tuple[gazetteer.Gazetteer, list[object]]) -> None:
    """A cache of another data file (another key) is never read; writing the new one deletes it."""
    geo.Geoparser(gazetteer.cached_default())
    current = {f.name for f in cache.iterdir()}
    for f in list(cache.iterdir()):
        kind, digest = f.stem.split("-")
        stale = cache / f"{kind}-{'f' * len(digest)}.pickle"
        f.rename(stale)
    gaz = gazetteer.cached_default()
    assert _answers(geo.Geoparser(gaz)) == fresh[1]
    assert {f.name for f in cache.iterdir()} == current


def test_key_follows_the_data_file() -> None:
    raw = gazetteer.data_bytes()
    assert gazetteer.data_digest(raw) == gazetteer.data_digest(raw)
    assert gazetteer.data_digest(raw) != gazetteer.data_digest(raw + b"\0")
    assert gazetteer.data_digest(raw, "a") != gazetteer.data_digest(raw, "b")


def test_unwritable_cache_folder_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  fresh: tuple[gazetteer.Gazetteer, list[object]]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(gazetteer.CACHE_ENV, str(blocker / "cache"))  # a folder under a file: cannot exist
    gaz = gazetteer.cached_default()
    assert _answers(geo.Geoparser(gaz)) == fresh[1]
    assert gazetteer.write_cache("matcher", "x", 1) is None
    if os.geteuid() != 0:  # root writes anywhere; a read-only folder only stops other users
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        monkeypatch.setenv(gazetteer.CACHE_ENV, str(ro))
        assert _answers(geo.Geoparser(gazetteer.cached_default())) == fresh[1]
        assert not list(ro.iterdir())
