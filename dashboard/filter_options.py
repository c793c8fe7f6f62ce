"""Choices offered by the filter bar, from the region profiles and the loaded data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select

from dashboard.labels import options
from data_access.models import FmpMonthly, FourMiBase, MmpIncident
from geo.boundaries import load_admin1
from geo.regions import RegionProfile


@dataclass(frozen=True)
class FilterChoices:
    """Dropdown options per filter parameter (``[{"label":…, "value":…}]``)."""

    region: list[dict[str, str]]
    period: list[dict[str, str]]
    route: list[dict[str, str]]
    country: list[dict[str, str]]
    gender: list[dict[str, str]]
    age_group: list[dict[str, str]]
    nationality: list[dict[str, str]]


def loaded_periods(engine: Engine) -> list[str]:
    """Every month present in any loaded source, oldest first."""
    with engine.connect() as connection:
        periods = set(connection.execute(select(FourMiBase.period).distinct()).scalars())
        periods |= set(connection.execute(select(FmpMonthly.period).distinct()).scalars())
        periods |= set(connection.execute(select(MmpIncident.period).distinct()).scalars())
    return sorted(p for p in periods if p)


def loaded_nationalities(engine: Engine) -> list[str]:
    """Nationalities present in the 4Mi cells."""
    with engine.connect() as connection:
        return sorted(connection.execute(select(FourMiBase.nationality).distinct()).scalars())


def filter_choices(
    profiles: Mapping[str, RegionProfile],
    profile: RegionProfile,
    codes: dict[str, list[str]],
    periods: list[str],
    nationalities: list[str],
) -> FilterChoices:
    """All options of the filter bar for ``profile`` (pure: codes and loaded values passed in)."""
    routes = pd.read_csv(profile.path("route_table"), dtype=str)["route_id"].tolist()
    return FilterChoices(
        region=options("region", list(profiles)),
        period=[{"label": p, "value": p} for p in periods],
        route=options("route", routes),
        country=options("country", list(profile.countries)),
        gender=options("gender", codes["gender"]),
        age_group=[
            {"label": o["label"], "value": o["value"]} for o in options("age_group", codes["age_group"])
        ],
        nationality=options("nationality", nationalities),
    )


def admin1_choices(profile: RegionProfile, countries: list[str]) -> list[dict[str, str]]:
    """Admin-1 units of the chosen countries (all of the profile's countries if none chosen)."""
    units = load_admin1(profile.directory)
    chosen = units[units["country"].isin(countries or list(profile.countries))]
    return options("admin1", chosen["adm1_code"].tolist())
