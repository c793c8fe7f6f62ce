"""Load a region profile's reference files and freshly generated synthetic data through the importers.

The demo never replaces data a user loaded: a kind with an active dataset of origin ``user``
(real or flagged synthetic, loaded with ``ingest``) is left as it is and reported as kept.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, select

from data_access.demo.generator import FIRST_PERIOD, LAST_PERIOD, generate
from data_access.loading import LoadResult, load_file
from data_access.models import Dataset
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

    A kind holding data a user loaded is not loaded: its datasets are yielded as
    :class:`KeptDataset`. ``period_from``/``period_to`` (YYYY-MM) narrow the generated months.
    """
    kept = user_datasets(engine)
    with tempfile.TemporaryDirectory(prefix="demo-") as tmp:
        files = {
            "hubs": profile.path("hubs"),
            "routes": profile.path("routes"),
            "fmp-sites": profile.path("fmp_sites"),
            **generate(
                Path(tmp),
                region_dir=profile.directory,
                scale=scale,
                seed=seed,
                period_from=period_from,
                period_to=period_to,
            ),
        }
        for kind in DEMO_LOAD_ORDER:
            if kind in kept:
                yield from kept[kind]
                continue
            yield load_file(
                engine,
                kind,
                files[kind],
                reference=reference,
                synthetic=kind not in REFERENCE_KINDS,
                origin="demo",
                progress=progress,
            )
