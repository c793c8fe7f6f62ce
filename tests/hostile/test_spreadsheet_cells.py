"""No CSV or XLSX answer of the app holds a cell a spreadsheet would run as a formula.

The data: the example files, an MMP export loaded through the importer under a name that is a
formula, and region and reference labels starting with ``=``, ``+``, ``-`` or ``@``
(``tests.hostile.data.FORMULAS``). Every CSV and XLSX answer is read: each API answer (``format=csv``
and ``xlsx``, ``/api/v1/changes`` and ``/api/v1/datasets`` included) and every panel's export. A CSV
is split on each delimiter a spreadsheet may guess.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from dash import Dash
from openpyxl import load_workbook

from core.config import Config
from exports.cells import FORMULA_STARTS, NEUTRAL_PREFIX
from panels.pages import PAGE_CONTENT
from panels.view import control_parameter
from tests.exports.test_tables_and_pictures import formula_cells
from tests.hostile.data import FORMULAS, REGION, hostile_app, hostile_engine
from view_data import ViewData

API = [
    "/api/v1/4mi/driver?by=category,gender",
    "/api/v1/4mi/incident_place?by=category,place",
    "/api/v1/flows?by=fmp,direction",
    "/api/v1/deaths?by=route_family,cause",
    "/api/v1/deaths?by=country",
    "/api/v1/changes",
    "/api/v1/datasets",
]
DELIMITERS = (",", ";", "\t")


@pytest.fixture(scope="module")
def config(tmp_path_factory, migrated_sqlite_file) -> Iterator[Config]:
    engine, config = hostile_engine(tmp_path_factory.mktemp("formulas"), migrated_sqlite_file, FORMULAS)
    yield config
    engine.dispose()


@pytest.fixture(scope="module")
def app(config) -> Iterator[Dash]:
    yield from hostile_app(config)


def _addresses(app: Dash, config: Config, fmt: str) -> list[str]:
    """Every API answer and every panel's export in ``fmt``, the page's controls at their defaults."""
    api = [f"{path}{'&' if '?' in path else '?'}format={fmt}" for path in API]
    with app.server.test_request_context("/"):
        service = ViewData.for_config(config)
        exports = []
        for page, content in PAGE_CONTENT.items():
            controls = "".join(
                f"&{control_parameter(name)}={control.default(service)}"
                for name, control in content.controls.items()
            )
            exports += [
                f"/export/{page}/{panel}.{fmt}?region={REGION}&lang=en{controls}" for panel in content.panels
            ]
    return api + exports


def _formula_cells_csv(text: str) -> list[str]:
    return [cell for delimiter in DELIMITERS for cell in formula_cells(text, delimiter)]


def _cells_xlsx(data: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(data))
    return [value for sheet in book for row in sheet.iter_rows(values_only=True) for value in row]


@pytest.fixture(scope="module")
def answers(app, config) -> dict[str, bytes]:
    client = app.server.test_client()
    found = {}
    for fmt in ("csv", "xlsx"):
        for address in _addresses(app, config, fmt):
            response = client.get(address)
            assert response.status_code == 200, f"{address}: {response.get_data(as_text=True)[:300]}"
            found[address] = response.data
    return found


def test_no_csv_cell_starts_a_formula_whatever_the_delimiter(answers):
    found = {
        address: _formula_cells_csv(body.decode("utf-8"))[:3]
        for address, body in answers.items()
        if ".csv" in address or "format=csv" in address
    }
    assert not {address: cells for address, cells in found.items() if cells}


def test_no_xlsx_cell_is_a_text_starting_a_formula(answers):
    found = {
        address: [v for v in _cells_xlsx(body) if isinstance(v, str) and v.startswith(FORMULA_STARTS)][:3]
        for address, body in answers.items()
        if ".xlsx" in address or "format=xlsx" in address
    }
    assert not {address: cells for address, cells in found.items() if cells}


def _cells(address: str, body: bytes) -> list[object]:
    if "xlsx" in address:
        return _cells_xlsx(body)
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8"), newline="")) for cell in row]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_formula_texts_reach_the_answers_neutralised(answers, formula):
    neutralised = NEUTRAL_PREFIX + formula
    reached = {
        fmt
        for address, body in answers.items()
        for fmt in ("csv", "xlsx")
        if fmt in address and any(str(cell).startswith(neutralised) for cell in _cells(address, body))
    }
    assert reached == {"csv", "xlsx"}, "a formula text reached no cell: the test would prove nothing"
