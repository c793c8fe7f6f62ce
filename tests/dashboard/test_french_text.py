"""Text built on the server in French: refused filters, the filter line, credits and licences, column names."""

from __future__ import annotations

import dataclasses
import re

import pytest
from dash import Dash

from core.i18n import stored_
from exports.about import chart_heading
from layouts.pages.methodology import provenance_rows
from panels import flows, incidents
from panels.filters import filters_from_link, filters_from_url, filters_text
from view_data import ViewData

NBSP = "\u00a0"
NNBSP = "\u202f"  # French typography: a narrow no-break space before ";"
DTM_CREDIT_FR = "Matrice de suivi des déplacements (DTM) de l'OIM, suivi des flux"


@pytest.fixture
def french(app: Dash):
    with app.server.test_request_context("/?lang=fr"):
        yield


@pytest.fixture
def english(app: Dash):
    with app.server.test_request_context("/?lang=en"):
        yield


def test_a_refused_filter_is_explained_in_french(service: ViewData, french):
    _, problem = filters_from_url(service, "?gender=zz")
    assert problem is not None
    assert problem.startswith(f"gender{NBSP}: 'zz' n'est pas une valeur connue (valeurs attendues{NBSP}: ")


def test_a_refused_filter_is_explained_in_english(service: ViewData, english):
    _, problem = filters_from_url(service, "?period_from=2023-13")
    assert problem == "period_from: '2023-13' is not a month (expected YYYY-MM, year 1900-2099, month 01-12)"


def test_the_filter_line_uses_the_french_colon(service: ViewData, french):
    filters = dataclasses.replace(filters_from_link(service, {}), gender=("female",))
    text = filters_text(service, filters)
    assert text.startswith(f"Région{NBSP}: ")
    assert f"Genre{NBSP}: Femmes" in text
    assert "Genre:" not in text


def test_the_filter_line_separates_filters_with_the_french_semicolon(service: ViewData, french):
    filters = dataclasses.replace(
        filters_from_link(service, {}), gender=("female",), route=("central_med_niger",)
    )
    text = filters_text(service, filters)
    assert text.count(f"{NNBSP}; ") == 2
    assert not re.search(f"[^{NNBSP}];", text)


def test_the_incident_place_chart_names_its_incident_after_a_french_colon(service: ViewData, french):
    panels = incidents.build(service, filters_from_link(service, {}), {"incident": "robbery"})
    title, subtitle = chart_heading(panels["places"].figure)
    assert title == f"Lieux des incidents{NBSP}: Vol"
    assert not re.search(r"\w[:;]", f"{title} {subtitle}")


def test_flows_charts_credit_and_tables_are_in_french(service: ViewData, french):
    panels = flows.build(service, filters_from_link(service, {}), {})
    heading = " ".join(re.sub(r"<[^>]+>", " ", panels["daily"].figure.layout.title.text).split())
    assert DTM_CREDIT_FR in heading
    assert "flow monitoring" not in heading
    headers = {str(column["headerName"]) for content in panels.values() for column in content.columns}
    assert {"Mois", "Direction", "FMP"} <= headers
    assert not {"Period", "Fmp"} & headers


def test_the_datasets_table_gives_credits_and_licences_in_french(service: ViewData, french):
    credits = {str(row["credit"]) for row in provenance_rows(service.datasets())}
    assert f"{DTM_CREDIT_FR} (Données de la DTM de l'OIM partagées" in "\n".join(credits)
    assert not any("not for redistribution" in credit for credit in credits)


def test_a_credit_not_in_the_catalogue_stays_as_given(french):
    assert stored_("Our own survey, 2024") == "Our own survey, 2024"
    assert stored_("") == ""
