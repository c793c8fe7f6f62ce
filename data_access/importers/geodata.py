"""Route lines (kind ``routes``) and the hub gazetteer (kind ``hubs``)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa
import shapely

from core.i18n import N_
from data_access.importers.base import ParsedFile
from data_access.models import Hub, Route
from data_access.problems import DataValidationError, Problem
from data_access.readers import check_columns, read_bytes, read_table
from data_access.reference import Reference
from data_access.validation import in_range, matches, one_of, text, validate

WGS84 = "EPSG:4326"
HUB_COLUMNS = ["hub_id", "name", "name_fr", "country", "lat", "lon", "source", "precision_km"]
HUB_OPTIONAL = ["aliases"]
ROUTE_COLUMNS = ["route_id", "name"]
LINE_TYPES = {"LineString", "MultiLineString"}
PROJECT_LICENCE = N_("Project reference data (CC BY 4.0); coordinates cite their own sources")
PROJECT_CREDIT = N_(
    "Mixed-migration dashboard project; place coordinates from GeoNames (CC BY 4.0) and cited sources"
)


class HubImporter:
    """The hub gazetteer: one row per place with the source and precision of its coordinates."""

    kind = "hubs"
    table = Hub.__table__
    licence = PROJECT_LICENCE
    credit = PROJECT_CREDIT
    derivation = ""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    def schema(self) -> pa.DataFrameSchema:
        """Hub rows: ids unique, country ISO-3, coordinates and precision in range."""
        return pa.DataFrameSchema(
            {
                "hub_id": text(
                    matches(r"^[a-z0-9][a-z0-9_-]*$", "an id of lowercase letters, digits, - and _")
                ),
                "name": text(),
                "name_fr": text(),
                "country": text(one_of(self.reference.iso3, "an ISO-3 country code")),
                "lat": text(in_range(-90, 90, "a latitude in decimal degrees, -90 to 90")),
                "lon": text(in_range(-180, 180, "a longitude in decimal degrees, -180 to 180")),
                "source": text(),
                "precision_km": text(in_range(0, 500, "a precision in kilometres, 0 to 500")),
            },
            unique=["hub_id"],
        )

    def parse(self, path: Path) -> ParsedFile:
        """Validate and convert a hub CSV."""
        frame = read_table(path)
        check_columns(frame, path.name, HUB_COLUMNS, HUB_OPTIONAL)
        frame = frame.apply(lambda column: column.str.strip())
        validate(frame, self.schema(), path.name)
        rows = frame.reindex(columns=[*HUB_COLUMNS, *HUB_OPTIONAL]).assign(
            lat=frame["lat"].astype(float),
            lon=frame["lon"].astype(float),
            precision_km=frame["precision_km"].astype(float),
        )
        rows["aliases"] = rows["aliases"].fillna("").replace("", None)
        return ParsedFile(rows=rows, schema_version="hubs/1")


class RouteImporter:
    """Route lines from GeoJSON or GeoPackage in any declared CRS, stored in EPSG:4326.

    ``route_id`` and ``name`` are required; other attributes (``name_fr``, ``mode``…) are allowed
    and not stored.
    """

    kind = "routes"
    table = Route.__table__
    licence = PROJECT_LICENCE
    credit = N_("Mixed-migration dashboard project; schematic lines through cited hubs")
    derivation = ""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    def parse(self, path: Path) -> ParsedFile:
        """Read, check CRS, attributes and geometry; reproject to EPSG:4326."""
        read_bytes(path)
        name = path.name
        try:
            frame = gpd.read_file(path)
        except Exception as exc:  # pyogrio raises its own error types for unreadable files
            raise DataValidationError(
                name, [Problem(name, None, None, None, f"not a readable GeoJSON or GeoPackage file: {exc}")]
            ) from exc
        if frame.empty:
            raise DataValidationError(name, [Problem(name, None, None, None, "file has no features")])
        if frame.crs is None:
            raise DataValidationError(
                name, [Problem(name, None, None, None, "a declared coordinate reference system (CRS)")]
            )
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        attribute_columns = [c for c in frame.columns if c != "geometry"]
        check_columns(pd.DataFrame(columns=attribute_columns), name, ROUTE_COLUMNS, attribute_columns)
        attributes = frame[ROUTE_COLUMNS].astype(str).apply(lambda column: column.str.strip())
        validate(attributes, self._attribute_schema(), name)
        problems = list(_geometry_problems(frame, name))
        if problems:
            raise DataValidationError(name, problems)
        projected = frame.to_crs(WGS84)
        problems = [
            Problem(
                name,
                row,
                "geometry",
                None,
                "coordinates within -180..180 longitude and -90..90 latitude after reprojection",
            )
            for row, bounds in zip(
                projected.index, projected.geometry.bounds.itertuples(index=False), strict=True
            )
            if not (-180 <= bounds.minx <= bounds.maxx <= 180 and -90 <= bounds.miny <= bounds.maxy <= 90)
        ]
        if problems:
            raise DataValidationError(name, problems)
        rows = pd.DataFrame(
            {
                "route_id": attributes["route_id"],
                "name": attributes["name"],
                "geometry": [json.dumps(shapely.geometry.mapping(g)) for g in projected.geometry],
            }
        )
        return ParsedFile(rows=rows, schema_version=f"routes/1 (source CRS {frame.crs.to_string()})")

    @staticmethod
    def _attribute_schema() -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            {
                "route_id": text(
                    matches(r"^[a-z0-9][a-z0-9_-]*$", "an id of lowercase letters, digits, - and _")
                ),
                "name": text(),
            },
            unique=["route_id"],
        )


def _geometry_problems(frame: gpd.GeoDataFrame, name: str):  # noqa: ANN202
    for row, geometry in zip(frame.index, frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            yield Problem(name, row, "geometry", None, "a line geometry (feature has none)")
        elif geometry.geom_type not in LINE_TYPES:
            yield Problem(name, row, "geometry", geometry.geom_type, "a LineString or MultiLineString")
        elif not geometry.is_valid:
            yield Problem(name, row, "geometry", shapely.is_valid_reason(geometry), "a valid geometry")
