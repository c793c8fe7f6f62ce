"""Switching region: the filter bar offers the linked region's values and drops what the new region lacks."""

from __future__ import annotations

from dash import Dash

from layouts import ids
from layouts.filter_bar import filter_id
from tests.dashboard.test_area_filter import _component
from tests.dashboard.test_link_parameters import _prop, callback_answer

EAST = "east-africa-yemen"
WEST = "west-north-africa"


def _route_values(layout: dict) -> set[str]:
    return {option["value"] for option in _component(layout, filter_id("route"))["props"]["options"]}


def test_a_page_opened_from_a_link_to_another_region_offers_that_region_s_routes(app: Dash) -> None:
    client = app.server.test_client()
    linked = client.get(
        "/_dash-layout", headers={"Referer": f"http://localhost/incidents?region={EAST}&route=eastern_obock"}
    ).get_json()
    assert "eastern_obock" in _route_values(linked)  # the link's route is among the options it opens with
    assert "central_med_niger" not in _route_values(linked)
    unlinked = client.get("/_dash-layout").get_json()
    assert "central_med_niger" in _route_values(unlinked)
    assert "eastern_obock" not in _route_values(unlinked)


def test_another_site_cannot_choose_the_region_a_page_opens_with(app: Dash) -> None:
    layout = (
        app.server.test_client()
        .get("/_dash-layout", headers={"Referer": f"http://example.org/?region={EAST}"})
        .get_json()
    )
    assert "central_med_niger" in _route_values(layout)


def test_switching_region_keeps_shared_countries_and_drops_the_other_region_s_routes(app: Dash) -> None:
    region = _prop(filter_id("region"), "value")
    answer = callback_answer(
        app,
        _prop(ids.FILTER_ERROR, "children"),
        {
            _prop(ids.URL, "search"): f"?region={WEST}&route=central_med_niger&country=LBY,NER",
            region: EAST,
            _prop(filter_id("route"), "value"): ["central_med_niger"],
            _prop(filter_id("country"), "value"): ["LBY", "NER"],
        },
        region,
    )
    assert answer[ids.URL]["search"] == f"?region={EAST}&country=LBY"
    controls = {key: value for key, value in answer.items() if "parameter" in key}
    route_control = _prop(filter_id("route"), "value").rsplit(".", 1)[0]
    assert controls[route_control]["value"] == []
