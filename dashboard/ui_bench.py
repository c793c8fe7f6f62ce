"""Browser benchmark: a filter change until every panel and the map are answered and painted.

Serves the dashboard on a loaded database with the Flask development server or gunicorn (each in
its own process, as in use) and drives headless Chromium (Debian's ``/usr/bin/chromium``) through
Playwright on the overview. Three kinds of change, in turn: the gender control, a click on a region
of the map, the browser's back button. Each change is split into stages from the page's own clocks:

* **server**: time some callback request was waiting for its first byte (Resource Timing
  ``requestStart`` → ``responseStart``; on localhost that is the server's time, queueing included);
* **transfer**: time responses were arriving while none was waiting on the server;
* **rendering**: the rest until the last Plotly redraw resolved (Dash dispatching callbacks and
  rendering their answers, Plotly's work, requests queued in the browser);
* **paint**: from the last redraw to the second animation frame after it (the map's WebGL frame).

Besides, the browser's long tasks (main thread busy > 50 ms) during the change: their sum and the
longest, which say how much of "rendering" is script or layout work rather than waiting.

Prints figures and returns them for JSON; asserts nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from dashboard.bench_results import Results, p95

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
AFTER_NEXT_PAINT = (
    "() => new Promise(done => "
    "requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"
)
SERVERS = ("dev", "gunicorn")
#: Two cores: one process per core (callbacks are CPU-bound Python), threads for the up to 15
#: callbacks a filter change sends, mostly at once, while some wait on the database or the socket.
GUNICORN_WORKERS, GUNICORN_THREADS = 2, 4
STAGES = ("server", "transfer", "rendering", "paint")
CHANGES = ("gender control", "map click", "back")
GENDER_CONTROL = 'button.dash-dropdown[id*=\'"parameter":"gender"\']'
GENDER_OPTIONS = ("Women", "Men")
MAP = """div[id='{"page":"overview","type":"map-graph"}']"""
MAP_POINT = (7.99, 18.5)  # Agadez, Niger
QUIET_MS = 400
VIEWPORT = {"width": 1366, "height": 900}

#: Installed before the page's scripts: marks inputs and history steps, counts callback requests,
#: and times every Plotly redraw and the second animation frame after it.
PROBE = """
(() => {
  const b = window.__bench = {
    inputs: [], rendered: [], painted: [], tasks: [], inflight: 0, started: 0, last: 0};
  new PerformanceObserver(list => list.getEntries().forEach(
    task => b.tasks.push([task.startTime, task.duration]))).observe({type: 'longtask'});
  const mark = () => { b.inputs.push(performance.now()); };
  document.addEventListener('pointerdown', mark, true);
  window.addEventListener('popstate', mark, true);
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('_dash-update-component')) return fetch.call(this, input, init);
    b.inflight += 1; b.started += 1; b.last = performance.now();
    const done = () => { b.inflight -= 1; b.last = performance.now(); };
    return fetch.call(this, input, init).then(
      response => response.clone().arrayBuffer().then(() => { done(); return response; }),
      error => { done(); throw error; });
  };
  const wrap = setInterval(() => {
    if (!window.Plotly || !window.Plotly.react) return;
    clearInterval(wrap);
    const react = window.Plotly.react;
    window.Plotly.react = function (...args) {
      return Promise.resolve(react.apply(this, args)).then(result => {
        const at = performance.now();
        b.rendered.push(at); b.last = at;
        requestAnimationFrame(() => requestAnimationFrame(() => {
          b.painted.push(performance.now()); b.last = performance.now();
        }));
        return result;
      });
    };
  }, 20);
})();
"""
SETTLED = f"""() => {{
  const b = window.__bench;
  return b.started > 0 && b.inflight === 0 && b.painted.length >= b.rendered.length
    && performance.now() - b.last > {QUIET_MS};
}}"""
#: Before each change; clearing Resource Timing keeps its buffer (250 entries) from filling up.
RESET = (
    "() => { const b = window.__bench; b.inputs = []; b.started = 0; performance.clearResourceTimings(); }"
)
STAGE_SPANS = """(t0) => {
  const b = window.__bench;
  const calls = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component') && e.startTime >= t0)
    .map(e => [e.requestStart || e.fetchStart, e.responseStart, e.responseEnd]);
  return {
    calls,
    rendered: b.rendered.filter(t => t >= t0),
    painted: b.painted.filter(t => t >= t0),
    tasks: b.tasks.filter(([start]) => start >= t0),
  };
}"""


@dataclass
class UiFigures:
    """Per server and kind of change, the stage times (ms) of every change; callback response sizes."""

    stages: dict[tuple[str, str], dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    response_bytes: dict[str, tuple[int, int]] = field(default_factory=dict)
    gunicorn: str = f"{GUNICORN_WORKERS} workers x {GUNICORN_THREADS} threads (gthread)"


def covered(spans: list[tuple[float, float]]) -> float:
    """Length of the union of ``spans`` (start, end)."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def stages(t0: float, spans: dict[str, list]) -> dict[str, float]:
    """Split one change, started at ``t0``, into server, transfer, rendering and paint (ms); plus the total."""
    calls = spans["calls"]
    last_response = max(end for _, _, end in calls)
    rendered = max([last_response, *spans["rendered"]])
    painted = max([rendered, *spans["painted"]])
    server = covered([(start, first) for start, first, _ in calls])
    transfer = covered([(start, end) for start, _, end in calls]) - server
    return {
        "total": painted - t0,
        "server": server,
        "transfer": transfer,
        "rendering": rendered - t0 - server - transfer,
        "paint": painted - rendered,
        "callbacks": len(calls),
        "long_tasks": sum(duration for _, duration in spans["tasks"]),
        "longest_task": max([0, *(duration for _, duration in spans["tasks"])]),
    }


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_command(server: str, port: int) -> list[str]:
    """The command serving the dashboard on ``port``: ``dev`` (Flask's server) or ``gunicorn``."""
    if server == "dev":
        return [sys.executable, "-m", "dashboard", "serve", "--port", str(port)]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(GUNICORN_WORKERS),
        "--threads",
        str(GUNICORN_THREADS),
        "--bind",
        f"127.0.0.1:{port}",
        "dashboard.wsgi:server",
    ]


@contextmanager
def serving(server: str, database_url: str, port: int) -> Iterator[str]:
    """Run ``server`` on ``database_url`` in its own process until it answers; yield its base URL."""
    base_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        server_command(server, port),
        env={"SECRET_KEY": secrets.token_hex(32), **os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base_url + "/_dash-layout", timeout=5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{server} server did not start on port {port}") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _choose_gender(page, round_: int) -> None:  # noqa: ANN001
    page.locator(GENDER_CONTROL).click()
    page.evaluate(RESET)
    page.get_by_role("option", name=GENDER_OPTIONS[round_ % 2], exact=True).click()


def _click_map(page, _round: int) -> None:  # noqa: ANN001
    page.keyboard.press("Escape")
    page.locator(MAP).scroll_into_view_if_needed()
    point = page.evaluate(
        """([selector, lon, lat]) => {
            const graph = document.querySelector(`${selector} .js-plotly-plot`);
            const map = graph._fullLayout.map._subplot.map;
            const p = map.project([lon, lat]);
            const box = map.getCanvas().getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        [MAP, *MAP_POINT],
    )
    page.evaluate(RESET)
    page.mouse.click(point["x"], point["y"])


def _back(page, _round: int) -> None:  # noqa: ANN001
    page.evaluate(RESET)
    page.evaluate("history.back()")


ACTIONS: dict[str, Callable] = dict(zip(CHANGES, (_choose_gender, _click_map, _back), strict=True))


def _record_sizes(figures: UiFigures) -> Callable:
    from playwright.sync_api import Error as PlaywrightError

    def record(response) -> None:  # noqa: ANN001
        if "_dash-update-component" not in response.url:
            return
        try:
            body = response.body()
        except PlaywrightError:  # the page moved on before the body was read
            return
        outputs = str(json.loads(response.request.post_data or "{}").get("output", "?"))[:80]
        seen = (len(body), len(gzip.compress(body)))
        figures.response_bytes[outputs] = max(figures.response_bytes.get(outputs, (0, 0)), seen)

    return record


def _measure_on(browser, base_url: str, server: str, rounds: int, figures: UiFigures) -> None:  # noqa: ANN001
    page = browser.new_page(viewport=VIEWPORT)
    page.add_init_script(PROBE)
    page.on("response", _record_sizes(figures))
    page.goto(base_url + "/")
    page.wait_for_selector(MAP + " .maplibregl-canvas", state="attached", timeout=300_000)
    page.wait_for_function(SETTLED, timeout=300_000)
    page.locator(MAP).scroll_into_view_if_needed()
    for round_ in range(rounds):
        for change, action in ACTIONS.items():
            action(page, round_)
            page.wait_for_function(SETTLED, timeout=120_000, polling=50)
            t0 = page.evaluate("window.__bench.inputs[0]")
            split = stages(t0, page.evaluate(STAGE_SPANS, t0))
            for stage, value in split.items():
                figures.stages[(server, change)][stage].append(value)
    page.close()


def measure(
    database_url: str, rounds: int = 7, servers: tuple[str, ...] = SERVERS, port: int = 0
) -> UiFigures:
    """``rounds`` times each kind of change on the overview, against each of ``servers`` in turn."""
    from playwright.sync_api import sync_playwright

    figures = UiFigures()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number, server in enumerate(servers):
            with serving(server, database_url, port + number if port else free_port()) as base_url:
                _measure_on(browser, base_url, server, rounds, figures)
        browser.close()
    return figures


def add_results(results: Results, figures: UiFigures) -> None:
    """Every stage of every kind of change per server as measurements; the response sizes as details."""
    for (server, change), split in figures.stages.items():
        for stage in ("total", *STAGES, "long_tasks", "longest_task"):
            results.add(change, stage, split[stage], server=server)
    results.details |= {
        "gunicorn": figures.gunicorn,
        "stages": {
            "server": "requestStart -> responseStart, union over the change's callback requests",
            "transfer": "responses arriving while none waits on the server",
            "rendering": "rest until the last Plotly redraw resolved (Dash, Plotly, browser queueing)",
            "paint": "last redraw -> second animation frame",
            "long_tasks": "sum of the main thread's tasks over 50 ms during the change",
            "longest_task": "the longest of them",
        },
        "callbacks_per_change": {
            f"{server} / {change}": statistics.median(split["callbacks"])
            for (server, change), split in figures.stages.items()
        },
        "largest_callback_responses_bytes": {
            output: {"raw": raw, "gzip": zipped} for output, (raw, zipped) in figures.response_bytes.items()
        },
    }


def report(label: str, figures: UiFigures) -> str:
    """The figures as text: per server and change, the total and each stage (median; p95 of the total)."""
    lines = [
        f"{label}: filter change -> every callback answered and painted (ms; gunicorn {figures.gunicorn})",
        f"  {'server':<9}{'change':<16}{'n':>3}{'median':>8}{'p95':>8}"
        + "".join(f"{s:>11}" for s in (*STAGES, "long tasks")),
    ]
    for (server, change), split in figures.stages.items():
        total = split["total"]
        lines.append(
            f"  {server:<9}{change:<16}{len(total):>3}{statistics.median(total):>8.0f}{p95(total):>8.0f}"
            + "".join(f"{statistics.median(split[stage]):>11.0f}" for stage in (*STAGES, "long_tasks"))
        )
    lines.append("callback responses (largest seen; gzipped / raw):")
    for output, (raw, zipped) in sorted(figures.response_bytes.items(), key=lambda item: -item[1][1]):
        lines.append(f"  {zipped / 1024:8.1f} KB gz  {raw / 1024:9.1f} KB raw  {output}")
    return "\n".join(lines)
