"""Time to build a briefing PDF of 3 and of 8 charts: ``python -m dashboard.briefing_bench [RUNS]``.

Each run builds as a job does (``BriefingJobs.build``: a browser started for the job, every chart
drawn, the PDF assembled), in French, for the route filter, on the database ``DATABASE_URL`` names
(the demo data, at the scale it was loaded), with no store or queue in between. The first build of
each briefing is timed apart (answers not yet cached); the median of the next ``RUNS`` is the
figure, with the time to the first chart drawn (the job's browser started, the answers read) and
from the last chart to the finished PDF. Prints the figures and writes
``bench/results/bench-briefing-<database>-1x.json``; asserts nothing.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

from core.config import Config
from dashboard.app import create_app
from dashboard.bench import describe_database
from dashboard.bench_results import Results, load_average
from dashboard.briefings import JOBS_EXTENSION
from exports.briefing_jobs import BriefingJobs
from view_data import ViewData

RUNS = 3
QUERY = "route=central_med_niger&lang=fr&pages="
BRIEFINGS = {
    3: "incidents.types,flows.change,deaths.by_year",
    8: "incidents,flows.change,deaths.by_year,deaths.by_cause",
}


def _seconds(jobs: BriefingJobs, query: str) -> tuple[float, float, float]:
    """Seconds to the whole PDF, to the first chart drawn (browser started, answers read) and after the last."""
    start = time.perf_counter()
    drawn: list[float] = []
    jobs.build(query, lambda _done, _total: drawn.append(time.perf_counter()))
    end = time.perf_counter()
    return end - start, drawn[0] - start, end - drawn[-1]


def main(runs: int = RUNS) -> Path:
    """Build each briefing once cold and ``runs`` times warm; print and write the figures."""
    with tempfile.TemporaryDirectory() as folder:
        config = dataclasses.replace(Config.from_env(), jobs_dir=Path(folder))
        app = create_app(config)
        jobs: BriefingJobs = app.server.extensions[JOBS_EXTENSION]
        service = ViewData.for_config(config)
        results = Results("bench-briefing", 1, describe_database(service.engine), {"runs": runs})
        for charts, pages in BRIEFINGS.items():
            with app.server.test_request_context("/"):
                _key, query = jobs.normalise(QUERY + pages)
            cold = _seconds(jobs, query)[0]
            warm = [_seconds(jobs, query) for _run in range(runs)]
            name = f"{charts} charts"
            results.add(name, "first build (answers not cached)", [cold * 1000], pages=charts + 2)
            for index, measure in enumerate(
                ("build", "to the first chart drawn", "PDF after the last chart")
            ):
                results.add(name, measure, [run[index] * 1000 for run in warm], pages=charts + 2)
            total, first, last = (statistics.median(run[index] for run in warm) for index in range(3))
            print(
                f"{name} ({charts + 2} pages): first build {cold:.1f} s; median of {runs}: {total:.1f} s, "
                f"first chart after {first:.1f} s, PDF {last:.2f} s after the last chart "
                f"(load average {' '.join(map(str, load_average()))})"
            )
        return results.write()


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
