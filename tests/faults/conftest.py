"""A PostgreSQL database of this process's own, loaded with the example files, reached through a TCP proxy."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy.engine import URL, make_url
from werkzeug.test import TestResponse

from core.config import Config
from data_access.db import make_engine, migrate
from data_access.reference import Reference
from tests.conftest import EXAMPLES, POSTGRES_URL, load_examples, page_registry_restored
from tests.tcp_proxy import TcpProxy
from view_data import ViewData

FLOWS_FILE = EXAMPLES / "fmp_example.csv"


def flows_total(path: Path) -> int:
    """Individuals counted in an FMP file, summed from the file itself."""
    return int(pd.read_csv(path)["n"].sum())


def flows_pair(response: TestResponse) -> tuple[str, int] | None:
    """(file named as the source, individuals) of an ``/api/v1/flows`` answer; None unless it is a 200."""
    if response.status_code != 200:
        return None
    body = response.get_json()
    (counts,) = [source for source in body["sources"] if source["kind"] == "fmp"]
    return counts["file_name"], sum(row["individuals"] for row in body["rows"])


def served_flows(client: FlaskClient) -> tuple[str, int]:
    """(file named as the source, individuals) of the flows total the API serves; fails on any other status."""
    response = client.get("/api/v1/flows")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    pair = flows_pair(response)
    assert pair is not None
    return pair


@pytest.fixture(scope="module")
def faults_database(reference: Reference) -> Iterator[URL]:
    """A database ``faults_<pid>`` migrated and loaded with the example files; dropped afterwards."""
    name = f"faults_{os.getpid()}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_URL).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        migrate(engine)
        load_examples(engine, reference)
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def proxy(faults_database: URL) -> Iterator[TcpProxy]:
    """A proxy in front of the PostgreSQL server of ``faults_database``."""
    with TcpProxy(faults_database.port or 5432) as running:
        yield running


def app_through(url: URL, proxy: TcpProxy, **settings: object) -> Iterator[Dash]:
    """The dashboard reading ``url``'s database through ``proxy``; its connections closed afterwards."""
    from dashboard.app import create_app

    through = url.set(host="127.0.0.1", port=proxy.port)
    config = Config(database_url=through.render_as_string(hide_password=False), **settings)
    with page_registry_restored():
        yield create_app(config)
        ViewData.for_config(config).engine.dispose()
