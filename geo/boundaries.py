"""Load the region profile's admin-0 and admin-1 boundaries.

Files are written by ``python -m geo.build_boundaries build``: simplified
Natural Earth polygons in EPSG:4326, coordinates rounded to 3 decimals.
"""

from pathlib import Path

import geopandas as gpd

CRS = "EPSG:4326"
ADMIN1_COLUMNS = ["adm1_code", "code_hasc", "name", "country"]
ADMIN0_COLUMNS = ["country"]


def load_admin1(region_dir: Path) -> gpd.GeoDataFrame:
    """Admin-1 units: ``adm1_code`` (unique key), ``code_hasc``, ``name``, ``country`` (ISO-3)."""
    return _load(Path(region_dir) / "admin1.geojson", ADMIN1_COLUMNS)


def load_admin0(region_dir: Path) -> gpd.GeoDataFrame:
    """Countries, one row per ISO-3 ``country``: the union of their admin-1 units."""
    return _load(Path(region_dir) / "admin0.geojson", ADMIN0_COLUMNS)


def load_admin0_context(region_dir: Path) -> gpd.GeoDataFrame:
    """Countries drawn around the region for orientation only (e.g. the shores across the sea).

    One row per ISO-3 ``country``; none when the profile has no ``admin0_context.geojson``.
    They take no part in the region's countries or filters.
    """
    path = Path(region_dir) / "admin0_context.geojson"
    if not path.exists():
        return gpd.GeoDataFrame({"country": []}, geometry=[], crs=CRS)
    return _load(path, ADMIN0_COLUMNS)


def _load(path: Path, columns: list[str]) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; expected {columns}")
    return frame[[*columns, "geometry"]].set_crs(CRS, allow_override=True)
