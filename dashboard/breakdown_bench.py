"""Benchmark of every allowed breakdown (``python -m dashboard bench-breakdowns``).

Times one uncached engine call per source, indicator and combination of up to
``MAX_BREAKDOWN`` dimensions on the configured database (load the demo first) and prints
the worst case, median and p95 per source, with the slowest breakdowns. Asserts nothing.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from core.config import Config
from dashboard.app import create_app
from indicators.engine import deaths, flows, fourmi_indicator
from indicators.filters import Filters
from view_data import ViewData
from view_data.sources import DEATH_DIMENSIONS, FLOW_DIMENSIONS, FOURMI_DIMENSIONS, MAX_BREAKDOWN

INDICATORS = ("incident_type", "smuggler_used", "incident_place")


@dataclass(frozen=True)
class Timed:
    """One breakdown's wall-clock time and answer size."""

    source: str
    by: tuple[str, ...]
    ms: float
    rows: int


def breakdowns(dimensions: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every combination of 0 .. MAX_BREAKDOWN of ``dimensions``."""
    for size in range(MAX_BREAKDOWN + 1):
        yield from itertools.combinations(dimensions, size)


def calls(service: ViewData, filters: Filters) -> Iterator[tuple[str, tuple[str, ...], Callable[[], object]]]:
    """(source label, breakdown, engine call) for every allowed breakdown of every source."""
    engine, profiles, rule, reference = service.engine, service.profiles, service.rule, service.reference
    fourmi_dims = tuple(d for d in FOURMI_DIMENSIONS if d != "category")
    for indicator in INDICATORS:
        for by in breakdowns(fourmi_dims):
            yield (
                f"4mi {indicator}",
                by,
                lambda i=indicator, b=by: fourmi_indicator(engine, i, filters, b, profiles, rule, reference),
            )
    for by in breakdowns(FLOW_DIMENSIONS):
        yield "flows", by, lambda b=by: flows(engine, filters, b, profiles, rule)
    for by in breakdowns(DEATH_DIMENSIONS):
        if "segment" not in by or "route" in by:
            yield "deaths", by, lambda b=by: deaths(engine, filters, b, profiles)


def measure(config: Config, progress: Callable[[str], None] = print) -> list[Timed]:
    """Time every allowed breakdown once, with no cache, inside an app context; report each source as it ends."""
    service = ViewData.for_config(config)
    filters = Filters(region=service.default_region)
    timed: list[Timed] = []
    with create_app(config).server.app_context():
        for source, by, call in calls(service, filters):
            if timed and timed[-1].source != source:
                progress(_line([t for t in timed if t.source == timed[-1].source]))
            started = time.perf_counter()
            answer = call()
            timed.append(Timed(source, by, (time.perf_counter() - started) * 1000, len(answer.rows)))
    progress(_line([t for t in timed if t.source == timed[-1].source]))
    return timed


def _line(times: list[Timed]) -> str:
    worst = max(times, key=lambda t: t.ms)
    return (
        f"{times[0].source}: {len(times)} breakdowns, median {statistics.median(t.ms for t in times):.0f} ms, "
        f"worst {worst.ms:.0f} ms ({','.join(worst.by) or 'none'}, {worst.rows:,} rows)"
    )


def report(timed: list[Timed], slowest: int = 10) -> None:
    """Print worst case, median and p95 per source, and the slowest breakdowns."""
    console = Console(width=140)
    summary = Table(title=f"Every breakdown of up to {MAX_BREAKDOWN} dimensions, one uncached call each (ms)")
    for column in ("source", "breakdowns", "median", "p95", "worst", "worst breakdown", "its rows"):
        summary.add_column(column, justify="left" if column in ("source", "worst breakdown") else "right")
    for source in dict.fromkeys(t.source for t in timed):
        times = [t for t in timed if t.source == source]
        worst = max(times, key=lambda t: t.ms)
        values = [t.ms for t in times]
        summary.add_row(
            source,
            str(len(times)),
            f"{statistics.median(values):.0f}",
            f"{statistics.quantiles(values, n=20, method='inclusive')[-1]:.0f}",
            f"{worst.ms:.0f}",
            ",".join(worst.by) or "(none)",
            f"{worst.rows:,}",
        )
    console.print(summary)
    top = Table(title=f"The {slowest} slowest breakdowns")
    for column in ("source", "by", "ms", "rows"):
        top.add_column(column, justify="left" if column in ("source", "by") else "right")
    for t in sorted(timed, key=lambda t: t.ms, reverse=True)[:slowest]:
        top.add_row(t.source, ",".join(t.by) or "(none)", f"{t.ms:.0f}", f"{t.rows:,}")
    console.print(top)
