"""The map's patch for each layer: legend breaks of the shown shares, a size key, a caption fitting the layer."""

from __future__ import annotations

import itertools

import pytest

from indicators.filters import Filters
from panels.maps import SHARE_LAYERS, initial_map, map_caption, map_patch, share_by_admin1

REGION = "west-north-africa"


@pytest.fixture
def request_context(app):
    with app.server.test_request_context("/"):
        yield


def _patched(service, layer: str) -> tuple[dict, str, dict[str, int]]:
    _figure, slots = initial_map(service, REGION)
    patch, _rows, _columns, caption = map_patch(service, layer, Filters(region=REGION), slots)
    return patch.to_plotly_json(), caption, slots


def _operations(patch: dict) -> dict[tuple, object]:
    return {
        tuple(op["location"]): op["params"]["value"]
        for op in patch["operations"]
        if op["operation"] == "Assign"
    }


@pytest.mark.parametrize("layer", sorted(SHARE_LAYERS))
def test_share_legend_lists_quantile_breaks_of_the_shown_shares(request_context, service, layer):
    patch, caption, slots = _patched(service, layer)
    assigned = _operations(patch)
    shares = share_by_admin1(service, layer, Filters(region=REGION))
    shown = shares.loc[~shares["suppressed"].astype(bool), "share"].dropna()
    edges = sorted(set(shown.quantile([0, 0.2, 0.4, 0.6, 0.8, 1]).tolist()))
    ticktext = assigned[("data", slots["choropleth"], "colorbar", "ticktext")]
    if len(edges) == 1:
        assert ticktext == [f"{100 * edges[0]:.0f} %"]
    else:
        lows = [float(label.split("–")[0]) for label in ticktext]
        assert lows == pytest.approx([100 * e for e in edges[:-1]], abs=0.5)
    assert "respondents were interviewed" in caption
    assert assigned[("layout", "shapes")] == []


@pytest.mark.parametrize("layer", ["flows", "deaths"])
def test_bubble_layers_have_a_size_key(request_context, service, layer):
    patch, _caption, _slots = _patched(service, layer)
    assigned = _operations(patch)
    circles = assigned[("layout", "shapes")]
    assert 1 <= len(circles) <= 3
    assert all(shape["type"] == "circle" for shape in circles)
    assert len(assigned[("layout", "annotations")]) == 1 + len(circles) + 1


def test_deaths_caption_speaks_of_hubs_not_respondents(request_context):
    caption = map_caption("deaths")
    assert "hub" in caption and "minimum" in caption
    assert "respondent" not in caption
    assert "flow monitoring points" in map_caption("flows")
    assert len({map_caption(layer) for layer in ("incidents", "flows", "deaths")}) == 3
    assert all(map_caption(a) == map_caption(b) for a, b in itertools.combinations(SHARE_LAYERS, 2))
