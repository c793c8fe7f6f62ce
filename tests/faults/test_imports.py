"""Imports through the real command line while the dashboard serves: a killed import changes nothing
served, and on SQLite readers never wait for an import (no 500, each answer entirely old or entirely new)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from core.config import DATA_DIR, PROJECT_ROOT, Config
from data_access.demo.generator import generated_data
from tests.conftest import load_examples, page_registry_restored, sqlite_engine
from tests.faults.conftest import FLOWS_FILE, app_through, flows_pair, flows_total, served_flows
from tests.tcp_proxy import TcpProxy
from view_data import ViewData
from view_data.service import VERSION_TTL_S

READERS = 20
READ_PAUSE_S = 0.02  # between two reads of one reader: the import shares the machine's two cores
IMPORT_LIMIT_S = 120


@pytest.fixture(scope="module")
def large_flows_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three months of the demo's synthetic FMP counts (about 7,000 rows): an import taking seconds."""
    (data,) = generated_data(
        region_dir=DATA_DIR / "regions" / "west-north-africa",
        kinds=("fmp",),
        period_from="2023-01",
        period_to="2023-03",
    )
    path = tmp_path_factory.mktemp("large") / "fmp_three_months.csv"
    with path.open("w", encoding="utf-8") as out:
        for number, chunk in enumerate(data.chunks()):
            chunk.to_csv(out, header=number == 0, index=False)
    return path


def ingest(database_url: str, path: Path) -> subprocess.Popen:
    """``python -m dashboard ingest fmp PATH`` into ``database_url``, started (not awaited)."""
    env = {**os.environ, "DATABASE_URL": database_url, "CACHE_TYPE": "NullCache"}
    env.pop("CACHE_REDIS_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", "ingest", "fmp", str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _writing_backends(admin: sa.Engine, database: str) -> int:
    """Sessions of ``database`` inside a transaction that has written something (not yet committed)."""
    with admin.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND backend_xid IS NOT NULL "
                "AND pid <> pg_backend_pid()"
            ),
            {"db": database},
        ).scalar_one()


def test_an_import_killed_mid_way_changes_nothing_served(
    faults_database: URL, proxy: TcpProxy, large_flows_file: Path
):
    admin = sa.create_engine(faults_database.render_as_string(hide_password=False))
    for app in app_through(faults_database, proxy):
        client = app.server.test_client()
        before = served_flows(client)
        loading = ingest(faults_database.render_as_string(hide_password=False), large_flows_file)
        deadline = time.monotonic() + IMPORT_LIMIT_S
        while _writing_backends(admin, faults_database.database) == 0:  # its rows are being written
            assert loading.poll() is None, loading.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        loading.send_signal(signal.SIGKILL)
        loading.wait()
        while _writing_backends(admin, faults_database.database):  # the server has rolled it back
            time.sleep(0.05)
        time.sleep(VERSION_TTL_S)

        assert loading.returncode == -signal.SIGKILL
        assert served_flows(client) == before == (FLOWS_FILE.name, flows_total(FLOWS_FILE))
    admin.dispose()


def test_sqlite_import_while_twenty_readers_read_gives_no_error_and_no_mixed_answer(
    tmp_path, migrated_sqlite_file, reference, large_flows_file
):
    engine = load_examples(sqlite_engine(tmp_path / "served.sqlite", migrated_sqlite_file), reference)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    old = (FLOWS_FILE.name, flows_total(FLOWS_FILE))
    new = (large_flows_file.name, flows_total(large_flows_file))
    answers: list[tuple[int, tuple[str, int] | None]] = []
    from dashboard.app import create_app  # imports every page: only for the tests that need it

    with page_registry_restored():
        app = create_app(Config(database_url=url))
        loading = ingest(url, large_flows_file)

        def read() -> None:
            client = app.server.test_client()
            started = time.monotonic()
            while loading.poll() is None and time.monotonic() - started < IMPORT_LIMIT_S:
                response = client.get("/api/v1/flows")
                answers.append((response.status_code, flows_pair(response)))
                time.sleep(READ_PAUSE_S)

        readers = [threading.Thread(target=read) for _ in range(READERS)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        loading.wait()
        time.sleep(VERSION_TTL_S)
        final = served_flows(app.server.test_client())
        ViewData.for_config(Config(database_url=url)).engine.dispose()

    assert loading.returncode == 0, loading.stderr.read().decode()
    assert len(answers) >= READERS
    assert {status for status, _pair in answers} == {200}
    assert old in {pair for _status, pair in answers}  # the readers read while the import ran
    assert {pair for _status, pair in answers} <= {old, new}
    assert final == new
