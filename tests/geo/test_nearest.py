"""Nearest hub within a tolerance in kilometres, checked against geodesic distances."""

from __future__ import annotations

import geopandas as gpd
import pytest
from pyproj import Geod

from geo.nearest import nearest_hub

GEOD = Geod(ellps="WGS84")


def _points(coords):
    lons, lats = zip(*coords, strict=True)
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")


@pytest.mark.parametrize(("lat", "lon"), [(16.97, 7.99), (31.0, 10.0), (5.3, -4.0)])
def test_point_30_km_away_is_matched_at_50_and_not_at_10(lat, lon):
    hubs = _points([(lon, lat)]).assign(hub_id="h")
    east_lon, east_lat, _ = GEOD.fwd(lon, lat, 90, 30_000)
    points = _points([(east_lon, east_lat)])
    matched = nearest_hub(points, hubs, 50)
    assert matched["hub_id"].iloc[0] == "h"
    assert matched["distance_km"].iloc[0] == pytest.approx(30, abs=0.3)
    assert nearest_hub(points, hubs, 10)["hub_id"].isna().all()


def test_the_nearer_of_two_hubs_wins():
    hubs = _points([(8.0, 17.0), (8.5, 17.0)]).assign(hub_id=["west", "east"])
    points = _points([(8.4, 17.0)])
    assert nearest_hub(points, hubs, 100)["hub_id"].iloc[0] == "east"
