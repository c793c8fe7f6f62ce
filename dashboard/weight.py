"""Page weight: bytes over the wire for a first view, a second visit and a filter change.

The app's pages are driven as a reader does (a dropdown choice); the low-bandwidth view's
(``/lite/``, :func:`measure_lite`) with JavaScript off, its filter changed through its form.

Serves the dashboard on a loaded database in a local thread and drives headless Chromium (Debian's
``/usr/bin/chromium``) through Playwright, reading Chromium's own network accounting over the
DevTools protocol: ``encodedDataLength`` is what crossed the wire (headers plus the body as sent,
compressed when it was), and a response taken from the browser cache counts nothing. Prints
figures and returns them for JSON (``bench/results/weight-<database>-<scale>x.json``); asserts
nothing (the tests in ``tests/dashboard/test_weight.py`` assert sizes).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from werkzeug.serving import make_server

from core.config import Config
from dashboard.app import create_app
from dashboard.bench_results import Results
from dashboard.ui_bench import CHROMIUM, CHROMIUM_ARGS

PATHS = ("/", "/flows", "/methodology")
LITE_PATHS = ("/lite/", "/lite/flows")
LITE_GENDER_BOX = 'input[name="gender"][value="female"]'
CALLBACK_URL = "_dash-update-component"
GENDER_CONTROL = 'button.dash-dropdown[id*=\'"parameter":"gender"\']'
GENDER_OPTION = "Women"
VIEWPORT = {"width": 1366, "height": 900}


@dataclass
class Transfer:
    """Bytes received per resource type, and the largest single responses."""

    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    count_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    largest: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every byte received."""
        return sum(self.by_type.values())

    def add(self, kind: str, url: str, size: int) -> None:
        """Count one finished response."""
        self.by_type[kind] += size
        self.count_by_type[kind] += 1
        self.largest.append((size, url))


@dataclass(frozen=True)
class PageWeight:
    """What one path costs: first view, a second visit in the same browser, one filter change."""

    path: str
    first: Transfer
    second: Transfer
    filter_change: Transfer


class _Recorder:
    """Chromium's network events of one page, summed per resource type while ``current`` is set."""

    def __init__(self, cdp) -> None:  # noqa: ANN001
        self.requests: dict[str, tuple[str, str]] = {}
        self.current: Transfer | None = None
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")

    def _sent(self, event: dict) -> None:
        self.requests[event["requestId"]] = (event.get("type", "Other"), event["request"]["url"])

    def _received(self, event: dict) -> None:
        self.requests[event["requestId"]] = (event.get("type", "Other"), event["response"]["url"])

    def _finished(self, event: dict) -> None:
        kind, url = self.requests.pop(event["requestId"], ("Other", "?"))
        if self.current is not None:
            self.current.add(kind, url, int(event.get("encodedDataLength", 0)))


def _serve(database_url: str, port: int) -> tuple[object, str]:
    app = create_app(Config(database_url=database_url))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _settle(page) -> None:  # noqa: ANN001
    page.wait_for_selector(".js-plotly-plot, .data-table", timeout=60_000)
    page.wait_for_load_state("networkidle")


def _loaded(page) -> None:  # noqa: ANN001
    page.wait_for_load_state("networkidle")


def _visit(context, url: str, transfer: Transfer, settle=_settle):  # noqa: ANN001, ANN202
    page = context.new_page()
    recorder = _Recorder(context.new_cdp_session(page))
    recorder.current = transfer
    page.goto(url)
    settle(page)
    return page, recorder


def measure(database_url: str, paths: tuple[str, ...] = PATHS, port: int = 0) -> list[PageWeight]:
    """First view, second visit (same browser context) and one gender change for each of ``paths``."""
    from playwright.sync_api import sync_playwright

    server, base_url = _serve(database_url, port)
    weights = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in paths:
                context = browser.new_context(viewport=VIEWPORT)
                first, second, change = Transfer(), Transfer(), Transfer()
                page, _recorder = _visit(context, base_url + path, first)
                page.close()
                page, recorder = _visit(context, base_url + path, second)
                recorder.current = change
                page.locator(GENDER_CONTROL).click()
                page.get_by_role("option", name=GENDER_OPTION, exact=True).click()
                page.keyboard.press("Escape")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                page.wait_for_load_state("networkidle")
                context.close()
                weights.append(PageWeight(path, first, second, change))
            browser.close()
    finally:
        server.shutdown()
    return weights


def measure_lite(database_url: str, paths: tuple[str, ...] = LITE_PATHS, port: int = 0) -> list[PageWeight]:
    """The low-bandwidth view with JavaScript off: first view, second visit, and women chosen in its form."""
    from playwright.sync_api import sync_playwright

    server, base_url = _serve(database_url, port)
    weights = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in paths:
                context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
                first, second, change = Transfer(), Transfer(), Transfer()
                page, _recorder = _visit(context, base_url + path, first, _loaded)
                page.close()
                page, recorder = _visit(context, base_url + path, second, _loaded)
                recorder.current = change
                page.locator("details summary").first.click()
                page.locator(LITE_GENDER_BOX).check()
                page.locator('form button[type="submit"]').click()
                _loaded(page)
                context.close()
                weights.append(PageWeight(path, first, second, change))
            browser.close()
    finally:
        server.shutdown()
    return weights


def _visits(weight: PageWeight) -> tuple[tuple[str, Transfer], ...]:
    return (
        ("first view", weight.first),
        ("second visit", weight.second),
        ("filter change", weight.filter_change),
    )


def add_results(results: Results, weights: list[PageWeight]) -> None:
    """Bytes over the wire per path and visit, in total and per resource type, with the largest responses."""
    for weight in weights:
        for label, transfer in _visits(weight):
            results.add_record(
                weight.path,
                label,
                bytes=transfer.total,
                bytes_by_type=dict(sorted(transfer.by_type.items())),
                responses_by_type=dict(sorted(transfer.count_by_type.items())),
                largest=[
                    {"bytes": size, "url": _short(url)}
                    for size, url in sorted(transfer.largest, reverse=True)[:5]
                ],
            )


def _short(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[-1][:90]


def _kb(size: int) -> str:
    return f"{size / 1024:9.1f} KB"


def report(weights: list[PageWeight]) -> str:
    """The figures as text: per path, bytes per resource type and the largest responses."""
    lines = []
    for weight in weights:
        lines.append(f"{weight.path}")
        for label, transfer in _visits(weight):
            lines.append(f"  {label:<14}{_kb(transfer.total)} over the wire")
            for kind, size in sorted(transfer.by_type.items(), key=lambda item: -item[1]):
                lines.append(f"    {kind:<12}{_kb(size)}  ({transfer.count_by_type[kind]} responses)")
            if label != "second visit":
                for size, url in sorted(transfer.largest, reverse=True)[:5]:
                    lines.append(f"      largest {_kb(size)}  {_short(url)}")
    return "\n".join(lines)
