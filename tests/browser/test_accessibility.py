"""Accessibility in headless Chromium: axe-core finds no serious or critical violation on any page.

axe-core comes bundled with ``axe-playwright-python`` and is injected into the page, so
nothing is downloaded at test time.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from dashboard.ui_bench import AFTER_NEXT_PAINT
from tests.browser.conftest import APP_PAGES as PAGES
from tests.browser.conftest import SETTLED

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
BLOCKING = {"serious", "critical"}
# dcc.Dropdown (Dash 4) puts a read-only <input aria-hidden="true" tabindex="0"> before its button: a
# focus proxy that hands the focus straight to the button, which carries the role and the name. No
# property of the component changes it, so axe's aria-hidden-focus would flag every dropdown.
EXCLUDED = [".dash-dropdown-focus-target"]

expect.set_options(timeout=20_000)


def _settle(page: Page, path: str) -> None:
    """Wait until every callback has answered and the page is drawn."""
    if path != "/methodology":
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)
    page.evaluate(AFTER_NEXT_PAINT)


def _report(violations: list[dict[str, Any]]) -> str:
    """One line per serious or critical violation: rule, impact, help text and the elements' selectors."""
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in violations
    )


@pytest.fixture(scope="module")
def axe() -> Axe:
    """axe-core, read once for the module."""
    return Axe()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violation(
    dashboard_url: str, page: Page, axe: Axe, path: str, size: str
):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(dashboard_url + path)
    _settle(page, path)
    results = axe.run(page, context={"exclude": EXCLUDED})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{path} at {width} px:\n{_report(blocking)}"


@pytest.mark.parametrize(("query", "language"), [("", "en"), ("?lang=fr", "fr"), ("?lang=en", "en")])
def test_the_page_declares_its_language(dashboard_url: str, page: Page, query: str, language: str):
    """A screen reader reads the page in the language its ``<html lang>`` names."""
    page.goto(dashboard_url + "/drivers" + query)
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_main_content(dashboard_url: str, page: Page):
    page.goto(dashboard_url + "/drivers")
    _settle(page, "/drivers")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    expect(page.get_by_role("main")).to_contain_text(page.locator("h1").inner_text())


def test_every_control_is_announced_with_its_visible_label(dashboard_url: str, page: Page):
    """A screen reader names each dropdown by its label ("Gender"), not only by the value it shows ("All")."""
    page.goto(dashboard_url + "/drivers")
    _settle(page, "/drivers")
    labels = page.locator("label.form-label:visible").all_inner_texts()
    assert {"Region", "Gender", "Age group", "Break down by"} <= set(labels)
    for label in labels:
        group = page.get_by_role("group", name=label, exact=True)
        expect(group).to_have_count(1)
        expect(group.get_by_role("button").first).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_opened_tables_have_no_serious_or_critical_violation(
    dashboard_url: str, page: Page, axe: Axe, size: str
):
    """Every chart's and the map's table opened: headers, caption, scrolling regions reachable by keyboard."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(dashboard_url + "/")
    _settle(page, "/")
    for summary in page.locator("details:has(.data-table-region) > summary").all():
        summary.click()
    expect(page.get_by_role("region", name="The map's numbers").get_by_role("table")).to_be_visible()
    expect(page.get_by_role("region", name="The chart's numbers").first.get_by_role("table")).to_be_visible()
    results = axe.run(page, context={"exclude": EXCLUDED})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"/ at {width} px with its tables open:\n{_report(blocking)}"
