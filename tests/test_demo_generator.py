"""The synthetic demo files: deterministic, valid for their importers, shaped like the sources."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_access.demo import generate, generator
from data_access.importers import importer_for
from tests.conftest import REGIONS_DIR

REGION_DIR = REGIONS_DIR / "west-north-africa"
WINDOW = {"period_from": "2019-01", "period_to": "2019-06"}
KINDS = ("4mi", "fmp", "fmp-demographics", "mmp")
CELL = [
    "period", "country_of_interview", "region_of_interview", "location", "route", "gender",
    "age_group", "nationality",
]  # fmt: skip


def _generate(directory: Path, *, seed: int = 2024, scale: int = 1, **window: str) -> dict[str, Path]:
    return generate(directory, region_dir=REGION_DIR, scale=scale, seed=seed, **(window or WINDOW))


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _generate(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def interviews(files: dict[str, Path]) -> pd.DataFrame:
    """One row per 4Mi cell with its number of respondents (the base of the driver question)."""
    cells = _read(files["4mi"])
    drivers = cells[cells["indicator"] == "driver"].drop_duplicates(CELL)
    return drivers.assign(base=drivers["base"].astype(int))


def test_same_seed_gives_identical_files(files: dict[str, Path], tmp_path: Path) -> None:
    again = _generate(tmp_path)
    assert sorted(again) == sorted(files)
    for kind in KINDS:
        assert again[kind].read_bytes() == files[kind].read_bytes(), kind


def test_different_seed_gives_different_files(files: dict[str, Path], tmp_path: Path) -> None:
    other = _generate(tmp_path, seed=7)
    for kind in KINDS:
        assert other[kind].read_bytes() != files[kind].read_bytes(), kind


def test_every_file_is_marked_synthetic_by_name(files: dict[str, Path]) -> None:
    assert sorted(files) == sorted(KINDS)
    assert all(path.name.startswith("synthetic_") for path in files.values())


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_passes_its_importer(files: dict[str, Path], kind: str, reference) -> None:
    parsed = importer_for(kind, reference).parse(files[kind])
    assert len(parsed.rows) == len(_read(files[kind]))


def test_mmp_file_is_the_current_export_layout(files: dict[str, Path]) -> None:
    raw = files["mmp"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].split(b"\n", 1)[0].decode()
    assert header.startswith('"Main ID","Incident ID",') and header.endswith('"Source Quality"')
    incidents = _read(files["mmp"])
    assert incidents["Main ID"].is_unique
    assert (incidents["Minimum Estimated Number of Missing"] == "").any()
    assert incidents["URL"].str.contains(", ").any()
    assert set(incidents["Source Quality"]) <= {"1", "2", "3", "4", "5"}


def test_women_are_about_thirty_percent_of_interviews(interviews: pd.DataFrame) -> None:
    women = interviews.loc[interviews["gender"] == "female", "base"].sum()
    assert women / interviews["base"].sum() == pytest.approx(0.30, abs=0.03)


def test_economic_driver_is_cited_by_about_ninety_one_percent(
    files: dict[str, Path], interviews: pd.DataFrame
) -> None:
    cells = _read(files["4mi"])
    economic = cells[(cells["indicator"] == "driver") & (cells["category"] == "economic")]
    assert economic["respondents"].astype(int).sum() / interviews["base"].sum() == pytest.approx(
        0.91, abs=0.03
    )


def test_most_4mi_cells_are_small(interviews: pd.DataFrame) -> None:
    assert (interviews["base"] < 20).mean() > 0.5


def test_fmp_demographics_add_up_to_daily_counts(files: dict[str, Path]) -> None:
    key = ["t", "route", "fmp", "fmp_country", "from", "to"]
    counts = _read(files["fmp"]).assign(n=lambda f: f["n"].astype(int)).set_index(key)["n"]
    by_group = _read(files["fmp-demographics"]).assign(n=lambda f: f["n"].astype(int)).groupby(key)["n"].sum()
    assert by_group.reindex(counts.index, fill_value=0).equals(counts)


def test_scale_two_doubles_the_rows(files: dict[str, Path], tmp_path: Path) -> None:
    doubled = _generate(tmp_path, scale=2)
    for kind in KINDS:
        ratio = len(_read(doubled[kind])) / len(_read(files[kind]))
        assert 1.6 <= ratio <= 2.4, (kind, ratio)


def test_bad_period_window_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="period_from"):
        generate(tmp_path, region_dir=REGION_DIR, period_from="2019-13")


def test_files_written_chunk_by_chunk_read_as_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _generate(tmp_path / "whole", period_from="2019-01", period_to="2020-06")
    monkeypatch.setattr(generator, "CHUNK_ROWS", 1_000)
    chunked = _generate(tmp_path / "chunked", period_from="2019-01", period_to="2020-06")
    assert len(_read(chunked["4mi"])) > 2 * 1_000  # several chunks appended
    assert _read(chunked["mmp"])["Incident Year"].nunique() == 2  # a chunk per year
    for kind in ("4mi", "mmp"):  # months and years are drawn alike whatever the chunk size
        assert chunked[kind].read_bytes() == whole[kind].read_bytes(), kind
    assert chunked["mmp"].read_bytes().count(b"\xef\xbb\xbf") == 1
