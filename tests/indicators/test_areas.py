"""Areas (named groups of admin-1 units): in links, resolved to their units, answered as those units are."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.reference import Reference
from geo.regions import RegionProfile, available_profiles
from indicators.disclosure import DisclosureRule
from indicators.engine import Answer, deaths, flows, fourmi_indicator
from indicators.filters import FilterError, Filters, FilterVocabulary
from indicators.scope import admin1_units, resolve_scope
from tests.area_profiles import MEMBERS, data_dir_with_areas

VOCAB = FilterVocabulary(areas=frozenset(MEMBERS), admin1=frozenset({"NER-800", "NER-4859", "MLI-2690"}))
RULE = DisclosureRule()
BOTH = ("MLI-2690", "NER-4859", "NER-800")  # the units of both example areas, by hand


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RegionProfile]:
    return available_profiles(data_dir_with_areas(tmp_path_factory.mktemp("areas")) / "regions")


def test_areas_survive_a_link_round_trip() -> None:
    filters = Filters.from_query_string("area=liptako,air&admin1=NER-800", VOCAB)
    assert filters.area == ("air", "liptako")
    assert filters.to_query_string() == "area=air,liptako&admin1=NER-800"
    assert Filters.from_query_string(filters.to_query_string(), VOCAB) == filters


def test_an_unknown_area_is_refused_by_name() -> None:
    with pytest.raises(FilterError, match=r"area.*'sahel' is not a known value") as refused:
        Filters.from_query_string("area=sahel", VOCAB)
    assert refused.value.parameter == "area"


@pytest.mark.parametrize(
    ("filters", "units"),
    [
        (Filters(), None),
        (Filters(admin1=("NER-800",)), ("NER-800",)),
        (Filters(area=("liptako",)), ("MLI-2690", "NER-4859")),
        (Filters(area=("liptako", "air")), BOTH),
        (Filters(area=("liptako",), admin1=("NER-4859", "NER-800")), ("NER-4859",)),
        (Filters(area=("air",), admin1=("MLI-2690",)), ()),
        (Filters(area=("elsewhere",)), ()),
    ],
)
def test_areas_resolve_to_their_units_within_the_chosen_units(
    profiles: dict[str, RegionProfile], filters: Filters, units: tuple[str, ...] | None
) -> None:
    assert admin1_units(filters, profiles) == units
    for source in ("4mi", "flows", "deaths"):
        assert resolve_scope(filters, profiles, source).admin1 == units


def _answers(
    engine: Engine, filters: Filters, profiles: dict[str, RegionProfile], reference: Reference
) -> list[Answer]:
    return [
        fourmi_indicator(engine, "driver", filters, ["period"], profiles, RULE, reference),
        flows(engine, filters, ["fmp", "direction"], profiles, RULE),
        deaths(engine, filters, ["year"], profiles),
    ]


def test_an_area_answers_as_the_same_admin1_multi_select(
    loaded_engine: Engine, profiles: dict[str, RegionProfile], reference: Reference
) -> None:
    by_area = _answers(loaded_engine, Filters(area=("air", "liptako")), profiles, reference)
    by_units = _answers(loaded_engine, Filters(admin1=BOTH), profiles, reference)
    everything = _answers(loaded_engine, Filters(), profiles, reference)
    for area, units in zip(by_area, by_units, strict=True):
        pd.testing.assert_frame_equal(area.rows, units.rows)
        assert area.disclosure == units.disclosure
        assert not area.rows.empty
    assert by_area[0].rows["base"].sum() < everything[0].rows["base"].sum()  # Hauts-Bassins is in no area


def test_areas_and_units_that_do_not_meet_answer_nothing(
    loaded_engine: Engine, profiles: dict[str, RegionProfile], reference: Reference
) -> None:
    fourmi, flow, death = _answers(
        loaded_engine, Filters(area=("air",), admin1=("MLI-2690",)), profiles, reference
    )
    assert fourmi.rows["base"].fillna(0).sum() == 0
    assert flow.rows.empty or flow.rows["individuals"].fillna(0).sum() == 0
    assert death.rows.empty
