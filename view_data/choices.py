"""Choices offered by the filter bar, from the region profiles and the loaded data (pure)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from geo import profile_files
from geo.regions import RegionProfile
from view_data.geometry import map_geometry
from view_data.labels import Labels


@dataclass(frozen=True)
class FilterChoices:
    """Dropdown options per filter parameter (``[{"label":…, "value":…}]``)."""

    region: list[dict[str, str]]
    period: list[dict[str, str]]
    route: list[dict[str, str]]
    country: list[dict[str, str]]
    area: list[dict[str, str]]
    gender: list[dict[str, str]]
    age_group: list[dict[str, str]]
    nationality: list[dict[str, str]]


def filter_choices(
    labels: Labels,
    profiles: Mapping[str, RegionProfile],
    profile: RegionProfile,
    codes: Mapping[str, list[str]],
    periods: list[str],
    nationalities: list[str],
) -> FilterChoices:
    """All options of the filter bar for ``profile`` (codes and loaded values passed in).

    The period lists offer every month from the first to the last one loaded of any source.
    """
    routes = profile_files.route_table(profile)["route_id"].tolist()
    return FilterChoices(
        region=labels.options("region", list(profiles)),
        period=[{"label": p, "value": p} for p in month_span(periods)],
        route=labels.options("route", routes),
        country=labels.options("country", list(profile.countries)),
        area=labels.options("area", area_ids(profile)),
        gender=labels.options("gender", codes["gender"]),
        age_group=labels.options("age_group", codes["age_group"]),
        nationality=labels.options("nationality", nationalities),
    )


@functools.cache
def region_values(profile: RegionProfile) -> dict[str, frozenset[str]]:
    """The routes, countries, areas and admin-1 units ``profile`` offers (the values of its option lists)."""
    units = map_geometry(profile).admin1
    return {
        "route": frozenset(profile_files.route_table(profile)["route_id"]),
        "country": frozenset(profile.countries),
        "area": frozenset(area_ids(profile)),
        "admin1": frozenset(units.loc[units["country"].isin(list(profile.countries)), "adm1_code"]),
    }


def area_ids(profile: RegionProfile) -> list[str]:
    """Ids of the groups of admin-1 units ``profile`` defines (none for most profiles), in file order."""
    return list(dict.fromkeys(profile_files.admin1_groups(profile)["group_id"]))


def month_span(months: list[str]) -> list[str]:
    """Every month ``YYYY-MM`` from the earliest to the latest of ``months``, gaps included."""
    if not months:
        return []
    return pd.period_range(min(months), max(months), freq="M").strftime("%Y-%m").tolist()


def admin1_choices(
    labels: Labels,
    profile: RegionProfile,
    units: pd.DataFrame,
    countries: list[str],
    within: Collection[str] | None = None,
) -> list[dict[str, str]]:
    """Admin-1 ``units`` of the chosen countries (all of the profile's countries if none chosen) and, when
    given, ``within`` the units of the chosen areas, sorted.

    A name two units of the profile share carries its country, e.g. "Adrar (Algeria)".
    """
    units = units[units["country"].isin(list(profile.countries))]
    names = {row.adm1_code: labels.label("admin1", row.adm1_code) for row in units.itertuples(index=False)}
    shared = {name for name, count in Counter(names.values()).items() if count > 1}
    chosen = units[units["country"].isin(countries or list(profile.countries))]
    if within is not None:
        chosen = chosen[chosen["adm1_code"].isin(list(within))]
    options = [
        {
            "label": f"{names[row.adm1_code]} ({labels.label('country', row.country)})"
            if names[row.adm1_code] in shared
            else names[row.adm1_code],
            "value": row.adm1_code,
        }
        for row in chosen.itertuples(index=False)
    ]
    return sorted(options, key=lambda option: option["label"])
