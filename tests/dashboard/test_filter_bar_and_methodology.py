"""What the filter bar and the methodology page say: month labels, control names on chips,
admin-1 names with their country where two units share one, and the FMP sites off every route."""

from __future__ import annotations

import re
from collections.abc import Iterator

import geopandas as gpd
import pytest
from dash import Dash
from dash.development.base_component import Component

from geo import profile_files
from geo.joins import assign_route_segment
from indicators.filters import Filters
from indicators.scope import FMP_ROUTE_TOLERANCE_KM
from layouts.filter_bar import filter_bar
from layouts.pages import methodology
from panels.filters import FILTER_LABELS, active_count, chip_texts, period_options
from tests.tables import by_id, shown_rows
from view_data import ViewData

REGION = "west-north-africa"


def _nodes(component: Component) -> Iterator[Component]:
    """``component`` and every component inside it."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if isinstance(child, Component):
            yield from _nodes(child)


@pytest.fixture
def request_context(app: Dash) -> Iterator[None]:
    with app.server.test_request_context("/"):
        yield


def test_months_read_as_words_and_keep_their_codes(request_context, service: ViewData):
    options = period_options(service, Filters(region=REGION, period_from="2023-01"))
    assert {"label": "Jan 2023", "value": "2023-01"} in options
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", option["label"]) for option in options)


def test_empty_period_boxes_show_the_loaded_range(request_context, service: ViewData):
    months = service.loaded_periods()
    bar = filter_bar(service.filter_choices(REGION), service.admin1_choices(REGION, []))
    placeholders = {
        node.id["parameter"]: node.placeholder
        for node in _nodes(bar)
        if isinstance(getattr(node, "id", None), dict) and node.id.get("parameter", "").startswith("period")
    }
    first, last = (month[:4] for month in (months[0], months[-1]))
    assert placeholders["period_from"].endswith(first) and placeholders["period_to"].endswith(last)
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", placeholders["period_from"])


def test_chips_name_each_filter_as_its_control_does(request_context, service: ViewData):
    admin1 = service.admin1_choices(REGION, ["DZA"])[0]
    filters = Filters(region=REGION, period_from="2023-01", admin1=(admin1["value"],), gender=("female",))
    chips = chip_texts(service, filters)
    assert chips == [
        f"{FILTER_LABELS['period_from']}: Jan 2023",
        f"{FILTER_LABELS['admin1']}: {admin1['label']}",
        f"{FILTER_LABELS['gender']}: Women",
    ]
    assert chips[1].startswith("Admin-1 region: ")
    assert active_count(filters) == 3


def test_admin1_names_two_units_share_carry_their_country(request_context, service: ViewData):
    labels = {option["label"] for option in service.admin1_choices(REGION, [])}
    assert {"Adrar (Algeria)", "Adrar (Mauritania)"} <= labels
    assert "Adrar" not in labels
    assert len(labels) == len(service.admin1_choices(REGION, []))  # every option tells itself apart
    assert "Adrar (Algeria)" in {option["label"] for option in service.admin1_choices(REGION, ["DZA"])}


def _sites_off_routes_by_pandas(service: ViewData) -> int:
    """FMP sites farther than the tolerance from every route, computed from the profile files."""
    total = 0
    for profile in service.profiles.values():
        sites = profile_files.fmp_sites(profile)
        points = gpd.GeoDataFrame(
            sites[["fmp"]], geometry=gpd.points_from_xy(sites["lon"], sites["lat"]), crs="EPSG:4326"
        )
        near = set()
        for _route, segments in profile_files.route_segments(profile).groupby("route_id"):
            matched = assign_route_segment(points, segments, FMP_ROUTE_TOLERANCE_KM)
            near |= set(matched.loc[matched["route_method"] != "unmatched", "fmp"])
        total += sites.loc[~sites["fmp"].isin(near), "fmp"].nunique()
    return total


def test_methodology_counts_fmp_sites_off_routes_never_negative(request_context, service: ViewData):
    page = methodology.layout(service)
    [row] = [row for row in shown_rows(by_id(page, "unmatched-table")) if row["What"].startswith("FMP sites")]
    # The count of sites farther than the tolerance from every route: never negative, thousands separated.
    assert row["Records"] == f"{_sites_off_routes_by_pandas(service):,}"
