"""Each map layer renders offline in headless Chromium from the real region files, with its place names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
from dash import Dash, Input, Output, dcc, html
from flask_babel import Babel
from playwright.sync_api import Page

from dashboard.ui_bench import AFTER_NEXT_PAINT
from figures.maps import (
    admin1_choropleth,
    base_map,
    fmp_layer,
    hub_bubbles,
    major_hubs,
    place_labels,
    route_lines,
)
from geo.boundaries import load_admin0_context
from tests.browser.conftest import SCREENSHOTS, serving
from tests.figures.synthetic import (
    MIN_COUNT,
    Region,
    admin1_shares,
    fmp_counts,
    hub_counts,
    load_region,
    segment_counts,
)

ASSETS = Path(__file__).resolve().parents[2] / "assets"
LAYERS = ("boundaries", "admin1", "routes", "hubs", "fmp", "all")
SHARE_LABEL = "Share reporting an incident<br>(% of respondents asked; n on hover)"


def _traces(region: Region, layer: str) -> list[go.BaseTraceType]:
    builders: dict[str, Callable[[], list[go.BaseTraceType]]] = {
        "boundaries": list,
        "admin1": lambda: admin1_choropleth(
            region.admin1,
            admin1_shares(region.admin1),
            value_col="share",
            label=SHARE_LABEL,
            base_col="n",
            min_count=MIN_COUNT,
        ),
        "routes": lambda: route_lines(
            region.segments,
            segment_counts(region.segments),
            value_col="respondents",
            label="Respondents",
            hub_names=dict(zip(region.hubs["hub_id"], region.hubs["name"], strict=True)),
        ),
        "hubs": lambda: hub_bubbles(
            region.hubs,
            hub_counts(region.hubs),
            value_col="respondents",
            label="Respondents",
            min_count=MIN_COUNT,
        ),
        "fmp": lambda: [
            fmp_layer(region.sites, fmp_counts(region.sites), value_col="individuals", label="Individuals")
        ],
    }
    if layer == "all":
        return [trace for name in ("admin1", "routes", "hubs", "fmp") for trace in builders[name]()]
    return builders[layer]()


def _labels(region: Region) -> list[dict[str, object]]:
    """Country codes as names (the app uses the reference names), and the major hubs."""
    context = load_admin0_context(region.profile.directory)
    names = {iso3: f"Name of {iso3}" for iso3 in [*region.admin0["country"], *context["country"]]}
    return place_labels(region.admin0, names, region.hubs, major_hubs(region.segments), context=context)


def _map_app(region: Region) -> Dash:
    app = Dash(__name__, serve_locally=True, assets_folder=str(ASSETS))
    Babel(app.server)
    app.layout = html.Div([dcc.Location(id="url"), dcc.Graph(id="map", style={"height": "760px"})])
    context = load_admin0_context(region.profile.directory)

    @app.callback(Output("map", "figure"), Input("url", "pathname"))
    def show_layer(pathname: str) -> go.Figure:
        fig = base_map(region.profile, region.admin0, context=context, labels=_labels(region), height=760)
        fig.add_traces(_traces(region, pathname.strip("/") or "all"))
        return fig

    return app


def _wait_for_map(page: Page) -> None:
    """Until maplibre has drawn the style and every source, then one more frame."""
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_function(
        """() => {
            const gd = document.querySelector('#map .js-plotly-plot');
            const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
            return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving());
        }""",
        timeout=30_000,
    )
    page.evaluate(AFTER_NEXT_PAINT)  # the drawn frame is on screen


@pytest.fixture(scope="module")
def region() -> Region:
    return load_region()


@pytest.fixture(scope="module")
def map_url(region: Region) -> Iterator[str]:
    """One app serving every layer (the path names the layer), for the whole module."""
    with serving(_map_app(region)) as base_url:
        yield base_url


@pytest.mark.browser
@pytest.mark.parametrize("layer", LAYERS)
def test_map_layer_renders_offline(layer: str, region: Region, map_url: str, page: Page):
    page.goto(f"{map_url}/{layer}")
    _wait_for_map(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=SCREENSHOTS / f"map_{layer}.png")
    assert page.locator(".maplibregl-canvas").count() == 1
    traces = page.evaluate("() => document.querySelector('#map .js-plotly-plot').data.length")
    assert traces == 1 + len(_traces(region, layer))


@pytest.mark.browser
def test_place_names_are_drawn_over_the_map_without_fetching_glyphs(region: Region, map_url: str, page: Page):
    page.goto(f"{map_url}/boundaries")
    _wait_for_map(page)
    page.wait_for_selector("#map .map-label", timeout=10_000)
    labels = page.locator("#map .map-label")
    assert labels.count() == len(_labels(region))
    shown = labels.all_text_contents()
    assert "Name of NER" in shown and "Name of ESP" in shown and "Agadez" in shown
    agadez = page.locator("#map .map-label-hub", has_text="Agadez").bounding_box()
    canvas = page.locator("#map .maplibregl-canvas").bounding_box()
    assert canvas["x"] < agadez["x"] < canvas["x"] + canvas["width"]
    assert canvas["y"] < agadez["y"] < canvas["y"] + canvas["height"]
    page.mouse.move(canvas["x"] + 300, canvas["y"] + 300)
    page.mouse.down()
    page.mouse.move(canvas["x"] + 400, canvas["y"] + 350, steps=5)
    page.mouse.up()
    moved = page.locator("#map .map-label-hub", has_text="Agadez").bounding_box()
    assert moved["x"] - agadez["x"] == pytest.approx(100, abs=3)
    assert moved["y"] - agadez["y"] == pytest.approx(50, abs=3)


@pytest.mark.browser
def test_map_fits_a_phone_wide_screen(region: Region, map_url: str, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{map_url}/all")
    _wait_for_map(page)
    widths = page.evaluate(
        """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                  document.querySelector('#map .maplibregl-canvas').getBoundingClientRect().right]"""
    )
    scroll_width, client_width, canvas_right = widths
    assert scroll_width <= client_width == 390
    assert canvas_right <= 390
    texts = page.locator("#map .annotation-text, #map .legendtext")
    assert texts.count() >= 3
    for box in (texts.nth(i).bounding_box() for i in range(texts.count())):
        assert box["x"] >= 0 and box["x"] + box["width"] <= canvas_right + 1
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map.getZoom() < 3"
    )
    west, east = page.evaluate(
        """() => { const b = document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map.getBounds();
                   return [b.getWest(), b.getEast()]; }"""
    )
    extent = region.profile.extent
    assert west <= extent.lon_min and east >= extent.lon_max  # the whole region, not the wide-screen crop
