"""Change levels between two periods, and the comparison period itself.

Counts are compared by relative change ``(current - previous) / previous``;
shares (proportions in [0, 1]) by their difference in percentage points.

============================  ==========================  =======================
level                         counts (relative change r)  shares (difference d)
============================  ==========================  =======================
``large_increase``            r > +25 %                   d > +10 pp
``moderate_increase``         +10 % < r <= +25 %          +5 pp < d <= +10 pp
``limited``                   -25 % <= r <= +10 %         -10 pp <= d <= +5 pp
``large_decrease``            r < -25 %                   d < -10 pp
============================  ==========================  =======================

``insufficient_data`` instead when a value is missing (e.g. suppressed), a
base given is below ``min_base``, or, for counts, either count is below
``min_count`` (which covers ``previous == 0``). Shares always need both bases.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from indicators.filters import FilterError, month_index

Kind = Literal["count", "share"]

LARGE_INCREASE = "large_increase"
MODERATE_INCREASE = "moderate_increase"
LIMITED = "limited"
LARGE_DECREASE = "large_decrease"
INSUFFICIENT_DATA = "insufficient_data"

COUNT_THRESHOLDS_PCT = (-25, 10, 25)
"""Relative change in %: below the first is a large decrease, above the second a
moderate increase, above the third a large increase; the rest is limited."""
SHARE_THRESHOLDS_PP = (-10, 5, 10)
"""Percentage points, read the same way as :data:`COUNT_THRESHOLDS_PCT`."""


def classify_change(
    current: float | None,
    previous: float | None,
    *,
    kind: Kind,
    current_base: float | None = None,
    previous_base: float | None = None,
    min_base: int = 20,
    min_count: int = 5,
) -> str:
    """Change level of one value against the previous period (see the module table)."""
    levels = _classify(
        np.array([current], dtype=float),
        np.array([previous], dtype=float),
        None if current_base is None else np.array([current_base], dtype=float),
        None if previous_base is None else np.array([previous_base], dtype=float),
        kind=kind,
        min_base=min_base,
        min_count=min_count,
    )
    return str(levels[0])


def classify_changes(
    frame: pd.DataFrame,
    *,
    kind: Kind,
    current: str = "current",
    previous: str = "previous",
    current_base: str | None = None,
    previous_base: str | None = None,
    min_base: int = 20,
    min_count: int = 5,
) -> pd.Series:
    """Change level of every row of ``frame``, from the named columns."""

    def column(name: str | None) -> np.ndarray | None:
        return None if name is None else frame[name].to_numpy(dtype=float, na_value=np.nan)

    levels = _classify(
        column(current),
        column(previous),
        column(current_base),
        column(previous_base),
        kind=kind,
        min_base=min_base,
        min_count=min_count,
    )
    return pd.Series(levels, index=frame.index, name="change", dtype=object)


def _classify(
    cur: np.ndarray,
    prev: np.ndarray,
    cur_base: np.ndarray | None,
    prev_base: np.ndarray | None,
    *,
    kind: Kind,
    min_base: int,
    min_count: int,
) -> np.ndarray:
    if kind not in ("count", "share"):
        raise ValueError(f"kind: expected 'count' or 'share', got {kind!r}")
    if kind == "share" and (cur_base is None or prev_base is None):
        raise ValueError("kind='share' needs current_base and previous_base")
    insufficient = np.isnan(cur) | np.isnan(prev)
    for base in (cur_base, prev_base):
        if base is not None:
            insufficient |= ~(base >= min_base)
    with np.errstate(invalid="ignore"):
        if kind == "count":
            insufficient |= (cur < min_count) | (prev < min_count)
            # 100 * (cur - prev) > t * prev is r > t % without dividing, so whole
            # counts meet the boundaries exactly.
            change, (low, mid, high) = 100 * (cur - prev), COUNT_THRESHOLDS_PCT
            large_down = change < low * prev
            moderate_up = change > mid * prev
            large_up = change > high * prev
        else:
            # Rounding keeps 0.35 - 0.25 at exactly 10 pp.
            change, (low, mid, high) = np.round(100 * (cur - prev), 9), SHARE_THRESHOLDS_PP
            large_down, moderate_up, large_up = change < low, change > mid, change > high
    levels = np.full(cur.shape, LIMITED, dtype=object)
    levels[moderate_up] = MODERATE_INCREASE
    levels[large_up] = LARGE_INCREASE
    levels[large_down] = LARGE_DECREASE
    levels[insufficient] = INSUFFICIENT_DATA
    return levels


def previous_period(
    period_from: str, period_to: str, mode: Literal["previous", "year_before"]
) -> tuple[str, str]:
    """The period to compare ``period_from .. period_to`` (YYYY-MM, inclusive) with.

    ``"previous"``: the same number of months, ending the month before
    ``period_from``. ``"year_before"``: the same months twelve months earlier.
    """
    start, end = month_index("period_from", period_from), month_index("period_to", period_to)
    if start > end:
        raise FilterError(
            "period_to", f"{period_to!r} is before period_from {period_from!r} (expected on or after)"
        )
    if mode == "previous":
        shift = end - start + 1
    elif mode == "year_before":
        shift = 12
    else:
        raise ValueError(f"mode: expected 'previous' or 'year_before', got {mode!r}")
    return _month_text(start - shift), _month_text(end - shift)


def _month_text(index: int) -> str:
    if index < 0:
        raise ValueError("period before year 0")
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
