"""The browser benchmarks (bench-ui, weight) in headless Chromium write their figures as JSON."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from dashboard import ui_bench, weight
from dashboard.bench import results_of
from tests.conftest import config_of

pytestmark = pytest.mark.browser


def test_bench_ui_times_every_kind_of_change_on_both_servers_by_stage(loaded_sqlite: Engine, tmp_path):
    url = config_of(loaded_sqlite).database_url
    results = results_of("bench-ui", 1, loaded_sqlite)
    figures = ui_bench.measure(url, rounds=1)
    ui_bench.add_results(results, figures)
    document = json.loads(results.write(tmp_path).read_text())
    assert (tmp_path / "bench-ui-sqlite-1x.json").exists()
    assert document["rows_loaded"] > 0 and document["gunicorn"].startswith("2 workers")
    measured = {(m["server"], m["name"], m["measure"]) for m in document["measurements"]}
    assert measured == {
        (server, change, measure)
        for server in ui_bench.SERVERS
        for change in ui_bench.CHANGES
        for measure in ("total", *ui_bench.STAGES, "long_tasks", "longest_task")
    }
    for (server, change), split in figures.stages.items():
        assert split["callbacks"][0] >= 1, (server, change)
        parts = sum(split[stage][0] for stage in ui_bench.STAGES)
        assert parts == pytest.approx(split["total"][0]), (server, change)
        assert split["server"][0] > 0, (server, change)
    assert document["largest_callback_responses_bytes"]


def test_weight_writes_bytes_per_path_and_visit(loaded_sqlite: Engine, tmp_path):
    results = results_of("weight", 1, loaded_sqlite)
    weight.add_results(
        results, weight.measure(config_of(loaded_sqlite).database_url, paths=("/methodology",))
    )
    document = json.loads(results.write(tmp_path).read_text())
    assert (tmp_path / "weight-sqlite-1x.json").exists()
    visits = {m["measure"]: m for m in document["measurements"] if m["name"] == "/methodology"}
    assert set(visits) == {"first view", "second visit", "filter change"}
    first = visits["first view"]
    assert first["bytes"] == sum(first["bytes_by_type"].values()) > visits["second visit"]["bytes"]
    assert first["largest"][0]["bytes"] >= first["largest"][-1]["bytes"]
