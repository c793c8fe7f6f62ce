"""The filter bar offers areas (named groups of admin-1 units) only for a region whose profile defines them."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash
from sqlalchemy import Engine

from layouts import ids
from layouts.filter_bar import AREA_COLUMN, filter_id
from tests.area_profiles import REGION, data_dir_with_areas
from tests.conftest import config_of, page_registry_restored
from tests.dashboard.test_link_parameters import _prop, callback_answer

REGION_VALUE = _prop(filter_id("region"), "value")
AREA_OPTIONS = _prop(filter_id("area"), "options")


@pytest.fixture(scope="module")
def area_app(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite: Engine) -> Iterator[Dash]:
    """The dashboard over the example data, its default profile defining the example areas."""
    from dashboard.app import create_app

    data = data_dir_with_areas(tmp_path_factory.mktemp("areas"))
    with page_registry_restored():
        yield create_app(dataclasses.replace(config_of(loaded_sqlite), data_dir=Path(data)))


def _control(parameter: str) -> str:
    """The key of a filter control in Dash's answer."""
    return _prop(filter_id(parameter), "value").rsplit(".", 1)[0]


def _region_options(app: Dash, region: str) -> dict[str, dict]:
    return callback_answer(app, AREA_OPTIONS, {REGION_VALUE: region}, REGION_VALUE)


def test_a_region_with_areas_offers_them_by_name(area_app: Dash) -> None:
    answer = _region_options(area_app, REGION)
    options = answer[_control("area")]["options"]
    assert options == [
        {"label": "Aïr (test)", "value": "air"},
        {"label": "Liptako-Gourma (test)", "value": "liptako"},
    ]
    assert "d-none" not in answer[AREA_COLUMN]["className"]


def test_a_region_without_areas_hides_the_control(app: Dash) -> None:
    answer = _region_options(app, "west-north-africa")
    assert answer[_control("area")]["options"] == []
    assert "d-none" in answer[AREA_COLUMN]["className"].split()


def test_admin1_choices_narrow_to_the_chosen_areas(area_app: Dash) -> None:
    area_value = _prop(filter_id("area"), "value")
    answer = callback_answer(
        area_app,
        _prop(filter_id("admin1"), "options"),
        {REGION_VALUE: REGION, area_value: ["liptako"]},
        area_value,
    )
    options = answer[_control("admin1")]["options"]
    assert [option["label"] for option in options] == ["Gao", "Tillabéri"]


def test_a_link_with_an_area_names_it_in_the_readers_language(area_app: Dash) -> None:
    search = f"?region={REGION}&area=liptako&lang=fr"
    answer = callback_answer(
        area_app, _prop(ids.FILTER_ERROR, "children"), {_prop(ids.URL, "search"): search}, "url.search"
    )
    assert answer[ids.FILTER_ERROR]["children"] is None
    assert answer[ids.FILTER_STATE]["data"] == f"region={REGION}&area=liptako&lang=fr"
    chips = json.dumps(answer[ids.FILTER_CHIPS]["children"], ensure_ascii=False)
    assert re.search(r"Zone de coordination\s: Liptako-Gourma \(essai\)", chips)


def test_the_low_bandwidth_form_offers_areas_only_where_the_region_defines_them(
    area_app: Dash, app: Dash
) -> None:
    page = area_app.server.test_client().get(f"/lite/flows?region={REGION}&area=liptako")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<select id="f-area" name="area" multiple' in html
    assert '<option value="liptako" selected>Liptako-Gourma (test)</option>' in html
    assert "Coordination area: Liptako-Gourma (test)" in html
    elsewhere = app.server.test_client().get("/lite/flows?region=west-north-africa").get_data(as_text=True)
    assert 'name="area"' not in elsewhere


def _component(tree: object, component_id: object) -> dict | None:
    """The component of the layout ``tree`` (as Dash serves it) with ``component_id``."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        children = tree.get("props", {}).get("children")
        return _component(children, component_id) if children is not None else None
    if isinstance(tree, list):
        return next((found for item in tree if (found := _component(item, component_id))), None)
    return None


def test_a_page_starts_with_every_profiles_areas_the_control_hidden_for_the_default_region(app: Dash) -> None:
    layout = app.server.test_client().get("/_dash-layout").get_json()
    column = _component(layout, AREA_COLUMN)
    assert "d-none" in column["props"]["className"].split()  # West and North Africa defines none
    dropdown = _component(layout, filter_id("area"))
    assert {option["value"] for option in dropdown["props"]["options"]} >= {"puntland", "yemen"}


@pytest.mark.parametrize(
    "path", ["/api/v1/4mi/driver?by=period", "/api/v1/flows?by=fmp", "/api/v1/deaths?by=year"]
)
def test_the_api_answers_an_area_as_the_same_admin1_multi_select(area_app: Dash, path: str) -> None:
    client = area_app.server.test_client()
    by_area = client.get(f"{path}&area=liptako,air").get_json()
    by_units = client.get(f"{path}&admin1=MLI-2690,NER-4859,NER-800").get_json()
    assert by_area["filters"]["area"] == ["air", "liptako"]
    assert by_area["rows"] == by_units["rows"] != []


def test_an_export_names_the_area_in_the_readers_language(area_app: Dash) -> None:
    response = area_app.server.test_client().get(f"/export/flows/daily.csv?region={REGION}&area=air&lang=fr")
    assert response.status_code == 200
    filters_line = next(
        line for line in response.get_data(as_text=True).splitlines() if "Zone de coordination" in line
    )
    assert "Aïr (essai)" in filters_line
