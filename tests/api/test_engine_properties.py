"""Properties of 4Mi answers on random cell tables loaded through the importer.

Whatever the cells and the breakdown, the engine publishes what the disclosure rule says for
a pandas computation on the same cells: counts rounded to the nearest 5, a row hidden exactly
when a count is 1-4 or the rounded base is under 20, and shares from the rounded counts.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_access.loading import load_file
from data_access.queries import FOURMI_CELL_DIMENSIONS
from geo.regions import available_profiles
from indicators.disclosure import DisclosureRule
from indicators.engine import fourmi_indicator
from indicators.filters import Filters
from tests.conftest import REGIONS_DIR, example_reference, sqlite_engine

RULE = DisclosureRule(min_base=20, min_count=5, round_to=5)
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


def nearest_five(count: int) -> int:
    """The nearest multiple of 5, halves up (7 -> 5, 8 -> 10)."""
    return 5 * math.floor(count / 5 + 0.5)


@SETTINGS
@given(table=cell_tables(), by=BREAKDOWNS)
@example(
    # 12 of 30 and 0 of 22: published 10 of 30 and 0 of 20; together 10 of 50.
    table=("driver", cells_of("driver", [("2023-04", "economic", 12, 30), ("2023-03", "economic", 0, 22)])),
    by=["period"],
)
@example(
    # March: 5 of 5 (base under 20) hidden; April 0 of 20 shown; the by=[] answer shows 5 of 25.
    table=("driver", cells_of("driver", [("2023-04", "economic", 0, 20), ("2023-03", "economic", 5, 5)])),
    by=["period"],
)
def test_published_values_are_the_rule_applied_to_pandas(table, by, migrated_sqlite_file):
    indicator, cells = table
    rows = answer_rows(indicator, cells, by, migrated_sqlite_file)
    assert not rows.empty

    source = source_dimensions(cells)
    keys = ["category", *by]
    chosen = source.groupby(keys)["respondents"].sum().rename("exact_respondents").reset_index()
    distinct = source.drop_duplicates(CELL)
    expected = rows.merge(chosen, on=keys, how="left").fillna({"exact_respondents": 0})
    if by:
        expected = expected.merge(
            distinct.groupby(by)["base"].sum().rename("exact_base").reset_index(), on=by
        )
    else:
        expected = expected.assign(exact_base=distinct["base"].sum())
    assert len(expected) == len(rows)
    for row in expected.itertuples():
        respondents, base = int(row.exact_respondents), int(row.exact_base)
        hidden = 1 <= respondents <= 4 or 1 <= base <= 4 or nearest_five(base) < 20
        assert row.suppressed == hidden, row
        if hidden:
            assert pd.isna(row.respondents) and pd.isna(row.base) and pd.isna(row.share)
        else:
            assert (row.respondents, row.base) == (nearest_five(respondents), nearest_five(base))
            assert row.share == nearest_five(respondents) / nearest_five(base)
