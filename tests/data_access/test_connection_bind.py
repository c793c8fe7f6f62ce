"""Engine answers work inside a caller's transaction (a Connection) as well as with an Engine."""

from __future__ import annotations

from data_access.loading import load_file
from geo.regions import available_profiles
from indicators.engine import SuppressionRule, deaths, flows, fourmi_indicator
from indicators.filters import Filters


def test_engine_functions_accept_an_open_connection(engine, examples):
    for kind, name in [
        ("4mi", "4mi_example.csv"),
        ("fmp", "fmp_example.csv"),
        ("fmp-demographics", "fmp_demographics_example.csv"),
        ("mmp", "mmp_current_export.csv"),
    ]:
        load_file(engine, kind, examples / name)
    profiles = available_profiles("data/regions")
    with engine.connect() as connection:
        by_engine = fourmi_indicator(engine, "driver", Filters(), ["gender"], profiles, SuppressionRule())
        by_connection = fourmi_indicator(
            connection, "driver", Filters(), ["gender"], profiles, SuppressionRule()
        )
        assert by_connection.rows.equals(by_engine.rows)
        assert by_connection.sources == by_engine.sources
        moved = flows(connection, Filters(), ["fmp"], profiles, SuppressionRule()).rows
        assert str(moved["individuals"].dtype) == "Int64"
        assert deaths(connection, Filters(), ["year"], profiles).rows["incidents"].sum() == 6
