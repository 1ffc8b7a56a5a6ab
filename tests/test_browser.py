"""The web UI in a real browser: Debian's Chromium, headless, driven by Selenium through chromedriver.

The server is the real one (uvicorn serving ``web.create_app``) on a loopback port over a SQLite file filled
by ``sitroom ingest`` from the demo corpus plus a hostile report. Nothing downloads a browser at test time:
``make test`` installs Debian's chromium and chromium-driver first when they are missing (scripts/
browser_deps.sh, as CI does). When they are still missing these tests FAIL with the command to run; set
``SITROOM_SKIP_BROWSER=1`` to skip them knowingly (the skip then says so in the summary).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SKIP_ENV = "SITROOM_SKIP_BROWSER"
HOW = (
    "run `make system-deps` (or `sudo apt-get install chromium chromium-driver`) and `make venv`; "
    f"set {SKIP_ENV}=1 to skip the browser tests knowingly"
)


PROBLEM: str | None = None
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - the dev extra has selenium
    PROBLEM = "selenium is not installed"

from sitroom.jobs.pipeline import ingest  # noqa: E402
from sitroom.models import Document, Rejection  # noqa: E402
from sitroom.options import Options  # noqa: E402
from sitroom.store.database import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if PROBLEM is None and not (CHROMIUM and CHROMEDRIVER):
    PROBLEM = "Chromium/ChromeDriver not installed"
if PROBLEM and os.environ.get(SKIP_ENV, "") not in ("", "0"):
    pytest.skip(f"{PROBLEM} ({SKIP_ENV} set): {HOW}", allow_module_level=True)


@pytest.fixture(scope="module", autouse=True)
def _browser_present() -> None:
    """No silent skip: without the browser every test here fails and says what to run."""
    if PROBLEM:
        pytest.fail(f"browser tests cannot run: {PROBLEM}: {HOW}", pytrace=False)


HOSTILE = {
    "id": "hostile-1",
    "text": (
        "Russian forces shelled Kherson <script>document.title='pwned'</script> overnight, "
        "killing two civilians <img src=x onerror=\"document.title='pwned'\">, the governor said."
    ),
    "published": "2022-08-09",
    "url": "javascript:document.title='pwned'",
    "source": "<b onmouseover=\"document.title='pwned'\">evil</b>",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ui_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store of the demo's reports (as `make demo` ingests them, not LICENSE-DATA.md) plus a
    hostile report."""
    tmp = tmp_path_factory.mktemp("browser")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "demo" / "corpus", corpus, ignore=shutil.ignore_patterns("LICENSE*"))
    (corpus / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp / 'ui.db'}"
    store = Store.open(url)
    try:
        items: list[Document | Rejection] = []
        ingest([corpus], store, Options(), on_item=items.append)
    finally:
        store.close()
    return url


def _serve(app: object) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(ui_db: str) -> Iterator[str]:
    from sitroom.web import app as web

    # No tile server in tests (no internet): the Leaflet map draws only the bundled offline outlines.
    web.TILES_URL = ""
    web._TILE_ORIGIN = None
    yield from _serve(web.create_app(ui_db))


@pytest.fixture(scope="module")
def svg_server(ui_db: str) -> Iterator[str]:
    """The same store served as without `make assets`: the server-drawn SVG map, no Leaflet."""
    from sitroom.web import app as web

    vendor = web.VENDOR
    web.VENDOR = False
    try:
        app = web.create_app(ui_db)
    finally:
        web.VENDOR = vendor
    yield from _serve(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait_url(driver: object, pred: Callable[[str], bool]) -> str:
    """Clicks navigate asynchronously: wait until the new page's URL is there (and the page loaded)."""
    WebDriverWait(driver, 15).until(  # type: ignore[arg-type]
        lambda d: pred(d.current_url) and d.execute_script("return document.readyState") == "complete"
    )
    return str(driver.current_url)  # type: ignore[attr-defined]


def _need_leaflet() -> None:
    from sitroom.web.app import VENDOR

    if not VENDOR:
        if os.environ.get(SKIP_ENV, "") not in ("", "0"):
            pytest.skip(f"Leaflet not built ({SKIP_ENV} set): `make assets` puts it in src/sitroom/web/static/vendor/")
        pytest.fail("Leaflet not built: run `make assets` (npm) to put it in src/sitroom/web/static/vendor/", pytrace=False)


def _count(driver: object) -> int:
    return int(driver.find_element(By.ID, "count").text)  # type: ignore[attr-defined]


def test_map_page_filters_and_opens_an_event(server: str, browser: object) -> None:
    d = browser
    d.get(f"{server}/?date=2022-08-09")  # type: ignore[attr-defined]
    assert "sitroom" in d.title  # type: ignore[attr-defined]
    total = _count(d)
    assert total > 5
    assert d.find_elements(By.CSS_SELECTOR, "svg#map circle")  # type: ignore[attr-defined]
    # filter to one oblast with the form, as a user would
    box = d.find_element(By.NAME, "admin1")  # type: ignore[attr-defined]
    box.clear()
    box.send_keys("Crimea")
    d.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()  # type: ignore[attr-defined]
    _wait_url(d, lambda u: "admin1=Crimea" in u)
    crimea = _count(d)
    assert 0 < crimea < total
    # open the first event: its page lists the merged reports with sources
    first = d.find_element(By.CSS_SELECTOR, "#events a.headline")  # type: ignore[attr-defined]
    first.click()
    _wait_url(d, lambda u: "/events/" in u)
    assert "Crimea" in d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]


def test_briefing_pages_link_day_to_day(server: str, browser: object) -> None:
    d = browser
    d.get(f"{server}/?date=2022-08-09")  # type: ignore[attr-defined]
    d.find_element(By.PARTIAL_LINK_TEXT, "Briefing for 2022-08-09").click()  # type: ignore[attr-defined]
    _wait_url(d, lambda u: u.endswith("/briefing/2022-08-09"))
    body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "Crimea" in body and "Novofedorivka" in body
    links = d.find_elements(By.CSS_SELECTOR, "a[rel=next], a[rel=prev]")  # type: ignore[attr-defined]
    assert links, "a briefing page links to the previous or next day"
    links[0].click()
    _wait_url(d, lambda u: "/briefing/" in u and not u.endswith("2022-08-09"))


def test_search_finds_passages_with_highlights(server: str, browser: object) -> None:
    d = browser
    d.get(f"{server}/search")  # type: ignore[attr-defined]
    q = d.find_element(By.NAME, "q")  # type: ignore[attr-defined]
    q.send_keys("Novofedorivka")
    q.submit()
    _wait_url(d, lambda u: "q=Novofedorivka" in u)
    marks = d.find_elements(By.TAG_NAME, "mark")  # type: ignore[attr-defined]
    assert marks and any("novofedorivka" in m.text.lower() for m in marks)


def test_hostile_text_stays_inert(server: str, browser: object) -> None:
    d = browser
    for path in ("/?date=2022-08-09&admin1=Kherson", "/search?q=Kherson", "/sources", "/briefing/2022-08-09"):
        d.get(server + path)  # type: ignore[attr-defined]
        assert d.title != "pwned", path  # type: ignore[attr-defined]
        assert not d.find_elements(By.CSS_SELECTOR, "img[src='x'], b[onmouseover]")  # type: ignore[attr-defined]
        hrefs = [a.get_attribute("href") or "" for a in d.find_elements(By.TAG_NAME, "a")]  # type: ignore[attr-defined]
        assert not any(h.lower().startswith("javascript:") for h in hrefs), path
    d.get(f"{server}/?date=2022-08-09&admin1=Kherson")  # type: ignore[attr-defined]
    link = next(
        a for a in d.find_elements(By.CSS_SELECTOR, "#events a.headline")  # type: ignore[attr-defined]
        if "Kherson" in a.text
    )
    link.click()
    _wait_url(d, lambda u: "/events/" in u)
    body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "<script>" in body or "onerror" in body, "the hostile markup is shown as text"
    assert d.title != "pwned"  # type: ignore[attr-defined]


def test_phone_width_has_no_horizontal_scroll(server: str, browser: object) -> None:
    d = browser
    d.set_window_size(390, 844)  # type: ignore[attr-defined]
    try:
        d.get(f"{server}/?date=2022-08-09")  # type: ignore[attr-defined]
        width = d.execute_script("return document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        inner = d.execute_script("return window.innerWidth")  # type: ignore[attr-defined]
        assert width <= inner + 1
        assert _count(d) > 0
    finally:
        d.set_window_size(1280, 1000)  # type: ignore[attr-defined]


def test_leaflet_map_with_offline_outlines_and_day_slider(server: str, browser: object) -> None:
    _need_leaflet()
    d = browser
    d.get(f"{server}/?date_from=2022-08-09&date_to=2022-08-10")  # type: ignore[attr-defined]
    WebDriverWait(d, 15).until(  # type: ignore[arg-type]
        lambda drv: drv.find_elements(By.CSS_SELECTOR, "#lmap.leaflet-container path.basemap")
    )
    assert not d.find_element(By.CSS_SELECTOR, "figure.map").is_displayed()  # type: ignore[attr-defined]
    WebDriverWait(d, 15).until(lambda drv: int(drv.find_element(By.ID, "inview").text) > 0)  # type: ignore[arg-type]
    markers = d.find_elements(By.CSS_SELECTOR, "#lmap path.lpt, #lmap .marker-cluster")  # type: ignore[attr-defined]
    assert markers
    # the day slider narrows list and map to one day
    slider, slider_to = d.find_elements(By.CSS_SELECTOR, "#day-slider input[type=range]")  # type: ignore[attr-defined]
    assert slider.is_displayed() and slider_to.is_displayed()
    shown_before = len([li for li in d.find_elements(By.CSS_SELECTOR, "#events li[data-id]") if li.is_displayed()])  # type: ignore[attr-defined]
    d.execute_script(  # type: ignore[attr-defined]
        "for (const r of arguments) { r.value='0'; r.dispatchEvent(new Event('input')); }", slider, slider_to
    )
    assert d.find_element(By.CSS_SELECTOR, "#day-slider output").text == "2022-08-09"  # type: ignore[attr-defined]
    shown_after = [li for li in d.find_elements(By.CSS_SELECTOR, "#events li[data-id]") if li.is_displayed()]  # type: ignore[attr-defined]
    assert 0 < len(shown_after) < shown_before
    assert all(li.get_attribute("data-date") == "2022-08-09" for li in shown_after)
    logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]  # type: ignore[attr-defined]
    assert not logs, logs


def test_offline_basemap_has_oblast_outlines(server: str, browser: object) -> None:
    _need_leaflet()
    d = browser
    d.get(f"{server}/?date=2022-08-09")  # type: ignore[attr-defined]
    WebDriverWait(d, 15).until(  # type: ignore[arg-type]
        lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#lmap path.basemap.oblast")) >= 25
    )


def _visible_items(d: object) -> list[object]:
    return [li for li in d.find_elements(By.CSS_SELECTOR, "#events li[data-id]") if li.is_displayed()]  # type: ignore[attr-defined]


def _labelled_map(d: object) -> None:
    """The Leaflet map with no tiles shows the gazetteer's oblast and city names and the legend."""
    WebDriverWait(d, 15).until(  # type: ignore[arg-type]
        lambda drv: drv.find_elements(By.CSS_SELECTOR, "#lmap .maplabel.city-label")
    )
    assert not d.find_elements(By.CSS_SELECTOR, "#lmap img.leaflet-tile")  # type: ignore[attr-defined]  # offline
    city_els = d.find_elements(By.CSS_SELECTOR, "#lmap .maplabel.city-label")  # type: ignore[attr-defined]
    every_city = {e.get_attribute("textContent") for e in city_els}
    assert {"Kyiv", "Kharkiv", "Odesa"} <= every_city, every_city
    shown = [e.text for e in city_els if e.text]  # on screen, in the map's view
    assert len(shown) >= 3, shown
    oblast_els = d.find_elements(By.CSS_SELECTOR, "#lmap .maplabel.oblast-label")  # type: ignore[attr-defined]
    oblasts = [e.get_attribute("textContent") for e in oblast_els]
    assert len(oblasts) >= 20 and any("Kharkiv" in o for o in oblasts), oblasts
    assert any(e.text for e in oblast_els), "an oblast name is on screen"
    legend = d.find_element(By.ID, "legend")  # type: ignore[attr-defined]
    assert legend.is_displayed()
    text = legend.text
    assert "Battles" in text and "killed×3 + injured" in text and "only the oblast is known" in text


def test_offline_map_is_labelled_with_a_legend_at_desktop_width(server: str, browser: object) -> None:
    _need_leaflet()
    d = browser
    d.get(f"{server}/?date=2022-08-10")  # type: ignore[attr-defined]
    _labelled_map(d)
    # events known only to their oblast (Crimea, Kherson and Rivne on that day) shade the oblast, not a point
    shaded = d.find_elements(By.CSS_SELECTOR, "#lmap path.basemap.oblast.shaded")  # type: ignore[attr-defined]
    assert shaded
    regional = d.find_elements(By.CSS_SELECTOR, "#events li[data-region]")  # type: ignore[attr-defined]
    assert regional and "only the oblast is known" in regional[0].text
    logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]  # type: ignore[attr-defined]
    assert not logs, logs


def test_phone_puts_the_labelled_map_first_with_filters_folded(server: str, browser: object) -> None:
    _need_leaflet()
    d = browser
    d.set_window_size(390, 844)  # type: ignore[attr-defined]
    try:
        d.get(f"{server}/")  # type: ignore[attr-defined]
        _labelled_map(d)
        inner_h = d.execute_script("return window.innerHeight")  # type: ignore[attr-defined]
        top = d.execute_script("return document.getElementById('lmap').getBoundingClientRect().top")  # type: ignore[attr-defined]
        assert top < inner_h / 2, f"the map starts at {top}px of a {inner_h}px screen"
        assert d.execute_script("return document.getElementById('filters-box').open") is False  # type: ignore[attr-defined]
        note = d.find_element(By.ID, "latest-note").text  # type: ignore[attr-defined]
        assert note.startswith("Showing the latest day with events")
        for path in ("/", "/sources", "/search?q=Криму", "/?date_from=2022-02-24&date_to=2022-08-10"):
            d.get(server + path)  # type: ignore[attr-defined]
            width = d.execute_script("return document.documentElement.scrollWidth")  # type: ignore[attr-defined]
            inner = d.execute_script("return document.documentElement.clientWidth")  # type: ignore[attr-defined]
            assert width <= inner + 1, (path, width, inner)
    finally:
        d.set_window_size(1280, 1000)  # type: ignore[attr-defined]


def test_day_picker_links_the_days_with_events(server: str, browser: object) -> None:
    d = browser
    d.get(f"{server}/?date=2022-08-09")  # type: ignore[attr-defined]
    days = [a.text for a in d.find_elements(By.CSS_SELECTOR, "table.calendar td.has a")]  # type: ignore[attr-defined]
    assert days == ["9", "10"]
    d.find_element(By.CSS_SELECTOR, "table.calendar td.has:not(.current) a").click()  # type: ignore[attr-defined]
    _wait_url(d, lambda u: u.endswith("date=2022-08-10"))
    assert "on 2022-08-10" in d.find_element(By.CSS_SELECTOR, "p.count").text  # type: ignore[attr-defined]


def test_timeline_has_an_axis_and_a_brush_that_narrows_the_list(server: str, browser: object) -> None:
    d = browser
    d.get(f"{server}/?date_from=2022-02-24&date_to=2022-08-10")  # type: ignore[attr-defined]
    tl = d.find_element(By.CSS_SELECTOR, "#timeline svg")  # type: ignore[attr-defined]
    labels = [t.text for t in d.find_elements(By.CSS_SELECTOR, "#timeline .tick-label")]  # type: ignore[attr-defined]
    assert "Mar 2022" in labels and "Aug" in labels  # a month axis
    days = int(d.find_element(By.ID, "timeline").get_attribute("data-days"))  # type: ignore[attr-defined]
    assert days == 168  # every day from 24 Feb to 10 Aug is on the axis, empty or not
    before = _visible_items(d)
    assert {li.get_attribute("data-date")[:7] for li in before} == {"2022-02", "2022-08"}  # type: ignore[attr-defined]
    # drag across the first tenth of the axis: February only
    w = tl.size["width"]
    ActionChains(d).move_to_element_with_offset(tl, int(-w / 2) + 2, 0).click_and_hold().move_by_offset(
        int(w / 10), 0
    ).release().perform()
    after = _visible_items(d)
    assert 0 < len(after) < len(before)
    assert all(li.get_attribute("data-date").startswith("2022-02") for li in after)  # type: ignore[attr-defined]
    assert d.find_element(By.NAME, "date_from").get_attribute("value") == "2022-02-24"  # type: ignore[attr-defined]
    assert d.find_element(By.NAME, "date_to").get_attribute("value").startswith("2022-0")  # type: ignore[attr-defined]
    apply = d.find_element(By.ID, "brush-apply")  # type: ignore[attr-defined]
    assert apply.is_displayed() and "date_from=2022-02-24" in apply.get_attribute("href")
    if d.find_elements(By.CSS_SELECTOR, "#lmap.leaflet-container"):  # type: ignore[attr-defined]
        assert int(d.find_element(By.ID, "inview").text) == len(  # type: ignore[attr-defined]
            [li for li in after if li.get_attribute("data-lat")]  # type: ignore[attr-defined]
        )
    d.find_element(By.ID, "brush-clear").click()  # type: ignore[attr-defined]
    assert len(_visible_items(d)) == len(before)
    apply_href = apply.get_attribute("href")
    d.get(apply_href)  # type: ignore[attr-defined]
    assert "2022-02-24" in d.find_element(By.CSS_SELECTOR, "p.count").text  # type: ignore[attr-defined]


def test_search_finds_every_form_and_links_events(server: str, browser: object) -> None:
    d = browser

    def passages(q: str) -> list[str]:
        d.get(f"{server}/search?q={q}")  # type: ignore[attr-defined]
        return [p.text for p in d.find_elements(By.CSS_SELECTOR, "ol.results .snippet")]  # type: ignore[attr-defined]

    krym = passages("Крим")
    krymu = passages("Криму")
    assert len(krym) >= 20 and sorted(krym) == sorted(krymu)
    sources = d.find_elements(By.CSS_SELECTOR, "ol.results li:first-child p.meta a[title]")  # type: ignore[attr-defined]
    assert sources and len({a.text for a in sources}) == len(sources)  # each source once
    assert d.find_elements(By.CSS_SELECTOR, ".facets h2")  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "ol.results p.events a").click()  # type: ignore[attr-defined]
    _wait_url(d, lambda u: "/events/" in u)


def test_svg_map_without_leaflet_rings_oblasts_and_brushes(svg_server: str, browser: object) -> None:
    d = browser
    d.get(f"{svg_server}/?date_from=2022-02-24&date_to=2022-08-10")  # type: ignore[attr-defined]
    assert not d.find_elements(By.ID, "lmap")  # type: ignore[attr-defined]
    assert d.find_element(By.CSS_SELECTOR, "figure.map").is_displayed()  # type: ignore[attr-defined]
    assert d.find_elements(By.CSS_SELECTOR, "svg#map a.pt.region circle.ring")  # type: ignore[attr-defined]
    assert d.find_element(By.ID, "legend").is_displayed()  # type: ignore[attr-defined]
    points = d.find_elements(By.CSS_SELECTOR, "svg#map a.pt")  # type: ignore[attr-defined]
    tl = d.find_element(By.CSS_SELECTOR, "#timeline svg")  # type: ignore[attr-defined]
    w = tl.size["width"]
    ActionChains(d).move_to_element_with_offset(tl, int(w / 2) - int(w / 10), 0).click_and_hold().move_by_offset(
        int(w / 10) - 2, 0
    ).release().perform()
    shown = [p for p in points if p.is_displayed()]
    assert 0 < len(shown) < len(points)
    assert all(p.get_attribute("data-date") >= "2022-07" for p in shown)  # type: ignore[operator]
    assert " of " in d.find_element(By.ID, "count").text  # type: ignore[attr-defined]
