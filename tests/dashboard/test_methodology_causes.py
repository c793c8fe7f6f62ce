"""The methodology page lists the MMP cause texts the cause reference file does not list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash
from sqlalchemy import Engine

from data_access.loading import load_file
from indicators.filters import Filters
from layouts.pages import methodology
from tests.conftest import config_of, dashboard_app
from tests.tables import by_id, shown_rows
from view_data import ViewData


@pytest.fixture
def app(engine: Engine, reference, examples, tmp_path) -> Iterator[Dash]:
    """The dashboard over the example export with one unlisted cause and one combination of listed ones."""
    text = (examples / "mmp_current_export.csv").read_text(encoding="utf-8-sig")
    text = text.replace('"Violence"', '"Landmine"', 1).replace('"Mixed or unknown"', '"Drowning,Violence"', 1)
    path = tmp_path / "mmp_export.csv"
    path.write_text(text, encoding="utf-8-sig")
    load_file(engine, "mmp", path, reference=reference)
    yield from dashboard_app(engine)


def test_an_unlisted_cause_text_is_listed_with_its_incidents_and_counts_as_mixed_or_unknown(app, engine):
    service = ViewData.for_config(config_of(engine))
    with app.server.test_request_context("/methodology"):
        page = methodology.layout(service)
        by_cause = service.deaths(Filters(region=None), ("cause",)).rows

    assert shown_rows(by_id(page, "unlisted-causes-table")) == [
        {"Cause of death, as recorded": "Landmine", "Incidents": "1"}
    ]
    incidents = dict(zip(by_cause["cause"], by_cause["incidents"], strict=True))
    assert incidents["mixed_unknown"] == 3  # "Mixed or unknown", "Drowning,Violence" and "Landmine"
    assert "violence" not in incidents
