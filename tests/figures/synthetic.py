"""Deterministic synthetic measures on the real West and North Africa region files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.boundaries import load_admin0, load_admin1
from geo.regions import RegionProfile, load_profile

REGION_DIR = Path(__file__).resolve().parents[2] / "data" / "regions" / "west-north-africa"
MIN_COUNT = 10


@dataclass(frozen=True)
class Region:
    """A region profile with its layers loaded."""

    profile: RegionProfile
    admin0: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    hubs: pd.DataFrame
    sites: pd.DataFrame


def load_region(region_dir: Path = REGION_DIR) -> Region:
    """The region's boundaries, route segments, hubs and FMP sites as read from its files."""
    profile = load_profile(region_dir)
    return Region(
        profile=profile,
        admin0=load_admin0(profile.directory),
        admin1=load_admin1(profile.directory),
        segments=gpd.read_file(profile.path("route_segments")),
        hubs=pd.read_csv(profile.path("hubs")),
        sites=pd.read_csv(profile.path("fmp_sites")),
    )


def admin1_shares(admin1: gpd.GeoDataFrame, seed: int = 7) -> pd.DataFrame:
    """Every unit with a respondent count, a share and its interval; bases below MIN_COUNT suppressed."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 150, len(admin1))
    share = np.round(rng.uniform(0.05, 0.7, len(admin1)), 4)
    half = np.round(1.96 * np.sqrt(share * (1 - share) / np.maximum(base, 1)), 4)
    return pd.DataFrame(
        {
            "adm1_code": admin1["adm1_code"].to_numpy(),
            "share": share,
            "ci_low": np.clip(share - half, 0, 1),
            "ci_high": np.clip(share + half, 0, 1),
            "n": base,
            "suppressed": base < MIN_COUNT,
        }
    )


def segment_counts(segments: gpd.GeoDataFrame, seed: int = 7) -> pd.DataFrame:
    """A respondent count per route segment."""
    rng = np.random.default_rng(seed)
    return segments[["route_id", "seq"]].assign(respondents=rng.integers(0, 3000, len(segments)))


def hub_counts(hubs: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """A respondent count per hub; counts below MIN_COUNT suppressed."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 1500, len(hubs))
    counts[::9] = rng.integers(1, MIN_COUNT, len(counts[::9]))
    return pd.DataFrame({"hub_id": hubs["hub_id"], "respondents": counts, "suppressed": counts < MIN_COUNT})


def fmp_counts(sites: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Individuals counted per flow monitoring point."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"fmp": sites["fmp"], "individuals": rng.integers(100, 40000, len(sites))})
