"""No text from data is drawn as markup: every chart, the map and the low-bandwidth pages show it as text.

The data: an MMP export with links, bold text and script-running images in its text fields, loaded
through the real importer, and region and reference files whose place, route, site and category
names carry the same (``tests.hostile.data``). Plotly draws ``<a href>``, ``<b>`` and ``<br>`` in
figure texts; a browser draws any tag of a page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator

import pytest
from dash import Dash
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import Engine

from core.config import Config
from indicators.filters import Filters
from panels.maps import initial_map, layer_options, map_patch
from panels.pages import PAGE_CONTENT
from tests.hostile.data import BOLD, HOSTILE, REGION, hostile_app, hostile_engine
from view_data import ViewData

LITE_PAGES = ["/lite/", "/lite/incidents", "/lite/drivers", "/lite/smugglers", "/lite/flows", "/lite/deaths"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, migrated_sqlite_file) -> Iterator[tuple[Engine, Config]]:
    engine, config = hostile_engine(tmp_path_factory.mktemp("hostile"), migrated_sqlite_file)
    yield engine, config
    engine.dispose()


@pytest.fixture(scope="module")
def app(hostile) -> Iterator[Dash]:
    yield from hostile_app(hostile[1])


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _figure_texts(figure: object) -> list[str]:
    """Every text of a figure plotly draws (``layout.meta`` travels to the map's labels as text)."""
    data = json.loads(json.dumps(figure, cls=PlotlyJSONEncoder))
    data.get("layout", {}).pop("meta", None)
    return list(_strings(data))


@pytest.fixture(scope="module")
def figures(app, hostile) -> dict[str, list[str]]:
    """The texts of every page's charts and of the map in each layer, as the panels build them."""
    config = hostile[1]
    service = ViewData.for_config(config)
    filters = Filters(region=REGION)
    texts = {}
    with app.server.test_request_context("/"):
        for page, content in PAGE_CONTENT.items():
            controls = {name: control.default(service) for name, control in content.controls.items()}
            for key, panel in content.build(service, filters, controls).items():
                texts[f"{page}/{key}"] = _figure_texts(panel.figure)
        figure, slots = initial_map(service, REGION)
        texts["map"] = _figure_texts(figure)
        for option in layer_options():
            patch = map_patch(service, option["value"], filters, slots)[0]
            texts[f"map/{option['value']}"] = _figure_texts(patch.to_plotly_json())
    return texts


def test_no_chart_or_map_draws_markup_from_the_data(figures):
    live = {
        name: [text[:120] for text in texts if any(markup in text for markup in HOSTILE)]
        for name, texts in figures.items()
    }
    assert not {name: found for name, found in live.items() if found}


@pytest.mark.parametrize("markup", HOSTILE)
def test_the_data_text_is_in_the_charts_as_plain_text(figures, markup):
    shown = [
        name for name, texts in figures.items() if any(html.escape(markup, quote=False) in t for t in texts)
    ]
    assert shown, "the hostile text reached no chart: the test would prove nothing"


def test_the_mmp_route_labels_name_the_deaths_series_as_text(figures):
    assert any(html.escape(BOLD, quote=False) in text for text in figures["deaths/by_year"])


@pytest.mark.parametrize("path", LITE_PAGES)
def test_the_low_bandwidth_pages_show_the_data_text_as_text(app, path):
    page = app.server.test_client().get(path).get_data(as_text=True)
    assert not [markup for markup in HOSTILE if markup in page]
    assert any(html.escape(markup) in page for markup in HOSTILE)
