"""Summary tables rebuilt inside each load's transaction, from the rows just loaded.

Every summary row belongs to one dataset (``dataset_id``): a load rebuilds the rows of the
datasets it adds and removes, and leaves those of the other active datasets (another profile's
demo, another named file) as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, Subquery, case, delete, func, insert, literal, select, text

from data_access.models import (
    FOURMI_GRAINS,
    FmpCount,
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
from data_access.queries import ROUTE_SEPARATOR, flow_direction

FOURMI_BASE_COLUMNS = (
    "dataset_id", "period", "year", "country", "admin1", "location_hub", "route",
    "gender", "age_group", "nationality", "indicator",
)  # fmt: skip
FOURMI_ROLLUP_KEYS = ("dataset_id", "indicator", "period", "year")
FOURMI_ANSWER_COLUMNS = ("category", "place_hub", "perpetrator")
FMP_MONTHLY_COLUMNS = (
    "dataset_id", "period", "year", "route", "fmp", "fmp_country", "from_country", "to_country",
)  # fmt: skip
FMP_DEMOGRAPHIC_MONTHLY_COLUMNS = (*FMP_MONTHLY_COLUMNS, "sex", "age")
FMP_DIRECTION_COLUMNS = ("dataset_id", "period", "year", "route", "fmp", "fmp_country")
MMP_ROLLUP_COLUMNS = (
    "dataset_id", "period", "year", "route_family", "country_iso3", "admin1", "hub_id",
    "region_of_incident", "cause_category",
)  # fmt: skip
MMP_MEASURES = ("dead", "missing", "dead_and_missing")
SUMMARIES = {  # the summary tables rebuilt after a load of each kind
    "4mi": (FourMiBase, FourMiRollup, FourMiBaseRollup),
    "fmp": (FmpMonthly, FmpDirectionMonthly),
    "fmp-demographics": (FmpDemographicMonthly, FmpDemographicDirectionMonthly),
    "mmp": (MmpDeathRollup,),
}
LOADED = {  # the tables a load of each kind fills
    "4mi": (FourMiCell,),
    "fmp": (FmpCount,),
    "fmp-demographics": (FmpDemographic,),
    "mmp": (MmpIncident, MmpIncidentRoute),
}
SQLITE_ANALYSIS_LIMIT = 1000  # rows of each index SQLite's ANALYZE samples (PRAGMA analysis_limit)


def refresh_summaries(connection: Connection, kind: str, datasets: Collection[int] | None = None) -> None:
    """Rebuild the summary rows of ``datasets`` (all when None) of ``kind``, then renew the planner statistics.

    A dataset whose rows are gone (replaced) loses its summary rows; the others' rows stay.

    On SQLite the summaries' indexes are dropped while they are emptied and filled, and built once
    from their rows afterwards, in the load's transaction (readers keep the committed tables).
    PostgreSQL keeps them: dropping an index there would lock the summary's readers out until
    the load commits.
    Right after a bulk load PostgreSQL's planner knows nothing of the new rows until autovacuum
    gets to them (it joined 24,000 MMP incidents to their route placements by a nested loop);
    ``ANALYZE`` in the load's transaction gives it their sizes and values at once. SQLite's
    ``ANALYZE`` samples ``SQLITE_ANALYSIS_LIMIT`` rows of each index.
    """
    with _indexes_built_after(connection, SUMMARIES.get(kind, ())):
        _fill(connection, kind, None if datasets is None else sorted(datasets))
    _analyse(connection, (*LOADED.get(kind, ()), *SUMMARIES.get(kind, ())))


def _analyse(connection: Connection, models: Iterable) -> None:
    """Renew the planner statistics of the tables of ``models``."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
    for model in models:
        connection.execute(
            text(f"ANALYZE {connection.dialect.identifier_preparer.quote(model.__tablename__)}")
        )


@contextmanager
def _indexes_built_after(connection: Connection, summaries: Iterable) -> Iterator[None]:
    """On SQLite, drop the indexes of ``summaries`` for the block and build them after it (in the transaction)."""
    indexes = [index for model in summaries for index in model.__table__.indexes]
    if connection.dialect.name != "sqlite":
        indexes = []
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)


def _of(model, datasets: list[int] | None) -> list[ColumnElement]:  # noqa: ANN001
    """The condition that a row of ``model`` belongs to one of ``datasets`` (none: every row)."""
    return [] if datasets is None else [model.dataset_id.in_(datasets)]


def _fill(connection: Connection, kind: str, datasets: list[int] | None) -> None:
    if kind == "4mi":
        _rebuild(
            connection,
            FourMiCell,
            FourMiBase,
            FOURMI_BASE_COLUMNS,
            {"base": func.max(FourMiCell.base)},
            datasets,
        )
        _rebuild_rollups(connection, datasets)
    elif kind == "fmp":
        _rebuild(
            connection,
            FmpCount,
            FmpMonthly,
            FMP_MONTHLY_COLUMNS,
            {"n": func.sum(FmpCount.n), "days": func.count(func.distinct(FmpCount.t))},
            datasets,
        )
        _rebuild_directions(
            connection,
            FmpMonthly,
            FmpDirectionMonthly,
            (),
            {"n": func.sum(FmpMonthly.n), "days": func.max(FmpMonthly.days)},
            datasets,
        )
    elif kind == "fmp-demographics":
        known = FmpDemographic.uac.is_not(None)
        _rebuild(
            connection,
            FmpDemographic,
            FmpDemographicMonthly,
            FMP_DEMOGRAPHIC_MONTHLY_COLUMNS,
            {
                "n": func.sum(FmpDemographic.n),
                "uac": func.sum(FmpDemographic.uac),
                "uac_known_n": func.coalesce(func.sum(case((known, FmpDemographic.n))), 0),
            },
            datasets,
        )
        _rebuild_directions(
            connection,
            FmpDemographicMonthly,
            FmpDemographicDirectionMonthly,
            ("sex", "age"),
            {
                "n": func.sum(FmpDemographicMonthly.n),
                "uac": func.sum(FmpDemographicMonthly.uac),
                "uac_known_n": func.sum(FmpDemographicMonthly.uac_known_n),
            },
            datasets,
        )
    elif kind == "mmp":
        _rebuild_deaths(connection, datasets)


def _rebuild(
    connection: Connection,
    source,  # noqa: ANN001
    summary,  # noqa: ANN001
    keys: tuple[str, ...],
    measures: dict,
    datasets: list[int] | None,
) -> None:
    connection.execute(delete(summary).where(*_of(summary, datasets)))
    key_columns = [getattr(source, key) for key in keys]
    query = select(*key_columns, *measures.values()).where(*_of(source, datasets)).group_by(*key_columns)
    connection.execute(insert(summary).from_select([*keys, *measures], query))


def _rebuild_directions(
    connection: Connection,
    monthly,  # noqa: ANN001
    summary,  # noqa: ANN001
    extra: tuple[str, ...],
    measures: dict,
    datasets: list[int] | None,
) -> None:
    """Fill a summary by direction from a monthly summary, dropping origin and destination."""
    connection.execute(delete(summary).where(*_of(summary, datasets)))
    columns = (*FMP_DIRECTION_COLUMNS, *extra)
    keys = [*(getattr(monthly, key) for key in columns), flow_direction(monthly)]
    query = select(*keys, *measures.values()).where(*_of(monthly, datasets)).group_by(*keys)
    connection.execute(insert(summary).from_select([*columns, "direction", *measures], query))


def _rebuild_deaths(connection: Connection, datasets: list[int] | None) -> None:
    """Fill the deaths roll-up: once per incident, and once per route placement (or none) of each incident.

    Both grains keep the set of routes each incident lies on (``route_set``), so that a question
    about several routes can count an incident on any of them once.
    """
    connection.execute(delete(MmpDeathRollup).where(*_of(MmpDeathRollup, datasets)))
    sets = _route_sets(datasets)
    keys = [*(getattr(MmpIncident, key) for key in MMP_ROLLUP_COLUMNS), sets.c.route_set]
    measures = [func.count(), *(func.sum(getattr(MmpIncident, m)) for m in MMP_MEASURES)]
    with_sets = (
        select()
        .select_from(MmpIncident)
        .outerjoin(
            sets,
            (sets.c.dataset_id == MmpIncident.dataset_id) & (sets.c.source_row == MmpIncident.source_row),
        )
        .where(*_of(MmpIncident, datasets))
    )
    target = ["grain", *MMP_ROLLUP_COLUMNS, "route_set", "incidents", *MMP_MEASURES]
    connection.execute(
        insert(MmpDeathRollup).from_select(
            target, with_sets.add_columns(literal("incident"), *keys, *measures).group_by(*keys)
        )
    )
    placed = [*keys, MmpIncidentRoute.route_id, MmpIncidentRoute.segment_seq]
    query = (
        with_sets.add_columns(literal("placement"), *placed, *measures)
        .outerjoin(
            MmpIncidentRoute,
            (MmpIncidentRoute.dataset_id == MmpIncident.dataset_id)
            & (MmpIncidentRoute.source_row == MmpIncident.source_row),
        )
        .group_by(*placed)
    )
    target = [
        "grain",
        *MMP_ROLLUP_COLUMNS,
        "route_set",
        "route_id",
        "segment_seq",
        "incidents",
        *MMP_MEASURES,
    ]
    connection.execute(insert(MmpDeathRollup).from_select(target, query))


def _route_sets(datasets: list[int] | None) -> Subquery:
    """The routes each placed incident lies on, joined by ``ROUTE_SEPARATOR`` (``route_set``).

    Fed in route order, so that incidents on the same routes usually share one string (SQLite
    before 3.44 cannot order inside the aggregate); membership does not depend on the order.
    """
    placed = (
        select(MmpIncidentRoute.dataset_id, MmpIncidentRoute.source_row, MmpIncidentRoute.route_id)
        .where(*_of(MmpIncidentRoute, datasets))
        .order_by(MmpIncidentRoute.dataset_id, MmpIncidentRoute.source_row, MmpIncidentRoute.route_id)
        .subquery()
    )
    return (
        select(
            placed.c.dataset_id,
            placed.c.source_row,
            func.aggregate_strings(placed.c.route_id, ROUTE_SEPARATOR).label("route_set"),
        )
        .group_by(placed.c.dataset_id, placed.c.source_row)
        .subquery("route_sets")
    )


def _rebuild_rollups(connection: Connection, datasets: list[int] | None) -> None:
    """Fill the 4Mi roll-ups, widest grain first, each from the narrowest one already built that keeps its columns.

    Only the widest grain reads the cells; the others sum the rows of a wider roll-up, which
    gives the same sums over far fewer rows.
    """
    connection.execute(delete(FourMiRollup).where(*_of(FourMiRollup, datasets)))
    connection.execute(delete(FourMiBaseRollup).where(*_of(FourMiBaseRollup, datasets)))
    built: list[str] = []
    for grain, columns in reversed(FOURMI_GRAINS.items()):
        parents = [name for name in built if set(columns) <= set(FOURMI_GRAINS[name])]
        parent = parents[-1] if parents else None
        answers = (*columns, *FOURMI_ANSWER_COLUMNS)
        _fill_grain(connection, FourMiRollup, FourMiCell, grain, parent, answers, datasets)
        _fill_grain(connection, FourMiBaseRollup, FourMiBase, grain, parent, columns, datasets, "base")
        built.append(grain)


def _fill_grain(
    connection: Connection,
    rollup,  # noqa: ANN001
    cells,  # noqa: ANN001
    grain: str,
    parent: str | None,
    columns: tuple[str, ...],
    datasets: list[int] | None,
    measure: str = "respondents",
) -> None:
    """Insert ``grain``'s rows of ``rollup``, summed from the ``parent`` grain or, without one, from ``cells``."""
    source = rollup if parent else cells
    keys = [getattr(source, column) for column in (*FOURMI_ROLLUP_KEYS, *columns)]
    query = (
        select(literal(grain), *keys, func.sum(getattr(source, measure)))
        .where(*_of(source, datasets))
        .group_by(*keys)
    )
    if parent:
        query = query.where(rollup.grain == parent)
    target = ["grain", *FOURMI_ROLLUP_KEYS, *columns, measure]
    connection.execute(insert(rollup).from_select(target, query))
