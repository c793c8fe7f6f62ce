"""The route rule: which profile routes an IOM Missing Migrants Project incident belongs to.

MMP names a few broad routes ("Central Mediterranean", "Sahara Desert crossing"…); a region
profile draws many schematic ones. Two data files connect them:

- ``data/reference/mmp_route_map.csv`` (``mmp_route, family``): every MMP "Migration Route"
  label, in current and older spellings, with its route family. A label not listed keeps no
  family and is counted as unmatched, so a new MMP vocabulary is noticed, never guessed.
- each profile's ``mmp_route_families.csv`` (``family, route_id, max_distance_km``): the
  profile's routes in each family, and how far from a route's segments an incident of that
  family may lie and still belong to it.

An incident belongs to a profile route when its family lists the route and its coordinates
lie within the route's ``max_distance_km`` of one of the route's segments. It may belong to
several overlapping routes; without coordinates or without a route label it belongs to none.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from geo.names import normalise_name, read_name_map

_MAP_COLUMNS = ("mmp_route", "family")
FAMILY_COLUMNS = ("family", "route_id", "max_distance_km")


def read_mmp_route_map(path: Path | str) -> Mapping[str, str]:
    """Return {normalised MMP label: route family} from the vocabulary CSV."""
    return read_name_map(
        path, "mmp_route", "family", lambda family: None if family else "empty: give a family code"
    )


def family_labels(path: Path | str) -> dict[str, list[str]]:
    """{family: the MMP labels of that family as IOM writes them}, in file order."""
    table = pd.read_csv(Path(path), dtype=str, keep_default_na=False, encoding="utf-8")
    return {family: group["mmp_route"].tolist() for family, group in table.groupby("family", sort=False)}


def family_of(labels: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Route family of each MMP "Migration Route" label; blank or unlisted labels give None.

    Matching ignores case, accents and punctuation. Unlisted labels are counted as unmatched
    on the methodology page, so a new MMP vocabulary is noticed, never guessed.
    """
    return labels.map(lambda label: mapping.get(normalise_name(label)), na_action="ignore")


def read_route_families(
    path: Path | str, route_ids: frozenset[str], families: frozenset[str]
) -> pd.DataFrame:
    """A profile's ``family, route_id, max_distance_km`` rows, checked against its routes and the vocabulary."""
    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(table.columns) != FAMILY_COLUMNS:
        raise ValueError(f"{path.name}: columns are {list(table.columns)}, expected {list(FAMILY_COLUMNS)}")
    distance = pd.to_numeric(table["max_distance_km"], errors="coerce")
    for pos, row in enumerate(table.to_dict("records")):
        where = f"{path.name} row {pos + 2}"
        if row["family"] not in families:
            raise ValueError(f"{where}: family {row['family']!r} is not a family of the MMP route map")
        if row["route_id"] not in route_ids:
            raise ValueError(f"{where}: route_id {row['route_id']!r} is not a route of this profile")
        if not 0 < distance.iloc[pos] <= 500:
            raise ValueError(
                f"{where}: max_distance_km {row['max_distance_km']!r} must be a number of km, 1 to 500"
            )
    if table.duplicated(["family", "route_id"]).any():
        raise ValueError(f"{path.name}: a (family, route_id) pair is listed twice")
    return table.assign(max_distance_km=distance.astype(float))
