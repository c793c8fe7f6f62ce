"""Load a region profile's reference files and freshly generated synthetic data through the importers."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine

from data_access.demo.generator import generate
from data_access.loading import LoadResult, load_file
from data_access.reference import Reference
from geo.regions import RegionProfile

DEMO_LOAD_ORDER = ("hubs", "routes", "fmp-sites", "fmp", "fmp-demographics", "4mi", "mmp")
REFERENCE_KINDS = ("hubs", "routes", "fmp-sites")


def load_demo(
    engine: Engine,
    profile: RegionProfile,
    reference: Reference,
    *,
    scale: int = 1,
    seed: int = 2024,
    progress: bool = False,
) -> Iterator[LoadResult]:
    """Load ``profile``'s reference files and generated synthetic data, yielding each load."""
    with tempfile.TemporaryDirectory(prefix="demo-") as tmp:
        files = {
            "hubs": profile.path("hubs"),
            "routes": profile.path("routes"),
            "fmp-sites": profile.path("fmp_sites"),
            **generate(Path(tmp), region_dir=profile.directory, scale=scale, seed=seed),
        }
        for kind in DEMO_LOAD_ORDER:
            synthetic = kind not in REFERENCE_KINDS
            yield load_file(
                engine, kind, files[kind], reference=reference, synthetic=synthetic, progress=progress
            )
