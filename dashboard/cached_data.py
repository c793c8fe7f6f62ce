"""Data functions memoised with Flask-Caching, keyed by the loaded data's version.

Every load changes the version, so a cached answer is never older than the data;
callers get copies, never the cached object itself.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from flask import current_app

from dashboard import filter_options
from dashboard.config import Config
from dashboard.extensions import cache, database
from dashboard.vocabulary import filter_vocabulary
from data_access.loading import active_datasets
from data_access.versions import data_version
from geo.regions import RegionProfile, available_profiles
from indicators.engine import Answer, SuppressionRule, deaths, flows, fourmi_indicator
from indicators.filters import Filters, FilterVocabulary


def datasets() -> pd.DataFrame:
    """Provenance of the active datasets."""
    return _datasets(data_version(database.engine)).copy()


def has_synthetic_data() -> bool:
    """Whether any active dataset is synthetic (demonstration) data."""
    return bool(datasets()["synthetic"].any())


def profiles() -> Mapping[str, RegionProfile]:
    """Region profiles of the configured data folder, by id."""
    return _profiles(_config().data_dir / "regions")


def suppression_rule() -> SuppressionRule:
    """The configured small-cell thresholds."""
    config = _config()
    return SuppressionRule(min_base=config.min_base, min_count=config.min_count)


def vocabulary() -> FilterVocabulary:
    """Values each filter parameter accepts, for the loaded data."""
    return _vocabulary(data_version(database.engine), _config().data_dir)


def loaded_periods() -> list[str]:
    """Every month present in any loaded source, oldest first."""
    return list(_loaded_periods(data_version(database.engine)))


def loaded_nationalities() -> list[str]:
    """Nationalities present in the 4Mi cells."""
    return list(_loaded_nationalities(data_version(database.engine)))


def fourmi_answer(indicator: str, filters: Filters, by: tuple[str, ...]) -> Answer:
    """:func:`indicators.engine.fourmi_indicator` under the configured suppression rule."""
    version = data_version(database.engine)
    return _copy(_fourmi_answer(version, indicator, filters, tuple(by), suppression_rule()))


def flows_answer(filters: Filters, by: tuple[str, ...]) -> Answer:
    """:func:`indicators.engine.flows` under the configured suppression rule."""
    return _copy(_flows_answer(data_version(database.engine), filters, tuple(by), suppression_rule()))


def deaths_answer(filters: Filters, by: tuple[str, ...]) -> Answer:
    """:func:`indicators.engine.deaths`."""
    return _copy(_deaths_answer(data_version(database.engine), filters, tuple(by)))


def _config() -> Config:
    return current_app.config["DASHBOARD"]


def _copy(answer: Answer) -> Answer:
    return dataclasses.replace(
        answer,
        rows=answer.rows.copy(),
        sources=[dict(source) for source in answer.sources],
        suppression=dict(answer.suppression),
    )


@functools.cache
def _profiles(regions_dir: Path) -> Mapping[str, RegionProfile]:
    return available_profiles(regions_dir)


@cache.memoize()
def _datasets(version: int) -> pd.DataFrame:
    del version
    return active_datasets(database.engine)


@cache.memoize()
def _loaded_periods(version: int) -> list[str]:
    del version
    return filter_options.loaded_periods(database.engine)


@cache.memoize()
def _loaded_nationalities(version: int) -> list[str]:
    del version
    return filter_options.loaded_nationalities(database.engine)


@cache.memoize()
def _vocabulary(version: int, data_dir: Path) -> FilterVocabulary:
    del version
    return filter_vocabulary(database.engine, _profiles(data_dir / "regions"))


@cache.memoize()
def _fourmi_answer(
    version: int, indicator: str, filters: Filters, by: tuple[str, ...], rule: SuppressionRule
) -> Answer:
    del version
    return fourmi_indicator(database.engine, indicator, filters, by, profiles(), rule)


@cache.memoize()
def _flows_answer(version: int, filters: Filters, by: tuple[str, ...], rule: SuppressionRule) -> Answer:
    del version
    return flows(database.engine, filters, by, profiles(), rule)


@cache.memoize()
def _deaths_answer(version: int, filters: Filters, by: tuple[str, ...]) -> Answer:
    del version
    return deaths(database.engine, filters, by, profiles())
