"""The load benchmark: simulated readers (locust, headless) against the production server on this machine.

Starts gunicorn with ``gunicorn.conf.py`` on the configured database and cache, runs the users of
``dashboard/locustfile.py`` for the given time, optionally loads a file with ``python -m dashboard ingest``
meanwhile, and samples every few seconds the resident memory of gunicorn's workers and the load
average. Client-side percentiles, failures and requests per second come from locust's statistics.
"""

from __future__ import annotations

import csv
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from dashboard.bench_results import REPO_DIR, Results, load_average

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
GUNICORN_CONFIG = REPO_DIR / "gunicorn.conf.py"
SAMPLE_S = 5.0
START_TIMEOUT_S = 180
MIB = 1024 * 1024
LOG_LINES = 200
PERCENTILES = {"p50_ms": "50%", "p95_ms": "95%", "p99_ms": "99%", "max_ms": "Max Response Time"}


@dataclass(frozen=True)
class Server:
    """How gunicorn runs: worker class, threads per worker and workers."""

    worker_class: str = "gthread"
    threads: int = 4
    workers: int = 2

    def environment(self, port: int) -> dict[str, str]:
        """The variables ``gunicorn.conf.py`` reads, for ``port`` on the loopback interface."""
        return {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "GUNICORN_WORKER_CLASS": self.worker_class,
            "GUNICORN_THREADS": str(self.threads),
            "WEB_CONCURRENCY": str(self.workers),
        }


@dataclass
class Samples:
    """Worker memory and load average, sampled every :data:`SAMPLE_S` seconds."""

    worker_rss_mib: dict[int, list[float]] = field(default_factory=dict)
    load_average: list[list[float]] = field(default_factory=list)
    importer_rss_mib: list[float] = field(default_factory=list)

    def take(self, master: psutil.Process, importer: subprocess.Popen | None) -> None:
        for worker in master.children():
            try:
                rss = worker.memory_info().rss / MIB
            except psutil.NoSuchProcess:
                continue
            self.worker_rss_mib.setdefault(worker.pid, []).append(round(rss, 1))
        self.load_average.append(load_average())
        if importer is not None and importer.poll() is None:
            with suppress(psutil.NoSuchProcess):
                self.importer_rss_mib.append(round(psutil.Process(importer.pid).memory_info().rss / MIB, 1))

    def summary(self) -> dict[str, object]:
        """Largest and last RSS per worker (workers replaced by max_requests included), load averages."""
        peaks = [max(values) for values in self.worker_rss_mib.values()]
        one_minute = [sample[0] for sample in self.load_average]
        return {
            "workers_seen": len(self.worker_rss_mib),
            "worker_rss_max_mib": max(peaks, default=None),
            "worker_rss_mib": {
                str(pid): {"max": max(v), "last": v[-1]} for pid, v in self.worker_rss_mib.items()
            },
            "load_average_1min_median": sorted(one_minute)[len(one_minute) // 2] if one_minute else None,
            "load_average_1min_max": max(one_minute, default=None),
            "importer_rss_max_mib": max(self.importer_rss_mib, default=None),
        }


@contextmanager
def gunicorn(server: Server, port: int, log_path: Path) -> Iterator[psutil.Process]:
    """gunicorn serving the dashboard on ``port`` until it answers; yields its master process."""
    environment = {"SECRET_KEY": secrets.token_hex(32), **os.environ, **server.environment(port)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), "dashboard.wsgi:server"],
            cwd=REPO_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_answering(f"http://127.0.0.1:{port}/_dash-layout", process)
            yield psutil.Process(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)


def _wait_until_answering(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer at {url}") from None
            time.sleep(1)


def locust_command(host: str, users: int, duration_s: int, csv_prefix: Path) -> list[str]:
    """Headless locust: ``users`` readers started over 10 s, for ``duration_s``, statistics to CSV."""
    return [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 10)),
        "--run-time",
        f"{duration_s}s",
        "--stop-timeout",
        "30",
        "--host",
        host,
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]


def read_statistics(csv_prefix: Path) -> list[dict[str, object]]:
    """Per request name and aggregated: count, failures, requests/s and percentiles (ms) from locust's CSV."""
    rows = []
    with Path(f"{csv_prefix}_stats.csv").open(encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows.append(
                {
                    "name": row["Name"] if row["Name"] != "Aggregated" else "all requests",
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "requests_per_s": round(float(row["Requests/s"]), 2),
                    **{key: _number(row[column]) for key, column in PERCENTILES.items()},
                }
            )
    return rows


def read_failures(csv_prefix: Path) -> list[dict[str, str]]:
    """Each kind of failure locust saw, with how often."""
    with Path(f"{csv_prefix}_failures.csv").open(encoding="utf-8") as failures:
        return [
            {"name": row["Name"], "error": row["Error"][:300], "occurrences": row["Occurrences"]}
            for row in csv.DictReader(failures)
        ]


def _server_messages(log_lines: list[str]) -> list[str]:
    """gunicorn's and the app's own lines (errors, tracebacks, worker starts), not the access log, cut short."""
    return [line[:300] for line in log_lines if not line.startswith("127.0.0.1 ")][:LOG_LINES]


def _number(text: str) -> float | None:
    return None if text in {"", "N/A"} else round(float(text), 1)


class Importer(threading.Thread):
    """Runs ``python -m dashboard ingest ARGS`` for each item of ``loads`` in turn, after ``delay_s``."""

    def __init__(self, loads: list[list[str]], delay_s: float) -> None:
        super().__init__(name="importer", daemon=True)
        self.loads, self.delay_s = loads, delay_s
        self.process: subprocess.Popen | None = None
        self.record: list[dict[str, object]] = []

    def run(self) -> None:
        time.sleep(self.delay_s)
        for arguments in self.loads:
            started = time.monotonic()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dashboard", "ingest", *arguments],
                cwd=REPO_DIR,
                stdout=subprocess.PIPE,
                text=True,
            )
            output, _ = self.process.communicate()
            self.record.append(
                {
                    "ingest": " ".join(Path(a).name for a in arguments),
                    "exit_code": self.process.returncode,
                    "seconds": round(time.monotonic() - started, 1),
                    "output": output.strip()[:300],
                }
            )
        self.process = None


def run(
    results: Results,
    server: Server,
    *,
    users: int,
    duration_s: int,
    port: int,
    loads: list[list[str]] | None = None,
    load_after_s: float = 60.0,
) -> Results:
    """Run the load and fill ``results``; each of ``loads`` (``KIND PATH [options]``) is ingested in turn
    from ``load_after_s`` seconds in."""
    samples = Samples()
    importer = Importer(loads or [], load_after_s)
    with (
        tempfile.TemporaryDirectory() as folder,
        gunicorn(server, port, Path(folder) / "gunicorn.log") as master,
    ):
        csv_prefix = Path(folder) / "locust"
        command = locust_command(f"http://127.0.0.1:{port}", users, duration_s, csv_prefix)
        locust = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # its tables are read from the CSV
        if loads:
            importer.start()
        while locust.poll() is None:
            samples.take(master, importer.process)
            time.sleep(SAMPLE_S)
        if loads:
            importer.join()
        statistics = read_statistics(csv_prefix)
        failures = read_failures(csv_prefix)
        log_lines = (Path(folder) / "gunicorn.log").read_text(errors="replace").splitlines()
    results.details.update(
        users=users,
        duration_s=duration_s,
        gunicorn={"worker_class": server.worker_class, "threads": server.threads, "workers": server.workers},
        load_generator="locust (headless, FastHttpUser) on the same two cores as the server and the databases",
        server=samples.summary(),
        server_errors_logged=sum("[ERROR]" in line or '" 500 ' in line for line in log_lines),
        worker_timeouts=sum("WORKER TIMEOUT" in line for line in log_lines),
        server_log=_server_messages(log_lines),
        imports=importer.record or None,
        failures=failures,
    )
    results.measurements.extend(statistics)
    return results
