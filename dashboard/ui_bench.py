"""Browser benchmark: time from a filter change to the redrawn map, and callback response sizes.

Runs the dashboard on a loaded database in a local thread and drives headless Chromium (Debian's
``/usr/bin/chromium``) through Playwright. Prints figures; asserts nothing.
"""

from __future__ import annotations

import gzip
import json
import statistics
import threading
from collections import defaultdict
from dataclasses import dataclass

from werkzeug.serving import make_server

from core.config import Config
from dashboard.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
GENDER_OPTIONS = ("Women", "Men")
AFTER_NEXT_PAINT = (
    "() => new Promise(done => "
    "requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"
)


@dataclass(frozen=True)
class UiFigures:
    """Medians and p95 of redraw times (ms) and response sizes per callback output (bytes)."""

    redraw_ms: list[float]
    response_bytes: dict[str, list[tuple[int, int]]]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _serve(database_url: str) -> tuple[object, str]:
    app = create_app(Config(database_url=database_url))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _is_map_update(response) -> bool:  # noqa: ANN001
    return "_dash-update-component" in response.url and "map-graph" in (response.request.post_data or "")


def measure(database_url: str, changes: int = 20) -> UiFigures:
    """Change the gender filter ``changes`` times on the overview and time each map redraw.

    A redraw is timed from the click on the option to the second animation frame after the map
    callback's response arrived (the patched map painted).
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    server, base_url = _serve(database_url)
    sizes: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def record(response) -> None:  # noqa: ANN001
        if "_dash-update-component" not in response.url:
            return
        try:
            body = response.body()
        except PlaywrightError:
            return
        outputs = json.loads(response.request.post_data or "{}").get("output", "?")
        sizes[str(outputs)[:80]].append((len(body), len(gzip.compress(body))))

    redraws = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.on("response", record)
            page.goto(base_url + "/")
            page.wait_for_selector(".maplibregl-canvas", timeout=60_000)
            page.wait_for_load_state("networkidle")
            control = page.locator('button.dash-dropdown[id*=\'"parameter":"gender"\']')
            for change in range(changes):
                control.click()
                start = page.evaluate("performance.now()")
                with page.expect_response(_is_map_update, timeout=60_000):
                    page.get_by_role("option", name=GENDER_OPTIONS[change % 2], exact=True).click()
                redraws.append(page.evaluate(AFTER_NEXT_PAINT) - start)
                page.keyboard.press("Escape")
                page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return UiFigures(redraws, dict(sizes))


def report(label: str, figures: UiFigures) -> str:
    """The figures as text."""
    lines = [
        f"{label}: filter change → map redrawn, {len(figures.redraw_ms)} changes: "
        f"median {statistics.median(figures.redraw_ms):.0f} ms, p95 {_percentile(figures.redraw_ms, 0.95):.0f} ms",
        "callback responses (largest seen; raw / gzipped bytes):",
    ]
    for output, seen in sorted(figures.response_bytes.items(), key=lambda item: -max(s[1] for s in item[1])):
        raw, zipped = max(seen, key=lambda pair: pair[1])
        lines.append(f"  {zipped / 1024:8.1f} KB gz  {raw / 1024:9.1f} KB raw  {output}")
    return "\n".join(lines)
