"""In Chromium, text from data with markup in it is shown as text: no link to ``//ev.il``, no injected image.

The dashboard serves the hostile data of ``tests.hostile.data`` (an MMP export loaded through the
importer, region and reference labels with ``<a href>``, ``<b>`` and ``<img onerror>``). Every page
is drawn, its charts hovered through, and the document searched for elements the data would have
made: a link whose address holds ``ev.il``, an image whose source is ``x``, a ``<b>`` holding "bold".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import APP_PAGES, SCREENSHOTS, SETTLED, serving
from tests.hostile.data import hostile_app, hostile_engine

pytestmark = pytest.mark.browser

INJECTED = """() => ({
    links: [...document.querySelectorAll('a[href*="ev.il"], [*|href*="ev.il"]')].length,
    images: [...document.querySelectorAll('img[src="x"], image[href="x"]')].length,
    bold: [...document.querySelectorAll('b, tspan[style*="bold"]')].filter(e => e.textContent.includes('bold')).length,
})"""
#: True once a chart shows a label from the data as it is written, tags and all.
SHOWN_AS_WRITTEN = (
    """() => [...document.querySelectorAll('svg text')].some(t => t.textContent.includes('<b>bold</b>'))"""
)


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, migrated_sqlite_file) -> Iterator[str]:
    engine, config = hostile_engine(tmp_path_factory.mktemp("hostile-browser"), migrated_sqlite_file)
    for app in hostile_app(config):
        with serving(app) as base_url:
            yield base_url
    engine.dispose()


def _hover_every_mark(page: Page) -> None:
    """Hover the middle of every chart, so plotly draws a hover label from the data there."""
    for graph in page.locator(".js-plotly-plot").all():
        box = graph.bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("path", [*APP_PAGES, "/lite/", "/lite/deaths"])
def test_no_markup_from_the_data_becomes_an_element(hostile_url: str, page: Page, path: str):
    page.goto(hostile_url + path)
    if not path.startswith("/lite"):
        page.wait_for_function(SETTLED, timeout=60_000)
        page.wait_for_load_state("networkidle")
        _hover_every_mark(page)
    found = page.evaluate(INJECTED)
    name = path.strip("/").replace("/", "-") or "overview"
    page.screenshot(path=str(SCREENSHOTS / f"hostile-text-{name}.png"), full_page=True)
    assert (found["links"], found["images"], found["bold"]) == (0, 0, 0), found


def test_the_data_text_is_shown_as_it_is_written(hostile_url: str, page: Page):
    page.goto(hostile_url + "/deaths")
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_function(SHOWN_AS_WRITTEN, timeout=60_000)
