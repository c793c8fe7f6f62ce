"""Engine answers work inside a caller's transaction (a Connection) as well as with an Engine."""

from __future__ import annotations

from geo.regions import available_profiles
from indicators.disclosure import DisclosureRule
from indicators.engine import deaths, flows, fourmi_indicator
from indicators.filters import Filters
from tests.conftest import REGIONS_DIR


def test_engine_functions_accept_an_open_connection(loaded_engine, reference):
    engine = loaded_engine
    profiles = available_profiles(REGIONS_DIR)
    rule = DisclosureRule()
    with engine.connect() as connection:
        by_engine = fourmi_indicator(engine, "driver", Filters(), ["gender"], profiles, rule, reference)
        by_connection = fourmi_indicator(
            connection, "driver", Filters(), ["gender"], profiles, rule, reference
        )
        assert not by_engine.rows.empty
        assert by_connection.rows.equals(by_engine.rows)
        assert by_connection.sources == by_engine.sources
        moved = flows(connection, Filters(), ["fmp"], profiles, rule).rows
        assert not moved.empty
        assert str(moved["individuals"].dtype) == "Int64"
        assert deaths(connection, Filters(), ["year"], profiles).rows["incidents"].sum() == 6
