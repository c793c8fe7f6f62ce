"""Browser fixtures: a Dash app served on a free local port and a guarded headless Chromium page.

The ``page`` fixture fails the test at teardown on any browser console error and
on any request to a host other than 127.0.0.1/localhost (such requests are also
aborted, so a test never depends on the internet).

WebGL: plotly.js maps draw with maplibre, which needs a WebGL context. Headless
Debian Chromium 156 with ``--disable-gpu`` gets one from SwiftShader (software GL,
via ANGLE). Without ``--enable-unsafe-swiftshader`` it still falls back to it but
logs "Automatic fallback to software WebGL has been deprecated", and newer
versions drop the fallback; Playwright passes the flag by default, and it is
listed here too so the launch does not depend on that. ``--use-angle=swiftshader``
picks the software backend explicitly. ``--use-gl=swiftshader`` is not needed.
"""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from dash import Dash
from playwright.sync_api import BrowserContext, Page, Route
from sqlalchemy import Engine
from werkzeug.serving import make_server

from dashboard.ui_bench import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import dashboard_app

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
#: True once the page is drawn and no callback is pending: every chart has its layout.
#: Every page of the app, in navigation order (the briefing page and the not-found page aside).
APP_PAGES = [
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
#: Charts whose title block (title and subtitle lines) reaches below the top of their plot area or of
#: their first annotation (a subplot's title): the margin made for the title was too small.
TITLES_RUNNING_INTO_PLOTS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter((gd) => gd.querySelector('.gtitle'))
    .map((gd) => ({
        chart: gd.id,
        title: gd.querySelector('.gtitle').getBoundingClientRect().bottom,
        plot: Math.min(...[...gd.querySelectorAll('.draglayer .nsewdrag, .infolayer .annotation')]
            .map((e) => e.getBoundingClientRect().top)),
    }))
    .filter((chart) => chart.title > chart.plot + 1)"""
SETTLED = """() => document.querySelector('h1') !== null
    && document.querySelector('[data-dash-is-loading="true"]') === null
    && [...document.querySelectorAll('.js-plotly-plot')].every(gd => gd._fullLayout)"""


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """pytest-playwright's ``base_url`` (unused here), as a plain function.

    pytest-playwright 0.10's fallback defines it as a method of a plugin object, which pytest 9
    deprecates (PytestRemovedIn10Warning) each time it is resolved; this overrides it.
    """
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launch options: Debian's Chromium with software WebGL."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright context options: a fixed desktop viewport."""
    return {**browser_context_args, "viewport": VIEWPORT}


def _wait_until_answers(url: str, attempts: int = 600) -> None:
    for _attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            threading.Event().wait(0.1)
    raise RuntimeError(f"test server at {url} did not answer")


@contextmanager
def serving(app: Dash) -> Iterator[str]:
    """Serve a Dash app on a free 127.0.0.1 port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}"
        _wait_until_answers(base_url + "/_dash-layout")
        yield base_url
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def dashboard_url(loaded_sqlite: Engine) -> Iterator[str]:
    """The dashboard over the example files (the 4Mi one synthetic), served for a module; read only.

    Tests only read, so one server serves every test of a module; each test has its own page.
    """
    for app in dashboard_app(loaded_sqlite):
        with serving(app) as base_url:
            yield base_url


@pytest.fixture
def allowed_console_errors() -> list[str]:
    """Patterns of console errors a test expects (e.g. the 404 of an unknown page's document)."""
    return []


@pytest.fixture
def page(context: BrowserContext, allowed_console_errors: list[str]) -> Iterator[Page]:
    """A page in pytest-playwright's ``context``; fails at teardown on console errors or external requests.

    Servers are module-scoped, so the page (function-scoped) always closes before its server stops.
    """
    console_errors: list[str] = []
    external: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", guard)
    new_page = context.new_page()
    new_page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    new_page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield new_page
    new_page.wait_for_load_state("networkidle")
    new_page.close()
    assert not external, f"requests to non-local hosts: {external}"
    unexpected = [e for e in console_errors if not any(re.search(p, e) for p in allowed_console_errors)]
    assert not unexpected, f"browser console errors: {unexpected}"
