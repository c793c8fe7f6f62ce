"""The flow summaries by direction and the deaths roll-up give exactly the answers the stored rows give.

Random FMP counts (daily and by sex and age) and MMP incidents are loaded once per backend through the importers (the
incidents placed on the region's routes by the route rule, some on several routes, some on
none); hypothesis then draws filter states and breakdowns, and every answer read from the
summaries (numbers, hidden cells, sources, disclosure) must equal the answer read from the rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, func, select

from data_access.loading import load_file
from data_access.models import (
    FmpDemographic,
    FmpDemographicMonthly,
    FmpMonthly,
    MmpIncident,
    MmpIncidentRoute,
)
from data_access.queries import DEATH_DIMENSIONS, FLOW_DIMENSIONS, death_grain
from geo.regions import available_profiles
from indicators.disclosure import DisclosureRule
from indicators.engine import Answer, deaths, flows
from indicators.filters import Filters
from tests.conftest import BACKENDS, EXAMPLES, REGIONS_DIR, _database, example_reference
from tests.indicators.test_rollups import subsets

RULE = DisclosureRule(min_base=20, min_count=5, round_to=5)
PROFILES = available_profiles(REGIONS_DIR)
SITES = [  # FMP, its country, its route
    ("ner-seguedine", "NER", "NER-LBY"),
    ("ner-arlit", "NER", "NER-DZA"),
    ("mli-gao", "MLI", "MLI-NER"),
    ("tcd-faya", "TCD", "TCD-LBY"),
]
COUNTRIES = ["NER", "LBY", "DZA", "MLI", "TCD"]
MONTHS = ["2022-11", "2022-12", "2023-01", "2023-06", "2024-02"]
ROUTES = ["central_med_niger", "sahara_crossing", "central_med_chad_tibesti", "niger_algeria"]
MMP_LABELS = ["Sahara Desert crossing", "Central Mediterranean", ""]
CAUSES = ["Harsh environmental conditions", "Drowning", "Violence", "Vehicle accident", ""]
MMP_COUNTRIES = ["Niger", "Libya", "Chad", "Algeria"]
MMP_HEADER = pd.read_csv(EXAMPLES / "mmp_current_export.csv", nrows=0, encoding="utf-8-sig").columns


def random_flows(seed: int = 11, rows: int = 700) -> pd.DataFrame:
    """Daily counts of each site between many pairs of countries, some days missing."""
    rng = np.random.default_rng(seed)
    seen, records = set(), []
    for _ in range(rows):
        site = SITES[int(rng.integers(len(SITES)))]
        month = str(rng.choice(MONTHS))
        day = f"{month}-{int(rng.integers(1, 29)):02d}"
        origin, destination = (str(c) for c in rng.choice([site[1], *COUNTRIES], size=2))
        if (day, site[0], origin, destination) in seen:
            continue
        seen.add((day, site[0], origin, destination))
        records.append(
            {
                "t": day,
                "route": site[2],
                "fmp": site[0],
                "fmp_country": site[1],
                "from": origin,
                "to": destination,
            }
            | {"n": int(rng.integers(0, 300))}
        )
    return pd.DataFrame(records).assign(
        reason_seasonal="", reason_disaster="", reason_conflict="", reason_economic=""
    )


def random_demographics(seed: int = 13, rows: int = 600) -> pd.DataFrame:
    """Daily counts by sex and age at each site between many pairs of countries, unaccompanied minors often unknown."""
    rng = np.random.default_rng(seed)
    seen, records = set(), []
    for _ in range(rows):
        site = SITES[int(rng.integers(len(SITES)))]
        day = f"{rng.choice(MONTHS)}-{int(rng.integers(1, 29)):02d}"
        origin, destination = (str(c) for c in rng.choice([site[1], *COUNTRIES], size=2))
        sex, age = str(rng.choice(["male", "female"])), str(rng.choice(["18+", "under 18"]))
        if (day, site[0], origin, destination, sex, age) in seen:
            continue
        seen.add((day, site[0], origin, destination, sex, age))
        n = int(rng.integers(0, 40))
        uac = int(rng.integers(0, n + 1)) if age == "under 18" and rng.random() < 0.5 else ""
        records.append(
            {
                "t": day,
                "route": site[2],
                "fmp": site[0],
                "fmp_country": site[1],
                "from": origin,
                "to": destination,
            }
            | {"sex": sex, "age": age, "n": n, "uac": uac}
        )
    return pd.DataFrame(records)


def random_incidents(seed: int = 5, incidents: int = 400) -> pd.DataFrame:
    """Incidents near the region's routes (where several overlap, and far from any), some counts unknown."""
    rng = np.random.default_rng(seed)
    points = [point for line in example_reference().route_segments.geometry for point in line.coords]
    records = []
    for number in range(incidents):
        lon, lat = points[int(rng.integers(len(points)))]
        lat, lon = lat + rng.normal(0, 1.2), lon + rng.normal(0, 1.2)
        dead = "" if rng.random() < 0.3 else int(rng.integers(0, 12))
        missing = "" if rng.random() < 0.5 else int(rng.integers(0, 30))
        total = "" if dead == "" and missing == "" else int(dead or 0) + int(missing or 0)
        month = str(rng.choice(MONTHS))
        date = pd.Timestamp(f"{month}-{int(rng.integers(1, 29)):02d}")
        number_id = f"{month[:4]}.MMP{number:04d}"
        records.append(
            {
                "Main ID": number_id,
                "Incident ID": number_id,
                "Incident Type": "Incident",
                "Region of Incident": "Northern Africa",
                "Incident Date": date.strftime("%Y-%m-%d"),
                "Incident Year": date.year,
                "Month": date.strftime("%b"),
                "Number of Dead": dead,
                "Minimum Estimated Number of Missing": missing,
                "Total Number of Dead and Missing": total,
                "Cause of Death": str(rng.choice(CAUSES)),
                "Country of Incident": str(rng.choice(MMP_COUNTRIES)),
                "Migration Route": str(rng.choice(MMP_LABELS)),
                "Coordinates": "" if rng.random() < 0.05 else f"{lat:.4f}, {lon:.4f}",
            }
        )
    return pd.DataFrame(records).reindex(columns=MMP_HEADER, fill_value="")


@pytest.fixture(scope="module", params=BACKENDS)
def rows_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path
) -> Iterator[Engine]:
    """A database holding the random flows and incidents (a SQLite file, then a PostgreSQL schema)."""
    folder = tmp_path_factory.mktemp("flow_death_rollups")
    random_flows().to_csv(folder / "fmp.csv", index=False)
    random_demographics().to_csv(folder / "fmp-demographics.csv", index=False)
    random_incidents().to_csv(folder / "mmp.csv", index=False)
    for engine in _database(request.param, folder, migrated_sqlite_file):
        for kind in ("fmp", "fmp-demographics", "mmp"):
            load_file(engine, kind, folder / f"{kind}.csv", reference=example_reference(), synthetic=True)
        yield engine


@st.composite
def filter_states(draw: st.DrawFn) -> Filters:
    """Any combination of the filters a flow or death question takes, with periods inside and around the data."""
    months = ["2022-10", *MONTHS, "2024-03"]
    period_from, period_to = sorted(
        draw(st.lists(st.sampled_from([None, *months]), min_size=2, max_size=2)), key=str
    )
    return Filters(
        region=draw(st.sampled_from([None, None, "west-north-africa"])),
        period_from=period_from,
        period_to=period_to,
        route=draw(subsets(ROUTES)),
        country=draw(subsets(["NER", "MLI", "LBY", "TCD"])),
        admin1=draw(subsets(["NER-800", "LBY-2267", "TCD-1605"])),
    )


def flows_answer(engine: Engine, filters: Filters, by: list[str], *, rollups: bool) -> Answer:
    return flows(engine, filters, by, PROFILES, RULE, rollups=rollups)


def deaths_answer(engine: Engine, filters: Filters, by: list[str], *, rollups: bool) -> Answer:
    return deaths(engine, filters, by, PROFILES, rollups=rollups)


def assert_same(summary: Answer, rows: Answer) -> None:
    pd.testing.assert_frame_equal(summary.rows, rows.rows)
    assert summary.sources == rows.sources
    assert summary.disclosure == rows.disclosure
    assert summary.filters_not_applied == rows.filters_not_applied


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filters=filter_states(),
    by=st.lists(
        st.sampled_from([d for d in FLOW_DIMENSIONS if d not in ("sex", "age")]), max_size=3, unique=True
    ),
)
def test_flow_answers_from_the_direction_summary_equal_answers_from_the_monthly_rows(
    rows_engine, filters, by
):
    assert_same(
        flows_answer(rows_engine, filters, by, rollups=True),
        flows_answer(rows_engine, filters, by, rollups=False),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=filter_states(), by=st.lists(st.sampled_from(DEATH_DIMENSIONS), max_size=3, unique=True))
def test_death_answers_from_the_rollup_equal_answers_from_the_incidents(rows_engine, filters, by):
    if "segment" in by and "route" not in by and len(filters.route) != 1:
        by = list(dict.fromkeys(["route", *by]))[:3]
    assert_same(
        deaths_answer(rows_engine, filters, by, rollups=True),
        deaths_answer(rows_engine, filters, by, rollups=False),
    )


def test_the_random_incidents_lie_on_several_routes_and_on_none(rows_engine):
    """The deaths property is not vacuous: some incidents have two placements or more, some have none."""
    with rows_engine.connect() as connection:
        placements = (
            connection.execute(
                select(func.count())
                .select_from(MmpIncidentRoute)
                .group_by(MmpIncidentRoute.dataset_id, MmpIncidentRoute.source_row)
            )
            .scalars()
            .all()
        )
        incidents = connection.execute(select(func.count()).select_from(MmpIncident)).scalar_one()
    assert max(placements) >= 2
    assert 0 < len(placements) < incidents


def test_an_incident_on_two_routes_counts_once_in_a_total_and_once_in_each_route(rows_engine):
    """Counted by hand from the stored placements: the roll-up's totals by year and by route."""
    with rows_engine.connect() as connection:
        stored = pd.DataFrame(
            connection.execute(select(MmpIncident.source_row, MmpIncident.year, MmpIncident.dead)).all()
        )
        placed = pd.DataFrame(
            connection.execute(select(MmpIncidentRoute.source_row, MmpIncidentRoute.route_id)).all()
        )
    by_year = deaths_answer(rows_engine, Filters(), ["year"], rollups=True).rows.set_index("year")
    assert by_year["incidents"].to_dict() == stored.groupby("year").size().to_dict()
    assert by_year["dead"].astype(int).to_dict() == stored.groupby("year")["dead"].sum().astype(int).to_dict()
    by_route = deaths_answer(rows_engine, Filters(), ["route"], rollups=True).rows.dropna(subset=["route"])
    assert by_route.set_index("route")["incidents"].to_dict() == placed.groupby("route_id").size().to_dict()


def test_questions_the_summaries_can_answer_no_longer_read_the_rows(engine, tmp_path):
    """With the stored rows gone, flows (and minors) by direction and deaths by route are answered as before."""
    random_flows(seed=2, rows=150).to_csv(tmp_path / "fmp.csv", index=False)
    random_demographics(seed=2, rows=300).to_csv(tmp_path / "fmp-demographics.csv", index=False)
    random_incidents(seed=2, incidents=120).to_csv(tmp_path / "mmp.csv", index=False)
    for kind in ("fmp", "fmp-demographics", "mmp"):
        load_file(engine, kind, tmp_path / f"{kind}.csv", reference=example_reference(), synthetic=True)
    questions = {
        "flows": (flows_answer, Filters(country=("NER",)), ["period", "direction"]),
        "deaths": (deaths_answer, Filters(period_from="2023-01"), ["year", "route"]),
    }
    assert death_grain(["year", "route"]) == "placement"
    before = {name: ask(engine, filters, by, rollups=True) for name, (ask, filters, by) in questions.items()}
    assert all(not answer.rows.empty for answer in before.values())
    assert before["flows"].rows["minors"].notna().any()

    with engine.begin() as connection:
        for model in (FmpMonthly, FmpDemographicMonthly, FmpDemographic, MmpIncidentRoute, MmpIncident):
            connection.execute(delete(model))

    for name, (ask, filters, by) in questions.items():
        pd.testing.assert_frame_equal(ask(engine, filters, by, rollups=True).rows, before[name].rows)
        assert ask(engine, filters, by, rollups=False).rows.empty
