"""Wilson intervals shown around survey shares."""

import math

import numpy as np
import pandas as pd
import pytest

from indicators.stats import wilson_interval

Z = 1.959963984540054


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (5, 10, 0.2366, 0.7634),
        (1, 20, 0.0089, 0.2361),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_published_values(successes, trials, low, high):
    got = wilson_interval(successes, trials)
    assert got == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize(("successes", "trials"), [(1, 3), (7, 40), (91, 100), (250, 1000)])
def test_bounds_solve_the_score_equation(successes, trials):
    # Wilson's bounds are the p where (x/n - p)^2 = z^2 p (1 - p) / n.
    p_hat = successes / trials
    for p in wilson_interval(successes, trials):
        assert (p_hat - p) ** 2 == pytest.approx(Z**2 * p * (1 - p) / trials, rel=1e-9)


def test_hand_computed_closed_form_for_2_of_4():
    # p = 0.5 centres the interval; half-width = z sqrt(1/16 + z^2/64) / (1 + z^2/4).
    half = Z * math.sqrt(1 / 16 + Z**2 / 64) / (1 + Z**2 / 4)
    assert wilson_interval(2, 4) == pytest.approx((0.5 - half, 0.5 + half))


def test_series_in_series_out_with_nan_for_empty_or_missing_cells():
    successes = pd.Series([5, 0, np.nan], index=["a", "b", "c"])
    trials = pd.Series([10, 0, 30], index=["a", "b", "c"])
    low, high = wilson_interval(successes, trials)
    assert list(low.index) == ["a", "b", "c"]
    assert low["a"] == pytest.approx(0.2366, abs=5e-5)
    assert low[["b", "c"]].isna().all() and high[["b", "c"]].isna().all()


def test_arrays_match_scalar_calls():
    successes, trials = np.array([0, 5, 1]), np.array([10, 10, 20])
    low, high = wilson_interval(successes, trials)
    for i in range(3):
        assert (low[i], high[i]) == wilson_interval(int(successes[i]), int(trials[i]))


def test_wider_z_gives_wider_interval():
    low95, high95 = wilson_interval(30, 100)
    low99, high99 = wilson_interval(30, 100, z=2.5758)
    assert low99 < low95 and high99 > high95


@pytest.mark.parametrize(("successes", "trials"), [(11, 10), (-1, 10), (1, -5)])
def test_impossible_counts_are_refused(successes, trials):
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)


def test_series_on_different_indexes_are_refused():
    with pytest.raises(ValueError, match="index"):
        wilson_interval(pd.Series([1], index=["a"]), pd.Series([2], index=["b"]))
