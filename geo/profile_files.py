"""Read a region profile's data files, each with one dtype rule.

Every reader of hubs, routes, FMP sites, route segments and admin-1 groups goes through here,
so codes are always text, coordinates always floats and blanks always empty strings.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.admin1_groups import GROUP_COLUMNS, merged_groups, read_admin1_groups
from geo.gazetteer import read_hubs
from geo.mmp_routes import read_route_families
from geo.regions import RegionProfile

SITE_TEXT_COLUMNS = ("fmp", "name", "country", "admin1", "opened", "closed")
GROUPS_KEY = "admin1_groups"  # optional in a profile's files


def hubs(profile: RegionProfile) -> pd.DataFrame:
    """The validated hub gazetteer: text codes and names, float ``lat``, ``lon``, ``precision_km``."""
    return _hubs(profile.path("hubs")).copy()


def route_table(profile: RegionProfile) -> pd.DataFrame:
    """Routes as listed in the profile: ``route_id``, ``name``, ``name_fr``, ``mode``, ``hubs`` (all text)."""
    return _route_table(profile.path("route_table")).copy()


def route_lines(profile: RegionProfile) -> gpd.GeoDataFrame:
    """One schematic line per route (``route_id`` and its attributes)."""
    return _geodata(profile.path("routes")).copy()


def route_segments(profile: RegionProfile) -> gpd.GeoDataFrame:
    """Legs between consecutive hubs: ``route_id``, ``seq``, ``from_hub``, ``to_hub``, lengths."""
    return _geodata(profile.path("route_segments")).copy()


def fmp_sites(profile: RegionProfile) -> pd.DataFrame:
    """Flow monitoring points: text codes and names, float ``lat`` and ``lon``."""
    return _fmp_sites(profile.path("fmp_sites")).copy()


def mmp_route_families(profile: RegionProfile, families: frozenset[str]) -> pd.DataFrame:
    """The profile's routes in each MMP route family: ``family``, ``route_id``, float ``max_distance_km``."""
    route_ids = frozenset(route_lines(profile)["route_id"])
    return _mmp_route_families(profile.path("mmp_route_families"), route_ids, families).copy()


def admin1_groups(profile: RegionProfile) -> pd.DataFrame:
    """The profile's named groups of admin-1 units (``geo.admin1_groups``); none when it defines none."""
    if GROUPS_KEY not in profile.files:
        return pd.DataFrame(columns=list(GROUP_COLUMNS), dtype=str)
    return _admin1_groups(profile.path(GROUPS_KEY), profile.path("admin1")).copy()


def all_admin1_groups(profiles: Mapping[str, RegionProfile]) -> pd.DataFrame:
    """The groups of every profile in one table (a group id may name one group only)."""
    return merged_groups(
        {
            f"{profile.id}/{profile.path(GROUPS_KEY).name}": admin1_groups(profile)
            for profile in profiles.values()
            if GROUPS_KEY in profile.files
        }
    )


@functools.cache
def _admin1_groups(path: Path, admin1_path: Path) -> pd.DataFrame:
    units = _geodata(admin1_path)
    return read_admin1_groups(path, dict(zip(units["adm1_code"], units["name"], strict=True)))


@functools.cache
def _hubs(path: Path) -> pd.DataFrame:
    return read_hubs(path)


@functools.cache
def _route_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@functools.cache
def _geodata(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


@functools.cache
def _mmp_route_families(path: Path, route_ids: frozenset[str], families: frozenset[str]) -> pd.DataFrame:
    return read_route_families(path, route_ids, families)


@functools.cache
def _fmp_sites(path: Path) -> pd.DataFrame:
    sites = pd.read_csv(path, dtype=dict.fromkeys(SITE_TEXT_COLUMNS, str), keep_default_na=False)
    for column in ("lat", "lon"):
        sites[column] = pd.to_numeric(sites[column]).astype(float)
    return sites
