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

import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from dash import Dash
from playwright.sync_api import BrowserContext, Page, Route
from werkzeug.serving import make_server

from dashboard.ui_bench import CHROMIUM, CHROMIUM_ARGS

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}


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


@pytest.fixture
def serve_app() -> Iterator[Callable[[Dash], str]]:
    """Factory: serve a Dash app on a free 127.0.0.1 port in a thread and return its base URL."""
    running: list[tuple[object, threading.Thread]] = []

    def start(app: Dash) -> str:
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread))
        base_url = f"http://127.0.0.1:{server.server_port}"
        _wait_until_answers(base_url + "/")
        return base_url

    yield start
    for server, thread in running:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def page(context: BrowserContext, serve_app: Callable[[Dash], str]) -> Iterator[Page]:
    """A page in pytest-playwright's ``context``; fails at teardown on console errors or external requests.

    It depends on ``serve_app`` so that it closes before any server the test started stops.
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
    assert not console_errors, f"browser console errors: {console_errors}"
