"""An app over a database loaded with the example files (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from core.config import Config
from dashboard.app import create_app
from data_access.loading import load_file

EXAMPLE_FILES = [
    ("4mi", "4mi_example.csv", True),
    ("fmp", "fmp_example.csv", False),
    ("fmp-demographics", "fmp_demographics_example.csv", False),
    ("mmp", "mmp_current_export.csv", False),
]


@pytest.fixture
def loaded(engine, examples):
    """The database with the example files; the 4Mi file is flagged synthetic."""
    for kind, name, synthetic in EXAMPLE_FILES:
        load_file(engine, kind, examples / name, synthetic=synthetic)
    return engine


@pytest.fixture
def app(loaded):
    """The dashboard app reading the loaded database."""
    dash_app = create_app(Config(database_url=loaded.url.render_as_string(hide_password=False)))
    yield dash_app.server
    dash_app.server.extensions["database"].dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()
