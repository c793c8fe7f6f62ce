"""Every page works under the Content-Security-Policy, and the policy stops what it is there to stop.

A page counts as working when it has drawn every chart and every map has loaded its tiles (the map
library's workers, built from ``blob:`` URLs, are running by then) with no ``securitypolicyviolation``
event and no CSP message in the console. The pages are opened a few per test, in one browser page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.ui_bench import AFTER_NEXT_PAINT
from tests.browser.conftest import APP_PAGES, SETTLED
from tests.browser.test_briefing_mode import BRIEFING

pytestmark = pytest.mark.browser

#: Records each violation the document reports (installed before any of the page's scripts runs).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`
));
"""
#: True once every map on the page has its style and tiles (its workers have answered).
MAPS_LOADED = """() => [...document.querySelectorAll('.js-plotly-plot')].every((gd) => {
    const map = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
    return !map || (map.loaded() && map.areTilesLoaded());
})"""
MAPS = ".maplibregl-canvas"
#: Pages drawn without charts: the methodology's tables, the briefing's list of views, the lite view's tables.
CHARTLESS = ("/methodology", "/briefing", "/lite/")
PAGE_GROUPS = [
    APP_PAGES[:3],
    APP_PAGES[3:6],
    APP_PAGES[6:],
    [BRIEFING, "/drivers?present=1&page_breakdown=route", "/lite/", "/lite/incidents?lang=fr"],
]


def _watched(page: Page) -> list[str]:
    """CSP messages the console prints (the page's and its workers'), from now on."""
    messages: list[str] = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and messages.append(message.text)
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return messages


def _open_and_settle(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy, f"{url}: policy {policy!r}"
    if "/lite/" in url:
        page.wait_for_load_state("load")
        return
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_function(MAPS_LOADED, timeout=30_000)
    page.evaluate(AFTER_NEXT_PAINT)


@pytest.mark.parametrize("paths", PAGE_GROUPS, ids=lambda paths: ",".join(p.split("?")[0] for p in paths))
def test_pages_draw_their_charts_and_maps_with_no_policy_violation(
    dashboard_url: str, page: Page, paths: list[str]
):
    console = _watched(page)
    for path in paths:
        _open_and_settle(page, dashboard_url + path)
        violations = page.evaluate("window.cspViolations")
        assert not violations and not console, f"{path}: {violations} {console}"
        if not path.startswith(CHARTLESS):
            assert page.locator(".js-plotly-plot .main-svg").count() > 0, f"{path} drew no chart"


def test_the_maps_run_their_workers_under_the_policy(dashboard_url: str, page: Page):
    console = _watched(page)
    _open_and_settle(page, dashboard_url + "/")
    expect(page.locator(MAPS).first).to_be_visible()
    page.wait_for_function(MAPS_LOADED, timeout=30_000)  # tiles are cut by the workers
    assert not page.evaluate("window.cspViolations") and not console


def test_an_injected_inline_script_or_string_timer_is_refused(
    dashboard_url: str, page: Page, allowed_console_errors: list[str]
):
    allowed_console_errors.append("Content Security Policy")
    _watched(page)
    _open_and_settle(page, dashboard_url + "/incidents")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true;';
            document.body.appendChild(script);
            setTimeout('window.evaluated = true;', 0);
        }"""
    )
    page.wait_for_function("window.cspViolations.length >= 2")
    assert page.evaluate("[window.injected, window.evaluated]") == [None, None]
    directives = sorted(violation.split()[0] for violation in page.evaluate("window.cspViolations"))
    assert directives == ["script-src", "script-src-elem"]


def test_another_site_cannot_frame_a_page(dashboard_url: str, page: Page, allowed_console_errors: list[str]):
    allowed_console_errors.append("frame-ancestors")
    console = _watched(page)
    page.set_content(f'<iframe src="{dashboard_url}/lite/"></iframe>')  # returns once the frame has loaded
    framed = page.frames[1]
    assert not framed.url.startswith(dashboard_url), "the page was shown in another site's frame"
    assert any("frame-ancestors 'none'" in message for message in console)
