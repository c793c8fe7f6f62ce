"""Hostile text in every file a dashboard reads: an MMP export, region profile and reference files.

Each text that a chart, table or page may show starts with markup plotly or a browser would draw
(a link to ``//ev.il``, bold text and an image whose error handler runs script), or with a formula
a spreadsheet would run (:data:`FORMULAS`). The MMP export
goes through the real importer; its "Migration Route" labels are listed in the route map, so the
deaths charts name them as MMP writes them.
"""

from __future__ import annotations

import csv
import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

from dash import Dash
from sqlalchemy import Engine

from core.config import DATA_DIR, Config
from data_access.loading import load_file
from data_access.reference import load_reference
from tests.conftest import EXAMPLE_LOADS, EXAMPLES, config_of, page_registry_restored, sqlite_engine
from view_data import ViewData

LINK = '<a href="//ev.il">x</a>'
BOLD = "<b>bold</b>"
IMAGE = "<img src=x onerror=alert(1)>"
HOSTILE = (LINK, BOLD, IMAGE)
#: Texts a spreadsheet would run as formulas.
FORMULAS = ('=HYPERLINK("//ev.il","x")', "+1+1", "-2+3", "@SUM(A1)")
#: Text columns of each file whose values are prefixed with hostile markup.
REGION_TEXT = {
    "hubs.csv": ("name", "name_fr"),
    "routes.csv": ("name", "name_fr"),
    "fmp_sites.csv": ("name",),
}
REFERENCE_TEXT = {"dimensions.csv": ("label_en", "label_fr"), "codebook_4mi.csv": ("label_en", "label_fr")}
MMP_TEXT = (
    "Migration Route",
    "Cause of Death",
    "Location of Incident",
    "Country of Origin",
    "Region of Origin",
    "Information Source",
)
REGION = "west-north-africa"


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    header, body = rows[0], rows[1:]
    change(header, body)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, quoting=csv.QUOTE_MINIMAL).writerows([header, *body])


def _prefixed(columns: tuple[str, ...], texts: tuple[str, ...]):
    def change(header: list[str], body: list[list[str]]) -> None:
        for number, row in enumerate(body):
            for column in columns:
                cell = header.index(column)
                if row[cell]:
                    row[cell] = f"{texts[number % len(texts)]} {row[cell]}"

    return change


def _aliased(header: list[str], body: list[list[str]]) -> None:
    """Each hub keeps its names as aliases, so files naming the town still match it."""
    names = [header.index(column) for column in ("name", "name_fr", "aliases")]
    for row in body:
        row[names[-1]] = "|".join(dict.fromkeys(filter(None, "|".join(row[i] for i in names).split("|"))))


def hostile_data_dir(folder: Path, texts: tuple[str, ...] = HOSTILE) -> Path:
    """A copy of the project's data folder whose region and reference labels start with ``texts``."""
    data = folder / "data"
    shutil.copytree(DATA_DIR / "regions", data / "regions")
    shutil.copytree(DATA_DIR / "reference", data / "reference")
    _rewrite(data / "regions" / REGION / "hubs.csv", _aliased)
    for name, columns in REGION_TEXT.items():
        _rewrite(data / "regions" / REGION / name, _prefixed(columns, texts))
    for name, columns in REFERENCE_TEXT.items():
        _rewrite(data / "reference" / name, _prefixed(columns, texts))
    return data


def hostile_mmp(folder: Path, data: Path, texts: tuple[str, ...] = HOSTILE) -> Path:
    """The example MMP export whose text fields start with ``texts``; its route labels head the route map."""
    path = folder / "mmp_hostile.csv"
    shutil.copyfile(EXAMPLES / "mmp_current_export.csv", path)
    _rewrite(path, _prefixed(MMP_TEXT, texts))
    with path.open(encoding="utf-8", newline="") as source:
        routes = [row["Migration Route"] for row in csv.DictReader(source)]
    route_map = data / "reference" / "mmp_route_map.csv"

    def listed_first(header: list[str], body: list[list[str]]) -> None:
        families = {row[0]: row[1] for row in body}
        body[:0] = [
            [route, families[label]]
            for route in dict.fromkeys(routes)
            for label in [_unprefixed(route, texts)]
            if label in families
        ]

    _rewrite(route_map, listed_first)
    return path


def _unprefixed(text: str, texts: tuple[str, ...]) -> str:
    return next((text.removeprefix(f"{prefix} ") for prefix in texts if text.startswith(prefix)), text)


def hostile_engine(
    folder: Path, migrated_sqlite_file: Path, texts: tuple[str, ...] = HOSTILE
) -> tuple[Engine, Config]:
    """A SQLite database with the examples and the hostile MMP export (named after its first text)
    loaded through the importers, and a configuration reading the hostile data folder."""
    data = hostile_data_dir(folder, texts)
    mmp = hostile_mmp(folder, data, texts)
    engine = sqlite_engine(folder / "hostile.sqlite", migrated_sqlite_file)
    config = dataclasses.replace(config_of(engine), data_dir=data)
    reference = load_reference(config.regions_dir, config.reference_dir)
    for kind, name in EXAMPLE_LOADS:
        path, named = (mmp, f"{texts[0]} mmp") if kind == "mmp" else (EXAMPLES / name, None)
        load_file(engine, kind, path, reference=reference, name=named, synthetic=kind == "4mi")
    return engine, config


def hostile_app(config: Config) -> Iterator[Dash]:
    """The dashboard over the hostile data; its service's connections closed afterwards."""
    from dashboard.app import create_app

    with page_registry_restored():
        yield create_app(config)
        ViewData.for_config(config).engine.dispose()
