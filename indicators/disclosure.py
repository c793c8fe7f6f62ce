"""The disclosure rule: what a published count about people may show.

Counts about people — 4Mi respondents and bases, and flow-monitoring counts by sex and
age (minors, unaccompanied children) — are rounded to the nearest multiple of
``round_to``; counts from 1 to ``min_count - 1`` are hidden; a share is shown only on a
rounded base of at least ``min_base`` and is computed from the rounded numerator and the
rounded base, so no share or interval reveals an exact count. Because every published
count is rounded, subtracting one answer from another gives a range, never a hidden value,
whatever answers a user combines. Zero stays zero. Counts that are not about identifiable
people (movements counted at flow monitoring points; public Missing Migrants Project
records) are published exactly, and every answer says which rule applied to which measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.stats import wilson_interval

ROUNDED = "rounded"
EXACT = "exact"
SHARE_MEASURES = ("respondents", "base", "share", "ci_low", "ci_high")


@dataclass(frozen=True)
class DisclosureRule:
    """Thresholds of the rule: shares need a base of ``min_base``; counts 1..min_count-1 hidden; rounding."""

    min_base: int = 20
    min_count: int = 5
    round_to: int = 5

    def __post_init__(self) -> None:
        if self.round_to < 1 or self.min_count < 1 or self.min_base < self.min_count:
            raise ValueError(
                f"disclosure rule needs round_to >= 1, min_count >= 1 and min_base >= min_count; got {self}"
            )

    def rounded(self, counts: pd.Series) -> pd.Series:
        """Counts rounded to the nearest multiple of ``round_to`` (halves up); missing stays missing."""
        values = pd.to_numeric(counts).astype("Float64")
        return (np.floor(values / self.round_to + 0.5) * self.round_to).astype("Int64")

    def small(self, counts: pd.Series) -> pd.Series:
        """Whether each count is 1 .. ``min_count - 1`` (those are hidden); missing counts are not small."""
        values = pd.to_numeric(counts).astype("Float64")
        return values.between(1, self.min_count - 1).fillna(False).astype(bool)

    def statement(self) -> str:
        """The rule in one sentence (English; the pages translate their own)."""
        if self.round_to == 1:
            return (
                f"Counts from 1 to {self.min_count - 1} are hidden; shares are shown on bases of at least "
                f"{self.min_base}."
            )
        return (
            f"Counts are rounded to the nearest {self.round_to}; counts from 1 to {self.min_count - 1} are "
            f"hidden; shares and intervals are computed from the rounded counts and shown on rounded bases "
            f"of at least {self.min_base}."
        )

    def describe(self, rounded: Sequence[str], exact: Sequence[str] = ()) -> dict[str, object]:
        """What an answer states about its disclosure: the rule, its thresholds and each measure's treatment."""
        return {
            "rule": self.statement(),
            "round_to": self.round_to,
            "min_count": self.min_count,
            "min_base": self.min_base,
            "measures": {**dict.fromkeys(rounded, ROUNDED), **dict.fromkeys(exact, EXACT)},
        }


def publish_shares(counts: pd.DataFrame, rule: DisclosureRule) -> pd.DataFrame:
    """Published shares from exact ``respondents`` and ``base``: the rule applied to each row.

    Adds ``share``, ``ci_low``, ``ci_high`` (Wilson, from the rounded counts) and ``suppressed``;
    ``respondents`` and ``base`` become rounded, and every measure of a hidden row is null.
    """
    respondents, base, share = rounded_share(counts["respondents"], counts["base"], rule)
    hidden = (rule.small(counts["respondents"]) | rule.small(counts["base"]) | share.isna()).to_numpy()
    low, high = wilson_interval(respondents.astype(float), base.astype(float))
    published = counts.assign(respondents=respondents, base=base, share=share, ci_low=low, ci_high=high)
    published["suppressed"] = hidden
    published.loc[hidden, list(SHARE_MEASURES)] = np.nan
    return published


def rounded_share(
    numerator: pd.Series, base: pd.Series, rule: DisclosureRule
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Rounded numerator and base, and the share of the two where the rounded base reaches ``min_base``."""
    rounded_numerator, rounded_base = rule.rounded(numerator), rule.rounded(base)
    enough = (rounded_base >= rule.min_base).fillna(False)
    share = (rounded_numerator.astype("Float64") / rounded_base.astype("Float64")).where(enough)
    return rounded_numerator, rounded_base, share.astype(float)
