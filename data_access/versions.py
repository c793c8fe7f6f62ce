"""A cheap fingerprint of the loaded data, used to key caches."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, func, select

from data_access.db import connect
from data_access.models import Dataset


def data_version(bind: Engine | Connection) -> int:
    """Highest dataset id ever loaded: it changes with every load or replacement."""
    with connect(bind) as connection:
        return connection.execute(select(func.coalesce(func.max(Dataset.id), 0))).scalar_one()
