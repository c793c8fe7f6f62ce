"""Whole-database snapshots, to prove a refused or failed load changed nothing."""

from __future__ import annotations

from sqlalchemy import Engine, select

from data_access.models import Base


def database_contents(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }
