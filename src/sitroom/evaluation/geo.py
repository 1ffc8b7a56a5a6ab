"""Geoparser scores: the event location ``Geoparser.locate`` picks, against human and machine places.

- CIR monitor: rows whose title/description names the town CIR coded (``town/city``) — within 25 km of
  the human geolocation, and the right oblast.
- Bellingcat: incidents with a ``location`` text — within 25 km of the verified coordinates.
- VIINA: agreement with VIINA's machine geocoding (ADM1 and 25 km). VIINA is not gold; the disagreements
  are read by hand in docs/geo.md.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

from sitroom.ingest.lang import detect
from sitroom.reading.geo import default_geoparser

from .end_to_end import km
from .regions import oblast_key

_TITLE_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*")
WITHIN_KM = 25.0


def _stem(name: str) -> str:
    s = re.sub(r"[^\w]+", " ", name.lower()).strip()
    return s[: max(4, len(s) - 2)]


def cir_rows(path: Path) -> Iterator[tuple[str, float, float, str, str]]:
    """(text, lat, lon, town, province) of CIR rows whose text names the coded town."""
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            town = (r.get("town/city") or "").strip()
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except (TypeError, ValueError):
                continue
            title = _TITLE_DATE.sub("", r.get("title") or "").strip()
            desc = (r.get("brief description") or "").strip()
            text = title if not desc or desc == title else f"{title}. {desc}"
            if not town or not text or _stem(town) not in text.lower():
                continue
            yield text, lat, lon, town, (r.get("province") or "").strip()


def score_cir(path: Path) -> dict[str, float]:
    gp = default_geoparser()
    n = located = within = oblast_n = oblast_ok = 0
    for text, lat, lon, _town, province in cir_rows(path):
        n += 1
        loc = gp.locate(text, detect(text))
        if loc is None:
            continue
        located += 1
        within += km(lat, lon, loc.lat, loc.lon) <= WITHIN_KM
        gold = oblast_key(province)
        if gold:
            oblast_n += 1
            oblast_ok += oblast_key(loc.admin1) == gold
    if not n:
        return {}
    return {
        "geo.cir.n": float(n),
        "geo.cir.located": located / n,
        "geo.cir.within_25km": within / n,
        "geo.cir.oblast": oblast_ok / oblast_n if oblast_n else 0.0,
    }


def score_bellingcat(path: Path) -> dict[str, float]:
    """Gazetteer look-up of Bellingcat's human ``location`` label (with the description as context): a test
    of the gazetteer and disambiguation, not of reading; named ``label_lookup`` so it is not mistaken for
    geoparsing (``bellingcat_e2e_raw`` reads the description alone)."""
    gp = default_geoparser()
    n = located = within = 0
    for r in json.loads(path.read_text(encoding="utf-8")):
        place = (r.get("location") or "").strip()
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        except (TypeError, ValueError):
            continue
        if not place:
            continue
        n += 1
        loc = gp.locate(place, "en", ((r.get("description") or ""),))
        if loc is None:
            continue
        located += 1
        within += km(lat, lon, loc.lat, loc.lon) <= WITHIN_KM
    if not n:
        return {}
    return {
        "geo.bellingcat_label_lookup.n": float(n),
        "geo.bellingcat_label_lookup.located": located / n,
        "geo.bellingcat_label_lookup.within_25km": within / n,
    }


def viina_rows(folder: Path) -> Iterator[dict[str, str]]:
    files = sorted(folder.glob("VIINA_*.csv"))
    if not files:
        raise FileNotFoundError(f"no VIINA_*.csv files in {folder}")
    for f in files:
        with f.open(encoding="utf-8") as fh:
            yield from csv.DictReader(fh)


def score_viina(folder: Path) -> dict[str, float]:
    gp = default_geoparser()
    n = located = adm_n = adm_ok = pt_n = pt_ok = 0
    for r in viina_rows(folder):
        text = (r.get("representative_text") or "").strip()
        if not text:
            continue
        n += 1
        loc = gp.locate(text, detect(text))
        if loc is None:
            continue
        located += 1
        gold = oblast_key(r.get("ADM1_NAME"))
        if gold:
            adm_n += 1
            adm_ok += oblast_key(loc.admin1) == gold
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        except (TypeError, ValueError):
            continue
        pt_n += 1
        pt_ok += km(lat, lon, loc.lat, loc.lon) <= WITHIN_KM
    if not n:
        return {}
    return {
        "geo.viina.n": float(n),
        "geo.viina.located": located / n,
        "geo.viina.adm1_agreement": adm_ok / adm_n if adm_n else 0.0,
        "geo.viina.within_25km_agreement": pt_ok / pt_n if pt_n else 0.0,
    }


def _toponym_articles(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, gold toponym spans) of each article of a GeoWebNews or LGL XML file."""
    import xml.etree.ElementTree as ET

    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        spans = []
        for t in art.iter("toponym"):
            if (t.findtext("nonLocational") or "No").strip() == "Yes":
                continue
            try:
                spans.append((int(t.findtext("start") or ""), int(t.findtext("end") or "")))
            except ValueError:
                continue
        if text:
            yield text, spans


def score_toponyms(folder: Path) -> dict[str, float]:
    """Span precision/recall of ``Geoparser.find`` on generic English news (GeoWebNews, LGL).

    A sanity check, not a target: the gazetteer covers Ukraine, its border and a few world cities, so recall
    on US/UK local news is low by design; precision shows how rarely English words are taken for villages.
    A found mention counts when it overlaps a gold toponym.
    """
    gp = default_geoparser()
    out: dict[str, float] = {}
    for name, file in (("gwn", "GWN.xml"), ("lgl", "lgl.xml")):
        path = folder / file
        if not path.is_file():
            continue
        found = found_ok = gold = gold_ok = 0
        for text, spans in _toponym_articles(path):
            mentions = [(m.start, m.end) for m in gp.find(text, "en")]
            found += len(mentions)
            found_ok += sum(any(s < ge and gs < e for gs, ge in spans) for s, e in mentions)
            gold += len(spans)
            gold_ok += sum(any(s < ge and gs < e for s, e in mentions) for gs, ge in spans)
        out[f"geo.{name}.toponym_precision"] = found_ok / found if found else 0.0
        out[f"geo.{name}.toponym_recall"] = gold_ok / gold if gold else 0.0
        out[f"geo.{name}.toponyms_found"] = float(found)
    if not out:
        raise FileNotFoundError(f"no GWN.xml or lgl.xml in {folder}")
    return out
