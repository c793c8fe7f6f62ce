"""Deaths under a region or route filter, read from the roll-up's route sets, equal the incidents' answers.

The app always sends a region, so every deaths panel asks the roll-up with one. Two databases
per backend: the synthetic demo's incidents (2019-2024) and a genuine MMP export. Every
combination of region (none, the project's profile, and a smaller profile drawing four of its
routes over two of its countries), route filter, country, period and breakdown is asked twice,
from the roll-up and from the incidents, and the answers must be equal; the incidents counted
in each region are also counted from the stored rows with pandas.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data_access.demo.generator import generated_data
from data_access.demo.load import load_generated
from data_access.loading import load_file
from data_access.models import MmpIncident, MmpIncidentRoute
from geo import profile_files
from geo.regions import RegionProfile, available_profiles
from indicators.engine import deaths
from indicators.filters import Filters
from tests.conftest import BACKENDS, EXAMPLES, REGIONS_DIR, _database, example_reference

PROFILE = available_profiles(REGIONS_DIR)["west-north-africa"]
SMALL_ROUTES = ("central_med_niger", "central_med_chad", "sahara_crossing", "niger_algeria")
ROUTE_FILTERS = [(), ("central_med_niger",), ("sahara_crossing",), ("central_med_niger", "sahara_crossing")]
COUNTRY_FILTERS = [(), ("NER",), ("LBY", "DZA")]
PERIODS = [(None, None), ("2021-03", "2023-08")]
BREAKDOWNS = [[], ["route"], ["year", "route"], ["country", "cause"], ["route", "segment"]]


def small_profile(folder: Path) -> RegionProfile:
    """A second profile over Niger and Chad drawing four of the project profile's routes (so it shares them)."""
    routes = json.loads(PROFILE.path("routes").read_text(encoding="utf-8"))
    routes["features"] = [f for f in routes["features"] if f["properties"]["route_id"] in SMALL_ROUTES]
    path = folder / "routes.geojson"
    path.write_text(json.dumps(routes), encoding="utf-8")
    return dataclasses.replace(
        PROFILE,
        id="central-sahara",
        countries=("NER", "TCD"),
        files={**PROFILE.files, "routes": path},
        default=False,
    )


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RegionProfile]:
    small = small_profile(tmp_path_factory.mktemp("small_profile"))
    return {PROFILE.id: PROFILE, small.id: small}


@pytest.fixture(scope="module", params=list(itertools.product(BACKENDS, ["demo", "export"])), ids=str)
def incidents_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path
) -> Iterator[Engine]:
    """A database holding the demo's incidents of 2019-2024, or the genuine MMP export."""
    backend, source = request.param
    for engine in _database(backend, tmp_path_factory.mktemp("death_regions"), migrated_sqlite_file):
        if source == "demo":
            (mmp,) = generated_data(
                region_dir=PROFILE.directory, period_from="2019-01", period_to="2024-12", kinds=["mmp"]
            )
            load_generated(engine, mmp, reference=example_reference())
        else:
            load_file(engine, "mmp", EXAMPLES / "mmp_current_export.csv", reference=example_reference())
        yield engine


def stored(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stored incidents (row, country) and their route placements (row, route)."""
    with engine.connect() as connection:
        incidents = pd.DataFrame(
            connection.execute(select(MmpIncident.source_row, MmpIncident.country_iso3)).all(),
            columns=["source_row", "country"],
        )
        placed = pd.DataFrame(
            connection.execute(select(MmpIncidentRoute.source_row, MmpIncidentRoute.route_id)).all(),
            columns=["source_row", "route_id"],
        )
    return incidents, placed


def test_region_and_route_answers_from_the_rollup_equal_answers_from_the_incidents(
    incidents_engine, profiles
):
    combinations = itertools.product([None, *profiles], ROUTE_FILTERS, COUNTRY_FILTERS, PERIODS, BREAKDOWNS)
    for region, route, country, (period_from, period_to), by in combinations:
        filters = Filters(
            region=region, route=route, country=country, period_from=period_from, period_to=period_to
        )
        from_rollup = deaths(incidents_engine, filters, by, profiles, rollups=True)
        from_incidents = deaths(incidents_engine, filters, by, profiles, rollups=False)
        pd.testing.assert_frame_equal(from_rollup.rows, from_incidents.rows, obj=f"{filters} by {by}")
        assert from_rollup.sources == from_incidents.sources


def test_each_region_counts_its_incidents_once_as_pandas_does(incidents_engine, profiles):
    """In a region: in one of its countries or on one of its routes; an incident on several routes counts once."""
    incidents, placed = stored(incidents_engine)
    for profile in profiles.values():
        routes = set(profile_files.route_lines(profile)["route_id"])
        on_routes = set(placed.loc[placed["route_id"].isin(routes), "source_row"])
        inside = incidents["country"].isin(profile.countries) | incidents["source_row"].isin(on_routes)
        answer = deaths(incidents_engine, Filters(region=profile.id), [], profiles, rollups=True)
        assert int(answer.rows["incidents"].sum()) == int(inside.sum()), profile.id
    total = deaths(incidents_engine, Filters(), [], profiles, rollups=True)
    assert int(total.rows["incidents"].sum()) == len(incidents)


def test_the_demo_has_incidents_the_region_holds_only_through_its_routes(
    profiles, tmp_path, migrated_sqlite_file
):
    """The region tests are not vacuous: some demo incidents lie on several routes, some outside the small profile's
    countries on its routes, some on no route at all."""
    for engine in _database("sqlite", tmp_path, migrated_sqlite_file):
        (mmp,) = generated_data(
            region_dir=PROFILE.directory, period_from="2019-01", period_to="2024-12", kinds=["mmp"]
        )
        load_generated(engine, mmp, reference=example_reference())
        incidents, placed = stored(engine)
    per_incident = placed.groupby("source_row")["route_id"].nunique()
    assert (per_incident >= 2).any()
    assert len(per_incident) < len(incidents)
    small = profiles["central-sahara"]
    on_small = set(placed.loc[placed["route_id"].isin(SMALL_ROUTES), "source_row"])
    outside = ~incidents["country"].isin(small.countries) & incidents["source_row"].isin(on_small)
    assert outside.any()
