"""The region profile's places, read from its files: hubs, routes, FMP sites, admin-1 units."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import load_admin1
from geo.gazetteer import Gazetteer
from geo.regions import load_profile

ROUTE_DEFINITIONS = "routes.csv"


@dataclass(frozen=True)
class Places:
    """Hubs, routes (with their hub ids in order), FMP sites and admin-1 units of a profile."""

    profile_id: str
    countries: tuple[str, ...]
    hubs: pd.DataFrame
    routes: pd.DataFrame
    route_hubs: pd.Series
    sites: pd.DataFrame
    admin1: gpd.GeoDataFrame
    gazetteer: Gazetteer

    def hub_id(self, name: str) -> str:
        """Hub id of a town name; a ValueError names the town if the gazetteer lacks it."""
        hub_id = self.gazetteer.resolve(name)
        if hub_id is None:
            raise ValueError(f"{self.profile_id}: {name!r} is not a hub in hubs.csv (or is ambiguous)")
        return hub_id

    def hub(self, hub_id: str) -> pd.Series:
        """The hubs.csv row of ``hub_id``."""
        return self.hubs.loc[hub_id]

    def routes_through(self, hub_id: str) -> list[str]:
        """Ids of the routes whose hub list includes ``hub_id``, in file order."""
        return [
            rid for rid, ids in zip(self.routes["route_id"], self.route_hubs, strict=True) if hub_id in ids
        ]

    def admin1_name(self, hub_id: str) -> str:
        """Name of the admin-1 unit containing the hub (the nearest one of its country if none does)."""
        hub = self.hub(hub_id)
        units = self.admin1[self.admin1["country"] == hub["country"]]
        if units.empty:
            raise ValueError(
                f"{self.profile_id}: admin1.geojson has no unit in {hub['country']} for {hub_id}"
            )
        point = shapely.Point(hub["lon"], hub["lat"])
        distances = shapely.distance(np.asarray(units.geometry), point)
        return str(units["name"].iloc[int(np.argmin(distances))])

    def nearest_hub(self, lat: float, lon: float, *, other_than: str | None = None) -> str:
        """Hub id nearest to a point, optionally outside country ``other_than``."""
        hubs = self.hubs if other_than is None else self.hubs[self.hubs["country"] != other_than]
        d2 = (hubs["lat"] - lat) ** 2 + ((hubs["lon"] - lon) * np.cos(np.radians(lat))) ** 2
        return str(d2.idxmin())


def load_places(region_dir: Path) -> Places:
    """Read a profile folder's hubs, route definitions, FMP sites and admin-1 boundaries."""
    profile = load_profile(region_dir)
    gazetteer = Gazetteer.from_csv(profile.path("hubs"))
    hubs = gazetteer.hubs.set_index("hub_id", drop=False)
    routes_path = profile.files.get("route_definitions", profile.directory / ROUTE_DEFINITIONS)
    routes = pd.read_csv(routes_path, dtype=str, keep_default_na=False)
    route_hubs = routes["hubs"].str.split("|").map(lambda ids: [i.strip() for i in ids])
    unknown = sorted({i for ids in route_hubs for i in ids} - set(hubs.index))
    if unknown:
        raise ValueError(f"{routes_path.name}: hub id(s) not in hubs.csv: {', '.join(unknown)}")
    sites = pd.read_csv(profile.path("fmp_sites"), dtype=str, keep_default_na=False)
    sites[["lat", "lon"]] = sites[["lat", "lon"]].astype(float)
    return Places(
        profile_id=profile.id,
        countries=profile.countries,
        hubs=hubs,
        routes=routes,
        route_hubs=route_hubs,
        sites=sites,
        admin1=load_admin1(profile.directory),
        gazetteer=gazetteer,
    )
