"""Both region profiles in the browser: every page draws for East Africa and Yemen, centred on it,
and the filter bar's region switcher changes the region, the address and the map.

The dashboard reads the project's region profiles and a two-month demo of each, loaded once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from core.config import DATA_DIR
from data_access.demo import load_demo
from data_access.reference import Reference
from geo.regions import available_profiles
from tests.browser.conftest import APP_PAGES, SETTLED, TITLES_RUNNING_INTO_PLOTS, serving
from tests.conftest import dashboard_app, sqlite_engine

pytestmark = pytest.mark.browser

EAST = "east-africa-yemen"
PROFILES = available_profiles(DATA_DIR / "regions")
#: The view (centre) and the route lines of the map on screen, read from plotly's figure.
MAP_VIEW = """() => {
    const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout.map);
    return gd ? {lat: gd._fullLayout.map.center.lat, lon: gd._fullLayout.map.center.lon,
                 routes: gd.data.filter(t => t.type === 'scattermap' && t.mode === 'lines').length} : null;
}"""


@pytest.fixture(scope="module")
def regions_url(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path, reference: Reference
) -> Iterator[str]:
    """The dashboard over a two-month demo of every region profile, served for the module."""
    engine: Engine = sqlite_engine(tmp_path_factory.mktemp("regions") / "app.sqlite", migrated_sqlite_file)
    for profile in sorted(PROFILES.values(), key=lambda p: not p.default):
        for _step in load_demo(engine, profile, reference, period_from="2023-01", period_to="2023-02"):
            pass
    for app in dashboard_app(engine):
        with serving(app) as base_url:
            yield base_url
    engine.dispose()


def _settled(page: Page) -> None:
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_load_state("networkidle")


def _assert_map_of(page: Page, region: str) -> None:
    profile = PROFILES[region]
    expect(page.locator(".maplibregl-canvas").first).to_be_visible()
    view = page.evaluate(MAP_VIEW)
    assert view is not None, "the page has a map"
    assert (view["lat"], view["lon"]) == (profile.center_lat, profile.center_lon)
    assert view["routes"] > 0, "the region's routes are drawn"


@pytest.mark.parametrize("path", APP_PAGES)
def test_every_page_draws_for_the_east_africa_profile(regions_url: str, page: Page, path: str) -> None:
    page.goto(f"{regions_url}{path}?region={EAST}")
    _settled(page)
    region = page.locator('button.dash-dropdown[id*=\'"parameter":"region"\']')
    expect(region).to_contain_text("East Africa")
    if page.evaluate(MAP_VIEW) is not None:
        _assert_map_of(page, EAST)


def test_on_a_phone_in_french_no_chart_title_runs_into_its_plot(regions_url: str, page: Page) -> None:
    """The longest titles: French, the second profile's route names, wrapped for a phone's width."""
    page.set_viewport_size({"width": 390, "height": 844})
    crowded = {}
    for path in APP_PAGES:
        page.goto(f"{regions_url}{path}?region={EAST}&lang=fr")
        _settled(page)
        crowded[path] = page.evaluate(TITLES_RUNNING_INTO_PLOTS)
    assert not any(crowded.values()), crowded


def test_the_route_profile_offers_the_region_s_routes(regions_url: str, page: Page) -> None:
    page.goto(f"{regions_url}/route?region={EAST}")
    _settled(page)
    route = page.locator('button.dash-dropdown[id*=\'"name":"route"\']')
    shown = route.inner_text().strip()
    route.click()
    options = [option.strip() for option in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    assert options and not any("Central Mediterranean" in option for option in options)
    assert shown in options, f"the picker shows {shown!r}, not one of the region's routes"
    expect(page.locator(".gtitle").first).to_contain_text(shown)


def test_switching_region_changes_the_address_and_the_map(regions_url: str, page: Page) -> None:
    page.goto(regions_url + "/")
    _settled(page)
    _assert_map_of(page, next(p.id for p in PROFILES.values() if p.default))
    region = page.locator('button.dash-dropdown[id*=\'"parameter":"region"\']')
    region.click()
    page.get_by_role("option", name=PROFILES[EAST].label("en"), exact=True).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"region={EAST}"))
    page.wait_for_function(
        f"() => ({MAP_VIEW})() && ({MAP_VIEW})().lat === {PROFILES[EAST].center_lat}", timeout=30_000
    )
    _settled(page)
    _assert_map_of(page, EAST)
