"""A rejected value megabytes long is quoted by its start and its length, never in full.

The ``validate`` command runs in a real subprocess on an MMP export whose date cell holds
20 million characters; the API is asked for a parameter value and a parameter name 100,000
characters long.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from data_access.importers.mmp import MmpImporter
from data_access.problems import DataValidationError
from tests.conftest import EXAMPLES

HUGE = 20_000_000
REPO = Path(__file__).resolve().parents[2]


def _with_huge_date(folder: Path) -> Path:
    """The example MMP export with its first incident's date replaced by 20 million characters."""
    with (EXAMPLES / "mmp_current_export.csv").open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    rows[1][rows[0].index("Incident Date")] = "9" * HUGE
    path = folder / "mmp_huge_cell.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


def test_validate_quotes_a_20_mb_cell_by_its_start_and_length_naming_file_row_and_column(tmp_path):
    path = _with_huge_date(tmp_path)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}"}
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", "mmp", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert len(done.stderr) < 2_000, f"{len(done.stderr):,} characters on stderr"
    line = next(line for line in done.stderr.splitlines() if "Incident Date" in line)
    assert "mmp_huge_cell.csv" in line and "row 2" in line
    assert "'" + "9" * 80 + "'… (20,000,000 characters)" in line
    assert "9" * 81 not in done.stderr


@pytest.mark.parametrize(
    "query",
    ["route=" + "r" * 100_000, "x" * 100_000 + "=1", "format=" + "f" * 100_000],
    ids=["value", "name", "format"],
)
def test_an_api_400_quotes_a_long_parameter_briefly(client, query):
    response = client.get(f"/api/v1/flows?{query}")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert len(message) < 1_000, message[:1_000]
    assert "(100,000 characters)" in message


def test_a_header_of_thousands_of_long_columns_is_refused_in_a_few_lines_naming_the_first(
    tmp_path, reference
):
    columns = [f"column {number} " + "c" * 1_000 for number in range(5_000)]
    path = tmp_path / "wide.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([columns, ["1"] * len(columns)])
    with pytest.raises(DataValidationError) as refused:
        MmpImporter(reference).parse(path)
    message = str(refused.value)
    assert "wide.csv" in message and "missing column(s): " in message and "Main ID" in message
    assert "unexpected column(s): column 0 " in message and "and 4,970 more" in message
    assert len(message) < 10_000, f"{len(message):,} characters"
