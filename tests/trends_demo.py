"""Synthetic demo files of fifteen months, loaded through the importers: the Trends tests' data.

Fifteen months (Jan 2018 - Mar 2019) give March 2019 and the first quarter of 2019 a period
before and a year before.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from core.config import DATA_DIR
from data_access.demo import generate
from data_access.demo.load import DEMO_LOAD_ORDER, REFERENCE_KINDS
from data_access.loading import load_file
from data_access.reference import Reference
from geo.regions import available_profiles

WINDOW = {"period_from": "2018-01", "period_to": "2019-03"}
PROFILE = available_profiles(DATA_DIR / "regions")["west-north-africa"]


def load_demo_files(engine: Engine, folder: Path, reference: Reference) -> dict[str, Path]:
    """Generate the demo files of :data:`WINDOW` into ``folder`` and load them (and the profile's reference
    files) into ``engine``, each through its importer; the generated files by kind."""
    generated = generate(folder, region_dir=PROFILE.directory, **WINDOW)
    paths = {kind: PROFILE.path(kind.replace("-", "_")) for kind in REFERENCE_KINDS} | generated
    for kind in DEMO_LOAD_ORDER:
        load_file(engine, kind, paths[kind], reference=reference, synthetic=kind in generated, origin="demo")
    return generated
