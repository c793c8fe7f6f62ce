"""Small-cell suppression on hand-counted breakdowns."""

import numpy as np
import pandas as pd
import pytest

from indicators.suppression import TOTAL, suppress


def by_key(result, dims):
    return {tuple(row[d] for d in dims): row for _, row in result.iterrows()}


def hidden_keys(result, dims):
    return {k for k, row in by_key(result, dims).items() if row["suppressed"]}


def test_small_count_and_the_next_smallest_are_hidden_zero_stays():
    table = pd.DataFrame({"driver": ["economic", "violence", "rights", "other"], "n": [3, 10, 20, 0]})
    result = suppress(table, count_col="n", dims=["driver"])
    rows = by_key(result, ["driver"])
    assert rows[("economic",)]["suppression_reason"] == "count_below_min"
    assert rows[("violence",)]["suppression_reason"] == "complementary"
    assert pd.isna(rows[("economic",)]["n"]) and pd.isna(rows[("violence",)]["n"])
    assert rows[("rights",)]["n"] == 20 and rows[("other",)]["n"] == 0
    assert rows[(TOTAL,)]["n"] == 33 and not rows[(TOTAL,)]["suppressed"]


def test_table_without_small_counts_is_unchanged():
    table = pd.DataFrame({"route": ["a", "b", "c"], "n": [0, 25, 30]})
    result = suppress(table, count_col="n", dims=["route"])
    assert not result["suppressed"].any()
    assert list(result["n"]) == [0, 25, 30, 55]


def test_two_small_counts_protect_each_other():
    table = pd.DataFrame({"route": ["a", "b", "c"], "n": [2, 4, 50]})
    result = suppress(table, count_col="n", dims=["route"])
    assert hidden_keys(result, ["route"]) == {("a",), ("b",)}
    assert by_key(result, ["route"])[(TOTAL,)]["n"] == 56


def test_total_equal_to_a_small_count_is_hidden_too():
    table = pd.DataFrame({"route": ["a", "b"], "n": [3, 0]})
    result = suppress(table, count_col="n", dims=["route"])
    assert hidden_keys(result, ["route"]) == {("a",), (TOTAL,)}
    assert by_key(result, ["route"])[("b",)]["n"] == 0


def test_two_way_table_hides_a_block_of_four():
    # Rows (admin1) x columns (incident); 2 is small. Column c1 hides 8 (the
    # smallest), row r1 hides 10, then row r2 hides 40, which closes the block
    # r1/r2 x c1/c2 without touching any other line; totals stay visible.
    table = pd.DataFrame(
        [(r, c) for r in ("r1", "r2", "r3") for c in ("c1", "c2", "c3")], columns=["row", "col"]
    ).assign(n=[2, 10, 30, 8, 40, 50, 9, 60, 70])
    result = suppress(table, count_col="n", dims=["row", "col"])
    assert hidden_keys(result, ["row", "col"]) == {
        ("r1", "c1"),
        ("r1", "c2"),
        ("r2", "c1"),
        ("r2", "c2"),
    }
    totals = {k: row["n"] for k, row in by_key(result, ["row", "col"]).items() if TOTAL in k}
    assert totals == {
        ("r1", TOTAL): 42,
        ("r2", TOTAL): 98,
        ("r3", TOTAL): 139,
        (TOTAL, "c1"): 19,
        (TOTAL, "c2"): 110,
        (TOTAL, "c3"): 150,
        (TOTAL, TOTAL): 279,
    }


def test_multi_select_categories_are_not_protected_against_each_other():
    # Incident types are multi-select: only gender adds up, so only the
    # incident's gender line needs a second hidden cell, and no total over
    # incident types is produced.
    table = pd.DataFrame(
        {
            "incident": ["robbery", "robbery", "detention", "detention"],
            "gender": ["female", "male", "female", "male"],
            "n": [3, 40, 25, 30],
        }
    )
    result = suppress(table, count_col="n", dims=["incident", "gender"], additive_dims=["gender"])
    assert hidden_keys(result, ["incident", "gender"]) == {
        ("robbery", "female"),
        ("robbery", "male"),
    }
    totals = {k: row["n"] for k, row in by_key(result, ["incident", "gender"]).items() if TOTAL in k}
    assert totals == {("robbery", TOTAL): 43, ("detention", TOTAL): 55}


def test_small_base_hides_the_whole_row_and_its_share():
    # Women asked: 15 (< 20). Their rows go; robbery's male cell (120) is the
    # smallest partner in its gender line, so it goes as well.
    table = pd.DataFrame(
        {
            "incident": ["robbery", "robbery", "detention", "detention"],
            "gender": ["female", "male", "female", "male"],
            "n": [10, 120, 6, 150],
            "n_total": [15, 200, 15, 200],
        }
    ).assign(share=lambda t: t["n"] / t["n_total"])
    result = suppress(
        table, count_col="n", dims=["incident", "gender"], base_col="n_total", additive_dims=["gender"]
    )
    rows = by_key(result, ["incident", "gender"])
    assert rows[("robbery", "female")]["suppression_reason"] == "base_below_min"
    assert rows[("detention", "female")]["suppression_reason"] == "base_below_min"
    assert rows[("robbery", "male")]["suppression_reason"] == "complementary"
    assert rows[("detention", "male")]["suppression_reason"] == "complementary"
    for key in [("robbery", "female"), ("detention", "female"), ("robbery", "male")]:
        assert pd.isna(rows[key]["n"]) and pd.isna(rows[key]["n_total"])
        assert pd.isna(rows[key]["share"])


def test_hidden_rows_carry_no_measure_at_all():
    table = pd.DataFrame(
        {"nationality": ["GIN", "CIV", "SEN"], "n": [4, 30, 60], "share": [0.04, 0.3, 0.6]}
    ).assign(ci_low=[0.01, 0.2, 0.5], label_code=["x", "y", "z"])
    result = suppress(table, count_col="n", dims=["nationality"])
    hidden = result[result["suppressed"]]
    assert len(hidden) == 2
    assert hidden[["n", "share", "ci_low", "label_code"]].isna().all().all()
    visible = result[~result["suppressed"] & ~result["is_total"]]
    assert visible[["n", "share", "ci_low"]].iloc[0].tolist() == [60, 0.6, 0.5]


def test_without_published_totals_only_small_cells_are_hidden():
    table = pd.DataFrame({"route": ["a", "b", "c"], "n": [3, 10, 20]})
    result = suppress(table, count_col="n", dims=["route"], totals_published=False)
    assert list(result["suppressed"]) == [True, False, False]
    assert not result["is_total"].any()


def test_thresholds_are_configurable():
    table = pd.DataFrame({"route": ["a", "b", "c"], "n": [7, 12, 40]})
    result = suppress(table, count_col="n", dims=["route"], min_count=10, min_base=10)
    assert hidden_keys(result, ["route"]) == {("a",), ("b",)}


def test_input_index_and_columns_are_left_alone():
    table = pd.DataFrame({"route": ["a", "b"], "n": [3, 30]}, index=[10, 20])
    before = table.copy()
    suppress(table, count_col="n", dims=["route"])
    pd.testing.assert_frame_equal(table, before)


@pytest.mark.parametrize(
    ("table", "kwargs", "message"),
    [
        (pd.DataFrame({"r": ["a", "a"], "n": [1, 2]}), {}, "repeats"),
        (pd.DataFrame({"r": ["a", "b"], "n": [1, -2]}), {}, "'n' row 1"),
        (pd.DataFrame({"r": ["a", "b"], "n": [1, 2.5]}), {}, "'n' row 1"),
        (pd.DataFrame({"r": ["a", "b"], "n": [1, np.nan]}), {}, "'n' row 1"),
        (pd.DataFrame({"r": ["a", None], "n": [1, 2]}), {}, "'r': row 1"),
        (pd.DataFrame({"r": ["a", TOTAL], "n": [1, 2]}), {}, "reserved"),
        (pd.DataFrame({"r": ["a"], "n": [1]}), {"min_count": 30}, "min_base"),
        (pd.DataFrame({"r": ["a"], "n": [1]}), {"additive_dims": ["x"]}, "additive_dims"),
        (pd.DataFrame({"r": ["a"], "m": [1]}), {}, "'n'"),
        (pd.DataFrame({"r": ["a"], "n": [30], "b": [20]}), {"base_col": "b"}, "exceeds"),
    ],
)
def test_bad_tables_are_refused_with_the_column_named(table, kwargs, message):
    with pytest.raises(ValueError, match=message):
        suppress(table, count_col="n", dims=["r"], **kwargs)
