"""4Mi aggregate files: names resolved through the gazetteers, every rule of the contract enforced."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.importers import importer_for
from data_access.loading import load_file
from data_access.models import FourMiCell
from data_access.problems import DataValidationError
from tests.conftest import example_reference
from tests.snapshots import database_contents

HEADER_ROW = 1


def _rewrite(examples, tmp_path, mutate) -> object:
    frame = pd.read_csv(examples / "4mi_example.csv", dtype=str, keep_default_na=False)
    frame = mutate(frame)
    path = tmp_path / "4mi_bad.csv"
    frame.to_csv(path, index=False)
    return path


def _problems(path) -> list:
    with pytest.raises(DataValidationError) as refused:
        importer_for("4mi", example_reference()).parse(path)
    return refused.value.problems


def test_example_file_loads_with_names_resolved(engine, examples, reference):
    result = load_file(engine, "4mi", examples / "4mi_example.csv", reference=reference)
    expected = pd.read_csv(examples / "4mi_example.csv")
    assert result.rows == len(expected)
    with engine.connect() as connection:
        cells = pd.DataFrame(connection.execute(select(FourMiCell)).mappings().all())
    assert cells["respondents"].sum() == expected["respondents"].sum()
    agadez = cells[cells["region_of_interview"].isin(["Agadez", "Agadès"])]
    assert set(agadez["admin1"]) == {"NER-800"}
    assert set(cells.loc[cells["place"] == "Sebha", "place_hub"]) == {"lby-sabha"}
    assert set(cells.loc[cells["location"] == "Tillaberi", "location_hub"]) == {"ner-tillaberi"}


def test_xlsx_file_loads_the_same_cells_as_csv(tmp_path, examples):
    frame = pd.read_csv(examples / "4mi_example.csv", dtype=str, keep_default_na=False)
    for column in ("respondents", "base"):
        frame[column] = frame[column].astype(int)
    xlsx = tmp_path / "4mi_example.xlsx"
    frame.to_excel(xlsx, index=False)
    from_csv = (
        importer_for("4mi", example_reference())
        .parse(examples / "4mi_example.csv")
        .rows.reset_index(drop=True)
    )
    from_xlsx = importer_for("4mi", example_reference()).parse(xlsx).rows.reset_index(drop=True)
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def _set(row: int, column: str, value: str):
    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row - 2, column] = value
        return frame

    return mutate


@pytest.mark.parametrize(
    ("mutate", "row", "column", "expected"),
    [
        (_set(2, "period", "2023-13"), 2, "period", "YYYY-MM"),
        (_set(3, "respondents", "-4"), 3, "respondents", "whole number"),
        (_set(3, "respondents", "4.5"), 3, "respondents", "whole number"),
        (_set(2, "respondents", "30"), 2, "respondents", "at most the base"),
        (_set(4, "base", "25"), 4, "base", "same base"),
        (_set(5, "gender", "F"), 5, "gender", "gender code"),
        (_set(5, "age_group", "18-25"), 5, "age_group", "age group"),
        (_set(6, "category", "smuggler"), 6, "category", "category the codebook lists"),
        (_set(6, "indicator", "reasons"), 6, "indicator", "indicator of the codebook"),
        (_set(7, "nationality", "XXX"), 7, "nationality", "ISO-3"),
        (_set(10, "place", "Atlantis"), 10, "place", "hub gazetteer"),
        (_set(2, "place", "Agadez"), 2, "place", "only for incident_place"),
        (_set(12, "perpetrator", "aliens"), 12, "perpetrator", "perpetrator code"),
        (_set(12, "perpetrator", ""), 12, "perpetrator", "only for incident_perpetrator"),
        (_set(13, "region_of_interview", "Narnia"), 13, "region_of_interview", "admin-1 name"),
        (_set(15, "location", "Nowhere"), 15, "location", "hub gazetteer"),
        (_set(16, "route", "moon_route"), 16, "route", "route id"),
        (_set(6, "respondents", "20"), 6, "respondents", "single-select answers summing"),
        (_set(2, "base", "0"), 2, "base", "1 or more"),
    ],
)
def test_each_bad_value_is_reported_with_row_and_column(examples, tmp_path, mutate, row, column, expected):
    problems = _problems(_rewrite(examples, tmp_path, mutate))
    assert any(p.row == row and p.column == column and expected in p.expected for p in problems), problems
    assert all(p.file == "4mi_bad.csv" for p in problems)


def test_duplicate_cells_are_reported(examples, tmp_path):
    problems = _problems(_rewrite(examples, tmp_path, lambda f: pd.concat([f, f.iloc[[0]]])))
    duplicates = [p for p in problems if "unique cell" in p.expected]
    assert {p.row for p in duplicates} == {2, 20}


def test_missing_and_extra_columns_are_named(examples, tmp_path):
    problems = _problems(_rewrite(examples, tmp_path, lambda f: f.drop(columns=["base"]).assign(weight="1")))
    messages = [p.expected for p in problems if p.row == HEADER_ROW]
    assert "missing column(s): base" in messages
    assert "unexpected column(s): weight" in messages


def test_every_error_is_reported_not_only_the_first(examples, tmp_path):
    def many(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[:, "gender"] = "unknown"
        return frame

    problems = _problems(_rewrite(examples, tmp_path, many))
    assert {p.row for p in problems if p.column == "gender"} == set(range(2, 20))


def test_a_refused_file_leaves_the_loaded_data_unchanged(engine, examples, reference, tmp_path):
    load_file(engine, "4mi", examples / "4mi_example.csv", reference=reference)
    before = database_contents(engine)
    with pytest.raises(DataValidationError):
        load_file(
            engine, "4mi", _rewrite(examples, tmp_path, _set(2, "respondents", "30")), reference=reference
        )
    assert database_contents(engine) == before
