"""Properties of 4Mi answers on random cell tables loaded through the importer.

Whatever the cells and the breakdown: no visible small count, no visible share on a
small base, visible values equal a pandas computation on the same cells, and no line
along an additive dimension has exactly one hidden cell (it could be subtracted out).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_access.loading import load_file
from data_access.queries import FOURMI_CELL_DIMENSIONS
from geo.regions import available_profiles
from indicators.engine import SuppressionRule, fourmi_indicator
from indicators.filters import Filters
from tests.conftest import REGIONS_DIR, example_reference, sqlite_engine

RULE = SuppressionRule(min_base=20, min_count=5)
# Interview places of tests/examples/4mi_example.csv, with the admin-1 code and hub they resolve to.
PLACES = [
    ("NER", "Agadez", "Agadez", "central_med_niger", "NER-800", "ner-agadez"),
    ("MLI", "Gao", "Gao", "", "MLI-2690", "mli-gao"),
    ("NER", "Tillabéri", "Tillaberi", "", "NER-4859", "ner-tillaberi"),
    ("BFA", "Hauts-Bassins", "Bobo-Dioulasso", "", "BFA-2799|BFA-2800|BFA-2834", "bfa-bobo-dioulasso"),
]
PERIODS = ["2023-03", "2023-04", "2024-01"]
GENDERS = ["female", "male", "other"]
AGE_GROUPS = ["18-24", "25-34", "45+"]
NATIONALITIES = ["GIN", "CIV", "SEN"]
DRIVER_CATEGORIES = ["economic", "violence_insecurity_conflict", "personal_family", "environmental"]
CELL = ["period", "_place", "gender", "age_group", "nationality"]


@st.composite
def cell_tables(draw: st.DrawFn) -> tuple[str, pd.DataFrame]:
    """An indicator and 1-12 disjoint cells of it; bases often small, respondents <= base."""
    indicator = draw(st.sampled_from(["driver", "smuggler_used"]))
    keys = st.tuples(
        st.integers(0, len(PLACES) - 1),
        st.sampled_from(PERIODS),
        st.sampled_from(GENDERS),
        st.sampled_from(AGE_GROUPS),
        st.sampled_from(NATIONALITIES),
    )
    rows = []
    for place, period, gender, age_group, nationality in draw(
        st.lists(keys, min_size=1, max_size=12, unique=True)
    ):
        base = draw(st.one_of(st.integers(1, 8), st.integers(1, 60)))
        if indicator == "smuggler_used":
            yes = draw(st.integers(0, base))
            chosen = {"yes": yes, "no": draw(st.integers(0, base - yes))}
        else:
            categories = draw(
                st.lists(st.sampled_from(DRIVER_CATEGORIES), min_size=1, max_size=3, unique=True)
            )
            chosen = {category: draw(st.integers(0, base)) for category in categories}
        country, region, location, route, _, _ = PLACES[place]
        cell = dict(
            period=period,
            country_of_interview=country,
            region_of_interview=region,
            location=location,
            route=route,
            gender=gender,
            age_group=age_group,
            nationality=nationality,
            indicator=indicator,
        )
        extra = {"place": "", "perpetrator": "", "base": base, "_place": place}
        rows += [cell | {"category": c, "respondents": n} | extra for c, n in chosen.items()]
    return indicator, pd.DataFrame(rows)


def source_dimensions(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells with the engine's dimension names (no route: ``""``), from the file's columns."""
    places = pd.DataFrame(PLACES, columns=["_c", "_r", "_l", "_route", "admin1", "location"])
    return cells.assign(
        year=cells["period"].str[:4].astype(int),
        country=cells["country_of_interview"],
        admin1=places["admin1"].to_numpy()[cells["_place"]],
        location=places["location"].to_numpy()[cells["_place"]],
    )


def answer_rows(indicator: str, cells: pd.DataFrame, by: list[str], migrated: Path) -> pd.DataFrame:
    """Load the cells into a fresh SQLite database (a copy of ``migrated``); the engine's rows (no route: ``""``)."""
    reference = example_reference()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cells.csv"
        cells.drop(columns="_place").to_csv(path, index=False)
        engine = sqlite_engine(Path(tmp) / "cells.sqlite", migrated)
        try:
            load_file(engine, "4mi", path, reference=reference)
            answer = fourmi_indicator(
                engine, indicator, Filters(), by, available_profiles(REGIONS_DIR), RULE, reference
            )
        finally:
            engine.dispose()
    return answer.rows.assign(**({"route": answer.rows["route"].fillna("")} if "route" in by else {}))


def cells_of(indicator: str, specs: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    """Cells at the first place, women 18-24 from Guinea: (period, category, respondents, base)."""
    country, region, location, route, _, _ = PLACES[0]
    return pd.DataFrame(
        [
            dict(
                period=period, country_of_interview=country, region_of_interview=region,
                location=location, route=route, gender="female", age_group="18-24", nationality="GIN",
                indicator=indicator, category=category, place="", perpetrator="",
                respondents=respondents, base=base, _place=0,
            )
            for period, category, respondents, base in specs
        ]
    )  # fmt: skip


BREAKDOWNS = st.lists(st.sampled_from(FOURMI_CELL_DIMENSIONS), max_size=3, unique=True)
SETTINGS = settings(max_examples=25, deadline=None)


@SETTINGS
@given(table=cell_tables(), by=BREAKDOWNS)
@example(
    # 12 of 30 and 0 of 22 shown; the two cells' bases add up by period.
    table=("driver", cells_of("driver", [("2023-04", "economic", 12, 30), ("2023-03", "economic", 0, 22)])),
    by=["period"],
)
def test_visible_values_pass_the_thresholds_and_match_pandas(table, by, migrated_sqlite_file):
    indicator, cells = table
    rows = answer_rows(indicator, cells, by, migrated_sqlite_file)
    assert not rows.empty
    visible = rows[~rows["suppressed"]]

    assert not visible["respondents"].between(1, RULE.min_count - 1).any()
    assert (visible["base"] >= RULE.min_base).all()
    assert rows.loc[rows["suppressed"], ["respondents", "base", "share"]].isna().all().all()

    source = source_dimensions(cells)
    keys = ["category", *by]
    chosen = source.groupby(keys)["respondents"].sum().rename("expected_respondents").reset_index()
    distinct = source.drop_duplicates(CELL)
    expected = visible.merge(chosen, on=keys, how="left")
    if by:
        expected = expected.merge(
            distinct.groupby(by)["base"].sum().rename("expected_base").reset_index(), on=by
        )
    else:
        expected = expected.assign(expected_base=distinct["base"].sum())
    assert len(expected) == len(visible)
    assert (expected["respondents"] == expected["expected_respondents"].fillna(0)).all()
    assert (expected["base"] == expected["expected_base"]).all()
    assert (expected["share"] == expected["respondents"] / expected["base"]).all()


@SETTINGS
@given(table=cell_tables(), by=BREAKDOWNS)
@example(
    # March: 5 of 5 (base under 20) hidden; April 0 of 20 shown; the by=[] answer shows 5 of 25.
    table=("driver", cells_of("driver", [("2023-04", "economic", 0, 20), ("2023-03", "economic", 5, 5)])),
    by=["period"],
)
def test_no_line_along_an_additive_dimension_has_one_hidden_cell(table, by, migrated_sqlite_file):
    indicator, cells = table
    rows = answer_rows(indicator, cells, by, migrated_sqlite_file)
    keys = ["category", *by]
    additive = [*by, *(["category"] if indicator == "smuggler_used" else [])]
    for dim in additive:
        rest = [d for d in keys if d != dim]
        lines = rows.assign(_line=0).groupby(rest or ["_line"])["suppressed"]
        # A line of one cell only repeats its total: there is nothing to subtract.
        hidden_per_line = lines.sum()[lines.size() > 1]
        assert 1 not in set(hidden_per_line), f"a line along {dim} has exactly one hidden cell"
