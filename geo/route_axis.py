"""Positions along one route, in kilometres from its origin (for the route profile)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from geo.joins import assign_route_segment


def _local_metric_crs(frame: gpd.GeoDataFrame) -> CRS:
    centre = frame.to_crs("EPSG:4326").union_all().centroid
    return CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y:.4f} +lon_0={centre.x:.4f} +units=m +datum=WGS84")


def route_segments_of(segments: gpd.GeoDataFrame, route_id: str) -> gpd.GeoDataFrame:
    """The segments of one route in order, with ``km_start``: kilometres from the origin."""
    route = segments[segments["route_id"] == route_id].sort_values("seq").copy()
    if route.empty:
        raise ValueError(f"route_id {route_id!r} has no segments")
    route["km_start"] = route["length_km"].cumsum() - route["length_km"]
    return route


def hub_positions(route: gpd.GeoDataFrame) -> pd.DataFrame:
    """``hub_id, km`` of every hub along a route (from :func:`route_segments_of`)."""
    first = route.iloc[[0]].assign(hub_id=route["from_hub"].iloc[0], km=0.0)
    rest = route.assign(hub_id=route["to_hub"], km=route["km_start"] + route["length_km"])
    return pd.concat([first, rest])[["hub_id", "km"]].reset_index(drop=True)


def positions_along(points: gpd.GeoDataFrame, route: gpd.GeoDataFrame, tolerance_km: float) -> pd.Series:
    """Kilometres along ``route`` of each point within ``tolerance_km`` of it (NaN otherwise)."""
    matched = assign_route_segment(points.drop(columns="route_id", errors="ignore"), route, tolerance_km)
    metric = _local_metric_crs(route)
    lines = route.set_index("seq").to_crs(metric)
    projected = matched.to_crs(metric)
    km = pd.Series(float("nan"), index=points.index)
    for index, row in projected.iterrows():
        seq = matched.at[index, "segment_seq"]
        if pd.isna(seq):
            continue
        line = lines.geometry.loc[int(seq)]
        fraction = line.project(row.geometry, normalized=True)
        km.at[index] = lines.at[int(seq), "km_start"] + fraction * lines.at[int(seq), "length_km"]
    return km
