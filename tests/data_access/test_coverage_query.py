"""The first and last month of each source, from the database, match the example files."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access.queries import coverage


@pytest.fixture(scope="module")
def loaded(loaded_engine):
    """The module's database with every example file (SQLite, then PostgreSQL); read only."""
    return loaded_engine


def _months(examples, name: str, column: str, **read) -> pd.Series:
    return pd.to_datetime(pd.read_csv(examples / name, **read)[column]).dt.strftime("%Y-%m")


def _spans(table: pd.DataFrame) -> dict[str, tuple[object, object]]:
    return {
        row.source: tuple(None if pd.isna(v) else v for v in (row.first_period, row.last_period))
        for row in table.itertuples()
    }


def test_each_source_spans_its_first_to_its_last_month(loaded, examples):
    fourmi = pd.read_csv(examples / "4mi_example.csv", dtype=str)["period"]
    flows = pd.concat(
        [_months(examples, "fmp_example.csv", "t"), _months(examples, "fmp_demographics_example.csv", "t")]
    )
    deaths = _months(examples, "mmp_current_export.csv", "Incident Date", encoding="utf-8-sig")
    assert _spans(coverage(loaded)) == {
        "4mi": (fourmi.min(), fourmi.max()),
        "flows": (flows.min(), flows.max()),
        "deaths": (deaths.min(), deaths.max()),
    }


def test_within_a_period_only_its_months_count(loaded, examples):
    deaths = _months(examples, "mmp_current_export.csv", "Incident Date", encoding="utf-8-sig")
    inside = deaths[(deaths >= "2022-07") & (deaths <= "2023-12")]
    assert _spans(coverage(loaded, "2022-07", "2023-12"))["deaths"] == (inside.min(), inside.max())
    assert _spans(coverage(loaded, "2030-01", None)) == dict.fromkeys(
        ("4mi", "flows", "deaths"), (None, None)
    )


def test_an_empty_database_covers_no_month(engine):
    assert _spans(coverage(engine)) == dict.fromkeys(("4mi", "flows", "deaths"), (None, None))
