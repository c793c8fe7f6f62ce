"""Named groups of admin-1 units: the profile file read, checked and refused with file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.config import DATA_DIR, Config
from geo import profile_files
from geo.admin1_groups import group_members, merged_groups, read_admin1_groups
from geo.boundaries import load_admin1
from geo.regions import available_profiles
from tests.area_profiles import GROUPS, MEMBERS, REGION, data_dir_with_areas
from view_data import ViewData

UNITS = {"MLI-2690": "Gao", "NER-4859": "Tillabéri", "NER-800": "Agadez"}
HEADER = "group_id,name,name_fr,adm1_code,admin1_name\n"
GOOD = "air,Aïr,Aïr,NER-800,Agadez\n"


def _written(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "admin1_groups.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_example_groups_list_their_units_across_countries() -> None:
    groups = read_admin1_groups(GROUPS, UNITS)
    assert group_members(groups) == MEMBERS
    assert groups.loc[groups["group_id"] == "liptako", "name_fr"].unique().tolist() == [
        "Liptako-Gourma (essai)"
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (GOOD + "air,Aïr,Aïr,NER-999,Nowhere\n", "row 3, column 'adm1_code': 'NER-999' is not an adm1_code"),
        (GOOD + GOOD, "row 3, column 'adm1_code': 'NER-800' is already a member of group 'air' (row 2)"),
        (",Aïr,Aïr,NER-800,Agadez\n", "row 2, column 'group_id': '' is not an id"),
        ("Air Zone,Aïr,Aïr,NER-800,Agadez\n", "row 2, column 'group_id': 'Air Zone' is not an id"),
        ("air, ,Aïr,NER-800,Agadez\n", "row 2, column 'name' is empty"),
        ("air,Aïr,,NER-800,Agadez\n", "row 2, column 'name_fr' is empty"),
        (GOOD + "air,Air,Aïr,NER-4859,Tillabéri\n", "row 3, column 'name': 'Air' differs from 'Aïr' given for group 'air'"),
        ("air,Aïr,Aïr,NER-800,Agades\n", "row 2, column 'admin1_name': 'Agades' is not the name of NER-800"),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_naming_file_row_and_column(tmp_path: Path, rows: str, expected: str) -> None:
    with pytest.raises(ValueError, match=r"^admin1_groups\.csv ") as refused:
        read_admin1_groups(_written(tmp_path, rows), UNITS)
    assert expected in str(refused.value)


def test_a_file_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path, "air,Aïr,NER-800\n", header="group_id,name,adm1_code\n")
    with pytest.raises(
        ValueError, match=r"admin1_groups\.csv: columns are \['group_id', 'name', 'adm1_code'\]"
    ):
        read_admin1_groups(path, UNITS)


def test_one_group_id_in_two_profiles_is_refused() -> None:
    groups = read_admin1_groups(GROUPS, UNITS)
    with pytest.raises(
        ValueError, match=r"'liptako' is defined in both a/admin1_groups\.csv and b/admin1_groups\.csv"
    ):
        merged_groups({"a/admin1_groups.csv": groups, "b/admin1_groups.csv": groups})


def test_a_profile_names_its_groups_file_or_has_none(tmp_path: Path) -> None:
    profiles = available_profiles(data_dir_with_areas(tmp_path) / "regions")
    assert group_members(profile_files.admin1_groups(profiles[REGION])) == MEMBERS
    assert group_members(profile_files.all_admin1_groups(profiles)) == MEMBERS
    without = available_profiles(DATA_DIR / "regions")
    assert all(
        profile_files.admin1_groups(p).empty for p in without.values() if "admin1_groups" not in p.files
    )
    assert isinstance(profile_files.all_admin1_groups({}), pd.DataFrame)


def test_east_africa_and_yemen_defines_the_five_task_force_areas() -> None:
    profile = available_profiles(DATA_DIR / "regions")["east-africa-yemen"]
    members = group_members(profile_files.admin1_groups(profile))
    units = load_admin1(profile.directory)
    names = dict(zip(units["adm1_code"], units["name"], strict=True))
    by_country = {country: sorted(codes) for country, codes in units.groupby("country")["adm1_code"]}
    assert set(members) == {"puntland", "somaliland", "djibouti", "south_central_somalia", "yemen"}
    assert list(members["djibouti"]) == by_country["DJI"]
    assert list(members["yemen"]) == by_country["YEM"]
    somali = [code for area in ("puntland", "somaliland", "south_central_somalia") for code in members[area]]
    assert sorted(somali) == by_country["SOM"]  # every Somali unit in exactly one area
    assert sorted(names[code] for code in members["puntland"]) == ["Bari", "Mudug", "Nugaal"]


def test_a_dashboard_with_a_bad_areas_file_does_not_start(tmp_path: Path) -> None:
    data = data_dir_with_areas(tmp_path)
    groups = data / "regions" / REGION / "admin1_groups.csv"
    groups.write_text(
        groups.read_text(encoding="utf-8") + "air,Aïr (test),Aïr (essai),XXX-1,Nowhere\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"admin1_groups\.csv row 5, column 'adm1_code': 'XXX-1'"):
        ViewData(Config(database_url=f"sqlite:///{tmp_path / 'unused.sqlite'}", data_dir=data))
