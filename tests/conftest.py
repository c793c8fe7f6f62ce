"""Shared fixtures: real databases (SQLite file and PostgreSQL schema), reference data and example files.

Databases come in two lifetimes:

* ``engine`` (function scope): a migrated, empty database of its own, for tests that write
  (loading, replacement, rollback). The SQLite one is a copy of a file migrated once per
  session, so only PostgreSQL pays for a migration per test.
* ``loaded_engine`` (module scope): a database loaded with the example files, shared by the
  tests of a module that only read it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import Engine

from core.config import DATA_DIR, Config
from data_access.db import make_engine, migrate
from data_access.loading import load_file
from data_access.reference import Reference, load_reference
from view_data import ViewData, cache

if TYPE_CHECKING:
    from dash import Dash

EXAMPLES = Path(__file__).parent / "examples"
REGIONS_DIR = DATA_DIR / "regions"
REFERENCE_DIR = DATA_DIR / "reference"
EXAMPLE_LOADS = [  # kind, file: one example of each loadable source
    ("4mi", "4mi_example.csv"),
    ("fmp", "fmp_example.csv"),
    ("fmp-demographics", "fmp_demographics_example.csv"),
    ("mmp", "mmp_current_export.csv"),
]
SYNTHETIC_EXAMPLES = frozenset({"4mi"})  # the example 4Mi file is flagged synthetic where loaded shared
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last (otherwise in collection order).

    Besides quick failures first, this spreads them over the workers: pytest-xdist hands out
    the first tests in large consecutive chunks and the last ones a few at a time.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def example_reference() -> Reference:
    """The reference data of the project's region profiles (read once per process)."""
    return load_reference(REGIONS_DIR, REFERENCE_DIR)


def load_examples(
    engine: Engine, reference: Reference, *, synthetic: Collection[str] = SYNTHETIC_EXAMPLES
) -> Engine:
    """Load every example file into ``engine``; kinds in ``synthetic`` are flagged synthetic."""
    for kind, name in EXAMPLE_LOADS:
        load_file(engine, kind, EXAMPLES / name, reference=reference, synthetic=kind in synthetic)
    return engine


@pytest.fixture(scope="session")
def reference() -> Reference:
    """Reference data every importer validates against."""
    return example_reference()


@pytest.fixture(scope="session")
def examples() -> Path:
    """Folder of the tiny example files of each data contract."""
    return EXAMPLES


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session; function-scoped databases are copies of it."""
    path = tmp_path_factory.mktemp("migrated") / "template.sqlite"
    template = make_engine(f"sqlite:///{path}")
    migrate(template)
    template.dispose()
    return path


def sqlite_engine(path: Path, template: Path) -> Engine:
    """A migrated, empty SQLite database at ``path`` (a copy of the migrated ``template``)."""
    shutil.copyfile(template, path)
    return make_engine(f"sqlite:///{path}")


def postgres_engine() -> Iterator[Engine]:
    """A PostgreSQL schema of its own (empty, not migrated), dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is required for the data-layer tests and is not reachable at {POSTGRES_URL}: {exc}"
        )
    engine = make_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _database(backend: str, folder: Path, template: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        engine = sqlite_engine(folder / "test.sqlite", template)
        yield engine
        engine.dispose()
    else:
        for engine in postgres_engine():
            migrate(engine)
            yield engine


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite_file: Path) -> Iterator[Engine]:
    """A migrated, empty database of this test: a SQLite file, then a PostgreSQL schema."""
    yield from _database(request.param, tmp_path, migrated_sqlite_file)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded_engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_sqlite_file: Path,
    reference: Reference,
) -> Iterator[Engine]:
    """A database with every example file (the 4Mi one flagged synthetic), shared by a module: read only."""
    folder = tmp_path_factory.mktemp("loaded")
    for engine in _database(request.param, folder, migrated_sqlite_file):
        yield load_examples(engine, reference)


@pytest.fixture(scope="module")
def loaded_sqlite(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path, reference: Reference
) -> Iterator[Engine]:
    """A SQLite database with every example file (the 4Mi one flagged synthetic), shared by a module: read only."""
    engine = sqlite_engine(tmp_path_factory.mktemp("loaded") / "app.sqlite", migrated_sqlite_file)
    yield load_examples(engine, reference)
    engine.dispose()


def config_of(engine: Engine) -> Config:
    """The configuration of a dashboard reading ``engine``'s database."""
    return Config(database_url=engine.url.render_as_string(hide_password=False))


@contextmanager
def service_in_app_context(engine: Engine) -> Iterator[ViewData]:
    """A service over ``engine``'s database inside an app context with a real SimpleCache."""
    app = Flask(__name__)
    app.config.update(CACHE_TYPE="SimpleCache")
    cache.init_app(app)
    service = ViewData(config_of(engine))
    with app.app_context():
        yield service
    service.engine.dispose()


@contextmanager
def page_registry_restored() -> Iterator[None]:
    """Put Dash's page registry back as it was (``create_app`` replaces it for the whole process)."""
    import dash

    before = dict(dash.page_registry)
    try:
        yield
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(before)


def dashboard_app(engine: Engine) -> Iterator[Dash]:
    """The dashboard app reading ``engine``'s database; its service's connections closed afterwards.

    Dash keeps one page registry per process and ``create_app`` replaces it: the registry of
    the apps created before is put back afterwards, so apps may nest (a module's, then a test's).
    """
    yield from app_of_config(config_of(engine))


def app_of_config(config: Config) -> Iterator[Dash]:
    """The dashboard app of ``config``; its service's connections closed afterwards (see :func:`dashboard_app`)."""
    from dashboard.app import create_app  # imports every page: only for the tests that need it

    with page_registry_restored():
        yield create_app(config)
        ViewData.for_config(config).engine.dispose()
