"""An app over a database loaded with the example files (synthetic flag as the test needs)."""

from __future__ import annotations

import pytest

from core.config import Config
from dashboard.app import create_app
from data_access.db import make_engine, migrate
from data_access.loading import load_file
from tests.conftest import EXAMPLE_LOADS


def loaded_app(tmp_path, examples, *, synthetic: bool):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    engine = make_engine(url)
    migrate(engine)
    for kind, name in EXAMPLE_LOADS:
        load_file(engine, kind, examples / name, synthetic=synthetic)
    engine.dispose()
    return create_app(Config(database_url=url))


@pytest.fixture
def app(tmp_path, examples):
    """The dashboard over the example files, flagged synthetic."""
    return loaded_app(tmp_path, examples, synthetic=True)
