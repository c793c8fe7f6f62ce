"""Hub gazetteer: the project's own table of towns, border posts and arrival points.

Names are matched exactly after :func:`geo.names.normalise_name` (case, accents,
punctuation and spacing ignored). Nothing is ever matched approximately: a name
that is unknown, or shared by hubs in several countries when no country is
given, resolves to ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.names import normalise_name

HUB_COLUMNS: tuple[str, ...] = (
    "hub_id",
    "name",
    "name_fr",
    "country",
    "lat",
    "lon",
    "source",
    "precision_km",
    "aliases",
)
WGS84 = "EPSG:4326"
_HUB_ID = re.compile(r"^[a-z]{3}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def read_hubs(path: Path | str) -> pd.DataFrame:
    """Read and validate a ``hubs.csv`` file.

    Raises ``ValueError`` naming the file, row and column at fault.
    """
    path = Path(path)
    hubs = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return validate_hubs(hubs, label=path.name)


def validate_hubs(hubs: pd.DataFrame, label: str = "hubs") -> pd.DataFrame:
    """Check a hubs table and return a typed copy (lat, lon, precision_km as floats)."""
    if tuple(hubs.columns) != HUB_COLUMNS:
        raise ValueError(f"{label}: columns are {list(hubs.columns)}, expected exactly {list(HUB_COLUMNS)}")
    out = hubs.copy()
    for col in ("hub_id", "name", "name_fr", "country", "source", "aliases"):
        out[col] = out[col].fillna("").astype(str).str.strip()
    for pos, row in enumerate(out.to_dict("records")):
        line = f"{label} row {pos + 2}"
        hub_id, country = row["hub_id"], row["country"]
        if not _HUB_ID.match(hub_id):
            raise ValueError(f"{line}, column 'hub_id': {hub_id!r} is not a slug like 'ner-agadez'")
        if not _ISO3.match(country):
            raise ValueError(f"{line}, column 'country': {country!r} is not an ISO-3 code")
        if not hub_id.startswith(country.lower() + "-"):
            raise ValueError(
                f"{line}, column 'hub_id': {hub_id!r} does not start with its country "
                f"code {country.lower()!r}"
            )
        for col in ("name", "source"):
            if not row[col]:
                raise ValueError(f"{line}, column {col!r} is empty")
    for col, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0), ("precision_km", 0.0, 1000.0)):
        values = pd.to_numeric(out[col], errors="coerce")
        bad = values.isna() | (values < low) | (values > high)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(
                f"{label} row {i + 2}, column {col!r}: {hubs[col].iloc[i]!r} is not a number "
                f"between {low:g} and {high:g}"
            )
        out[col] = values.astype(float)
    dupes = out["hub_id"][out["hub_id"].duplicated()]
    if not dupes.empty:
        raise ValueError(f"{label}: duplicate hub_id values {sorted(set(dupes))}")
    return out


def _split_aliases(aliases: str) -> list[str]:
    return [a.strip() for a in aliases.split("|") if a.strip()]


class Gazetteer:
    """Look up hubs by English name, French name or alias."""

    def __init__(self, hubs: pd.DataFrame) -> None:
        self._hubs = validate_hubs(hubs)
        index: dict[str, set[tuple[str, str]]] = {}
        for row in self._hubs.itertuples(index=False):
            names: Iterable[str] = [row.name, row.name_fr, *_split_aliases(row.aliases)]
            for name in names:
                key = normalise_name(name)
                if key:
                    index.setdefault(key, set()).add((row.hub_id, row.country))
        self._index = {key: frozenset(hits) for key, hits in index.items()}

    @classmethod
    def from_csv(cls, path: Path | str) -> Gazetteer:
        """Build a gazetteer from a ``hubs.csv`` file."""
        return cls(read_hubs(path))

    @property
    def hubs(self) -> pd.DataFrame:
        """A copy of the validated hubs table."""
        return self._hubs.copy()

    def resolve(self, name: str, country: str | None = None) -> str | None:
        """Return the hub_id for ``name`` (optionally within ISO-3 ``country``), else None.

        None when the name is unknown, or matches more than one hub (e.g. the same
        town name in two countries and no country given).
        """
        if not isinstance(name, str):
            return None
        hits = self._index.get(normalise_name(name), frozenset())
        if country is not None:
            wanted = country.strip().upper()
            hits = frozenset(h for h in hits if h[1] == wanted)
        hub_ids = {hub_id for hub_id, _ in hits}
        return next(iter(hub_ids)) if len(hub_ids) == 1 else None

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Hubs as points in WGS84 (EPSG:4326)."""
        hubs = self.hubs
        geometry = gpd.points_from_xy(hubs["lon"], hubs["lat"], crs=WGS84)
        return gpd.GeoDataFrame(hubs, geometry=geometry, crs=WGS84)
