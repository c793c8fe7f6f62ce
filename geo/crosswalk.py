"""Match admin-1 names and codes used in DTM and OCHA datasets to boundary features.

``admin1_crosswalk.csv`` (``country,name,adm1_code``) lists spellings of the
Natural Earth (circa 2014) units in ``admin1.geojson``: English and French, with
and without accents, and older or newer units. Rules it follows:

- a newer unit maps to the 2014 unit that contains it (Mali: Ménaka -> Gao,
  Taoudénit -> Timbuktu, the 2023 regions -> their former region; Algeria's 2019
  wilayas; Ghana's 2019 regions; Côte d'Ivoire's 2011 regions). Newer units that
  straddle 2014 units (Morocco's 2015 regions, Sudan's West Kordofan, some
  Ivorian regions) are left out, so they show up in :meth:`Admin1Crosswalk.unmatched`;
- an aggregate lists one row per unit: each Burkina Faso region (13) lists all its
  provinces (45 in the data); Ivorian districts named unlike a 2014 region
  (Woroba, Montagnes, Comoé...) list the 2014 regions they cover;
- Guinea's data are prefectures: "Kankan" is the prefecture, not the region.

Each feature's own ``name``, ``adm1_code`` and ``code_hasc`` (unless the code is
shared by two features in the source, e.g. ``SN.KD``) are added from the
boundaries. Matching compares :func:`geo.names.normalise_name` keys within one
country and never guesses.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd

from geo.names import normalise_name

Key = tuple[str, str]  # (ISO-3 country, normalised name)


class Admin1Crosswalk:
    """Resolve ``(name, country)`` to ``adm1_code`` values."""

    def __init__(self, units: dict[Key, tuple[str, ...]]) -> None:
        self._units = units

    @classmethod
    def from_csv(cls, path: Path, admin1: gpd.GeoDataFrame) -> "Admin1Crosswalk":
        """Read the crosswalk and add the features' own names and codes.

        Raises ``ValueError`` naming the row when a code is not an ``adm1_code`` of
        ``admin1`` or its country differs, and when two spellings that normalise to
        the same key point at different units.
        """
        countries = dict(zip(admin1["adm1_code"], admin1["country"], strict=True))
        entries = _csv_entries(Path(path), countries) + _feature_entries(admin1)
        return cls(_group(entries))

    def resolve_all(self, name: str, country: str) -> tuple[str, ...]:
        """All ``adm1_code`` values the name denotes (sorted); empty when unknown."""
        return self._units.get(_key(country, name), ())

    def resolve(self, name: str, country: str) -> str | None:
        """The ``adm1_code`` of a name denoting one unit, or ``None`` when unknown.

        Raises ``ValueError`` for a name that covers several units (use
        :meth:`resolve_all`), so that a region is never silently reduced to one
        of its provinces.
        """
        codes = self.resolve_all(name, country)
        if len(codes) > 1:
            raise ValueError(
                f"{name!r} ({country}) covers {len(codes)} admin-1 units {list(codes)}; use resolve_all"
            )
        return codes[0] if codes else None

    def unmatched(self, names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The distinct ``(name, country)`` pairs that match no unit, in input order."""
        return list(dict.fromkeys(p for p in names if not self.resolve_all(*p)))


def _key(country: str, name: str) -> Key:
    return country.strip().upper(), normalise_name(name)


def _csv_entries(path: Path, countries: dict[str, str]) -> list[tuple[Key, str, str]]:
    entries = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            if countries.get(row["adm1_code"]) != row["country"]:
                raise ValueError(
                    f"{path.name} line {line}: adm1_code {row['adm1_code']!r} "
                    f"is not a {row['country']} admin-1 feature"
                )
            entries.append((_key(row["country"], row["name"]), row["adm1_code"], path.name))
    return entries


def _feature_entries(admin1: gpd.GeoDataFrame) -> list[tuple[Key, str, str]]:
    """Own name and adm1_code of each feature, plus code_hasc where it is unique."""
    hasc = admin1["code_hasc"].dropna()
    unique_hasc = set(hasc[~hasc.duplicated(keep=False)])
    entries = []
    for row in admin1.itertuples():
        labels = [row.name, row.adm1_code] + ([row.code_hasc] if row.code_hasc in unique_hasc else [])
        source = f"feature {row.adm1_code}"
        entries += [(_key(row.country, label), row.adm1_code, source) for label in labels]
    return entries


def _group(entries: list[tuple[Key, str, str]]) -> dict[Key, tuple[str, ...]]:
    """Codes per key; every source (the CSV, each feature) must give the same codes."""
    by_source: dict[Key, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, code, source in entries:
        by_source[key][source].add(code)
    units = {}
    for key, sources in by_source.items():
        code_sets = {frozenset(codes) for codes in sources.values()}
        if len(code_sets) > 1:
            raise ValueError(f"{key[0]} name {key[1]!r} matches different units: {dict(sources)}")
        units[key] = tuple(sorted(code_sets.pop()))
    return units
