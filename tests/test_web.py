"""Web: API shapes, every filter, paging and sort, the one error shape, pages, CSP and hostile input."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from pg import pg_server  # noqa: F401 - the session fixture, used through request.getfixturevalue
from store_samples import DAY, day_batch, hostile_batch, make_doc, make_event, passages_of

from sitroom.models import Claim, Location, Rejection
from sitroom.store.database import Store
from sitroom.web.app import CSP, create_app, highlight, safe_snippet, safe_url

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATHS = [
    REPO / "src" / "sitroom" / "data" / "event.schema.json",
    REPO.parent / "shared" / "contracts" / "event.schema.json",
]
HTML = {"accept": "text/html,application/xhtml+xml"}
# A place name and a rejection that try to inject markup into the SVG map and the sources page.
HOSTILE_PLACE = Location("<svg onload=alert(4)>Bakhmut", "Donetsk", "UA", 48.5953, 37.9999, 1, None, None)
HOSTILE_PATH = "<script>alert(5)</script>.html"


def extra_batch() -> list[Any]:
    """A Russian milblogger claim of 2024-03-26 with a hostile place name (third stored day)."""
    text = "По данным Rybar, штурмовые подразделения продвинулись в районе Бахмута, бои продолжаются."
    doc = make_doc("doc-x-ru", text, "t.me/rybar", "https://t.me/rybar/777", "2024-03-26", "ru")
    ev = make_event(
        doc,
        "ev-x1",
        text,
        etype="Battles",
        sub="Armed clash",
        loc=HOSTILE_PLACE,
        claim=Claim("claimed", "Rybar", "milblogger"),
        weapons=("armor", "small_arms"),
        date="2024-03-26",
    )
    return [(doc, passages_of(doc), [ev])]


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
    for item in day_batch() + hostile_batch() + extra_batch():
        s.add_document(*item)
    s.add_rejection(Rejection(HOSTILE_PATH, "parse_error", "javascript:alert(6) <b>bold</b>"))
    s.close()
    with TestClient(create_app(str(db))) as c:
        yield c


def ids(r: Any) -> list[str]:
    assert r.status_code == 200, r.text
    return [e["event_id"] for e in r.json()["events"]]


# ---------------------------------------------------------------------------------------------- API


def test_events_schema_valid_with_reports(client: TestClient, schema: dict) -> None:
    r = client.get(f"/api/events?date={DAY}")
    assert r.status_code == 200
    body = r.json()
    events = body["events"]
    assert len(events) == 6 and body["total"] == 6 and body["next_offset"] is None
    for ev in events:
        jsonschema.validate(ev, schema)
        assert ev["reports"] and all(
            {"doc_id", "source", "url", "published"} <= set(x) for x in ev["reports"]
        )
        assert ev["sources_count"] >= 1
    pav = next(e for e in events if e["event_id"] == "ev-a1")
    assert pav["killed"] == 6 and len(pav["reports"]) == 2


def test_events_paging(client: TestClient) -> None:
    page = client.get(f"/api/events?date={DAY}&limit=2&offset=1").json()
    assert page["count"] == 2 and page["total"] == 6 and page["next_offset"] == 3
    whole = ids(client.get(f"/api/events?date={DAY}"))
    assert [e["event_id"] for e in page["events"]] == whole[1:3]
    assert client.get("/api/events?date=2020-01-01").json()["events"] == []
    everything = client.get("/api/events").json()
    assert everything["total"] == 8 and len(everything["events"]) == 8  # all dates, newest first
    assert [e["date"] for e in everything["events"]] == sorted(
        (e["date"] for e in everything["events"]), reverse=True
    )


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"date": DAY, "admin1": "Kharkiv"}, {"ev-d1", "ev-d2"}),
        ({"date": DAY, "admin1": "kharkiv oblast"}, {"ev-d1", "ev-d2"}),
        ({"date": DAY, "oblast": "Dnipropetrovsk"}, {"ev-a1"}),
        ({"date_from": "2024-03-26", "date_to": "2024-03-27"}, {"ev-x1", "ev-h1"}),
        ({"date_from": "2024-03-28"}, {"ev-a1", "ev-c1", "ev-d1", "ev-d2", "ev-e1", "ev-f1"}),
        ({"date_to": "2024-03-26"}, {"ev-x1"}),
        ({"event_type": "Battles"}, {"ev-x1"}),
        ({"sub_event_type": "Shelling/artillery/missile attack", "date": DAY}, {"ev-c1", "ev-d1", "ev-d2"}),
        ({"country": "ru"}, {"ev-c1", "ev-e1"}),
        ({"weapon": "shahed"}, {"ev-a1", "ev-f1"}),
        ({"weapon": "shahed,armor"}, {"ev-a1", "ev-f1", "ev-x1"}),
        ({"weapon": ["drone", "armor"]}, {"ev-a1", "ev-e1", "ev-x1"}),
        ({"target": "civilians"}, {"ev-c1"}),
        ({"initiator": "UA"}, {"ev-c1", "ev-e1"}),
        ({"claim_status": "claimed"}, {"ev-e1", "ev-x1"}),
        ({"claim_status": "unconfirmed"}, {"ev-h1"}),
        ({"source": "reuters"}, {"ev-e1"}),
        ({"source": "dnipropetrovskaODA"}, {"ev-a1"}),  # a merged report's source counts
        ({"lang": "uk"}, {"ev-a1", "ev-f1"}),
        ({"lang": "ru"}, {"ev-c1", "ev-x1"}),
        ({"date": DAY, "weapon": "artillery", "admin1": "Belgorod"}, {"ev-c1"}),
    ],
)
def test_events_filters(client: TestClient, params: dict, expected: set[str]) -> None:
    r = client.get("/api/events", params=params)
    assert set(ids(r)) == expected and r.json()["total"] == len(expected)


def test_events_sort(client: TestClient) -> None:
    killed = client.get("/api/events", params={"sort": "-killed"}).json()["events"]
    assert [e["killed"] for e in killed[:2]] == [6, 1] and all(e["killed"] is None for e in killed[2:])
    oldest = ids(client.get("/api/events", params={"sort": "date"}))
    assert oldest[0] == "ev-x1" and oldest[1] == "ev-h1"
    injured = client.get("/api/events", params={"sort": "-injured", "limit": 1}).json()
    assert injured["events"][0]["event_id"] == "ev-a1" and injured["next_offset"] == 1


def test_event_by_id(client: TestClient, schema: dict) -> None:
    r = client.get("/api/events/ev-a1")
    assert r.status_code == 200
    jsonschema.validate(r.json(), schema)
    assert [x["published"] for x in r.json()["reports"]] == [DAY, "2024-03-29"]


@pytest.mark.parametrize(
    "url,status,needle",
    [
        ("/api/events?date=28-03-2024", 400, "YYYY-MM-DD"),
        ("/api/events?date=2024-02-30", 400, "YYYY-MM-DD"),
        ("/api/events?date=yesterday", 400, "YYYY-MM-DD"),
        ("/api/events?date_from=2024-03-28&date_to=2024-03-01", 400, "after"),
        ("/api/events?date=2024-03-28&date_from=2024-03-01", 400, "either"),
        ("/api/events?limit=0", 422, "limit"),
        ("/api/events?limit=abc", 422, "limit"),
        ("/api/events?limit=5000", 422, "limit"),
        ("/api/events?offset=-1", 422, "offset"),
        ("/api/events?event_type=Shelling", 422, "event_type"),
        ("/api/events?weapon=laser", 422, "weapon"),
        ("/api/events?claim_status=true", 422, "claim_status"),
        ("/api/events?lang=de", 422, "lang"),
        ("/api/events?sort=random", 422, "sort"),
        ("/api/events?country=Ukraine", 422, "country"),
        ("/api/events/does-not-exist", 404, "does-not-exist"),
        ("/api/briefings/2024-13-01", 400, "YYYY-MM-DD"),
        ("/api/export.csv?date=nope", 400, "YYYY-MM-DD"),
        ("/api/export.geojson?weapon=laser", 422, "weapon"),
        ("/api/export.xlsx", 404, "Not Found"),
        ("/api/search", 400, "q"),
        ("/api/search?q=x&limit=0", 422, "limit"),
        ("/api/nope", 404, "Not Found"),
    ],
)
def test_api_error_shape(client: TestClient, url: str, status: int, needle: str) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status and needle in body["error"]["message"]
    assert r.headers["content-security-policy"] == CSP


def test_write_methods_refused_with_error_shape(client: TestClient) -> None:
    for method in ("post", "put", "delete"):
        r = getattr(client, method)("/api/events")
        assert r.status_code == 405 and r.json()["error"]["status"] == 405


class BrokenStore(Store):
    """A store whose reads fail, to see the 500 answer."""

    def events(self, *a: Any, **k: Any) -> list[dict[str, Any]]:
        raise RuntimeError("database exploded at /secret/path")

    def find_events(self, *a: Any, **k: Any) -> list[dict[str, Any]]:
        raise RuntimeError("database exploded at /secret/path")

    def find_events_json(self, *a: Any, **k: Any) -> list[str]:
        raise RuntimeError("database exploded at /secret/path")


def test_server_error_shape(tmp_path: Path) -> None:
    s = Store.open(str(tmp_path / "broken.db"))
    broken = BrokenStore(s.engine, s.url)
    with TestClient(create_app(s.url, store=broken), raise_server_exceptions=False) as c:
        r = c.get(f"/api/events?date={DAY}")
        assert r.status_code == 500
        assert r.json() == {"error": {"status": 500, "message": "internal server error"}}
        assert "/secret/path" not in r.text and r.headers["content-security-policy"] == CSP
        page = c.get("/sources", headers=HTML)
        assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    s.close()


def test_briefing_api(client: TestClient) -> None:
    b = client.get(f"/api/briefings/{DAY}").json()
    assert b["date"] == DAY and b["events_count"] == 6
    assert any(s["key"] == "ru_border" for s in b["sections"])
    assert client.get("/api/briefings/2023-05-05").json()["events_count"] == 0


def test_stats_and_dates(client: TestClient) -> None:
    assert client.get("/api/stats").json() == {
        "documents": 8,
        "passages": 11,
        "events": 8,
        "reports": 9,
        "rejections": 1,
    }
    assert client.get("/api/dates").json() == {"dates": ["2024-03-26", "2024-03-27", DAY]}


def test_search_api(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Павлоград"}).json()
    assert body["count"] >= 1 and "<mark>" in body["results"][0]["snippet_html"]
    assert body["results"][0]["documents"][0]["doc_id"] == "doc-b-uk"
    ru = client.get("/api/search", params={"q": "Журавлевка"}).json()
    assert ru["count"] == 1 and ru["results"][0]["documents"][0]["source"] == "t.me/vvgladkov"
    assert client.get("/api/search", params={"q": '"unbalanced OR ( NEAR'}).status_code == 200


def test_search_finds_every_inflected_form_and_links_events(client: TestClient) -> None:
    """Павлоград (nominative in the text) is found from the genitive, dative and locative too; each hit
    names the events whose evidence is in it and its source once."""
    base = client.get("/api/search", params={"q": "Павлоград"}).json()
    assert base["count"] >= 1
    for form in ("Павлограда", "Павлограду", "Павлограді", "загиблі"):
        body = client.get("/api/search", params={"q": form}).json()
        assert [r["passage_id"] for r in body["results"]] == [r["passage_id"] for r in base["results"]] or (
            form == "загиблі" and body["count"] >= 1
        ), form
    hit = base["results"][0]
    assert [e["event_id"] for e in hit["events"]] == ["ev-a1"]  # the merged event of the Pavlohrad report
    assert len({d["doc_id"] for d in hit["documents"]}) == len(hit["documents"])
    assert {f["value"] for f in base["facets"]["oblast"]} == {"Dnipropetrovsk"}
    assert {f["value"] for f in base["facets"]["source"]} == {"t.me/dnipropetrovskaODA"}
    narrowed = client.get("/api/search", params={"q": "Павлоград", "source": "nobody"}).json()
    assert narrowed["count"] == 0
    # English: singular and plural.
    assert client.get("/api/search", params={"q": "building"}).json()["count"] >= 1


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_inflected_search_is_the_same_on_both_backends(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    from sitroom.web.search import word_forms

    url = str(tmp_path / "s.db") if backend == "sqlite" else request.getfixturevalue("pg_server").fresh_url()
    st = Store.open(url)
    try:
        for item in day_batch():
            st.add_document(*item)
        plain = [h["passage_id"] for h in st.search("Павлоград")]
        assert plain
        assert st.search("Павлограду") == []  # without forms only the written form matches
        for form in ("Павлограду", "Павлограді", "павлограда"):
            hits = st.search(form, forms=word_forms)
            assert [h["passage_id"] for h in hits] == plain, form
            assert "<mark>Павлоград</mark>" in hits[0]["snippet_html"]
        assert st.search("Павлограду building", forms=word_forms) == []  # every word still required
        linked = st.passage_events(plain)
        assert [e["event_id"] for e in linked[plain[0]]] == ["ev-a1"]
    finally:
        st.close()


def test_word_forms() -> None:
    from sitroom.web.search import word_forms

    assert {"криму", "кримом", "кримі"} <= set(word_forms("Крим"))
    assert set(word_forms("Крим")) == set(word_forms("Криму"))
    assert {"крым", "крыму", "крыме"} <= set(word_forms("Крыму"))  # ы: Russian only
    assert "новофедорівці" in word_forms("Новофедорівка")  # a village the dictionary guesses
    assert {"вибух", "вибухи", "вибухів"} <= set(word_forms("вибухи"))
    assert word_forms("airbases")[:2] == ["airbases", "airbase"] and "strikes" in word_forms("strike")
    assert word_forms("news") == ["news"] and word_forms("42") == ["42"]


def test_search_page_links_events_sources_and_facets(client: TestClient) -> None:
    r = client.get("/search", params={"q": "Павлограду"}, headers=HTML)
    assert r.status_code == 200
    page = r.text
    assert "/events/ev-a1" in page
    assert "https://t.me/dnipropetrovskaODA/12345" in page and "source=t.me%2FdnipropetrovskaODA" in page
    assert "Oblast</h2>" in page and "Dnipropetrovsk" in page
    assert "<mark>Павлоград</mark>" in page


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/briefings/{day}",
        "/api/search",
        "/api/stats",
        "/api/export.csv",
        "/api/export.acled.csv",
        "/api/export.geojson",
        "/api/export.jsonl",
    } <= paths
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {
        "date",
        "date_from",
        "date_to",
        "admin1",
        "weapon",
        "target",
        "initiator",
        "claim_status",
    } <= params
    assert {"source", "lang", "sort", "limit", "offset"} <= params
    assert "ErrorBody" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/export.acled.csv" in docs.text and "claim_status" in docs.text
    assert docs.headers["content-security-policy"] == CSP
    assert_inert(docs.text)  # no CDN script, no inline script
    assert client.get("/api/docs", follow_redirects=False).headers["location"] == "/docs"


# ---------------------------------------------------------------------------------------------- pages


class TagAudit(HTMLParser):
    """Collects what a browser would treat as active content."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[str | None] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "iframe", "object", "embed", "style", "base", "meta") and not (
            tag == "meta" and dict(attrs).keys() <= {"charset", "name", "content"}
        ):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "xlink:href") and value:
                if re.match(r"^\s*(javascript|data|vbscript):", value, re.IGNORECASE):
                    self.problems.append(f"{tag} {name}={value}")
                if re.match(r"^(https?:)?//", value) and tag in ("script", "link"):
                    self.problems.append(f"third-party {tag} {value}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("inline script")


def assert_inert(page: str) -> None:
    audit = TagAudit()
    audit.feed(page)
    assert audit.problems == []
    # our own scripts only, all from /static (the Leaflet bundle when `make assets` built it)
    leaflet = ["/static/vendor/leaflet.js", "/static/vendor/leaflet.markercluster.js", "/static/vendor/basemap.js",
               "/map/labels.js", "/static/map.js"]
    assert audit.scripts in ([], ["/static/app.js"], ["/static/app.js", *leaflet])


def test_csp_and_security_headers(client: TestClient) -> None:
    urls = ("/", "/api/stats", f"/briefing/{DAY}", "/api/events?date=bad", "/search?q=x", "/sources", "/docs")
    for url in urls + ("/events/ev-a1", "/static/app.js", "/nope"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP


def test_index_page(client: TestClient) -> None:
    r = client.get(f"/?date={DAY}")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    # the unlocated event has no point; the one known only to its oblast is a ring, not a point
    assert "<svg" in r.text and r.text.count('class="pt"') + r.text.count('class="pt region"') == 5
    assert '<strong id="count">6</strong> events in view' in r.text
    assert f'href="/briefing/{DAY}"' in r.text and 'rel="prev" href="/?date=2024-03-27"' in r.text
    assert f"/api/export.acled.csv?date={DAY}" in r.text and f"/api/export.geojson?date={DAY}" in r.text
    assert '<script src="/static/app.js">' in r.text
    assert 'name="weapon"' in r.text and 'name="claim_status"' in r.text and 'name="lang"' in r.text
    default = client.get("/")  # latest date by default, and the page says so
    assert default.status_code == 200 and '<strong id="count">6</strong>' in default.text
    assert f"Showing the latest day with events, {DAY} (3 days have events" in default.text
    assert "latest-note" not in r.text  # a day asked for is not announced as the default
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in r.text


def test_index_filters_range_and_histogram(client: TestClient) -> None:
    r = client.get("/", params={"date_from": "2024-03-26", "date_to": DAY, "lang": "ru", "weapon": ""})
    assert r.status_code == 200 and '<strong id="count">2</strong>' in r.text
    assert 'class="bar"' in r.text and "Events per day" in r.text  # two days in view
    assert "export.csv?date_from=2024-03-26&amp;date_to=2024-03-28&amp;lang=ru" in r.text
    none = client.get("/", params={"date": DAY, "claim_status": "denied"})
    assert "No event matches these filters." in none.text
    assert client.get("/?event_type=Nope", headers=HTML).status_code == 422


def test_timeline_is_a_time_axis_with_empty_days() -> None:
    from sitroom.web.app import _timeline

    evs = [{"date": "2024-03-01"}, {"date": "2024-03-01"}, {"date": "2024-03-05"}]
    tl = _timeline(evs)
    assert tl is not None and tl["days"] == 5 and tl["active_days"] == 2 and tl["step_days"] == 1
    # bars stand where their day is on the axis: the empty 2nd-4th keep their place
    step = tl["width"] / 5
    assert [(b["day"], b["n"], b["x"]) for b in tl["bars"]] == [("2024-03-01", 2, 0.0), ("2024-03-05", 1, round(4 * step, 2))]
    assert [t["label"] for t in tl["ticks"]] == ["01 Mar", "02", "03", "04", "05"]
    long = _timeline([{"date": "2022-02-24"}, {"date": "2022-08-09"}, {"date": "2023-10-17"}])
    assert long is not None and long["days"] == 601 and long["step_days"] == 1
    assert [t["label"] for t in long["ticks"]][:2] == ["Mar 2022", ""]  # about 12 month labels at most
    assert sum(1 for t in long["ticks"] if t["label"]) <= 12
    assert _timeline([{"date": "2024-03-01"}]) is None


def test_index_has_legend_calendar_and_timeline(client: TestClient) -> None:
    r = client.get("/", params={"date_from": "2024-03-26", "date_to": DAY})
    page = r.text
    assert 'id="legend"' in page and "Explosions/remote violence" in page and "killed×3 + injured" in page
    assert "only the oblast is known" in page
    assert 'id="timeline" data-first="2024-03-26" data-days="3"' in page
    assert 'class="calendar"' in page and "March 2024" in page
    for day in ("2024-03-26", "2024-03-27", DAY):
        assert f'href="/?date={day}" title="{day}: events"' in page  # the day picker links days with events
    assert 'id="filters-box" open' in page  # folded on a phone by app.js, open without JavaScript
    one_day = client.get("/", params={"date": DAY}).text
    assert 'id="all-days" href="/?date_from=2024-03-26&amp;date_to=2024-03-28"' in one_day


def test_map_labels_come_from_the_gazetteer(client: TestClient) -> None:
    r = client.get("/map/labels.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert r.text.startswith("window.SITROOM_LABELS = ")
    data = json.loads(r.text.removeprefix("window.SITROOM_LABELS = ").rstrip().rstrip(";"))
    oblasts = {o["admin1"] for o in data["oblasts"]}
    assert {"Kharkiv", "Crimea", "Zaporizhia", "Lviv"} <= oblasts and len(oblasts) >= 24
    cities = {c["name"]: c["rank"] for c in data["cities"]}
    assert cities["Kyiv"] == 1 and cities["Kharkiv"] == 1 and cities["Belgorod"] == 2 and cities["Sumy"] == 2
    assert cities["Mariupol"] == 3 and cities["Pavlohrad"] == 3
    assert "Saltivka" not in cities  # a district of Kharkiv, not a city of its own
    assert 40 <= len(cities) <= 120


def test_event_page(client: TestClient) -> None:
    r = client.get("/events/ev-a1")
    assert r.status_code == 200 and "Pavlohrad" in r.text and "kyivindependent.com" in r.text
    assert "Figures as reported" in r.text and "2024-03-29" in r.text
    assert "<mark>Pavlohrad</mark>" in r.text and "<mark>12</mark>" in r.text  # highlighted evidence
    assert "Кількість загиблих" in r.text  # the Ukrainian report, merged
    khutory = client.get("/events/ev-d2").text
    assert 'href="/events/ev-d1"' in khutory and "km" in khutory  # Vovchansk is nearby
    missing = client.get("/events/nope", headers=HTML)
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_briefing_page(client: TestClient) -> None:
    r = client.get(f"/briefing/{DAY}")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "Pavlohrad" in r.text and "border regions (Belgorod" in r.text
    assert 'href="/events/ev-a1"' in r.text and 'href="/briefings.atom"' in r.text
    assert 'rel="prev" href="/briefing/2024-03-27"' in r.text and "no later day" in r.text
    mid = client.get("/briefing/2024-03-27").text
    assert 'rel="prev" href="/briefing/2024-03-26"' in mid and f'rel="next" href="/briefing/{DAY}"' in mid
    assert "No events stored for 2023-05-05" in client.get("/briefing/2023-05-05").text
    assert client.get("/briefing/28.03.2024").status_code == 400
    assert client.get(f"/briefing/{DAY}?format=json").json()["date"] == DAY
    assert client.get(f"/briefing/{DAY}?format=md").text.startswith("# Daily briefing")
    assert client.get(f"/briefing/{DAY}?format=pdf").status_code == 422
    assert "<style>" not in r.text  # the site version uses the stylesheet (CSP has no unsafe-inline)


def test_atom_feed(client: TestClient) -> None:
    r = client.get("/briefings.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    assert r.text.count("<entry>") == 3 and f"/briefing/{DAY}" in r.text
    assert "<script>" not in r.text  # hostile text of 2024-03-27 is escaped inside the entry


def test_search_page(client: TestClient) -> None:
    r = client.get("/search", params={"q": "Павлоград"})
    assert r.status_code == 200 and "<mark>Павлоград</mark>" in r.text and "t.me/dnipropetrovskaODA" in r.text
    assert "1 passage found" in r.text
    assert "passages found" not in client.get("/search").text
    en = client.get("/search", params={"q": "Vovchansk"}).text
    assert "<mark>Vovchansk</mark>" in en and "Ukrinform" in en


def test_sources_page(client: TestClient) -> None:
    r = client.get("/sources")
    assert r.status_code == 200
    for name in ("Kyiv Independent", "Reuters", "t.me/vvgladkov", "Ukrainska Pravda"):
        assert name in r.text
    assert "parse_error" in r.text and "&lt;script&gt;alert(5)&lt;/script&gt;.html" in r.text
    assert "8 documents ingested" in r.text and "1 inputs rejected" in r.text


def test_hostile_text_stays_inert_everywhere(client: TestClient) -> None:
    pages = [
        "/?date=2024-03-27",
        "/?date=2024-03-26",
        "/?date_from=2024-03-26",
        "/events/ev-h1",
        "/events/ev-x1",
        "/briefing/2024-03-27",
        "/briefing/2024-03-26",
        "/search?q=Kherson",
        "/search?q=" + "<script>alert(7)</script>",
        "/sources",
        "/events/%3Cimg%20src%3Dx%20onerror%3Dalert(8)%3E",
        "/?admin1=%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E",
    ]
    for url in pages:
        r = client.get(url, headers=HTML)
        assert r.status_code in (200, 404), url
        assert_inert(r.text)
        assert "<script>alert" not in r.text and "<svg onload" not in r.text and "<b " not in r.text
    h1 = client.get("/events/ev-h1").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in h1  # shown as text
    assert 'href="javascript:' not in h1 and "javascript:alert(1)" in h1  # the bad URL is text, not a link
    assert "&lt;svg onload=alert(4)&gt;Bakhmut" in client.get("/?date=2024-03-26").text
    missing = client.get("/events/%3Cimg%20src%3Dx%3E", headers=HTML)
    assert missing.status_code == 404 and "no event with id &#39;&lt;img src=x&gt;&#39;" in missing.text
    api = client.get("/api/events/ev-h1").json()  # the API returns the data as it is: JSON, not HTML
    assert api["reports"][0]["url"] == "javascript:alert(1)"
    assert client.get("/api/events/ev-h1").headers["content-type"].startswith("application/json")


def test_helpers() -> None:
    assert (
        str(highlight("<b>5</b> killed in Sumy", ["Sumy"]))
        == "&lt;b&gt;<mark>5</mark>&lt;/b&gt; killed in <mark>Sumy</mark>"
    )
    assert str(highlight("Обстріл Херсона: 3 поранених")) == "Обстріл Херсона: <mark>3</mark> поранених"
    assert str(safe_snippet("a <mark>b</mark> c", "a b c")) == "a <mark>b</mark> c"
    assert str(safe_snippet("<img src=x> <mark>b</mark>", "<img src=x> b")) == "&lt;img src=x&gt; b"
    assert safe_url("https://t.me/x/1") == "https://t.me/x/1"
    for bad in (
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        'https://x.y/"onmouseover=',
        None,
    ):
        assert safe_url(bad) is None


def test_static_assets(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media (max-width" in css.text


def test_memory_store_app() -> None:
    s = Store.open(":memory:")
    for item in day_batch():
        s.add_document(*item)
    with TestClient(create_app(":memory:", store=s)) as c:
        assert c.get("/api/stats").json()["events"] == 6
        assert c.get("/api/events").json()["total"] == 6


def test_empty_store_pages(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "empty.db"))) as c:
        assert "No events stored yet" in c.get("/").text
        assert c.get("/api/events").json()["events"] == []
        assert c.get("/sources").status_code == 200
