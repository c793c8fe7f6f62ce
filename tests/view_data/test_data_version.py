"""Warm answers need no database round trip; after a load, answers switch to the new data, never mixing two."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, event

from data_access.loading import load_file
from indicators.filters import Filters
from tests.conftest import EXAMPLES, service_in_app_context
from view_data import ViewData
from view_data import service as service_module

QUESTION = ("driver", Filters(), ("gender",))


def doubled_4mi(folder: Path) -> Path:
    """The 4Mi example with every respondent and base doubled: a new version with other numbers."""
    cells = pd.read_csv(EXAMPLES / "4mi_example.csv", dtype=str, keep_default_na=False)
    for column in ("respondents", "base"):
        cells[column] = (cells[column].astype(int) * 2).astype(str)
    path = folder / "4mi_doubled.csv"
    cells.to_csv(path, index=False)
    return path


@pytest.fixture
def service(engine: Engine, reference) -> Iterator[ViewData]:
    """A service over a database holding the 4Mi example, inside an app context with a real SimpleCache."""
    load_file(engine, "4mi", EXAMPLES / "4mi_example.csv", reference=reference, name="cells")
    with service_in_app_context(engine) as service:
        yield service


def statements_run(service: ViewData) -> list[str]:
    """The SQL statements the service's engine runs from now on."""
    run: list[str] = []
    event.listen(
        service.engine, "before_cursor_execute", lambda _c, _cu, statement, *_a: run.append(statement)
    )
    return run


def test_a_warm_answer_asks_the_database_nothing(service):
    first = service.fourmi(*QUESTION)
    run = statements_run(service)

    again = service.fourmi(*QUESTION)

    assert run == []
    pd.testing.assert_frame_equal(again.rows, first.rows)


def test_answers_show_a_new_load_once_the_version_is_read_again(service, reference, tmp_path):
    before = service.fourmi(*QUESTION)
    doubled = doubled_4mi(tmp_path)
    load_file(service.engine, "4mi", doubled, reference=reference, name="cells")

    time.sleep(service_module.VERSION_TTL_S)
    after = service.fourmi(*QUESTION)

    assert [s["file_name"] for s in before.sources] == ["4mi_example.csv"]
    assert [s["file_name"] for s in after.sources] == ["4mi_doubled.csv"]
    assert after.rows["base"].sum() > before.rows["base"].sum()


def test_an_answer_computed_while_a_load_lands_is_computed_again_from_the_new_data(
    service, reference, tmp_path, monkeypatch
):
    doubled = doubled_4mi(tmp_path)
    engine_call = service_module.indicator_engine.fourmi_indicator
    landed = []

    def load_lands_meanwhile(*args, **kwargs):
        answer = engine_call(*args, **kwargs)
        if not landed:  # the first computation reads the example; the load commits before it is cached
            landed.append(load_file(service.engine, "4mi", doubled, reference=reference, name="cells"))
        return answer

    monkeypatch.setattr(service_module.indicator_engine, "fourmi_indicator", load_lands_meanwhile)
    answer = service.fourmi(*QUESTION)
    fresh = engine_call(
        service.engine,
        QUESTION[0],
        QUESTION[1],
        QUESTION[2],
        service.profiles,
        service.rule,
        service.reference,
    )

    assert landed
    assert [s["file_name"] for s in answer.sources] == ["4mi_doubled.csv"]
    pd.testing.assert_frame_equal(answer.rows, fresh.rows)
    cached = service.fourmi(*QUESTION)  # within the version's lifetime: from the cache, still the new data
    pd.testing.assert_frame_equal(cached.rows, fresh.rows)
