"""Switching region: the filter bar offers the linked region's values and drops what the new region lacks."""

from __future__ import annotations

import json

import pytest
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


def test_a_link_keeps_its_region_s_values_and_names_what_it_left_out(app: Dash) -> None:
    answer = callback_answer(
        app,
        _prop(ids.FILTER_ERROR, "children"),
        {_prop(ids.URL, "search"): f"?region={EAST}&route=central_med_niger&country=LBY,NER"},
        "url.search",
    )
    assert answer[ids.FILTER_STATE]["data"] == f"region={EAST}&country=LBY"
    note = json.dumps(answer[ids.FILTER_ERROR]["children"], ensure_ascii=False)
    assert "East Africa and Yemen" in note and "Central Mediterranean route via Niger" in note
    assert "Country: Niger" in note


@pytest.mark.parametrize(
    ("query", "parameter"),
    [(f"region={EAST}&route=central_med_niger", "route"), (f"region={WEST}&area=puntland", "area")],
)
def test_the_api_refuses_a_value_its_region_does_not_offer(app: Dash, query: str, parameter: str) -> None:
    response = app.server.test_client().get(f"/api/v1/4mi/driver?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


@pytest.mark.parametrize("region", [EAST, WEST])
def test_the_api_answers_a_shared_country_under_either_region(app: Dash, region: str) -> None:
    response = app.server.test_client().get(f"/api/v1/deaths?region={region}&country=LBY")
    assert response.status_code == 200
