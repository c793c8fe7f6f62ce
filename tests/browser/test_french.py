"""Every page in French: no word of the English catalogue's messages on screen; switching keeps the view.

The English words are those of the catalogue's messages (``translations/messages.pot``) that no
French translation (``translations/fr``) uses and the allow-list does not name (proper names,
codes, units). The visible text is the page's text, chart text included (titles, axes, legends,
labels drawn in SVG), the tab title, and the tooltips, labels and hints of visible elements.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from core.config import PROJECT_ROOT
from tests.browser.conftest import APP_PAGES as PAGES
from tests.browser.conftest import SETTLED, TITLES_RUNNING_INTO_PLOTS
from tests.browser.test_dashboard import _resize

pytestmark = pytest.mark.browser

TRANSLATIONS = PROJECT_ROOT / "translations"
DATED_TICK = re.compile(r"\S+ \d{4}")  # a month and its year, e.g. "janv. 2018"
NOT_FOUND = "/no-such-page"  # the page every unknown address shows (status 404)
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
#: Words of English messages that may stay on a French page: names of sources, organisations and
#: programmes, codes, units and abbreviations, written the same in both languages.
ALLOWED = frozenset(
    {
        "dtm",
        "fmp",
        "fmps",
        "iom",
        "mmc",
        "mmp",
        "km",
        "n",
        "ci",
        "mixed",
        "migration",
        "centre",
        "missing",
        "migrants",
        "project",
        "monitoring",
        "mechanism",
        "initiative",
        "geojson",
        "csv",
        "json",
        "api",
        "admin",
        "iso",
    }
)
#: Names written the same in both languages: MMP's route names (shown as MMP writes them, beside
#: ours; the sources' credit lines are translated).
ALLOWED_NAMES = tuple(pd.read_csv(PROJECT_ROOT / "data" / "reference" / "mmp_route_map.csv")["mmp_route"])
#: A word: letters (with inner apostrophes) not glued to other letters or digits, so that codes such
#: as a file's digest ("7712c20cc275") or "4Mi" give none.
WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:['’][^\W\d_]+)*(?![^\W_])")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
VISIBLE_TEXT = """() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const texts = [document.title, document.body.innerText];
    for (const line of document.querySelectorAll('svg text')) {  // each line of a chart's text apart
        const parts = line.querySelectorAll('tspan.line');
        texts.push(...(parts.length ? [...parts].map((part) => part.textContent) : [line.textContent]));
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [data-title]')) {
        if (!shown(el)) continue;
        for (const name of ['aria-label', 'title', 'alt', 'placeholder', 'data-title']) {
            if (el.getAttribute(name)) texts.push(el.getAttribute(name));
        }
    }
    return texts.join('\\n');
}"""


def _read(path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _words(text: str) -> set[str]:
    return {word.lower().replace("’", "'") for word in WORD.findall(PLACEHOLDER.sub(" ", text))}


def _texts(value: object) -> list[str]:
    """A message's singular and plural forms (or translations)."""
    return [text for text in (value if isinstance(value, list | tuple) else [value]) if text]


@functools.cache
def english_words() -> frozenset[str]:
    """Words of the English messages that are not French too (no translation uses them) nor allowed."""
    english = {
        word for m in _read(TRANSLATIONS / "messages.pot") if m.id for t in _texts(m.id) for word in _words(t)
    }
    french = {
        word
        for m in _read(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po")
        if m.id and not m.fuzzy
        for text in _texts(m.string)
        for word in _words(text)
    }
    return frozenset(english - french - french_labels() - ALLOWED)


def french_labels() -> set[str]:
    """Words of the French labels of codes and places in the reference files and region profiles."""
    reference, region = PROJECT_ROOT / "data" / "reference", PROJECT_ROOT / "data" / "regions"
    tables = [
        pd.read_csv(reference / "dimensions.csv")["label_fr"],
        pd.read_csv(reference / "codebook_4mi.csv")["label_fr"],
        *(pd.read_csv(path)["name_fr"] for path in region.glob("*/hubs.csv")),
        *(pd.read_csv(path)["name_fr"] for path in region.glob("*/routes.csv")),
    ]
    return {word for table in tables for text in table.dropna() for word in _words(str(text))}


def english_lines(text: str) -> dict[str, list[str]]:
    """{English word: the visible lines it is on}, for the words of :func:`english_words` in ``text``."""
    for name in sorted(ALLOWED_NAMES, key=len, reverse=True):  # names may wrap onto several lines
        text = re.sub(r"\s+".join(map(re.escape, name.split())), " ", text)
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        for word in sorted(_words(line) & english_words()):
            found.setdefault(word, []).append(line.strip()[:120])
    return found


def _settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)


def _overflow(page: Page) -> int:
    """Pixels the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_catalogue_gives_english_words_to_look_for():
    assert {"overview", "respondents", "filters"} <= english_words()


@pytest.mark.parametrize("path", [*PAGES, NOT_FOUND])
def test_every_page_in_french_shows_no_english_words_and_fits_a_phone(
    dashboard_url: str, page: Page, path: str, allowed_console_errors: list[str]
):
    """Desktop first (every word read there), then a phone's width: nothing scrolls sideways."""
    if path == NOT_FOUND:
        allowed_console_errors.append(r"status of 404 \(NOT FOUND\)")  # the document itself
    page.set_viewport_size({"width": SIZES["desktop"][0], "height": SIZES["desktop"][1]})
    page.goto(f"{dashboard_url}{path}?lang=fr")
    _settle(page)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    english = english_lines(page.evaluate(VISIBLE_TEXT))
    _resize(page, *SIZES["phone"])
    overflow = _overflow(page)
    assert not english, f"{path}: English words on the French page (word: lines): {english}"
    assert overflow <= 0, f"{path}: the French page is {overflow} px wider than a phone"
    assert not page.evaluate(TITLES_RUNNING_INTO_PLOTS), f"{path}: a chart's title runs into its plot"


def test_a_long_french_filter_chip_wraps_on_a_phone(dashboard_url: str, page: Page):
    page.set_viewport_size({"width": SIZES["phone"][0], "height": SIZES["phone"][1]})
    page.goto(f"{dashboard_url}/trends?route=central_med_niger&lang=fr")
    _settle(page)
    expect(page.locator("#filter-chips")).to_contain_text("Route de la Méditerranée centrale via le Niger")
    assert _overflow(page) <= 0


def test_an_open_french_dropdown_shows_its_own_words_in_french(dashboard_url: str, page: Page):
    page.goto(f"{dashboard_url}/trends?route=central_med_niger&lang=fr")
    _settle(page)
    page.locator('[id*=\'"parameter":"route"\']').first.click()
    expect(page.get_by_placeholder("Rechercher")).to_be_visible()
    assert not english_lines(page.evaluate(VISIBLE_TEXT))


def test_switching_language_keeps_the_page_and_its_filters(dashboard_url: str, page: Page):
    page.goto(f"{dashboard_url}/drivers?region=west-north-africa&period_from=2023-03&gender=female")
    _settle(page)
    gender = page.locator('[id*=\'"parameter":"gender"\']').first
    expect(gender).to_contain_text("Women")
    page.get_by_role("link", name="FR", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    _settle(page)
    query = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/drivers"
    assert query == {
        "region": ["west-north-africa"],
        "period_from": ["2023-03"],
        "gender": ["female"],
        "lang": ["fr"],
    }
    expect(gender).to_contain_text("Femmes")  # the control kept its value, labelled in French
    expect(page.locator("#filter-chips")).to_contain_text("mars 2023")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _settle(page)
    assert parse_qs(urlsplit(page.url).query)["gender"] == ["female"]
    expect(gender).to_contain_text("Women")


def test_a_filter_chosen_in_french_stays_in_french_and_moves_with_the_navigation(
    dashboard_url: str, page: Page
):
    page.goto(f"{dashboard_url}/incidents?lang=fr")
    _settle(page)
    page.locator('[id*=\'"parameter":"period_from"\']').first.click()
    page.get_by_role("option", name="mars 2023").click()
    expect(page).to_have_url(re.compile(r"period_from=2023-03.*lang=fr"))
    page.locator("#navbar").get_by_role("link", name=re.compile("^Flux|^Flows")).click()
    expect(page).to_have_url(re.compile(r"/flows\?.*period_from=2023-03.*lang=fr"))
    _settle(page)
    expect(page.locator("#filter-chips")).to_contain_text("mars 2023")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_date_axes_name_months_as_the_rest_of_the_page(dashboard_url: str, page: Page):
    page.goto(f"{dashboard_url}/flows?lang=fr")
    _settle(page)
    page.wait_for_function(  # the axes are drawn after the charts' layout, later on a busy machine
        "() => [...document.querySelectorAll('.xtick text')].some((t) => /\\S+ \\d{4}/.test(t.textContent))",
        timeout=30_000,
    )
    ticks = [text for text in page.locator(".xtick text").all_text_contents() if DATED_TICK.fullmatch(text)]
    months = {format_date(date(2000, month, 1), "MMM", locale="fr") for month in range(1, 13)}
    assert ticks, "no month on a date axis"
    assert {tick.rsplit(" ", 1)[0] for tick in ticks} <= months, ticks
