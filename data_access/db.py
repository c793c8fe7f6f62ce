"""Engine creation, read snapshots, query budgets and schema migration (Alembic) for SQLite and PostgreSQL."""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30.0  # a writer waits this long for another writer; readers never wait (WAL)
SQLITE_PROGRESS_STEPS = 10_000  # virtual-machine steps between two checks of a statement's deadline
IDLE_IN_TRANSACTION_MS = 30_000  # an answer's snapshot left open this long between statements is ended
CONNECT_TIMEOUT_S = 5  # an unreachable PostgreSQL fails a request after this long, not the OS's minutes
DATABASE_PROBLEMS = (exc.OperationalError, exc.InterfaceError)  # unreachable, locked, not migrated, too slow


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """Foreign keys on; write-ahead log so that a load never blocks readers; transactions begun by us."""
    dbapi_connection.isolation_level = None  # the driver's own BEGIN skips reads: ``_begin_sqlite`` instead
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    """Begin every transaction, reads included, so that all reads of one transaction see one snapshot."""
    connection.exec_driver_sql("BEGIN")


def _sqlite_budget(engine: Engine, budget_ms: int) -> None:
    """Interrupt any statement of ``engine`` still running ``budget_ms`` after it started."""

    def install(dbapi_connection: sqlite3.Connection, record: object) -> None:
        deadline = [math.inf]
        record.info["deadline"] = deadline  # type: ignore[attr-defined]
        dbapi_connection.set_progress_handler(lambda: time.monotonic() > deadline[0], SQLITE_PROGRESS_STEPS)

    def start(connection: Connection, *_args: object) -> None:
        connection.info["deadline"][0] = time.monotonic() + budget_ms / 1000

    event.listen(engine, "connect", install)
    event.listen(engine, "before_cursor_execute", start)


def _postgres_url(url: URL, statement_timeout_ms: int | None) -> URL:
    """``url`` with server-side limits on each statement and on an idle open transaction (kept options too)."""
    if statement_timeout_ms is None:
        return url
    given = url.query.get("options") or ""
    limits = (
        f"-c statement_timeout={statement_timeout_ms} "
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
    )
    options = " ".join(part for part in (*([given] if isinstance(given, str) else given), limits) if part)
    return url.update_query_dict({"options": options})


def make_engine(database_url: str, *, statement_timeout_ms: int | None = None) -> Engine:
    """Create an engine; SQLite gets its file's folder, foreign keys, WAL and snapshot reads.

    ``statement_timeout_ms`` bounds every statement (the web's engines); None (loads, migrations,
    the command line) leaves them unbounded. A statement past it raises an error that
    :func:`is_query_timeout` recognises.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        if statement_timeout_ms is not None:
            _sqlite_budget(engine, statement_timeout_ms)
        return engine
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    return create_engine(
        _postgres_url(url, statement_timeout_ms), pool_pre_ping=True, connect_args=connect_args
    )


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction: every read through it sees the database as it was at its first read.

    PostgreSQL: REPEATABLE READ, read only. SQLite: one transaction (WAL gives it a snapshot).
    """
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with connection.begin():
            yield connection


def is_query_timeout(error: BaseException) -> bool:
    """Whether ``error`` is a statement cut at its budget (``make_engine``'s ``statement_timeout_ms``)."""
    orig = getattr(error, "orig", None)
    if isinstance(orig, psycopg.errors.QueryCanceled):
        return True
    return isinstance(orig, sqlite3.OperationalError) and str(orig) == "interrupted"


def alembic_config(engine: Engine) -> AlembicConfig:
    """An Alembic configuration pointing at this project's migrations and ``engine``."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the latest migration."""
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def schema_status(engine: Engine) -> tuple[bool, str]:
    """(whether the database can be used, why not): reachable and migrated to the latest schema."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision() == head
    except DATABASE_PROBLEMS as error:
        return False, f"{'too slow' if is_query_timeout(error) else 'unreachable'} ({type(error).__name__})"
    return current, "migrated" if current else "not migrated to the latest schema"


@contextmanager
def connect(bind: Engine | Connection) -> Iterator[Connection]:
    """A connection from an Engine (closed afterwards) or the Connection itself (left open)."""
    if isinstance(bind, Connection):
        yield bind
        return
    with bind.connect() as connection:
        yield connection
