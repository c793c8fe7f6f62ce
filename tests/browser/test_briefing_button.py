"""The Briefing PDF box in French: build the briefing of the page shown, follow it, download it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import SETTLED, serving
from tests.conftest import config_of, page_registry_restored
from view_data import ViewData

pytestmark = pytest.mark.browser


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)


FINISHED = re.compile(r"/export/briefings/[0-9a-f]{32}\.pdf$")
PROGRESS = re.compile(r"^(En attente de son tour pour préparer la note…|Graphique \d sur \d dessiné…)$")


@pytest.fixture(scope="module")
def briefing_url(loaded_sqlite: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the example files, its briefing jobs in a folder of this module."""
    from dashboard.app import create_app

    config = dataclasses.replace(config_of(loaded_sqlite), jobs_dir=tmp_path_factory.mktemp("jobs"))
    with page_registry_restored():
        with serving(create_app(config)) as base_url:
            yield base_url
        ViewData.for_config(config).engine.dispose()


def test_the_box_builds_the_page_shown_and_offers_the_file(briefing_url: str, page: Page):
    page.goto(f"{briefing_url}/route?route=central_med_niger&lang=fr")
    settle(page)  # as a reader clicks once the page is drawn
    page.get_by_text("Note d'information (PDF)").click()
    button = page.get_by_role("button", name="Préparer la note")
    button.click()
    expect(button).to_be_disabled()  # while the job is followed
    expect(page.get_by_role("status").filter(has_text=PROGRESS)).to_be_visible()
    link = page.get_by_role("link", name="Télécharger la note (PDF)")
    expect(link).to_be_visible(timeout=90_000)
    expect(page.get_by_text("La note est prête.")).to_be_visible()
    expect(button).to_be_enabled()
    href = link.get_attribute("href")
    assert href and FINISHED.search(href)
    response = page.request.get(briefing_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(response.body())
    assert len(document) == 1 + 1 + 1  # cover, the route profile, sources
    cover = document[0].get_textpage().get_text_range()
    assert "Route de la Méditerranée centrale via le Niger" in " ".join(cover.split())
