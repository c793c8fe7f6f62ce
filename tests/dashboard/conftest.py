"""One dashboard per module over a SQLite database loaded with the example files (read only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dash import Dash
from sqlalchemy import Engine

from tests.conftest import config_of, dashboard_app
from view_data import ViewData


@pytest.fixture(scope="module")
def app(loaded_sqlite: Engine) -> Iterator[Dash]:
    """The dashboard over the loaded database, the 4Mi example flagged synthetic; read only."""
    yield from dashboard_app(loaded_sqlite)


@pytest.fixture(scope="module")
def service(app: Dash, loaded_sqlite: Engine) -> ViewData:
    """The app's service (memoised answers need a request or app context of ``app``)."""
    del app
    return ViewData.for_config(config_of(loaded_sqlite))
