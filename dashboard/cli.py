"""Command line: load and validate source files, show provenance, build demo data, serve."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from core.config import Config
from dashboard.bench_results import RESULTS_DIR
from data_access.db import DATABASE_PROBLEMS, make_engine, migrate
from data_access.demo import load_demo
from data_access.demo.generator import FIRST_PERIOD, LAST_PERIOD
from data_access.demo.load import REFERENCE_KINDS, DemoStep, KeptDataset
from data_access.importers import KINDS, importer_for
from data_access.loading import RealDataProtectedError, active_datasets, load_file
from data_access.problems import DataValidationError
from data_access.rederive import rederive_mmp, stale_mmp_datasets
from data_access.reference import Reference, load_reference
from geo.regions import RegionProfile, available_profiles, chosen_profile, region_profile

EXIT_INVALID = 1
LOADED_BY = {"user": "by you", "demo": "by the demo"}

Kind = StrEnum("Kind", {kind.replace("-", "_"): kind for kind in KINDS})

cli = typer.Typer(
    help="Mixed-migration protection dashboard.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _engine() -> Engine:
    engine = make_engine(Config.from_env().database_url)
    migrate(engine)
    reference = _reference()
    for dataset_id in stale_mmp_datasets(engine, reference):
        done = rederive_mmp(engine, dataset_id, reference)
        typer.echo(
            f"re-derived: {done.name} ({done.rows} rows, {done.memberships} route placements) "
            "with the current route rule, places and cause categories",
            err=True,
        )
    return engine


def _reference() -> Reference:
    config = Config.from_env()
    return load_reference(config.regions_dir, config.reference_dir)


def _fail(error: DataValidationError) -> None:
    typer.echo(error.summary(), err=True)
    raise typer.Exit(EXIT_INVALID)


@cli.command()
def ingest(
    kind: Kind,
    path: Annotated[Path, typer.Argument(help="CSV, XLSX, GeoJSON or GeoPackage file")],
    name: Annotated[
        str | None, typer.Option(help="Dataset name; a new file replaces the dataset of the same name")
    ] = None,
    synthetic: Annotated[
        bool, typer.Option(help="Flag the dataset as synthetic (demonstration) data")
    ] = False,
) -> None:
    """Validate PATH and load it as KIND, replacing the previous version atomically."""
    try:
        result = load_file(
            _engine(),
            kind.value,
            path,
            reference=_reference(),
            name=name,
            synthetic=synthetic,
            progress=sys.stderr.isatty(),
        )
    except DataValidationError as error:
        _fail(error)
    except RealDataProtectedError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_INVALID) from error
    typer.echo(
        f"{result.status}: {result.kind} '{result.name}' from {path.name}, "
        f"{result.rows} rows, sha256 {result.sha256[:12]}"
    )
    _warm_shared_cache()


@cli.command()
def validate(kind: Kind, path: Path) -> None:
    """Check PATH as KIND without loading it (exit 1 with the list of problems)."""
    try:
        parsed = importer_for(kind.value, _reference()).parse(path)
    except DataValidationError as error:
        _fail(error)
    typer.echo(f"valid: {path.name} is {kind.value} ({parsed.schema_version}), {len(parsed.rows)} rows")


@cli.command()
def datasets(as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """List the loaded datasets with their provenance."""
    table = active_datasets(_engine())
    if as_json:
        typer.echo(json.dumps(table.to_dict(orient="records"), default=str, indent=2))
        return
    if table.empty:
        typer.echo("no datasets loaded; run `python -m dashboard demo` or `ingest`")
        return
    name_width = int(table["name"].str.len().max())
    for row in table.itertuples(index=False):
        flag = " [SYNTHETIC]" if row.synthetic else ""
        typer.echo(
            f"{row.kind:<17} {row.name:<{name_width}} {row.rows:>9} rows  {row.file_name}  "
            f"sha256 {row.sha256[:12]}  loaded {row.loaded_at:%Y-%m-%d %H:%M} {LOADED_BY[row.origin]}  "
            f"{row.schema_version}{flag}\n"
            f"{'':<17} {row.credit} — {row.licence}"
        )


@cli.command()
def demo(
    scale: Annotated[int, typer.Option(min=1, help="Multiply data volume (1, 10, 100 for benchmarks)")] = 1,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files")] = 2024,
    region: Annotated[
        str | None,
        typer.Option(help="Load this region profile only (default: every profile, the default one first)"),
    ] = None,
    period_from: Annotated[str, typer.Option(help="First month of generated data (YYYY-MM)")] = FIRST_PERIOD,
    period_to: Annotated[str, typer.Option(help="Last month of generated data (YYYY-MM)")] = LAST_PERIOD,
) -> None:
    """Load every region profile's reference data and generated synthetic demo data (or one profile's, with --region).

    Each profile's demo datasets sit beside the others'. Data you loaded with `ingest` is kept: the
    demo loads nothing of a kind that holds it.
    """
    config = Config.from_env()
    try:
        profiles = demo_profiles(config.regions_dir, region, config.default_region)
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_INVALID) from None
    engine, reference = _engine(), _reference()
    told: set[tuple[str, str]] = set()
    try:
        for profile in profiles:
            steps = load_demo(
                engine,
                profile,
                reference,
                scale=scale,
                seed=seed,
                period_from=period_from,
                period_to=period_to,
                progress=sys.stderr.isatty(),
            )
            for step in steps:
                if isinstance(step, KeptDataset) and (step.kind, step.name) in told:
                    continue  # a user's dataset is kept for every profile: said once
                told.add((step.kind, step.name))
                typer.echo(demo_step_line(step, profile.id))
    except DataValidationError as error:
        _fail(error)
    except RealDataProtectedError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(EXIT_INVALID) from None
    _warm_shared_cache()


def demo_profiles(regions_dir: Path, region: str | None, default_region: str | None) -> list[RegionProfile]:
    """The profiles the demo loads: ``region`` alone, or every profile with the default one first."""
    profiles = available_profiles(regions_dir)
    first = chosen_profile(profiles, region or default_region, regions_dir)
    if region:
        return [first]
    return [first, *(profile for profile_id, profile in profiles.items() if profile_id != first.id)]


def _warm_shared_cache() -> None:
    """Compute the default view into a shared cache (Redis) after a load, so its first visitor gets warm answers.

    An in-process cache dies with this command: the servers then warm their own (``dashboard.warm``).
    """
    from dashboard.warm import shared_cache

    config = Config.from_env()
    if not shared_cache(config):
        return
    from dashboard.app import create_app
    from dashboard.warm import warm_default_view
    from view_data import ViewData

    try:
        seconds = warm_default_view(create_app(config), ViewData.for_config(config))
    except DATABASE_PROBLEMS as error:  # the load is done; the servers warm their caches themselves
        typer.echo(f"not warmed: {type(error).__name__} while computing the default view", err=True)
        return
    typer.echo(
        f"warmed: the overview's answers for the default filters, in the shared cache ({seconds:.1f} s)"
    )


def demo_step_line(step: DemoStep, profile_id: str) -> str:
    """One line saying what the demo did with a kind of profile ``profile_id``, and why it kept data a user loaded."""
    if isinstance(step, KeptDataset):
        name = f" '{step.name}'" if step.name != step.kind else ""
        flag = " [SYNTHETIC]" if step.synthetic else ""
        return (
            f"kept: {step.kind}{name} — {step.rows:,} rows from {step.file_name}{flag} "
            f"loaded {LOADED_BY['user']} on {step.loaded_at:%Y-%m-%d}; the demo does not replace data you loaded"
        )
    flag = "" if step.kind in REFERENCE_KINDS else " [SYNTHETIC]"
    return f"{step.status}: {step.kind} of {profile_id} ({step.rows:,} rows){flag}"


RESULTS_DIR_OPTION = typer.Option(help="Folder of the JSON results (a rerun replaces its file)")


@cli.command()
def bench(
    scales: Annotated[str, typer.Option(help="Demo scales to load and measure, comma-separated")] = "1,10",
    repetitions: Annotated[int, typer.Option(min=2, help="Timed calls per query")] = 15,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Measure this database instead of temporary SQLite files (its datasets are REPLACED)"
        ),
    ] = None,
    period_from: Annotated[str, typer.Option(help="First month of the demo data (YYYY-MM)")] = FIRST_PERIOD,
    period_to: Annotated[str, typer.Option(help="Last month of the demo data (YYYY-MM)")] = LAST_PERIOD,
    results_dir: Annotated[Path, RESULTS_DIR_OPTION] = RESULTS_DIR,
) -> None:
    """Time the indicator engine against one raw SQL statement and the warm cache, per demo scale.

    Prints a table per scale and writes bench/results/bench-<database>-<scale>x.json.
    """
    from dashboard.bench import run_bench

    run_bench(
        [int(scale) for scale in scales.split(",")],
        repetitions,
        database_url,
        results_dir=results_dir,
        window=(period_from, period_to),
    )


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8050,
    debug: Annotated[bool, typer.Option(help="Dash debug mode (development only)")] = False,
) -> None:
    """Serve the dashboard with the development server (use gunicorn in production)."""
    from dashboard.app import create_app
    from dashboard.warm import start_keeping_warm
    from view_data import ViewData

    _engine()
    app = create_app()
    start_keeping_warm(app, ViewData.for_config(Config.from_env()))
    app.run(host=host, port=port, debug=debug)


@cli.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema."""
    _engine()
    typer.echo("database is at the latest schema")


@cli.command("bench-ui")
def bench_ui(
    scale: Annotated[
        int, typer.Option(min=1, help="Demo scale loaded in the database (names the results file)")
    ] = 1,
    rounds: Annotated[
        int, typer.Option(min=1, help="Times each kind of change (control, map click, back)")
    ] = 7,
    server: Annotated[
        str, typer.Option(help="Servers to measure in turn, comma-separated: dev, gunicorn")
    ] = "dev,gunicorn",
    port: Annotated[int, typer.Option(help="First port to serve on, one per server (0: any free port)")] = 0,
    results_dir: Annotated[Path, RESULTS_DIR_OPTION] = RESULTS_DIR,
) -> None:
    """Time filter changes in headless Chromium per stage, on the development server and gunicorn.

    Measures the configured database (load it with `demo --scale N`); prints a table and writes
    bench/results/bench-ui-<database>-<scale>x.json.
    """
    from dashboard.bench import results_of
    from dashboard.ui_bench import add_results, measure, report

    config = Config.from_env()
    results = results_of("bench-ui", scale, _engine())
    results.details["rounds"] = rounds
    figures = measure(config.database_url, rounds, tuple(server.split(",")), port)
    add_results(results, figures)
    typer.echo(report(f"{scale}x, {results.database['kind']}", figures))
    typer.echo(f"written: {results.write(results_dir)}")


@cli.command()
def loadtest(
    users: Annotated[int, typer.Option(min=1, help="Simulated readers")] = 50,
    duration: Annotated[int, typer.Option(min=10, help="Seconds of load")] = 600,
    port: Annotated[int, typer.Option(help="Port gunicorn serves on during the run")] = 8060,
    worker_class: Annotated[str, typer.Option(help="gunicorn worker class: sync or gthread")] = "gthread",
    threads: Annotated[int, typer.Option(min=1, help="Threads per gthread worker")] = 4,
    workers: Annotated[int, typer.Option(min=1, help="gunicorn workers")] = 2,
    import_demo_seed: Annotated[
        int | None,
        typer.Option(help="Meanwhile, ingest the demo's FMP files generated with this seed (new numbers)"),
    ] = None,
    label: Annotated[str, typer.Option(help="Names the results file: loadtest-<label>-…")] = "steady",
    scale: Annotated[
        int, typer.Option(min=1, help="Demo scale loaded in the database (names the results file)")
    ] = 1,
    results_dir: Annotated[Path, RESULTS_DIR_OPTION] = RESULTS_DIR,
) -> None:
    """Simulated readers (locust, headless) against gunicorn on the configured database and cache.

    Replays a browser's recorded pages and callbacks (bench/traffic.json) and API calls; samples the
    workers' memory. Writes bench/results/loadtest-<label>-<database>-<scale>x.json.
    """
    import tempfile

    from dashboard.bench import results_of
    from dashboard.loadtest import Server, run
    from data_access.demo.generator import generate

    config = Config.from_env()
    results = results_of(f"loadtest-{label}", scale, _engine())
    with tempfile.TemporaryDirectory() as folder:
        loads = []
        if import_demo_seed is not None:
            profile = region_profile(config.regions_dir, config.default_region)
            files = generate(Path(folder), region_dir=profile.directory, scale=scale, seed=import_demo_seed)
            loads = [[kind, str(files[kind]), "--synthetic"] for kind in ("fmp", "fmp-demographics")]
        run(
            results,
            Server(worker_class, threads, workers),
            users=users,
            duration_s=duration,
            port=port,
            loads=loads,
        )
    typer.echo(loadtest_report(results.measurements))
    typer.echo(f"written: {results.write(results_dir)}")


def loadtest_report(measurements: list[dict[str, object]]) -> str:
    """One line per request name: requests, failures, requests/s, p50, p95 and p99 in ms."""
    lines = [f"{'request':<70} {'n':>6} {'fail':>5} {'req/s':>6} {'p50':>7} {'p95':>7} {'p99':>7}"]
    for row in measurements:
        lines.append(
            f"{str(row['name'])[:70]:<70} {row['requests']:>6} {row['failures']:>5} {row['requests_per_s']:>6} "
            f"{row['p50_ms'] or 0:>7.0f} {row['p95_ms'] or 0:>7.0f} {row['p99_ms'] or 0:>7.0f}"
        )
    return "\n".join(lines)


@cli.command("bench-plot")
def bench_plot(
    results_dir: Annotated[Path, typer.Option(help="Folder of the JSON results to read")] = RESULTS_DIR,
    output: Annotated[
        Path | None, typer.Option(help="SVG to write (default: docs/performance-scale.svg)")
    ] = None,
) -> None:
    """Draw time against demo scale (log-log, one line per query or change and database) from the JSON results."""
    from dashboard.bench_plot import PLOT_PATH, plot, read_results

    try:
        written = plot(read_results(results_dir), output or PLOT_PATH)
    except ValueError as error:
        typer.echo(f"{error} in {results_dir}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    typer.echo(f"written: {written}")


@cli.command()
def weight(
    port: Annotated[int, typer.Option(help="Port to serve on while measuring (0: any free port)")] = 0,
    scale: Annotated[
        int, typer.Option(min=1, help="Demo scale loaded in the database (names the results file)")
    ] = 1,
    results_dir: Annotated[Path, RESULTS_DIR_OPTION] = RESULTS_DIR,
    lite: Annotated[
        bool, typer.Option(help="Measure the low-bandwidth view (/lite/) with JavaScript off instead")
    ] = False,
) -> None:
    """Bytes over the wire in headless Chromium: first view, second visit and a filter change per page.

    Prints them and writes bench/results/weight-<database>-<scale>x.json (weight-lite-… with --lite).
    """
    from dashboard.bench import results_of
    from dashboard.weight import add_results, measure, measure_lite, report

    config = Config.from_env()
    results = results_of("weight-lite" if lite else "weight", scale, _engine())
    weights = (measure_lite if lite else measure)(config.database_url, port=port)
    add_results(results, weights)
    typer.echo(report(weights))
    typer.echo(f"written: {results.write(results_dir)}")


@cli.command("bench-breakdowns")
def bench_breakdowns() -> None:
    """Time every allowed breakdown of every source once on the configured database (load the demo first)."""
    from dashboard.breakdown_bench import measure, report

    _engine()
    report(measure(Config.from_env()))
