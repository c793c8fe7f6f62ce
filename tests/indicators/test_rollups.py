"""The 4Mi roll-ups give exactly the answers the cells give, for any filter state and breakdown.

A random table of cells is loaded once per backend through the importer; hypothesis then
draws filter states and breakdowns, and every answer read from the roll-ups (numbers, bases,
hidden cells, sources, disclosure) must equal the answer read from the cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete

from data_access.loading import load_file
from data_access.models import FourMiBase, FourMiCell
from data_access.queries import FOURMI_DIMENSIONS, fourmi_grain
from geo.regions import available_profiles
from indicators.disclosure import DisclosureRule
from indicators.engine import Answer, fourmi_indicator
from indicators.filters import Filters
from indicators.scope import resolve_scope
from tests.conftest import BACKENDS, REGIONS_DIR, _database, example_reference

RULE = DisclosureRule(min_base=20, min_count=5, round_to=5)
PROFILES = available_profiles(REGIONS_DIR)
# Interview places: country, region, town, and the admin-1 code(s) they resolve to.
PLACES = [
    ("NER", "Agadez", "Agadez", "NER-800"),
    ("NER", "Tillabéri", "Tillaberi", "NER-4859"),
    ("MLI", "Gao", "Gao", "MLI-2690"),
    ("BFA", "Hauts-Bassins", "Bobo-Dioulasso", "BFA-2799|BFA-2800|BFA-2834"),
]
ROUTES = ["central_med_niger", "sahara_crossing", ""]
PERIODS = ["2022-11", "2022-12", "2023-01", "2023-06", "2024-02"]
GENDERS = ["female", "male", "other"]
AGE_GROUPS = ["18-24", "25-34", "45+"]
NATIONALITIES = ["GIN", "CIV", "SEN"]
INDICATORS = {
    "driver": ["economic", "violence_insecurity_conflict", "personal_family"],
    "smuggler_used": ["yes", "no"],
    "incident_place": ["robbery", "detention"],
    "incident_perpetrator": ["robbery", "kidnapping"],
}
SINGLE_SELECT = {"smuggler_used"}
TOWNS = ["Agadez", "Gao", "Tillaberi"]
PERPETRATORS = ["smugglers", "criminal_gangs"]
ADMIN1 = ["NER-800", "NER-4859", "MLI-2690", "BFA-2800"]


def random_cells(seed: int = 7, cells: int = 900) -> pd.DataFrame:
    """Disjoint cells over every dimension, many of them small (so some answers are hidden)."""
    rng = np.random.default_rng(seed)
    rows, seen = [], set()
    for _ in range(cells):
        key = (
            int(rng.integers(len(PLACES))),
            str(rng.choice(ROUTES)),
            str(rng.choice(PERIODS, p=[0.245, 0.245, 0.245, 0.245, 0.02])),  # the last month is sparse
            str(rng.choice(GENDERS)),
            str(rng.choice(AGE_GROUPS)),
            str(rng.choice(NATIONALITIES)),
            str(rng.choice(list(INDICATORS))),
        )
        if key in seen:
            continue
        seen.add(key)
        place, route, period, gender, age_group, nationality, indicator = key
        country, region, town, _ = PLACES[place]
        base = int(rng.integers(1, 9) if rng.random() < 0.4 else rng.integers(1, 60))
        cell = dict(
            period=period, country_of_interview=country, region_of_interview=region, location=town,
            route=route, gender=gender, age_group=age_group, nationality=nationality, indicator=indicator,
        )  # fmt: skip
        left = base  # what the answers may still add up to: per cell if single-select, else per category
        for category in INDICATORS[indicator]:
            left = left if indicator in SINGLE_SELECT else base
            extras = [("", "")]
            if indicator == "incident_place":
                extras = [(town, "") for town in rng.choice(TOWNS, size=2, replace=False)]
            elif indicator == "incident_perpetrator":
                extras = [("", perpetrator) for perpetrator in PERPETRATORS]
            for place_name, perpetrator in extras:
                respondents = int(rng.integers(0, left + 1))
                left -= respondents
                rows.append(
                    cell
                    | {"category": category, "place": place_name, "perpetrator": perpetrator}
                    | {"respondents": respondents, "base": base}
                )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", params=BACKENDS)
def cells_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path
) -> Iterator[Engine]:
    """A database holding the random cells (a SQLite file, then a PostgreSQL schema)."""
    folder = tmp_path_factory.mktemp("rollups")
    path = folder / "cells.csv"
    random_cells().to_csv(path, index=False)
    for engine in _database(request.param, folder, migrated_sqlite_file):
        load_file(engine, "4mi", path, reference=example_reference(), synthetic=True)
        yield engine


def subsets(values: list[str], most: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    """No restriction most often, else one or two of ``values``."""
    return st.one_of(
        st.just(()), st.lists(st.sampled_from(values), min_size=1, max_size=most, unique=True).map(tuple)
    )


@st.composite
def filter_states(draw: st.DrawFn) -> Filters:
    """Any combination of the filters a 4Mi question takes, with periods inside and around the data."""
    months = ["2022-10", *PERIODS, "2024-03"]
    period_from, period_to = sorted(
        draw(st.lists(st.sampled_from([None, *months]), min_size=2, max_size=2)), key=str
    )
    return Filters(
        region=draw(st.sampled_from([None, "west-north-africa"])),
        period_from=period_from,
        period_to=period_to if period_from is None or period_to is None or period_to >= period_from else None,
        route=draw(subsets(["central_med_niger", "sahara_crossing"])),
        country=draw(subsets(["NER", "MLI", "BFA"])),
        admin1=draw(subsets(ADMIN1)),
        gender=draw(subsets(GENDERS)),
        age_group=draw(subsets(AGE_GROUPS)),
        nationality=draw(st.one_of(st.just(()), subsets(NATIONALITIES, most=1))),
    )


BREAKDOWNS = st.lists(
    st.sampled_from([d for d in FOURMI_DIMENSIONS if d != "category"]), max_size=3, unique=True
)


def answer(engine: Engine, indicator: str, filters: Filters, by: list[str], *, rollups: bool) -> Answer:
    return fourmi_indicator(
        engine, indicator, filters, by, PROFILES, RULE, example_reference(), rollups=rollups
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indicator=st.sampled_from(list(INDICATORS)), filters=filter_states(), by=BREAKDOWNS)
def test_answers_from_the_rollups_equal_answers_from_the_cells(cells_engine, indicator, filters, by):
    from_rollups = answer(cells_engine, indicator, filters, by, rollups=True)
    from_cells = answer(cells_engine, indicator, filters, by, rollups=False)

    pd.testing.assert_frame_equal(from_rollups.rows, from_cells.rows)
    assert from_rollups.sources == from_cells.sources
    assert from_rollups.disclosure == from_cells.disclosure
    assert from_rollups.filters_not_applied == from_cells.filters_not_applied


def test_the_random_cells_give_visible_and_hidden_rows_read_from_every_grain(cells_engine):
    """The property above is not vacuous: each grain answers questions, some of their rows shown, some hidden."""
    questions = {
        "month": (Filters(period_from="2024-02"), ["perpetrator"]),
        "country": (Filters(region="west-north-africa", period_from="2024-02"), ["year"]),
        "place": (Filters(admin1=("NER-800", "MLI-2690"), period_from="2024-02"), ["location"]),
        "people": (Filters(gender=("female", "male"), period_from="2024-02"), ["route"]),
    }
    hidden = []
    for grain, (filters, by) in questions.items():
        assert fourmi_grain(resolve_scope(filters, PROFILES, "4mi"), ["category", *by]) == grain
        rows = answer(cells_engine, "incident_perpetrator", filters, by, rollups=True).rows
        assert not rows.empty, grain
        hidden += rows["suppressed"].tolist()
    assert any(hidden) and not all(hidden)


def test_questions_the_rollups_can_answer_no_longer_read_the_cells(engine, tmp_path):
    """With the cells gone, a question about a region is answered as before; one about nationality is not."""
    path = tmp_path / "cells.csv"
    random_cells(seed=3, cells=200).to_csv(path, index=False)
    load_file(engine, "4mi", path, reference=example_reference(), synthetic=True)
    region = (Filters(region="west-north-africa", gender=("male",)), ["admin1"])
    nationality = (Filters(nationality=("GIN",)), ["gender"])
    before = {
        name: answer(engine, "driver", *q, rollups=True)
        for name, q in (("region", region), ("nationality", nationality))
    }
    assert not before["nationality"].rows.empty

    with engine.begin() as connection:
        connection.execute(delete(FourMiCell))
        connection.execute(delete(FourMiBase))

    pd.testing.assert_frame_equal(answer(engine, "driver", *region, rollups=True).rows, before["region"].rows)
    assert answer(engine, "driver", *nationality, rollups=True).rows.empty
