"""The default view is computed before its first visitor: at start-up, after a load, into a shared cache."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash
from sqlalchemy import Engine, event
from typer.testing import CliRunner

from core.config import Config
from dashboard.cli import cli
from dashboard.warm import start_keeping_warm, warm_default_view
from data_access.loading import load_file
from tests.conftest import (
    EXAMPLES,
    config_of,
    dashboard_app,
    load_examples,
    page_registry_restored,
    sqlite_engine,
)
from tests.view_data.test_data_version import doubled_4mi
from view_data import ViewData
from view_data.service import VERSION_TTL_S

VERSION_QUERY = "max(dataset.id)"
REDIS_URL = "redis://127.0.0.1:6379/0"


def statements_run(engine: Engine) -> list[tuple[str, str]]:
    """(thread name, statement) of every SQL statement ``engine`` runs from now on."""
    run: list[tuple[str, str]] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda _c, _cu, statement, *_a: run.append((threading.current_thread().name, statement)),
    )
    return run


def answers_computed(run: list[tuple[str, str]]) -> list[str]:
    """The statements that computed something (every one but the data version's and SQLite's BEGIN)."""
    return [
        statement
        for _thread, statement in run
        if VERSION_QUERY not in statement.lower() and statement != "BEGIN"
    ]


@pytest.fixture
def engine(tmp_path: Path, migrated_sqlite_file: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite database (warming asks the service layer, whichever the database)."""
    engine = sqlite_engine(tmp_path / "app.sqlite", migrated_sqlite_file)
    yield engine
    engine.dispose()


@pytest.fixture
def app(engine: Engine, reference) -> Iterator[Dash]:
    """The dashboard over a database holding every example file (a fresh in-process cache)."""
    load_examples(engine, reference)
    yield from dashboard_app(engine)


def test_after_precomputing_the_default_view_it_is_served_without_computing(app, engine):
    service = ViewData.for_config(config_of(engine))
    run = statements_run(service.engine)
    warm_default_view(app, service)
    assert any("fourmi" in statement for _thread, statement in run)  # it did compute the 4Mi answers

    run.clear()
    warm_default_view(app, service)

    assert answers_computed(run) == []


def test_a_server_process_computes_the_default_view_again_after_a_load(
    app, engine, reference, tmp_path, caplog
):
    caplog.set_level(logging.INFO, logger="dashboard.warm")
    service = ViewData.for_config(config_of(engine))
    stop = start_keeping_warm(app, service)
    try:
        wait_for(lambda: computed_for(caplog, service.data_version()))
        load_file(service.engine, "4mi", doubled_4mi(tmp_path), reference=reference, name="4mi")
        new_version = service._read_version()

        wait_for(lambda: computed_for(caplog, new_version))
        run = statements_run(service.engine)
        warm_default_view(app, service)
    finally:
        stop.set()

    assert answers_computed(run) == []
    assert service.datasets().set_index("kind").loc["4mi", "file_name"] == "4mi_doubled.csv"


def computed_for(caplog: pytest.LogCaptureFixture, version: int) -> bool:
    """Whether the keep-warm thread said it computed the default view of ``version``."""
    return any(f"data version {version} computed" in record.getMessage() for record in caplog.records)


def test_a_load_command_fills_a_shared_cache_the_servers_then_answer_from(
    engine, reference, tmp_path, monkeypatch
):
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CACHE_REDIS_URL", REDIS_URL)
    load_examples(engine, reference)
    path = doubled_4mi(tmp_path)  # a new version, so the cache holds nothing of it yet

    result = CliRunner().invoke(cli, ["ingest", "4mi", str(path), "--name", "4mi"])
    assert result.exit_code == 0, result.output
    assert "warmed:" in result.output

    config = Config.from_env()
    assert config.cache_type == "RedisCache"
    with page_registry_restored():
        from dashboard.app import create_app

        server_app = create_app(config)
        service = ViewData.for_config(config)
        run = statements_run(service.engine)
        warm_default_view(server_app, service)
        service.engine.dispose()
    assert answers_computed(run) == []


def test_an_in_process_cache_is_not_filled_by_a_load_command(engine, reference, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.delenv("CACHE_REDIS_URL", raising=False)
    monkeypatch.delenv("CACHE_TYPE", raising=False)

    result = CliRunner().invoke(cli, ["ingest", "4mi", str(EXAMPLES / "4mi_example.csv")])

    assert result.exit_code == 0, result.output
    assert "warmed:" not in result.output


def wait_for(condition, timeout_s: float = 60.0) -> None:
    """Wait until ``condition()`` holds (checked every tenth of a second); fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s + VERSION_TTL_S
    while not condition():
        assert time.monotonic() < deadline, "the default view was not computed"
        time.sleep(0.1)
