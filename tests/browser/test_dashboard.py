"""The dashboard in headless Chromium: pages, filters in the URL, shared links, map clicks."""

from __future__ import annotations

import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard.ui_bench import AFTER_NEXT_PAINT
from data_access.importers.fourmi import CELL
from tests.browser.conftest import SCREENSHOTS, SETTLED, TITLES_RUNNING_INTO_PLOTS

pytestmark = pytest.mark.browser

PAGES = ["/", "/incidents", "/drivers", "/smugglers", "/flows", "/deaths", "/route", "/methodology"]
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
PLOT = ".js-plotly-plot"
expect.set_options(timeout=20_000)
MAP = """div[id='{"page":"overview","type":"map-graph"}']"""
PLOTS_FIT_THEIR_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(gd => gd.offsetParent !== null)
    .every(gd => gd._fullLayout
        && Math.abs(gd._fullLayout.width - gd.getBoundingClientRect().width) < 2
        && (!gd._fullLayout.map || gd._fullLayout.map._subplot.map.loaded()))"""


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _wait_for_charts(page: Page) -> None:
    page.wait_for_selector(PLOT, timeout=30_000)
    page.wait_for_load_state("networkidle")


def _capture(page: Page, path: str) -> None:
    size = page.viewport_size
    assert size is not None
    name = path.strip("/") or "overview"
    page.screenshot(path=SCREENSHOTS / f"{name}_{size['width']}x{size['height']}.png", full_page=True)


def _resize(page: Page, width: int, height: int) -> None:
    """Once every callback has answered, resize the viewport and wait until the charts and maps fit it.

    Resizing while a chart is being replaced can reach plotly's resize handler on a purged chart.
    """
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(PLOTS_FIT_THEIR_BOXES, timeout=30_000)
    page.evaluate(AFTER_NEXT_PAINT)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_with_the_banner_and_is_captured_at_each_size(
    dashboard_url: str, page: Page, path: str
):
    """The page is loaded once, captured at the size it loaded at, then resized and captured again.

    Pages load alternately at desktop and phone size, so both sizes see first loads.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first, second = list(SIZES.values())[:: 1 if PAGES.index(path) % 2 == 0 else -1]
    page.set_viewport_size({"width": first[0], "height": first[1]})
    page.goto(dashboard_url + path)
    expect(page.locator("#synthetic-banner")).to_contain_text("Synthetic demonstration data")
    if path != "/methodology":
        _wait_for_charts(page)
    else:
        datasets = page.locator("#datasets-table tbody tr")
        expect(datasets.filter(has_text="mmp_current_export.csv")).to_have_count(1)
        expect(datasets.filter(has_text="4mi_example.csv")).to_contain_text("synthetic")
    expect(page.locator("h1")).not_to_have_text("Page not found")
    _capture(page, path)
    _resize(page, *second)
    _capture(page, path)


def test_an_unknown_page_answers_404_and_says_so(dashboard_url: str, page: Page, allowed_console_errors):
    allowed_console_errors.append(r"status of 404 \(NOT FOUND\)")  # the document itself
    response = page.goto(dashboard_url + "/no-such-page")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("#synthetic-banner")).to_be_visible()  # inside the dashboard's frame
    expect(page.get_by_role("link", name="Go to the overview")).to_have_attribute("href", "/?lang=en")


def test_a_panel_table_shows_the_chart_numbers_with_hidden_cells_marked(dashboard_url: str, page: Page):
    page.goto(dashboard_url + "/drivers")
    _wait_for_charts(page)
    details = page.locator("details").filter(has=page.locator(".data-table-region")).first
    details.locator("summary").click()
    table = details.get_by_role("region", name="The chart's numbers").get_by_role("table")
    expect(table.locator("tbody tr").first).to_be_visible()
    hidden = table.locator("td.suppressed-cell")
    expect(hidden.first).to_have_text("fewer than 5", timeout=5_000)  # the rows are drawn already
    assert all(text == "fewer than 5" for text in hidden.all_inner_texts())
    share = table.get_by_role("columnheader").all_inner_texts().index("Share (%)") + 1
    shares = table.locator(f"tbody td:nth-child({share}):not(.suppressed-cell)").all_inner_texts()
    assert shares and all(float(text) >= 0 for text in shares)


def test_on_a_phone_a_wide_table_scrolls_inside_its_region_under_its_header(dashboard_url: str, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(dashboard_url + "/drivers")
    _wait_for_charts(page)
    details = page.locator("details").filter(has=page.locator(".data-table-region")).first
    details.locator("summary").click()
    region = details.get_by_role("region", name="The chart's numbers")
    expect(region.locator("tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), (
        "the table neither fits nor scrolls sideways"
    )
    assert region.evaluate("r => r.scrollHeight > r.clientHeight"), (
        "at this width the rows are taller than the region"
    )
    region.focus()  # reachable by keyboard, so it can be scrolled without a mouse
    expect(region).to_be_focused()
    page.keyboard.press("End")
    page.wait_for_function(
        "r => r.scrollTop + r.clientHeight >= r.scrollHeight - 1", arg=region.element_handle()
    )
    header = region.get_by_role("columnheader").first
    assert abs(header.bounding_box()["y"] - region.bounding_box()["y"]) <= 2, (
        "the header scrolled away with the rows"
    )


def _choose(page: Page, parameter: str, option: str) -> None:
    """Pick ``option`` in a filter; a second click opens the list if a late re-render closed it."""
    control = page.locator(f'button.dash-dropdown[id*=\'"parameter":"{parameter}"\']')
    choice = page.get_by_role("option", name=option, exact=True)
    control.click()
    try:
        choice.wait_for(timeout=5_000)
    except PlaywrightTimeoutError:
        control.click()
    choice.click()
    page.keyboard.press("Escape")


def test_changing_a_filter_updates_the_url_and_the_charts(dashboard_url: str, page: Page):
    page.goto(dashboard_url + "/drivers")
    _wait_for_charts(page)
    title = page.locator(".gtitle").first
    before = title.text_content()
    _choose(page, "gender", "Women")
    expect(page).to_have_url(re.compile(r"gender=female"))
    expect(title).not_to_have_text(before or "")
    assert _query(page)["gender"] == ["female"]


def _women_18_24_driver_base(examples: Path) -> int:
    cells = pd.read_csv(examples / "4mi_example.csv", dtype=str, keep_default_na=False)
    chosen = cells[
        (cells["indicator"] == "driver")
        & (cells["gender"] == "female")
        & (cells["age_group"] == "18-24")
        & cells["period"].str.startswith("2023")
    ]
    return int(chosen.drop_duplicates(CELL)["base"].astype(int).sum())


def test_a_shared_link_restores_the_view_and_back_returns_to_the_previous_one(
    dashboard_url: str, page: Page, examples: Path
):
    link = "/drivers?region=west-north-africa&period_from=2023-01&period_to=2023-12&gender=female&age_group=18-24"
    page.goto(dashboard_url + link)
    _wait_for_charts(page)
    chips = page.locator("#filter-chips")
    expect(chips).to_contain_text("Women")
    expect(chips).to_contain_text("18–24")
    expect(chips).to_contain_text("From: Jan 2023")
    base = 5 * math.floor(_women_18_24_driver_base(examples) / 5 + 0.5)  # published rounded to the nearest 5
    expect(page.locator(".gtitle").first).to_contain_text(f"n = {base} respondents asked")
    _choose(page, "gender", "Men")
    expect(page).to_have_url(re.compile(r"gender=female%2Cmale|gender=female,male"))
    page.wait_for_load_state("networkidle")
    page.go_back()
    expect(page).to_have_url(re.compile(r"gender=female&"))
    expect(chips).not_to_contain_text("Men")


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("/incidents?gender=aliens", "gender: 'aliens'"),
        ("/flows?region=europe", "region: 'europe' is not a known value"),
        ("/flows?lang=xx", "lang: 'xx' is not a language the dashboard offers"),
    ],
)
def test_an_invalid_link_shows_a_message_instead_of_breaking(dashboard_url: str, page: Page, link, message):
    page.goto(dashboard_url + link)
    _wait_for_charts(page)
    expect(page.locator("#filter-error")).to_contain_text(message)
    expect(page.locator("h1")).to_have_count(1)


def test_clicking_a_region_on_the_map_filters_the_views(dashboard_url: str, page: Page):
    page.goto(dashboard_url + "/")
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.locator(MAP).scroll_into_view_if_needed()
    for attempt in range(3):  # under load the page may still move between measuring and clicking
        point = page.evaluate(
            """(selector) => {
                const graph = document.querySelector(`${selector} .js-plotly-plot`);
                const map = graph._fullLayout.map._subplot.map;
                const p = map.project([7.99, 18.5]);
                const box = map.getCanvas().getBoundingClientRect();
                return {x: box.left + p.x, y: box.top + p.y};
            }""",
            MAP,
        )
        page.mouse.click(point["x"], point["y"])
        try:
            expect(page).to_have_url(re.compile(r"admin1=NER-800"), timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    expect(page.locator("#filter-chips")).to_contain_text("Agadez")
    page.get_by_role("button", name="Clear filters").click()
    expect(page).not_to_have_url(re.compile(r"admin1="))


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(dashboard_url: str, page: Page, path: str):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(dashboard_url + path)
    if path != "/methodology":
        _wait_for_charts(page)
    else:
        expect(page.locator("#datasets-table tbody tr").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.evaluate(TITLES_RUNNING_INTO_PLOTS)


def test_on_a_phone_the_filters_fold_behind_one_button_counting_those_set(dashboard_url: str, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(dashboard_url + "/drivers")
    _wait_for_charts(page)
    toggle = page.get_by_role("button", name=re.compile(r"^Filters \(\d+ active\)$"))
    gender = page.locator('button.dash-dropdown[id*=\'"parameter":"gender"\']')
    expect(toggle).to_have_text("Filters (0 active)")
    expect(gender).to_be_hidden()
    toggle.click()
    expect(gender).to_be_visible()
    _choose(page, "gender", "Women")
    _choose(page, "period_from", "Jan 2023")
    expect(toggle).to_have_text("Filters (2 active)")
    expect(page.locator("#filter-chips")).to_contain_text("From: Jan 2023")
    expect(page.locator("#filter-chips")).to_contain_text("Gender: Women")
    assert _query(page)["period_from"] == ["2023-01"]
    _resize(page, 1366, 768)
    expect(toggle).to_be_hidden()
    expect(gender).to_be_visible()


def test_every_chart_card_links_to_how_to_read_it(dashboard_url: str, page: Page):
    page.goto(dashboard_url + "/drivers")
    _wait_for_charts(page)
    cards = page.locator(".chart-card")
    links = page.get_by_role("button", name="How to read this chart")
    expect(links).to_have_count(cards.count())
    for index in range(cards.count()):
        expect(cards.nth(index).get_by_role("button", name="How to read this chart")).to_have_count(1)
    links.last.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("95 % CI (confidence interval)")
    expect(dialog).to_contain_text("fewer than 5")
    expect(dialog.get_by_role("link", name="More on the methodology page")).to_have_attribute(
        "href", "/methodology?lang=en#how-to-read"
    )
