"""Database aggregates reconcile with pandas computations on the source files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data_access.importers.fourmi import CELL
from data_access.queries import Scope, death_counts, flow_counts, flow_minors, fourmi_counts


@pytest.fixture(scope="module")
def loaded(loaded_engine):
    """The module's database with every example file (SQLite, then PostgreSQL); read only."""
    return loaded_engine


def _source(examples) -> pd.DataFrame:
    return pd.read_csv(examples / "4mi_example.csv", dtype={"route": str}, keep_default_na=False)


def _expected_base(source: pd.DataFrame, indicator: str, by: list[str]) -> pd.Series:
    cells = source[source["indicator"] == indicator].drop_duplicates([*CELL, "indicator"])
    return cells.groupby(by)["base"].sum() if by else pd.Series({(): cells["base"].sum()})


def test_driver_shares_use_every_asked_respondent_as_base(loaded, examples, reference):
    categories = reference.categories("driver")
    table = fourmi_counts(loaded, "driver", Scope(), ["category"], categories)
    source = _source(examples)
    drivers = source[source["indicator"] == "driver"]
    expected_respondents = drivers.groupby("category")["respondents"].sum()
    total_base = _expected_base(source, "driver", []).iloc[0]
    assert set(table["category"]) == set(categories)
    for row in table.itertuples():
        assert row.respondents == expected_respondents.get(row.category, 0)
        assert row.base == total_base


def test_breakdown_by_gender_and_category_sums_cells_of_each_gender(loaded, examples):
    table = fourmi_counts(loaded, "driver", Scope(), ["gender", "category"], ["economic"])
    source = _source(examples)
    base = _expected_base(source, "driver", ["gender"])
    drivers = source[(source["indicator"] == "driver") & (source["category"] == "economic")]
    respondents = drivers.groupby("gender")["respondents"].sum()
    economic = table[table["category"] == "economic"].set_index("gender")
    assert economic["base"].to_dict() == base.to_dict()
    assert economic["respondents"].to_dict() == respondents.reindex(base.index, fill_value=0).to_dict()


def test_filters_restrict_cells(loaded, examples):
    scope = Scope(gender=("female",), period_from="2023-03", period_to="2023-03")
    table = fourmi_counts(loaded, "incident_place", scope, ["place"])
    source = _source(examples)
    rows = source[(source["indicator"] == "incident_place") & (source["gender"] == "female")]
    assert dict(zip(table["place"], table["respondents"], strict=True)) == {"lby-sabha": 4, "ner-dirkou": 3}
    assert set(table["base"]) == {rows.drop_duplicates(CELL)["base"].sum()}


def test_deaths_per_year_keep_unknown_totals_null(loaded, examples):
    table = death_counts(loaded, Scope(), ["year"]).set_index("year")
    source = pd.read_csv(examples / "mmp_current_export.csv", encoding="utf-8-sig")
    expected = source.groupby("Incident Year")["Total Number of Dead and Missing"].sum(min_count=1)
    assert table["incidents"].to_dict() == source.groupby("Incident Year").size().to_dict()
    for year, total in expected.items():
        assert (pd.isna(table.loc[year, "dead_and_missing"]) and pd.isna(total)) or table.loc[
            year, "dead_and_missing"
        ] == total


def test_flows_by_direction_and_daily_average(loaded, examples):
    table = flow_counts(loaded, Scope(), ["fmp", "direction"]).set_index(["fmp", "direction"])
    source = pd.read_csv(examples / "fmp_example.csv")
    seguedine_out = source[(source["fmp"] == "ner-seguedine") & (source["from"] == "NER")]
    assert table.loc[("ner-seguedine", "outgoing"), "individuals"] == seguedine_out["n"].sum()
    assert table.loc[("ner-seguedine", "outgoing"), "daily_average"] == seguedine_out["n"].sum() / 2
    assert table.loc[("ner-arlit", "incoming"), "individuals"] == 40


def test_minors_and_unaccompanied_where_known(loaded, examples):
    table = flow_minors(loaded, Scope(), ["fmp"]).set_index("fmp")
    source = pd.read_csv(examples / "fmp_demographics_example.csv")
    seguedine = source[source["fmp"] == "ner-seguedine"]
    minors = seguedine[seguedine["age"] == "under 18"]
    assert table.loc["ner-seguedine", "minors"] == minors["n"].sum()
    assert table.loc["ner-seguedine", "uac"] == minors["uac"].sum()
    assert table.loc["ner-seguedine", "minors_uac_known"] == minors.loc[minors["uac"].notna(), "n"].sum()


def test_deaths_filtered_by_the_admin1_unit_of_their_coordinates(loaded):
    table = death_counts(loaded, Scope(admin1=("NER-800",)), ["year"])
    assert table[["year", "incidents", "dead_and_missing"]].values.tolist() == [[2022, 1, 5]]


def test_minors_per_month_sex_and_direction_match_the_daily_rows(loaded, examples):
    """The monthly summary answers as the daily registry would, group by group."""
    groups = ["period", "sex", "direction"]
    table = flow_minors(loaded, Scope(), groups).set_index(groups).sort_index()
    source = pd.read_csv(examples / "fmp_demographics_example.csv")
    source["period"] = source["t"].str[:7]
    source["direction"] = np.select(
        [source["to"] == source["fmp_country"], source["from"] == source["fmp_country"]],
        ["incoming", "outgoing"],
        "transit",
    )
    minor = source["age"] == "under 18"
    known = minor & source["uac"].notna()
    source["minors"] = source["n"].where(minor, 0)
    source["uac_of_minors"] = source["uac"].where(minor)
    source["minors_uac_known"] = source["n"].where(known)
    expected = source.groupby(groups).agg(
        individuals=("n", "sum"),
        minors=("minors", "sum"),
        uac=("uac_of_minors", lambda values: values.sum(min_count=1)),
        minors_uac_known=("minors_uac_known", lambda values: values.sum(min_count=1)),
    )
    assert source["uac"].isna().any() and expected["uac"].isna().any()
    pd.testing.assert_frame_equal(
        table.astype(float), expected.astype(float), check_names=False, check_index_type=False
    )
