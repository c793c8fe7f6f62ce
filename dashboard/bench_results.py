"""Benchmark results as JSON: one file per command, database kind and scale under ``bench/results/``.

Every file says when, on which commit and machine (cores, memory, load average before and after),
against which database (kind and version) and at which demo scale the figures were taken, and
holds one record per measurement with its median, p95 and number of samples in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parents[1] / "bench" / "results"
REPO_DIR = Path(__file__).resolve().parents[1]


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(value, 2) for value in os.getloadavg()]


def machine() -> dict[str, object]:
    """Cores, memory, Python and the load average now."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(memory / 1024**3, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
    }


def git_commit() -> str | None:
    """The checked-out commit, or None outside a git working tree."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_DIR, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method; the value itself for one sample)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def summary(values: list[float]) -> dict[str, float | int]:
    """Median, p95 and n of ``values`` (milliseconds)."""
    return {
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(p95(values), 2),
        "n": len(values),
    }


@dataclass
class Results:
    """One run of a benchmark command against one database at one scale."""

    command: str
    scale: int
    database: dict[str, str]
    details: dict[str, object] = field(default_factory=dict)
    measurements: list[dict[str, object]] = field(default_factory=list)
    load_before: list[float] = field(default_factory=load_average)
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    def add(self, name: str, measure: str, values: list[float], **labels: object) -> None:
        """Record one measurement: its name (a query, a filter change), what was timed, and the samples."""
        self.measurements.append({"name": name, "measure": measure, **labels, **summary(values)})

    def add_record(self, name: str, measure: str, **values: object) -> None:
        """Record one measurement that is not a time (sizes, counts)."""
        self.measurements.append({"name": name, "measure": measure, **values})

    def as_dict(self) -> dict[str, object]:
        """The JSON document (the load average after is taken now)."""
        return {
            "command": self.command,
            "date": self.started,
            "git_commit": git_commit(),
            "machine": {
                **machine(),
                "load_average_before": self.load_before,
                "load_average_after": load_average(),
            },
            "database": self.database,
            "scale": self.scale,
            **self.details,
            "measurements": self.measurements,
        }

    def write(self, directory: Path = RESULTS_DIR) -> Path:
        """Write ``<command>-<database kind>-<scale>x.json`` in ``directory`` (a rerun replaces it)."""
        document = self.as_dict()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.command}-{document['database']['kind']}-{self.scale}x.json"
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path
