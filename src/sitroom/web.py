"""Stage 8 (first version): read-only web UI and JSON API over a store.

``create_app(db_url)`` returns a FastAPI app; the CLI runs it with uvicorn. Pages are Jinja2 templates with
autoescaping (every string from a source is escaped); the map is a server-rendered SVG of event points over
a fixed Ukraine + border-regions box (equirectangular, scaled by cos(latitude)), so it needs no tiles, no
CDN and no third-party JS. Our own small ``static/app.js`` only adds list filtering and point highlighting.
A strict Content-Security-Policy goes on every response. API errors share one shape:
``{"error": {"status": int, "message": str}}``.
"""

from __future__ import annotations

import math
import re
from datetime import date as date_cls
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .briefing import build_briefing, headline, jinja_env, render, safe_url, section_key, status_phrase
from .store import Store

STATIC_DIR = Path(__file__).parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
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
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FORMAT_MESSAGE = "date must be a calendar date in the form YYYY-MM-DD, e.g. 2024-03-28"
_TYPE_CLASS = {
    "Battles": "t-battle",
    "Explosions/Remote violence": "t-remote",
    "Violence against civilians": "t-vac",
    "Protests": "t-unrest",
    "Riots": "t-unrest",
    "Strategic developments": "t-sd",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _check_date(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _DATE_RE.match(value):
        raise ApiError(400, DATE_FORMAT_MESSAGE)
    try:
        date_cls.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(400, DATE_FORMAT_MESSAGE) from exc
    return value


def _error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection into the SVG box (x right, y down)."""
    x = (lon - MAP_LON[0]) / (MAP_LON[1] - MAP_LON[0]) * MAP_WIDTH
    y = (MAP_LAT[1] - lat) / (MAP_LAT[1] - MAP_LAT[0]) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


def _in_box(lat: float, lon: float) -> bool:
    return MAP_LAT[0] <= lat <= MAP_LAT[1] and MAP_LON[0] <= lon <= MAP_LON[1]


def _map_points(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    points = []
    for ev in events:
        loc = ev.get("location")
        if not loc or not _in_box(loc["lat"], loc["lon"]):
            continue
        x, y = project(loc["lat"], loc["lon"])
        sev = 3 * (ev.get("killed") or 0) + (ev.get("injured") or 0)
        points.append(
            {
                "x": x,
                "y": y,
                "r": round(4 + min(10.0, math.sqrt(sev)), 1),
                "id": ev["event_id"],
                "cls": _TYPE_CLASS.get(ev["event_type"], "t-sd"),
                "title": headline(ev),
            }
        )
    # Big circles first so small ones stay clickable on top.
    return sorted(points, key=lambda p: (-p["r"], p["id"]))


def _row(ev: dict[str, Any]) -> dict[str, Any]:
    loc = ev.get("location") or {}
    return {
        "id": ev["event_id"],
        "date": ev.get("date"),
        "headline": headline(ev),
        "status": status_phrase(ev["claim"]),
        "place": loc.get("name") or "—",
        "admin1": loc.get("admin1") or "",
        "event_type": ev["event_type"],
        "sub_event_type": ev["sub_event_type"],
        "cls": _TYPE_CLASS.get(ev["event_type"], "t-sd"),
        "killed": ev.get("killed"),
        "injured": ev.get("injured"),
        "sources_count": ev.get("sources_count", 1),
        "evidence": ev["evidence"][0]["text"],
        "lang": ev.get("lang") or "en",
        "section": section_key(ev.get("location")),
        "reports": [{**r, "href": safe_url(r.get("url"))} for r in ev.get("reports", [])],
    }


def create_app(db_url: str, store: Store | None = None) -> FastAPI:
    """The web UI and JSON API over the store at ``db_url`` (or an already open ``store``)."""
    st = store or Store.open(db_url)
    env = jinja_env()
    app = FastAPI(
        title="sitroom",
        version="0.1.0",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = st
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        # Swagger UI under /api/docs loads its own assets from a CDN; everything else gets the strict policy.
        if not request.url.path.startswith("/api/docs"):
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        if _is_api(request):
            return _error_json(exc.status, exc.message)
        return PlainTextResponse(f"{exc.status}: {exc.message}\n", status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if _is_api(request):
            return _error_json(exc.status_code, message)
        return PlainTextResponse(f"{exc.status_code}: {message}\n", status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        message = "; ".join(parts) or "invalid request"
        if _is_api(request):
            return _error_json(400, message)
        return PlainTextResponse(f"400: {message}\n", status_code=400)

    # ------------------------------------------------------------------ API

    @app.get("/api/events")
    def api_events(
        date: str | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        limit: int = Query(MAX_PAGE, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        d = _check_date(date)
        events = st.events(d, limit=limit, offset=offset, admin1=admin1, event_type=event_type)
        return {"events": events, "count": len(events), "limit": limit, "offset": offset}

    @app.get("/api/events/{event_id}")
    def api_event(event_id: str) -> dict[str, Any]:
        ev = st.event(event_id)
        if ev is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return ev

    @app.get("/api/stats")
    def api_stats() -> dict[str, int]:
        return st.stats()

    @app.get("/api/dates")
    def api_dates() -> dict[str, list[str]]:
        return {"dates": st.dates()}

    @app.get("/api/search")
    def api_search(q: str = "", limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        if not q.strip():
            raise ApiError(400, "q must be a non-empty search text, e.g. /api/search?q=Pavlohrad")
        results = st.search(q, limit=limit)
        return {"query": q, "results": results, "count": len(results)}

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse)
    def index(
        date: str | None = None, admin1: str | None = None, event_type: str | None = None
    ) -> HTMLResponse:
        d = _check_date(date)
        dates = st.dates()
        if d is None and dates:
            d = dates[-1]
        events = (
            st.events(d, limit=MAX_PAGE, admin1=admin1 or None, event_type=event_type or None) if d else []
        )
        html = env.get_template("index.html").render(
            date=d,
            dates=list(reversed(dates))[:60],
            rows=[_row(e) for e in events],
            points=_map_points(events),
            cities=[{"name": n, "xy": project(lat, lon)} for n, lat, lon in MAP_CITIES],
            width=MAP_WIDTH,
            height=MAP_HEIGHT,
            stats=st.stats(),
            admin1=admin1 or "",
            event_type=event_type or "",
            event_types=sorted(_TYPE_CLASS),
        )
        return HTMLResponse(html)

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(event_id: str) -> HTMLResponse:
        ev = st.event(event_id)
        if ev is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return HTMLResponse(env.get_template("event.html").render(ev=_row(ev), raw=ev))

    @app.get("/briefing/{day}")
    def briefing_page(day: str, format: str = "html") -> Response:
        d = _check_date(day)
        assert d is not None
        if format not in ("html", "md", "json"):
            raise ApiError(400, "format must be html, md or json")
        b = build_briefing(st, d)
        if format == "md":
            return PlainTextResponse(render(b, "md"), media_type="text/markdown; charset=utf-8")
        if format == "json":
            return Response(render(b, "json"), media_type="application/json")
        return HTMLResponse(env.get_template("briefing.html").render(b=b, standalone=False))

    return app
