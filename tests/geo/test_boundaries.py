import base64
import gzip
import hashlib
import shutil
from pathlib import Path

import pytest
import shapely

from geo.boundaries import load_admin0, load_admin0_context, load_admin1
from geo.build_boundaries import CONTEXT_FILES, REGION_DIR, SOURCE_DIR, _verify_integrity, build
from geo.regions import load_profile

COUNTRIES = {
    "MRT", "SEN", "GMB", "GNB", "GIN", "SLE", "LBR", "CIV", "MLI", "BFA", "GHA", "TGO",
    "BEN", "NER", "NGA", "TCD", "CMR", "DZA", "MAR", "ESH", "TUN", "LBY", "EGY", "SDN",
}  # fmt: skip
LON_MIN, LAT_MIN, LON_MAX, LAT_MAX = -18.0, 1.0, 40.0, 38.0


@pytest.fixture(scope="module")
def admin1():
    return load_admin1(REGION_DIR)


@pytest.fixture(scope="module")
def admin0():
    return load_admin0(REGION_DIR)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The boundary files built from the committed sources (once for the module)."""
    out = tmp_path_factory.mktemp("built")
    build(SOURCE_DIR, out)
    return out


@pytest.fixture(scope="module")
def context():
    return load_admin0_context(REGION_DIR)


@pytest.mark.parametrize("name", ["admin1.geojson", "admin0.geojson", "admin0_context.geojson"])
def test_build_reproduces_committed_files_byte_for_byte(built, name):
    assert (built / name).read_bytes() == (REGION_DIR / name).read_bytes()


def test_build_refuses_a_source_that_differs_from_the_manifest(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(SOURCE_DIR, source)
    (source / "ner.json.gz").write_bytes(gzip.compress(b'{"features": []}'))
    with pytest.raises(ValueError, match=r"ner\.json\.gz"):
        build(source, tmp_path / "out")


def test_every_country_has_admin1_features_and_one_admin0_feature(admin1, admin0):
    assert set(admin1["country"]) == COUNTRIES
    assert sorted(admin0["country"]) == sorted(COUNTRIES)


def test_loaders_set_wgs84(admin1, admin0):
    assert admin1.crs.to_epsg() == 4326
    assert admin0.crs.to_epsg() == 4326


@pytest.mark.parametrize("layer", ["admin1", "admin0"])
def test_geometries_are_valid_polygons_inside_the_region_box(layer, request):
    frame = request.getfixturevalue(layer)
    assert frame.is_valid.all()
    assert not frame.is_empty.any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    lon_min, lat_min, lon_max, lat_max = frame.total_bounds
    assert lon_min >= LON_MIN and lat_min >= LAT_MIN
    assert lon_max <= LON_MAX and lat_max <= LAT_MAX


def test_admin1_units_tile_without_overlaps(admin1):
    assert shapely.coverage_is_valid(admin1.geometry.values)


def test_admin0_is_the_union_of_its_admin1_units(admin1, admin0):
    for row in admin0.itertuples():
        parts = admin1.loc[admin1["country"] == row.country, "geometry"]
        assert shapely.union_all(parts.values).symmetric_difference(row.geometry).area < 1e-6


def test_coordinates_have_at_most_three_decimals(admin1):
    coords = shapely.get_coordinates(admin1.geometry.values)
    assert abs(coords - coords.round(3)).max() < 1e-9


def test_admin1_properties_are_clean(admin1):
    assert admin1["adm1_code"].is_unique
    assert admin1["name"].notna().all()
    hasc = admin1["code_hasc"].dropna()
    assert (hasc == hasc.str.strip()).all()
    assert not hasc.isin(["-99"]).any() and not hasc.str.endswith(".").any()
    niamey = admin1.set_index("adm1_code").loc["NER-94"]
    assert niamey["code_hasc"] == "NE.NI"  # "NE.NI\t" in the source


def test_unnamed_minor_islands_get_a_name_from_their_code(admin1):
    names = admin1.set_index("adm1_code")["name"]
    assert names["MRT+99?"] == "Minor islands (MRT+99?)"
    assert names["TUN+99?"] == "Minor islands (TUN+99?)"
    assert names["EGY+99?"] == "Minor islands (EGY+99?)"


def test_payload_stays_small():
    derived = [REGION_DIR / name for name in ("admin1.geojson", "admin0.geojson", "admin0_context.geojson")]
    assert sum(p.stat().st_size for p in derived) < 2_000_000
    assert len(gzip.compress((REGION_DIR / "admin1.geojson").read_bytes())) < 300_000


def test_committed_source_subset_stays_small():
    assert sum(p.stat().st_size for p in Path(SOURCE_DIR).iterdir()) < 6_000_000


def test_integrity_check_rejects_a_tampered_tarball():
    good = b"tarball bytes"
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(good).digest()).decode()
    _verify_integrity(good, integrity)
    with pytest.raises(ValueError, match="integrity"):
        _verify_integrity(good + b"!", integrity)


def test_context_layer_holds_the_northern_shores_and_the_canary_islands(context):
    assert set(context["country"]) == set(CONTEXT_FILES) >= {"ESP", "PRT", "ITA", "MLT", "GRC", "FRA"}
    assert context.is_valid.all() and set(context.geom_type) <= {"Polygon", "MultiPolygon"}
    spain = context.set_index("country").geometry["ESP"]
    assert spain.intersects(shapely.Point(-15.6, 27.95))  # Gran Canaria
    assert spain.intersects(shapely.Point(-3.7, 40.4))  # Madrid
    assert context.set_index("country").geometry["ITA"].intersects(shapely.Point(12.6, 35.5))  # Lampedusa
    lon_min, lat_min, _lon_max, lat_max = context.total_bounds
    assert lon_min > -20 and lat_min > 27 and lat_max < 52  # no Azores, no overseas France


def test_context_countries_are_not_the_region_countries(context):
    profile = load_profile(REGION_DIR)
    assert not set(context["country"]) & set(profile.countries)
    assert context.crs.to_epsg() == 4326


def test_a_profile_without_a_context_file_has_an_empty_context(tmp_path):
    assert load_admin0_context(tmp_path).empty
