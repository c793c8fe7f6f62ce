"""The browser benchmarks (bench-ui, weight) in headless Chromium write their figures as JSON."""

from __future__ import annotations

import contextvars
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from dashboard import ui_bench, weight
from dashboard.bench import results_of
from tests.conftest import config_of

pytestmark = pytest.mark.browser


def _in_own_thread(measure, *args, **kwargs):
    """Run a benchmark as its command does, with a Playwright of its own, in a thread with this one's
    context (Dash's among it): the test browser's sync Playwright runs an event loop in this thread,
    where a second one cannot start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(contextvars.copy_context().run, measure, *args, **kwargs).result()


def _fixed_ports(worker_id: str) -> int:
    """First of two ports for this test worker's servers, below the range the system hands out for
    port 0, so another test's server cannot take it between the benchmark's choice and its bind."""
    return 18_800 + 10 * int(worker_id.removeprefix("gw") if worker_id.startswith("gw") else 0)


def test_bench_ui_times_every_kind_of_change_on_both_servers_by_stage(
    loaded_sqlite: Engine, tmp_path, worker_id
):
    url = config_of(loaded_sqlite).database_url
    results = results_of("bench-ui", 1, loaded_sqlite)
    figures = _in_own_thread(ui_bench.measure, url, rounds=1, port=_fixed_ports(worker_id))
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
        results,
        _in_own_thread(weight.measure, config_of(loaded_sqlite).database_url, paths=("/methodology",)),
    )
    document = json.loads(results.write(tmp_path).read_text())
    assert (tmp_path / "weight-sqlite-1x.json").exists()
    visits = {m["measure"]: m for m in document["measurements"] if m["name"] == "/methodology"}
    assert set(visits) == {"first view", "second visit", "filter change"}
    first = visits["first view"]
    assert first["bytes"] == sum(first["bytes_by_type"].values()) > visits["second visit"]["bytes"]
    assert first["largest"][0]["bytes"] >= first["largest"][-1]["bytes"]
