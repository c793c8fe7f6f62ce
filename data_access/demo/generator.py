"""Write the synthetic demo files in exactly the layouts the importers accept.

``scale`` is a volume knob for benchmarks; at scale N:

- 4Mi: N times the interviews per town-month, spread over up to 4(N-1) extra
  nationalities (25 % of interviews), so the number of cells and rows grows about N-fold;
- FMP: each daily flow is split over N origin (outgoing) or destination (incoming)
  countries, so rows grow N-fold while daily totals per flow stay the same;
- MMP: N times the incidents.

Files are byte-identical for the same seed, scale and period window, and named after their kind and
profile (``synthetic_<kind>_<profile id>.csv``), so several profiles' files can sit side by side. Each kind is generated in
chunks of about ``CHUNK_ROWS`` rows (by site and block of days, by month, by year), each from a
random stream of its own, so memory stays bounded whatever the scale.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data_access.demo.deaths import HEADER, mmp_years
from data_access.demo.flows import COUNT_COLUMNS, DEMOGRAPHIC_COLUMNS, fmp_counts, fmp_demographics
from data_access.demo.fourmi import COLUMNS as FOURMI_COLUMNS
from data_access.demo.fourmi import fourmi_months
from data_access.demo.places import load_places
from data_access.demo.settings import load_settings

FIRST_PERIOD = "2017-01"
LAST_PERIOD = "2024-12"
FILE_STEMS = {"4mi": "4mi", "fmp": "fmp", "fmp-demographics": "fmp_demographics", "mmp": "mmp"}
CHUNK_ROWS = 100_000
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class GeneratedData:
    """One kind's synthetic rows in its file's layout, generated afresh (the same rows) at each :meth:`chunks`."""

    kind: str
    profile_id: str
    columns: tuple[str, ...]
    generate_blocks: Callable[[], Iterator[pd.DataFrame]]

    @property
    def file_name(self) -> str:
        """The name of the generated file."""
        return f"synthetic_{FILE_STEMS[self.kind]}_{self.profile_id}.csv"

    def chunks(self) -> Iterator[pd.DataFrame]:
        """The rows in chunks, each indexed from 0.

        A chunk gathers whole blocks (a site's block of days, a month, a year) until it holds at
        least ``CHUNK_ROWS`` rows; the last may hold fewer.
        """
        held: list[pd.DataFrame] = []
        for block in self.generate_blocks():
            held.append(block)
            if sum(map(len, held)) >= CHUNK_ROWS:
                yield pd.concat(held, ignore_index=True)
                held = []
        if held:
            yield pd.concat(held, ignore_index=True)


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
    Files are written chunk by chunk.
    """
    out_dir = Path(out_dir)
    generated = generated_data(
        region_dir=region_dir, scale=scale, seed=seed, period_from=period_from, period_to=period_to
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for data in generated:
        paths[data.kind] = out_dir / data.file_name
        _write(data, paths[data.kind])
    return paths


def generated_data(
    *,
    region_dir: Path,
    scale: int = 1,
    seed: int = 2024,
    period_from: str = FIRST_PERIOD,
    period_to: str = LAST_PERIOD,
    kinds: Collection[str] = tuple(FILE_STEMS),
) -> list[GeneratedData]:
    """The synthetic data of ``kinds`` (in FMP, FMP demographics, 4Mi, MMP order), generated when read.

    Checks the arguments now. A kind's rows are the same whichever other kinds are asked for
    (each has its own random streams, keyed by ``seed``).
    """
    periods, days = _window(scale, period_from, period_to)
    places = load_places(Path(region_dir))
    settings = load_settings(places.profile_id, places)
    fourmi_key, flows_key, deaths_key = ([seed, stream] for stream in range(3))
    block = {"scale": scale, "block_rows": CHUNK_ROWS}
    makers = {
        "fmp": (COUNT_COLUMNS, lambda: fmp_counts(places, settings, days, key=flows_key, **block)),
        "fmp-demographics": (
            DEMOGRAPHIC_COLUMNS,
            lambda: fmp_demographics(places, settings, days, key=flows_key, **block),
        ),
        "4mi": (
            FOURMI_COLUMNS,
            lambda: fourmi_months(places, settings, periods, scale=scale, key=fourmi_key),
        ),
        "mmp": (HEADER, lambda: mmp_years(places, settings, periods, scale=scale, key=deaths_key)),
    }
    return [
        GeneratedData(kind, places.profile_id, tuple(columns), make)
        for kind, (columns, make) in makers.items()
        if kind in kinds
    ]


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


def _write(data: GeneratedData, path: Path) -> None:
    """Chunk by chunk, UTF-8, LF line ends, blanks for unknown values, minimal quoting; MMP as IOM
    publishes it: with a BOM and every field quoted."""
    mmp = data.kind == "mmp"
    options = {"index": False, "lineterminator": "\n", "quoting": csv.QUOTE_ALL if mmp else csv.QUOTE_MINIMAL}
    with path.open("w", encoding="utf-8-sig" if mmp else "utf-8", newline="") as out:
        header = True
        for chunk in data.chunks():
            chunk.to_csv(out, header=header, **options)
            header = False
        if header:
            pd.DataFrame(columns=list(data.columns)).to_csv(out, **options)
