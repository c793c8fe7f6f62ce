"""An answer reads its numbers and its provenance in one snapshot: a load landing between the two reads
cannot give the new file's name with the old file's numbers (or the reverse)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, event

from data_access.db import make_engine, snapshot
from data_access.loading import active_datasets, load_file
from data_access.reference import Reference
from indicators.engine import Answer
from indicators.filters import Filters
from tests.conftest import service_in_app_context
from tests.faults.conftest import FLOWS_FILE, flows_total
from view_data import ViewData
from view_data.service import VERSION_TTL_S

COUNTED = ("n", "reason_seasonal", "reason_disaster", "reason_conflict", "reason_economic")


def doubled_flows(folder: Path) -> Path:
    """The FMP example with every count doubled: a new version of the dataset with other numbers."""
    counts = pd.read_csv(FLOWS_FILE, dtype=str, keep_default_na=False)
    for column in COUNTED:
        counts[column] = counts[column].map(lambda value: str(int(value) * 2) if value else value)
    path = folder / "fmp_doubled.csv"
    counts.to_csv(path, index=False)
    return path


def answer_pair(answer: Answer) -> tuple[str, int]:
    """(file the answer names as its source, individuals it counts)."""
    (source,) = [source for source in answer.sources if source["kind"] == "fmp"]
    return source["file_name"], int(answer.rows["individuals"].sum())


@pytest.fixture
def loaded(engine: Engine, reference: Reference) -> Engine:
    """The test's database holding the FMP example."""
    load_file(engine, "fmp", FLOWS_FILE, reference=reference)
    return engine


def test_a_snapshot_keeps_seeing_the_version_it_started_with(loaded, reference, tmp_path):
    doubled = doubled_flows(tmp_path)
    loader = make_engine(loaded.url.render_as_string(hide_password=False))
    with snapshot(loaded) as connection:
        before = active_datasets(connection)
        load_file(loader, "fmp", doubled, reference=reference)  # commits while the snapshot is open
        during = active_datasets(connection)
    after = active_datasets(loaded)
    loader.dispose()

    assert list(before["file_name"]) == list(during["file_name"]) == [FLOWS_FILE.name]
    assert list(after["file_name"]) == [doubled.name]


@pytest.fixture
def service(loaded: Engine) -> Iterator[ViewData]:
    """A service over ``loaded`` inside an app context with a real SimpleCache."""
    with service_in_app_context(loaded) as service:
        yield service


def test_a_load_landing_between_the_numbers_and_the_provenance_gives_one_version(
    service, reference, tmp_path
):
    doubled = doubled_flows(tmp_path)
    old = (FLOWS_FILE.name, flows_total(FLOWS_FILE))
    new = (doubled.name, flows_total(doubled))
    loader = make_engine(service.engine.url.render_as_string(hide_password=False))
    landed = []

    def load_after_the_counts_are_read(_connection, _cursor, statement: str, *_args: object) -> None:
        if not landed and "fmp_" in statement and "FROM dataset" not in statement:
            landed.append(load_file(loader, "fmp", doubled, reference=reference))

    event.listen(service.engine, "after_cursor_execute", load_after_the_counts_are_read)
    answer = service.flows(Filters(), ())
    event.remove(service.engine, "after_cursor_execute", load_after_the_counts_are_read)
    loader.dispose()

    assert landed, "the load did not land while the answer was computed"
    assert answer_pair(answer) in (old, new)
    assert old != new
    time.sleep(VERSION_TTL_S)
    assert answer_pair(service.flows(Filters(), ())) == new  # the load did land
