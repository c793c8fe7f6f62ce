"""A load keeps the indexes of the tables it fills, also when it fails half-way (SQLite rebuilds them after bulk inserts)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect

from data_access import loading
from data_access.loading import load_file
from data_access.models import Base
from tests.snapshots import crash_on_second_chunk


def _indexes(engine: Engine) -> dict[str, list[tuple[str, tuple[str, ...], bool]]]:
    inspector = inspect(engine)
    return {
        table.name: sorted(
            (index["name"], tuple(index["column_names"]), bool(index["unique"]))
            for index in inspector.get_indexes(table.name)
        )
        for table in Base.metadata.sorted_tables
    }


def test_a_load_of_several_chunks_into_empty_tables_keeps_their_indexes(
    engine, examples, reference, monkeypatch
):
    before = _indexes(engine)
    monkeypatch.setattr(loading, "INSERT_CHUNK_ROWS", 2)
    result = load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    assert result.status == "loaded" and result.rows > 2
    assert _indexes(engine) == before
    assert before["mmp_incident"]


def test_a_load_failing_half_way_into_empty_tables_keeps_their_indexes(
    engine, examples, reference, monkeypatch
):
    before = _indexes(engine)
    crash_on_second_chunk(monkeypatch, 2)
    with pytest.raises(RuntimeError, match="disk full"):
        load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    assert _indexes(engine) == before


def test_a_dataset_loaded_beside_another_keeps_the_tables_indexes(engine, examples, reference, monkeypatch):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    before = _indexes(engine)
    monkeypatch.setattr(loading, "INSERT_CHUNK_ROWS", 2)
    result = load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference, name="beside")
    assert result.status == "loaded" and result.rows > 2
    assert _indexes(engine) == before
