"""Codes of the coded dimensions, in the order of ``data/reference/dimensions.csv``."""

from __future__ import annotations

import functools

import pandas as pd

from dashboard.config import REFERENCE_DIR


@functools.cache
def dimension_codes() -> dict[str, list[str]]:
    """{dimension: codes}, in file order."""
    table = pd.read_csv(REFERENCE_DIR / "dimensions.csv", dtype=str, keep_default_na=False)
    return {dimension: group["code"].tolist() for dimension, group in table.groupby("dimension", sort=False)}
