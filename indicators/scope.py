"""Resolve dashboard filters into the column values each source is filtered on."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from data_access.queries import Scope
from geo import profile_files
from geo.admin1_groups import group_members
from geo.boundaries import load_admin1
from geo.crosswalk import Admin1Crosswalk
from geo.joins import assign_route_segment
from geo.regions import RegionProfile
from indicators.filters import Filters

FMP_ROUTE_TOLERANCE_KM = 25.0
NOT_APPLICABLE = {
    "4mi": (),
    "flows": ("gender", "age_group", "nationality"),
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


@functools.cache
def fmp_admin1(profile: RegionProfile) -> pd.DataFrame:
    """Admin-1 codes of each FMP site of a profile (``fmp``, ``adm1_code``), one row per code.

    From the admin-1 the site list names (DTM's own), through the crosswalk: the town's
    coordinates can fall across a border, and a name over several units gives each of them.
    """
    crosswalk = Admin1Crosswalk.from_csv(profile.path("admin1_crosswalk"), load_admin1(profile.directory))
    sites = profile_files.fmp_sites(profile)
    rows = [
        (site.fmp, code)
        for site in sites.itertuples(index=False)
        for code in crosswalk.resolve_all(site.admin1, site.country)
    ]
    return pd.DataFrame(rows, columns=["fmp", "adm1_code"])


def admin1_units(filters: Filters, profiles: Mapping[str, RegionProfile]) -> tuple[str, ...] | None:
    """The admin-1 units ``filters`` restrict to; None when they set neither ``area`` nor ``admin1``.

    The units of the chosen areas (groups of ``geo.admin1_groups``; an area of no profile has
    none), intersected with the chosen units when both are set: the same units, and so the same
    answer, as choosing them one by one in ``admin1``.
    """
    if not filters.area:
        return filters.admin1 or None
    members = group_members(profile_files.all_admin1_groups(profiles))
    units = {code for area in filters.area for code in members.get(area, ())}
    if filters.admin1:
        units &= set(filters.admin1)
    return tuple(sorted(units))


def _flow_sites(
    filters: Filters, profiles: Mapping[str, RegionProfile], units: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """FMPs near the chosen routes and in the admin-1 ``units``; None when neither restricts them."""
    chosen = []
    if filters.route:
        on_routes = pd.concat([fmp_routes(p) for p in profiles.values()])
        chosen.append(set(on_routes.loc[on_routes["route_id"].isin(filters.route), "fmp"]))
    if units is not None:
        in_units = pd.concat([fmp_admin1(p) for p in profiles.values()])
        chosen.append(set(in_units.loc[in_units["adm1_code"].isin(units), "fmp"]))
    return tuple(sorted(set.intersection(*chosen))) if chosen else None


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
    units = admin1_units(filters, profiles)
    fmp_ids = _flow_sites(filters, profiles, units) if source == "flows" else None
    applicable = {
        name: getattr(filters, name) if name not in NOT_APPLICABLE[source] else ()
        for name in ("gender", "age_group", "nationality")
    }
    return Scope(
        period_from=filters.period_from,
        period_to=filters.period_to,
        route=filters.route if source != "flows" else (),
        country=filters.country,
        region_countries=profile.countries if profile is not None else (),
        region_routes=region_routes,
        admin1=units,
        fmp_ids=fmp_ids,
        **applicable,
    )
