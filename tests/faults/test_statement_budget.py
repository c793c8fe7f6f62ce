"""The web's statements are cut at their budget: a slow statement stops there, and a request held up by
the database gets the "took too long" answer (503), never a traceback; loads are not limited."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from data_access.db import is_query_timeout, make_engine
from tests.faults.conftest import app_through
from tests.tcp_proxy import TcpProxy

BUDGET_MS = 300
SLOW_SQLITE = (  # about a hundred million steps: seconds of work, whatever the data
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT count(*) FROM c"
)


def _cut_at_the_budget(engine: sa.Engine, statement: str) -> float:
    """Seconds ``statement`` ran before it was cut (fails if it was not cut at its budget)."""
    started = time.monotonic()
    with pytest.raises(sa.exc.OperationalError) as cut, engine.connect() as connection:
        connection.exec_driver_sql(statement).all()
    assert is_query_timeout(cut.value)
    return time.monotonic() - started


def test_sqlite_statement_past_its_budget_is_interrupted_and_the_connection_still_works(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'budget.sqlite'}", statement_timeout_ms=BUDGET_MS)
    seconds = _cut_at_the_budget(engine, SLOW_SQLITE)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT 41 + 1").scalar_one() == 42
    engine.dispose()
    assert seconds < 5  # unbounded, the statement runs for many seconds


def test_sqlite_engine_without_a_budget_is_not_limited(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'loads.sqlite'}")
    with engine.connect() as connection:
        counted = connection.exec_driver_sql(SLOW_SQLITE.replace("100000000", "2000000")).scalar_one()
    engine.dispose()
    assert counted == 2_000_000


def test_postgresql_statement_past_its_budget_is_cancelled(faults_database: URL):
    engine = make_engine(
        faults_database.render_as_string(hide_password=False), statement_timeout_ms=BUDGET_MS
    )
    seconds = _cut_at_the_budget(engine, "SELECT pg_sleep(10)")
    engine.dispose()
    assert seconds < 5


@pytest.fixture
def locked_datasets(faults_database: URL) -> Iterator[None]:
    """The dataset table locked by another transaction (as a long migration would) until the test ends."""
    holder = sa.create_engine(faults_database.render_as_string(hide_password=False))
    with holder.connect() as connection, connection.begin():
        connection.exec_driver_sql("LOCK TABLE dataset IN ACCESS EXCLUSIVE MODE")
        yield
    holder.dispose()


def test_request_held_up_past_its_budget_gets_the_took_too_long_answer(
    faults_database: URL, proxy: TcpProxy, locked_datasets: None
):
    for app in app_through(faults_database, proxy, statement_timeout_ms=BUDGET_MS):
        client = app.server.test_client()
        api = client.get("/api/v1/datasets")
        page = client.get("/")

    assert api.status_code == 503
    assert "This view took too long" in api.get_json()["error"]["message"]
    assert page.status_code == 503
    assert "Narrow the filters" in page.get_data(as_text=True)
