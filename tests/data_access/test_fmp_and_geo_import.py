"""FMP registries, FMP sites, hubs and routes: valid files load, bad ones are refused precisely."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from data_access.importers import importer_for
from data_access.loading import load_file
from data_access.models import FmpCount, FmpDemographic, Route
from data_access.problems import DataValidationError
from geo.regions import default_profile
from tests.conftest import REGIONS_DIR, example_reference


def _problems(kind: str, path) -> list:
    with pytest.raises(DataValidationError) as refused:
        importer_for(kind, example_reference()).parse(path)
    return refused.value.problems


def _edit(examples, tmp_path, name: str, old: str, new: str):
    text = (examples / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_fmp_counts_load_with_unknown_reasons_kept_unknown(engine, examples, reference):
    load_file(engine, "fmp", examples / "fmp_example.csv", reference=reference)
    with engine.connect() as connection:
        rows = pd.DataFrame(connection.execute(select(FmpCount)).mappings().all())
    expected = pd.read_csv(examples / "fmp_example.csv")
    assert rows["n"].sum() == expected["n"].sum()
    incoming = rows[(rows["from_country"] == "LBY") & (rows["fmp"] == "ner-seguedine")].iloc[0]
    assert pd.isna(incoming["reason_economic"])
    assert set(rows["period"]) == {"2023-03"}


def test_unaccompanied_children_blank_means_unknown_not_zero(engine, examples, reference):
    load_file(engine, "fmp-demographics", examples / "fmp_demographics_example.csv", reference=reference)
    with engine.connect() as connection:
        uac = connection.execute(select(FmpDemographic.uac)).scalars().all()
    assert sorted(uac, key=lambda v: (v is None, v)) == [0, 2, None, None, None]


@pytest.mark.parametrize(
    ("name", "old", "new", "row", "column", "expected"),
    [
        ("fmp_example.csv", "2023-03-02,NER-LBY", "2023-02-30,NER-LBY", 4, "t", "YYYY-MM-DD"),
        ("fmp_example.csv", "NER,LBY,142", "NER,LBY,-142", 2, "n", "whole number"),
        ("fmp_example.csv", "NER,LBY,142,20", "NER,LBY,10,20", 2, "n", "sum of the reason counts"),
        ("fmp_example.csv", ",ner-arlit,", ",ner-nowhere,", 5, "fmp", "FMP id"),
        (
            "fmp_example.csv",
            "NER-DZA,ner-arlit,NER,NER",
            "NER-DZA,ner-arlit,MLI,NER",
            5,
            "fmp_country",
            "country of the FMP",
        ),
        ("fmp_example.csv", "NER,DZA,64", "NER,ZZZ,64", 5, "to", "ISO-3"),
        ("fmp_demographics_example.csv", "male,under 18,6,2", "male,under 18,6,7", 4, "uac", "at most n"),
        ("fmp_demographics_example.csv", "female,18+,14", "woman,18+,14", 3, "sex", "sex code"),
        ("fmp_demographics_example.csv", "male,under 18,9,0", "male,minor,9,0", 6, "age", "age class"),
    ],
)
def test_bad_fmp_values_are_reported_with_row_and_column(
    examples, tmp_path, name, old, new, row, column, expected
):
    kind = "fmp" if name == "fmp_example.csv" else "fmp-demographics"
    problems = _problems(kind, _edit(examples, tmp_path, name, old, new))
    assert any(p.row == row and p.column == column and expected in p.expected for p in problems), problems


def test_duplicate_registry_rows_are_refused(examples, tmp_path):
    text = (examples / "fmp_example.csv").read_text()
    path = tmp_path / "dup.csv"
    path.write_text(text + text.splitlines()[1] + "\n")
    problems = _problems("fmp", path)
    assert {p.row for p in problems if "unique" in p.expected} == {2, 7}


def test_region_fmp_sites_and_hubs_load(engine, reference):
    profile = default_profile(REGIONS_DIR)
    sites = load_file(engine, "fmp-sites", profile.path("fmp_sites"), reference=reference)
    hubs = load_file(engine, "hubs", profile.path("hubs"), reference=reference)
    assert sites.rows == len(pd.read_csv(profile.path("fmp_sites")))
    assert hubs.rows == len(pd.read_csv(profile.path("hubs")))


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "expected"),
    [
        ("16.97333,7.99111", "96.97333,7.99111", 2, "lat", "latitude"),
        ("16.97333,7.99111", "16.97333,187.99111", 2, "lon", "longitude"),
        ("lby-sabha,Sabha,Sebha,LBY", "ner-agadez,Sabha,Sebha,LBY", 3, None, "unique"),
        (",LBY,", ",LBX,", 3, "country", "ISO-3"),
    ],
)
def test_bad_hub_rows_are_reported(examples, tmp_path, old, new, row, column, expected):
    problems = _problems("hubs", _edit(examples, tmp_path, "hubs_example.csv", old, new))
    assert any(p.row == row and p.column == column and expected in p.expected for p in problems), problems


def test_routes_in_another_crs_are_reprojected_to_wgs84(engine, examples, reference, tmp_path):
    source = gpd.read_file(examples / "routes_example.geojson")
    utm = tmp_path / "routes_utm.gpkg"
    source.to_crs("EPSG:32632").to_file(utm, driver="GPKG")
    load_file(engine, "routes", utm, reference=reference)
    with engine.connect() as connection:
        stored = dict(connection.execute(select(Route.route_id, Route.geometry)).all())
    niger = shapely.geometry.shape(json.loads(stored["central_med_niger"]))
    assert niger.coords[1] == pytest.approx((7.9911, 16.9733), abs=1e-6)


def test_routes_without_a_crs_are_refused(examples, tmp_path):
    source = gpd.read_file(examples / "routes_example.geojson").set_crs(None, allow_override=True)
    path = tmp_path / "no_crs.gpkg"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        source.to_file(path, driver="GPKG")
    problems = _problems("routes", path)
    assert any("coordinate reference system" in p.expected for p in problems)


def test_invalid_and_non_line_geometries_are_refused_by_feature(examples, tmp_path):
    data = json.loads((examples / "routes_example.geojson").read_text())
    data["features"][0]["geometry"] = {"type": "Point", "coordinates": [2.1, 13.5]}
    data["features"][1]["geometry"] = {"type": "LineString", "coordinates": [[-17.4, 14.6], [-17.4, 14.6]]}
    path = tmp_path / "bad_routes.geojson"
    path.write_text(json.dumps(data))
    problems = _problems("routes", path)
    assert [(p.row, p.column) for p in problems] == [(1, "geometry"), (2, "geometry")]
    assert problems[0].expected == "a LineString or MultiLineString"
    assert problems[1].expected == "a valid geometry"
