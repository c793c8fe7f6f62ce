"""Loads are all-or-nothing, idempotent and atomic replacements, with provenance."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access.db import make_engine
from data_access.loading import active_datasets, load_file
from data_access.models import Dataset, MmpIncident
from data_access.problems import DataValidationError
from tests.snapshots import crash_on_second_chunk, database_contents


def _count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


def test_loading_the_same_file_twice_changes_nothing(engine, examples, reference):
    first = load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    before = database_contents(engine)
    second = load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    assert (first.status, second.status) == ("loaded", "unchanged")
    assert database_contents(engine) == before


def test_a_new_version_replaces_the_old_one(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    result = load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    assert result.status == "replaced"
    assert _count(engine, MmpIncident) == 4
    datasets = active_datasets(engine)
    assert list(datasets["file_name"]) == ["mmp_legacy_export.csv"]
    with engine.connect() as connection:
        history = connection.execute(select(Dataset.file_name, Dataset.active, Dataset.replaced_at)).all()
    replaced = [row for row in history if row.file_name == "mmp_current_export.csv"]
    assert len(replaced) == 1 and replaced[0].active is False and replaced[0].replaced_at is not None


def test_an_exception_halfway_through_leaves_the_previous_data_served(
    engine, examples, reference, monkeypatch
):
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    before = database_contents(engine)
    crash_on_second_chunk(monkeypatch, 2)
    with pytest.raises(RuntimeError, match="disk full"):
        load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    assert database_contents(engine) == before


def test_provenance_records_hash_rows_schema_and_synthetic_flag(engine, examples, reference):
    import hashlib

    path = examples / "mmp_legacy_export.csv"
    load_file(engine, "mmp", path, reference=reference, synthetic=True)
    row = active_datasets(engine).iloc[0]
    assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row["rows"] == 4
    assert row["schema_version"] == "mmp-export/2019"
    assert bool(row["synthetic"]) is True


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"   \n", "file is empty"),
        ('\ufeff"Main ID","Incident ID"\n'.encode(), "header but no data rows"),
    ],
)
def test_empty_files_are_refused_and_change_nothing(engine, examples, reference, tmp_path, content, expected):
    load_file(engine, "hubs", examples / "hubs_example.csv", reference=reference)
    before = database_contents(engine)
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(DataValidationError, match=expected):
        load_file(engine, "mmp", path, reference=reference)
    assert database_contents(engine) == before


def test_a_file_in_another_encoding_is_refused_naming_the_line(tmp_path, examples, reference):
    text = (examples / "mmp_current_export.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.encode("latin-1"))
    from data_access.importers.mmp import MmpImporter

    with pytest.raises(DataValidationError) as refused:
        MmpImporter(reference).parse(path)
    problem = refused.value.problems[0]
    assert problem.row == 2
    assert "not UTF-8" in problem.expected


def test_unknown_kind_is_refused_before_the_database_is_touched(examples, reference):
    never_migrated = make_engine("sqlite://")
    with pytest.raises(ValueError, match="unknown kind 'deaths'"):
        load_file(never_migrated, "deaths", examples / "mmp_current_export.csv", reference=reference)
