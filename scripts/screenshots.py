"""Screenshots of the main pages for docs/screenshots/ (run by a maintainer: `python scripts/screenshots.py`).

Serves the demo database (`make demo` first) with `sitroom serve` on a free loopback port, with no map tiles
(the offline basemap and its labels only), and photographs with Debian's headless Chromium via Selenium:
the map of the demo's busiest day (desktop and phone width), the timeline of a range with a brushed window,
an event page, a briefing, a search for an inflected Ukrainian word and the sources page at phone width.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
DAY = "2022-08-09"


def main() -> int:
    db = ROOT / "sitroom.db"
    if not db.is_file():
        print("run `make demo` first (it builds sitroom.db)", file=sys.stderr)
        return 1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    # no tile server (screenshots must not depend on the internet): the offline outlines only
    env = {**os.environ, "SITROOM_TILES": ""}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "sitroom"), "serve", "--db", str(db), "--port", str(port)], env=env
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100"):
            opts.add_argument(arg)
        d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            d.get(f"{base}/?date={DAY}")
            time.sleep(1.5)  # let the Leaflet map finish its fit-to-events animation
            d.save_screenshot(str(OUT / "map.png"))
            d.get(f"{base}/?date_from=2022-02-24&date_to={DAY}")
            time.sleep(1.0)
            tl = d.find_element(By.CSS_SELECTOR, "#timeline svg")
            w = tl.size["width"]
            ActionChains(d).move_to_element_with_offset(tl, int(w / 2) - int(w / 8), 0).click_and_hold().move_by_offset(
                int(w / 8) - 2, 0
            ).release().perform()
            time.sleep(0.5)
            d.execute_script("document.getElementById('timeline').scrollIntoView({block: 'end'})")
            d.save_screenshot(str(OUT / "timeline.png"))
            d.get(f"{base}/?date={DAY}")
            d.find_element(By.CSS_SELECTOR, "#events a.headline").click()
            time.sleep(0.5)
            d.save_screenshot(str(OUT / "event.png"))
            d.get(f"{base}/briefing/{DAY}")
            d.save_screenshot(str(OUT / "briefing.png"))
            d.get(f"{base}/search?q=Криму")
            d.save_screenshot(str(OUT / "search.png"))
            d.set_window_size(390, 844)
            d.get(f"{base}/?date={DAY}")
            time.sleep(1.5)
            d.save_screenshot(str(OUT / "map-phone.png"))
            d.get(f"{base}/sources")
            d.save_screenshot(str(OUT / "sources-phone.png"))
        finally:
            d.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
