"""The low-bandwidth view in Chromium with JavaScript off: it works, it speaks French, its form filters.

Every page of this module is opened with JavaScript disabled (the context's option), as on a phone
that has it off or a link too slow for it; screenshots go to the artifacts folder.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import SCREENSHOTS, SETTLED
from tests.browser.test_accessibility import BLOCKING
from tests.browser.test_french import VISIBLE_TEXT, english_lines

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
SVG_TEXT = re.compile(r"<(?:text|title)[^>]*>([^<]*)</(?:text|title)>")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """The contexts of this module run no JavaScript."""
    return {**browser_context_args, "java_script_enabled": False}


def _overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize(("path", "lang"), [("/lite/", "en"), ("/lite/", "fr"), ("/lite/incidents", "fr")])
def test_a_lite_page_works_without_javascript_and_fits_a_phone(
    dashboard_url: str, page: Page, path: str, lang: str
):
    page.goto(f"{dashboard_url}{path}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert page.locator("script").count() == 0
    assert page.locator("table").count() >= 2
    map_width = page.evaluate("() => [...document.images].map((image) => image.naturalWidth)")
    assert map_width == [640]  # the map picture arrived and was drawn
    name = f"lite_{path.removeprefix('/lite').strip('/') or 'overview'}_{lang}"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{name}_{width}.png", full_page=True)
        assert _overflow(page) <= 0, f"{path} is wider than {width} px"


@pytest.mark.parametrize("path", ["/lite/", "/lite/incidents", "/lite/drivers", "/lite/flows"])
def test_a_french_lite_page_and_its_map_have_no_english_words(dashboard_url: str, page: Page, path: str):
    page.goto(f"{dashboard_url}{path}?lang=fr")
    english = english_lines(page.evaluate(VISIBLE_TEXT))
    assert not english, f"{path}: English words on the French page (word: lines): {english}"
    for source in page.evaluate("() => [...document.images].map((image) => image.src)"):
        drawn = page.request.get(source).text()
        english = english_lines("\n".join(SVG_TEXT.findall(drawn)))
        assert not english, f"{source}: English words in the French map: {english}"


def test_the_form_filters_the_view_without_javascript(dashboard_url: str, page: Page):
    page.goto(f"{dashboard_url}/lite/drivers?lang=fr")
    first_chart = page.locator("section > .scroll > table").first  # the map's table is folded away
    before = first_chart.inner_text()
    page.get_by_text("Modifier les filtres").click()
    page.get_by_label("Femmes").check()
    page.get_by_role("button", name="Afficher").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["gender"] == ["female"] and query["lang"] == ["fr"]
    expect(page.get_by_text("Genre\u00a0: Femmes")).to_be_visible()
    assert first_chart.inner_text() != before
    expect(page.get_by_label("Femmes")).to_be_checked()


def test_an_app_page_without_javascript_leads_to_its_lite_view(dashboard_url: str, page: Page):
    page.goto(f"{dashboard_url}/drivers?gender=female&lang=fr")
    page.get_by_role("link", name="Version bas débit").click()
    assert urlsplit(page.url).path == "/lite/drivers"
    assert parse_qs(urlsplit(page.url).query) == {"gender": ["female"], "lang": ["fr"]}
    expect(page.locator("h1")).to_have_text("Facteurs de migration")


def test_the_lite_link_gives_way_to_the_app_once_drawn(dashboard_url: str, browser: Browser):
    context = browser.new_context(java_script_enabled=True)
    try:
        app_page = context.new_page()
        app_page.goto(f"{dashboard_url}/drivers")
        app_page.wait_for_function(SETTLED, timeout=30_000)
        expect(app_page.locator(".lite-link")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/lite/?lang=fr", "/lite/drivers?lang=fr"])
def test_a_lite_page_on_a_phone_has_no_serious_accessibility_violation(
    dashboard_url: str, browser: Browser, path: str
):
    """axe-core runs in the page, so this page has JavaScript on: the lite page has no script of its own."""
    width = min(WIDTHS)
    context = browser.new_context(java_script_enabled=True, viewport={"width": width, "height": 900})
    try:
        lite = context.new_page()
        lite.goto(dashboard_url + path)
        lite.locator("details summary").first.click()  # the form's controls are checked too
        violations = Axe().run(lite).response["violations"]
    finally:
        context.close()
    blocking = [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert not blocking, f"{path} at {width} px: {blocking}"
