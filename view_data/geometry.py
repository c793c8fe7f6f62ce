"""The map geometry of a region profile, read once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import profile_files
from geo.boundaries import load_admin0, load_admin0_context, load_admin1
from geo.joins import assign_admin1
from geo.regions import RegionProfile


@dataclass(frozen=True)
class MapGeometry:
    """Countries, admin-1 units, route legs, hubs and FMP sites of one region profile, and context countries."""

    admin0: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    hubs: pd.DataFrame
    sites: pd.DataFrame
    context: gpd.GeoDataFrame


@functools.cache
def map_geometry(profile: RegionProfile) -> MapGeometry:
    """The geometry of ``profile`` (shared: callers must not modify the frames)."""
    return MapGeometry(
        admin0=load_admin0(profile.directory),
        admin1=load_admin1(profile.directory),
        segments=profile_files.route_segments(profile),
        hubs=profile_files.hubs(profile),
        sites=profile_files.fmp_sites(profile),
        context=load_admin0_context(profile.directory),
    )


@functools.cache
def every_hub(profiles: tuple[RegionProfile, ...]) -> pd.DataFrame:
    """The hubs of all ``profiles``, once each (a hub two profiles list has the same row in both)."""
    return pd.concat([map_geometry(p).hubs for p in profiles], ignore_index=True).drop_duplicates("hub_id")


@functools.cache
def hub_admin1(profile: RegionProfile) -> dict[str, str]:
    """Admin-1 unit containing each hub of a profile."""
    geometry = map_geometry(profile)
    hubs = geometry.hubs
    points = gpd.GeoDataFrame(
        hubs[["hub_id"]], geometry=gpd.points_from_xy(hubs["lon"], hubs["lat"]), crs=4326
    )
    assigned = assign_admin1(points, geometry.admin1)
    return dict(assigned.dropna(subset=["adm1_code"])[["hub_id", "adm1_code"]].itertuples(index=False))
