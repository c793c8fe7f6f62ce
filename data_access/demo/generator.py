"""Write the synthetic demo files in exactly the layouts the importers accept.

``scale`` is a volume knob for benchmarks; at scale N:

- 4Mi: N times the interviews per town-month, spread over up to 4(N-1) extra
  nationalities (25 % of interviews), so the number of cells and rows grows about N-fold;
- FMP: each daily flow is split over N origin (outgoing) or destination (incoming)
  countries, so rows grow N-fold while daily totals per flow stay the same;
- MMP: N times the incidents.

Files are byte-identical for the same seed, scale and period window.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.demo.deaths import mmp_incidents
from data_access.demo.flows import fmp_registers
from data_access.demo.fourmi import fourmi_cells
from data_access.demo.places import load_places
from data_access.demo.settings import load_settings

FIRST_PERIOD = "2017-01"
LAST_PERIOD = "2024-12"
FILE_NAMES = {
    "4mi": "synthetic_4mi.csv",
    "fmp": "synthetic_fmp.csv",
    "fmp-demographics": "synthetic_fmp_demographics.csv",
    "mmp": "synthetic_mmp.csv",
}
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def generate(
    out_dir: Path,
    *,
    region_dir: Path,
    scale: int = 1,
    seed: int = 2024,
    period_from: str = FIRST_PERIOD,
    period_to: str = LAST_PERIOD,
) -> dict[str, Path]:
    """Write synthetic 4Mi, FMP, FMP demographic and MMP files for the profile in ``region_dir``.

    Returns the path of each file by import kind. ``period_from``/``period_to``
    (YYYY-MM, inclusive) narrow the months covered, e.g. to keep tests fast.
    """
    out_dir = Path(out_dir)
    frames = generate_frames(
        region_dir=region_dir, scale=scale, seed=seed, period_from=period_from, period_to=period_to
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, frame in frames:
        paths[kind] = out_dir / FILE_NAMES[kind]
        (_write_mmp if kind == "mmp" else _write_csv)(frame, paths[kind])
    return paths


def generate_frames(
    *,
    region_dir: Path,
    scale: int = 1,
    seed: int = 2024,
    period_from: str = FIRST_PERIOD,
    period_to: str = LAST_PERIOD,
    kinds: Collection[str] = tuple(FILE_NAMES),
) -> Iterator[tuple[str, pd.DataFrame]]:
    """The synthetic frames of ``kinds`` (in FMP, FMP demographics, 4Mi, MMP order), in their files' layouts.

    Each is generated when asked for, so only one kind's rows are held at a time; a kind's
    frame is the same whichever other kinds are asked for (each has its own random stream).
    """
    periods, days = _window(scale, period_from, period_to)
    return _frames(Path(region_dir), scale, seed, periods, days, kinds)


def _window(scale: int, period_from: str, period_to: str) -> tuple[list[str], pd.DatetimeIndex]:
    """The months and days of the window, after checking the arguments."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    for name, value in (("period_from", period_from), ("period_to", period_to)):
        if not _PERIOD.match(value):
            raise ValueError(f"{name} {value!r} is not a month as YYYY-MM")
    if period_from > period_to:
        raise ValueError(f"period_from {period_from} is after period_to {period_to}")
    periods = [p.strftime("%Y-%m") for p in pd.period_range(period_from, period_to, freq="M")]
    last_day = pd.Period(period_to, freq="M").end_time.normalize()
    return periods, pd.date_range(f"{period_from}-01", last_day, freq="D")


def _frames(
    region_dir: Path,
    scale: int,
    seed: int,
    periods: list[str],
    days: pd.DatetimeIndex,
    kinds: Collection[str],
) -> Iterator[tuple[str, pd.DataFrame]]:
    places = load_places(region_dir)
    settings = load_settings(places.profile_id, places)
    fourmi_rng, flows_rng, deaths_rng = (np.random.default_rng([seed, stream]) for stream in range(3))

    if "fmp" in kinds or "fmp-demographics" in kinds:
        counts, demographics = fmp_registers(places, settings, days, scale=scale, rng=flows_rng)
        if "fmp" in kinds:
            yield "fmp", counts
        del counts
        if "fmp-demographics" in kinds:
            yield "fmp-demographics", demographics
        del demographics
    if "4mi" in kinds:
        yield "4mi", fourmi_cells(places, settings, periods, scale=scale, rng=fourmi_rng)
    if "mmp" in kinds:
        yield "mmp", mmp_incidents(places, settings, periods, scale=scale, rng=deaths_rng)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 without BOM, minimal quoting, LF line ends, blanks for unknown values."""
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _write_mmp(frame: pd.DataFrame, path: Path) -> None:
    """As IOM publishes it: UTF-8 with BOM and every field quoted."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", quoting=csv.QUOTE_ALL)
