"""Typed SQLAlchemy models: provenance and one table per source kind."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Dataset(Base):
    """Provenance of one loaded file; data rows point at the active version."""

    __tablename__ = "dataset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(128))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    schema_version: Mapped[str] = mapped_column(String(64))
    licence: Mapped[str] = mapped_column(String(255))
    credit: Mapped[str] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean)
    origin: Mapped[str] = mapped_column(String(8), server_default="user")
    derivation: Mapped[str] = mapped_column(String(64), server_default="")
    active: Mapped[bool] = mapped_column(Boolean, index=True)
    replaced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


def _dataset_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"), index=True)


class FourMiCell(Base):
    """One disjoint 4Mi aggregate cell: respondents choosing a category out of a base."""

    __tablename__ = "fourmi_cell"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    period: Mapped[str] = mapped_column(String(7))
    year: Mapped[int] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(3))
    region_of_interview: Mapped[str] = mapped_column(String(128))
    admin1: Mapped[str] = mapped_column(String(255))
    location: Mapped[str] = mapped_column(String(128))
    location_hub: Mapped[str] = mapped_column(String(64))
    route: Mapped[str | None] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(8))
    age_group: Mapped[str] = mapped_column(String(8))
    nationality: Mapped[str] = mapped_column(String(3))
    indicator: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    place: Mapped[str | None] = mapped_column(String(128))
    place_hub: Mapped[str | None] = mapped_column(String(64))
    perpetrator: Mapped[str | None] = mapped_column(String(32))
    respondents: Mapped[int] = mapped_column(Integer)
    base: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fourmi_cell_indicator_period", "indicator", "period"),)


class SiteMonthKeys:
    """Columns every FMP table shares: month, route, site and its country."""

    period: Mapped[str] = mapped_column(String(7))
    year: Mapped[int] = mapped_column(Integer)
    route: Mapped[str] = mapped_column(String(16))
    fmp: Mapped[str] = mapped_column(String(64))
    fmp_country: Mapped[str] = mapped_column(String(3))


class FlowKeys(SiteMonthKeys):
    """The FMP registries' keys: a site's month and the direction's two ends."""

    from_country: Mapped[str] = mapped_column(String(3))
    to_country: Mapped[str] = mapped_column(String(3))


class FmpCount(FlowKeys, Base):
    """Daily FMP registry count by direction (from/to) with reasons for travel."""

    __tablename__ = "fmp_count"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    t: Mapped[dt.date] = mapped_column(Date)
    n: Mapped[int] = mapped_column(Integer)
    reason_seasonal: Mapped[int | None] = mapped_column(Integer)
    reason_disaster: Mapped[int | None] = mapped_column(Integer)
    reason_conflict: Mapped[int | None] = mapped_column(Integer)
    reason_economic: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_fmp_count_period_fmp", "period", "fmp"),)


class FmpDemographic(FlowKeys, Base):
    """Daily FMP count by sex and age; ``uac`` is null when unknown."""

    __tablename__ = "fmp_demographic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    t: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(8))
    age: Mapped[str] = mapped_column(String(8))
    n: Mapped[int] = mapped_column(Integer)
    uac: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_fmp_demographic_period_fmp", "period", "fmp"),)


class FmpSite(Base):
    """A flow monitoring point with its location and operating dates."""

    __tablename__ = "fmp_site"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    fmp: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str] = mapped_column(String(128))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    opened: Mapped[dt.date | None] = mapped_column(Date)
    closed: Mapped[dt.date | None] = mapped_column(Date)


class MmpIncident(Base):
    """One Missing Migrants Project record; blank counts stay null (unknown)."""

    __tablename__ = "mmp_incident"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    source_row: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(32))
    incident_id: Mapped[str | None] = mapped_column(String(32))
    incident_type: Mapped[str | None] = mapped_column(String(64))
    region_of_incident: Mapped[str | None] = mapped_column(String(128))
    incident_date: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(7))
    dead: Mapped[int | None] = mapped_column(Integer)
    missing: Mapped[int | None] = mapped_column(Integer)
    dead_and_missing: Mapped[int | None] = mapped_column(Integer)
    survivors: Mapped[int | None] = mapped_column(Integer)
    females: Mapped[int | None] = mapped_column(Integer)
    males: Mapped[int | None] = mapped_column(Integer)
    children: Mapped[int | None] = mapped_column(Integer)
    country_of_origin: Mapped[str | None] = mapped_column(Text)
    region_of_origin: Mapped[str | None] = mapped_column(Text)
    cause_of_death: Mapped[str | None] = mapped_column(Text)
    country_of_incident: Mapped[str | None] = mapped_column(String(128))
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    country_method: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(255))
    admin1_method: Mapped[str | None] = mapped_column(String(16))
    migration_route: Mapped[str | None] = mapped_column(String(128))
    route_family: Mapped[str | None] = mapped_column(String(64))
    hub_id: Mapped[str | None] = mapped_column(String(64))
    cause_category: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    unsd_grouping: Mapped[str | None] = mapped_column(String(128))
    information_source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    source_quality: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_mmp_incident_dataset_row", "dataset_id", "source_row"),)


class MmpIncidentRoute(Base):
    """An MMP incident placed on a profile route by the route rule, with its segment and distance.

    An incident belongs to every route its MMP route family lists within the family's distance,
    so overlapping routes (a family drawn through shared hubs) can each hold it.
    """

    __tablename__ = "mmp_incident_route"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    source_row: Mapped[int] = mapped_column(Integer)
    route_id: Mapped[str] = mapped_column(String(64))
    segment_seq: Mapped[int] = mapped_column(Integer)
    distance_km: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        Index("ix_mmp_incident_route_route_row", "route_id", "dataset_id", "source_row"),
        Index("ix_mmp_incident_route_row", "dataset_id", "source_row"),
    )


class Hub(Base):
    """A place on the route network, with the source and precision of its coordinates."""

    __tablename__ = "hub"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    hub_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(128))
    name_fr: Mapped[str] = mapped_column(String(128))
    country: Mapped[str] = mapped_column(String(3))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    precision_km: Mapped[float] = mapped_column(Float)
    aliases: Mapped[str | None] = mapped_column(Text)


class Route(Base):
    """A route line stored as GeoJSON geometry in EPSG:4326."""

    __tablename__ = "route"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    route_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    geometry: Mapped[str] = mapped_column(Text)


class FourMiBase(Base):
    """Summary: respondents asked each indicator in each cell (one row per cell and indicator).

    Rebuilt inside every 4Mi load's transaction; shares use it as their denominator so that a
    category nobody chose in a cell still counts that cell's respondents in its base.
    """

    __tablename__ = "fourmi_base"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    period: Mapped[str] = mapped_column(String(7))
    year: Mapped[int] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str] = mapped_column(String(255))
    location_hub: Mapped[str] = mapped_column(String(64))
    route: Mapped[str | None] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(8))
    age_group: Mapped[str] = mapped_column(String(8))
    nationality: Mapped[str] = mapped_column(String(3))
    indicator: Mapped[str] = mapped_column(String(32))
    base: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fourmi_base_indicator_period", "indicator", "period"),)


FOURMI_GRAINS: dict[str, tuple[str, ...]] = {
    "month": (),
    "country": ("country",),
    "place": ("country", "admin1", "location_hub"),
    "people": ("route", "country", "admin1", "location_hub", "gender", "age_group"),
}
"""Grains of the 4Mi roll-ups, smallest first: the columns each keeps besides indicator and month.

Every grain keeps the dataset, indicator, month and year (and, for respondents, the category,
place and perpetrator); nationality is kept by none, so questions about it read the cells.
"""


class FourMiRollupKeys:
    """Columns of the 4Mi roll-ups: a grain and the columns it keeps (the others are null)."""

    grain: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(7))
    year: Mapped[int] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(255))
    location_hub: Mapped[str | None] = mapped_column(String(64))
    route: Mapped[str | None] = mapped_column(String(64))
    gender: Mapped[str | None] = mapped_column(String(8))
    age_group: Mapped[str | None] = mapped_column(String(8))
    indicator: Mapped[str] = mapped_column(String(32))


class FourMiRollup(FourMiRollupKeys, Base):
    """Summary: respondents choosing each category per month and the columns of a grain (FOURMI_GRAINS).

    Rebuilt inside every 4Mi load's transaction; sums of it equal sums of the cells over the same
    groups, so the engine reads it whenever a grain keeps every dimension a question uses.
    """

    __tablename__ = "fourmi_rollup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    category: Mapped[str] = mapped_column(String(32))
    place_hub: Mapped[str | None] = mapped_column(String(64))
    perpetrator: Mapped[str | None] = mapped_column(String(32))
    respondents: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fourmi_rollup_grain_indicator_period", "grain", "indicator", "period"),)


class FourMiBaseRollup(FourMiRollupKeys, Base):
    """Summary: respondents asked each indicator per month and the columns of a grain (sums of ``fourmi_base``)."""

    __tablename__ = "fourmi_base_rollup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    base: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fourmi_base_rollup_grain_indicator_period", "grain", "indicator", "period"),)


class FmpMonthly(FlowKeys, Base):
    """Summary: FMP individuals per month, site and direction, with the days observed."""

    __tablename__ = "fmp_monthly"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    n: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fmp_monthly_period_fmp", "period", "fmp"),)


class FmpDemographicMonthly(FlowKeys, Base):
    """Summary: FMP individuals per month, site, direction, sex and age, with the unaccompanied where known.

    ``uac`` sums the known values (null when none is known) and ``uac_known_n`` counts the
    individuals on the days where it is known, as the shares of unaccompanied children need.
    """

    __tablename__ = "fmp_demographic_monthly"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    sex: Mapped[str] = mapped_column(String(8))
    age: Mapped[str] = mapped_column(String(8))
    n: Mapped[int] = mapped_column(Integer)
    uac: Mapped[int | None] = mapped_column(Integer)
    uac_known_n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fmp_demographic_monthly_period_fmp", "period", "fmp"),)


class FmpDirectionMonthly(SiteMonthKeys, Base):
    """Monthly summary of the daily FMP registry by direction, without origin and destination.

    Answers a flow question that neither filters nor breaks down by origin or destination: each
    site's flows through a month are one row per direction instead of one per pair of countries.
    ``days`` is the most days any of the summed monthly rows reported, as the flows query takes.
    """

    __tablename__ = "fmp_direction_monthly"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    direction: Mapped[str] = mapped_column(String(8))
    n: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fmp_direction_monthly_period_fmp", "period", "fmp"),)


MMP_ROLLUP_GRAINS = ("incident", "placement")
"""Grains of the deaths roll-up: per month and incident columns; the same, also per route placement."""


class MmpDeathRollup(Base):
    """Incidents, dead and missing per month and the incident columns the deaths query filters or breaks down by.

    The ``incident`` grain counts each incident once (route and segment null); the ``placement``
    grain counts it once per route placement, or once with a null route when it has none, as the
    deaths query's outer join to the placements does. ``route_set`` lists every route the incident
    is placed on, joined by ``|`` (null: none), so a question about several routes (a route filter,
    a region's routes) can keep an incident on any of them once.
    """

    __tablename__ = "mmp_death_rollup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    grain: Mapped[str] = mapped_column(String(16))
    period: Mapped[str | None] = mapped_column(String(7))
    year: Mapped[int | None] = mapped_column(Integer)
    route_family: Mapped[str | None] = mapped_column(String(64))
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(255))
    hub_id: Mapped[str | None] = mapped_column(String(64))
    region_of_incident: Mapped[str | None] = mapped_column(String(128))
    cause_category: Mapped[str | None] = mapped_column(String(32))
    route_id: Mapped[str | None] = mapped_column(String(64))
    segment_seq: Mapped[int | None] = mapped_column(Integer)
    route_set: Mapped[str | None] = mapped_column(Text)
    incidents: Mapped[int] = mapped_column(Integer)
    dead: Mapped[int | None] = mapped_column(Integer)
    missing: Mapped[int | None] = mapped_column(Integer)
    dead_and_missing: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_mmp_death_rollup_grain_period", "grain", "period"),)


class FmpDemographicDirectionMonthly(SiteMonthKeys, Base):
    """Monthly summary of the FMP demographic registry by direction, sex and age, without origin and destination.

    Sums the monthly demographic summary's rows; ``uac_known_n`` of a row whose ``uac`` is unknown
    is 0 there, so the sum keeps counting only the minors of days where ``uac`` is known.
    """

    __tablename__ = "fmp_demographic_direction_monthly"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = _dataset_fk()
    direction: Mapped[str] = mapped_column(String(8))
    sex: Mapped[str] = mapped_column(String(8))
    age: Mapped[str] = mapped_column(String(8))
    n: Mapped[int] = mapped_column(Integer)
    uac: Mapped[int | None] = mapped_column(Integer)
    uac_known_n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_fmp_demographic_direction_monthly_period_fmp", "period", "fmp"),)
