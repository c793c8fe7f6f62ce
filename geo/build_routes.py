"""Build schematic route lines and hub-to-hub segments from a region's hub and route tables.

Run ``python -m geo.build_routes [REGION_DIR ...]``; with no argument every region
under ``data/regions/`` whose profile lists a ``route_table`` is rebuilt. Output
is deterministic (fixed feature order, coordinates rounded to 4 decimals) so the
committed GeoJSON can be checked against a fresh build.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pyproj import Geod
from shapely.geometry import LineString

from geo.gazetteer import WGS84, read_hubs
from geo.regions import load_profile

ROUTE_COLUMNS: tuple[str, ...] = ("route_id", "name", "name_fr", "mode", "hubs")
MODES = frozenset({"land", "sea"})
COORD_DECIMALS = 4
_ROUTE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_GEOD = Geod(ellps="WGS84")
DEFAULT_REGIONS_ROOT = Path(__file__).resolve().parent.parent / "data" / "regions"


def read_routes(path: Path | str, hub_ids: Sequence[str]) -> pd.DataFrame:
    """Read ``routes.csv`` and check every route against the known ``hub_ids``."""
    path = Path(path)
    routes = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(routes.columns) != ROUTE_COLUMNS:
        raise ValueError(
            f"{path.name}: columns are {list(routes.columns)}, expected exactly {list(ROUTE_COLUMNS)}"
        )
    known = set(hub_ids)
    for pos, row in enumerate(routes.to_dict("records")):
        line = f"{path.name} row {pos + 2}"
        if not _ROUTE_ID.match(row["route_id"]):
            raise ValueError(f"{line}, column 'route_id': {row['route_id']!r} is not a snake_case id")
        if row["mode"] not in MODES:
            raise ValueError(f"{line}, column 'mode': {row['mode']!r} is not one of {sorted(MODES)}")
        stops = row["hubs"].split("|")
        if len(stops) < 2:
            raise ValueError(f"{line}, column 'hubs': a route needs at least two hubs")
        unknown = [h for h in stops if h not in known]
        if unknown:
            raise ValueError(f"{line}, column 'hubs': unknown hub_id(s) {unknown}")
        if any(a == b for a, b in pairwise(stops)):
            raise ValueError(f"{line}, column 'hubs': the same hub twice in a row")
    dupes = routes["route_id"][routes["route_id"].duplicated()]
    if not dupes.empty:
        raise ValueError(f"{path.name}: duplicate route_id values {sorted(set(dupes))}")
    return routes


def _geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(_GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def build_route_layers(hubs: pd.DataFrame, routes: pd.DataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (routes, segments) GeoDataFrames in EPSG:4326.

    Routes are LineStrings through their hubs in order; segments are one feature
    per consecutive hub pair with its geodesic length in km (WGS84 ellipsoid).
    Lines are schematic: they join hubs, they do not follow roads or sea lanes.
    """
    coords = {
        row.hub_id: (round(float(row.lon), COORD_DECIMALS), round(float(row.lat), COORD_DECIMALS))
        for row in hubs.itertuples(index=False)
    }
    route_rows: list[dict[str, Any]] = []
    segment_rows: list[dict[str, Any]] = []
    for route in routes.itertuples(index=False):
        stops = route.hubs.split("|")
        total = 0.0
        for seq, (a, b) in enumerate(pairwise(stops), start=1):
            km = _geodesic_km(*coords[a], *coords[b])
            total += km
            segment_rows.append(
                {
                    "route_id": route.route_id,
                    "seq": seq,
                    "from_hub": a,
                    "to_hub": b,
                    "mode": route.mode,
                    "length_km": round(km, 1),
                    "geometry": LineString([coords[a], coords[b]]),
                }
            )
        route_rows.append(
            {
                "route_id": route.route_id,
                "name": route.name,
                "name_fr": route.name_fr,
                "mode": route.mode,
                "hubs": route.hubs,
                "length_km": round(total, 1),
                "schematic": True,
                "geometry": LineString([coords[h] for h in stops]),
            }
        )
    return (
        gpd.GeoDataFrame(route_rows, geometry="geometry", crs=WGS84),
        gpd.GeoDataFrame(segment_rows, geometry="geometry", crs=WGS84),
    )


def to_geojson_text(layer: gpd.GeoDataFrame) -> str:
    """Serialise LineString features as compact GeoJSON, one feature per line."""
    if layer.crs is None or not layer.crs.equals(WGS84):
        raise ValueError(f"GeoJSON output needs CRS EPSG:4326, got {layer.crs}")
    lines = []
    for record in layer.to_dict("records"):
        geometry = record.pop("geometry")
        feature = {
            "type": "Feature",
            "properties": {k: (v.item() if hasattr(v, "item") else v) for k, v in record.items()},
            "geometry": {
                "type": "LineString",
                "coordinates": [
                    [round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)] for x, y in geometry.coords
                ],
            },
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_region(region_dir: Path | str, out_dir: Path | str | None = None) -> tuple[Path, Path]:
    """Rebuild a region's routes and route_segments GeoJSON; return the two paths written.

    ``out_dir`` defaults to the paths the profile names (a test writes elsewhere).
    """
    profile = load_profile(region_dir)
    hubs = read_hubs(profile.path("hubs"))
    routes = read_routes(profile.path("route_table"), hubs["hub_id"].tolist())
    route_layer, segment_layer = build_route_layers(hubs, routes)
    routes_path, segments_path = profile.path("routes"), profile.path("route_segments")
    if out_dir is not None:
        routes_path = Path(out_dir) / routes_path.name
        segments_path = Path(out_dir) / segments_path.name
    routes_path.write_text(to_geojson_text(route_layer), encoding="utf-8")
    segments_path.write_text(to_geojson_text(segment_layer), encoding="utf-8")
    return routes_path, segments_path


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("region_dirs", nargs="*", type=Path, help="region folders (default: all)")
    args = parser.parse_args(argv)
    region_dirs = args.region_dirs or [
        sub
        for sub in sorted(DEFAULT_REGIONS_ROOT.iterdir())
        if (sub / "profile.json").is_file() and "route_table" in load_profile(sub).files
    ]
    for region_dir in region_dirs:
        for path in build_region(region_dir):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
