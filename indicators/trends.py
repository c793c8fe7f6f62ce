"""Trend periods (a month or a quarter) and the change of disclosed values between two of them.

Changes are computed only from values the engine published (rounded, hidden cells null), so a
change says nothing the two published values do not: a hidden value gives ``insufficient_data``
and no change, whatever the other period shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.i18n import _
from core.text import quoted
from indicators.change import (
    COUNT_THRESHOLDS_PCT,
    INSUFFICIENT_DATA,
    LARGE_DECREASE,
    LARGE_INCREASE,
    MODERATE_INCREASE,
    SHARE_THRESHOLDS_PP,
    Kind,
    classify_changes,
    previous_period,
)
from indicators.filters import YEAR, FilterError, month_index

GRANULARITIES = ("month", "quarter")
COMPARISONS = ("previous", "year")
INCREASES = (LARGE_INCREASE, MODERATE_INCREASE)
DECREASES = (LARGE_DECREASE,)
_MONTH = re.compile(YEAR + r"-(0[1-9]|1[0-2])")
_QUARTER = re.compile(f"({YEAR})-Q([1-4])")


@dataclass(frozen=True, order=True)
class TrendPeriod:
    """A month (``2019-03``) or a quarter (``2019-Q1``) and the months it spans (``YYYY-MM``, inclusive)."""

    first: str
    last: str
    text: str
    granularity: str


def month_period(month: str) -> TrendPeriod:
    """The one-month period of ``YYYY-MM``."""
    return TrendPeriod(month, month, month, "month")


def quarter_period(year: int, quarter: int) -> TrendPeriod:
    """The quarter ``quarter`` (1-4) of ``year``."""
    first = f"{year:04d}-{3 * quarter - 2:02d}"
    return TrendPeriod(first, f"{year:04d}-{3 * quarter:02d}", f"{year:04d}-Q{quarter}", "quarter")


def parse_period(parameter: str, text: str) -> TrendPeriod:
    """A period from ``YYYY-MM`` or ``YYYY-Qn``; a :class:`FilterError` naming ``parameter`` otherwise."""
    text = text.strip()
    if _MONTH.fullmatch(text):
        return month_period(text)
    quarter = _QUARTER.fullmatch(text)
    if quarter:
        return quarter_period(int(quarter[1]), int(quarter[2]))
    raise FilterError(
        parameter,
        _(
            "%(value)s is not a month or a quarter (expected YYYY-MM or YYYY-Qn, year 1900-2099, n 1-4)",
            value=quoted(text),
        ),
    )


def _period_of(first: str, granularity: str) -> TrendPeriod:
    if granularity == "month":
        return month_period(first)
    index = month_index("period", first)
    return quarter_period(index // 12, index % 12 // 3 + 1)


def comparison_period(period: TrendPeriod, compare: str) -> TrendPeriod:
    """The period before ``period`` (``previous``) or the same period a year earlier (``year``)."""
    if compare not in COMPARISONS:
        raise ValueError(f"compare: expected one of {COMPARISONS}, got {compare!r}")
    first, _last = previous_period(
        period.first, period.last, "previous" if compare == "previous" else "year_before"
    )
    return _period_of(first, period.granularity)


def complete_periods(months: Sequence[str], granularity: str) -> list[TrendPeriod]:
    """Periods of ``granularity`` whose every month is among ``months`` (months with data), newest first."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity: expected one of {GRANULARITIES}, got {granularity!r}")
    loaded = set(months)
    periods = {_period_of(month, granularity) for month in loaded}
    complete = [p for p in periods if all(m in loaded for m in _months(p))]
    return sorted(complete, reverse=True)


def _months(period: TrendPeriod) -> list[str]:
    start, end = month_index("period", period.first), month_index("period", period.last)
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, end + 1)]


def latest_period(months: Sequence[str], granularity: str) -> TrendPeriod | None:
    """The latest complete period of ``granularity`` with data, if any."""
    periods = complete_periods(months, granularity)
    return periods[0] if periods else None


def change_table(
    current: pd.DataFrame,
    comparison: pd.DataFrame,
    keys: Sequence[str],
    *,
    kind: Kind,
    min_base: int,
    min_count: int,
) -> pd.DataFrame:
    """Each ``keys`` group's published ``value`` (and ``base``) in two periods, the change and its level.

    ``current`` and ``comparison`` hold ``keys``, ``value``, ``base`` (shares; counts may leave it
    null) and ``suppressed``. A hidden or missing value stays null and its level is
    ``insufficient_data``; so is the change then, and wherever the low-baseline guard of
    :func:`indicators.change.classify_changes` says the data is insufficient. ``change`` is the
    relative change in % for counts, the difference in percentage points for shares; ``score``
    is the change as a multiple of the threshold of a large change (25 %, 10 points), which ranks
    counts and shares together.
    """
    keys = list(keys)
    both = _published(current, keys).merge(
        _published(comparison, keys), on=keys, how="outer", suffixes=("", "_comparison")
    )
    table = pd.DataFrame(
        {
            **{key: both[key] for key in keys},
            "current": both["value"],
            "comparison": both["value_comparison"],
            "current_base": both["base"],
            "comparison_base": both["base_comparison"],
        }
    )
    share = kind == "share"
    table["level"] = classify_changes(
        table,
        kind=kind,
        previous="comparison",
        current_base="current_base" if share else None,
        previous_base="comparison_base" if share else None,
        min_base=min_base,
        min_count=min_count,
    )
    sufficient = table["level"] != INSUFFICIENT_DATA
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (
            100 * (table["current"] - table["comparison"])
            if share
            else 100 * (table["current"] / table["comparison"] - 1)
        )
    table["change"] = change.where(sufficient)
    large = SHARE_THRESHOLDS_PP[2] if share else COUNT_THRESHOLDS_PCT[2]
    table["score"] = table["change"] / large
    table["unit"] = "pp" if share else "pct"
    return table.sort_values(keys).reset_index(drop=True)


def _published(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``keys``, ``value`` and ``base`` with hidden cells null (never their count)."""
    hidden = frame["suppressed"].fillna(True).astype(bool) if "suppressed" in frame else False
    values = pd.to_numeric(frame["value"], errors="coerce").astype(float).mask(hidden)
    base = frame["base"] if "base" in frame else pd.Series(np.nan, index=frame.index)
    base = pd.to_numeric(base, errors="coerce").astype(float).mask(hidden)
    published = pd.DataFrame({**{key: frame[key] for key in keys}, "value": values, "base": base})
    return published.dropna(subset=keys).drop_duplicates(keys)


def most_changed(changes: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ``limit`` largest increases and the ``limit`` largest decreases, by score, with ``direction``.

    Only changes classed as an increase or a decrease count (not limited changes nor insufficient data).
    """
    increases = changes[changes["level"].isin(INCREASES)].sort_values("score", ascending=False, kind="stable")
    decreases = changes[changes["level"].isin(DECREASES)].sort_values("score", kind="stable")
    return pd.concat(
        [
            increases.head(limit).assign(direction="increase"),
            decreases.head(limit).assign(direction="decrease"),
        ],
        ignore_index=True,
    )
