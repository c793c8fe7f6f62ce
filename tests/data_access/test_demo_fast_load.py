"""The demo's trusted fast path stores exactly what loading the generated files through the importers stores."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from core.config import DATA_DIR
from data_access.demo import generate, generator, load_demo
from data_access.demo.load import DEMO_LOAD_ORDER, REFERENCE_KINDS, demo_dataset_name
from data_access.importers.fmp import FmpCountImporter
from data_access.loading import load_file
from data_access.models import Base, Dataset, FmpCount
from geo.regions import available_profiles
from tests.conftest import BACKENDS, _database
from tests.snapshots import crash_on_second_chunk, database_contents

WINDOW = {"period_from": "2024-11", "period_to": "2024-12"}  # two months keep both loads quick
PROFILE = available_profiles(DATA_DIR / "regions")["west-north-africa"]
VOLATILE = {"id", "dataset_id", "loaded_at", "replaced_at"}


@pytest.fixture(params=BACKENDS)
def two_engines(request, tmp_path, migrated_sqlite_file):
    """Two migrated, empty databases of one backend."""
    for folder in ("fast", "files"):
        (tmp_path / folder).mkdir()
    for first in _database(request.param, tmp_path / "fast", migrated_sqlite_file):
        for second in _database(request.param, tmp_path / "files", migrated_sqlite_file):
            yield first, second


def _contents(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows without ids and load times; each row names its dataset by kind."""
    with engine.connect() as connection:
        kinds = dict(connection.execute(select(Dataset.id, Dataset.kind)).all())
        contents = {}
        for table in Base.metadata.sorted_tables:
            kept = [column for column in table.c if column.name not in VOLATILE]
            rows = connection.execute(select(*kept, *[c for c in table.c if c.name == "dataset_id"])).all()
            contents[table.name] = sorted(
                (
                    (*row[: len(kept)], kinds[row[-1]]) if "dataset_id" in table.c else tuple(row)
                    for row in rows
                ),
                key=repr,
            )
    return contents


def _without_hash(contents: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    position = [c.name for c in Dataset.__table__.c if c.name not in VOLATILE].index("sha256")
    dataset = [row[:position] + row[position + 1 :] for row in contents["dataset"]]
    return {**contents, "dataset": sorted(dataset, key=repr)}


def test_fast_path_stores_the_rows_of_the_generated_files_loaded_through_the_importers(
    two_engines, reference, tmp_path
):
    fast, files = two_engines
    steps = list(load_demo(fast, PROFILE, reference, **WINDOW))
    generated = generate(tmp_path / "generated", region_dir=PROFILE.directory, **WINDOW)
    paths = {kind: PROFILE.path(kind.replace("-", "_")) for kind in REFERENCE_KINDS} | generated
    for kind in DEMO_LOAD_ORDER:
        load_file(
            files,
            kind,
            paths[kind],
            reference=reference,
            name=demo_dataset_name(PROFILE.id, kind),
            synthetic=kind in generated,
            origin="demo",
        )

    assert [step.kind for step in steps] == list(DEMO_LOAD_ORDER)
    assert all(step.status == "loaded" and step.rows > 0 for step in steps)
    fast_contents, file_contents = _contents(fast), _contents(files)
    assert all(fast_contents[table] for table in fast_contents), "every table holds rows"
    assert _without_hash(fast_contents) == _without_hash(file_contents)
    with fast.connect() as connection:
        provenance = connection.execute(
            select(Dataset.kind, Dataset.file_name, Dataset.synthetic, Dataset.origin, Dataset.sha256)
        ).all()
    assert {(row.kind, row.file_name) for row in provenance if row.synthetic} == {
        (kind, path.name) for kind, path in generated.items()
    }
    assert {row.origin for row in provenance} == {"demo"}
    assert all(len(row.sha256) == 64 for row in provenance)


def test_loading_the_same_demo_again_changes_nothing(engine, reference):
    list(load_demo(engine, PROFILE, reference, **WINDOW))
    before = database_contents(engine)

    again = list(load_demo(engine, PROFILE, reference, **WINDOW))

    assert {step.status for step in again} == {"unchanged"}
    assert database_contents(engine) == before


def test_a_failure_halfway_through_a_generated_dataset_leaves_the_previous_demo_served(
    engine, reference, monkeypatch
):
    list(load_demo(engine, PROFILE, reference, **WINDOW))
    before = database_contents(engine)
    crash_on_second_chunk(monkeypatch, 100)
    with pytest.raises(RuntimeError, match="disk full"):
        list(load_demo(engine, PROFILE, reference, seed=7, **WINDOW))
    assert database_contents(engine) == before


def test_a_failure_in_a_later_chunk_of_a_generated_dataset_leaves_the_previous_demo_served(
    engine, reference, monkeypatch
):
    list(load_demo(engine, PROFILE, reference, **WINDOW))
    before = database_contents(engine)
    monkeypatch.setattr(generator, "CHUNK_ROWS", 500)  # several chunks stored before the failure
    converted = itertools.count()
    real_convert = FmpCountImporter.convert

    def convert_then_fail(importer, frame):
        if next(converted) == 3:
            raise RuntimeError("disk full")
        return real_convert(importer, frame)

    monkeypatch.setattr(FmpCountImporter, "convert", convert_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        list(load_demo(engine, PROFILE, reference, seed=7, **WINDOW))
    assert next(converted) == 4
    assert database_contents(engine) == before


def test_after_a_demo_load_rows_of_an_unknown_dataset_are_still_refused(engine, reference):
    list(load_demo(engine, PROFILE, reference, **WINDOW))
    flow = {"period": "2024-11", "year": 2024, "route": "NER-LBY", "fmp": "x", "fmp_country": "NER"}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            insert(FmpCount),
            {
                **flow,
                "dataset_id": 999_999,
                "t": dt.date(2024, 11, 1),
                "from_country": "NER",
                "to_country": "LBY",
                "n": 1,
            },
        )


def test_a_different_seed_replaces_each_generated_dataset(engine, reference):
    list(load_demo(engine, PROFILE, reference, **WINDOW))

    steps = {step.kind: step.status for step in load_demo(engine, PROFILE, reference, seed=7, **WINDOW)}

    assert steps == {kind: "unchanged" if kind in REFERENCE_KINDS else "replaced" for kind in DEMO_LOAD_ORDER}
