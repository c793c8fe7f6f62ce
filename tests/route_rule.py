"""The route rule recomputed independently: pandas and shapely in a projection equidistant from each incident.

The code under test uses geodesic distances after a spatial join; agreement between the two
is the check.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from sqlalchemy import Engine, select

from core.config import DATA_DIR
from data_access.models import MmpIncident, MmpIncidentRoute
from geo.names import normalise_name

REGION = DATA_DIR / "regions" / "west-north-africa"


def km_to(line: shapely.LineString, lat: float, lon: float) -> float:
    """Distance from a point to a line in a projection equidistant from that point."""
    local = pyproj.Transformer.from_crs(
        "EPSG:4326", pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +units=m"), always_xy=True
    )
    projected = shapely.transform(line, lambda xy: np.column_stack(local.transform(xy[:, 0], xy[:, 1])))
    return projected.distance(shapely.Point(0, 0)) / 1000


def expected_memberships(path, coordinates: str, record: str, regions=(REGION,)) -> set[tuple[str, str]]:
    """The route rule of the profiles in the ``regions`` folders applied with pandas and shapely to the file as
    published."""
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    vocabulary = pd.read_csv(DATA_DIR / "reference" / "mmp_route_map.csv", dtype=str, keep_default_na=False)
    family = {
        normalise_name(label): code
        for label, code in zip(vocabulary["mmp_route"], vocabulary["family"], strict=True)
    }
    rules = pd.concat([pd.read_csv(region / "mmp_route_families.csv") for region in regions])
    segments = pd.concat([gpd.read_file(region / "route_segments.geojson") for region in regions])
    expected = set()
    for row in frame.to_dict("records"):
        if not row[coordinates] or not row["Migration Route"]:
            continue
        lat, lon = (float(part) for part in row[coordinates].split(","))
        rows = rules[rules["family"] == family[normalise_name(row["Migration Route"])]]
        for rule in rows.itertuples():
            lines = segments[segments["route_id"] == rule.route_id].geometry
            if min(km_to(line, lat, lon) for line in lines) <= rule.max_distance_km:
                expected.add((row[record], rule.route_id))
    return expected


def stored_memberships(engine: Engine) -> set[tuple[str, str]]:
    """(MMP record id, route id) of every incident's route membership stored in ``engine``'s database."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(MmpIncident.record_id, MmpIncidentRoute.route_id).join(
                MmpIncidentRoute,
                (MmpIncidentRoute.dataset_id == MmpIncident.dataset_id)
                & (MmpIncidentRoute.source_row == MmpIncident.source_row),
            )
        ).all()
    return {(record, route) for record, route in rows}
