"""One route filter gives one number of deaths everywhere: API, deaths page, map, route profile.

The expected number is the route rule applied independently to the example export
(``tests.route_rule``) and summed with pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.filters import Filters
from panels.deaths import build as deaths_panels
from panels.maps import deaths_by_hub
from panels.route_profile import route_data
from tests.api.test_api import get_json
from tests.route_rule import expected_memberships

EXPORT = "mmp_current_export.csv"


def _expected_by_route(examples) -> dict[str, float]:
    source = pd.read_csv(examples / EXPORT, encoding="utf-8-sig", dtype={"Main ID": str})
    totals = source.set_index("Main ID")["Total Number of Dead and Missing"]
    on_routes = expected_memberships(examples / EXPORT, "Coordinates", "Main ID")
    pairs = pd.DataFrame(sorted(on_routes), columns=["record", "route"])
    pairs["total"] = pairs["record"].map(totals)
    return pairs.groupby("route")["total"].sum().to_dict()


def test_the_example_export_puts_deaths_on_several_routes(examples):
    assert len(_expected_by_route(examples)) >= 4


@pytest.mark.parametrize(
    "route",
    ["central_med_niger", "sahara_crossing", "central_med_sea", "western_med_mali_algeria", "atlantic"],
)
def test_a_route_filter_gives_the_same_deaths_in_every_view(client, service, examples, route):
    expected = _expected_by_route(examples).get(route, 0.0)
    filters = Filters(route=(route,))
    api_total = get_json(client, f"/deaths?route={route}")["rows"][0]["dead_and_missing"]
    api_by_route = {
        row["route"]: row["dead_and_missing"] for row in get_json(client, "/deaths?by=route")["rows"]
    }
    page_rows = deaths_panels(service, filters, {})["by_country"].table
    profile = route_data(service, Filters(), route, "physical_violence")["deaths"]
    assert (api_total or 0) == expected
    assert api_by_route.get(route, 0) == expected
    assert sum(row["dead_and_missing"] for row in page_rows if row["dead_and_missing"] != "—") == expected
    assert profile["dead_and_missing"].sum() == expected
    assert deaths_by_hub(service, filters)["dead_and_missing"].sum() <= expected


def test_the_route_profile_obeys_the_other_filters(service):
    def on_profile(filters: Filters) -> float:
        return route_data(service, filters, "western_med_mali_algeria", "physical_violence")["deaths"][
            "dead_and_missing"
        ].sum()

    everywhere = on_profile(Filters())
    assert everywhere > 0
    assert on_profile(Filters(country=("DZA",))) == everywhere
    assert on_profile(Filters(country=("MLI",))) == 0
    assert on_profile(Filters(period_to="2022-12")) == 0


def test_a_breakdown_by_segment_without_its_route_is_refused(client):
    refused = get_json(client, "/deaths?by=segment", status=400)
    assert refused["error"]["message"] == (
        "a breakdown by segment needs the route: add route to by, or filter one route"
    )
    by_route = get_json(client, "/deaths?by=route,segment")["rows"]
    one_route = get_json(client, "/deaths?by=segment&route=central_med_niger")["rows"]
    assert {row["segment"]: row["dead_and_missing"] for row in one_route} == {
        row["segment"]: row["dead_and_missing"] for row in by_route if row["route"] == "central_med_niger"
    }
