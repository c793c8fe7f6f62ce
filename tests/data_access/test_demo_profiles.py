"""Every region profile's demo side by side: each keeps its own datasets, totals count every row once,
an earlier demo's datasets (named after their kind alone) are retired, and the command loads them all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, Row, select
from typer.testing import CliRunner

from dashboard.cli import cli
from data_access.demo import generate, load_demo
from data_access.demo.generator import generated_data
from data_access.demo.load import DEMO_LOAD_ORDER, REFERENCE_KINDS, demo_dataset_name
from data_access.demo.places import load_places
from data_access.importers import importer_for
from data_access.loading import load_file
from data_access.models import Dataset, MmpIncident, MmpIncidentRoute
from data_access.queries import Scope, death_counts, flow_counts, fourmi_counts
from data_access.reference import Reference
from data_access.summaries import SUMMARIES, refresh_summaries
from geo.regions import RegionProfile, available_profiles
from indicators.engine import sources_for
from tests.conftest import BACKENDS, REGIONS_DIR, _database
from tests.snapshots import database_contents

WINDOW = {"period_from": "2023-04", "period_to": "2023-04"}  # one month keeps every load quick
PROFILES = available_profiles(REGIONS_DIR)
WNA, EAY = PROFILES["west-north-africa"], PROFILES["east-africa-yemen"]
SHARED_COUNTRIES = sorted(set(WNA.countries) & set(EAY.countries))


def _generated(profile: RegionProfile, kind: str, **window: str) -> pd.DataFrame:
    """The rows the demo generates for ``profile`` and ``kind``, as one frame."""
    (data,) = generated_data(region_dir=profile.directory, kinds=[kind], **(window or WINDOW))
    return pd.concat(list(data.chunks()), ignore_index=True)


def _active(engine: Engine) -> dict[str, Row]:
    """Provenance rows of the active datasets, by name."""
    with engine.connect() as connection:
        rows = connection.execute(select(*Dataset.__table__.c).where(Dataset.active.is_(True))).all()
    return {row.name: row for row in rows}


@pytest.fixture(scope="module", params=BACKENDS)
def both(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_sqlite_file: Path,
    reference: Reference,
) -> Iterator[Engine]:
    """A database with one month of both profiles' demos, the default profile's first: read only."""
    for engine in _database(request.param, tmp_path_factory.mktemp("both"), migrated_sqlite_file):
        for profile in (WNA, EAY):
            assert {step.status for step in load_demo(engine, profile, reference, **WINDOW)} == {"loaded"}
        yield engine


def test_the_profiles_share_countries():
    """The checks of shared countries below are not vacuous."""
    assert {"LBY", "EGY", "SDN"} <= set(SHARED_COUNTRIES)


def test_each_profile_keeps_its_own_demo_datasets_beside_the_other(both):
    active = _active(both)

    expected = {demo_dataset_name(p.id, kind) for p in (WNA, EAY) for kind in DEMO_LOAD_ORDER}
    assert set(active) == expected
    assert all(dataset.rows > 0 and dataset.origin == "demo" for dataset in active.values())
    generated = [dataset for dataset in active.values() if dataset.kind not in REFERENCE_KINDS]
    assert all(dataset.synthetic for dataset in generated)
    assert len({dataset.file_name for dataset in generated}) == len(generated), "each file named by profile"


@pytest.mark.parametrize(("source", "kind"), [("4mi", "4mi"), ("flows", "fmp"), ("deaths", "mmp")])
def test_every_answer_names_both_profiles_datasets_as_its_sources(both, source, kind):
    """Every number stays traceable: an answer over all regions lists each profile's dataset it sums."""
    sources = sources_for(both, source)

    generated = [entry for entry in sources if entry["kind"] == kind]
    assert {entry["name"] for entry in generated} == {demo_dataset_name(p.id, kind) for p in (WNA, EAY)}
    assert all(entry["synthetic"] and len(str(entry["sha256"])) == 64 for entry in generated)


@pytest.mark.parametrize("kind", list(SUMMARIES))
def test_summaries_built_dataset_by_dataset_equal_summaries_built_from_every_row(both, kind):
    def contents(connection: Connection) -> dict[str, list[tuple[object, ...]]]:
        return {
            model.__tablename__: sorted(
                map(tuple, connection.execute(select(*(c for c in model.__table__.c if c.name != "id")))),
                key=repr,
            )
            for model in SUMMARIES[kind]
        }

    with both.connect() as connection:
        loaded = contents(connection)
        refresh_summaries(connection, kind)  # every row, in a transaction rolled back below
        rebuilt = contents(connection)
        connection.rollback()

    assert all(loaded.values()) and loaded == rebuilt


def test_loading_either_profile_again_changes_nothing(both, reference):
    before = database_contents(both)

    again = [step for profile in (EAY, WNA) for step in load_demo(both, profile, reference, **WINDOW)]

    assert {step.status for step in again} == {"unchanged"}
    assert database_contents(both) == before


def test_totals_over_all_regions_count_every_generated_row_once(both):
    counts = pd.concat([_generated(p, "fmp") for p in (WNA, EAY)])
    cells = pd.concat([_generated(p, "4mi") for p in (WNA, EAY)])
    incidents = pd.concat([_generated(p, "mmp") for p in (WNA, EAY)])
    drivers = cells[cells["indicator"] == "driver"]
    cell_keys = [c for c in cells.columns if c not in ("indicator", "category", "place", "perpetrator")]
    cell_keys = [c for c in cell_keys if c not in ("respondents", "base")]

    flows = flow_counts(both, Scope(), [])
    chosen = fourmi_counts(both, "driver", Scope(), ["category"])
    deaths = death_counts(both, Scope(), [])

    assert int(flows["individuals"].sum()) == int(counts["n"].sum())
    assert dict(zip(chosen["category"], chosen["respondents"].astype(int), strict=True)) == (
        drivers.groupby("category")["respondents"].sum().astype(int).to_dict()
    )
    assert set(chosen["base"].astype(int)) == {int(drivers.drop_duplicates(cell_keys)["base"].sum())}
    dead = pd.to_numeric(incidents["Number of Dead"], errors="coerce")
    assert int(deaths["incidents"].sum()) == len(incidents)
    assert int(deaths["dead"].sum()) == int(dead.sum())


@pytest.mark.parametrize("country", SHARED_COUNTRIES)
def test_a_country_of_both_profiles_gives_the_same_deaths_in_either(both, country):
    def in_region(profile: RegionProfile) -> pd.DataFrame:
        routes = tuple(load_places(profile.directory).routes["route_id"])
        scope = Scope(country=(country,), region_countries=profile.countries, region_routes=routes)
        return death_counts(both, scope, ["year"])

    assert in_region(WNA).equals(in_region(EAY))


def test_incident_ids_differ_between_profiles_and_incidents_stay_in_their_region(both):
    with both.connect() as connection:
        incidents = pd.DataFrame(
            connection.execute(
                select(Dataset.name, MmpIncident.record_id, MmpIncident.country_iso3, MmpIncident.source_row)
                .join(Dataset, Dataset.id == MmpIncident.dataset_id)
                .order_by(Dataset.name)
            ).all()
        )
        placed = pd.DataFrame(
            connection.execute(
                select(Dataset.name, MmpIncidentRoute.source_row, MmpIncidentRoute.route_id).join(
                    Dataset, Dataset.id == MmpIncidentRoute.dataset_id
                )
            ).all(),
            columns=["name", "source_row", "route_id"],
        )

    assert incidents["record_id"].is_unique
    for profile in (WNA, EAY):
        own = incidents[incidents["name"] == demo_dataset_name(profile.id, "mmp")]
        routes = set(load_places(profile.directory).routes["route_id"])
        on_routes = set(placed.loc[placed["route_id"].isin(routes), "source_row"]) & set(own["source_row"])
        outside = own[~own["country_iso3"].isin(profile.countries) & ~own["source_row"].isin(on_routes)]
        assert len(own) > 0 and outside.empty, f"{profile.id}: {outside.to_dict('records')}"


def test_a_demo_loaded_under_the_earlier_names_is_retired_not_counted_twice(engine, reference, tmp_path):
    files = generate(tmp_path, region_dir=WNA.directory, **WINDOW)
    paths = {kind: WNA.path(kind.replace("-", "_")) for kind in REFERENCE_KINDS} | files
    for kind in DEMO_LOAD_ORDER:  # as the demo of an earlier release stored them: named after the kind
        load_file(engine, kind, paths[kind], reference=reference, synthetic=kind in files, origin="demo")

    steps = list(load_demo(engine, WNA, reference, **WINDOW))

    assert {step.status for step in steps} == {"replaced"}
    assert set(_active(engine)) == {demo_dataset_name(WNA.id, kind) for kind in DEMO_LOAD_ORDER}
    with engine.connect() as connection:
        retired = connection.execute(select(Dataset.replaced_at).where(Dataset.name == Dataset.kind)).all()
    assert len(retired) == len(DEMO_LOAD_ORDER) and all(row.replaced_at for row in retired)
    assert int(flow_counts(engine, Scope(), [])["individuals"].sum()) == int(
        _generated(WNA, "fmp")["n"].sum()
    )
    assert int(death_counts(engine, Scope(), [])["incidents"].sum()) == len(_generated(WNA, "mmp"))


@pytest.mark.parametrize("kind", ["4mi", "fmp", "fmp-demographics", "mmp"])
def test_the_east_africa_and_yemen_files_pass_their_importers(kind, reference, tmp_path):
    path = generate(tmp_path, region_dir=EAY.directory, **WINDOW)[kind]

    parsed = importer_for(kind, reference).parse(path)

    assert path.name == f"synthetic_{kind.replace('-', '_')}_east-africa-yemen.csv"
    assert len(parsed.rows) > 0


def test_east_africa_and_yemen_interviews_look_like_the_region():
    """Mostly Ethiopians; Eastern-route migrants head for Saudi Arabia; women are kidnapped more often than
    men; Khartoum surveyed until the war; more children pass the Southern route's FMPs."""
    cells = _generated(EAY, "4mi", period_from="2023-01", period_to="2023-06")
    drivers = cells[cells["indicator"] == "driver"].drop_duplicates(
        ["period", "location", "route", "gender", "age_group", "nationality"]
    )
    destinations = cells[
        (cells["indicator"] == "intended_destination") & cells["route"].str.startswith("eastern")
    ]

    by_nationality = drivers.groupby("nationality")["base"].sum()
    assert by_nationality.idxmax() == "ETH" and by_nationality["ETH"] > 0.4 * by_nationality.sum()
    by_destination = destinations.groupby("category")["respondents"].sum()
    assert by_destination["SAU"] > 0.6 * by_destination.sum()
    kidnapped = cells[(cells["indicator"] == "incident_type") & (cells["category"] == "kidnapping")]
    share = kidnapped.groupby("gender")["respondents"].sum() / drivers.groupby("gender")["base"].sum()
    assert share["female"] > 1.3 * share["male"]
    assert set(cells.loc[cells["location"] == "Khartoum", "period"]) <= {"2023-01", "2023-02", "2023-03"}
    assert cells["period"].max() == "2023-06"
    counts = _generated(EAY, "fmp-demographics")
    minors = (
        counts[counts["age"] == "under 18"].groupby("fmp_country")["n"].sum()
        / counts.groupby("fmp_country")["n"].sum()
    )
    assert min(minors["KEN"], minors["TZA"]) > max(minors["DJI"], minors["YEM"])


def test_the_demo_command_loads_one_profile_or_every_profile_the_default_first(engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    window = ["--period-from", WINDOW["period_from"], "--period-to", WINDOW["period_to"]]

    one = runner.invoke(cli, ["demo", "--region", EAY.id, *window])
    every = runner.invoke(cli, ["demo", *window])
    listed = json.loads(runner.invoke(cli, ["datasets", "--json"]).stdout)

    assert one.exit_code == 0 and every.exit_code == 0, one.output + every.output
    assert [line.split(" (")[0] for line in one.stdout.splitlines()] == [
        f"loaded: {kind} of {EAY.id}" for kind in DEMO_LOAD_ORDER
    ]
    lines = [line.split(" (")[0] for line in every.stdout.splitlines()]
    assert lines == [f"loaded: {kind} of {WNA.id}" for kind in DEMO_LOAD_ORDER] + [
        f"unchanged: {kind} of {EAY.id}" for kind in DEMO_LOAD_ORDER
    ]
    assert {dataset["name"] for dataset in listed} == {
        demo_dataset_name(p.id, kind) for p in (WNA, EAY) for kind in DEMO_LOAD_ORDER
    }
    unknown = runner.invoke(cli, ["demo", "--region", "atlantis", *window])
    assert unknown.exit_code == 1 and "no region profile 'atlantis'" in unknown.stderr
