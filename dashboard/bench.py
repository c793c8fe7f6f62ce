"""Benchmark of the indicator engine at several demo scales (``python -m dashboard bench``).

For each query: the engine call without any cache, the same aggregate as one raw SQL
statement over the source table, the same statement on DuckDB in memory over the same rows,
and the cached wrapper on a warm Flask-Caching SimpleCache. Prints one table per scale and
writes ``bench/results/bench-<database>-<scale>x.json``.
See ``docs/performance.md`` for the method and the figures.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from dash import Dash
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, select, text
from sqlalchemy import types as sa_types

from core.config import Config
from dashboard.app import create_app
from dashboard.bench_results import RESULTS_DIR, Results, load_average, p95
from dashboard.warm import warm_default_view
from data_access.db import make_engine, migrate
from data_access.demo import load_demo
from data_access.demo.generator import FIRST_PERIOD, LAST_PERIOD
from data_access.loading import active_datasets
from data_access.models import FmpCount, FourMiCell, MmpIncident, MmpIncidentRoute
from indicators.engine import deaths, flows, fourmi_indicator
from indicators.filters import Filters
from view_data import ViewData, cache

FOURMI_SQL = """
SELECT {by}, SUM(respondents) AS respondents, SUM(base) AS base
FROM fourmi_cell
WHERE indicator = :indicator AND period BETWEEN :period_from AND :period_to {where}
GROUP BY {by}
"""
FLOWS_SQL = """
SELECT period,
       CASE WHEN to_country = fmp_country THEN 'incoming'
            WHEN from_country = fmp_country THEN 'outgoing' ELSE 'transit' END AS direction,
       SUM(n) AS individuals, COUNT(DISTINCT t) AS days
FROM fmp_count
WHERE fmp_country = :country AND period BETWEEN :period_from AND :period_to
GROUP BY 1, 2
"""
DEATHS_SQL = """
SELECT i.year, r.route_id, COUNT(*) AS incidents, SUM(i.dead) AS dead, SUM(i.missing) AS missing,
       SUM(i.dead_and_missing) AS dead_and_missing
FROM mmp_incident i
JOIN mmp_incident_route r ON r.dataset_id = i.dataset_id AND r.source_row = i.source_row
GROUP BY i.year, r.route_id
"""

DUCKDB_TABLES = {  # the columns the statements read, copied once per scale (untimed)
    FourMiCell: (
        "indicator", "period", "year", "gender", "age_group", "route", "admin1", "place_hub", "category",
        "respondents", "base",
    ),
    FmpCount: ("period", "fmp_country", "from_country", "to_country", "t", "n"),
    MmpIncident: ("dataset_id", "source_row", "year", "dead", "missing", "dead_and_missing"),
    MmpIncidentRoute: ("dataset_id", "source_row", "route_id"),
}  # fmt: skip
DUCKDB_TYPES = {sa_types.String: "VARCHAR", sa_types.Integer: "BIGINT", sa_types.Date: "DATE"}
COPY_CHUNK_ROWS = 500_000


@dataclass(frozen=True)
class Query:
    """One realistic dashboard question: the engine call and its single-statement SQL equivalent."""

    name: str
    source: str
    filters: Filters
    by: tuple[str, ...]
    sql: str
    params: dict[str, str] = field(default_factory=dict)
    indicator: str = ""


def _fourmi(
    name: str, indicator: str, filters: Filters, by: tuple[str, ...], columns: str, where: str = ""
) -> Query:
    period = {"period_from": filters.period_from or "0000-01", "period_to": filters.period_to or "9999-12"}
    params = {"indicator": indicator, **period}
    params |= {
        dim: getattr(filters, dim)[0] for dim in ("gender", "age_group", "route") if getattr(filters, dim)
    }
    sql = FOURMI_SQL.format(by=columns, where=where)
    return Query(name, "4mi", filters, by, sql, params, indicator)


QUERIES = (
    _fourmi(
        "incident types, women 18-24, central_med_niger, 2023",
        "incident_type",
        Filters(
            period_from="2023-01",
            period_to="2023-12",
            route=("central_med_niger",),
            gender=("female",),
            age_group=("18-24",),
        ),
        (),
        "category",
        "AND gender = :gender AND age_group = :age_group AND route = :route",
    ),
    _fourmi(
        "drivers by admin-1, 2022",
        "driver",
        Filters(period_from="2022-01", period_to="2022-12"),
        ("admin1",),
        "category, admin1",
    ),
    _fourmi(
        "smuggler use by route and year",
        "smuggler_used",
        Filters(),
        ("route", "year"),
        "category, route, year",
    ),
    _fourmi(
        "incident places, 2023",
        "incident_place",
        Filters(period_from="2023-01", period_to="2023-12"),
        ("place",),
        "category, place_hub",
    ),
    Query(
        "flows by month and direction, Niger 2019-2024",
        "flows",
        Filters(country=("NER",), period_from="2019-01", period_to="2024-12"),
        ("period", "direction"),
        FLOWS_SQL,
        {"country": "NER", "period_from": "2019-01", "period_to": "2024-12"},
    ),
    Query("deaths by year and route", "deaths", Filters(), ("year", "route"), DEATHS_SQL),
)


@dataclass(frozen=True)
class Timing:
    """Wall-clock times of one query at one scale, in milliseconds."""

    engine: list[float]
    sql: list[float]
    duckdb: list[float]
    warm: list[float]


def run_bench(
    scales: list[int],
    repetitions: int,
    database_url: str | None = None,
    *,
    results_dir: Path = RESULTS_DIR,
    window: tuple[str, str] = (FIRST_PERIOD, LAST_PERIOD),
) -> list[Path]:
    """Load the demo (months ``window``) at each scale, time every query, print a table and write its JSON."""
    console = Console(width=140)
    written = []
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            url = database_url or f"sqlite:///{Path(tmp) / f'bench-{scale}x.sqlite'}"
            engine = make_engine(url)
            migrate(engine)
            results = Results("bench", scale, describe_database(engine))
            started = time.perf_counter()
            config = Config(database_url=url)
            service = ViewData.for_config(config)
            period_from, period_to = window
            steps = load_demo(
                engine,
                service.profile(None),
                service.reference,
                scale=scale,
                period_from=period_from,
                period_to=period_to,
            )
            for _ in steps:
                pass
            load_s = time.perf_counter() - started
            rows = rows_loaded(engine)
            console.print(f"{scale}x demo: {rows:,} rows loaded into {engine.dialect.name} in {load_s:.0f} s")
            results.details |= {
                "rows_loaded": rows,
                "load_seconds": round(load_s, 1),
                "load_average_before_load": results.load_before,
                "repetitions": repetitions,
                "window": list(window),
            }
            results.load_before = load_average()  # before and after bracket the timed calls
            columnar = copy_to_duckdb(engine)
            app = create_app(config)
            with app.server.app_context():
                timings = {
                    query.name: _time_query(service, columnar, query, repetitions) for query in QUERIES
                }
            columnar.close()
            first_view = _time_first_view(app, service, repetitions)
            for name, timing in timings.items():
                for measure in MEASURES:
                    results.add(name, measure, getattr(timing, measure))
            for measure, times in first_view.items():
                results.add(FIRST_VIEW, measure, times)
            written.append(results.write(results_dir))
            service.engine.dispose()
            engine.dispose()
        console.print(_table(scale, engine.dialect.name, repetitions, timings))
        console.print(
            f"{FIRST_VIEW}: cold median {statistics.median(first_view['cold']):.0f} ms, "
            f"warm median {statistics.median(first_view['warm']):.1f} ms"
        )
    return written


MEASURES = ("engine", "sql", "duckdb", "warm")
FIRST_VIEW = "first view: overview, default filters"
FIRST_VIEW_COLD_REPETITIONS = 3


def _time_first_view(app: Dash, service: ViewData, repetitions: int) -> dict[str, list[float]]:
    """Server time of the overview's answers for the default filters: from an empty cache (as the first
    visitor after a load without precomputing) and from the cache :mod:`dashboard.warm` fills."""
    with app.server.app_context():
        cold = []
        for _ in range(FIRST_VIEW_COLD_REPETITIONS):
            cache.clear()
            cold.append(warm_default_view(app, service) * 1000)
        warm = [warm_default_view(app, service) * 1000 for _ in range(repetitions)]
    return {"cold": cold, "warm": warm}


def copy_to_duckdb(engine: Engine) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database holding the rows (and columns) the raw statements read, copied in chunks."""
    columnar = duckdb.connect(":memory:")
    with engine.connect() as connection:
        for model, names in DUCKDB_TABLES.items():
            columns = [getattr(model, name) for name in names]
            types = [next(t for base, t in DUCKDB_TYPES.items() if isinstance(c.type, base)) for c in columns]
            table = model.__tablename__
            declared = ", ".join(f"{name} {kind}" for name, kind in zip(names, types, strict=True))
            columnar.execute(f"CREATE TABLE {table} ({declared})")
            for chunk in pd.read_sql(select(*columns), connection, chunksize=COPY_CHUNK_ROWS):
                columnar.register("chunk", chunk)
                columnar.execute(f"INSERT INTO {table} SELECT * FROM chunk")
                columnar.unregister("chunk")
    return columnar


def describe_database(engine: Engine) -> dict[str, str]:
    """The database kind (``sqlite``, ``postgresql``) and its server version."""
    with engine.connect():
        version = ".".join(str(part) for part in engine.dialect.server_version_info or ())
    return {"kind": engine.dialect.name, "version": version}


def rows_loaded(engine: Engine) -> int:
    """Rows of every active dataset in the database."""
    return int(active_datasets(engine)["rows"].sum())


def results_of(command: str, scale: int, engine: Engine) -> Results:
    """Empty results of ``command`` measuring ``engine``'s database as it is loaded now."""
    return Results(command, scale, describe_database(engine), {"rows_loaded": rows_loaded(engine)})


def _time_query(
    service: ViewData, columnar: duckdb.DuckDBPyConnection, query: Query, repetitions: int
) -> Timing:
    """Time one query; runs inside the app context of an app reading the service's database."""
    engine, profiles, rule, reference = service.engine, service.profiles, service.rule, service.reference
    engine_call = {
        "4mi": lambda: fourmi_indicator(
            engine, query.indicator, query.filters, query.by, profiles, rule, reference
        ),
        "flows": lambda: flows(engine, query.filters, query.by, profiles, rule),
        "deaths": lambda: deaths(engine, query.filters, query.by, profiles),
    }[query.source]
    cached_call = {
        "4mi": lambda: service.fourmi(query.indicator, query.filters, query.by),
        "flows": lambda: service.flows(query.filters, query.by),
        "deaths": lambda: service.deaths(query.filters, query.by),
    }[query.source]

    def sql_call() -> None:
        with engine.connect() as connection:
            connection.execute(text(query.sql), query.params).all()

    duckdb_sql = re.sub(r":(\w+)", r"$\1", query.sql)  # DuckDB names parameters $name

    def duckdb_call() -> None:
        columnar.execute(duckdb_sql, query.params).fetchall()

    return Timing(
        engine=_times(engine_call, repetitions),
        sql=_times(sql_call, repetitions),
        duckdb=_times(duckdb_call, repetitions),
        warm=_times(cached_call, repetitions),
    )


def _times(call: Callable[[], object], repetitions: int) -> list[float]:
    """Milliseconds per call after one untimed call (it fills caches of reference files or answers)."""
    call()
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _table(scale: int, dialect: str, repetitions: int, timings: dict[str, Timing]) -> Table:
    table = Table(title=f"{scale}x demo, {dialect}, {repetitions} repetitions (ms)")
    columns = (
        "query",
        "engine median",
        "engine p95",
        "SQL median",
        "ratio",
        "DuckDB median",
        "engine/DuckDB",
    )
    for column in (*columns, "warm median", "warm p95"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for name, timing in timings.items():
        engine_median, sql_median = statistics.median(timing.engine), statistics.median(timing.sql)
        duckdb_median = statistics.median(timing.duckdb)
        table.add_row(
            name,
            f"{engine_median:.1f}",
            f"{p95(timing.engine):.1f}",
            f"{sql_median:.1f}",
            f"{engine_median / sql_median:.1f}",
            f"{duckdb_median:.1f}",
            f"{engine_median / duckdb_median:.1f}",
            f"{statistics.median(timing.warm):.2f}",
            f"{p95(timing.warm):.2f}",
        )
    return table
