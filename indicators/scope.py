"""Resolve dashboard filters into the column values each source is filtered on."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from data_access.queries import Scope
from geo import profile_files
from geo.joins import assign_route_segment
from geo.regions import RegionProfile
from indicators.filters import Filters

FMP_ROUTE_TOLERANCE_KM = 25.0
NOT_APPLICABLE = {
    "4mi": (),
    "flows": ("admin1", "gender", "age_group", "nationality"),
    "deaths": ("gender", "age_group", "nationality"),
}


@functools.cache
def fmp_routes(profile: RegionProfile) -> pd.DataFrame:
    """Route ids passing within FMP_ROUTE_TOLERANCE_KM of each FMP site of a profile."""
    sites = profile_files.fmp_sites(profile)
    segments = profile_files.route_segments(profile)
    points = gpd.GeoDataFrame(
        sites[["fmp"]], geometry=gpd.points_from_xy(sites["lon"], sites["lat"]), crs="EPSG:4326"
    )
    rows = []
    for route_id, route_segments in segments.groupby("route_id"):
        matched = assign_route_segment(points, route_segments, FMP_ROUTE_TOLERANCE_KM)
        rows += [(fmp, route_id) for fmp in matched.loc[matched["route_method"] != "unmatched", "fmp"]]
    return pd.DataFrame(rows, columns=["fmp", "route_id"])


def _route_ids(profile: RegionProfile) -> tuple[str, ...]:
    return tuple(sorted(profile_files.route_lines(profile)["route_id"]))


def not_applied(source: str, filters: Filters) -> tuple[str, ...]:
    """Filters set by the user that ``source`` cannot apply (it has no such dimension)."""
    return tuple(name for name in NOT_APPLICABLE[source] if getattr(filters, name))


def resolve_scope(filters: Filters, profiles: Mapping[str, RegionProfile], source: str) -> Scope:
    """The :class:`Scope` of ``filters`` for one source (``4mi``, ``flows`` or ``deaths``)."""
    profile = profiles[filters.region] if filters.region else None
    region_routes: tuple[str, ...] = ()
    if profile is not None:
        region_routes = _route_ids(profile)
    fmp_ids = None
    if source == "flows" and filters.route:
        on_routes = pd.concat([fmp_routes(p) for p in profiles.values()])
        fmp_ids = tuple(sorted(set(on_routes.loc[on_routes["route_id"].isin(filters.route), "fmp"])))
    applicable = {
        name: getattr(filters, name) if name not in NOT_APPLICABLE[source] else ()
        for name in ("admin1", "gender", "age_group", "nationality")
    }
    return Scope(
        period_from=filters.period_from,
        period_to=filters.period_to,
        route=filters.route if source != "flows" else (),
        country=filters.country,
        region_countries=profile.countries if profile is not None else (),
        region_routes=region_routes,
        fmp_ids=fmp_ids,
        **applicable,
    )
