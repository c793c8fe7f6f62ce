"""Summary tables rebuilt inside each load's transaction, from the rows just loaded."""

from __future__ import annotations

from sqlalchemy import Connection, case, delete, func, insert, select

from data_access.models import (
    FmpCount,
    FmpDemographic,
    FmpDemographicMonthly,
    FmpMonthly,
    FourMiBase,
    FourMiCell,
)

FOURMI_BASE_COLUMNS = (
    "dataset_id", "period", "year", "country", "admin1", "location_hub", "route",
    "gender", "age_group", "nationality", "indicator",
)  # fmt: skip
FMP_MONTHLY_COLUMNS = (
    "dataset_id", "period", "year", "route", "fmp", "fmp_country", "from_country", "to_country",
)  # fmt: skip
FMP_DEMOGRAPHIC_MONTHLY_COLUMNS = (*FMP_MONTHLY_COLUMNS, "sex", "age")


def refresh_summaries(connection: Connection, kind: str) -> None:
    """Rebuild the summary tables that depend on ``kind``."""
    if kind == "4mi":
        _rebuild(connection, FourMiCell, FourMiBase, FOURMI_BASE_COLUMNS, {"base": func.max(FourMiCell.base)})
    elif kind == "fmp":
        _rebuild(
            connection,
            FmpCount,
            FmpMonthly,
            FMP_MONTHLY_COLUMNS,
            {"n": func.sum(FmpCount.n), "days": func.count(func.distinct(FmpCount.t))},
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
        )


def _rebuild(connection: Connection, source, summary, keys: tuple[str, ...], measures: dict) -> None:  # noqa: ANN001
    connection.execute(delete(summary))
    key_columns = [getattr(source, key) for key in keys]
    query = select(*key_columns, *measures.values()).group_by(*key_columns)
    connection.execute(insert(summary).from_select([*keys, *measures], query))
