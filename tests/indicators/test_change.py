"""Change levels and comparison periods."""

import numpy as np
import pandas as pd
import pytest

from indicators.change import classify_change, classify_changes, previous_period
from indicators.filters import FilterError


@pytest.mark.parametrize(
    ("current", "previous", "level"),
    [
        (126, 100, "large_increase"),
        (125, 100, "moderate_increase"),  # exactly +25 %
        (111, 100, "moderate_increase"),
        (110, 100, "limited"),  # exactly +10 %
        (11, 10, "limited"),
        (100, 100, "limited"),
        (75, 100, "limited"),  # exactly -25 %
        (74, 100, "large_decrease"),
        (5, 40, "large_decrease"),
        (4, 100, "insufficient_data"),  # current below min_count
        (0, 100, "insufficient_data"),
        (100, 4, "insufficient_data"),
        (100, 0, "insufficient_data"),
        (np.nan, 100, "insufficient_data"),  # suppressed cell
    ],
)
def test_count_levels_at_and_around_the_boundaries(current, previous, level):
    assert classify_change(current, previous, kind="count") == level


@pytest.mark.parametrize(
    ("current", "previous", "level"),
    [
        (0.36, 0.25, "large_increase"),
        (0.35, 0.25, "moderate_increase"),  # exactly +10 pp
        (0.31, 0.25, "moderate_increase"),
        (0.30, 0.25, "limited"),  # exactly +5 pp
        (0.15, 0.25, "limited"),  # exactly -10 pp
        (0.14, 0.25, "large_decrease"),
        (0.03, 0.01, "limited"),  # +200 % but only +2 pp
    ],
)
def test_share_levels_in_percentage_points(current, previous, level):
    assert classify_change(current, previous, kind="share", current_base=50, previous_base=50) == level


@pytest.mark.parametrize(("current_base", "previous_base"), [(19, 50), (50, 19), (np.nan, 50)])
def test_share_on_small_base_is_insufficient(current_base, previous_base):
    level = classify_change(0.9, 0.1, kind="share", current_base=current_base, previous_base=previous_base)
    assert level == "insufficient_data"


def test_share_without_bases_is_refused():
    with pytest.raises(ValueError, match="base"):
        classify_change(0.5, 0.2, kind="share")


def test_count_with_small_base_is_insufficient():
    assert classify_change(60, 30, kind="count", current_base=100, previous_base=10) == ("insufficient_data")


def test_thresholds_follow_min_count():
    assert classify_change(8, 6, kind="count", min_count=7) == "insufficient_data"
    assert classify_change(8, 7, kind="count", min_count=7) == "moderate_increase"


def test_frame_version_matches_scalar_calls_row_by_row():
    frame = pd.DataFrame(
        {
            "now": [126, 110, 74, 3, np.nan],
            "before": [100, 100, 100, 50, 20],
        },
        index=list("abcde"),
    )
    levels = classify_changes(frame, kind="count", current="now", previous="before")
    assert list(levels.index) == list("abcde")
    assert levels.tolist() == [
        "large_increase",
        "limited",
        "large_decrease",
        "insufficient_data",
        "insufficient_data",
    ]


def test_frame_version_reads_share_bases():
    frame = pd.DataFrame({"current": [0.5, 0.5], "previous": [0.2, 0.2], "cb": [40, 10], "pb": [40, 40]})
    levels = classify_changes(frame, kind="share", current_base="cb", previous_base="pb", min_base=20)
    assert levels.tolist() == ["large_increase", "insufficient_data"]


@pytest.mark.parametrize(
    ("period", "mode", "expected"),
    [
        (("2024-01", "2024-03"), "previous", ("2023-10", "2023-12")),
        (("2024-05", "2024-05"), "previous", ("2024-04", "2024-04")),
        (("2023-01", "2023-12"), "previous", ("2022-01", "2022-12")),
        (("2024-02", "2024-07"), "previous", ("2023-08", "2024-01")),
        (("2024-01", "2024-03"), "year_before", ("2023-01", "2023-03")),
        (("2023-11", "2024-02"), "year_before", ("2022-11", "2023-02")),
    ],
)
def test_comparison_period(period, mode, expected):
    assert previous_period(*period, mode) == expected


@pytest.mark.parametrize(
    ("period_from", "period_to", "parameter"),
    [
        ("2024-13", "2024-12", "period_from"),
        ("2024-01", "2024", "period_to"),
        ("2024-05", "2024-04", "period_to"),
    ],
)
def test_bad_period_names_the_parameter(period_from, period_to, parameter):
    with pytest.raises(FilterError) as error:
        previous_period(period_from, period_to, "previous")
    assert error.value.parameter == parameter


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode"):
        previous_period("2024-01", "2024-02", "last_year")
