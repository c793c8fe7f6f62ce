"""The service layer: what every view shows, for one configuration, through the cache.

Callbacks, layouts, the API and the command line ask :class:`ViewData` for region profiles,
geometry, labels, filter choices and the answers for a view; nothing above this layer runs
SQL or reads a data file. Answers are memoised with Flask-Caching, keyed by the loaded
data's version, so a cached answer is never older than the data; callers get copies.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

import pandas as pd
from flask_caching import Cache
from sqlalchemy import Connection, Engine

from core.config import Config
from core.i18n import _
from data_access import queries
from data_access.db import make_engine, snapshot
from data_access.loading import active_datasets
from data_access.mmp_causes import recognised
from data_access.reference import Reference, load_reference, read_dimensions
from data_access.versions import data_version
from geo import profile_files
from geo.mmp_routes import family_labels
from geo.regions import RegionProfile, available_profiles, chosen_profile
from indicators import engine as indicator_engine
from indicators.coverage import Coverage
from indicators.disclosure import DisclosureRule
from indicators.engine import Answer
from indicators.filters import Filters, FilterVocabulary
from indicators.regional import flow_routes, sites_off_routes
from indicators.scope import admin1_units
from indicators.trends import TrendPeriod, parse_period
from view_data.choices import FilterChoices, admin1_choices, filter_choices, region_values
from view_data.geometry import MapGeometry, every_hub, hub_admin1, map_geometry
from view_data.labels import Labels, label_tables
from view_data.trends import changes as trend_changes

cache = Cache()
VERSION_TTL_S = 1.0
ATTEMPTS = 3
P = ParamSpec("P")
T = TypeVar("T")
_SNAPSHOT: ContextVar[Connection | None] = ContextVar("snapshot", default=None)  # the answer being computed


class DataChangedError(RuntimeError):
    """A load landed while an answer was computed: the answer is not cached under the version it was asked for."""


def _memoised_per_version(method: Callable[P, T]) -> Callable[P, T]:
    """Memoise ``method(self, version, ...)``, computed from one snapshot of ``version``'s data.

    On cold calls only, the method runs in one read-only snapshot (``data_access.db.snapshot``) whose
    data version is read first: numbers and provenance are read together, and a snapshot of another
    version raises :class:`DataChangedError` (nothing is cached), so two versions never meet in an answer.
    """

    @functools.wraps(method)
    def checked(self: ViewData, version: int, *args: object) -> T:
        with self._snapshot() as connection:
            if data_version(connection) != version:
                raise DataChangedError(f"the data is no longer version {version} for {method.__name__}")
            return method(self, version, *args)  # type: ignore[arg-type]

    return cache.memoize()(checked)


class ViewData:
    """Profiles, geometry, labels, filter choices and answers for one :class:`Config`.

    Build it with :meth:`for_config` (one per configuration and process). Memoised methods
    need an app context whose Flask-Caching backend ``cache`` was bound with ``init_app``.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.engine: Engine = make_engine(
            config.database_url, statement_timeout_ms=config.statement_timeout_ms
        )
        self.profiles: Mapping[str, RegionProfile] = available_profiles(config.regions_dir)
        self.default_region: str = chosen_profile(self.profiles, config.default_region, config.regions_dir).id
        self.reference: Reference = load_reference(config.regions_dir, config.reference_dir)
        # A bad areas file stops the start, naming file, row and column.
        profile_files.all_admin1_groups(self.profiles)
        self.rule = DisclosureRule(
            min_base=config.min_base, min_count=config.min_count, round_to=config.round_to
        )
        # The one value written after start-up: per process, the same for every user (a data version).
        self._version: tuple[int, float] = (0, -math.inf)

    @classmethod
    @functools.cache
    def for_config(cls, config: Config) -> ViewData:
        """The one service of ``config`` in this process."""
        return cls(config)

    def __caching_id__(self) -> str:
        """The same in every worker of one configuration; a digest, so no database password reaches a cache key."""
        return hashlib.sha256(repr(self.config).encode()).hexdigest()[:16]

    # Region profiles, reference data and labels (files: read once per process)

    def profile(self, region: str | None) -> RegionProfile:
        """The profile of ``region``, or the default one (``DEFAULT_REGION``, else the profile marked default)."""
        return self.profiles[region or self.default_region]

    @functools.cached_property
    def labels(self) -> Labels:
        """Labels of every code, in the request's language."""
        return Labels(label_tables(self.config.reference_dir, self.profiles))

    @functools.cached_property
    def dimension_codes(self) -> dict[str, list[str]]:
        """{dimension: codes} of the coded dimensions, in file order."""
        table = read_dimensions(self.config.reference_dir)
        return {
            dimension: group["code"].tolist() for dimension, group in table.groupby("dimension", sort=False)
        }

    def indicators(self) -> list[str]:
        """Every 4Mi indicator of the codebook."""
        return sorted(set(self.reference.codebook["indicator"]))

    def categories(self, indicator: str) -> list[str]:
        """Categories of a 4Mi indicator, sorted."""
        return sorted(self.reference.categories(indicator))

    def route_ids(self) -> list[str]:
        """Route ids of every region profile."""
        return sorted({route for profile in self.profiles.values() for route in _route_ids(profile)})

    def geometry(self, profile: RegionProfile) -> MapGeometry:
        """Boundaries, route legs, hubs and FMP sites of ``profile`` (shared: do not modify)."""
        return map_geometry(profile)

    def every_hub(self) -> pd.DataFrame:
        """Hubs of every region profile, once each: an answer under one region may name a hub only
        another profile lists (deaths in a country both share lie nearest to it)."""
        return every_hub(tuple(self.profiles.values()))

    def hub_admin1(self, profile: RegionProfile) -> dict[str, str]:
        """Admin-1 unit containing each hub of ``profile``."""
        return hub_admin1(profile)

    # Loaded data: provenance and filter choices (memoised per data version)

    def data_version(self) -> int:
        """Changes with every load, so it keys every cached answer; read at most once per VERSION_TTL_S.

        A load is seen by this process at most VERSION_TTL_S after it committed. Answers cached
        under a version were computed entirely from that version's data (see ``_current``).
        """
        version, read_at = self._version
        if time.monotonic() - read_at >= VERSION_TTL_S:
            version = self._read_version()
        return version

    def _read_version(self) -> int:
        """The loaded data's version as the database has it now, or as the open snapshot sees it (a round
        trip), remembered with its time."""
        version = data_version(self._bind)
        self._version = (version, time.monotonic())
        return version

    @property
    def _bind(self) -> Engine | Connection:
        """The snapshot of the answer being computed in this context, else the engine."""
        connection = _SNAPSHOT.get()
        return connection if connection is not None and connection.engine is self.engine else self.engine

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """The snapshot of the answer being computed in this context, or a new one for this context."""
        bind = self._bind
        if isinstance(bind, Connection):
            yield bind
            return
        with snapshot(self.engine) as connection:
            token = _SNAPSHOT.set(connection)
            try:
                yield connection
            finally:
                _SNAPSHOT.reset(token)

    def _current(self, memoised: Callable[..., T], *args: object) -> T:
        """``memoised(version, *args)`` for the data loaded now, computed again if a load landed meanwhile."""
        for _attempt in range(ATTEMPTS - 1):
            try:
                return memoised(self.data_version(), *args)
            except DataChangedError:
                self._read_version()
        return memoised(self.data_version(), *args)

    def datasets(self) -> pd.DataFrame:
        """Provenance of the active datasets."""
        return self._current(self._datasets).copy()

    def loaded_sources(self) -> dict[str, bool]:
        """{source: whether any of its active datasets is synthetic}, for every source with data loaded.

        Sources are the engine's (``4mi``, ``flows``, ``deaths``); a kind feeding none of them
        (``hubs``, ``routes``) is a source of its own. Derived from the memoised datasets.
        """
        source_of = {
            kind: source for source, kinds in indicator_engine.SOURCE_KINDS.items() for kind in kinds
        }
        datasets = self.datasets()
        sources = datasets["kind"].map(lambda kind: source_of.get(kind, kind))
        synthetic = datasets["synthetic"].astype(bool).groupby(sources).any()
        return {str(source): bool(flag) for source, flag in synthetic.items()}

    def vocabulary(self) -> FilterVocabulary:
        """Values each filter parameter accepts, for the loaded data."""
        return self._current(self._vocabulary)

    def loaded_periods(self) -> list[str]:
        """Every month present in any loaded source, oldest first."""
        return list(self._current(self._loaded_periods))

    def coverage(self, period_from: str | None = None, period_to: str | None = None) -> pd.DataFrame:
        """First and last month with data of each source, within the period if given.

        Columns ``source`` (``4mi``, ``flows``, ``deaths``), ``first_period``, ``last_period``.
        """
        return self._current(self._coverage, period_from, period_to).copy()

    def source_coverage(self, source: str, filters: Filters) -> Coverage:
        """The months ``source`` has data for: all loaded, and within the filters' period."""
        loaded = _span(self.coverage(), source)
        within = _span(self.coverage(filters.period_from, filters.period_to), source)
        return Coverage(source, *loaded, *within)

    def filter_choices(self, region: str | None) -> FilterChoices:
        """Options of every filter-bar control for ``region``."""
        return filter_choices(
            self.labels,
            self.profiles,
            self.profile(region),
            self.dimension_codes,
            self.loaded_periods(),
            list(self._current(self._loaded_nationalities)),
        )

    def region_values(self, region: str | None) -> dict[str, frozenset[str]]:
        """The routes, countries, areas and admin-1 units ``region`` offers (read once per profile)."""
        return region_values(self.profile(region))

    def area_choices(self) -> list[dict[str, str]]:
        """Areas (named groups of admin-1 units) of every region profile."""
        return self.labels.options(
            "area", list(dict.fromkeys(profile_files.all_admin1_groups(self.profiles)["group_id"]))
        )

    def admin1_choices(
        self, region: str | None, countries: list[str], areas: Sequence[str] = ()
    ) -> list[dict[str, str]]:
        """Admin-1 units of the chosen countries of ``region``, within the chosen areas if any."""
        profile = self.profile(region)
        within = admin1_units(Filters(area=tuple(areas)), self.profiles)
        return admin1_choices(self.labels, profile, self.geometry(profile).admin1, countries, within)

    # Answers for a view (memoised per data version)

    def fourmi(self, indicator: str, filters: Filters, by: tuple[str, ...]) -> Answer:
        """Shares of a 4Mi indicator under the configured disclosure rule."""
        return self._current(self._covered, self._fourmi, "4mi", indicator, filters, tuple(by))

    def flows(self, filters: Filters, by: tuple[str, ...]) -> Answer:
        """FMP counts under the configured disclosure rule."""
        return self._current(self._covered, self._flows, "flows", filters, tuple(by))

    def deaths(self, filters: Filters, by: tuple[str, ...]) -> Answer:
        """Dead and missing (MMP)."""
        return self._current(self._covered, self._deaths, "deaths", filters, tuple(by))

    def changes(self, filters: Filters, period: TrendPeriod, compare: str) -> Answer:
        """Change of every trend indicator by region, route and country, ``period`` on the period before
        (``compare="previous"``) or a year before (``"year"``): rows of ``view_data.trends.COLUMNS``.
        The filters' own period does not apply (``period`` replaces it)."""
        filters = dataclasses.replace(filters, period_from=None, period_to=None)
        return _copy(self._current(self._changes, filters, period.text, compare))

    @functools.cached_property
    def _family_labels(self) -> dict[str, list[str]]:
        return family_labels(self.config.reference_dir / "mmp_route_map.csv")

    def route_family_names(self) -> dict[str, str]:
        """{MMP route family: its current MMP label}."""
        return {family: names[0] for family, names in self._family_labels.items()}

    def route_rule(self) -> pd.DataFrame:
        """The route rule, one row per MMP family and distance: ``mmp_routes`` (MMP's labels),
        ``routes`` (the profile routes it covers, labelled), ``max_distance_km``."""
        labels = self._family_labels
        route_label = self.labels.labeller("route")
        rule = self.reference.route_families.assign(route=lambda t: t["route_id"].map(route_label))
        grouped = (
            rule.groupby(["family", "max_distance_km"], sort=False)["route"].agg("; ".join).reset_index()
        )
        return pd.DataFrame(
            {
                "mmp_routes": grouped["family"].map(lambda family: " / ".join(labels[family])),
                "routes": grouped["route"],
                "max_distance_km": grouped["max_distance_km"].astype(int),
            }
        )

    def unmatched_records(self) -> list[dict[str, object]]:
        """Rows ``source, what, records`` describing records the map cannot place, translated."""
        reasons = {
            "route_label_unmapped": _("route label not in this project's route map"),
            "no_route": _("no route given"),
            "off_profile_routes": _(
                "route family drawn here, but farther from its routes than the rule allows"
            ),
            "no_coordinates": _("no coordinates"),
            "country_unmatched": _("no country: none given and coordinates outside every country drawn"),
            "admin1_unmatched": _("coordinates outside every admin-1 unit of the region profiles"),
        }
        rows = [
            {"source": row.source, "what": reasons[row.what], "records": int(row.records)}
            for row in self._current(self._unmatched).itertuples()
        ]
        off_routes = sites_off_routes(self.profiles.values())
        rows.append(
            {
                "source": "fmp-sites",
                "what": _("FMP sites farther than 25 km from any route"),
                "records": off_routes,
            }
        )
        return rows

    def unlisted_causes(self) -> pd.DataFrame:
        """Cause texts of the loaded MMP data the cause reference file does not list (``cause_of_death,
        incidents``), most frequent first: they count as mixed or unknown until a maintainer adds them."""
        return self._current(self._unlisted_causes).copy()

    @_memoised_per_version
    def _datasets(self, version: int) -> pd.DataFrame:
        del version
        return active_datasets(self._bind)

    @_memoised_per_version
    def _unlisted_causes(self, version: int) -> pd.DataFrame:
        del version
        texts = queries.death_cause_texts(self._bind)
        listed = recognised(texts["cause_of_death"], self.reference.mmp_cause_map)
        return texts[~listed].reset_index(drop=True)

    @_memoised_per_version
    def _vocabulary(self, version: int) -> FilterVocabulary:
        del version
        boundary_admin1 = {
            code for p in self.profiles.values() for code in self.geometry(p).admin1["adm1_code"]
        }
        stored_admin1 = set(queries.stored_admin1_codes(self._bind))
        return FilterVocabulary(
            regions=frozenset(self.profiles),
            routes=frozenset(self.reference.route_ids),
            countries=self.reference.iso3,
            areas=frozenset(profile_files.all_admin1_groups(self.profiles)["group_id"]),
            admin1=frozenset(boundary_admin1 | stored_admin1),
            genders=self.reference.dimension_codes["gender"],
            age_groups=self.reference.dimension_codes["age_group"],
            nationalities=self.reference.iso3,
        )

    @_memoised_per_version
    def _coverage(self, version: int, period_from: str | None, period_to: str | None) -> pd.DataFrame:
        del version
        return queries.coverage(self._bind, period_from, period_to)

    @_memoised_per_version
    def _loaded_periods(self, version: int) -> list[str]:
        del version
        return queries.loaded_periods(self._bind)

    @_memoised_per_version
    def _loaded_nationalities(self, version: int) -> list[str]:
        del version
        return queries.loaded_nationalities(self._bind)

    @_memoised_per_version
    def _fourmi(self, version: int, indicator: str, filters: Filters, by: tuple[str, ...]) -> Answer:
        del version
        return indicator_engine.fourmi_indicator(
            self._bind, indicator, filters, by, self.profiles, self.rule, self.reference
        )

    @_memoised_per_version
    def _flows(self, version: int, filters: Filters, by: tuple[str, ...]) -> Answer:
        del version
        return indicator_engine.flows(self._bind, filters, by, self.profiles, self.rule)

    @_memoised_per_version
    def _deaths(self, version: int, filters: Filters, by: tuple[str, ...]) -> Answer:
        del version
        return indicator_engine.deaths(self._bind, filters, by, self.profiles)

    @_memoised_per_version
    def _changes(self, version: int, filters: Filters, period: str, compare: str) -> Answer:
        del version
        routes = flow_routes(self.profiles, filters.region)
        table, answers = trend_changes(
            self, filters, parse_period("period", period), compare, self.rule, routes
        )
        sources = {(s["kind"], s["name"], s["sha256"]): s for answer in answers for s in answer.sources}
        return Answer(
            rows=table,
            by=("indicator", "category", "dimension", "place"),
            measures=("current", "comparison", "change"),
            filters=filters,
            sources=list(sources.values()),
            disclosure={
                "rule": self.rule.statement()
                + " Changes are computed from the published values only; a hidden value gives no change.",
                "measures": {
                    "flows": "exact",
                    "deaths": "exact",
                    "incident_type": "rounded",
                    "driver": "rounded",
                },
            },
            filters_not_applied=tuple(
                dict.fromkeys(name for answer in answers for name in answer.filters_not_applied)
            ),
        )

    @_memoised_per_version
    def _unmatched(self, version: int) -> pd.DataFrame:
        del version
        return queries.unmatched_counts(self._bind, set(self.reference.route_families["family"]))

    def _covered(self, version: int, memoised: Callable[..., Answer], source: str, *args: object) -> Answer:
        """A copy of the cached answer ``memoised(version, *args)`` with the months its source covers,
        both of ``version``."""
        answer = memoised(version, *args)
        filters = answer.filters
        loaded = _span(self._coverage(version, None, None), source)
        within = _span(self._coverage(version, filters.period_from, filters.period_to), source)
        return dataclasses.replace(_copy(answer), coverage=(Coverage(source, *loaded, *within),))


def _span(coverage: pd.DataFrame, source: str) -> tuple[str | None, str | None]:
    row = coverage.set_index("source").loc[source]
    first, last = (row[c] if pd.notna(row[c]) else None for c in ("first_period", "last_period"))
    return first, last


def _copy(answer: Answer) -> Answer:
    return dataclasses.replace(
        answer,
        rows=answer.rows.copy(),
        sources=[dict(source) for source in answer.sources],
        disclosure=dict(answer.disclosure),
    )


def _route_ids(profile: RegionProfile) -> list[str]:
    return profile_files.route_table(profile)["route_id"].tolist()
