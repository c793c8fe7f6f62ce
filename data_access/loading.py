"""All-or-nothing loading of a validated file, with content-hash provenance.

A load validates the whole file first, then, in one transaction, inserts the new
rows, removes the rows of the version it replaces and flips the provenance
record. Any failure rolls back, so the previous version stays what is served.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import closing, contextmanager
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
) -> LoadResult:
    """Validate ``path`` as ``kind`` and make it the active version of dataset ``name``.

    ``name`` defaults to the kind, so a new file of a kind replaces the previous one;
    give several datasets of one kind different names to keep them side by side.
    Loading the same bytes again changes nothing. A synthetic file never replaces real
    data: that raises :class:`RealDataProtectedError` before anything is read.
    ``origin`` records who loaded it: the demo (``demo``) or a person (``user``).
    """
    importer = importer_for(kind, reference)
    name = name or kind
    digest = sha256_of(path)
    unchanged = unchanged_result(
        engine, importer, name, file_name=path.name, digest=digest, synthetic=synthetic
    )
    if unchanged is not None:
        return unchanged
    return store(
        engine,
        importer,
        name,
        importer.parse(path),
        file_name=path.name,
        digest=digest,
        synthetic=synthetic,
        origin=origin,
        progress=progress,
    )


def unchanged_result(
    engine: Engine, importer: Importer, name: str, *, file_name: str, digest: str, synthetic: bool
) -> LoadResult | None:
    """The result of a load that would change nothing (same content, flag and derivation), else None.

    Raises :class:`RealDataProtectedError` when synthetic data would replace real data.
    """
    kind = importer.kind
    with engine.connect() as connection:
        current = _active(connection, kind, name)
    if current is None:
        return None
    if synthetic and not current.synthetic:
        raise RealDataProtectedError(
            f"{file_name}: synthetic data would replace the real dataset '{name}' ({kind}, "
            f"{current.rows} rows from {current.file_name}); nothing was loaded. "
            "Real data is replaced only by loading another real file."
        )
    if (
        current.sha256 == digest
        and current.synthetic == synthetic
        and current.derivation == importer.derivation
    ):
        return LoadResult(kind, name, current.id, current.rows, digest, "unchanged")
    return None


def store(
    engine: Engine,
    importer: Importer,
    name: str,
    parsed: ParsedFile,
    *,
    file_name: str,
    digest: str,
    synthetic: bool,
    origin: Origin,
    progress: bool = False,
) -> LoadResult:
    """Make ``parsed`` the active version of dataset ``name`` in one transaction.

    Inserts the provenance row and the rows, removes the rows of the version it replaces,
    flips the active flag and rebuilds the summary tables; any failure rolls everything back.
    """
    kind = importer.kind
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        previous = _active(connection, kind, name)
        dataset_id = connection.execute(
            insert(Dataset).returning(Dataset.id),
            {
                "kind": kind,
                "name": name,
                "file_name": file_name,
                "sha256": digest,
                "rows": len(parsed.rows),
                "loaded_at": now,
                "schema_version": parsed.schema_version,
                "licence": importer.licence,
                "credit": importer.credit,
                "synthetic": synthetic,
                "origin": origin,
                "derivation": importer.derivation,
                "active": False,
            },
        ).scalar_one()
        _insert_rows(connection, importer.table, parsed.rows, dataset_id, progress, file_name)
        for table, rows in parsed.related.items():
            _insert_rows(connection, table, rows, dataset_id, False, file_name)
        if previous is not None:
            for table in (importer.table, *parsed.related):
                connection.execute(delete(table).where(table.c.dataset_id == previous.id))
            connection.execute(
                update(Dataset).where(Dataset.id == previous.id).values(active=False, replaced_at=now)
            )
        connection.execute(update(Dataset).where(Dataset.id == dataset_id).values(active=True))
        refresh_summaries(connection, kind)
    status = "replaced" if previous is not None else "loaded"
    return LoadResult(kind, name, dataset_id, len(parsed.rows), digest, status)


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


def _active(connection: Connection, kind: str, name: str) -> Dataset | None:
    row = connection.execute(
        select(
            Dataset.id, Dataset.sha256, Dataset.synthetic, Dataset.rows, Dataset.file_name, Dataset.derivation
        ).where(Dataset.kind == kind, Dataset.name == name, Dataset.active.is_(True))
    ).first()
    return row  # type: ignore[return-value]


def _insert_rows(
    connection: Connection,
    table: Table,
    rows: pd.DataFrame,
    dataset_id: int,
    progress: bool,
    label: str,
) -> None:
    """Bulk-insert ``rows``: ``COPY ... FROM STDIN`` on PostgreSQL, large ``executemany`` batches elsewhere."""
    frame = _bound(rows.assign(dataset_id=dataset_id), table, connection.dialect)
    columns = list(frame.columns)
    bar = tqdm(total=len(frame), desc=f"loading {label}", unit=" rows", unit_scale=True, disable=not progress)
    with bar, closing(connection.connection.cursor()) as cursor:
        if connection.dialect.name == "postgresql":
            statement = SQL("COPY {} ({}) FROM STDIN").format(
                Identifier(table.name), SQL(", ").join(map(Identifier, columns))
            )
            with cursor.copy(statement) as copy:
                for chunk in _chunks(frame):
                    for row in chunk:
                        copy.write_row(row)
                    bar.update(len(chunk))
            return
        statement = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        with _indexes_built_after(connection, table, len(frame)):
            for chunk in _chunks(frame):
                cursor.executemany(statement, chunk)
                bar.update(len(chunk))


@contextmanager
def _indexes_built_after(connection: Connection, table: Table, rows: int) -> Iterator[None]:
    """On SQLite, drop an empty table's indexes for an insert of several chunks and rebuild them after it.

    Building an index once from every row costs less CPU than updating it row by row (a fifth
    of the demo's insert time). Both happen in the load's transaction: a failed load rolls the
    drop back with the rows. A table that already holds rows keeps its indexes.
    """
    if (
        rows <= INSERT_CHUNK_ROWS
        or connection.execute(select(literal(1)).select_from(table).limit(1)).first()
    ):
        yield
        return
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table.name,),
    ).all()
    for name, _definition in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        connection.exec_driver_sql(definition)


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
