"""Record the requests a browser sends, for the load benchmark to replay (bench/traffic.json).

Opens every page of a running dashboard in headless Chromium, then changes its filters the way the
filter bar does (a new address without reloading), and keeps every request each step sent to the
dashboard, in order (page, layout, callback POSTs with their bodies, map geometry), except static files
a browser keeps for a year (component suites, ``/assets``, the icon). Run it against a server with the
demo data loaded, then commit the file:

    .venv/bin/python -m dashboard.record_traffic http://127.0.0.1:8050
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, sync_playwright

from dashboard.ui_bench import CHROMIUM, CHROMIUM_ARGS

TRAFFIC_PATH = Path(__file__).resolve().parents[1] / "bench" / "traffic.json"
STATIC = ("/_dash-component-suites/", "/assets/", "/_favicon.ico")
PAGES = [
    "/",
    "/incidents",
    "/drivers",
    "/smugglers",
    "/flows",
    "/deaths",
    "/trends",
    "/route",
    "/methodology",
]
#: Filter changes made on each page after it opened (the filter bar writes them into the address).
CHANGES = [
    "?gender=female",
    "?period_from=2023-01&period_to=2023-12",
    "?age_group=18-24&gender=male",
    "?route=central_med_niger",
]
SETTLED = """() => document.querySelector('h1') !== null
    && document.querySelector('[data-dash-is-loading="true"]') === null
    && [...document.querySelectorAll('.js-plotly-plot')].every(gd => gd._fullLayout)"""
NAVIGATE = """address => {
    window.history.pushState({}, '', address);
    window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
}"""
TIMEOUT_MS = 120_000


def _settle(page: Page) -> None:
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)


def record(base_url: str) -> dict[str, list[dict[str, object]]]:
    """``{"visits": [...], "changes": [...]}``: each an address and the requests it sent."""
    sent: list[dict[str, object]] = []

    def keep(request: Request) -> None:
        url = urlsplit(request.url)
        if request.url.startswith(base_url) and not url.path.startswith(STATIC):
            address = url.path + (f"?{url.query}" if url.query else "")
            body = json.loads(request.post_data) if request.method == "POST" and request.post_data else None
            sent.append({"method": request.method, "url": address, "body": body})

    visits, changes = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("request", keep)
        for path in PAGES:
            sent.clear()
            page.goto(base_url + path, timeout=TIMEOUT_MS)
            _settle(page)
            visits.append({"path": path, "requests": list(sent)})
            for query in CHANGES:
                sent.clear()
                page.evaluate(NAVIGATE, path + query)
                _settle(page)
                changes.append({"path": path + query, "requests": list(sent)})
        browser.close()
    return {"visits": visits, "changes": changes}


if __name__ == "__main__":
    traffic = record(sys.argv[1].rstrip("/"))
    TRAFFIC_PATH.write_text(json.dumps(traffic, separators=(",", ":")) + "\n")
    count = sum(len(step["requests"]) for steps in traffic.values() for step in steps)
    print(f"written: {TRAFFIC_PATH} ({count} requests)")
