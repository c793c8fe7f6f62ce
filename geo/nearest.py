"""Nearest hub within a tolerance in kilometres, measured in a local equidistant projection."""

from __future__ import annotations

import geopandas as gpd
from pyproj import CRS

WGS84 = "EPSG:4326"


def _local_equidistant(frames: list[gpd.GeoDataFrame]) -> CRS:
    centre = (
        gpd.GeoSeries([frame.to_crs(WGS84).union_all() for frame in frames], crs=WGS84).union_all().centroid
    )
    return CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y:.4f} +lon_0={centre.x:.4f} +units=m +datum=WGS84")


def nearest_hub(points: gpd.GeoDataFrame, hubs: gpd.GeoDataFrame, tolerance_km: float) -> gpd.GeoDataFrame:
    """``points`` with ``hub_id`` and ``distance_km`` of the nearest hub within ``tolerance_km`` (else null)."""
    if points.crs is None or hubs.crs is None:
        raise ValueError("points and hubs need a CRS")
    if not tolerance_km > 0:
        raise ValueError(f"tolerance_km must be > 0, got {tolerance_km}")
    metric = _local_equidistant([points, hubs])
    joined = gpd.sjoin_nearest(
        points.to_crs(metric),
        hubs[["hub_id", "geometry"]].to_crs(metric),
        how="left",
        max_distance=tolerance_km * 1000,
        distance_col="distance_m",
    )
    joined = joined[~joined.index.duplicated(keep="first")]
    out = points.copy()
    out["hub_id"] = joined["hub_id"]
    out["distance_km"] = joined["distance_m"] / 1000
    return out
