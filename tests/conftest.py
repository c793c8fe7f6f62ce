"""Shared fixtures: real databases (SQLite file and PostgreSQL schema) and example files."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from data_access.db import make_engine, migrate

EXAMPLES = Path(__file__).parent / "examples"
EXAMPLE_LOADS = [  # kind, file: one example of each loadable source
    ("4mi", "4mi_example.csv"),
    ("fmp", "fmp_example.csv"),
    ("fmp-demographics", "fmp_demographics_example.csv"),
    ("mmp", "mmp_current_export.csv"),
]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def examples() -> Path:
    """Folder of the tiny example files of each data contract."""
    return EXAMPLES


def _postgres_engine() -> Iterator[Engine]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is required for the data-layer tests and is not reachable at {POSTGRES_URL}: {exc}"
        )
    engine = make_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database: a SQLite file, then a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        sqlite_engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
        migrate(sqlite_engine)
        yield sqlite_engine
        sqlite_engine.dispose()
    else:
        for pg_engine in _postgres_engine():
            migrate(pg_engine)
            yield pg_engine
