"""One app per module over a database loaded with the example files (SQLite)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine

from tests.conftest import dashboard_app


@pytest.fixture(scope="module")
def dash_app(loaded_sqlite: Engine) -> Iterator[Dash]:
    """The dashboard over the example files; read only."""
    yield from dashboard_app(loaded_sqlite)


@pytest.fixture(scope="module")
def client(dash_app: Dash) -> FlaskClient:
    """A test client of the app."""
    return dash_app.server.test_client()
