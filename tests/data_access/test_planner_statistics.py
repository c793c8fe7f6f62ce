"""On PostgreSQL a load leaves the planner statistics of the tables it filled current."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select, text

from data_access.db import migrate
from data_access.loading import load_file
from data_access.models import MmpIncident, MmpIncidentRoute
from tests.conftest import EXAMPLES, postgres_engine


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A migrated, empty PostgreSQL schema of this test."""
    for engine in postgres_engine():
        migrate(engine)
        yield engine


def test_the_planner_knows_the_rows_of_a_load_as_soon_as_it_commits(pg_engine, reference):
    load_file(pg_engine, "mmp", EXAMPLES / "mmp_current_export.csv", reference=reference)

    with pg_engine.connect() as connection:
        for model in (MmpIncident, MmpIncidentRoute):
            stored = connection.execute(select(func.count()).select_from(model)).scalar_one()
            estimated = connection.execute(
                text("SELECT reltuples FROM pg_class WHERE oid = CAST(:table AS regclass)"),
                {"table": model.__tablename__},
            ).scalar_one()
            assert stored > 0
            assert estimated == stored, model.__tablename__  # never analysed: -1
