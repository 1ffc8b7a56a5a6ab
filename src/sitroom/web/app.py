"""Stage 8: the read-only web UI and JSON API over a store.

``create_app(db_url)`` returns a FastAPI app; ``sitroom serve`` runs it with uvicorn on 127.0.0.1.

- API: ``/api/events`` (filters, pagination, sort), ``/api/events/{id}``, ``/api/briefings/{date}``,
  ``/api/search``, ``/api/stats``, ``/api/dates`` and exports of any filtered view at
  ``/api/export.{csv,acled.csv,geojson,jsonl}``. Filtering and serialising live in ``exports`` so the API,
  the map page and the exports always agree. OpenAPI JSON at ``/openapi.json``; ``/docs`` is a reference
  page rendered here from it (Swagger UI would load scripts from a CDN).
- Errors: every API error, whatever raised it (unknown path, bad date, failed validation, a crash), is
  ``{"error": {"status": int, "message": str}}``; pages answer with an HTML error page when the client
  asks for HTML.
- Pages are Jinja2 templates with autoescaping: every string from a source is text, never markup. The
  only HTML built in Python is the ``<mark>`` highlighting, which escapes its input first. Links out are
  kept only when they are http(s). The map is a server-rendered SVG of event points over a fixed
  Ukraine + border-regions box (equirectangular, scaled by cos(latitude)): no tiles, no CDN, no
  third-party JS. Our own ``static/app.js`` (no inline scripts anywhere) only adds list filtering and
  point highlighting. A strict Content-Security-Policy goes on every response.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitroom.briefing.render import render, render_atom, render_html_body
from sitroom.briefing.select import build_briefing
from sitroom.briefing.wording import headline, source_name, status_phrase
from sitroom.geodesy import haversine_km
from sitroom.store.database import Store
from sitroom.web import exports
from sitroom.web.exports import EventQuery, QueryError, check_date, select_events
from sitroom.web.search import word_forms

STATIC_DIR = Path(__file__).parent / "static"
# OpenStreetMap tiles under the Leaflet map when online (env SITROOM_TILES: another XYZ URL, or empty to
# draw only the bundled offline outlines). Leaflet itself is served from /static/vendor/ (`make assets`).
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_URL = os.environ.get("SITROOM_TILES", OSM_TILES)
_TILE_ORIGIN = re.match(r"https://[^/{]+", TILES_URL)
VENDOR = (STATIC_DIR / "vendor" / "leaflet.js").is_file()
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data:{' ' + _TILE_ORIGIN.group(0) if _TILE_ORIGIN else ''}; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Map box: Ukraine plus Crimea and the Russian border oblasts (Belgorod, Kursk, Bryansk, Rostov west part).
MAP_LON = (22.0, 41.0)
MAP_LAT = (44.2, 53.4)
MAP_WIDTH = 760
_COS = math.cos(math.radians(sum(MAP_LAT) / 2))
MAP_HEIGHT = round(MAP_WIDTH * (MAP_LAT[1] - MAP_LAT[0]) / ((MAP_LON[1] - MAP_LON[0]) * _COS))
# Reference cities drawn for orientation (our own constants, rounded coordinates).
MAP_CITIES: tuple[tuple[str, float, float], ...] = (
    ("Kyiv", 50.45, 30.52),
    ("Kharkiv", 49.99, 36.23),
    ("Odesa", 46.48, 30.72),
    ("Lviv", 49.84, 24.03),
    ("Dnipro", 48.46, 35.05),
    ("Donetsk", 48.00, 37.80),
    ("Zaporizhzhia", 47.84, 35.14),
    ("Kherson", 46.64, 32.62),
    ("Mykolaiv", 46.97, 31.99),
    ("Sumy", 50.91, 34.80),
    ("Chernihiv", 51.49, 31.29),
    ("Luhansk", 48.57, 39.31),
    ("Simferopol", 44.95, 34.10),
    ("Belgorod", 50.60, 36.59),
    ("Kursk", 51.73, 36.19),
    ("Bryansk", 53.24, 34.36),
)
MAX_PAGE = 1000
# The contract call `/api/events?date=DAY` must return the whole day: the default page is the largest one.
DEFAULT_PAGE = MAX_PAGE
# The map page draws at most this many points and lists at most LIST_MAX events (the count shows all).
MAP_MAX = 5000
LIST_MAX = 300
# Days in the Atom feed of briefings.
FEED_DAYS = 30
# "Nearby" on the event page: same day, within this distance.
NEARBY_KM = 30.0
_TYPE_CLASS = {
    "Battles": "t-battle",
    "Explosions/Remote violence": "t-remote",
    "Violence against civilians": "t-vac",
    "Protests": "t-unrest",
    "Riots": "t-unrest",
    "Strategic developments": "t-sd",
}
# The legend under the map (both the Leaflet and the SVG map): type colours and casualty sizes.
LEGEND_TYPES: tuple[tuple[str, str], ...] = (
    ("t-remote", "Explosions/remote violence"),
    ("t-battle", "Battles"),
    ("t-vac", "Violence against civilians"),
    ("t-unrest", "Protests/riots"),
    ("t-sd", "Strategic developments"),
)
# (label, killed×3 + injured) for the size key.
LEGEND_SIZES: tuple[tuple[str, int], ...] = (("no casualties", 0), ("3 killed", 9), ("10+ killed", 36))
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


class ApiError(Exception):
    """An error answered with the shared error shape (API) or the error page (HTML)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (400, "Bad date or request"),
        (404, "Not found"),
        (422, "Invalid parameter"),
        (500, "Server error"),
    )
}


def safe_url(url: str | None) -> str | None:
    """Only plain http(s) links leave the site; ``javascript:`` and friends become text."""
    return url if url and _SAFE_URL.match(url) else None


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection into the SVG box (x right, y down)."""
    x = (lon - MAP_LON[0]) / (MAP_LON[1] - MAP_LON[0]) * MAP_WIDTH
    y = (MAP_LAT[1] - lat) / (MAP_LAT[1] - MAP_LAT[0]) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


def _in_box(lat: float, lon: float) -> bool:
    return MAP_LAT[0] <= lat <= MAP_LAT[1] and MAP_LON[0] <= lon <= MAP_LON[1]


def distance_km(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Great-circle distance between two locations (haversine, mean Earth radius)."""
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])


def highlight(text: str, terms: Iterable[str] = ()) -> Markup:
    """Escape ``text`` and wrap figures and the given terms (place names) in <mark>: the parts of an
    evidence sentence an analyst checks first. Input is escaped before any tag is added."""
    words = sorted({t for t in terms if t and len(t) >= 3}, key=len, reverse=True)
    alts = [re.escape(w) for w in words] + [_NUMBER.pattern]
    pattern = re.compile("|".join(alts), re.IGNORECASE)
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def safe_snippet(snippet_html: str, plain: str) -> Markup:
    """The store's highlighted snippet, used only if its sole markup is <mark>; otherwise plain text."""
    stripped = snippet_html.replace("<mark>", "").replace("</mark>", "")
    if "<" in stripped or ">" in stripped:
        return Markup(str(escape(plain)))
    return Markup(snippet_html)


def _map_points(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    points = []
    for ev in events[:MAP_MAX]:
        loc = ev.get("location")
        if not loc or not _in_box(loc["lat"], loc["lon"]):
            continue
        x, y = project(loc["lat"], loc["lon"])
        sev = 3 * (ev.get("killed") or 0) + (ev.get("injured") or 0)
        region = loc.get("geo_precision") == 3
        points.append(
            {
                "x": x,
                "y": y,
                "r": round(4 + min(10.0, math.sqrt(sev)), 1),
                "id": ev["event_id"],
                "cls": _TYPE_CLASS.get(ev["event_type"], "t-sd"),
                "title": headline(ev) + (f" (only the region is known: {loc.get('admin1')})" if region else ""),
                "date": ev.get("date") or "",
                # Only the oblast is known: drawn as a ring around the oblast's centre, not as a place.
                "region": region,
            }
        )
    # Big circles first so small ones stay clickable on top.
    return sorted(points, key=lambda p: (-p["r"], p["id"]))


TIMELINE_WIDTH = 760
TIMELINE_HEIGHT = 96
TIMELINE_AXIS = 18  # px under the bars for the date axis
TIMELINE_MAX_DAYS = 731  # longer views are binned by week


def _timeline(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Events per day on a real time axis: every day from the first to the last of the view, empty days
    included (a gap in the bars is a day without events), with month (or day) ticks. ``None`` for a view of
    one day. Views longer than two years are binned by week."""
    counts = Counter(e["date"] for e in events if e.get("date"))
    if len(counts) < 2:
        return None
    first, last = dt.date.fromisoformat(min(counts)), dt.date.fromisoformat(max(counts))
    span = (last - first).days + 1
    step_days = 7 if span > TIMELINE_MAX_DAYS else 1
    if step_days == 7:
        first -= dt.timedelta(days=first.weekday())
        span = (last - first).days + 1
    nbins = math.ceil(span / step_days)
    bins = [0] * nbins
    for day, n in counts.items():
        bins[(dt.date.fromisoformat(day) - first).days // step_days] += n
    top = max(bins)
    width, plot_h = TIMELINE_WIDTH, TIMELINE_HEIGHT - TIMELINE_AXIS
    step = width / nbins
    bars = []
    for i, n in enumerate(bins):
        day = first + dt.timedelta(days=i * step_days)
        if not n:
            continue
        h = max(2.0, n / top * (plot_h - 12))
        bars.append(
            {
                "day": day.isoformat(),
                "to": min(last, day + dt.timedelta(days=step_days - 1)).isoformat(),
                "n": n,
                "x": round(i * step, 2),
                "w": round(max(1.0, step - (1 if step > 3 else 0)), 2),
                "y": round(plot_h - h, 1),
                "h": round(h, 1),
            }
        )
    ticks = []
    if span <= 45:
        every = 1 if span <= 16 else 7
        for i in range(0, span, every):
            d = first + dt.timedelta(days=i)
            ticks.append({"x": round((i / step_days + 0.5) * step, 1), "label": d.strftime("%d %b") if i == 0 or d.day == 1 else d.strftime("%d")})
    else:
        d = dt.date(first.year, first.month, 1)
        months = []
        while d <= last:
            if d >= first:
                months.append(d)
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        keep = max(1, math.ceil(len(months) / 12))  # at most about 12 labels
        for j, m in enumerate(months):
            x = round((m - first).days / step_days * step, 1)
            label = m.strftime("%b %Y") if m.month == 1 or j == 0 else m.strftime("%b")
            ticks.append({"x": x, "label": label if j % keep == 0 else "", "major": True})
    return {
        "bars": bars,
        "ticks": ticks,
        "width": width,
        "height": TIMELINE_HEIGHT,
        "plot_h": plot_h,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "days": span,
        "step_days": step_days,
        "active_days": len(counts),
        "top": top,
    }


def _calendar(dates: list[str], shown: str | None, current: str | None = None) -> dict[str, Any] | None:
    """A month grid (Monday first) of the month of ``shown``, the days with stored events linked, with the
    nearest earlier and later months that have events: the day picker."""
    if not dates:
        return None
    day = dt.date.fromisoformat(shown) if shown else dt.date.fromisoformat(dates[-1])
    have = set(dates)
    month = f"{day.year:04d}-{day.month:02d}"
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month):
        weeks.append(
            [
                {
                    "day": d.isoformat(),
                    "n": d.day,
                    "in_month": d.month == day.month,
                    "has": d.isoformat() in have,
                    "current": d.isoformat() == current,
                }
                for d in week
            ]
        )
    months = sorted({d[:7] for d in dates})
    earlier = [m for m in months if m < month]
    later = [m for m in months if m > month]

    def last_day_of(m: str) -> str:
        return max(d for d in dates if d.startswith(m))

    def first_day_of(m: str) -> str:
        return min(d for d in dates if d.startswith(m))

    def month_label(m: str) -> str:
        return dt.date.fromisoformat(m + "-01").strftime("%b %Y")

    return {
        "title": day.strftime("%B %Y"),
        "weeks": weeks,
        "days_in_month": sum(1 for d in dates if d.startswith(month)),
        "prev": (month_label(earlier[-1]), last_day_of(earlier[-1])) if earlier else None,
        "next": (month_label(later[0]), first_day_of(later[0])) if later else None,
        "total_days": len(dates),
        "first": dates[0],
        "last": dates[-1],
    }


# Labels of the offline basemap: the oblasts and the main cities, from the bundled gazetteer.
LABEL_COUNTRIES = ("UA", "RU")
# Russian regions next to the front whose cities are labelled.
LABEL_RU_REGIONS = frozenset({"Belgorod", "Kursk", "Bryansk", "Rostov", "Voronezh", "Krasnodar"})
LABEL_MIN_POPULATION = 100_000
LABEL_MAJOR_POPULATION = 500_000  # with the capitals, shown from the first zoom level; the rest zoomed in
LABEL_MIN_KM = 15.0  # a "city" this close to a bigger labelled one is one of its districts


@lru_cache(maxsize=1)
def map_labels() -> dict[str, Any]:
    """Oblast names (with the gazetteer's point for the oblast, used when the outline has no match) and
    the main cities (population from GeoNames), each with a rank: 1 shown at every zoom, 2 and 3 as the map
    zooms in (map.js)."""
    from sitroom.reading.gazetteer import default_gazetteer

    places = default_gazetteer().places
    oblasts = [
        {"admin1": p.admin1, "name": p.name, "lat": round(p.lat, 3), "lon": round(p.lon, 3)}
        for p in places
        if p.kind == "oblast" and p.country == "UA" and p.admin1
    ]
    candidates = sorted(
        (
            p
            for p in places
            if p.kind == "settlement"
            and p.population >= LABEL_MIN_POPULATION
            and (p.country == "UA" or (p.country == "RU" and p.admin1 in LABEL_RU_REGIONS))
        ),
        key=lambda p: (-p.population, p.name),
    )
    # Rank 1: cities of half a million or more; rank 2: the other oblast (and border region) capitals,
    # which the gazetteer's oblast entries point at; rank 3: the other cities of 100,000 or more.
    centres = [
        (p.lat, p.lon)
        for p in places
        if p.kind == "oblast" and (p.country == "UA" or p.admin1 in LABEL_RU_REGIONS)
    ]

    def is_district(p: Any) -> bool:
        # GeoNames lists big city districts (Saltivka in Kharkiv, Pravyi Bereh in Mariupol) as populated
        # places without a raion; a city of its own has one (Kyiv and Sevastopol have special status).
        return p.admin2 is None and p.admin1 not in ("Kyiv City", "Sevastopol") and any(
            q.admin2 is not None and haversine_km(p.lat, p.lon, q.lat, q.lon) < LABEL_MIN_KM for q in candidates
        )

    cities: list[dict[str, Any]] = []
    for p in candidates:
        if is_district(p) or any(haversine_km(p.lat, p.lon, c["lat"], c["lon"]) < LABEL_MIN_KM for c in cities):
            continue
        capital = any(haversine_km(p.lat, p.lon, lat, lon) < 10 for lat, lon in centres)
        rank = 1 if p.population >= LABEL_MAJOR_POPULATION or p.admin1 == "Kyiv City" else 2 if capital else 3
        cities.append({"name": p.name, "lat": round(p.lat, 3), "lon": round(p.lon, 3), "rank": rank})
    return {"oblasts": sorted(oblasts, key=lambda o: o["admin1"]), "cities": cities}


def _row(ev: dict[str, Any]) -> dict[str, Any]:
    loc = ev.get("location") or {}
    place_terms = [loc.get("name") or "", loc.get("admin1") or ""]
    return {
        "id": ev["event_id"],
        "date": ev.get("date"),
        "headline": headline(ev),
        "status": status_phrase(ev.get("claim") or {}),
        "claim_status": (ev.get("claim") or {}).get("status", "reported"),
        "place": loc.get("name") or "—",
        "admin1": loc.get("admin1") or "",
        "country": loc.get("country") or "",
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "region_only": loc.get("geo_precision") == 3,
        "event_type": ev["event_type"],
        "sub_event_type": ev["sub_event_type"],
        "cls": _TYPE_CLASS.get(ev["event_type"], "t-sd"),
        "killed": ev.get("killed"),
        "injured": ev.get("injured"),
        "weapons": ev.get("weapons") or [],
        "targets": ev.get("targets") or [],
        "initiator": ev.get("initiator"),
        "sources_count": ev.get("sources_count", 1),
        "evidence": ev["evidence"][0]["text"],
        "lang": ev.get("lang") or "en",
        "reports": [
            {
                **r,
                "href": safe_url(r.get("url")),
                "label": source_name(r.get("source")) if r.get("source") else r.get("doc_id"),
                "evidence_html": [
                    highlight(e.get("text") or "", place_terms) for e in r.get("evidence") or ()
                ],
            }
            for r in ev.get("reports", [])
        ],
    }


SEARCH_FACETS = ("month", "type", "oblast", "source")
# Hits fetched before facets narrow them (a facet is counted over these).
SEARCH_POOL = 500


def search_results(st: Store, q: str, limit: int, facets: dict[str, str] | None = None) -> dict[str, Any]:
    """Passages matching ``q`` in any inflected form (``search.word_forms``), each with its documents (each
    once), the events whose evidence lies in it, and counts by month, type, oblast and source; ``facets``
    (``{"type": "Battles", ...}``) keeps only the hits that have that value."""
    hits = st.search(q, limit=max(limit, SEARCH_POOL), forms=word_forms)
    linked = st.passage_events([h["passage_id"] for h in hits])
    results = []
    for hit in hits:
        docs: dict[str, dict[str, Any]] = {}
        for d in hit.get("documents") or ():
            docs.setdefault(d["doc_id"], d)  # a passage twice in one document is one source
        events = linked.get(hit["passage_id"], [])
        values = {
            "month": {(e.get("date") or "")[:7] for e in events if e.get("date")}
            | {(d.get("published") or "")[:7] for d in docs.values() if d.get("published")},
            "type": {e["event_type"] for e in events},
            "oblast": {e["admin1"] for e in events if e.get("admin1")},
            "source": {d["source"] for d in docs.values() if d.get("source")},
        }
        results.append({**hit, "documents": list(docs.values()), "events": events, "facets": values})
    wanted = {k: v for k, v in (facets or {}).items() if k in SEARCH_FACETS and v}
    kept = [r for r in results if all(v in r["facets"][k] for k, v in wanted.items())]
    counts = {
        k: sorted(Counter(v for r in kept for v in r["facets"][k]).items(), key=lambda kv: (-kv[1], kv[0]))
        for k in SEARCH_FACETS
    }
    for r in kept:
        r["facets"] = {k: sorted(v) for k, v in r["facets"].items()}
    return {"results": kept[:limit], "total": len(kept), "facets": counts, "filters": wanted}


def _jinja() -> Environment:
    env = Environment(
        loader=PackageLoader("sitroom.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A path segment (event ids go into /events/<id>) and a query string built from (name, value) pairs.
    env.filters["seg"] = lambda v: quote(str(v), safe="")
    env.filters["qs"] = lambda pairs: urlencode(list(pairs))
    env.filters["num"] = lambda v: "—" if v is None else v
    env.globals["vendor"] = VENDOR
    env.globals["tiles_url"] = TILES_URL if _TILE_ORIGIN else ""
    return env


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json", "/briefings.atom"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _query_dependency() -> Any:
    """The filter parameters shared by /api/events, the exports and the map page."""

    def event_query(
        date: str | None = Query(None, description="One day, YYYY-MM-DD.", examples=["2024-03-28"]),
        date_from: str | None = Query(None, description="First day of a range (inclusive), YYYY-MM-DD."),
        date_to: str | None = Query(None, description="Last day of a range (inclusive), YYYY-MM-DD."),
        admin1: str | None = Query(
            None,
            description="Oblast/region as ACLED writes it ('Kharkiv', 'Kyiv City', 'Belgorod'); "
            "case and a trailing 'Oblast' are ignored.",
        ),
        oblast: str | None = Query(None, description="Same as admin1."),
        country: str | None = Query(None, description="ISO country code, e.g. UA or RU."),
        event_type: str | None = Query(
            None, description="ACLED event type: " + ", ".join(exports.EVENT_TYPES)
        ),
        sub_event_type: str | None = Query(None, description="ACLED sub-event type, e.g. Air/drone strike."),
        weapon: list[str] | None = Query(
            None, description="Any of (repeat or comma-separate): " + ", ".join(exports.WEAPONS)
        ),
        target: list[str] | None = Query(
            None, description="Any of (repeat or comma-separate): " + ", ".join(exports.TARGETS)
        ),
        initiator: str | None = Query(None, description="Side that acted: " + ", ".join(exports.INITIATORS)),
        claim_status: str | None = Query(None, description="One of: " + ", ".join(exports.CLAIM_STATUSES)),
        source: str | None = Query(None, description="Part of a source name or URL, any case."),
        lang: str | None = Query(None, description="Language of any merged report: en, uk or ru."),
        sort: str | None = Query(
            None,
            description="One of: " + ", ".join(exports.SORTS) + " ('-' = descending; default: "
            "newest day first, then most severe).",
        ),
    ) -> EventQuery:
        try:
            return EventQuery.build(
                date=date,
                date_from=date_from,
                date_to=date_to,
                admin1=admin1 or oblast,
                country=country,
                event_type=event_type,
                sub_event_type=sub_event_type,
                weapon=weapon,
                target=target,
                initiator=initiator,
                claim_status=claim_status,
                source=source,
                lang=lang,
                sort=sort,
            )
        except QueryError as exc:
            raise ApiError(exc.status, exc.message) from exc

    return Depends(event_query)


def _day(value: str, name: str = "date") -> str:
    try:
        d = check_date(name, value)
    except QueryError as exc:
        raise ApiError(exc.status, exc.message) from exc
    if d is None:
        raise ApiError(400, f"{name} {exports.DATE_FORMAT_MESSAGE}")
    return d


def _neighbours(dates: list[str], day: str) -> tuple[str | None, str | None]:
    """The stored days just before and after ``day`` (which need not be stored itself)."""
    before = [d for d in dates if d < day]
    after = [d for d in dates if d > day]
    return (before[-1] if before else None), (after[0] if after else None)


def create_app(db_url: str, store: Store | None = None) -> FastAPI:
    """The web UI and JSON API over the store at ``db_url`` (or an already open ``store``)."""
    st = store or Store.open(db_url)
    env = _jinja()
    app = FastAPI(
        title="sitroom",
        version="0.1.0",
        description="Geocoded, source-linked conflict events from war reporting (en/uk/ru). Read-only.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = st
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """No icon: an empty answer instead of a 404 in every browser console."""
        return Response(status_code=204)
    q_dep = _query_dependency()

    def page(template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**ctx), status_code=status)

    def error_response(request: Request, status: int, message: str) -> Response:
        if _wants_html(request):
            return page("error.html", status=status, status_code=status, message=message)
        return _error_json(status, message)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        return _security_headers(response)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail) if exc.detail else "error")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Runs outside the middleware stack: add the headers here. The message names no internals.
        return _security_headers(error_response(request, 500, "internal server error"))

    # ------------------------------------------------------------------ API

    @app.get(
        "/api/events", tags=["events"], responses=ERROR_RESPONSES, response_model=dict[str, Any]
    )
    def api_events(
        q: EventQuery = q_dep,
        limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description="Page size (1-1000)."),
        offset: int = Query(0, ge=0, description="Events to skip."),
    ) -> Response:
        """Merged events of a filtered view, each valid against the event schema plus ``reports`` (every
        source report merged into it) and ``sources_count``; ``total`` counts the whole view."""
        events, total = exports.select_events_json(st, q, limit=limit, offset=offset)
        nxt = offset + limit if offset + limit < total else None
        meta = {
            "count": len(events),
            "total": total,
            "limit": limit,
            "offset": offset,
            "next_offset": nxt,
            "sort": q.sort,
        }
        # The store hands out each event as JSON text: the page is joined, not parsed and re-encoded
        # (FastAPI's encoder walk plus json.dumps cost more than the SQL on a full page).
        body = '{"events": [' + ", ".join(events) + "], " + json.dumps(meta)[1:]
        return Response(body.encode("utf-8"), media_type="application/json")

    @app.get("/api/events/{event_id}", tags=["events"], responses=ERROR_RESPONSES)
    def api_event(event_id: str) -> dict[str, Any]:
        """One merged event with all its reports."""
        ev = st.event(event_id)
        if ev is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return ev

    def export_route(fmt: exports.ExportFormat) -> Any:
        def run(
            q: EventQuery = q_dep,
            limit: int | None = Query(None, ge=1, description="At most this many events (default: all)."),
            offset: int = Query(0, ge=0),
        ) -> StreamingResponse:
            sel = select_events(st, q, limit=limit, offset=offset)
            name = f"sitroom-events-{q.describe()}.{fmt.extension}"
            return StreamingResponse(
                fmt.write(sel.events),
                media_type=fmt.media_type,
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )

        run.__doc__ = f"The filtered view (same filters and sort as /api/events) as {fmt.name}."
        return run

    for fmt in exports.FORMATS.values():
        app.add_api_route(
            f"/api/export.{fmt.name}",
            export_route(fmt),
            methods=["GET"],
            tags=["exports"],
            responses=ERROR_RESPONSES,
            response_class=StreamingResponse,
            name=f"export_{fmt.name.replace('.', '_')}",
        )

    @app.get("/api/briefings/{day}", tags=["briefings"], responses=ERROR_RESPONSES)
    def api_briefing(day: str) -> dict[str, Any]:
        """The daily briefing of that day as JSON (empty sections when nothing is stored)."""
        d = _day(day)
        data: dict[str, Any] = json.loads(render(build_briefing(st, d), "json"))
        return data

    @app.get("/api/search", tags=["search"], responses=ERROR_RESPONSES)
    def api_search(
        q: str = Query(
            "",
            description="Words to find in stored passages, all required; a Ukrainian, Russian or English word "
            "matches any of its inflected forms (Крим = Криму); a trailing * matches a prefix.",
        ),
        limit: int = Query(50, ge=1, le=500),
        month: str | None = Query(None, max_length=7, description="Only hits of this month, YYYY-MM."),
        type: str | None = Query(None, max_length=64, description="Only hits linked to an event of this type."),
        oblast: str | None = Query(None, max_length=100, description="Only hits linked to an event in this oblast."),
        source: str | None = Query(None, max_length=200, description="Only hits from this source."),
    ) -> dict[str, Any]:
        """Full-text search over stored passages, best first; ``snippet_html`` marks hits with <mark>. Each
        result lists its documents (each once) and ``events`` (the events whose evidence is in it);
        ``facets`` counts the hits by month, type, oblast and source."""
        if not q.strip():
            raise ApiError(400, "q must be a non-empty search text, e.g. /api/search?q=Pavlohrad")
        found = search_results(st, q, limit, {"month": month or "", "type": type or "", "oblast": oblast or "", "source": source or ""})
        return {
            "query": q,
            "results": found["results"],
            "count": len(found["results"]),
            "total": found["total"],
            "facets": {k: [{"value": v, "count": n} for v, n in vs] for k, vs in found["facets"].items()},
        }

    @app.get("/api/stats", tags=["meta"], responses=ERROR_RESPONSES)
    def api_stats() -> dict[str, int]:
        """Counts of what is stored: documents, passages, events (merged), reports, rejections."""
        return st.stats()

    @app.get("/api/dates", tags=["meta"], responses=ERROR_RESPONSES)
    def api_dates() -> dict[str, list[str]]:
        """Every day with at least one stored event, oldest first."""
        return {"dates": st.dates()}

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(q: EventQuery = q_dep) -> HTMLResponse:
        dates = st.dates()
        latest_default = False
        if not (q.date or q.date_from or q.date_to) and dates:
            # No day asked for: the latest day that has events, and the page says so.
            q = dataclasses.replace(q, date=dates[-1])
            latest_default = True
        sel = select_events(st, q) if dates else exports.Selection([], 0)
        prev_day, next_day = _neighbours(dates, q.date) if q.date else (None, None)
        return page(
            "index.html",
            q=q,
            params=q.params(),
            base_params=[p for p in q.params() if p[0] not in ("date", "date_from", "date_to")],
            prev_day=prev_day,
            next_day=next_day,
            total=sel.total,
            rows=[_row(e) for e in sel.events[:LIST_MAX]],
            points=_map_points(sel.events),
            located=sum(1 for e in sel.events if e.get("location")),
            timeline=_timeline(sel.events),
            calendar=_calendar(dates, q.date or q.date_to or q.date_from, current=q.date),
            latest_default=latest_default,
            region_only=sum(1 for e in sel.events if (e.get("location") or {}).get("geo_precision") == 3),
            legend_types=LEGEND_TYPES,
            legend_sizes=[(label, round(4 + min(10.0, math.sqrt(sev)), 1)) for label, sev in LEGEND_SIZES],
            cities=[{"name": n, "xy": project(lat, lon)} for n, lat, lon in MAP_CITIES],
            width=MAP_WIDTH,
            height=MAP_HEIGHT,
            stats=st.stats(),
            has_data=bool(dates),
            dates=list(reversed(dates))[:30],
            list_max=LIST_MAX,
            formats=list(exports.FORMATS),
            choices={
                "event_type": exports.EVENT_TYPES,
                "weapon": exports.WEAPONS,
                "target": exports.TARGETS,
                "initiator": exports.INITIATORS,
                "claim_status": exports.CLAIM_STATUSES,
                "lang": exports.LANGS,
                "sort": exports.SORTS,
            },
        )

    @app.get("/map/labels.js", include_in_schema=False)
    def labels_script() -> Response:
        """The basemap's labels (oblasts, main cities) from the bundled gazetteer, as a script (the CSP
        allows scripts from this site only, and no inline ones)."""
        body = "window.SITROOM_LABELS = " + json.dumps(map_labels(), ensure_ascii=False) + ";\n"
        return Response(
            body,
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        ev = st.event(event_id)
        if ev is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        nearby: list[tuple[float, dict[str, Any]]] = []
        loc = ev.get("location")
        if ev.get("date") and loc:
            for other in st.events(ev["date"], limit=MAX_PAGE):
                oloc = other.get("location")
                if other["event_id"] == ev["event_id"] or not oloc:
                    continue
                km = distance_km(loc, oloc)
                if km <= NEARBY_KM:
                    nearby.append((round(km, 1), _row(other)))
            nearby.sort(key=lambda n: n[0])
        return page("event.html", ev=_row(ev), raw=ev, nearby=nearby, nearby_km=NEARBY_KM)

    @app.get("/briefing/{day}", include_in_schema=False)
    def briefing_page(day: str, format: str = "html") -> Response:
        d = _day(day)
        if format not in ("html", "md", "json"):
            raise ApiError(422, "format must be html, md or json")
        b = build_briefing(st, d)
        if format == "md":
            return PlainTextResponse(render(b, "md"), media_type="text/markdown; charset=utf-8")
        if format == "json":
            return Response(render(b, "json"), media_type="application/json")
        prev_day, next_day = _neighbours(st.dates(), d)
        links = [(it.event_id, it.headline) for sec in b.sections for it in sec.items]
        return page(
            "briefing_page.html",
            b=b,
            body=Markup(render_html_body(b)),
            event_links=links,
            prev_day=prev_day,
            next_day=next_day,
        )

    @app.get("/briefings.atom", tags=["briefings"], responses=ERROR_RESPONSES)
    def briefings_feed(request: Request) -> Response:
        """Atom feed of the daily briefings of the latest stored days (newest first)."""
        days = st.dates()[-FEED_DAYS:]
        base = str(request.base_url).rstrip("/")
        return Response(
            render_atom(st, days, base_url=base), media_type="application/atom+xml; charset=utf-8"
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        q: str = "",
        limit: int = Query(50, ge=1, le=500),
        month: str = Query("", max_length=7),
        type: str = Query("", max_length=64),
        oblast: str = Query("", max_length=100),
        source: str = Query("", max_length=200),
    ) -> HTMLResponse:
        results = []
        found: dict[str, Any] = {"total": 0, "facets": {}, "filters": {}}
        if q.strip():
            found = search_results(st, q, limit, {"month": month, "type": type, "oblast": oblast, "source": source})
            for hit in found["results"]:
                docs = [
                    {**d, "href": safe_url(d.get("url")), "label": source_name(d["source"]) if d.get("source") else d["doc_id"]}
                    for d in hit["documents"]
                ]
                results.append(
                    {
                        "html": safe_snippet(hit.get("snippet_html") or "", hit.get("snippet") or ""),
                        "docs": docs,
                        "events": [{**e, "cls": _TYPE_CLASS.get(e["event_type"], "t-sd")} for e in hit["events"]],
                    }
                )
        filters = found["filters"]
        return page(
            "search.html",
            q=q,
            results=results,
            total=found["total"],
            facets=found["facets"],
            filters=filters,
            base=[("q", q)] + [(k, v) for k, v in filters.items()],
            source_labels={v: source_name(v) for v, _ in found["facets"].get("source", ())},
            searched=bool(q.strip()),
        )

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page() -> HTMLResponse:
        by_source: dict[str, dict[str, Any]] = {}
        for ev in exports.iter_matching(st, EventQuery()):
            for r in ev.get("reports") or ():
                name = r.get("source") or "unknown"
                s = by_source.setdefault(
                    name,
                    {"name": name, "docs": set(), "reports": 0, "langs": set(), "dates": set()},
                )
                s["docs"].add(r.get("doc_id"))
                s["reports"] += 1
                if r.get("lang"):
                    s["langs"].add(r["lang"])
                if r.get("published"):
                    s["dates"].add(r["published"])
        rows = sorted(
            (
                {
                    "name": s["name"],
                    "label": source_name(s["name"]),
                    "docs": len(s["docs"]),
                    "reports": s["reports"],
                    "langs": ", ".join(sorted(s["langs"])),
                    "first": min(s["dates"]) if s["dates"] else None,
                    "last": max(s["dates"]) if s["dates"] else None,
                }
                for s in by_source.values()
            ),
            key=lambda r: (-r["reports"], r["name"]),
        )
        return page("sources.html", sources=rows, stats=st.stats(), rejections=st.rejections(limit=500))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                params = [
                    {
                        "name": p["name"],
                        "where": p.get("in"),
                        "required": p.get("required", False),
                        "type": _schema_type(p.get("schema") or {}),
                        "description": p.get("description") or "",
                    }
                    for p in op.get("parameters") or ()
                ]
                ops.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary") or "",
                        "description": op.get("description") or "",
                        "tag": (op.get("tags") or [""])[0],
                        "params": params,
                        "responses": sorted(op.get("responses") or {}),
                    }
                )
        return page("docs.html", ops=ops, info=spec.get("info", {}))

    @app.get("/api/docs", include_in_schema=False)
    def old_docs() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app


DB_ENV = "SITROOM_DB"


def app_from_env() -> FastAPI:
    """The app over the store named in ``$SITROOM_DB``, for process managers that import a factory:
    ``SITROOM_DB=sitroom.db uvicorn sitroom.web.app:app_from_env --factory --workers 4`` serves one store
    from several processes (SQLite in WAL mode has any number of readers)."""
    url = os.environ.get(DB_ENV)
    if not url:
        raise RuntimeError(f"set {DB_ENV} to the database to serve (a path or a postgresql:// URL)")
    return create_app(url)


def _schema_type(schema: dict[str, Any]) -> str:
    """A short type label for the docs page from an OpenAPI parameter schema."""
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items') or {})}"
    return str(schema.get("type", "any"))
