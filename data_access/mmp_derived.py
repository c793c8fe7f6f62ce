"""Columns derived from a Missing Migrants Project record: where it happened and what killed.

Every spatial attribute comes from the file where it has a field and from the coordinates
where it has none, with the method recorded: the country (``country_method``), the admin-1
unit (``admin1_method``), the nearest hub and the profile routes of the route rule
(``geo.mmp_routes``). The cause text is grouped into MMP's published cause categories. The
same function serves a fresh import and the re-derivation of stored rows when this logic or
the reference data it reads changes (:func:`derivation` names both).
"""

from __future__ import annotations

import hashlib

import geopandas as gpd
import pandas as pd

from data_access.mmp_causes import cause_categories
from data_access.reference import Reference, country_name_to_iso3
from geo.joins import assign_admin1, assign_route_segment
from geo.mmp_routes import family_of
from geo.nearest import nearest_hub

DERIVATION = "mmp-derived/1"
HUB_DISTANCE_KM = 50.0
UNMATCHED = "unmatched"
INPUT_COLUMNS = ("source_row", "country_of_incident", "lat", "lon", "migration_route", "cause_of_death")
DERIVED_COLUMNS = (
    "country_iso3", "country_method", "admin1", "admin1_method", "route_family", "hub_id", "cause_category",
)  # fmt: skip
MEMBERSHIP_COLUMNS = ("source_row", "route_id", "segment_seq", "distance_km")


def derivation(reference: Reference) -> str:
    """``DERIVATION`` and a digest of the reference data the placement reads.

    The digest covers every profile's route segments and route families, the hubs, the admin-1
    units and the route and cause vocabularies: adding or changing a region profile makes the
    stored rows stale, so they are placed again on its routes.
    """
    digest = hashlib.sha256()
    tables = (
        reference.route_families,
        reference.gazetteer.hubs,
        pd.DataFrame(reference.admin1_units.drop(columns="geometry")),
        pd.Series(dict(reference.mmp_route_map)),
        pd.Series(dict(reference.mmp_cause_map)),
    )
    for table in tables:
        digest.update(table.to_csv().encode())
    for frame in (reference.route_segments, reference.admin1_units):
        digest.update(b"".join(frame.geometry.to_wkb()))
    return f"{DERIVATION}+{digest.hexdigest()[:16]}"


def derive(incidents: pd.DataFrame, reference: Reference) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``incidents`` (``INPUT_COLUMNS``) with ``DERIVED_COLUMNS`` added, and their route memberships."""
    out = incidents.copy()
    points = _points(out)
    out["admin1"], out["admin1_method"] = _admin1(points, out.index, reference.admin1_units)
    out["country_iso3"], out["country_method"] = _country(out, reference.admin1_units)
    out["route_family"] = family_of(out["migration_route"], reference.mmp_route_map)
    out["hub_id"] = _nearest_hub(points, out.index, reference.gazetteer.hubs)
    out["cause_category"] = cause_categories(out["cause_of_death"], reference.mmp_cause_map)
    return out, route_memberships(points, out, reference)


def route_memberships(
    points: gpd.GeoDataFrame, incidents: pd.DataFrame, reference: Reference
) -> pd.DataFrame:
    """One row per (incident, profile route) the route rule places it on, with segment and distance."""
    families = incidents.loc[points.index, "route_family"]
    found = []
    for rule in reference.route_families.itertuples(index=False):
        candidates = points[(families == rule.family).to_numpy()]
        segments = reference.route_segments[reference.route_segments["route_id"] == rule.route_id]
        if candidates.empty or segments.empty:
            continue
        placed = assign_route_segment(candidates, segments, rule.max_distance_km)
        placed = placed[placed["route_method"] != UNMATCHED]
        found.append(
            pd.DataFrame(
                {
                    "source_row": incidents.loc[placed.index, "source_row"].to_numpy(),
                    "route_id": rule.route_id,
                    "segment_seq": placed["segment_seq"].astype(int).to_numpy(),
                    "distance_km": placed["distance_km"].round(1).to_numpy(),
                }
            )
        )
    if not found:
        return pd.DataFrame({column: [] for column in MEMBERSHIP_COLUMNS})
    memberships = pd.concat(found, ignore_index=True)
    return memberships.drop_duplicates(["source_row", "route_id"]).reset_index(drop=True)


def _points(incidents: pd.DataFrame) -> gpd.GeoDataFrame:
    located = incidents.dropna(subset=["lat", "lon"])
    return gpd.GeoDataFrame(
        index=located.index,
        geometry=gpd.points_from_xy(located["lon"].astype(float), located["lat"].astype(float)),
        crs="EPSG:4326",
    )


def _admin1(
    points: gpd.GeoDataFrame, index: pd.Index, units: gpd.GeoDataFrame
) -> tuple[pd.Series, pd.Series]:
    codes = pd.Series(None, index=index, dtype=object)
    methods = pd.Series(UNMATCHED, index=index, dtype=object)
    if not points.empty:
        assigned = assign_admin1(points, units)
        codes.loc[assigned.index] = (
            assigned["adm1_code"].astype(object).where(assigned["adm1_code"].notna(), None)
        )
        methods.loc[assigned.index] = assigned["admin1_method"].astype(str)
    return codes, methods


def _country(incidents: pd.DataFrame, units: gpd.GeoDataFrame) -> tuple[pd.Series, pd.Series]:
    """ISO-3 from the file's country name where it has one GeoNames knows, else from the admin-1 unit."""
    named = incidents["country_of_incident"].map(country_name_to_iso3(), na_action="ignore")
    located = incidents["admin1"].map(dict(zip(units["adm1_code"], units["country"], strict=True)))
    country = named.where(named.notna(), located)
    method = pd.Series(UNMATCHED, index=incidents.index, dtype=object)
    method[located.notna()] = "by_location"
    method[named.notna()] = "by_source_field"
    return country.astype(object).where(country.notna(), None), method


def _nearest_hub(points: gpd.GeoDataFrame, index: pd.Index, hubs: pd.DataFrame) -> pd.Series:
    found = pd.Series(None, index=index, dtype=object)
    if not points.empty:
        hub_points = gpd.GeoDataFrame(
            hubs[["hub_id"]], geometry=gpd.points_from_xy(hubs["lon"], hubs["lat"]), crs="EPSG:4326"
        )
        near = nearest_hub(points, hub_points, HUB_DISTANCE_KM)["hub_id"]
        found.loc[near.index] = near.astype(object).where(near.notna(), None)
    return found
