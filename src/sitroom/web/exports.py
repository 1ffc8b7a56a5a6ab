"""Filtered views of the event store and their serialisations (CSV, GeoJSON, ACLED-style CSV, JSONL).

Library first: the web API (``/api/events``, ``/api/export.*``) and any script share one ``EventQuery``
(validated filters + sort) and one ``select_events`` that applies it to a store, so an export always
contains exactly what the matching API call or map view shows.

A ``Store`` answers every filter, every sort, the page and the view's count in SQL
(``Store.find_events``/``count_events`` with ``EventQuery.store_filter()``), so a filtered page of a
million-event store costs a few indexed queries. Any other ``EventSource`` (only ``events(date, ...)``
and ``dates()``) is filtered here in Python with ``EventQuery.matches`` and ``sort_events``; the tests
check that both paths give the same events in the same order.

Serialisers are generators of text chunks so large exports stream. Spreadsheet safety: text cells that a
spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``, tab, CR) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date as date_cls
from typing import Any, Protocol, runtime_checkable

from sitroom.briefing.wording import headline
from sitroom.incidents.merge import severity
from sitroom.store.database import EventFilter
from sitroom.store.schema import fold_admin1

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
SUB_EVENT_TYPES = (
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
)
WEAPONS = (
    "drone",
    "shahed",
    "fpv_drone",
    "missile",
    "ballistic_missile",
    "cruise_missile",
    "guided_bomb",
    "aircraft",
    "artillery",
    "mlrs",
    "cluster_munition",
    "armor",
    "small_arms",
    "mine_ied",
    "cyber",
    "other",
)
TARGETS = (
    "civilians",
    "residential",
    "energy",
    "railway",
    "transport",
    "healthcare",
    "education",
    "industry",
    "commercial",
    "government",
    "religious",
    "communications",
    "military",
    "other",
)
INITIATORS = ("RU", "UA", "other", "unknown")
CLAIM_STATUSES = ("confirmed", "reported", "claimed", "unconfirmed", "denied")
LANGS = ("en", "uk", "ru")
SORTS = (
    "default",
    "date",
    "-date",
    "severity",
    "-severity",
    "killed",
    "-killed",
    "injured",
    "-injured",
    "sources",
    "-sources",
)
DATE_FORMAT_MESSAGE = "must be a calendar date in the form YYYY-MM-DD, e.g. 2024-03-28"
# Rows fetched from the store per call while scanning; big enough to keep round trips few, small enough
# that one page of JSON stays a few MB.
SCAN_BATCH = 2000
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QueryError(ValueError):
    """A filter value the API must refuse; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class EventSource(Protocol):
    """What ``select_events`` needs from a store (``sitroom.store.database.Store`` has it)."""

    def events(
        self, date: str | None = None, limit: int = 1000, offset: int = 0, **filters: str | None
    ) -> list[dict[str, Any]]: ...

    def dates(self) -> list[str]: ...


@runtime_checkable
class FilteringSource(Protocol):
    """A source that filters, sorts, pages and counts itself (``sitroom.store.database.Store``)."""

    def find_events(
        self, flt: EventFilter | None = None, sort: str = "default", limit: int | None = 1000, offset: int = 0
    ) -> list[dict[str, Any]]: ...

    def count_events(self, flt: EventFilter | None = None) -> int: ...


@runtime_checkable
class JsonSource(FilteringSource, Protocol):
    """A filtering source that can also hand out each event as JSON text (``Store``)."""

    def find_events_json(
        self, flt: EventFilter | None = None, sort: str = "default", limit: int | None = 1000, offset: int = 0
    ) -> list[str]: ...


def check_date(name: str, value: str | None) -> str | None:
    """``value`` if it is a real YYYY-MM-DD day, None if empty; QueryError(400) otherwise."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    ok = bool(_DATE_RE.match(value))
    if ok:
        try:
            date_cls.fromisoformat(value)
        except ValueError:
            ok = False
    if not ok:
        raise QueryError(400, f"{name} {DATE_FORMAT_MESSAGE} (got {value[:40]!r})")
    return value


def _choice(name: str, value: str | None, allowed: Sequence[str]) -> str | None:
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if value not in allowed:
        raise QueryError(422, f"{name} must be one of: {', '.join(allowed)} (got {value[:40]!r})")
    return value


def _choices(name: str, values: Iterable[str] | None, allowed: Sequence[str]) -> tuple[str, ...]:
    """Repeated parameters and comma-separated lists both work: weapon=drone&weapon=missile or
    weapon=drone,missile. Any one of them matches."""
    out: list[str] = []
    for raw in values or ():
        for part in raw.split(","):
            v = _choice(name, part, allowed)
            if v and v not in out:
                out.append(v)
    return tuple(out)


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value[:200] or None


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Validated filters and sort of an event view. Build with ``EventQuery.build`` (raises QueryError)."""

    date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    admin1: str | None = None
    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    weapon: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    initiator: str | None = None
    claim_status: str | None = None
    source: str | None = None
    lang: str | None = None
    sort: str = "default"

    @classmethod
    def build(
        cls,
        *,
        date: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        admin1: str | None = None,
        country: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        weapon: Iterable[str] | None = None,
        target: Iterable[str] | None = None,
        initiator: str | None = None,
        claim_status: str | None = None,
        source: str | None = None,
        lang: str | None = None,
        sort: str | None = None,
    ) -> EventQuery:
        d = check_date("date", date)
        d0 = check_date("date_from", date_from)
        d1 = check_date("date_to", date_to)
        if d and (d0 or d1):
            raise QueryError(400, "give either date or date_from/date_to, not both")
        if d0 and d1 and d0 > d1:
            raise QueryError(400, f"date_from {d0} is after date_to {d1}")
        cc = _text(country)
        if cc is not None and not re.fullmatch(r"[A-Za-z]{2}", cc):
            raise QueryError(422, f"country must be a two-letter ISO code such as UA or RU (got {cc[:40]!r})")
        return cls(
            date=d,
            date_from=d0,
            date_to=d1,
            admin1=_text(admin1),
            country=cc.upper() if cc else None,
            event_type=_choice("event_type", event_type, EVENT_TYPES),
            sub_event_type=_choice("sub_event_type", sub_event_type, SUB_EVENT_TYPES),
            weapon=_choices("weapon", weapon, WEAPONS),
            target=_choices("target", target, TARGETS),
            initiator=_choice("initiator", initiator, INITIATORS),
            claim_status=_choice("claim_status", claim_status, CLAIM_STATUSES),
            source=_text(source),
            lang=_choice("lang", lang, LANGS),
            sort=_choice("sort", sort, SORTS) or "default",
        )

    def params(self) -> list[tuple[str, str]]:
        """The query as URL parameters (only those set), to build links to the same view."""
        out: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                out.extend((f.name, v) for v in value)
            elif value and not (f.name == "sort" and value == "default"):
                out.append((f.name, value))
        return out

    def store_filters(self) -> dict[str, str | None]:
        """Filters the store applies itself (exact matches on indexed columns)."""
        return {"event_type": self.event_type, "sub_event_type": self.sub_event_type, "country": self.country}

    def store_filter(self) -> EventFilter:
        """Every filter of the query, for ``Store.find_events``/``count_events``: the same fields, except
        that the URL's singular ``weapon``/``target`` are the store's ``weapons``/``targets``."""
        renamed = {"weapons": "weapon", "targets": "target"}
        return EventFilter(**{f.name: getattr(self, renamed.get(f.name, f.name)) for f in fields(EventFilter)})

    def needs_local_filter(self) -> bool:
        return any(
            (self.admin1, self.weapon, self.target, self.initiator, self.claim_status, self.source, self.lang)
        )

    def matches(self, ev: dict[str, Any]) -> bool:
        """Whether one stored event (contract shape plus ``reports``) passes every filter."""
        d = ev.get("date")
        if self.date and d != self.date:
            return False
        if (self.date_from or self.date_to) and d is None:
            return False
        if self.date_from and d is not None and d < self.date_from:
            return False
        if self.date_to and d is not None and d > self.date_to:
            return False
        loc = ev.get("location") or {}
        if self.admin1 and fold_admin1(loc.get("admin1") or "") != fold_admin1(self.admin1):
            return False
        if self.country and loc.get("country") != self.country:
            return False
        if self.event_type and ev.get("event_type") != self.event_type:
            return False
        if self.sub_event_type and ev.get("sub_event_type") != self.sub_event_type:
            return False
        if self.weapon and not set(self.weapon) & set(ev.get("weapons") or ()):
            return False
        if self.target and not set(self.target) & set(ev.get("targets") or ()):
            return False
        if self.initiator and ev.get("initiator") != self.initiator:
            return False
        if self.claim_status and (ev.get("claim") or {}).get("status") != self.claim_status:
            return False
        if self.source and not _source_matches(ev, self.source.casefold()):
            return False
        if self.lang and self.lang not in languages(ev):
            return False
        return True

    def describe(self) -> str:
        """Short slug for file names: the day, the range or 'all'."""
        if self.date:
            return self.date
        if self.date_from or self.date_to:
            return f"{self.date_from or 'start'}_{self.date_to or 'end'}"
        return "all"


def _source_matches(ev: dict[str, Any], needle: str) -> bool:
    names = [ev.get("source") or ""] + [r.get("source") or "" for r in ev.get("reports") or ()]
    names += [ev.get("url") or ""] + [r.get("url") or "" for r in ev.get("reports") or ()]
    return any(needle in n.casefold() for n in names)


def languages(ev: dict[str, Any]) -> list[str]:
    """Languages of the event and of every report merged into it, first seen first."""
    out: list[str] = []
    for lang in [ev.get("lang")] + [r.get("lang") for r in ev.get("reports") or ()]:
        if lang and lang not in out:
            out.append(lang)
    return out


def sources(ev: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for s in [r.get("source") for r in ev.get("reports") or ()] or [ev.get("source")]:
        if s and s not in out:
            out.append(s)
    return out


def urls(ev: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for u in [r.get("url") for r in ev.get("reports") or ()] or [ev.get("url")]:
        if u and u not in out:
            out.append(u)
    return out


@dataclass(frozen=True, slots=True)
class Selection:
    """One page of a filtered view plus the number of events in the whole view."""

    events: list[dict[str, Any]]
    total: int


def _sort_key(name: str) -> Callable[[dict[str, Any]], Any]:
    if name == "date":
        return lambda e: e.get("date") or ""
    if name == "severity":
        return lambda e: severity(e.get("killed"), e.get("injured"))
    if name == "sources":
        return lambda e: e.get("sources_count") or len(e.get("reports") or ()) or 1
    return lambda e: e.get(name)


def sort_events(events: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Stable sort by one key; events without a value (no date, no figure) always go last."""
    if sort == "default":
        return events
    desc = sort.startswith("-")
    key = _sort_key(sort.lstrip("-"))
    present = [e for e in events if key(e) not in (None, "")]
    missing = [e for e in events if key(e) in (None, "")]
    return sorted(present, key=key, reverse=desc) + missing


def iter_matching(store: EventSource, q: EventQuery) -> Iterator[dict[str, Any]]:
    """Every event of the view, in the store's order (for a range: newest day first, then by severity)."""
    if isinstance(store, FilteringSource):
        flt, offset = q.store_filter(), 0
        while True:
            page = store.find_events(flt, limit=SCAN_BATCH, offset=offset)
            yield from page
            if len(page) < SCAN_BATCH:
                return
            offset += SCAN_BATCH
    if q.date:
        days: list[str | None] = [q.date]
    elif q.date_from or q.date_to:
        lo, hi = q.date_from or "0000-00-00", q.date_to or "9999-99-99"
        days = [d for d in reversed(store.dates()) if lo <= d <= hi]
    else:
        days = [None]
    pushed = {k: v for k, v in q.store_filters().items() if v is not None}
    for day in days:
        offset = 0
        while True:
            page = store.events(day, limit=SCAN_BATCH, offset=offset, **pushed)
            for ev in page:
                if q.matches(ev):
                    yield ev
            if len(page) < SCAN_BATCH:
                break
            offset += SCAN_BATCH


def select_events(store: EventSource, q: EventQuery, limit: int | None = None, offset: int = 0) -> Selection:
    """The events of a view, sorted, sliced to ``limit``/``offset``, with the view's total count."""
    if isinstance(store, FilteringSource):
        flt = q.store_filter()
        page = store.find_events(flt, sort=q.sort, limit=limit, offset=offset)
        if (limit is None or len(page) < limit) and (page or offset == 0):
            return Selection(page, offset + len(page))  # the last page: no count query needed
        return Selection(page, store.count_events(flt))
    return _select_local(store, q, limit, offset)


def select_events_json(store: JsonSource, q: EventQuery, limit: int, offset: int = 0) -> tuple[list[str], int]:
    """``select_events`` with each event as JSON text (``json.loads`` of each is the same dict), for the
    API, which then writes a page without parsing and re-writing the stored JSON."""
    flt = q.store_filter()
    page = store.find_events_json(flt, sort=q.sort, limit=limit, offset=offset)
    if len(page) < limit and (page or offset == 0):
        return page, offset + len(page)
    return page, store.count_events(flt)


def _select_local(store: EventSource, q: EventQuery, limit: int | None, offset: int) -> Selection:
    """``select_events`` for a source that only lists days: filters and sorts here, in Python."""
    if q.date and q.sort == "default" and not q.needs_local_filter() and limit is not None:
        # Fast path: the store does all the work; one more row than asked tells whether more exist,
        # and the count comes from a scan of ids only when the page is not already the whole view.
        pushed = {k: v for k, v in q.store_filters().items() if v is not None}
        page = store.events(q.date, limit=limit, offset=offset, **pushed)
        if offset == 0 and len(page) < limit:
            return Selection(page, len(page))
    everything = sort_events(list(iter_matching(store, q)), q.sort)
    end = None if limit is None else offset + limit
    return Selection(everything[offset:end], len(everything))


# ---------------------------------------------------------------------------------------- serialisers

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(v) for k, v in row.items()})
        if buf.tell() > 64_000:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


CSV_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "initiator",
    "target_side",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "gazetteer_id",
    "killed",
    "injured",
    "casualties_civilian",
    "weapons",
    "targets",
    "claim_status",
    "claimant",
    "claimant_type",
    "sources_count",
    "reports_count",
    "sources",
    "urls",
    "languages",
    "evidence",
    "confidence",
)


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat record (lists joined with '; '), the columns of the plain CSV export."""
    loc = ev.get("location") or {}
    claim = ev.get("claim") or {}
    evidence = ev.get("evidence") or [{}]
    return {
        "event_id": ev.get("event_id"),
        "date": ev.get("date"),
        "date_precision": ev.get("date_precision"),
        "event_type": ev.get("event_type"),
        "sub_event_type": ev.get("sub_event_type"),
        "initiator": ev.get("initiator"),
        "target_side": ev.get("target_side"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"),
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
        "gazetteer_id": loc.get("gazetteer_id"),
        "killed": ev.get("killed"),
        "injured": ev.get("injured"),
        "casualties_civilian": ev.get("casualties_civilian"),
        "weapons": "; ".join(ev.get("weapons") or ()),
        "targets": "; ".join(ev.get("targets") or ()),
        "claim_status": claim.get("status"),
        "claimant": claim.get("claimant"),
        "claimant_type": claim.get("claimant_type"),
        "sources_count": ev.get("sources_count", len(sources(ev))),
        "reports_count": len(ev.get("reports") or ()) or 1,
        "sources": "; ".join(sources(ev)),
        "urls": " ".join(urls(ev)),
        "languages": "; ".join(languages(ev)),
        "evidence": " ".join(str(evidence[0].get("text") or "").split()),
        "confidence": ev.get("confidence"),
    }


def iter_csv(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    return _csv_lines(CSV_COLUMNS, (flat_row(e) for e in events))


def iter_jsonl(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Full events (contract shape plus reports), one JSON object per line."""
    for ev in events:
        yield json.dumps(ev, ensure_ascii=False, sort_keys=True) + "\n"


def geojson_feature(ev: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature (RFC 7946: [lon, lat]); an event without a place keeps a null geometry."""
    loc = ev.get("location")
    geometry = None
    if loc and loc.get("lat") is not None and loc.get("lon") is not None:
        geometry = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    props = flat_row(ev)
    for k in ("latitude", "longitude"):
        props.pop(k)
    props["weapons"] = list(ev.get("weapons") or ())
    props["targets"] = list(ev.get("targets") or ())
    props["sources"] = sources(ev)
    props["urls"] = urls(ev)
    props["languages"] = languages(ev)
    return {"type": "Feature", "id": ev.get("event_id"), "geometry": geometry, "properties": props}


def iter_geojson(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for i, ev in enumerate(events):
        yield ("," if i else "") + "\n" + json.dumps(geojson_feature(ev), ensure_ascii=False, sort_keys=True)
    yield "\n]}\n"


# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
_COUNTRY = {"UA": ("Ukraine", 804), "RU": ("Russia", 643), "BY": ("Belarus", 112), "MD": ("Moldova", 498)}
_FORCES = {"RU": "Military Forces of Russia (2000-)", "UA": "Military Forces of Ukraine (2019-)"}
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_CIVILIAN_TARGETS = {"civilians", "residential"}


def _actor(side: str | None, country_name: str) -> tuple[str, str]:
    """(ACLED actor name, ACLED inter category) for one side of an event."""
    if side in _FORCES:
        return _FORCES[side], "State forces"
    if side == "civilians":
        return f"Civilians ({country_name})", "Civilians"
    if side in ("other", "unknown"):
        return f"Unidentified Armed Group ({country_name})", "Political militia"
    return "", ""


def _target_side(ev: dict[str, Any]) -> str | None:
    side = ev.get("target_side")
    if side and side != "unknown":
        return str(side)
    if ev.get("casualties_civilian") or _CIVILIAN_TARGETS & set(ev.get("targets") or ()):
        return "civilians"
    if ev.get("event_type") == "Battles":
        return {"RU": "UA", "UA": "RU"}.get(ev.get("initiator") or "")
    return None


def acled_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event in ACLED's columns. ACLED has no injured count: it goes into ``tags`` with the other
    fields ACLED lacks (weapons, targets, claim status). Unknown fatalities are 0, as in ACLED."""
    loc = ev.get("location") or {}
    country_name, iso = _COUNTRY.get(loc.get("country") or "", (loc.get("country") or "", ""))
    actor1, inter1 = _actor(ev.get("initiator"), country_name or "Ukraine")
    actor2, inter2 = _actor(_target_side(ev), country_name or "Ukraine")
    claim = ev.get("claim") or {}
    tags = [f"claim: {claim.get('status', 'reported')}"]
    if claim.get("claimant"):
        tags.append(f"claimant: {claim['claimant']}")
    if ev.get("injured") is not None:
        tags.append(f"injured: {ev['injured']}")
    if ev.get("weapons"):
        tags.append("weapons: " + ", ".join(ev["weapons"]))
    if ev.get("targets"):
        tags.append("targets: " + ", ".join(ev["targets"]))
    day = ev.get("date")
    notes = headline(ev)
    if day:
        notes = f"On {day}: {notes}"
    return {
        "event_id_cnty": ev.get("event_id"),
        "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": _TIME_PRECISION.get((ev.get("date_precision") or "day") if day else "", 3),
        "disorder_type": _DISORDER.get(ev.get("event_type") or "", ""),
        "event_type": ev.get("event_type"),
        "sub_event_type": ev.get("sub_event_type"),
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": f"{inter1}-{inter2}" if inter1 and inter2 else f"{inter1} only" if inter1 else "",
        "civilian_targeting": "Civilian targeting" if inter2 == "Civilians" else "",
        "iso": iso,
        "region": "Europe" if loc else "",
        "country": country_name,
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": "",
        "location": loc.get("name") or "",
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
        "source": "; ".join(sources(ev)),
        "source_scale": "",
        "notes": notes,
        "fatalities": ev.get("killed") or 0,
        "tags": "; ".join(tags),
        "timestamp": "",
    }


def iter_acled_csv(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    return _csv_lines(ACLED_COLUMNS, (acled_row(e) for e in events))


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    extension: str
    media_type: str
    write: Callable[[Iterable[dict[str, Any]]], Iterator[str]]


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "csv", "text/csv; charset=utf-8", iter_csv),
        ExportFormat("acled.csv", "acled.csv", "text/csv; charset=utf-8", iter_acled_csv),
        ExportFormat("geojson", "geojson", "application/geo+json", iter_geojson),
        ExportFormat("jsonl", "jsonl", "application/x-ndjson; charset=utf-8", iter_jsonl),
    )
}


def export(events: Iterable[dict[str, Any]], fmt: str) -> str:
    """The whole export as one string (``FORMATS`` names: csv, acled.csv, geojson, jsonl)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    return "".join(FORMATS[fmt].write(events))
