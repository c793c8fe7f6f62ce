"""Load a region profile's reference files and freshly generated synthetic data.

Reference files go through their importers; generated frames take a trusted fast path
(no CSV, no validation, bulk inserts) to the same rows, summaries and provenance.

The demo never replaces data a user loaded: a kind with an active dataset of origin ``user``
(real or flagged synthetic, loaded with ``ingest``) is left as it is and reported as kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlalchemy import Engine, select

from data_access.demo.generator import FILE_NAMES, FIRST_PERIOD, LAST_PERIOD, generate_frames
from data_access.importers import importer_for
from data_access.loading import LoadResult, load_file, store, unchanged_result
from data_access.models import Dataset
from data_access.readers import FIRST_DATA_ROW
from data_access.reference import Reference
from geo.regions import RegionProfile

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

    Reference files go through their importers like any file. Generated frames are our own,
    so they skip the CSV round trip and validation: each is converted by its importer and
    stored with bulk inserts in one transaction, like a file (see :func:`frame_digest` for
    its provenance hash). A kind holding data a user loaded is not loaded: its datasets are
    yielded as :class:`KeptDataset`. ``period_from``/``period_to`` (YYYY-MM) narrow the
    generated months.
    """
    kept = user_datasets(engine)
    frames = generate_frames(  # checks the arguments before anything is loaded
        region_dir=profile.directory,
        scale=scale,
        seed=seed,
        period_from=period_from,
        period_to=period_to,
        kinds=[kind for kind in FILE_NAMES if kind not in kept],
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
            yield load_file(engine, kind, files[kind], reference=reference, origin="demo", progress=progress)
    for kind in DEMO_LOAD_ORDER[len(REFERENCE_KINDS) :]:  # the order generate_frames yields them in
        if kind in kept:
            yield from kept[kind]
        else:
            yield load_generated(engine, *next(frames), reference=reference, progress=progress)


def load_generated(
    engine: Engine, kind: str, frame: pd.DataFrame, *, reference: Reference, progress: bool = False
) -> LoadResult:
    """Store a generated ``frame`` (in ``kind``'s file layout) as the synthetic demo dataset of ``kind``.

    Loads as :func:`~data_access.loading.load_file` would load the generated file, without
    writing, parsing or validating it: same rows, summaries and provenance (file name,
    rows, synthetic flag, origin ``demo``, derivation), hash from :func:`frame_digest`.
    """
    importer = importer_for(kind, reference)
    file_name = FILE_NAMES[kind]
    digest = frame_digest(frame)
    unchanged = unchanged_result(engine, importer, kind, file_name=file_name, digest=digest, synthetic=True)
    if unchanged is not None:
        return unchanged
    rows = frame.set_axis(pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame)))  # as numbered in a file
    return store(
        engine,
        importer,
        kind,
        importer.convert(rows),  # type: ignore[attr-defined]
        file_name=file_name,
        digest=digest,
        synthetic=True,
        origin="demo",
        progress=progress,
    )


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a generated frame: its column names, then pandas' 64-bit hash of each row.

    Stands in for the hash of the file's bytes: the same seed, scale, window and generator
    give the same digest, so reloading the same demo changes nothing.
    """
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()
