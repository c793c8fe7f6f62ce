"""A load leaves the planner statistics of the tables it filled current, and its summaries indexed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, inspect, select, text

from data_access.db import migrate
from data_access.loading import load_file
from data_access.models import MmpDeathRollup, MmpIncident, MmpIncidentRoute
from tests.conftest import EXAMPLES, postgres_engine, sqlite_engine


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


def test_a_sqlite_load_builds_the_summaries_indexes_after_their_rows_and_analyses_its_tables(
    tmp_path, migrated_sqlite_file, reference
):
    engine = sqlite_engine(tmp_path / "load.sqlite", migrated_sqlite_file)
    load_file(engine, "mmp", EXAMPLES / "mmp_current_export.csv", reference=reference)

    with engine.connect() as connection:
        analysed = set(connection.execute(text("SELECT tbl FROM sqlite_stat1")).scalars())
        plan = " ".join(
            str(row[-1])
            for row in connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT * FROM mmp_death_rollup WHERE grain = 'incident' AND period = '2024-01'"
                )
            )
        )
    indexes = {index["name"] for index in inspect(engine).get_indexes(MmpDeathRollup.__tablename__)}
    engine.dispose()
    assert {
        MmpIncident.__tablename__,
        MmpIncidentRoute.__tablename__,
        MmpDeathRollup.__tablename__,
    } <= analysed
    assert indexes == {index.name for index in MmpDeathRollup.__table__.indexes}
    assert "ix_mmp_death_rollup_grain_period" in plan
