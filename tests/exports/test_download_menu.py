"""In a browser: every chart card's Download menu links to its exports of the view on screen."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SETTLED

pytestmark = pytest.mark.browser


def test_download_links_follow_the_filters_and_the_page_controls(dashboard_url: str, page: Page):
    page.goto(f"{dashboard_url}/drivers?region=west-north-africa&gender=female&lang=fr")
    page.wait_for_function(SETTLED)
    card = page.locator(".chart-card").filter(has=page.locator(".dropdown")).nth(1)
    card.get_by_role("button", name="Télécharger", exact=True).click()
    links = card.locator(".dropdown-menu a")
    expect(links).to_have_count(4)
    hrefs = [links.nth(index).get_attribute("href") for index in range(4)]
    assert [urlsplit(href).path for href in hrefs] == [
        f"/export/drivers/by.{f}" for f in ("png", "svg", "csv", "xlsx")
    ]
    for href in hrefs:
        query = parse_qs(urlsplit(href).query)
        assert (
            query["gender"] == ["female"]
            and query["page_breakdown"] == ["gender"]
            and query["lang"] == ["fr"]
        )
    with page.expect_download() as download:
        links.nth(2).click()
    text = download.value.path().read_text(encoding="utf-8")
    assert "Genre\u00a0: Femmes" in text  # the French colon, after a no-break space
    assert download.value.suggested_filename == "drivers-by.csv"
