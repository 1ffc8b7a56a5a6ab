"""End-to-end scores: the whole extract path (segment -> events) on human-labelled incidents.

Where ``geo.py`` scores the geoparser alone, these score what a user gets: the first (most important)
event that ``sitroom extract`` returns for the incident's text, compared with the human coding.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from sitroom.geodesy import haversine_km
from sitroom.ingest.lang import detect
from sitroom.jobs.extract import events_of
from sitroom.models import Document
from sitroom.options import Options

_TITLE_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


km = haversine_km  # the scorers' name for the shared great-circle distance


def _first_event_location(doc: Document, opts: Options) -> tuple[bool, tuple[float, float] | None]:
    events = events_of(doc, opts)
    if not events:
        return False, None
    loc = events[0].location
    return True, (loc.lat, loc.lon) if loc else None


def _score(rows: list[tuple[Document, float, float]], prefix: str) -> dict[str, float]:
    opts = Options()
    n = found = located = within = 0
    for doc, lat, lon in rows:
        n += 1
        has_event, point = _first_event_location(doc, opts)
        found += has_event
        if point is not None:
            located += 1
            within += km(lat, lon, *point) <= 25.0
    if not n:
        return {}
    return {
        f"{prefix}.n": float(n),
        f"{prefix}.event_recall": found / n,
        f"{prefix}.located": located / n,
        f"{prefix}.within_25km": within / n,
    }


def score_cir_end_to_end(path: Path) -> dict[str, float]:
    """CIR monitor rows (all coded as incidents by humans): is an event found, and where."""
    rows: list[tuple[Document, float, float]] = []
    with path.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                continue
            title = r["title"] or ""
            m = _TITLE_DATE.match(title)
            published = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else r["date"] or None
            text = _TITLE_DATE.sub("", title).strip()
            desc = (r["brief description"] or "").strip()
            if desc and desc != text:
                text = f"{text}. {desc}" if text else desc
            if not text:
                continue
            doc = Document(doc_id=f"cir-{i}", text=text, published=published, lang=detect(text), source="CIR")
            rows.append((doc, lat, lon))
    return _score(rows, "cir_e2e")


def score_bellingcat_end_to_end(path: Path) -> dict[str, float]:
    """Bellingcat incidents, extract on the raw one-line description only: event found, and placed within
    25 km of the human geolocation. The human ``location`` label is never shown to extract (an earlier
    version appended it, which measured gazetteer look-up of the label, not reading); most descriptions
    name no place at all, so ``located`` is low by the data's nature, and ``within_25km`` is over all rows."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: list[tuple[Document, float, float]] = []
    for r in data:
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        except (TypeError, ValueError):
            continue
        mm, dd, yyyy = (r.get("date") or "//").split("/")
        published = f"{yyyy}-{mm}-{dd}" if yyyy else None
        text = (r.get("description") or "").strip()
        if not text:
            continue
        rows.append((Document(doc_id=r["id"], text=text, published=published, lang="en", source="Bellingcat"), lat, lon))
    return _score(rows, "bellingcat_e2e_raw")
