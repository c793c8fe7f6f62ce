"""The demo never replaces data a user loaded, and says what it kept; synthetic data never replaces real data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from dashboard.cli import cli
from data_access.loading import RealDataProtectedError, load_file
from data_access.models import Dataset, MmpIncident
from tests.snapshots import database_contents

DEMO_MONTH = ("--period-from", "2024-12", "--period-to", "2024-12")  # one month keeps the demo quick


@pytest.fixture
def run(engine, monkeypatch):
    """Run the command line against ``engine``'s database."""
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    runner = CliRunner()

    def invoke(*args: object):
        result = runner.invoke(cli, [str(arg) for arg in args])
        assert result.exit_code == 0, result.output
        return result

    return invoke


def _active(run) -> dict[str, dict[str, object]]:
    """{kind: provenance} of the active datasets, as `datasets --json` lists them."""
    return {dataset["kind"]: dataset for dataset in json.loads(run("datasets", "--json").stdout)}


def _mmp_rows_by_dataset(engine) -> dict[int, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(MmpIncident.dataset_id, func.count()).group_by(MmpIncident.dataset_id)
        ).all()
    return dict(rows)


def test_restarting_the_demo_after_a_real_mmp_export_keeps_the_export(run, engine, examples):
    first = run("demo", *DEMO_MONTH)
    assert "loaded: mmp" in first.stdout
    ingested = run("ingest", "mmp", examples / "mmp_legacy_export.csv")
    assert ingested.stdout.startswith("replaced: mmp")

    again = run("demo", *DEMO_MONTH)

    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert (
        f"kept: mmp — 4 rows from mmp_legacy_export.csv loaded by you on {today}; "
        "the demo does not replace data you loaded"
    ) in again.stdout.splitlines()
    assert "loaded: mmp" not in again.stdout and "replaced: mmp" not in again.stdout
    active = _active(run)
    mmp = active["mmp"]
    assert (mmp["file_name"], mmp["rows"], mmp["synthetic"], mmp["origin"]) == (
        "mmp_legacy_export.csv", 4, False, "user",
    )  # fmt: skip
    assert _mmp_rows_by_dataset(engine) == {mmp["id"]: 4}
    assert (active["4mi"]["synthetic"], active["4mi"]["origin"]) == (True, "demo")


def test_a_user_loaded_hub_gazetteer_is_kept_while_the_demo_loads_the_rest(run, examples):
    run("ingest", "hubs", examples / "hubs_example.csv")

    demo = run("demo", *DEMO_MONTH)

    kept = [line for line in demo.stdout.splitlines() if line.startswith("kept:")]
    assert len(kept) == 1
    assert kept[0].startswith("kept: hubs — ") and "from hubs_example.csv loaded by you on " in kept[0]
    active = _active(run)
    assert (active["hubs"]["file_name"], active["hubs"]["origin"]) == ("hubs_example.csv", "user")
    assert (active["routes"]["file_name"], active["routes"]["origin"]) == ("routes.geojson", "demo")
    assert {kind for kind, dataset in active.items() if dataset["origin"] == "demo"} == {
        "routes", "fmp-sites", "fmp", "fmp-demographics", "4mi", "mmp",
    }  # fmt: skip


def test_datasets_says_who_loaded_each_dataset(run, examples):
    run("ingest", "mmp", examples / "mmp_legacy_export.csv")
    run("demo", *DEMO_MONTH)

    listing = run("datasets").stdout.splitlines()

    def line_of(kind: str) -> str:
        return next(line for line in listing if line.startswith(f"{kind} "))

    assert " by you " in line_of("mmp") and "[SYNTHETIC]" not in line_of("mmp")
    assert " by the demo " in line_of("4mi") and "[SYNTHETIC]" in line_of("4mi")


def test_a_synthetic_file_never_replaces_real_data_and_nothing_changes(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    before = database_contents(engine)

    with pytest.raises(RealDataProtectedError, match=r"real dataset 'mmp' \(mmp, 4 rows from mmp_legacy"):
        load_file(
            engine,
            "mmp",
            examples / "mmp_current_export.csv",
            reference=reference,
            synthetic=True,
            origin="demo",
        )

    assert database_contents(engine) == before
    with engine.connect() as connection:
        active = connection.execute(select(Dataset.file_name).where(Dataset.active.is_(True))).scalars().all()
    assert active == ["mmp_legacy_export.csv"]


def test_a_synthetic_file_never_replaces_real_data_beside_a_demo_dataset_it_would_retire(
    engine, examples, reference
):
    """A person's file also retires every demo dataset of its kind: that must not lift the protection."""
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference, name="real")
    load_file(
        engine,
        "mmp",
        examples / "mmp_current_export.csv",
        reference=reference,
        name="west-north-africa/mmp",
        synthetic=True,
        origin="demo",
    )
    before = database_contents(engine)

    with pytest.raises(RealDataProtectedError, match=r"real dataset 'real'"):
        load_file(
            engine,
            "mmp",
            examples / "mmp_current_export.csv",
            reference=reference,
            name="real",
            synthetic=True,
        )

    assert database_contents(engine) == before


def test_ingesting_a_synthetic_file_over_real_data_is_refused_with_a_message(engine, examples, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "mmp", str(examples / "mmp_legacy_export.csv")]).exit_code == 0
    before = database_contents(engine)

    refused = runner.invoke(cli, ["ingest", "mmp", str(examples / "mmp_current_export.csv"), "--synthetic"])

    assert refused.exit_code == 1
    assert "synthetic data would replace the real dataset 'mmp'" in refused.stderr
    assert "Traceback" not in refused.output
    assert database_contents(engine) == before
