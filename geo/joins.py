"""Spatial joins of located records to admin-1 units and route segments.

Every distance here is a geodesic distance in km on the WGS84 ellipsoid.
Candidates are found with geopandas spatial joins in an azimuthal equidistant
projection centred on the data (metres); each candidate's distance is then
measured geodesically, so results do not depend on latitude. Inputs may be in
any CRS; outputs keep the input's CRS, index and row order.
"""

from __future__ import annotations

import math
from itertools import pairwise

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod

WGS84 = "EPSG:4326"
ADMIN1_METHODS = ("by_source_field", "by_location", "unmatched")
ROUTE_METHODS = ("by_source_field", "by_proximity", "unmatched")
DENSIFY_KM = 10.0
_EDGE_STEP_DEG = 0.05  # vertex spacing for lon/lat polygon edges (a shape detail, not a distance)
_GEOD = Geod(ellps="WGS84")
_EARTH_RADIUS_KM = 6371.0088


def _check_crs(frame: gpd.GeoDataFrame, label: str) -> None:
    if not isinstance(frame, gpd.GeoDataFrame):
        raise ValueError(f"{label} must be a GeoDataFrame, got {type(frame).__name__}")
    if frame.crs is None:
        raise ValueError(f"{label} has no CRS; set one (e.g. EPSG:4326) before joining")


def _check_columns(frame: gpd.GeoDataFrame, label: str, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{label} lacks column(s) {missing}; it has {list(frame.columns)}")


def _metric_crs(*frames: gpd.GeoSeries) -> tuple[CRS, float]:
    """Azimuthal equidistant CRS centred on the frames, and its worst scale factor.

    In this projection no length shrinks (scale >= 1 everywhere), and lengths
    grow at most by the returned factor within the frames' bounding box.
    """
    bounds = np.array([f.total_bounds for f in frames if not f.is_empty.all()])
    lon_min, lat_min = bounds[:, 0].min(), bounds[:, 1].min()
    lon_max, lat_max = bounds[:, 2].max(), bounds[:, 3].max()
    lon0, lat0 = (lon_min + lon_max) / 2.0, (lat_min + lat_max) / 2.0
    corners_lon = np.array([lon_min, lon_min, lon_max, lon_max])
    corners_lat = np.array([lat_min, lat_max, lat_min, lat_max])
    _, _, dist_m = _GEOD.inv(np.full(4, lon0), np.full(4, lat0), corners_lon, corners_lat)
    angle = min(float(np.max(dist_m)) / 1000.0 / _EARTH_RADIUS_KM, math.radians(150))
    scale = angle / math.sin(angle) if angle > 1e-9 else 1.0
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0:.6f} +lon_0={lon0:.6f} +datum=WGS84 +units=m +no_defs")
    return crs, scale * 1.02  # margin for the ellipsoid's departure from a sphere


def _search_radius_m(tolerance_km: float, scale: float) -> float:
    return tolerance_km * 1000.0 * scale + 1.0


def _geodesic_km_to_nearest(points_m: gpd.GeoSeries, shapes_m: gpd.GeoSeries, metric: CRS) -> np.ndarray:
    """Geodesic km from each point to the nearest point of the paired shape (both in ``metric``)."""
    nearest = shapely.shortest_line(points_m.to_numpy(), shapes_m.to_numpy())
    ends = gpd.GeoSeries(shapely.get_point(nearest, -1), crs=metric).to_crs(WGS84)
    starts = gpd.GeoSeries(shapely.get_point(nearest, 0), crs=metric).to_crs(WGS84)
    _, _, dist_m = _GEOD.inv(starts.x.to_numpy(), starts.y.to_numpy(), ends.x.to_numpy(), ends.y.to_numpy())
    return np.asarray(dist_m, dtype=float) / 1000.0


def _densify_geodesic(line: shapely.LineString, step_km: float = DENSIFY_KM) -> shapely.LineString:
    """Insert vertices so each piece of ``line`` (lon/lat) follows the geodesic between its vertices."""
    coords = list(line.coords)
    out = [coords[0]]
    for (lon1, lat1), (lon2, lat2) in pairwise(coords):
        dist_km = _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0
        extra = max(math.ceil(dist_km / step_km) - 1, 0)
        if extra:
            out.extend(_GEOD.npts(lon1, lat1, lon2, lat2, extra))
        out.append((lon2, lat2))
    return shapely.LineString(out)


def assign_admin1(
    points: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame,
    coast_tolerance_km: float = 10.0,
) -> gpd.GeoDataFrame:
    """Add ``adm1_code`` and ``admin1_method`` to ``points``.

    A non-null ``adm1_code`` already on a point (from the source) is kept
    (``by_source_field``). Otherwise a point inside or on a polygon takes its code,
    and a point outside every polygon but within ``coast_tolerance_km`` of one
    (e.g. just off the coast) takes the nearest (``by_location``). The rest are
    ``unmatched`` with a null code. Overlap ties go to the smallest code.
    """
    _check_crs(points, "points")
    _check_crs(admin1, "admin1")
    _check_columns(admin1, "admin1", ("adm1_code",))
    if coast_tolerance_km < 0:
        raise ValueError(f"coast_tolerance_km must be >= 0, got {coast_tolerance_km}")

    out = points.copy()
    source = (
        out["adm1_code"].astype("string")
        if "adm1_code" in out.columns
        else pd.Series(pd.NA, index=out.index, dtype="string")
    )
    known = set(admin1["adm1_code"].dropna().astype(str))
    unknown = sorted(set(source.dropna()) - known)
    if unknown:
        raise ValueError(f"points column 'adm1_code' has codes not in admin1: {unknown[:10]}")

    pos = np.arange(len(out))
    codes = source.to_numpy(dtype=object, na_value=None)
    methods = np.where(source.notna().to_numpy(), "by_source_field", "unmatched").astype(object)
    todo = (source.isna() & out.geometry.notna() & ~out.geometry.is_empty).to_numpy()

    if todo.any():
        has_code = admin1["adm1_code"].notna().to_numpy()
        polygons = gpd.GeoDataFrame(
            {"adm1_code": admin1["adm1_code"].astype(str).to_numpy()[has_code]},
            geometry=admin1.geometry.to_numpy()[has_code],
            crs=admin1.crs,
        )
        pts = gpd.GeoDataFrame({"_pos": pos[todo]}, geometry=out.geometry[todo].to_numpy(), crs=out.crs)
        inside = gpd.sjoin(pts.to_crs(polygons.crs), polygons, how="inner", predicate="intersects")
        inside = inside.sort_values(["_pos", "adm1_code"]).drop_duplicates("_pos")
        codes[inside["_pos"].to_numpy()] = inside["adm1_code"].to_numpy()
        methods[inside["_pos"].to_numpy()] = "by_location"

        rest = pts[~pts["_pos"].isin(inside["_pos"])]
        if len(rest) and coast_tolerance_km > 0:
            rest_ll = rest.to_crs(WGS84)
            poly_ll = polygons.to_crs(WGS84)
            # Edges are straight in lon/lat; add vertices so they stay so once projected.
            poly_ll = poly_ll.set_geometry(
                shapely.segmentize(poly_ll.geometry.to_numpy(), _EDGE_STEP_DEG), crs=WGS84
            )
            metric, scale = _metric_crs(rest_ll.geometry, poly_ll.geometry)
            rest_m, poly_m = rest_ll.to_crs(metric), poly_ll.to_crs(metric)
            near = gpd.sjoin_nearest(
                rest_m,
                poly_m,
                how="inner",
                max_distance=_search_radius_m(coast_tolerance_km, scale),
            )
            if len(near):
                shapes = poly_m.geometry.loc[near["index_right"].to_numpy()].reset_index(drop=True)
                near = near.assign(
                    _km=_geodesic_km_to_nearest(near.geometry.reset_index(drop=True), shapes, metric)
                )
                near = near[near["_km"] <= coast_tolerance_km]
                near = near.sort_values(["_pos", "_km", "adm1_code"]).drop_duplicates("_pos")
                codes[near["_pos"].to_numpy()] = near["adm1_code"].to_numpy()
                methods[near["_pos"].to_numpy()] = "by_location"

    out["adm1_code"] = pd.array(codes, dtype="string")
    out["admin1_method"] = pd.Categorical(methods, categories=list(ADMIN1_METHODS))
    return out


def assign_route_segment(
    points: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    tolerance_km: float,
) -> gpd.GeoDataFrame:
    """Add ``route_id``, ``segment_seq``, ``distance_km`` and ``route_method`` to ``points``.

    ``segments`` is a route_segments layer (columns ``route_id``, ``seq``). A point
    whose ``route_id`` is already set (from a source field) keeps it
    (``by_source_field``) and gets the nearest segment *of that route* if one lies
    within ``tolerance_km``. Other points take the nearest segment of any route
    within ``tolerance_km`` (``by_proximity``), else are ``unmatched``. Segments are
    treated as geodesics between their vertices; distances are geodesic km.
    Exact ties (overlapping routes) go to the smallest route_id, then seq.
    """
    _check_crs(points, "points")
    _check_crs(segments, "segments")
    _check_columns(segments, "segments", ("route_id", "seq"))
    if not tolerance_km > 0:
        raise ValueError(f"tolerance_km must be > 0, got {tolerance_km}")
    bad_geometry = ~segments.geometry.geom_type.isin(["LineString"]).to_numpy()
    if bad_geometry.any():
        row = int(bad_geometry.nonzero()[0][0])
        raise ValueError(
            f"segments row {row}: geometry is {segments.geometry.iloc[row]!r}, expected a LineString"
        )

    out = points.copy()
    source = (
        out["route_id"].astype("string")
        if "route_id" in out.columns
        else pd.Series(pd.NA, index=out.index, dtype="string")
    )
    unknown = sorted(set(source.dropna()) - set(segments["route_id"].astype(str)))
    if unknown:
        raise ValueError(f"points column 'route_id' has ids not in segments: {unknown[:10]}")

    n = len(out)
    route_ids = source.to_numpy(dtype=object, na_value=None)
    seqs = np.full(n, pd.NA, dtype=object)
    dists = np.full(n, np.nan)
    from_source = source.notna().to_numpy()
    methods = np.where(from_source, "by_source_field", "unmatched").astype(object)
    usable = (out.geometry.notna() & ~out.geometry.is_empty).to_numpy()

    if usable.any() and len(segments):
        segs_ll = segments[["route_id", "seq", segments.geometry.name]].to_crs(WGS84)
        segs_ll = gpd.GeoDataFrame(
            {"route_id": segs_ll["route_id"].astype(str).to_numpy(), "seq": segs_ll["seq"].to_numpy()},
            geometry=[_densify_geodesic(g) for g in segs_ll.geometry],
            crs=WGS84,
        )
        pts_ll = gpd.GeoDataFrame(
            {"_pos": np.arange(n)[usable], "_source_route": route_ids[usable]},
            geometry=out.geometry[usable].to_crs(WGS84).to_numpy(),
            crs=WGS84,
        )
        metric, scale = _metric_crs(pts_ll.geometry, segs_ll.geometry)
        pts_m, segs_m = pts_ll.to_crs(metric), segs_ll.to_crs(metric)
        cand = gpd.sjoin(
            pts_m,
            segs_m,
            how="inner",
            predicate="dwithin",
            distance=_search_radius_m(tolerance_km, scale),
        )
        keep = cand["_source_route"].isna() | (cand["_source_route"] == cand["route_id"])
        cand = cand[keep.to_numpy()]
        if len(cand):
            shapes = segs_m.geometry.loc[cand["index_right"].to_numpy()].reset_index(drop=True)
            cand = cand.assign(
                _km=_geodesic_km_to_nearest(cand.geometry.reset_index(drop=True), shapes, metric)
            )
            cand = cand[cand["_km"] <= tolerance_km]
            best = cand.sort_values(["_pos", "_km", "route_id", "seq"]).drop_duplicates("_pos")
            at = best["_pos"].to_numpy()
            route_ids[at] = best["route_id"].to_numpy()
            seqs[at] = best["seq"].to_numpy()
            dists[at] = best["_km"].to_numpy()
            methods[at] = np.where(from_source[at], "by_source_field", "by_proximity")

    out["route_id"] = pd.array(route_ids, dtype="string")
    out["segment_seq"] = pd.array(seqs, dtype="Int64")
    out["distance_km"] = dists
    out["route_method"] = pd.Categorical(methods, categories=list(ROUTE_METHODS))
    return out
