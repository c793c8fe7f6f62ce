"""Countries in two region profiles: the same numbers in either profile, counted once over all regions.

Two set-ups, each loading tiny hand-written 4Mi, FMP and MMP files through the normal importers
into a real SQLite and PostgreSQL database, expectations counted with pandas from the files:

* ``test-profile``: the project's profile and a small test profile
  (``tests/examples/regions_shared/east-shared``) listing Libya, Egypt and Sudan too, plus Eritrea,
  with one route of its own from Teseney over Khartoum and Kufra to Ajdabiya, whose last leg lies
  on the project's Chad-Kufra route;
* ``east-africa-yemen``: the project's two real profiles.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.loading import load_file
from data_access.rederive import rederive_mmp, stale_mmp_datasets
from data_access.reference import Reference, load_reference
from geo import profile_files
from geo.regions import RegionProfile, available_profiles
from indicators.disclosure import DisclosureRule
from indicators.engine import deaths, flows, fourmi_indicator
from indicators.filters import Filters
from indicators.regional import flow_routes, sites_off_routes
from tests.conftest import BACKENDS, EXAMPLES, REFERENCE_DIR, _database
from tests.conftest import REGIONS_DIR as REGIONS
from tests.route_rule import expected_memberships, stored_memberships

SHARED = EXAMPLES / "regions_shared"
PROJECT = "west-north-africa"
MMP = "mmp_shared.csv"
OPEN = DisclosureRule(min_base=1, min_count=1, round_to=1)  # every count as stored
MEASURES = ["incidents", "dead", "missing", "dead_and_missing"]


@dataclass(frozen=True)
class Setup:
    """Region profiles sharing countries, the one added to the project's, and the files loaded."""

    name: str
    profiles: tuple[Path, ...]
    other: str
    fourmi: str
    fmp: str


SETUPS = [
    Setup(
        "test-profile",
        (REGIONS / PROJECT, SHARED / "east-shared"),
        "east-shared",
        "4mi_shared.csv",
        "fmp_shared.csv",
    ),
    Setup(
        "east-africa-yemen",
        (REGIONS / PROJECT, REGIONS / "east-africa-yemen"),
        "east-africa-yemen",
        "4mi_east_africa_yemen.csv",
        "fmp_east_africa_yemen.csv",
    ),
]


@pytest.fixture(scope="module", params=SETUPS, ids=lambda setup: setup.name)
def setup(request: pytest.FixtureRequest) -> Setup:
    return request.param


@pytest.fixture(scope="module")
def regions_dir(tmp_path_factory: pytest.TempPathFactory, setup: Setup) -> Path:
    """A regions folder holding the set-up's profiles."""
    root = tmp_path_factory.mktemp("regions")
    for folder in setup.profiles:
        (root / folder.name).symlink_to(folder)
    return root


@pytest.fixture(scope="module")
def profiles(regions_dir: Path) -> dict[str, RegionProfile]:
    return available_profiles(regions_dir)


@pytest.fixture(scope="module")
def shared_reference(regions_dir: Path) -> Reference:
    return load_reference(regions_dir, REFERENCE_DIR)


@pytest.fixture(scope="module", params=BACKENDS)
def shared_engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_sqlite_file: Path,
    shared_reference: Reference,
    setup: Setup,
) -> Iterator[Engine]:
    """The set-up's three tiny files loaded through the importers, with the reference of its profiles."""
    for engine in _database(request.param, tmp_path_factory.mktemp("shared"), migrated_sqlite_file):
        for kind, name in (("4mi", setup.fourmi), ("fmp", setup.fmp), ("mmp", MMP)):
            load_file(engine, kind, SHARED / name, reference=shared_reference, synthetic=True)
        yield engine


def _incidents() -> pd.DataFrame:
    frame = pd.read_csv(SHARED / MMP, encoding="utf-8-sig", dtype=str)
    countries = {"Libya": "LBY", "Sudan": "SDN", "Egypt": "EGY", "Eritrea": "ERI", "Niger": "NER"}
    return pd.DataFrame(
        {
            "record": frame["Main ID"],
            "country": frame["Country of Incident"].map(countries),
            "dead": pd.to_numeric(frame["Number of Dead"]).fillna(0),
            "missing": pd.to_numeric(frame["Minimum Estimated Number of Missing"]).fillna(0),
        }
    )


def _death_totals(engine: Engine, filters: Filters, profiles) -> dict[str, int]:
    rows = deaths(engine, filters, [], profiles).rows
    return {measure: int(rows[measure].fillna(0).sum()) for measure in MEASURES}


def _pandas_death_totals(incidents: pd.DataFrame) -> dict[str, int]:
    return {
        "incidents": len(incidents),
        "dead": int(incidents["dead"].sum()),
        "missing": int(incidents["missing"].sum()),
        "dead_and_missing": int((incidents["dead"] + incidents["missing"]).sum()),
    }


def _driver(engine: Engine, filters: Filters, profiles, reference: Reference, by=()) -> pd.DataFrame:
    rows = fourmi_indicator(engine, "driver", filters, list(by), profiles, OPEN, reference).rows
    return rows[[*dict.fromkeys(["category", *by]), "respondents", "base"]].reset_index(drop=True)


def _pandas_driver(cells: pd.DataFrame) -> pd.DataFrame:
    """Respondents per category and the base over the distinct cells (each cell's base once)."""
    cells = cells[cells["indicator"] == "driver"]
    cell = ["period", "country_of_interview", "location", "route", "gender", "age_group", "nationality"]
    base = int(cells.drop_duplicates(cell)["base"].sum())
    chosen = cells.groupby("category")["respondents"].sum()
    return pd.DataFrame({"category": chosen.index, "respondents": chosen.to_numpy(), "base": base})


def _cells(setup: Setup) -> pd.DataFrame:
    return pd.read_csv(SHARED / setup.fourmi, dtype={"respondents": int, "base": int}, keep_default_na=False)


def _flows(setup: Setup) -> pd.DataFrame:
    return pd.read_csv(SHARED / setup.fmp, dtype=str).assign(n=lambda t: t["n"].astype(int))


def test_the_other_profile_shares_libya_egypt_and_sudan_with_the_project_profile(profiles, setup):
    shared = set(profiles[PROJECT].countries) & set(profiles[setup.other].countries)
    assert shared == {"LBY", "EGY", "SDN"}


@pytest.mark.parametrize("country", ["LBY", "SDN", "EGY"])
def test_a_shared_country_gives_the_same_numbers_in_either_profile_and_in_all_regions(
    shared_engine, profiles, shared_reference, setup, country
):
    views = [Filters(region=region, country=(country,)) for region in (PROJECT, setup.other, None)]
    incidents = _incidents()
    expected_deaths = _pandas_death_totals(incidents[incidents["country"] == country])
    assert [_death_totals(shared_engine, f, profiles) for f in views] == [expected_deaths] * 3
    fmp = _flows(setup)
    expected_flows = int(fmp.loc[fmp["fmp_country"] == country, "n"].sum())
    assert [int(flows(shared_engine, f, [], profiles, OPEN).rows["individuals"].sum()) for f in views] == [
        expected_flows
    ] * 3
    cells = _cells(setup)
    expected = _pandas_driver(cells[cells["country_of_interview"] == country])
    for filters in views:
        answer = _driver(shared_engine, filters, profiles, shared_reference)
        answer = answer[answer["respondents"] > 0].reset_index(drop=True)
        pd.testing.assert_frame_equal(answer, expected, check_dtype=False, obj=str(filters))


def test_all_regions_count_every_incident_cell_and_movement_once(
    shared_engine, profiles, shared_reference, setup
):
    everything = Filters()
    assert _death_totals(shared_engine, everything, profiles) == _pandas_death_totals(_incidents())
    assert int(flows(shared_engine, everything, [], profiles, OPEN).rows["individuals"].sum()) == int(
        _flows(setup)["n"].sum()
    )
    answer = _driver(shared_engine, everything, profiles, shared_reference)
    pd.testing.assert_frame_equal(
        answer[answer["respondents"] > 0].reset_index(drop=True),
        _pandas_driver(_cells(setup)),
        check_dtype=False,
    )


def test_each_region_holds_its_countries_and_its_routes(shared_engine, profiles, setup):
    """The Eritrean incident is only in the other profile; the one in Niger only in the project's."""
    incidents = _incidents()
    for region, countries in (
        (PROJECT, {"LBY", "SDN", "EGY", "NER"}),
        (setup.other, {"LBY", "SDN", "EGY", "ERI"}),
    ):
        expected = _pandas_death_totals(incidents[incidents["country"].isin(countries)])
        assert _death_totals(shared_engine, Filters(region=region), profiles) == expected, region


def _on_route(engine: Engine, profiles, route: str) -> list[dict[str, int]]:
    """Deaths on ``route`` as a route filter and as its row of a breakdown by route, in every region drawing it."""
    drawing = [r for r, p in profiles.items() if route in set(profile_files.route_lines(p)["route_id"])]
    answers = []
    for region in [*drawing, None]:
        answers.append(_death_totals(engine, Filters(region=region, route=(route,)), profiles))
        rows = deaths(engine, Filters(region=region), ["route"], profiles).rows.set_index("route")
        answers.append({measure: int(rows[MEASURES].fillna(0).loc[route, measure]) for measure in MEASURES})
    return answers


@functools.cache
def _memberships(setup: Setup) -> pd.DataFrame:
    """The routes each incident lies on by the route rule of the set-up's profiles, recomputed independently."""
    pairs = expected_memberships(SHARED / MMP, "Coordinates", "Main ID", setup.profiles)
    return pd.DataFrame(sorted(pairs), columns=["record", "route"])


def test_each_label_lies_on_the_routes_of_the_profiles_that_map_it(setup):
    """The EHOA label in Libya lies on the other profile's routes only; Central Mediterranean near Kufra on the
    project's Chad-Kufra route; the Sahara crossing south of Ajdabiya on routes of both profiles."""
    memberships = _memberships(setup)
    routes = {record: set(group["route"]) for record, group in memberships.groupby("record")}
    other = {route for route in routes["2023.MMP0901"] if route != "central_med_chad"}
    assert routes["2023.MMP0901"] == other != set()
    assert "central_med_chad" in routes["2023.MMP0902"]
    assert "central_med_chad" in routes["2023.MMP0903"] and len(routes["2023.MMP0903"]) >= 2


def test_a_route_gives_the_same_numbers_in_every_region_drawing_it(shared_engine, profiles, setup):
    incidents, memberships = _incidents(), _memberships(setup)
    for route, placed in memberships.groupby("route"):
        expected = _pandas_death_totals(incidents[incidents["record"].isin(placed["record"])])
        answers = _on_route(shared_engine, profiles, route)
        assert answers == [expected] * len(answers), route


@pytest.mark.parametrize("by", [["route"], ["year", "route"]])
def test_a_breakdown_by_route_under_a_region_lists_only_the_routes_it_draws(
    shared_engine, profiles, shared_reference, by
):
    for region, profile in profiles.items():
        drawn = set(profile_files.route_lines(profile)["route_id"])
        filters = Filters(region=region)
        listed = {
            *deaths(shared_engine, filters, by, profiles).rows["route"].dropna(),
            *_driver(shared_engine, filters, profiles, shared_reference, by)["route"].dropna(),
        }
        assert listed and listed <= drawn, region


def test_a_site_two_profiles_list_counts_once_among_the_sites_far_from_every_route(profiles):
    project = profiles[PROJECT]
    twin = dataclasses.replace(project, id="twin")
    alone = sites_off_routes([project])
    assert alone > 0
    assert sites_off_routes([project, twin]) == alone


def test_the_trends_compare_flows_on_the_routes_of_the_region_only(profiles, setup):
    for region, profile in profiles.items():
        drawn = set(profile_files.route_lines(profile)["route_id"])
        assert flow_routes(profiles, region) and set(flow_routes(profiles, region)) <= drawn, region
    assert set(flow_routes(profiles, None)) == {
        *flow_routes(profiles, PROJECT),
        *flow_routes(profiles, setup.other),
    }


@pytest.fixture(scope="module")
def project_reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The reference data of the project's profile alone (before the other profile was added)."""
    root = tmp_path_factory.mktemp("project_only")
    (root / PROJECT).symlink_to(REGIONS / PROJECT)
    return load_reference(root, REFERENCE_DIR)


def test_adding_a_profile_places_the_stored_incidents_on_its_routes_again(
    engine, setup, profiles, project_reference, shared_reference
):
    load_file(engine, "mmp", SHARED / MMP, reference=project_reference)
    assert stale_mmp_datasets(engine, project_reference) == []
    stale = stale_mmp_datasets(engine, shared_reference)
    assert len(stale) == 1
    rederive_mmp(engine, stale[0], shared_reference)
    expected = set(_memberships(setup).itertuples(index=False, name=None))
    assert stored_memberships(engine) == expected
    assert stale_mmp_datasets(engine, shared_reference) == []
    drawn = set(profile_files.route_lines(profiles[setup.other])["route_id"])
    on_other = {record for record, route in expected if route in drawn}
    incidents = _incidents()
    inside = incidents["country"].isin(profiles[setup.other].countries) | incidents["record"].isin(on_other)
    assert _death_totals(engine, Filters(region=setup.other), profiles) == _pandas_death_totals(
        incidents[inside]
    )
