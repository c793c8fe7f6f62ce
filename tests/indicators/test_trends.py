"""Trend periods and the change between two published values."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.filters import FilterError
from indicators.trends import (
    change_table,
    comparison_period,
    complete_periods,
    latest_period,
    most_changed,
    parse_period,
)

RULE = {"min_base": 20, "min_count": 5}


def _values(rows: list[tuple[str, float | None, float | None, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place", "value", "base", "suppressed"])


def test_a_month_and_a_quarter_name_their_months():
    assert (parse_period("period", "2019-03").first, parse_period("period", "2019-03").last) == (
        "2019-03",
        "2019-03",
    )
    quarter = parse_period("period", "2019-Q4")
    assert (quarter.first, quarter.last, quarter.granularity) == ("2019-10", "2019-12", "quarter")


@pytest.mark.parametrize("text", ["2019-13", "2019-Q5", "2019Q1", "March 2019", "", "0000-01", "9999-Q4"])
def test_a_period_that_is_neither_a_month_nor_a_quarter_is_refused_naming_the_parameter(text):
    with pytest.raises(FilterError) as error:
        parse_period("period", text)
    assert error.value.parameter == "period"


@pytest.mark.parametrize(
    ("period", "compare", "expected"),
    [
        ("2019-01", "previous", "2018-12"),
        ("2019-01", "year", "2018-01"),
        ("2019-Q1", "previous", "2018-Q4"),
        ("2019-Q3", "year", "2018-Q3"),
    ],
)
def test_the_comparison_period_is_the_one_before_or_a_year_before(period, compare, expected):
    assert comparison_period(parse_period("period", period), compare).text == expected


def test_only_quarters_whose_every_month_has_data_are_offered():
    months = ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02"]
    assert [p.text for p in complete_periods(months, "quarter")] == ["2018-Q4"]
    assert latest_period(months, "month").text == "2019-02"
    assert latest_period([], "month") is None


def test_counts_change_by_their_relative_difference_and_shares_by_points():
    counts = change_table(
        _values([("a", 150, None, False), ("b", 100, None, False)]),
        _values([("a", 100, None, False), ("b", 100, None, False)]),
        ["place"],
        kind="count",
        **RULE,
    ).set_index("place")
    assert counts.loc["a", "change"] == pytest.approx(50)
    assert list(counts["level"]) == ["large_increase", "limited"]
    shares = change_table(
        _values([("a", 0.42, 100, False)]),
        _values([("a", 0.30, 100, False)]),
        ["place"],
        kind="share",
        **RULE,
    )
    assert shares.loc[0, "change"] == pytest.approx(12)
    assert shares.loc[0, "level"] == "large_increase"
    assert shares.loc[0, "score"] == pytest.approx(1.2)


def test_a_hidden_value_gives_insufficient_data_and_no_change():
    table = change_table(
        _values([("a", 0.4, 100, True), ("b", 0.5, 100, False)]),
        _values([("a", 0.1, 100, False), ("b", 0.2, 10, False)]),
        ["place"],
        kind="share",
        **RULE,
    ).set_index("place")
    assert math.isnan(table.loc["a", "current"])  # the hidden value never reaches the table
    assert list(table["level"]) == ["insufficient_data", "insufficient_data"]  # b: base below 20
    assert table["change"].isna().all()


def test_a_place_missing_in_one_period_cannot_be_compared():
    table = change_table(
        _values([("a", 30, None, False)]), _values([("b", 30, None, False)]), ["place"], kind="count", **RULE
    )
    assert set(table["place"]) == {"a", "b"}
    assert set(table["level"]) == {"insufficient_data"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 400)),
            st.one_of(st.none(), st.integers(0, 400)),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_no_change_is_given_where_either_value_is_hidden_or_below_the_guard(cells):
    current = _values([(str(i), c, None, hidden) for i, (c, _p, hidden) in enumerate(cells)])
    previous = _values([(str(i), p, None, False) for i, (_c, p, _h) in enumerate(cells)])
    table = change_table(current, previous, ["place"], kind="count", **RULE).set_index("place")
    for i, (c, p, hidden) in enumerate(cells):
        row = table.loc[str(i)]
        if hidden or c is None or p is None or c < 5 or p < 5:
            assert row["level"] == "insufficient_data" and math.isnan(row["change"])
        else:
            assert row["change"] == pytest.approx(100 * (c / p - 1))
        if hidden:
            assert math.isnan(row["current"])


def test_most_changed_lists_the_largest_increases_and_decreases_by_score():
    table = change_table(
        _values(
            [
                ("a", 200, None, False),
                ("b", 130, None, False),
                ("c", 50, None, False),
                ("d", 101, None, False),
            ]
        ),
        _values(
            [
                ("a", 100, None, False),
                ("b", 100, None, False),
                ("c", 100, None, False),
                ("d", 100, None, False),
            ]
        ),
        ["place"],
        kind="count",
        **RULE,
    )
    most = most_changed(table, limit=1)
    assert list(zip(most["direction"], most["place"], strict=True)) == [("increase", "a"), ("decrease", "c")]
