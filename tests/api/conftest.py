"""One app per module over the shared database loaded with the example files (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from tests.conftest import config_of, dashboard_app
from view_data import ViewData


@pytest.fixture(scope="module")
def dash_app(loaded_engine: Engine) -> Iterator[Dash]:
    """The dashboard over the loaded database (the 4Mi example flagged synthetic); read only."""
    yield from dashboard_app(loaded_engine)


@pytest.fixture(scope="module")
def app(dash_app: Dash) -> Flask:
    """The Flask server of the app."""
    return dash_app.server


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture(scope="module")
def service(loaded_engine: Engine, dash_app: Dash) -> ViewData:
    """The app's service (its memoised answers need an app context)."""
    del dash_app
    return ViewData.for_config(config_of(loaded_engine))
