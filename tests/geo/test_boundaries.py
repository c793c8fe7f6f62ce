import base64
import csv
import gzip
import hashlib
import shutil
from pathlib import Path

import pytest
import shapely

from geo.boundaries import load_admin0, load_admin0_context, load_admin1
from geo.build_boundaries import (
    REGIONS_ROOT,
    SOURCE_DIR,
    _verify_integrity,
    build,
    needed_countries,
    package_files,
)
from geo.regions import available_profiles

PROFILES = available_profiles(REGIONS_ROOT)
WNA = PROFILES["west-north-africa"]
EAY = PROFILES["east-africa-yemen"]
WNA_COUNTRIES = {
    "MRT", "SEN", "GMB", "GNB", "GIN", "SLE", "LBR", "CIV", "MLI", "BFA", "GHA", "TGO",
    "BEN", "NER", "NGA", "TCD", "CMR", "DZA", "MAR", "ESH", "TUN", "LBY", "EGY", "SDN",
}  # fmt: skip
# Hand-written boxes (lon_min, lat_min, lon_max, lat_max) every unit must lie in; South Africa's
# Western Cape includes the Prince Edward Islands (46.9 degrees south).
REGION_BOXES = {"west-north-africa": (-18.0, 1.0, 40.0, 38.0), "east-africa-yemen": (9.0, -47.5, 56.0, 34.0)}
LAYERS = ("admin1.geojson", "admin0.geojson", "admin0_context.geojson")


@pytest.fixture(scope="module", params=sorted(PROFILES))
def profile(request):
    return PROFILES[request.param]


@pytest.fixture(scope="module")
def admin1(profile):
    return load_admin1(profile.directory)


@pytest.fixture(scope="module")
def admin0(profile):
    return load_admin0(profile.directory)


@pytest.fixture(scope="module")
def built(profile, tmp_path_factory):
    """The profile's boundary files built from the committed sources (once per profile)."""
    out = tmp_path_factory.mktemp(profile.id)
    build(profile.directory, SOURCE_DIR, out)
    return out


@pytest.mark.parametrize("name", LAYERS)
def test_build_reproduces_committed_files_byte_for_byte(profile, built, name):
    assert (built / name).exists() == (profile.directory / name).exists()
    if (built / name).exists():
        assert (built / name).read_bytes() == (profile.directory / name).read_bytes()


def test_build_refuses_a_source_that_differs_from_the_manifest(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(SOURCE_DIR, source)
    (source / "ner.json.gz").write_bytes(gzip.compress(b'{"features": []}'))
    with pytest.raises(ValueError, match=r"ner\.json\.gz"):
        build(WNA.directory, source, tmp_path / "out")


def test_sources_hold_every_country_any_profile_draws_and_nothing_else():
    with (SOURCE_DIR / "MANIFEST.csv").open(encoding="utf-8", newline="") as f:
        stored = {row["file"] for row in csv.DictReader(f)}
    expected = {f"{stem}.json.gz" for iso3 in needed_countries() for stem in package_files(iso3)}
    assert stored == expected | {"LICENSE"}
    assert {"ESH", "SOM", "KEN", "YEM", "ESP", "OMN"} <= set(needed_countries())


@pytest.mark.parametrize(
    ("iso3", "stems"), [("NER", ("ner",)), ("ESH", ("sah",)), ("SSD", ("sds",)), ("SOM", ("som", "sol"))]
)
def test_package_file_is_the_lower_case_code_but_for_natural_earths_own_codes(iso3, stems):
    assert package_files(iso3) == stems


def test_every_country_has_admin1_features_and_one_admin0_feature(profile, admin1, admin0):
    assert set(admin1["country"]) == set(profile.countries)
    assert sorted(admin0["country"]) == sorted(profile.countries)


def test_west_and_north_africa_keeps_its_countries():
    assert set(WNA.countries) == WNA_COUNTRIES


def test_loaders_set_wgs84(admin1, admin0):
    assert admin1.crs.to_epsg() == 4326
    assert admin0.crs.to_epsg() == 4326


@pytest.mark.parametrize("layer", ["admin1", "admin0"])
def test_geometries_are_valid_polygons_inside_the_region_box(profile, layer, request):
    frame = request.getfixturevalue(layer)
    assert frame.is_valid.all()
    assert not frame.is_empty.any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    lon_min, lat_min, lon_max, lat_max = frame.total_bounds
    box_lon_min, box_lat_min, box_lon_max, box_lat_max = REGION_BOXES[profile.id]
    assert lon_min >= box_lon_min and lat_min >= box_lat_min
    assert lon_max <= box_lon_max and lat_max <= box_lat_max


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
    assert not admin1.duplicated(["country", "name"]).any()  # a name denotes one unit
    hasc = admin1["code_hasc"].dropna()
    assert (hasc == hasc.str.strip()).all()
    assert not hasc.isin(["-99"]).any() and not hasc.str.endswith(".").any()


def test_stray_whitespace_is_stripped_from_codes():
    niamey = load_admin1(WNA.directory).set_index("adm1_code").loc["NER-94"]
    assert niamey["code_hasc"] == "NE.NI"  # "NE.NI\t" in the source


def test_unnamed_minor_islands_get_a_name_from_their_code():
    names = load_admin1(WNA.directory).set_index("adm1_code")["name"]
    assert names["MRT+99?"] == "Minor islands (MRT+99?)"
    assert names["TUN+99?"] == "Minor islands (TUN+99?)"
    assert names["EGY+99?"] == "Minor islands (EGY+99?)"


def test_units_natural_earth_names_alike_take_their_geonames_name():
    names = load_admin1(EAY.directory).set_index("adm1_code")["name"]
    assert (names["MOZ-1927"], names["MOZ-5854"]) == ("Maputo Province", "Cidade de Maputo")
    assert (names["MWI-1194"], names["MWI-1873"]) == ("Karonga District", "Chitipa District")


def test_somalia_includes_somaliland_as_natural_earth_draws_it():
    admin1 = load_admin1(EAY.directory)
    somaliland = admin1.set_index("adm1_code").loc["SOL+00?"]
    assert (somaliland["name"], somaliland["country"]) == ("Somaliland", "SOM")
    somalia = load_admin0(EAY.directory).set_index("country").geometry["SOM"]
    assert somalia.intersects(shapely.Point(44.065, 9.56))  # Hargeisa
    assert somalia.intersects(shapely.Point(49.18, 11.28))  # Bossaso
    assert not admin1["country"].isin(["SOL"]).any()


def test_payload_stays_small(profile):
    derived = [profile.directory / name for name in LAYERS if (profile.directory / name).exists()]
    assert sum(p.stat().st_size for p in derived) < 2_000_000
    assert len(gzip.compress((profile.directory / "admin1.geojson").read_bytes())) < 300_000


def test_committed_source_subset_stays_small():
    assert sum(p.stat().st_size for p in Path(SOURCE_DIR).iterdir()) < 6_000_000


def test_integrity_check_rejects_a_tampered_tarball():
    good = b"tarball bytes"
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(good).digest()).decode()
    _verify_integrity(good, integrity)
    with pytest.raises(ValueError, match="integrity"):
        _verify_integrity(good + b"!", integrity)


def test_context_layer_holds_the_northern_shores_and_the_canary_islands():
    context = load_admin0_context(WNA.directory)
    assert set(context["country"]) == {"ESP", "PRT", "ITA", "MLT", "GRC", "FRA"}
    spain = context.set_index("country").geometry["ESP"]
    assert spain.intersects(shapely.Point(-15.6, 27.95))  # Gran Canaria
    assert spain.intersects(shapely.Point(-3.7, 40.4))  # Madrid
    assert context.set_index("country").geometry["ITA"].intersects(shapely.Point(12.6, 35.5))  # Lampedusa
    lon_min, lat_min, _lon_max, lat_max = context.total_bounds
    assert lon_min > -20 and lat_min > 27 and lat_max < 52  # no Azores, no overseas France


def test_east_africa_context_frames_the_region_and_the_mediterranean_end():
    context = load_admin0_context(EAY.directory).set_index("country").geometry
    assert context["ITA"].intersects(shapely.Point(15.22, 37.24))  # Augusta, Sicily
    assert context["OMN"].intersects(shapely.Point(54.09, 17.02))  # Salalah
    assert context["MDG"].intersects(shapely.Point(47.52, -18.91))  # Antananarivo
    assert not context.index.isin(["ESP", "PRT", "FRA"]).any()


def test_context_countries_are_the_profiles_and_not_region_countries(profile):
    context = load_admin0_context(profile.directory)
    assert set(context["country"]) == set(profile.context_countries)
    assert not set(context["country"]) & set(profile.countries)
    assert context.is_valid.all() and set(context.geom_type) <= {"Polygon", "MultiPolygon"}
    assert context.crs.to_epsg() == 4326


def test_a_profile_without_a_context_file_has_an_empty_context(tmp_path):
    assert load_admin0_context(tmp_path).empty
