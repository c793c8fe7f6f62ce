"""Load a region profile's reference files and freshly generated synthetic data.

Reference files go through their importers; generated data takes a trusted fast path
(no CSV, no validation, bulk inserts of chunks as they are generated) to the same rows,
summaries and provenance.

Each profile's demo datasets are named after the profile and the kind (``east-africa-yemen/4mi``,
:func:`demo_dataset_name`), so several profiles' demos are active side by side and the queries sum
them. The demo of an earlier release named its datasets after their kind alone; loading a kind
retires such a dataset of origin ``demo`` in the same transaction, so nothing is counted twice.

The demo never replaces data a user loaded: a kind with an active dataset of origin ``user``
(real or flagged synthetic, loaded with ``ingest``) is left as it is and reported as kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, TypeVar

import pandas as pd
from sqlalchemy import Engine, select

from data_access.demo.generator import FILE_STEMS, FIRST_PERIOD, LAST_PERIOD, GeneratedData, generated_data
from data_access.importers import importer_for
from data_access.importers.base import ParsedFile
from data_access.loading import LoadResult, load_file, store, unchanged_result
from data_access.models import Dataset
from data_access.readers import FIRST_DATA_ROW
from data_access.reference import Reference
from geo.regions import RegionProfile

T = TypeVar("T")
_END = object()
DEMO_LOAD_ORDER = ("hubs", "routes", "fmp-sites", "fmp", "fmp-demographics", "4mi", "mmp")
REFERENCE_KINDS = ("hubs", "routes", "fmp-sites")


@dataclass(frozen=True)
class KeptDataset:
    """An active dataset a user loaded, which the demo left in place."""

    kind: str
    name: str
    file_name: str
    rows: int
    loaded_at: dt.datetime
    synthetic: bool
    status: Literal["kept"] = "kept"


DemoStep = LoadResult | KeptDataset


def demo_dataset_name(profile_id: str, kind: str) -> str:
    """The name of a profile's demo dataset of ``kind``."""
    return f"{profile_id}/{kind}"


def unnamed_demo_kinds(engine: Engine) -> set[str]:
    """Kinds with an active demo dataset named after the kind alone, as an earlier demo named them."""
    statement = select(Dataset.kind).where(
        Dataset.active.is_(True), Dataset.origin == "demo", Dataset.name == Dataset.kind
    )
    with engine.connect() as connection:
        return set(connection.execute(statement).scalars())


def user_datasets(engine: Engine) -> dict[str, list[KeptDataset]]:
    """Active datasets a user loaded, by kind."""
    statement = (
        select(
            Dataset.kind, Dataset.name, Dataset.file_name, Dataset.rows, Dataset.loaded_at, Dataset.synthetic
        )
        .where(Dataset.active.is_(True), Dataset.origin == "user")
        .order_by(Dataset.kind, Dataset.name)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    kept: dict[str, list[KeptDataset]] = {}
    for row in rows:
        kept.setdefault(row.kind, []).append(KeptDataset(*row))
    return kept


def load_demo(
    engine: Engine,
    profile: RegionProfile,
    reference: Reference,
    *,
    scale: int = 1,
    seed: int = 2024,
    period_from: str = FIRST_PERIOD,
    period_to: str = LAST_PERIOD,
    progress: bool = False,
) -> Iterator[DemoStep]:
    """Load ``profile``'s reference files and generated synthetic data, yielding each step.

    Reference files go through their importers like any file. Generated data is our own, so it
    skips the CSV round trip and validation: each kind is generated in chunks, converted by its
    importer and stored as the chunks come, in one transaction, like a file (see
    :func:`generated_digest` for its provenance hash). A kind holding data a user loaded is not
    loaded: its datasets are yielded as :class:`KeptDataset`. ``period_from``/``period_to``
    (YYYY-MM) narrow the generated months.
    """
    kept = user_datasets(engine)
    unnamed = unnamed_demo_kinds(engine)
    generated = generated_data(  # checks the arguments before anything is loaded
        region_dir=profile.directory,
        scale=scale,
        seed=seed,
        period_from=period_from,
        period_to=period_to,
        kinds=[kind for kind in FILE_STEMS if kind not in kept],
    )
    files = {
        "hubs": profile.path("hubs"),
        "routes": profile.path("routes"),
        "fmp-sites": profile.path("fmp_sites"),
    }
    for kind in REFERENCE_KINDS:
        if kind in kept:
            yield from kept[kind]
        else:
            yield load_file(
                engine,
                kind,
                files[kind],
                reference=reference,
                name=demo_dataset_name(profile.id, kind),
                origin="demo",
                progress=progress,
                retire=[kind] if kind in unnamed else [],
            )
    data = iter(generated)
    for kind in DEMO_LOAD_ORDER[len(REFERENCE_KINDS) :]:  # the order generated_data lists them in
        if kind in kept:
            yield from kept[kind]
        else:
            retire = [kind] if kind in unnamed else []
            yield load_generated(engine, next(data), reference=reference, progress=progress, retire=retire)


def load_generated(
    engine: Engine,
    data: GeneratedData,
    *,
    reference: Reference,
    progress: bool = False,
    retire: Collection[str] = (),
) -> LoadResult:
    """Store generated ``data`` as its profile's synthetic demo dataset of its kind, chunk by chunk.

    Loads as :func:`~data_access.loading.load_file` would load the generated file, without
    writing, parsing or validating it: same rows, summaries and provenance (file name,
    rows, synthetic flag, origin ``demo``, derivation), hash from :func:`generated_digest`.
    When a version is active, the data is first generated once without storing, to hash it:
    loading the same demo again then changes nothing at the cost of generation alone. Datasets
    named in ``retire`` are replaced too (see :func:`~data_access.loading.store`).
    """
    importer = importer_for(data.kind, reference)
    name = demo_dataset_name(data.profile_id, data.kind)
    unchanged = unchanged_result(
        engine,
        importer,
        name,
        file_name=data.file_name,
        digest=lambda: generated_digest(data.columns, data.chunks()),
        synthetic=True,
        retire=retire,
    )
    if unchanged is not None:
        return unchanged
    digest = _digest_of(data.columns)

    def parts() -> Iterator[ParsedFile]:
        first_row = FIRST_DATA_ROW
        for chunk in data.chunks():
            digest.update(_row_hashes(chunk))
            rows = chunk.set_axis(pd.RangeIndex(first_row, first_row + len(chunk)))  # as numbered in a file
            first_row += len(chunk)
            yield importer.convert(rows)  # type: ignore[attr-defined]

    return store(
        engine,
        importer,
        name,
        prefetched(parts()),
        file_name=data.file_name,
        digest=digest.hexdigest,
        synthetic=True,
        origin="demo",
        progress=progress,
        retire=retire,
    )


def prefetched(items: Iterator[T]) -> Iterator[T]:
    """``items``, the next one computed in a worker thread while the caller uses the current one.

    Generating and converting the next chunk overlaps with the database storing this one (on
    PostgreSQL another process, so another core). At most two items are held at once.
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        coming = worker.submit(next, items, _END)
        while (item := coming.result()) is not _END:
            coming = worker.submit(next, items, _END)
            yield item


def generated_digest(columns: Iterable[str], chunks: Iterable[pd.DataFrame]) -> str:
    """SHA-256 of generated data: its column names, then pandas' 64-bit hash of each row, chunk by chunk.

    Stands in for the hash of the file's bytes: the same seed, scale, window and generator
    give the same digest, so reloading the same demo changes nothing.
    """
    digest = _digest_of(columns)
    for chunk in chunks:
        digest.update(_row_hashes(chunk))
    return digest.hexdigest()


def _digest_of(columns: Iterable[str]) -> hashlib._Hash:
    return hashlib.sha256("\x1f".join(map(str, columns)).encode())


def _row_hashes(chunk: pd.DataFrame) -> bytes:
    return pd.util.hash_pandas_object(chunk, index=False).to_numpy().tobytes()
