"""Time to answer what changed most: ``python -m dashboard.trends_bench [RUNS]``.

On the database ``DATABASE_URL`` names (the demo data, at the scale it was loaded), asks
``/api/v1/changes`` for the latest month and the latest quarter against the period before and a
year before. Each is timed once with an empty cache (every engine answer computed: 4Mi shares,
flows one route at a time, deaths, for both periods) and ``RUNS`` times from the cache; the
median is the figure. Prints the figures and writes ``bench/results/bench-trends-<database>-1x.json``;
asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from flask.testing import FlaskClient

from core.config import Config
from dashboard.app import create_app
from dashboard.bench import describe_database
from dashboard.bench_results import Results, load_average
from view_data import ViewData
from view_data.service import cache

RUNS = 5
QUERIES = {
    "latest month, month before": "granularity=month&compare=previous",
    "latest month, a year before": "granularity=month&compare=year",
    "latest quarter, quarter before": "granularity=quarter&compare=previous",
    "latest quarter, a year before": "granularity=quarter&compare=year",
}


def _milliseconds(client: FlaskClient, query: str) -> float:
    start = time.perf_counter()
    response = client.get(f"/api/v1/changes?{query}")
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(
            f"/api/v1/changes?{query} answered {response.status_code}: {response.get_data()!r}"
        )
    return elapsed


def main(runs: int = RUNS) -> Path:
    """Each query once with an empty cache, then ``runs`` times cached; print and write the figures."""
    config = Config.from_env()
    app = create_app(config)
    service = ViewData.for_config(config)
    client = app.server.test_client()
    results = Results("bench-trends", 1, describe_database(service.engine), {"runs": runs})
    for name, query in QUERIES.items():
        with app.server.app_context():
            cache.clear()
        cold = [_milliseconds(client, query)]
        warm = [_milliseconds(client, query) for _run in range(runs)]
        results.add(name, "answer, cache empty", cold)
        results.add(name, "answer, cached", warm)
        print(
            f"{name}: cache empty {cold[0]:.0f} ms, cached median of {runs} {statistics.median(warm):.1f} ms "
            f"(load average {' '.join(map(str, load_average()))})"
        )
    return results.write()


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
