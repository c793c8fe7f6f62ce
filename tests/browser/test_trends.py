"""The Trends page in a browser, over three months of demo data: what changed most opens its view; French throughout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from data_access.demo import load_demo
from data_access.reference import Reference
from tests.browser.conftest import SCREENSHOTS, SETTLED, serving
from tests.browser.test_accessibility import BLOCKING, EXCLUDED, _report
from tests.browser.test_dashboard import _resize
from tests.browser.test_french import VISIBLE_TEXT, english_lines
from tests.conftest import dashboard_app, sqlite_engine
from tests.trends_demo import PROFILE

pytestmark = pytest.mark.browser

MOST = "#trends-most"
PAGES = {"/flows", "/deaths", "/incidents", "/drivers"}


@pytest.fixture(scope="module")
def trends_url(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path, reference: Reference
) -> Iterator[str]:
    """The dashboard over January to March 2019 of the demo data, served for the module; read only."""
    engine = sqlite_engine(tmp_path_factory.mktemp("trends") / "demo.sqlite", migrated_sqlite_file)
    list(load_demo(engine, PROFILE, reference, period_from="2019-01", period_to="2019-03"))
    for app in dashboard_app(engine):
        with serving(app) as base_url:
            yield base_url
    engine.dispose()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)
    expect(page.locator(f"{MOST} li").first).to_be_visible(timeout=30_000)


def test_what_changed_most_lists_accessible_changes_each_opening_the_view_that_shows_it(
    trends_url: str, page: Page
):
    _open(page, f"{trends_url}/trends")
    expect(page.locator("h1")).to_have_text("Trends")
    expect(page.locator(f"{MOST} h3")).to_have_text(["Largest increases", "Largest decreases"])
    results = Axe().run(page, context={"exclude": EXCLUDED})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, _report(blocking)
    link = page.locator(f"{MOST} li a").first
    href = link.get_attribute("href") or ""
    target = urlsplit(href)
    assert target.path in PAGES
    assert parse_qs(target.query)["period_to"] == ["2019-03"]

    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == target.path)
    page.wait_for_function(SETTLED, timeout=30_000)
    shown = parse_qs(urlsplit(page.url).query)
    assert shown["period_to"] == ["2019-03"]
    assert {key: shown.get(key) for key in ("route", "country")} == {
        key: parse_qs(target.query).get(key) for key in ("route", "country")
    }


def test_the_indicator_chosen_in_the_link_is_charted_with_the_months_compared(trends_url: str, page: Page):
    _open(page, f"{trends_url}/trends?page_period=2019-03&page_compare=previous&page_indicator=driver")
    titles = page.locator(".js-plotly-plot .gtitle")
    expect(titles.filter(has_text="What changed most")).to_contain_text("Mar 2019 compared with Feb 2019")
    expect(titles.filter(has_text="Reasons for leaving")).to_contain_text("Mar 2019 compared with Feb 2019")


def test_the_french_page_shows_no_english_word_fits_a_phone_and_downloads_in_french(
    trends_url: str, page: Page
):
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(page, f"{trends_url}/trends?lang=fr")
    expect(page.locator("h1")).to_have_text("Tendances")
    expect(page.locator(f"{MOST} h3")).to_have_text(["Plus fortes hausses", "Plus fortes baisses"])
    english = english_lines(page.evaluate(VISIBLE_TEXT))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "trends-fr-desktop.png", full_page=True)
    href = page.get_by_role("link", name="Télécharger cette liste (CSV)").get_attribute("href") or ""
    download = page.request.get(trends_url + href).text().splitlines()
    _resize(page, 390, 844)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=SCREENSHOTS / "trends-fr-phone.png", full_page=True)

    assert not english, f"English words on the French Trends page (word: lines): {english}"
    assert overflow <= 0, f"the French Trends page is {overflow} px wider than a phone"
    assert all("lang=fr" in (a.get_attribute("href") or "") for a in page.locator(f"{MOST} a").all())
    header = next(line for line in download if not line.startswith("#"))
    assert urlsplit(href).path == "/export/trends/most.csv"  # the list as the page shows it, in French
    assert download[0].startswith("# Graphique\u00a0: Ce qui a le plus varié")
    assert header.startswith("Indicateur,Catégorie,Comparé sur,Lieu,")
    assert len(download) > download.index(header) + 1
