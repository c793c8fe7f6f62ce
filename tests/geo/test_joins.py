"""Spatial joins to admin-1 units and route segments, with hand-made geometries.

Expected distances are built independently with pyproj.Geod (forward geodesic
problem), never with the code under test.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from geo.joins import assign_admin1, assign_route_segment

GEOD = Geod(ellps="WGS84")
AGADEZ_TOWN = (7.99111, 16.97333)  # lon, lat


def offset_point(start: tuple[float, float], end: tuple[float, float], km: float) -> Point:
    """Point ``km`` to the right of the geodesic start→end, measured from its midpoint."""
    ((mid_lon, mid_lat),) = GEOD.npts(*start, *end, 1)
    azimuth = GEOD.inv(mid_lon, mid_lat, *end)[0]
    lon, lat, _ = GEOD.fwd(mid_lon, mid_lat, azimuth + 90.0, km * 1000.0)
    return Point(lon, lat)


@pytest.fixture
def admin1() -> gpd.GeoDataFrame:
    """Two hand-made 'regions' of Niger: Agadez (north) and Tahoua (south-west)."""
    return gpd.GeoDataFrame(
        {"adm1_code": ["NER-800", "NER-95"], "name": ["Agadez", "Tahoua"]},
        geometry=[box(4.0, 16.0, 12.0, 21.0), box(3.0, 13.5, 7.0, 16.0)],
        crs="EPSG:4326",
    )


def points(*geoms: Point, crs: str = "EPSG:4326", **columns: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=list(geoms), crs=crs)


def test_point_in_agadez_town_gets_agadez_admin1(admin1: gpd.GeoDataFrame) -> None:
    result = assign_admin1(points(Point(*AGADEZ_TOWN)), admin1)
    assert result.loc[0, "adm1_code"] == "NER-800"
    assert result.loc[0, "admin1_method"] == "by_location"


def test_point_just_outside_polygon_snaps_only_within_tolerance(admin1: gpd.GeoDataFrame) -> None:
    # 5 km due north of Agadez's northern edge (lat 21) at lon 8.
    lon, lat, _ = GEOD.fwd(8.0, 21.0, 0.0, 5_000.0)
    near = points(Point(lon, lat))
    assert assign_admin1(near, admin1, coast_tolerance_km=10).loc[0, "adm1_code"] == "NER-800"
    far = assign_admin1(near, admin1, coast_tolerance_km=4)
    assert pd.isna(far.loc[0, "adm1_code"])
    assert far.loc[0, "admin1_method"] == "unmatched"


def test_admin1_from_source_field_is_kept(admin1: gpd.GeoDataFrame) -> None:
    pts = points(Point(*AGADEZ_TOWN), Point(5.0, 14.0), adm1_code=["NER-95", None])
    result = assign_admin1(pts, admin1)
    assert result["adm1_code"].tolist() == ["NER-95", "NER-95"]
    assert result["admin1_method"].tolist() == ["by_source_field", "by_location"]


def test_admin1_join_keeps_index_crs_and_rejects_missing_crs(admin1: gpd.GeoDataFrame) -> None:
    pts = points(Point(*AGADEZ_TOWN)).set_index(pd.Index([42])).to_crs("EPSG:3857")
    result = assign_admin1(pts, admin1)
    assert result.index.tolist() == [42]
    assert result.crs == pts.crs
    assert result.loc[42, "adm1_code"] == "NER-800"
    with pytest.raises(ValueError, match="no CRS"):
        assign_admin1(gpd.GeoDataFrame(geometry=[Point(8, 17)]), admin1)


def segments_through(start: tuple[float, float], end: tuple[float, float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"route_id": ["test_route"], "seq": [1]},
        geometry=[LineString([start, end])],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((14.0, 29.6), (14.8, 30.4)),  # Fezzan/Tripolitania, near lat 30
        ((-4.5, 5.0), (-3.5, 5.4)),  # off Abidjan, near lat 5
    ],
    ids=["lat30", "lat5"],
)
def test_point_30_km_off_segment_matches_at_50_not_10(
    start: tuple[float, float], end: tuple[float, float]
) -> None:
    segments = segments_through(start, end)
    pts = points(offset_point(start, end, 30.0))
    matched = assign_route_segment(pts, segments, tolerance_km=50)
    assert matched.loc[0, "route_id"] == "test_route"
    assert matched.loc[0, "segment_seq"] == 1
    assert matched.loc[0, "route_method"] == "by_proximity"
    assert matched.loc[0, "distance_km"] == pytest.approx(30.0, abs=0.1)
    unmatched = assign_route_segment(pts, segments, tolerance_km=10)
    assert pd.isna(unmatched.loc[0, "route_id"])
    assert unmatched.loc[0, "route_method"] == "unmatched"


@pytest.mark.parametrize("lat", [5.0, 30.0])
def test_tolerance_is_in_km_at_any_latitude(lat: float) -> None:
    """A 30 km east-west offset is 0.27 deg at lat 5 but 0.31 deg at lat 30: both must give 30 km."""
    start, end = (10.0, lat - 0.5), (10.0, lat + 0.5)
    segments = segments_through(start, end)
    lon, lat_p, _ = GEOD.fwd(10.0, lat, 90.0, 30_000.0)
    pts = points(Point(lon, lat_p))
    assert assign_route_segment(pts, segments, tolerance_km=31).loc[0, "route_method"] == "by_proximity"
    assert assign_route_segment(pts, segments, tolerance_km=29).loc[0, "route_method"] == "unmatched"


def test_route_from_source_field_is_kept_and_located_on_its_own_route() -> None:
    segments = gpd.GeoDataFrame(
        {"route_id": ["near_route", "far_route", "far_route"], "seq": [1, 1, 2]},
        geometry=[
            LineString([(8.0, 17.0), (9.0, 18.0)]),
            LineString([(8.0, 16.9), (8.1, 16.0)]),
            LineString([(8.1, 16.0), (8.2, 15.0)]),
        ],
        crs="EPSG:4326",
    )
    pts = points(
        Point(8.0, 17.0), Point(8.0, 17.0), Point(30.0, 0.0), route_id=["far_route", None, "far_route"]
    )
    result = assign_route_segment(pts, segments, tolerance_km=20)
    assert result["route_id"].tolist() == ["far_route", "near_route", "far_route"]
    assert result["segment_seq"].tolist()[:2] == [1, 1]
    assert pd.isna(result.loc[2, "segment_seq"])
    assert result["route_method"].tolist() == ["by_source_field", "by_proximity", "by_source_field"]


def test_unknown_source_route_id_is_refused() -> None:
    segments = segments_through((8.0, 17.0), (9.0, 18.0))
    with pytest.raises(ValueError, match="no_such_route"):
        assign_route_segment(points(Point(8, 17), route_id=["no_such_route"]), segments, tolerance_km=10)


def test_route_join_accepts_projected_input_and_keeps_its_crs() -> None:
    segments = segments_through((8.0, 17.0), (9.0, 18.0)).to_crs("EPSG:3857")
    pts = points(Point(8.5, 17.5)).to_crs("EPSG:32632")
    result = assign_route_segment(pts, segments, tolerance_km=1)
    assert result.crs == pts.crs
    assert result.loc[0, "route_method"] == "by_proximity"
    assert result.loc[0, "distance_km"] < 1
