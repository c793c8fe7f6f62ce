"""Point-in-admin-1 on the real boundaries, for every country of every region profile."""

from __future__ import annotations

import functools

import geopandas as gpd
import pytest

from core.config import DATA_DIR
from geo.boundaries import load_admin1
from geo.joins import assign_admin1
from geo.regions import available_profiles

PROFILES = available_profiles(DATA_DIR / "regions")


@functools.cache
def _admin1(region_id: str) -> gpd.GeoDataFrame:
    return load_admin1(PROFILES[region_id].directory)


@pytest.mark.parametrize(
    ("region_id", "country"),
    [(region_id, c) for region_id, p in sorted(PROFILES.items()) for c in p.countries],
)
def test_a_point_inside_each_unit_is_assigned_to_that_unit(region_id, country):
    admin1 = _admin1(region_id)
    units = admin1[admin1["country"] == country]
    assert not units.empty
    points = gpd.GeoDataFrame(
        {"expected": units["adm1_code"].to_numpy()},
        geometry=units.geometry.representative_point().to_numpy(),
        crs=admin1.crs,
    )
    assigned = assign_admin1(points, admin1)
    assert (assigned["adm1_code"].to_numpy() == points["expected"].to_numpy()).all()
    assert set(assigned["admin1_method"]) == {"by_location"}
