"""The filter vocabulary, built from the region profiles, the reference lists and the loaded data."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
from sqlalchemy import Engine, select

from data_access.models import FourMiCell
from data_access.reference import iso3_codes, read_dimension_codes
from geo.boundaries import load_admin1
from geo.regions import RegionProfile
from indicators.filters import FilterVocabulary


def filter_vocabulary(engine: Engine, profiles: Mapping[str, RegionProfile]) -> FilterVocabulary:
    """Values each filter parameter accepts.

    Admin-1 codes are those of the boundaries plus any stored on 4Mi cells (a name
    covering several boundary units is stored as their codes joined by ``|``).
    """
    with engine.connect() as connection:
        stored_admin1 = connection.execute(select(FourMiCell.admin1).distinct()).scalars().all()
    boundary_admin1 = {code for p in profiles.values() for code in load_admin1(p.directory)["adm1_code"]}
    routes = {route for p in profiles.values() for route in gpd.read_file(p.path("routes"))["route_id"]}
    dimensions = read_dimension_codes()
    countries = iso3_codes()
    return FilterVocabulary(
        regions=frozenset(profiles),
        routes=frozenset(routes),
        countries=countries,
        admin1=frozenset(boundary_admin1 | set(stored_admin1)),
        genders=dimensions["gender"],
        age_groups=dimensions["age_group"],
        nationalities=countries,
    )
