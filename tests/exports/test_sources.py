"""An export names exactly the datasets of the answers its chart was built from, whatever their credits say.

The database holds every example file (the 4Mi one flagged synthetic), with two credits changed as
a loader could store them: the 4Mi credit carries markup, and the Missing Migrants Project dataset
shares the flow monitoring credit. Expected sources are the service's answers' (``view_data``).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from dash import Dash
from openpyxl import load_workbook
from sqlalchemy import Engine, select, update

from data_access.models import Dataset
from exports.render import Renderer
from indicators.engine import Answer
from indicators.filters import Filters
from tests.conftest import config_of, dashboard_app, load_examples, sqlite_engine
from view_data import ViewData

REGION = "west-north-africa"
MARKUP = '<img src="logo.png" alt="4Mi"> '
DRIVERS = f"/export/drivers/drivers.{{fmt}}?region={REGION}&page_breakdown=gender&lang=en"
FLOWS = f"/export/flows/daily.{{fmt}}?region={REGION}&lang=en"
SYNTHETIC_CAVEAT = "they are not real observations and must not be quoted"


@pytest.fixture(scope="module")
def engine(tmp_path_factory, migrated_sqlite_file, reference) -> Iterator[Engine]:
    """Every example loaded; the 4Mi credit starts with an image tag, MMP's is the flows' credit."""
    database = sqlite_engine(tmp_path_factory.mktemp("sources") / "app.sqlite", migrated_sqlite_file)
    load_examples(database, reference)
    with database.begin() as connection:
        flows_credit = connection.scalar(select(Dataset.credit).where(Dataset.kind == "fmp").limit(1))
        connection.execute(
            update(Dataset).where(Dataset.kind == "4mi").values(credit=MARKUP + Dataset.credit)
        )
        connection.execute(update(Dataset).where(Dataset.kind == "mmp").values(credit=flows_credit))
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def app(engine: Engine) -> Iterator[Dash]:
    yield from dashboard_app(engine)


@pytest.fixture(scope="module")
def client(app: Dash):
    return app.server.test_client()


def answer_of(app: Dash, engine: Engine, ask) -> Answer:
    """The service's answer ``ask(service, filters)`` for the region, as the chart asks it."""
    with app.server.test_request_context("/"):
        return ask(ViewData.for_config(config_of(engine)), Filters(region=REGION))


def drivers_answer(app: Dash, engine: Engine) -> Answer:
    return answer_of(app, engine, lambda service, filters: service.fourmi("driver", filters, ("category",)))


def flows_answer(app: Dash, engine: Engine) -> Answer:
    return answer_of(app, engine, lambda service, filters: service.flows(filters, ("period", "direction")))


def about_of_csv(client, path: str) -> list[tuple[str, str]]:
    """(label, text) of the ``#`` lines of a CSV export."""
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    comments = [line[2:] for line in response.get_data(as_text=True).splitlines() if line.startswith("# ")]
    return [tuple(line.split(": ", 1)) for line in comments if ": " in line]


def about_of_xlsx(client, path: str) -> list[tuple[str, str]]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return list(load_workbook(io.BytesIO(response.data))["About"].iter_rows(values_only=True))


READERS = {"csv": about_of_csv, "xlsx": about_of_xlsx}


def listed(about: list[tuple[str, str]], answer: Answer) -> list[str]:
    """The file of the answer's dataset each "Source" line names (a line naming none or several fails)."""
    files = []
    for label, text in about:
        if label == "Source":
            named = [source["file_name"] for source in answer.sources if source["file_name"] in text]
            assert len(named) == 1, text
            files.append(named[0])
    return files


def test_the_answer_behind_the_drivers_chart_credits_4mi_with_its_markup(app, engine):
    answer = drivers_answer(app, engine)
    assert answer.sources and all(source["credit"].startswith(MARKUP) for source in answer.sources)
    assert all(source["synthetic"] for source in answer.sources)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_credit_with_markup_still_names_its_synthetic_dataset(app, engine, client, fmt):
    answer = drivers_answer(app, engine)
    about = READERS[fmt](client, DRIVERS.format(fmt=fmt))
    assert sorted(listed(about, answer)) == sorted(source["file_name"] for source in answer.sources)
    lines = [text for label, text in about if label == "Source"]
    for source in answer.sources:
        assert any(source["credit"] in line and "synthetic" in line for line in lines)
    assert any(SYNTHETIC_CAVEAT in text for label, text in about if label == "Caveat")


def test_a_credit_with_markup_still_names_its_synthetic_dataset_in_the_picture(app, engine, client):
    if not Renderer.from_env().available():
        pytest.skip("no Chromium to draw pictures with")
    response = client.get(DRIVERS.format(fmt="svg"))
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    footer = next(node for node in root.iter() if node.get("class") == "export-footer")
    text = " ".join(" ".join(node.itertext()) for node in footer)
    for source in drivers_answer(app, engine).sources:
        assert source["credit"] in text and source["file_name"] in text
    assert SYNTHETIC_CAVEAT in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_flows_chart_lists_exactly_the_datasets_of_its_answer(app, engine, client, fmt):
    answer = flows_answer(app, engine)
    about = READERS[fmt](client, FLOWS.format(fmt=fmt))
    assert sorted(listed(about, answer)) == sorted(source["file_name"] for source in answer.sources)
    sources = "\n".join(text for label, text in about if label == "Source")
    assert "mmp_current_export.csv" not in sources  # shares the credit, feeds another chart
    assert not any("Missing Migrants Project" in text for label, text in about if label == "Caveat")
