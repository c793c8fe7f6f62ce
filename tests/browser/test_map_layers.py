"""Each map layer renders offline in headless Chromium from the real region files, with its place names.

Readable on a phone (390 px) and a projector (1366 px): place names never overlap, the
legend and keys never cover the map, and the route profile's hub names never overlap.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
from dash import Dash, Input, Output, dcc, html
from flask_babel import Babel
from playwright.sync_api import Page

from dashboard.ui_bench import AFTER_NEXT_PAINT
from figures.maps import (
    KEY_BAND_PX,
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
SIZES = {"phone": (390, 844), "projector": (1366, 768)}
FIGURE_PX = 760
OVERVIEW_MAP = """div[id='{"page":"overview","type":"map-graph"}']"""
LAYER_SWITCH = """[id='{"page":"overview","type":"map-layer"}']"""
BOX = "e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
VISIBLE_LABELS = f"""root => [...document.querySelectorAll(root + ' .map-label')]
    .filter(label => label.style.display !== 'none')
    .map(label => ({{text: label.textContent, ...({BOX})(label)}}))"""
KEYS_AND_MAP = f"""root => {{
    const gd = document.querySelector(root + ' .js-plotly-plot');
    const box = {BOX};
    const keys = [...gd.querySelectorAll('g.legend, g.colorbar, g.annotation, .shapelayer path')]
        .map(e => ({{what: ['legend', 'colorbar', 'annotation'].find(c => e.classList.contains(c)) || 'shape',
                     ...box(e)}}))
        .filter(b => b.right > b.left && b.bottom > b.top);
    return {{map: box(gd.querySelector('.maplibregl-map')), keys}};
}}"""


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
    app.layout = html.Div([dcc.Location(id="url"), dcc.Graph(id="map", style={"height": f"{FIGURE_PX}px"})])
    context = load_admin0_context(region.profile.directory)

    @app.callback(Output("map", "figure"), Input("url", "pathname"))
    def show_layer(pathname: str) -> go.Figure:
        fig = base_map(
            region.profile,
            region.admin0,
            context=context,
            labels=_labels(region),
            height=FIGURE_PX - KEY_BAND_PX,
        )
        fig.add_traces(_traces(region, pathname.strip("/") or "all"))
        return fig

    return app


def _wait_for_map(page: Page, root: str = "#map") -> None:
    """Until maplibre has drawn the style and every source, then one more frame."""
    page.wait_for_selector(f"{root} .maplibregl-canvas", timeout=30_000)
    page.wait_for_function(
        """root => {
            const gd = document.querySelector(root + ' .js-plotly-plot');
            const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
            return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving());
        }""",
        arg=root,
        timeout=30_000,
    )
    page.evaluate(AFTER_NEXT_PAINT)  # the drawn frame is on screen


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def _visible_labels_apart(page: Page) -> list[str]:
    """The names shown on the map, after checking that no two of their boxes intersect."""
    boxes = page.evaluate(VISIBLE_LABELS, "#map")
    clashes = [(a["text"], b["text"]) for a, b in itertools.combinations(boxes, 2) if _overlap(a, b)]
    assert not clashes, f"overlapping place names: {clashes}"
    return [box["text"] for box in boxes]


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


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_place_names_never_overlap_and_zooming_in_makes_room_for_hubs(size: str, map_url: str, page: Page):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{map_url}/all")
    _wait_for_map(page)
    page.wait_for_selector("#map .map-label", state="attached", timeout=10_000)
    shown = _visible_labels_apart(page)
    assert len(shown) >= 8 and shown[0] == "Name of DZA"  # the largest country comes first
    page.evaluate(
        """() => document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map
                 .jumpTo({center: [8.0, 17.0], zoom: 6})"""
    )
    page.evaluate(AFTER_NEXT_PAINT)
    assert "Agadez" in _visible_labels_apart(page)
    page.set_viewport_size({"width": 700 if size == "phone" else 1000, "height": 800})
    page.wait_for_timeout(300)  # plotly's resize is debounced
    page.evaluate(AFTER_NEXT_PAINT)
    _visible_labels_apart(page)


def _keys_clear_of_the_map(page: Page, root: str) -> list[str]:
    """What the figure draws outside the map (legend, colour bar, notes, size key), checked not to cover it."""
    drawn = page.evaluate(KEYS_AND_MAP, root)
    covering = [key["what"] for key in drawn["keys"] if _overlap(key, drawn["map"])]
    assert not covering, f"drawn over the map: {covering}"
    return [key["what"] for key in drawn["keys"]]


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_legend_and_colour_key_are_drawn_beside_the_map_not_over_it(size: str, map_url: str, page: Page):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{map_url}/all")
    _wait_for_map(page)
    drawn = _keys_clear_of_the_map(page, "#map")
    assert {"legend", "colorbar", "annotation"} <= set(drawn)


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_no_layer_of_the_overview_map_draws_its_keys_over_the_map(size: str, dashboard_url: str, page: Page):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(dashboard_url + "/")
    _wait_for_map(page, OVERVIEW_MAP)
    page.wait_for_selector(f"{OVERVIEW_MAP} g.colorbar", timeout=30_000)  # the first layer, incidents
    for layer, key in [
        ("incidents", "colorbar"),
        ("drivers", "colorbar"),
        ("smuggling", "colorbar"),
        ("flows", "shape"),
        ("deaths", "shape"),
    ]:
        if layer != "incidents":
            with page.expect_response(
                lambda r: "_dash-update-component" in r.url and "map-graph" in r.text()
            ):
                page.locator(f"{LAYER_SWITCH} input[value='{layer}']").check(force=True)
        page.wait_for_load_state("networkidle")
        page.evaluate(AFTER_NEXT_PAINT)
        drawn = _keys_clear_of_the_map(page, OVERVIEW_MAP)
        assert {"legend", "annotation", key} <= set(drawn), layer
    page.locator(OVERVIEW_MAP).screenshot(path=SCREENSHOTS / f"overview_map_deaths_{size}.png")


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_route_profile_hub_names_never_overlap(size: str, dashboard_url: str, page: Page):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(dashboard_url + "/route")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot .annotation-text')]
                 .some(t => /\\d km$/.test(t.textContent))""",
        timeout=30_000,
    )
    page.evaluate(AFTER_NEXT_PAINT)
    boxes = page.evaluate(
        f"""() => [...document.querySelectorAll('.js-plotly-plot .annotation-text')]
                  .filter(t => /\\d km$/.test(t.textContent))
                  .map(t => ({{text: t.textContent, ...({BOX})(t)}}))"""
    )
    assert len(boxes) >= 3
    clashes = [(a["text"], b["text"]) for a, b in itertools.combinations(boxes, 2) if _overlap(a, b)]
    assert not clashes, f"overlapping hub names: {clashes}"
    assert all(box["left"] >= 0 and box["right"] <= width for box in boxes)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".js-plotly-plot").first.screenshot(path=SCREENSHOTS / f"route_profile_{size}.png")
