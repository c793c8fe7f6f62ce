"""Map IOM Missing Migrants Project "Migration Route" labels to this project's route ids.

The table is ``data/reference/mmp_route_map.csv`` (see ``mmp_route_map.md``
beside it). A label listed with a blank route_id is a known MMP route outside
this route network; a label not listed at all is an error, so that a new MMP
vocabulary is noticed rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from geo.names import normalise_name

_COLUMNS = ("mmp_route", "route_id")


def read_mmp_route_map(path: Path | str) -> Mapping[str, str | None]:
    """Return {normalised MMP label: route_id or None} from the mapping CSV."""
    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(table.columns) != _COLUMNS:
        raise ValueError(f"{path.name}: columns are {list(table.columns)}, expected {list(_COLUMNS)}")
    mapping: dict[str, str | None] = {}
    for pos, row in enumerate(table.to_dict("records")):
        key = normalise_name(row["mmp_route"])
        if not key:
            raise ValueError(f"{path.name} row {pos + 2}, column 'mmp_route' is empty")
        if key in mapping:
            raise ValueError(f"{path.name} row {pos + 2}: {row['mmp_route']!r} is listed twice")
        mapping[key] = row["route_id"].strip() or None
    return MappingProxyType(mapping)


@lru_cache(maxsize=4)
def _cached_map(path: Path) -> Mapping[str, str | None]:
    return read_mmp_route_map(path)


def map_mmp_route(name: str | None, *, path: Path | str) -> str | None:
    """Route id for an MMP "Migration Route" value.

    Returns None for a missing/blank value and for a known route outside this
    network (e.g. "Eastern Mediterranean"). Raises ``ValueError`` for a label
    the table does not list. Matching ignores case, accents and punctuation.
    """
    if name is None or (isinstance(name, float) and pd.isna(name)) or not str(name).strip():
        return None
    mapping = _cached_map(Path(path).resolve())
    key = normalise_name(str(name))
    if key not in mapping:
        raise ValueError(
            f"MMP migration route {name!r} is not listed in {Path(path).name}; "
            "add it there (blank route_id if it is outside this route network)"
        )
    return mapping[key]
