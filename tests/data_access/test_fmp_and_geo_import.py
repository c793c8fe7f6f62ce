"""FMP registries, FMP sites, hubs and routes: valid files load, bad ones are refused precisely."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from data_access.importers import importer_for
from data_access.loading import load_file
from data_access.models import FmpCount, FmpDemographic, Route
from data_access.problems import DataValidationError
from data_access.reference import Reference, load_reference
from geo.regions import default_profile
from tests.conftest import REFERENCE_DIR, REGIONS_DIR, example_reference

REGISTRIES = {  # kind: (table, file naming FMPs by id, the same file naming them by name)
    "fmp": (FmpCount, "fmp_example.csv", "fmp_example_named.csv"),
    "fmp-demographics": (
        FmpDemographic,
        "fmp_demographics_example.csv",
        "fmp_demographics_example_named.csv",
    ),
}


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


def _stored(engine, table) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = pd.DataFrame(connection.execute(select(table)).mappings().all())
    return rows.drop(columns=["id", "dataset_id"]).sort_values(
        ["t", "fmp", "from_country", "n"], ignore_index=True
    )


def _stored_count(engine) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(FmpCount.id)).all())


@pytest.mark.parametrize("kind", REGISTRIES)
def test_registries_naming_fmps_load_the_same_rows_as_ids(engine, examples, reference, kind):
    table, by_id, by_name = REGISTRIES[kind]
    load_file(engine, kind, examples / by_id, reference=reference)
    from_ids = _stored(engine, table)
    assert load_file(engine, kind, examples / by_name, reference=reference).status == "replaced"
    from_names = _stored(engine, table)
    assert not set(pd.read_csv(examples / by_name)["fmp"]) & reference.fmp_ids  # names only
    pd.testing.assert_frame_equal(from_names, from_ids)
    assert set(from_names["fmp"]) == {"ner-seguedine", "ner-arlit"}


def test_an_unknown_fmp_name_is_refused_naming_row_column_and_value(engine, examples, reference, tmp_path):
    load_file(engine, "fmp", examples / "fmp_example.csv", reference=reference)
    before = _stored(engine, FmpCount)
    path = _edit(examples, tmp_path, "fmp_example_named.csv", "NER-DZA,ARLIT,", "NER-DZA,Arlitt,")
    with pytest.raises(DataValidationError) as refused:
        load_file(engine, "fmp", path, reference=reference)
    [problem] = refused.value.problems
    assert (problem.row, problem.column, problem.value) == (6, "fmp", "Arlitt")
    assert "FMP id or name listed in the FMP sites" in problem.expected
    assert "matches no site" in problem.expected
    pd.testing.assert_frame_equal(_stored(engine, FmpCount), before)


def _regions_with_site(tmp_path, site: str) -> Reference:
    """A copy of the project's region profiles whose FMP sites list one more ``site`` row."""
    profile = default_profile(REGIONS_DIR)
    copy = tmp_path / "regions" / profile.directory.name
    shutil.copytree(profile.directory, copy)
    with (copy / profile.path("fmp_sites").name).open("a", encoding="utf-8") as sites:
        sites.write(site + "\n")
    return load_reference(tmp_path / "regions", REFERENCE_DIR)


def test_a_name_several_sites_share_is_refused_listing_their_ids(engine, tmp_path):
    reference = _regions_with_site(tmp_path, "ner-illela,Illéla,NER,Tahoua,14.46,5.24,,")
    assert reference.resolve_fmp("ner-illela") == "ner-illela"  # the id still names one site
    path = tmp_path / "fmp_illela.csv"
    path.write_text(
        "t,route,fmp,fmp_country,from,to,n,reason_seasonal,reason_disaster,reason_conflict,reason_economic\n"
        "2023-03-01,NER-NGA,nga-illela,NGA,NGA,NER,30,,,,\n"
        "2023-03-01,NER-NGA,Illela,NER,NER,NGA,25,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as refused:
        load_file(engine, "fmp", path, reference=reference)
    [problem] = refused.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "fmp", "Illela")
    assert "matches several sites: ner-illela, nga-illela" in problem.expected
    assert "use the id" in problem.expected
    assert _stored_count(engine) == 0


def test_fmp_country_is_checked_against_the_site_a_name_resolves_to(examples, tmp_path):
    path = _edit(examples, tmp_path, "fmp_example_named.csv", "NER-DZA,Arlit,NER,", "NER-DZA,Arlit,MLI,")
    problems = _problems("fmp", path)
    assert [(p.row, p.column, p.value) for p in problems] == [(5, "fmp_country", "MLI")]
    assert "country of the FMP" in problems[0].expected


def test_a_row_given_by_id_and_again_by_name_is_a_duplicate(examples, tmp_path):
    text = (examples / "fmp_example.csv").read_text(encoding="utf-8")
    path = tmp_path / "id_and_name.csv"
    path.write_text(
        text + text.splitlines()[1].replace("ner-seguedine", "Seguédine") + "\n", encoding="utf-8"
    )
    problems = _problems("fmp", path)
    assert {p.row for p in problems if "unique" in p.expected} == {2, 7}


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
