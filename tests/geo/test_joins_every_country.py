"""Point-in-admin-1 on the real boundaries, for every country of the West and North Africa profile."""

from __future__ import annotations

import geopandas as gpd
import pytest

from geo.boundaries import load_admin1
from geo.joins import assign_admin1
from geo.regions import load_profile

PROFILE = load_profile("data/regions/west-north-africa")


@pytest.fixture(scope="module")
def admin1() -> gpd.GeoDataFrame:
    return load_admin1(PROFILE.directory)


@pytest.mark.parametrize("country", PROFILE.countries)
def test_a_point_inside_each_unit_is_assigned_to_that_unit(admin1, country):
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
