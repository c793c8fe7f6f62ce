"""Aggregating queries: GROUP BY in the database with bound parameters, never whole tables.

Each function takes an Engine or Connection, a :class:`Scope` (the filters resolved to
column values) and the dimensions to break down by, and returns one row per group.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, Select, case, false, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from data_access.db import connect
from data_access.models import (
    FOURMI_GRAINS,
    FmpDemographic,
    FmpDemographicDirectionMonthly,
    FmpDemographicMonthly,
    FmpDirectionMonthly,
    FmpMonthly,
    FourMiBase,
    FourMiBaseRollup,
    FourMiCell,
    FourMiRollup,
    MmpDeathRollup,
    MmpIncident,
    MmpIncidentRoute,
)

FOURMI_DIMENSIONS = (
    "category", "period", "year", "route", "country", "admin1", "location", "place", "perpetrator",
    "gender", "age_group", "nationality",
)  # fmt: skip
FOURMI_CELL_DIMENSIONS = (
    "period",
    "year",
    "route",
    "country",
    "admin1",
    "location",
    "gender",
    "age_group",
    "nationality",
)
FLOW_DIMENSIONS = ("period", "year", "fmp", "country", "route", "from", "to", "direction", "sex", "age")
DEATH_DIMENSIONS = (
    "year", "period", "route", "segment", "route_family", "country", "admin1", "hub", "region", "cause",
)  # fmt: skip
MINOR = "under 18"
ROUTE_SEPARATOR = "|"
"""Joins the codes of a list stored in one column: admin-1 units of one name, the routes of an incident."""


@dataclass(frozen=True)
class Scope:
    """Filter values resolved to the columns of each source; empty means no restriction.

    ``admin1`` and ``fmp_ids`` tell "no restriction" (None) from "none" (an empty tuple: the
    chosen groups of units and the chosen units have none in common, the chosen units no site).
    """

    period_from: str | None = None
    period_to: str | None = None
    route: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    admin1: tuple[str, ...] | None = None
    gender: tuple[str, ...] = ()
    age_group: tuple[str, ...] = ()
    nationality: tuple[str, ...] = ()
    region_countries: tuple[str, ...] = ()
    region_routes: tuple[str, ...] = ()
    fmp_ids: tuple[str, ...] | None = field(default=None)


def _read(bind: Engine | Connection, statement, columns: Sequence[str]) -> pd.DataFrame:  # noqa: ANN001
    with connect(bind) as connection:
        rows = connection.execute(statement).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def _in(column: ColumnElement, values: Collection[str]) -> list[ColumnElement]:
    return [column.in_(sorted(values))] if values else []


def _listed_in(column: ColumnElement, codes: Collection[str]) -> list[ColumnElement]:
    """Match codes, also inside a ``ROUTE_SEPARATOR``-joined list (a region over provinces, an incident's routes)."""
    if not codes:
        return []
    matches = []
    for code in sorted(codes):
        matches += [
            column == code,
            column.startswith(f"{code}{ROUTE_SEPARATOR}", autoescape=True),
            column.endswith(f"{ROUTE_SEPARATOR}{code}", autoescape=True),
            column.contains(f"{ROUTE_SEPARATOR}{code}{ROUTE_SEPARATOR}", autoescape=True),
        ]
    return [or_(*matches)]


def _period_range(column: ColumnElement, scope: Scope) -> list[ColumnElement]:
    conditions = []
    if scope.period_from:
        conditions.append(column >= scope.period_from)
    if scope.period_to:
        conditions.append(column <= scope.period_to)
    return conditions


def _check_by(by: Sequence[str], allowed: Sequence[str]) -> list[str]:
    unknown = [dim for dim in by if dim not in allowed]
    if unknown:
        raise ValueError(f"cannot break down by {', '.join(unknown)}; expected some of: {', '.join(allowed)}")
    return list(dict.fromkeys(by))


FOURMI_COLUMNS = {
    "category": "category", "period": "period", "year": "year", "route": "route", "country": "country",
    "admin1": "admin1", "location": "location_hub", "place": "place_hub", "perpetrator": "perpetrator",
    "gender": "gender", "age_group": "age_group", "nationality": "nationality",
}  # fmt: skip
"""The column of each 4Mi dimension, in the cells and in the summaries that keep it."""


def _fourmi_columns(model) -> dict[str, ColumnElement]:  # noqa: ANN001
    return {dim: getattr(model, column) for dim, column in FOURMI_COLUMNS.items() if hasattr(model, column)}


def _fourmi_filtered(scope: Scope) -> dict[str, tuple[str, ...]]:
    """The values each 4Mi dimension is restricted to by ``scope`` (empty: no restriction)."""
    return {
        "route": scope.route,
        "country": scope.country,
        "admin1": scope.admin1 or (),
        "gender": scope.gender,
        "age_group": scope.age_group,
        "nationality": scope.nationality,
    }


def fourmi_grain(scope: Scope, by: Collection[str]) -> str | None:
    """The smallest 4Mi roll-up grain keeping every column ``scope`` filters on and ``by`` breaks down by.

    None when no grain keeps them all (a question about nationality): the cells answer it.
    """
    used = {FOURMI_COLUMNS[dim] for dim, values in _fourmi_filtered(scope).items() if values}
    used |= {"country"} if scope.region_countries else set()
    used |= {
        FOURMI_COLUMNS[dim] for dim in by if dim in FOURMI_CELL_DIMENSIONS and dim not in ("period", "year")
    }
    return next((grain for grain, kept in FOURMI_GRAINS.items() if used <= set(kept)), None)


def _fourmi_where(model, indicator: str, scope: Scope, grain: str | None = None) -> list[ColumnElement]:  # noqa: ANN001
    columns = _fourmi_columns(model)
    conditions = [
        *([model.grain == grain] if grain else []),
        model.indicator == indicator,
        *_period_range(model.period, scope),
        *_in(model.country, scope.region_countries),
    ]
    for dim, values in _fourmi_filtered(scope).items():
        if values:
            match = _listed_in if dim == "admin1" else _in
            conditions += match(columns[dim], values)
    return conditions + _no_unit(scope)


def _no_unit(scope: Scope) -> list[ColumnElement]:
    """A condition no row meets when ``scope`` restricts the admin-1 units to none."""
    return [false()] if scope.admin1 == () else []


def fourmi_counts(
    bind: Engine | Connection,
    indicator: str,
    scope: Scope,
    by: Sequence[str],
    categories: Collection[str] = (),
    *,
    rollups: bool = True,
) -> pd.DataFrame:
    """Respondents choosing each group and respondents asked (``base``), per ``by`` group.

    The base comes from the per-cell summary, so a cell where nobody chose a category
    still counts in that category's base; missing category rows are zeros, not gaps.
    ``categories`` lists the indicator's categories so that unchosen ones appear as 0.
    Both sums come from the smallest roll-up that can give them (:func:`fourmi_grain`), or
    from the cells when none can or ``rollups`` is false: the numbers are the same.
    """
    by = _check_by(by, FOURMI_DIMENSIONS)
    cell_by = [dim for dim in by if dim in FOURMI_CELL_DIMENSIONS]
    answer_by = [dim for dim in by if dim not in FOURMI_CELL_DIMENSIONS]
    grain = fourmi_grain(scope, by) if rollups else None
    counts_model, base_model = (FourMiRollup, FourMiBaseRollup) if grain else (FourMiCell, FourMiBase)
    counts_cols = _fourmi_columns(counts_model)
    base_cols = _fourmi_columns(base_model)

    counted = _read(
        bind,
        select(*(counts_cols[d] for d in by), func.sum(counts_model.respondents))
        .where(*_fourmi_where(counts_model, indicator, scope, grain))
        .group_by(*(counts_cols[d] for d in by)),
        [*by, "respondents"],
    )
    bases = _read(
        bind,
        select(*(base_cols[d] for d in cell_by), func.sum(base_model.base))
        .where(*_fourmi_where(base_model, indicator, scope, grain))
        .group_by(*(base_cols[d] for d in cell_by)),
        [*cell_by, "base"],
    )
    if bases["base"].isna().all():  # no cell in scope (a SUM without GROUP BY gives one NULL row)
        return pd.DataFrame(columns=[*by, "respondents", "base"])
    grid = bases
    for dim in answer_by:
        values = sorted(set(counted[dim].dropna()) | (set(categories) if dim == "category" else set()))
        grid = grid.merge(pd.DataFrame({dim: values}), how="cross")
    table = grid.merge(counted, on=by, how="left") if by else grid.assign(respondents=counted["respondents"])
    table["respondents"] = table["respondents"].fillna(0).astype("int64")
    table["base"] = table["base"].astype("int64")
    return table[[*by, "respondents", "base"]].sort_values(by).reset_index(drop=True) if by else table


def flow_direction(model) -> ColumnElement:  # noqa: ANN001
    """Incoming when a flow ends in the FMP's country, outgoing when it starts there, else transit."""
    return case(
        (model.to_country == model.fmp_country, literal("incoming")),
        (model.from_country == model.fmp_country, literal("outgoing")),
        else_=literal("transit"),
    )


def _flow_columns(model) -> dict[str, ColumnElement]:  # noqa: ANN001
    columns = {
        "period": model.period,
        "year": model.year,
        "fmp": model.fmp,
        "country": model.fmp_country,
        "route": model.route,
    }
    if model in (FmpDirectionMonthly, FmpDemographicDirectionMonthly):
        columns |= {"direction": model.direction}
    else:
        columns |= {"from": model.from_country, "to": model.to_country, "direction": flow_direction(model)}
    if model in (FmpDemographic, FmpDemographicMonthly, FmpDemographicDirectionMonthly):
        columns |= {"sex": model.sex, "age": model.age}
    return columns


def _flow_where(model, scope: Scope) -> list[ColumnElement]:  # noqa: ANN001
    conditions = [
        *_period_range(model.period, scope),
        *_in(model.fmp_country, scope.country),
        *_in(model.fmp_country, scope.region_countries),
    ]
    if scope.fmp_ids is not None:
        conditions.append(model.fmp.in_(sorted(scope.fmp_ids)))
    return conditions


def flow_counts(
    bind: Engine | Connection, scope: Scope, by: Sequence[str], *, rollups: bool = True
) -> pd.DataFrame:
    """Individuals through FMPs per ``by`` group, with days observed and the daily average.

    Days observed: for each month, the most days any site of the group reported; summed
    over months. Sex and age come from the demographic registry, the rest from the
    monthly summary of the daily registry, or from its summary by direction when ``by`` has
    neither origin nor destination and ``rollups`` is true: the numbers are the same.
    """
    by = _check_by(by, FLOW_DIMENSIONS)
    demographic = bool({"sex", "age"} & set(by))
    model = FmpDemographic if demographic else FmpMonthly
    if model is FmpMonthly and rollups and not {"from", "to"} & set(by):
        model = FmpDirectionMonthly
    columns = _flow_columns(model)
    monthly_by = list(dict.fromkeys([*by, "period"]))
    days = func.count(func.distinct(model.t)) if demographic else func.max(model.days)
    monthly = _read(
        bind,
        select(*(columns[d] for d in monthly_by), func.sum(model.n), days)
        .where(*_flow_where(model, scope))
        .group_by(*(columns[d] for d in monthly_by)),
        [*monthly_by, "individuals", "days"],
    )
    if not by:
        table = pd.DataFrame({"individuals": [monthly["individuals"].sum()], "days": [monthly["days"].sum()]})
    else:
        table = monthly.groupby(by, as_index=False)[["individuals", "days"]].sum()
    table["daily_average"] = table["individuals"] / table["days"].where(table["days"] > 0)
    return table.sort_values(by).reset_index(drop=True) if by else table


def flow_minors(
    bind: Engine | Connection, scope: Scope, by: Sequence[str], *, rollups: bool = True
) -> pd.DataFrame:
    """Minors and unaccompanied children per group, from the monthly summary of the demographic registry.

    ``uac`` sums only the days where it is known, and ``minors_uac_known`` is the number
    of minors on those days, so the unaccompanied share stays unknown where nothing is known.
    Read from its summary by direction when ``by`` has neither origin nor destination and
    ``rollups`` is true: the numbers are the same.
    """
    by = _check_by(by, FLOW_DIMENSIONS)
    rolled_up = rollups and not {"from", "to"} & set(by)
    model = FmpDemographicDirectionMonthly if rolled_up else FmpDemographicMonthly
    columns = _flow_columns(model)
    is_minor = model.age == MINOR
    statement = (
        select(
            *(columns[d] for d in by),
            func.sum(model.n),
            func.sum(case((is_minor, model.n), else_=0)),
            func.sum(case((is_minor, model.uac))),
            func.sum(case((is_minor & model.uac.is_not(None), model.uac_known_n))),
        )
        .where(*_flow_where(model, scope))
        .group_by(*(columns[d] for d in by))
    )
    return _read(bind, statement, [*by, "individuals", "minors", "uac", "minors_uac_known"])


def _on_routes(route_ids: Collection[str] | None) -> ColumnElement:
    """The incident lies on one of ``route_ids`` (any route if None) by the route rule (``geo.mmp_routes``)."""
    member = aliased(MmpIncidentRoute)
    conditions = [member.dataset_id == MmpIncident.dataset_id, member.source_row == MmpIncident.source_row]
    if route_ids is not None:
        conditions.append(member.route_id.in_(sorted(route_ids)))
    return select(member.id).where(*conditions).correlate(MmpIncident).exists()


def death_grain(by: Collection[str]) -> str:
    """The deaths roll-up grain that answers a breakdown ``by``.

    A breakdown by route or segment reads the placements grain (its rows are the incidents'
    placements, as the query's join gives them); any other question the incident grain, whose
    route sets keep an incident on any of several routes (a route filter, a region's routes) once.
    """
    return "placement" if {"route", "segment"} & set(by) else "incident"


def death_counts(
    bind: Engine | Connection, scope: Scope, by: Sequence[str], *, rollups: bool = True
) -> pd.DataFrame:
    """Incidents and dead/missing per group; a sum over unknowns only stays unknown (null).

    ``route`` and ``segment`` come from the route rule's memberships: an incident on two
    overlapping routes counts once in each route's group (and once in a total without them).
    The sums come from the deaths roll-up's grain for ``by`` (:func:`death_grain`), or from the
    incidents when ``rollups`` is false: the numbers are the same.
    """
    by = _check_by(by, DEATH_DIMENSIONS)
    grain = death_grain(by) if rollups else None
    source = MmpDeathRollup if grain else MmpIncident
    placements = MmpDeathRollup if grain else MmpIncidentRoute
    columns = {
        "year": source.year,
        "period": source.period,
        "route": placements.route_id,
        "segment": placements.segment_seq,
        "route_family": source.route_family,
        "country": source.country_iso3,
        "admin1": source.admin1,
        "hub": source.hub_id,
        "region": source.region_of_incident,
        "cause": source.cause_category,
    }
    conditions = [
        *_period_range(source.period, scope),
        *_in(source.country_iso3, scope.country),
        *_listed_in(source.admin1, scope.admin1 or ()),
        *_no_unit(scope),
    ]
    measures = ("dead", "missing", "dead_and_missing")
    keys = [columns[d] for d in by]
    sums = [func.sum(getattr(source, measure)) for measure in measures]
    if grain:
        conditions += [
            MmpDeathRollup.grain == grain,
            *(_in(MmpDeathRollup.route_id, scope.route) if grain == "placement" else []),
            *(_listed_in(MmpDeathRollup.route_set, scope.route) if grain == "incident" else []),
            *_in_region(MmpDeathRollup.country_iso3, MmpDeathRollup.route_set, scope),
        ]
        statement = select(*keys, func.coalesce(func.sum(MmpDeathRollup.incidents), 0), *sums)
    else:
        statement = _from_incidents(select(*keys, func.count(), *sums), scope, by)
    statement = statement.where(*conditions).group_by(*keys)
    table = _read(bind, statement, [*by, "incidents", *measures])
    for measure in measures:
        table[measure] = pd.to_numeric(table[measure]).astype("Int64")
    if "segment" in by:
        table["segment"] = pd.to_numeric(table["segment"]).astype("Int64")
    return table.sort_values(by).reset_index(drop=True) if by else table


def _from_incidents(statement: Select, scope: Scope, by: Sequence[str]) -> Select:
    """``statement`` over the incidents, joined to their placements for a route breakdown, in the routes of ``scope``."""
    statement = statement.select_from(MmpIncident)
    if {"route", "segment"} & set(by):
        statement = statement.outerjoin(
            MmpIncidentRoute,
            (MmpIncidentRoute.dataset_id == MmpIncident.dataset_id)
            & (MmpIncidentRoute.source_row == MmpIncident.source_row)
            & (MmpIncidentRoute.route_id.in_(sorted(scope.route)) if scope.route else literal(True)),
        )
    if scope.route:
        statement = statement.where(_on_routes(scope.route))
    if scope.region_countries or scope.region_routes:
        statement = statement.where(
            MmpIncident.country_iso3.in_(sorted(scope.region_countries)) | _on_routes(scope.region_routes)
        )
    return statement


def _in_region(country: ColumnElement, route_set: ColumnElement, scope: Scope) -> list[ColumnElement]:
    """In the region: in one of its countries, or on one of its routes (the deaths roll-up's route sets)."""
    if not (scope.region_countries or scope.region_routes):
        return []
    return [or_(country.in_(sorted(scope.region_countries)), *_listed_in(route_set, scope.region_routes))]


def unmatched_counts(bind: Engine | Connection, profile_families: Collection[str]) -> pd.DataFrame:
    """Records that could not be placed on the route network or the map, per source and reason code.

    ``profile_families`` are the MMP route families some region profile draws: an incident of
    such a family beyond every one of its routes' distances is ``off_profile_routes``.
    """
    statements = {
        ("mmp", "route_label_unmapped"): select(func.count()).where(
            MmpIncident.migration_route.is_not(None), MmpIncident.route_family.is_(None)
        ),
        ("mmp", "no_route"): select(func.count()).where(MmpIncident.migration_route.is_(None)),
        ("mmp", "off_profile_routes"): select(func.count()).where(
            MmpIncident.route_family.in_(sorted(profile_families)), ~_on_routes(None)
        ),
        ("mmp", "no_coordinates"): select(func.count()).where(MmpIncident.lat.is_(None)),
        ("mmp", "country_unmatched"): select(func.count()).where(MmpIncident.country_iso3.is_(None)),
        ("mmp", "admin1_unmatched"): select(func.count()).where(
            MmpIncident.lat.is_not(None), MmpIncident.admin1_method == "unmatched"
        ),
    }
    with connect(bind) as connection:
        rows = [
            (source, what, connection.execute(query).scalar_one())
            for (source, what), query in statements.items()
        ]
    return pd.DataFrame(rows, columns=["source", "what", "records"])


def loaded_periods(bind: Engine | Connection) -> list[str]:
    """Every month present in any loaded source, oldest first."""
    with connect(bind) as connection:
        periods = set(connection.execute(select(FourMiBase.period).distinct()).scalars())
        periods |= set(connection.execute(select(FmpMonthly.period).distinct()).scalars())
        periods |= set(connection.execute(select(MmpIncident.period).distinct()).scalars())
    return sorted(p for p in periods if p)


COVERAGE_SOURCES = ("4mi", "flows", "deaths")


def coverage(
    bind: Engine | Connection, period_from: str | None = None, period_to: str | None = None
) -> pd.DataFrame:
    """First and last month with data of each source (``4mi``, ``flows``, ``deaths``), null if none.

    Only months from ``period_from`` to ``period_to`` count when given. Flows span both FMP
    registries (the monthly summary of daily counts and the demographic one).
    """
    columns = {
        "4mi": (FourMiBase.period,),
        "flows": (FmpMonthly.period, FmpDemographicMonthly.period),
        "deaths": (MmpIncident.period,),
    }
    scope = Scope(period_from=period_from, period_to=period_to)
    rows = []
    with connect(bind) as connection:
        for source in COVERAGE_SOURCES:
            spans = [
                connection.execute(select(func.min(c), func.max(c)).where(*_period_range(c, scope))).one()
                for c in columns[source]
            ]
            firsts = [first for first, _last in spans if first]
            lasts = [last for _first, last in spans if last]
            rows.append((source, min(firsts, default=None), max(lasts, default=None)))
    return pd.DataFrame(rows, columns=["source", "first_period", "last_period"])


def loaded_nationalities(bind: Engine | Connection) -> list[str]:
    """Nationalities present in the 4Mi cells."""
    with connect(bind) as connection:
        return sorted(connection.execute(select(FourMiBase.nationality).distinct()).scalars())


def stored_admin1_codes(bind: Engine | Connection) -> list[str]:
    """Admin-1 codes stored on 4Mi cells (a name over several units is their codes joined by ``|``)."""
    with connect(bind) as connection:
        return list(connection.execute(select(FourMiCell.admin1).distinct()).scalars())


def death_cause_texts(bind: Engine | Connection) -> pd.DataFrame:
    """Incidents per MMP cause text as written in the source (blank ones left out), most frequent first."""
    statement = (
        select(MmpIncident.cause_of_death, func.count())
        .where(MmpIncident.cause_of_death.is_not(None))
        .group_by(MmpIncident.cause_of_death)
    )
    table = _read(bind, statement, ["cause_of_death", "incidents"])
    table["incidents"] = table["incidents"].astype(int)
    return table.sort_values(["incidents", "cause_of_death"], ascending=[False, True], ignore_index=True)
