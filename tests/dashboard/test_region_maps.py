"""Maps under one region draw the deaths its answer places at hubs another profile lists (shared countries)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash
from sqlalchemy import Engine

from core.config import DATA_DIR
from data_access.demo import load_demo
from data_access.reference import Reference
from geo.regions import available_profiles
from indicators.filters import Filters
from panels.maps import deaths_by_hub, initial_map, map_patch
from panels.static_map import map_svg
from tests.conftest import config_of, dashboard_app, sqlite_engine
from view_data import ViewData

PROFILES = available_profiles(DATA_DIR / "regions")


@pytest.fixture(scope="module")
def both_regions(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path, reference: Reference
) -> Iterator[tuple[Dash, ViewData]]:
    """The dashboard and its service over a half-year demo of every region profile."""
    engine: Engine = sqlite_engine(tmp_path_factory.mktemp("maps") / "app.sqlite", migrated_sqlite_file)
    for profile in sorted(PROFILES.values(), key=lambda p: not p.default):
        for _step in load_demo(engine, profile, reference, period_from="2023-01", period_to="2023-06"):
            pass
    for app in dashboard_app(engine):
        yield app, ViewData.for_config(config_of(engine))
    engine.dispose()


def _drawn_hubs(patch: dict, slot: int) -> list[str]:
    [hubs] = [op for op in patch["operations"] if op["location"] == ["data", slot]]
    return hubs["params"]["value"]["customdata"]


@pytest.mark.parametrize("region", sorted(PROFILES))
def test_the_deaths_map_draws_every_hub_of_its_answer_whichever_profile_lists_it(
    both_regions: tuple[Dash, ViewData], region: str
) -> None:
    app, service = both_regions
    with app.server.test_request_context("/deaths"):
        filters = Filters(region=region)
        answer = deaths_by_hub(service, filters)
        own = set(service.geometry(service.profile(region)).hubs["hub_id"])
        assert set(answer["hub_id"]) - own, "the demo places deaths of this region at another profile's hubs"
        _figure, slots = initial_map(service, region)
        patch = map_patch(service, "deaths", filters, slots)[0].to_plotly_json()
        drawn = _drawn_hubs(patch, slots["hubs"]) + _drawn_hubs(patch, slots["hubs_ring"])
        assert sorted(drawn) == sorted(answer["hub_id"])
        svg = map_svg(service, "deaths", filters)
        assert svg.count("<circle") >= len(answer)
