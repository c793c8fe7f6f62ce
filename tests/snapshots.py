"""Whole-database snapshots, to prove a refused or failed load changed nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from data_access import loading
from data_access.models import Base


def database_contents(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def crash_on_second_chunk(monkeypatch: pytest.MonkeyPatch, chunk_rows: int) -> None:
    """Make every load insert ``chunk_rows`` rows at a time and fail ("disk full") on its second chunk."""
    real_chunks = loading._chunks

    def chunks_then_crash(frame):
        for number, chunk in enumerate(real_chunks(frame)):
            if number == 1:
                raise RuntimeError("disk full")
            yield chunk

    monkeypatch.setattr(loading, "INSERT_CHUNK_ROWS", chunk_rows)
    monkeypatch.setattr(loading, "_chunks", chunks_then_crash)
