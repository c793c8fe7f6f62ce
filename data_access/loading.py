"""All-or-nothing loading of a validated file, with content-hash provenance.

A load validates the whole file first, then, in one transaction, inserts the new
rows, removes the rows of the version it replaces and flips the provenance
record. Any failure rolls back, so the previous version stays what is served.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from psycopg.sql import SQL, Identifier
from sqlalchemy import Connection, Dialect, Engine, Table, delete, insert, literal, select, update
from tqdm import tqdm

from data_access.db import connect
from data_access.importers import importer_for
from data_access.importers.base import Importer, ParsedFile
from data_access.models import Dataset
from data_access.readers import sha256_of
from data_access.reference import Reference
from data_access.summaries import refresh_summaries

INSERT_CHUNK_ROWS = 50_000
BULK_MAINTENANCE_WORK_MEM = "512MB"
BULK_WORK_MEM = "256MB"
Origin = Literal["demo", "user"]


class RealDataProtectedError(ValueError):
    """A synthetic file would have replaced real data; nothing was loaded."""


@dataclass(frozen=True)
class LoadResult:
    """What a load did."""

    kind: str
    name: str
    dataset_id: int
    rows: int
    sha256: str
    status: Literal["loaded", "replaced", "unchanged"]


def load_file(
    engine: Engine,
    kind: str,
    path: Path,
    *,
    reference: Reference,
    name: str | None = None,
    synthetic: bool = False,
    origin: Origin = "user",
    progress: bool = False,
    retire: Collection[str] = (),
) -> LoadResult:
    """Validate ``path`` as ``kind`` and make it the active version of dataset ``name``.

    ``name`` defaults to the kind, so a new file of a kind replaces the previous one;
    give several datasets of one kind different names to keep them side by side.
    Loading the same bytes again changes nothing. A synthetic file never replaces real
    data: that raises :class:`RealDataProtectedError` before anything is read.
    ``origin`` records who loaded it: the demo (``demo``) or a person (``user``). Datasets of the
    kind named in ``retire`` are replaced too, in the same transaction (see :func:`store`); a
    person's file also replaces every demo dataset of its kind (each profile's), which the demo
    then leaves alone.
    """
    importer = importer_for(kind, reference)
    name = name or kind
    if origin == "user":
        retire = [*retire, *_demo_names(engine, kind)]
    digest = sha256_of(path)
    unchanged = unchanged_result(
        engine, importer, name, file_name=path.name, digest=digest, synthetic=synthetic, retire=retire
    )
    if unchanged is not None:
        return unchanged
    parsed = importer.parse(path)
    return store(
        engine,
        importer,
        name,
        [parsed],
        file_name=path.name,
        digest=digest,
        synthetic=synthetic,
        origin=origin,
        progress=progress,
        expected_rows=len(parsed.rows),
        retire=retire,
    )


def unchanged_result(
    engine: Engine,
    importer: Importer,
    name: str,
    *,
    file_name: str,
    digest: str | Callable[[], str],
    synthetic: bool,
    retire: Collection[str] = (),
) -> LoadResult | None:
    """The result of a load that would change nothing (same content, flag and derivation), else None.

    ``digest`` is the content hash, or a function computing it, called only when an active
    version could be the same. A load that would retire an active dataset (``retire``) changes
    something. Raises :class:`RealDataProtectedError` when synthetic data would replace real data.
    """
    kind = importer.kind
    with engine.connect() as connection:
        current = _active(connection, kind, name)
        retiring = any(_active(connection, kind, other) is not None for other in retire)
    if current is not None and synthetic and not current.synthetic:
        raise RealDataProtectedError(
            f"{file_name}: synthetic data would replace the real dataset '{name}' ({kind}, "
            f"{current.rows} rows from {current.file_name}); nothing was loaded. "
            "Real data is replaced only by loading another real file."
        )
    if current is None or retiring:
        return None
    if current.synthetic != synthetic or current.derivation != importer.derivation:
        return None
    content_hash = digest if isinstance(digest, str) else digest()
    if current.sha256 == content_hash:
        return LoadResult(kind, name, current.id, current.rows, content_hash, "unchanged")
    return None


def store(
    engine: Engine,
    importer: Importer,
    name: str,
    parts: Iterable[ParsedFile],
    *,
    file_name: str,
    digest: str | Callable[[], str],
    synthetic: bool,
    origin: Origin,
    progress: bool = False,
    expected_rows: int | None = None,
    retire: Collection[str] = (),
) -> LoadResult:
    """Make the rows of ``parts`` the active version of dataset ``name`` in one transaction.

    ``parts`` are converted rows of one file (one part) or of a stream of chunks, inserted as they
    come; ``digest`` is the content hash, or a function giving it once every part is read.
    ``expected_rows`` (unknown for a stream) sizes the progress bar. Inserts the provenance row and
    the rows, removes the rows of the version it replaces, flips the active flag and rebuilds the
    summary tables; any failure, in any part, rolls everything back. The active datasets of the kind
    named in ``retire`` (other names this one supersedes) are removed in the same transaction, so no
    reader sees both, and the new dataset id changes the data version.
    """
    kind = importer.kind
    now = dt.datetime.now(dt.UTC)
    parts = iter(parts)
    first = next(parts, None)
    if first is None:
        raise ValueError(f"{file_name}: no rows to load")
    with engine.begin() as connection:
        _tune_for_bulk_load(connection)
        previous = _active(connection, kind, name)
        dataset_id = connection.execute(
            insert(Dataset).returning(Dataset.id),
            {
                "kind": kind,
                "name": name,
                "file_name": file_name,
                "sha256": "",
                "rows": 0,
                "loaded_at": now,
                "schema_version": first.schema_version,
                "licence": importer.licence,
                "credit": importer.credit,
                "synthetic": synthetic,
                "origin": origin,
                "derivation": importer.derivation,
                "active": False,
            },
        ).scalar_one()
        tables = [importer.table, *first.related]
        bar = tqdm(
            total=expected_rows,
            desc=f"loading {file_name}",
            unit=" rows",
            unit_scale=True,
            disable=not progress,
        )
        rows = 0
        with bar:  # open until the summaries are built, so a long silence says what it is
            with ExitStack() as indexes:
                for table in tables:
                    indexes.enter_context(_indexes_built_after(connection, table, expected_rows))
                for parsed in itertools.chain([first], parts):
                    _insert_rows(connection, importer.table, parsed.rows, dataset_id, bar)
                    for table, related in parsed.related.items():
                        _insert_rows(connection, table, related, dataset_id, None)
                    rows += len(parsed.rows)
                bar.set_postfix_str("building indexes and summary tables", refresh=True)
            retired = [_active(connection, kind, other) for other in retire if other != name]
            removed = [old.id for old in [previous, *retired] if old is not None]
            for old_id in removed:
                for table in tables:
                    connection.execute(delete(table).where(table.c.dataset_id == old_id))
                connection.execute(
                    update(Dataset).where(Dataset.id == old_id).values(active=False, replaced_at=now)
                )
            content_hash = digest if isinstance(digest, str) else digest()
            connection.execute(
                update(Dataset)
                .where(Dataset.id == dataset_id)
                .values(active=True, rows=rows, sha256=content_hash)
            )
            refresh_summaries(connection, kind, [dataset_id, *removed])
    status = "replaced" if removed else "loaded"
    return LoadResult(kind, name, dataset_id, rows, content_hash, status)


def active_datasets(bind: Engine | Connection) -> pd.DataFrame:
    """Provenance of every active dataset, newest first."""
    statement = (
        select(
            Dataset.id,
            Dataset.kind,
            Dataset.name,
            Dataset.file_name,
            Dataset.sha256,
            Dataset.rows,
            Dataset.loaded_at,
            Dataset.schema_version,
            Dataset.licence,
            Dataset.credit,
            Dataset.synthetic,
            Dataset.origin,
        )
        .where(Dataset.active.is_(True))
        .order_by(Dataset.kind, Dataset.name)
    )
    with connect(bind) as connection:
        return pd.DataFrame(
            connection.execute(statement).mappings().all(), columns=list(statement.selected_columns.keys())
        )


def _demo_names(engine: Engine, kind: str) -> list[str]:
    """Names of the active demo datasets of ``kind``."""
    statement = select(Dataset.name).where(
        Dataset.kind == kind, Dataset.active.is_(True), Dataset.origin == "demo"
    )
    with engine.connect() as connection:
        return list(connection.execute(statement).scalars())


def _active(connection: Connection, kind: str, name: str) -> Dataset | None:
    row = connection.execute(
        select(
            Dataset.id, Dataset.sha256, Dataset.synthetic, Dataset.rows, Dataset.file_name, Dataset.derivation
        ).where(Dataset.kind == kind, Dataset.name == name, Dataset.active.is_(True))
    ).first()
    return row  # type: ignore[return-value]


def _tune_for_bulk_load(connection: Connection) -> None:
    """On PostgreSQL, give this transaction's index builds and summaries' GROUP BYs more memory, and skip
    the foreign-key check of each inserted row when the role may (a superuser).

    The only foreign key of the loaded tables is ``dataset_id``, which every row of a load gets
    from the provenance row the same transaction inserted, so the per-row check (half of the
    server's time in ``COPY``) can never fail. ``SET LOCAL`` ends with the transaction.
    """
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{BULK_MAINTENANCE_WORK_MEM}'")
    connection.exec_driver_sql(f"SET LOCAL work_mem = '{BULK_WORK_MEM}'")
    if connection.exec_driver_sql("SELECT current_setting('is_superuser')").scalar_one() == "on":
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")


def _insert_rows(
    connection: Connection, table: Table, rows: pd.DataFrame, dataset_id: int, bar: tqdm | None
) -> None:
    """Bulk-insert ``rows``: ``COPY ... FROM STDIN`` on PostgreSQL, large ``executemany`` batches elsewhere."""
    frame = _bound(rows.assign(dataset_id=dataset_id), table, connection.dialect)
    columns = list(frame.columns)
    with closing(connection.connection.cursor()) as cursor:
        if connection.dialect.name == "postgresql":
            statement = SQL("COPY {} ({}) FROM STDIN").format(
                Identifier(table.name), SQL(", ").join(map(Identifier, columns))
            )
            with cursor.copy(statement) as copy:
                for chunk in _chunks(frame):
                    for row in chunk:
                        copy.write_row(row)
                    if bar is not None:
                        bar.update(len(chunk))
            return
        statement = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        for chunk in _chunks(frame):
            cursor.executemany(statement, chunk)
            if bar is not None:
                bar.update(len(chunk))


@contextmanager
def _indexes_built_after(connection: Connection, table: Table, rows: int | None) -> Iterator[None]:
    """Drop a table's indexes for an insert of several chunks (or of a stream, ``rows`` None) and
    rebuild them after it.

    Building an index once from every row costs less than updating it row by row (on SQLite a
    fifth of the demo's insert time, on PostgreSQL two thirds of ``COPY``'s). Both happen in the
    load's transaction: a failed load rolls the drop back with the rows (DDL is transactional on
    both). On PostgreSQL a table that already holds rows keeps its indexes, so readers of its other
    datasets are not held up by the drop's lock; SQLite's readers keep reading the committed tables
    under the write-ahead log, so there a second profile's demo is inserted without them too. The
    primary key stays.
    """
    small = rows is not None and rows <= INSERT_CHUNK_ROWS
    if small or (
        connection.dialect.name != "sqlite"
        and connection.execute(select(literal(1)).select_from(table).limit(1)).first()
    ):
        yield
        return
    for index in table.indexes:
        index.drop(connection)
    yield
    for index in table.indexes:
        index.create(connection)


def _bound(frame: pd.DataFrame, table: Table, dialect: Dialect) -> pd.DataFrame:
    """``frame`` with each value converted as SQLAlchemy would bind it (e.g. dates as text on SQLite)."""
    converted = {}
    for column in frame.columns:
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            values = frame[column].astype(object)
            known = values.dropna().unique()
            converted[column] = values.map(dict(zip(known, map(process, known), strict=True)))
    return frame.assign(**converted)


def _chunks(frame: pd.DataFrame) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of ``frame`` as tuples of Python values (None where missing), ``INSERT_CHUNK_ROWS`` at a time."""
    for start in range(0, len(frame), INSERT_CHUNK_ROWS):
        part = frame.iloc[start : start + INSERT_CHUNK_ROWS]
        columns = [part[column].to_numpy(dtype=object, na_value=None).tolist() for column in part.columns]
        yield list(zip(*columns, strict=True))
