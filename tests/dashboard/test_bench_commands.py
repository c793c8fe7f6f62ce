"""The benchmark commands write their figures as JSON a later run replaces, and plot them against scale."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from dashboard.bench import FIRST_VIEW, QUERIES
from dashboard.cli import cli
from dashboard.ui_bench import covered, stages

WINDOW = ("--period-from", "2024-11", "--period-to", "2024-12")  # two months keep the load quick


def _bench(engine: Engine, results: Path, *scales: str) -> list[Path]:
    url = engine.url.render_as_string(hide_password=False)
    options = ["--scales", ",".join(scales), "--repetitions", "3", "--database-url", url, *WINDOW]
    result = CliRunner().invoke(cli, ["bench", *options, "--results-dir", str(results)])
    assert result.exit_code == 0, result.output
    return sorted(results.glob("*.json"))


def _is_load_average(value: object) -> bool:
    return isinstance(value, list) and len(value) == 3 and all(v >= 0 for v in value)


def test_bench_writes_one_json_file_per_database_and_scale_with_every_query(engine, tmp_path):
    results = tmp_path / "results"
    kind = engine.dialect.name
    assert [path.name for path in _bench(engine, results, "1")] == [f"bench-{kind}-1x.json"]
    document = json.loads((results / f"bench-{kind}-1x.json").read_text())
    assert document["command"] == "bench"
    assert dt.datetime.fromisoformat(document["date"]).tzinfo is not None
    assert re.fullmatch(r"[0-9a-f]{40}", document["git_commit"])
    machine = document["machine"]
    assert machine["cores"] >= 1 and machine["ram_gb"] > 0
    assert _is_load_average(machine["load_average_before"]) and _is_load_average(
        machine["load_average_after"]
    )
    assert document["database"]["kind"] == kind
    assert re.fullmatch(r"\d+(\.\d+)+", document["database"]["version"])
    assert document["scale"] == 1 and document["window"] == ["2024-11", "2024-12"]
    assert document["rows_loaded"] > 1000 and document["load_seconds"] > 0
    measured = {(m["name"], m["measure"]) for m in document["measurements"]}
    queries = {(q.name, measure) for q in QUERIES for measure in ("engine", "sql", "duckdb", "warm")}
    assert measured == queries | {(FIRST_VIEW, "cold"), (FIRST_VIEW, "warm")}
    for measurement in document["measurements"]:
        assert measurement["n"] == 3  # three cold first views too
        assert 0 < measurement["median_ms"] <= measurement["p95_ms"]


def test_a_rerun_replaces_its_file_and_a_second_scale_adds_one(tmp_path, migrated_sqlite_file):
    from tests.conftest import sqlite_engine

    results = tmp_path / "results"
    engine = sqlite_engine(tmp_path / "bench.sqlite", migrated_sqlite_file)
    first = json.loads(_bench(engine, results, "1")[0].read_text())
    paths = _bench(engine, results, "1", "2")
    assert [path.name for path in paths] == ["bench-sqlite-1x.json", "bench-sqlite-2x.json"]
    again, doubled = (json.loads(path.read_text()) for path in paths)
    assert again["rows_loaded"] == first["rows_loaded"]
    assert doubled["scale"] == 2 and doubled["rows_loaded"] > 1.5 * first["rows_loaded"]


def test_bench_plot_draws_every_query_against_scale(tmp_path, migrated_sqlite_file):
    from tests.conftest import sqlite_engine

    results = tmp_path / "results"
    _bench(sqlite_engine(tmp_path / "bench.sqlite", migrated_sqlite_file), results, "1", "2")
    svg = tmp_path / "plot.svg"
    result = CliRunner().invoke(cli, ["bench-plot", "--results-dir", str(results), "--output", str(svg)])
    assert result.exit_code == 0, result.output
    text = " ".join(ET.parse(svg).getroot().itertext())
    for query in QUERIES:
        assert f"{query.name}, sqlite" in text
    assert "1×" in text and "2×" in text


def test_bench_plot_without_results_fails(tmp_path):
    result = CliRunner().invoke(
        cli, ["bench-plot", "--results-dir", str(tmp_path), "--output", str(tmp_path / "p.svg")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "p.svg").exists()


def test_overlapping_requests_count_once():
    assert covered([(0, 10), (5, 20), (30, 40)]) == 20 + 10
    assert covered([]) == 0


def test_the_stages_of_a_change_add_up_to_its_total():
    spans = {  # two callbacks in parallel, a third after the first answered; two redraws
        "calls": [[10, 110, 120], [15, 60, 70], [150, 200, 230]],
        "rendered": [180, 300],
        "painted": [200, 340],
        "tasks": [[120, 80], [240, 55]],
    }
    split = stages(0, spans)
    assert split["server"] == pytest.approx(100 + 50)
    assert split["transfer"] == pytest.approx(10 + 30)
    assert split["paint"] == pytest.approx(40)
    assert split["total"] == pytest.approx(340)
    assert split["server"] + split["transfer"] + split["rendering"] + split["paint"] == pytest.approx(340)
    assert (split["callbacks"], split["long_tasks"], split["longest_task"]) == (3, 135, 80)
