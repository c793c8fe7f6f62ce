"""The briefing PDF asked for as a coordinator would: its pages, its words in French, its pictures, its job.

Expected words come from the data files and the French catalogue's conventions, not from the
code's output; the pages are drawn by the real Chromium and read back with pypdfium2.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest
from dash import Dash
from sqlalchemy import Engine

from callbacks.briefing import box_of
from core.config import PROJECT_ROOT, Config
from dashboard.briefings import WAIT_SETTING
from exports.briefing import briefing_query, parse_briefing
from exports.briefing_jobs import JobState
from tests.browser.test_french import english_lines
from tests.conftest import app_of_config, config_of
from view_data import ViewData

ROUTE = "central_med_niger"
FRENCH = f"/export/briefing.pdf?route={ROUTE}&pages=incidents.types,deaths.by_year&lang=fr"
ENGLISH = "/export/briefing.pdf?pages=deaths.by_cause&lang=en"
SYNTHETIC_FR = "Données synthétiques de démonstration"
A4_LANDSCAPE_PT = (842, 595)
FOLLOW_S = 90
NNBSP = "\u202f"  # French typography: a narrow no-break space before ";"


@pytest.fixture(scope="module")
def config(loaded_sqlite: Engine, tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The example data, the briefing jobs in a folder of this module."""
    return dataclasses.replace(config_of(loaded_sqlite), jobs_dir=tmp_path_factory.mktemp("jobs"))


@pytest.fixture(scope="module")
def app(config: Config) -> Iterator[Dash]:
    yield from app_of_config(config)


@pytest.fixture(scope="module")
def client(app: Dash):
    return app.server.test_client()


def finished(client, path: str) -> bytes:
    """The PDF at ``path``, following a 202's Location until the file is there."""
    response = client.get(path)
    deadline = time.monotonic() + FOLLOW_S
    while response.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.5)
        response = client.get(response.headers["Location"])
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return response.data


@pytest.fixture(scope="module")
def french_pdf(client) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(finished(client, FRENCH))


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def french_route_name() -> str:
    routes = pd.read_csv(PROJECT_ROOT / "data" / "regions" / "west-north-africa" / "routes.csv")
    return routes.set_index("route_id").loc[ROUTE, "name_fr"]


def test_briefing_has_a_cover_a_page_per_chart_and_a_sources_page(french_pdf):
    texts = page_texts(french_pdf)
    assert len(texts) == 1 + 2 + 1
    cover, incidents, deaths, sources = texts
    assert "Filtres" in cover and french_route_name() in cover and "Sommaire" in cover
    # the region's name under the title
    assert "protection dans les migrations mixtes Afrique de l'Ouest et du Nord Filtres" in cover
    assert "Incidents de protection" in incidents and "n =" in incidents
    assert "Morts et disparus" in deaths or "Décès" in deaths
    assert "Sources et mises en garde" in sources
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} sur 4" in text
        assert SYNTHETIC_FR in text, f"page {number} lacks the synthetic label"


def test_sources_page_credits_each_source_with_its_licence_and_caveats(french_pdf):
    sources = page_texts(french_pdf)[-1]
    assert "Missing Migrants Project de l'OIM" in sources and "CC BY 4.0" in sources
    assert "Mixed Migration Centre" in sources
    assert "échantillonnage raisonné" in sources  # 4Mi: not representative
    assert "estimations minimales" in sources  # MMP: minimum estimates
    assert "arrondis au multiple de 5" in sources  # the disclosure rule


def test_french_briefing_has_no_english_word(french_pdf):
    lines = [
        line
        for text in page_texts(french_pdf)
        for line in text.split(" Lien : ")[:1]  # the briefing's own link: parameter names are code
    ]
    assert not english_lines("\n".join(lines))


def test_french_briefing_puts_a_no_break_space_before_its_colons_and_semicolons(french_pdf):
    text = "\n".join(page.get_textpage().get_text_range() for page in french_pdf)  # spaces as drawn
    text = text.split("Lien")[0]  # the link's query is code
    assert f"{NNBSP}; Route : " in text  # the cover's filters: "Région : …\u202f; Route : …"
    assert not re.search(f"[^{NNBSP}];", text)
    assert not re.search(r"[^\s\d]:", text)  # fpdf2 prints the no-break space before a colon as a space


def test_the_file_is_saved_under_a_name_in_the_language_asked_for(french_pdf, client):
    saved = client.get(FRENCH).headers["Content-Disposition"]  # the file is ready: answered at once
    assert saved == 'attachment; filename="note-d-information.pdf"'


def coloured_share(image) -> float:
    """Share of an RGB picture's pixels in colour (chart marks), not black, grey or white (text, paper)."""
    pixels = np.asarray(image, dtype=int)
    return float(((pixels.max(axis=2) - pixels.min(axis=2)) > 60).mean())


def test_pages_are_a4_landscape_and_chart_pages_show_a_chart(french_pdf, tmp_path: Path):
    for index, page in enumerate(french_pdf):
        assert tuple(round(side) for side in page.get_size()) == A4_LANDSCAPE_PT
        image = page.render(scale=1).to_pil().convert("RGB")
        image.save(tmp_path / f"page-{index + 1}.png")
        width, height = image.size
        coloured = coloured_share(image.crop((0, height // 8, width, height * 3 // 4)))
        if 0 < index < len(french_pdf) - 1:
            assert coloured > 0.02, f"page {index + 1}: no chart drawn ({coloured:.3f} in colour)"
        else:
            assert coloured == 0, f"page {index + 1} should hold text only ({coloured:.3f} in colour)"


def test_direct_address_answers_202_then_the_same_job_serves_the_file(app, client):
    app.server.config[WAIT_SETTING] = 0
    try:
        first = client.get(ENGLISH)
        assert first.status_code == 202
        location = first.headers["Location"]
        assert first.get_json()["briefing"]["location"] == location
        data = finished(client, location)
        again = client.get(ENGLISH)  # no wait: the finished file of the same job
        assert again.status_code == 200 and again.data == data
    finally:
        del app.server.config[WAIT_SETTING]
    assert len(pdfium.PdfDocument(data)) == 1 + 1 + 1


def test_the_box_stops_following_a_job_that_failed_expired_or_outlived_its_time(app):
    job = {"key": "0" * 32, "until": 1000.0}
    cases = [(JobState("failed"), 10.0), (None, 10.0), (JobState("running", 1, 3), 1001.0)]
    with app.server.test_request_context("/?lang=fr"):
        following = box_of(job, JobState("running", 1, 3), 10.0).outputs()
        stopped = [box_of(job, state, now).outputs() for state, now in cases]
    followed, ticking_off, button_off, progress, _message, _href, link_hidden = following
    assert followed == job and not ticking_off and button_off and link_hidden
    assert progress == "Graphique 1 sur 3 dessiné…"
    for followed, ticking_off, button_off, progress, message, _href, link_hidden in stopped:
        assert followed is None and ticking_off and not button_off and link_hidden and not progress
        assert message == f"La note n'a pas pu être préparée{NNBSP}; réessayez dans une minute."


def test_unknown_job_is_404(client):
    assert client.get(f"/export/briefings/{'0' * 32}.pdf").status_code == 404
    assert client.get("/export/briefings/not-a-key.pdf").status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("pages=nowhere", "pages"),
        ("pages=incidents.nothing", "pages"),
        ("pages=overview,incidents,smugglers", "pages"),  # 13 charts
        ("pages=drivers&page_breakdown=shoe_size", "page_breakdown"),
        ("pages=overview&colour=red", "colour"),
        ("pages=overview&lang=de", "lang"),
    ],
)
def test_bad_parameters_are_400_naming_them(client, query, parameter):
    response = client.get(f"/export/briefing.pdf?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_the_box_asks_for_the_filters_pages_page_controls_and_language_of_the_view():
    query = briefing_query(
        "route=central_med_niger", ["trends"], "?route=central_med_niger&page_indicator=flows", "fr"
    )
    assert query == "route=central_med_niger&pages=trends&page_indicator=flows&lang=fr"


def test_page_controls_not_given_take_the_route_filter_or_what_the_page_shows_first(app, config):
    with app.server.test_request_context("/"):
        briefing = parse_briefing(
            ViewData.for_config(config), "route=central_med_chad&pages=route,drivers.by"
        )
    assert dict(briefing.controls) == {
        "route": "central_med_chad",
        "incident": "physical_violence",
        "breakdown": "gender",
    }
