"""Typed records that flow through the pipeline.

Document -> Passage -> (PlaceMention, Casualties, Classification, Claim ...) -> Event.
Every stage takes and returns these dataclasses; nothing passes loose dicts between stages.
The JSON shape of an Event is the contract in ``contracts/event.schema.json``; ``Event.to_dict``
is the only place that shape is produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["en", "uk", "ru"]
DatePrecision = Literal["day", "week", "month", "unknown"]
PassageKind = Literal["body", "heading", "comment", "quote", "boilerplate"]


@dataclass(frozen=True, slots=True)
class Document:
    """One input report after stage 1: clean text plus where it came from."""

    doc_id: str  # content hash (see sources.document_id); the record's own id when it gave one
    text: str
    source: str = "unknown"
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    lang: str = "en"
    path: str | None = None  # file it was read from
    ext_id: str | None = None  # the id the source itself gave (jsonl "id", Telegram message id, feed guid)


@dataclass(frozen=True, slots=True)
class Passage:
    """A stored text unit (a paragraph) of one document, with character offsets into Document.text."""

    passage_id: str  # hash of the normalised text: equal text -> equal id across documents
    doc_id: str
    seq: int
    text: str
    start: int
    end: int
    kind: PassageKind = "body"
    section: str | None = None  # nearest heading above it ("Kharkiv Oblast:")
    duplicate_of: str | None = None  # passage_id of an earlier near-identical passage


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    place_id: str  # e.g. "gn:706483", "katottg:UA63...", "oblast:Kharkiv"
    name: str  # English transliteration
    kind: str  # settlement | oblast | raion | hromada | country | feature | city_district
    admin1: str | None  # ACLED spelling without "Oblast": "Kharkiv", "Kyiv City", "Crimea"
    admin2: str | None
    country: str  # ISO-3166 alpha-2
    lat: float
    lon: float
    population: int = 0
    coord_precision: int = 1  # 1 own coordinates, 2 postal estimate, 3 centroid of a parent unit


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in text."""

    place: Place
    start: int
    end: int
    surface: str
    near: bool = False  # "near X", "під X", "под X", "outskirts of X"
    candidates: int = 1  # how many gazetteer entries shared this name


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    admin1: str | None
    country: str
    lat: float
    lon: float
    geo_precision: int  # ACLED: 1 the town, 2 near the town / district, 3 only the region
    admin2: str | None = None
    gazetteer_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "country": self.country,
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "geo_precision": self.geo_precision,
            "gazetteer_id": self.gazetteer_id,
        }


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    event_type: str
    sub_event_type: str
    weapons: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    initiator: str = "unknown"  # RU | UA | other | unknown
    target_side: str = "unknown"  # RU | UA | civilians | other | unknown
    score: float = 0.0  # how strongly the text reads as an event report (0..1)


@dataclass(frozen=True, slots=True)
class Claim:
    status: str = "reported"  # confirmed | reported | claimed | unconfirmed | denied
    claimant: str | None = None
    claimant_type: str = "unknown"

    def to_dict(self) -> dict[str, Any]:
        return {"claimant": self.claimant, "claimant_type": self.claimant_type, "status": self.status}


@dataclass(frozen=True, slots=True)
class Evidence:
    doc_id: str
    text: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"doc_id": self.doc_id, "text": self.text}
        if self.start is not None:
            d["start"] = self.start
        if self.end is not None:
            d["end"] = self.end
        return d


@dataclass(slots=True)
class Event:
    """One conflict event found in one document (before cross-document merging)."""

    event_id: str
    doc_id: str
    date: str | None
    date_precision: str
    event_type: str
    sub_event_type: str
    location: Location | None
    killed: int | None
    injured: int | None
    initiator: str
    claim: Claim
    evidence: list[Evidence]
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    target_side: str = "unknown"
    casualties_civilian: bool | None = None
    confidence: float = 0.5
    lang: str = "en"
    source: str | None = None
    url: str | None = None
    published: str | None = None
    launched: int | None = None  # air attacks: drones/missiles launched, as the report states
    intercepted: int | None = None  # ... and shot down

    def to_dict(self) -> dict[str, Any]:
        """The contract shape (contracts/event.schema.json), with stable key order. ``launched`` and
        ``intercepted`` (extensions; the schema allows extra keys) appear only when a report states them."""
        extra: dict[str, Any] = {}
        if self.launched is not None:
            extra["launched"] = self.launched
        if self.intercepted is not None:
            extra["intercepted"] = self.intercepted
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "date": self.date,
            "date_precision": self.date_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "weapons": list(self.weapons),
            "targets": list(self.targets),
            "initiator": self.initiator,
            "target_side": self.target_side,
            "location": self.location.to_dict() if self.location else None,
            "killed": self.killed,
            "injured": self.injured,
            "casualties_civilian": self.casualties_civilian,
            "claim": self.claim.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": round(self.confidence, 3),
            "lang": self.lang,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            **extra,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be used, recorded with the reason instead of stopping the run."""

    path: str
    reason: str  # short code: too_large | binary | bad_encoding | bad_json | parse_error | unreadable | empty
    detail: str = ""
