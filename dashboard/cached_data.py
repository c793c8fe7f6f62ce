"""Data functions memoised with Flask-Caching, keyed by the loaded data's version.

Every load changes the version, so a cached answer is never older than the data;
callers get copies, never the cached object itself.
"""

from __future__ import annotations

import pandas as pd

from dashboard.extensions import cache, database
from data_access.loading import active_datasets
from data_access.versions import data_version


def datasets() -> pd.DataFrame:
    """Provenance of the active datasets."""
    return _datasets(data_version(database.engine)).copy()


def has_synthetic_data() -> bool:
    """Whether any active dataset is synthetic (demonstration) data."""
    return bool(datasets()["synthetic"].any())


@cache.memoize()
def _datasets(version: int) -> pd.DataFrame:
    del version
    return active_datasets(database.engine)
