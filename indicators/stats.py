"""Confidence intervals for survey shares."""

from __future__ import annotations

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054
ArrayLike = float | int | np.ndarray | pd.Series


def wilson_interval(successes: ArrayLike, trials: ArrayLike, z: float = Z_95) -> tuple[ArrayLike, ArrayLike]:
    """Wilson score interval for ``successes / trials``, element-wise.

    Returns ``(low, high)`` as floats in [0, 1], NaN where ``trials`` is 0 or
    either input is missing (e.g. a suppressed cell). A pandas Series in gives
    Series out on the same index; scalars give floats.

    Raises ``ValueError`` for negative counts or ``successes > trials``.
    """
    index = _index_of(successes, trials)
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(invalid="ignore"):
        if np.any((x < 0) | (n < 0)):
            raise ValueError("wilson_interval: counts must not be negative")
        if np.any(x > n):
            raise ValueError("wilson_interval: successes must not exceed trials")
    if not z > 0:
        raise ValueError(f"wilson_interval: z must be positive, got {z!r}")
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(n > 0, n, np.nan)
        p = x / n
        z2n = z * z / n
        centre = (p + z2n / 2) / (1 + z2n)
        half = z * np.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n)
    # The bounds at p = 0 and p = 1 are exactly 0 and 1; avoid rounding residue.
    low = np.where(p == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(p == 1, 1.0, np.clip(centre + half, 0.0, 1.0))
    if index is not None:
        return pd.Series(low, index=index), pd.Series(high, index=index)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def _index_of(*values: ArrayLike) -> pd.Index | None:
    indexes = [value.index for value in values if isinstance(value, pd.Series)]
    if len(indexes) == 2 and not indexes[0].equals(indexes[1]):
        raise ValueError("wilson_interval: successes and trials have different indexes")
    return indexes[0] if indexes else None
