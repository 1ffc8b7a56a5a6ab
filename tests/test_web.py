"""Web: API shapes (schema-valid events + reports), error shape, CSP, escaping, pages, briefing."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient
from store_samples import DAY, day_batch, hostile_batch

from sitroom.store import Store
from sitroom.web import CSP, create_app

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATHS = [
    REPO / "src" / "sitroom" / "data" / "event.schema.json",
    REPO.parent / "shared" / "contracts" / "event.schema.json",
]


@pytest.fixture(scope="module")
def schema() -> dict:
    for p in SCHEMA_PATHS:
        if p.exists():
            return json.loads(p.read_text(encoding="utf-8"))
    pytest.skip("event.schema.json not found in src/sitroom/data or ../shared/contracts")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "web.db"
    s = Store.open(str(db))
    for item in day_batch() + hostile_batch():
        s.add_document(*item)
    s.close()
    with TestClient(create_app(str(db))) as c:
        yield c


def test_events_schema_valid_with_reports(client: TestClient, schema: dict) -> None:
    r = client.get(f"/api/events?date={DAY}")
    assert r.status_code == 200
    events = r.json()["events"]
    assert len(events) == 6
    for ev in events:
        jsonschema.validate(ev, schema)
        assert ev["reports"] and all(
            {"doc_id", "source", "url", "published"} <= set(x) for x in ev["reports"]
        )
        assert ev["sources_count"] >= 1
    pav = next(e for e in events if e["event_id"] == "ev-a1")
    assert pav["killed"] == 6 and len(pav["reports"]) == 2


def test_events_filters_and_paging(client: TestClient) -> None:
    r = client.get("/api/events", params={"date": DAY, "admin1": "Kharkiv"})
    assert {e["location"]["name"] for e in r.json()["events"]} == {"Vovchansk", "Vovchanski Khutory"}
    assert len(client.get(f"/api/events?date={DAY}&limit=2&offset=1").json()["events"]) == 2
    assert client.get("/api/events?date=2020-01-01").json()["events"] == []
    assert len(client.get("/api/events").json()["events"]) == 7  # all dates


def test_event_by_id(client: TestClient, schema: dict) -> None:
    r = client.get("/api/events/ev-a1")
    assert r.status_code == 200
    jsonschema.validate(r.json(), schema)


@pytest.mark.parametrize(
    "url,status,needle",
    [
        ("/api/events?date=28-03-2024", 400, "YYYY-MM-DD"),
        ("/api/events?date=2024-02-30", 400, "YYYY-MM-DD"),
        ("/api/events?date=yesterday", 400, "YYYY-MM-DD"),
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?limit=abc", 400, "limit"),
        ("/api/events/does-not-exist", 404, "does-not-exist"),
        ("/api/search", 400, "q"),
        ("/api/nope", 404, "Not Found"),
    ],
)
def test_api_error_shape(client: TestClient, url: str, status: int, needle: str) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert needle in body["error"]["message"]


def test_stats(client: TestClient) -> None:
    assert client.get("/api/stats").json() == {
        "documents": 7,
        "passages": 10,
        "events": 7,
        "reports": 8,
        "rejections": 0,
    }


def test_search(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Павлоград"}).json()
    assert body["count"] >= 1 and "<mark>" in body["results"][0]["snippet_html"]


def test_csp_and_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/stats", f"/briefing/{DAY}", "/api/events?date=bad"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"


def test_index_page(client: TestClient) -> None:
    r = client.get(f"/?date={DAY}")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "<svg" in r.text and r.text.count('class="pt"') == 5  # the unlocated event has no point
    assert f'href="/briefing/{DAY}"' in r.text
    assert '<script src="/static/app.js">' in r.text
    default = client.get("/")  # latest date by default
    assert default.status_code == 200 and DAY in default.text


def test_index_escapes_hostile_text(client: TestClient) -> None:
    r = client.get("/?date=2024-03-27")
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text
    assert "<img" not in r.text
    page = client.get("/events/ev-h1").text
    assert "<img" not in page and 'onmouseover="' not in page and 'href="javascript:' not in page


def test_event_page(client: TestClient) -> None:
    r = client.get("/events/ev-a1")
    assert r.status_code == 200 and "Pavlohrad" in r.text and "kyivindependent.com" in r.text
    assert client.get("/events/nope").status_code == 404


def test_briefing_page(client: TestClient) -> None:
    r = client.get(f"/briefing/{DAY}")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "Pavlohrad" in r.text and "Russia&#39;s border regions" in r.text
    assert "No events stored for 2023-05-05" in client.get("/briefing/2023-05-05").text
    assert client.get("/briefing/28.03.2024").status_code == 400
    assert client.get(f"/briefing/{DAY}?format=json").json()["date"] == DAY
    assert client.get(f"/briefing/{DAY}?format=md").text.startswith("# Daily briefing")
    hostile = client.get("/briefing/2024-03-27").text
    assert "<script>alert" not in hostile and "<img" not in hostile


def test_static_assets(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_memory_store_app() -> None:
    s = Store.open(":memory:")
    for item in day_batch():
        s.add_document(*item)
    with TestClient(create_app(":memory:", store=s)) as c:
        assert c.get("/api/stats").json()["events"] == 6
