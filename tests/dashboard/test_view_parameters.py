"""A link names the page's own controls (``page_<control>=``) and the presentation layout beside the filters."""

from __future__ import annotations

import json

import pytest

from layouts import ids
from layouts.filter_bar import filter_id
from panels.view import filters_part, with_controls, with_view_parameters, without
from tests.dashboard.test_link_parameters import _prop, callback_answer, filter_bar_on_opening, page_content


def _control(content: str, page: str, name: str) -> dict:
    """The dropdown of ``page``'s control ``name`` in a page's content (Dash's JSON)."""
    wanted = {"type": ids.PAGE_CONTROL, "page": page, "name": name}
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == wanted:
                found.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(content))
    [control] = found
    return control


@pytest.mark.parametrize(
    ("path", "search", "page", "name", "shown"),
    [
        ("/drivers", "?page_breakdown=route", "drivers", "breakdown", "route"),
        ("/drivers", "", "drivers", "breakdown", "gender"),
        ("/smugglers", "?gender=female&page_breakdown=admin1", "smugglers", "breakdown", "admin1"),
        ("/route", "?page_route=central_med_niger&page_incident=robbery", "route", "incident", "robbery"),
    ],
)
def test_a_link_opens_the_page_with_its_controls_set(app, path, search, page, name, shown):
    assert _control(page_content(app, path, search), page, name)["value"] == shown


def test_a_control_value_the_page_does_not_offer_shows_the_default_and_says_why(app):
    content = page_content(app, "/drivers", "?page_breakdown=religion")
    assert _control(content, "drivers", "breakdown")["value"] == "gender"
    assert "page_breakdown: 'religion' is not a value of page_breakdown (expected one of route," in content


@pytest.mark.parametrize("search", ["?page_breakdown=route", "?gender=female&page_breakdown=route&present=1"])
def test_the_filter_bar_leaves_the_view_parameters_to_the_view(app, search):
    answer = filter_bar_on_opening(app, search)
    assert answer[ids.FILTER_ERROR]["children"] is None


def test_changing_a_filter_keeps_the_page_control_and_presentation_in_the_address(app):
    gender = _prop(filter_id("gender"), "value")
    answer = callback_answer(
        app,
        _prop(ids.FILTER_ERROR, "children"),
        {
            _prop(ids.URL, "search"): "?page_breakdown=route&present=1&lang=fr",
            _prop(filter_id("region"), "value"): "west-north-africa",
            gender: ["female"],
        },
        gender,
    )
    assert (
        answer[ids.URL]["search"]
        == "?region=west-north-africa&gender=female&lang=fr&page_breakdown=route&present=1"
    )


def test_view_parameters_are_kept_replaced_and_dropped_by_name():
    search = "?gender=female,male&page_breakdown=route&present=1&lang=fr"
    assert filters_part(search) == "gender=female,male&lang=fr"
    assert with_view_parameters("region=a", search) == "?region=a&page_breakdown=route&present=1"
    assert with_view_parameters("", "?gender=female") == ""
    assert with_controls(search, {"breakdown": "age group"}) == (
        "?gender=female,male&present=1&lang=fr&page_breakdown=age%20group"
    )
    assert without(search, ["present", "lang"]) == "?gender=female,male&page_breakdown=route"
