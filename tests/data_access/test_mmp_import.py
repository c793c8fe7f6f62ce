"""Missing Migrants Project exports load exactly as published; other headers are refused."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.loading import load_file
from data_access.models import Dataset, MmpIncident
from data_access.problems import DataValidationError
from tests.snapshots import database_contents


def _totals_by_year(engine) -> dict[int, float | None]:
    statement = select(MmpIncident.year, func.sum(MmpIncident.dead_and_missing)).group_by(MmpIncident.year)
    with engine.connect() as connection:
        return {
            year: (None if total is None else float(total)) for year, total in connection.execute(statement)
        }


def _pandas_totals(path, year_column: str, total_column: str) -> dict[int, float | None]:
    frame = pd.read_csv(path, encoding="utf-8-sig")
    sums = frame.groupby(year_column)[total_column].sum(min_count=1)
    return {int(year): (None if pd.isna(total) else float(total)) for year, total in sums.items()}


@pytest.mark.parametrize(
    ("file_name", "year_column", "total_column"),
    [
        ("mmp_current_export.csv", "Incident Year", "Total Number of Dead and Missing"),
        ("mmp_legacy_export.csv", "Reported Year", "Total Dead and Missing"),
    ],
)
def test_dead_and_missing_per_year_equal_a_pandas_sum_over_the_file(
    engine, examples, reference, file_name, year_column, total_column
):
    path = examples / file_name
    result = load_file(engine, "mmp", path, reference=reference)
    assert result.rows == len(pd.read_csv(path, encoding="utf-8-sig"))
    assert _totals_by_year(engine) == _pandas_totals(path, year_column, total_column)


def test_blank_counts_stay_unknown_not_zero(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    with engine.connect() as connection:
        dead = dict(connection.execute(select(MmpIncident.record_id, MmpIncident.dead)).all())
    assert dead["2022.MMP0102"] is None
    assert dead["2022.MMP0101"] == 5


def test_legacy_dates_urls_and_route_names_are_read(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    with engine.connect() as connection:
        rows = {
            row.record_id: row
            for row in connection.execute(
                select(
                    MmpIncident.record_id,
                    MmpIncident.period,
                    MmpIncident.url,
                    MmpIncident.route_family,
                    MmpIncident.lat,
                    MmpIncident.lon,
                )
            )
        }
    assert rows["52711"].period == "2019-12"
    assert rows["48112"].url == "https://a.example.org/1, https://a.example.org/2"
    assert rows["52711"].route_family == "atlantic"
    assert (rows["48112"].lat, rows["48112"].lon) == (18.98, 12.88)


def test_credit_and_licence_are_stored_with_the_dataset(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    with engine.connect() as connection:
        dataset = connection.execute(select(Dataset.credit, Dataset.licence, Dataset.synthetic)).one()
    assert dataset.credit == "IOM's Missing Migrants Project"
    assert dataset.licence == "CC BY 4.0"
    assert dataset.synthetic is False


def test_cleaned_copy_is_refused_naming_columns_and_database_is_unchanged(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    before = database_contents(engine)
    with pytest.raises(DataValidationError) as refused:
        load_file(engine, "mmp", examples / "mmp_cleaned_copy.csv", reference=reference)
    message = str(refused.value)
    assert "mmp_cleaned_copy.csv" in message
    assert "missing column(s): Main ID" in message
    assert "Coordinates" in message
    assert "unexpected column(s): id, date, year" in message
    assert database_contents(engine) == before


def test_a_bom_less_file_with_a_renamed_column_is_refused(tmp_path, examples, reference):
    text = (examples / "mmp_current_export.csv").read_text(encoding="utf-8-sig")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(text.replace('"Number of Dead"', '"Dead"', 1), encoding="utf-8")
    from data_access.importers.mmp import MmpImporter

    with pytest.raises(
        DataValidationError, match=r"missing column\(s\): Number of Dead.*unexpected column\(s\): Dead"
    ):
        MmpImporter(reference).parse(renamed)


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    [
        ('"2022-02-11"', '"2022-02-31"', "Incident Date", "a date as YYYY-MM-DD"),
        ('"20.1958, 12.9817"', '"120.1958, 12.9817"', "Coordinates", "a latitude within -90..90"),
        ('"Feb","5"', '"Feb","-5"', "Number of Dead", "a whole number"),
        ('"Feb","5"', '"Feb","2.5"', "Number of Dead", "a whole number"),
        ('"2022.MMP0102","2022.MMP0102"', '"2022.MMP0101","2022.MMP0102"', None, "a unique cell"),
    ],
)
def test_bad_values_are_refused_with_row_and_column(
    tmp_path, examples, reference, old, new, column, expected
):
    from data_access.importers.mmp import MmpImporter

    text = (examples / "mmp_current_export.csv").read_text(encoding="utf-8-sig")
    assert old in text
    broken = tmp_path / "broken.csv"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8-sig")
    with pytest.raises(DataValidationError) as refused:
        MmpImporter(reference).parse(broken)
    problems = refused.value.problems
    assert any(p.column == column and expected in p.expected and p.row in (2, 3) for p in problems), problems


def test_incidents_get_the_admin1_unit_of_their_coordinates(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    with engine.connect() as connection:
        rows = {
            row.record_id: row
            for row in connection.execute(
                select(MmpIncident.record_id, MmpIncident.admin1, MmpIncident.admin1_method)
            )
        }
    assert (rows["2022.MMP0101"].admin1, rows["2022.MMP0101"].admin1_method) == ("NER-800", "by_location")
    assert rows["2023.MMP0202"].admin1_method == "unmatched"
