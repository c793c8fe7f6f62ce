"""Exports read back: CSV and XLSX carry the service's numbers, pictures carry title, n and sources.

Every export is asked of the app as a browser would follow a chart's download link; hidden cells
read "fewer than 5" in every format and the count behind them appears in none.
"""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from flask import Flask
from flask_babel import Babel
from openpyxl import load_workbook
from PIL import Image

from core.i18n import select_locale
from dashboard.api import XLSX_MIMETYPE
from dashboard.export_routes import create_export_routes
from data_access.importers.fourmi import CELL
from data_access.loading import load_file
from exports.links import control_parameter
from exports.render import Renderer
from indicators.filters import Filters
from panels.pages import PAGE_CONTENT
from tests.conftest import EXAMPLES, config_of, dashboard_app, sqlite_engine
from view_data import ViewData, cache

REGION = "west-north-africa"
HIDDEN = "fewer than 5"
DRIVERS = f"/export/drivers/drivers.{{fmt}}?region={REGION}&page_breakdown=gender"
FLOWS = "/export/flows/daily.{fmt}?lang=en"


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def get(client, path: str, mimetype: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == mimetype
    return response


def read_csv(text: str) -> tuple[list[str], list[str], list[list[str]]]:
    """Comment lines (without "# "), header and data rows, as a program skipping '#' lines reads them."""
    comments = [line[2:] for line in text.splitlines() if line.startswith("#")]
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    return comments, rows[0], rows[1:]


def xlsx_sheets(data: bytes) -> tuple[list[tuple], list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "About"]
    return list(book["Data"].iter_rows(values_only=True)), list(book["About"].iter_rows(values_only=True))


def driver_answer(app, service):
    with app.server.test_request_context("/"):
        return service.fourmi("driver", Filters(region=REGION), ("category",)), service.labels


def small_driver_counts(examples) -> dict[str, float]:
    """Exact shares (%) of the driver categories that 1 to 4 respondents chose: never to be shown."""
    source = pd.read_csv(examples / "4mi_example.csv", dtype=str, keep_default_na=False)
    drivers = source[source["indicator"] == "driver"]
    base = drivers.drop_duplicates(CELL)["base"].astype(int).sum()
    counts = drivers.groupby("category")["respondents"].apply(lambda s: s.astype(int).sum())
    small = counts[(counts > 0) & (counts < 5)]
    return {category: count / base * 100 for category, count in small.items()}


def test_csv_carries_the_service_numbers_and_hides_hidden_cells(app, client, service, examples):
    text = get(client, DRIVERS.format(fmt="csv"), "text/csv").get_data(as_text=True)
    comments, header, rows = read_csv(text)
    answer, labels = driver_answer(app, service)
    assert header == ["Category", "Share (%)", "95 % CI low", "95 % CI high", "n asked"]
    assert len(rows) == len(answer.rows)
    hidden_seen = 0
    for row, expected in zip(rows, answer.rows.to_dict("records"), strict=True):
        assert row[0] == labels.label("category", expected["category"], "driver")
        if expected["suppressed"]:
            hidden_seen += 1
            assert row[1:] == [HIDDEN] * 4
        else:
            assert float(row[1]) == pytest.approx(expected["share"] * 100, abs=0.05)
            assert int(row[4]) == expected["base"]
    assert hidden_seen, "the example data has hidden driver categories"
    for share in small_driver_counts(examples).values():
        assert f"{share:.1f}" not in text
    joined = "\n".join(comments)
    assert "Filters: Region: West and North Africa" in joined
    assert "Page controls: Break down by: Gender" in joined
    assert "Mixed Migration Centre" in joined and "4mi_example.csv" in joined
    assert "synthetic" in joined and "must not be quoted" in joined
    assert "rounded to the nearest 5" in joined
    assert re.search(r"Generated: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", joined)


def test_xlsx_data_sheet_has_typed_service_numbers_and_an_about_sheet(app, client, service, examples):
    data = get(
        client,
        DRIVERS.format(fmt="xlsx"),
        XLSX_MIMETYPE,
    ).data
    table, about = xlsx_sheets(data)
    answer, labels = driver_answer(app, service)
    assert table[0] == ("Category", "Share (%)", "95 % CI low", "95 % CI high", "n asked")
    for row, expected in zip(table[1:], answer.rows.to_dict("records"), strict=True):
        assert row[0] == labels.label("category", expected["category"], "driver")
        if expected["suppressed"]:
            assert row[1:] == (HIDDEN,) * 4
        else:
            assert isinstance(row[1], int | float) and row[1] == pytest.approx(
                expected["share"] * 100, abs=0.05
            )
            assert isinstance(row[4], int) and row[4] == expected["base"]
    shares = [value for row in table[1:] for value in row[1:2] if isinstance(value, int | float)]
    for share in small_driver_counts(examples).values():
        assert all(not math.isclose(value, round(share, 1)) for value in shares)
    about_text = {label: text for label, text in about if label not in ("Source", "Caveat")}
    assert about_text["Chart"] == "Reasons for leaving"
    assert about_text["Filters"] == "Region: West and North Africa"
    sources = [text for label, text in about if label == "Source"]
    assert any("Mixed Migration Centre" in text and "licence" in text for text in sources)


def test_flows_csv_equals_the_flows_answer_for_the_same_filters(app, client, service):
    text = get(client, "/export/flows/daily.csv?period_from=2023-01&country=NER", "text/csv").get_data(
        as_text=True
    )
    _comments, header, rows = read_csv(text)
    with app.server.test_request_context("/"):
        filters = Filters(region=REGION, period_from="2023-01", country=("NER",))
        answer = service.flows(filters, ("period", "direction"))
    assert header[2:] == ["Movements", "Days observed", "Per day"]
    expected = answer.rows.to_dict("records")
    assert rows and len(rows) == len(expected)
    for row, record in zip(rows, expected, strict=True):
        assert int(row[2]) == record["individuals"]
        assert int(row[3]) == record["days"]


def test_svg_names_the_chart_its_n_and_its_sources(app, client, service):
    if not Renderer.from_env().available():
        pytest.skip("no Chromium to draw pictures with")
    svg = get(client, FLOWS.format(fmt="svg"), "image/svg+xml").data
    root = ET.fromstring(svg)
    texts = " ".join(" ".join(node.itertext()) for node in root.iter() if node.tag.endswith("text"))
    with app.server.test_request_context("/"):
        answer = service.flows(Filters(region=REGION), ("period", "direction"))
        datasets = service.datasets()
    assert "Daily average movements per month" in texts
    assert f"n = {int(answer.rows['individuals'].sum()):,} movements counted" in texts
    for source in datasets[datasets["kind"].isin(["fmp", "fmp-demographics"])].to_dict("records"):
        assert source["credit"] in texts and source["licence"] in texts and source["file_name"] in texts


def test_png_is_a_slide_at_twice_the_pixels(client):
    if not Renderer.from_env().available():
        pytest.skip("no Chromium to draw pictures with")
    data = get(client, FLOWS.format(fmt="png"), "image/png").data
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.width == 2560 and image.height >= 1440
    assert len(image.convert("L").getcolors(maxcolors=1_000_000) or []) > 10  # drawn, not blank


def test_hidden_cells_stay_hidden_in_the_picture(client, examples):
    if not Renderer.from_env().available():
        pytest.skip("no Chromium to draw pictures with")
    svg = get(client, DRIVERS.format(fmt="svg"), "image/svg+xml").get_data(as_text=True)
    assert HIDDEN in svg
    texts = " | ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL))  # not coordinates
    assert HIDDEN in texts
    for share in small_driver_counts(examples).values():
        assert f"{share:.1f}" not in texts


def test_exports_follow_the_language_of_the_page(client):
    english = get(client, FLOWS.format(fmt="csv"), "text/csv").get_data(as_text=True)
    french = get(client, "/export/flows/daily.csv?lang=fr", "text/csv").get_data(as_text=True)
    assert "Daily average movements per month" in english
    assert "Moyenne journalière des mouvements par mois" in french
    assert "Daily average movements per month" not in french


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/export/flows/daily.csv?gender=robot", "gender"),
        ("/export/flows/daily.csv?period_from=2023-13", "period_from"),
        ("/export/flows/daily.csv?colour=red", "colour"),
        ("/export/flows/daily.csv?lang=xx", "lang"),
        ("/export/drivers/by.csv", "page_breakdown"),
        ("/export/drivers/by.csv?page_breakdown=colour", "page_breakdown"),
        ("/export/drivers/by.csv?breakdown=gender", "breakdown"),
        ("/export/route/profile.csv?page_route=nowhere&page_incident=physical_violence", "page_route"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, path, parameter):
    body = get(client, path, "application/json", status=400).get_json()
    assert body["error"]["parameter"] == parameter
    assert body["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/export/nowhere/daily.csv",
        "/export/flows/nothing.csv",
        "/export/flows/daily.pdf",
        "/export/drivers/nothing.csv",  # a 404, not the 400 of the page control it lacks: nothing is built
    ],
)
def test_an_unknown_page_panel_or_format_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_without_a_browser_pictures_are_a_503_and_tables_still_work(loaded_sqlite, app, tmp_path):
    del app  # the module's app: the service's cache is bound
    config = config_of(loaded_sqlite)
    server = Flask(__name__)
    server.config.update(CACHE_TYPE="SimpleCache")
    cache.init_app(server)
    Babel(server, locale_selector=select_locale)
    missing = Renderer(str(tmp_path / "no-chromium"))
    server.register_blueprint(create_export_routes(ViewData.for_config(config), missing))
    client = server.test_client()
    body = get(client, FLOWS.format(fmt="png"), "application/json", status=503).get_json()
    assert "CSV and XLSX" in body["error"]["message"]
    assert "no-chromium" not in body["error"]["message"] and str(tmp_path) not in body["error"]["message"]
    get(client, FLOWS.format(fmt="csv"), "text/csv")


def every_panel(app, service) -> list[tuple[str, str, dict[str, str], int]]:
    """(page, panel, control parameters, table rows) of every panel, built as the page builds it."""
    found = []
    with app.server.test_request_context("/"):
        for page, content in PAGE_CONTENT.items():
            controls = {name: control.choices(service)[0] for name, control in content.controls.items()}
            for panel, shown in content.build(service, Filters(region=REGION), controls).items():
                found.append((page, panel, controls, len(shown.table)))
    return found


def test_every_panel_of_every_page_exports_the_rows_of_its_table(app, client, service):
    panels = every_panel(app, service)
    assert {(page, panel) for page, panel, *_rest in panels} == {
        (page, panel) for page, content in PAGE_CONTENT.items() for panel in content.panels
    }
    for page, panel, controls, rows in panels:
        query = "&".join([f"region={REGION}", *(f"{control_parameter(k)}={v}" for k, v in controls.items())])
        text = get(client, f"/export/{page}/{panel}.csv?{query}", "text/csv").get_data(as_text=True)
        assert len(read_csv(text)[2]) == rows, (page, panel)
        data = get(client, f"/export/{page}/{panel}.xlsx?{query}", XLSX_MIMETYPE).data
        assert len(xlsx_sheets(data)[0]) == rows + 1, (page, panel)


def test_the_api_xlsx_answer_carries_the_json_answer_and_its_provenance(client):
    body = client.get("/api/v1/flows?by=direction&region=west-north-africa").get_json()
    response = client.get("/api/v1/flows?by=direction&region=west-north-africa&format=xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX_MIMETYPE
    table, about = xlsx_sheets(response.data)
    columns = list(table[0])
    assert [dict(zip(columns, row, strict=True)) for row in table[1:]] == [
        {column: record[column] for column in columns} for record in body["rows"]
    ]
    labels = [label for label, _text in about]
    assert "source" in labels and "disclosure" in labels and "filters" in labels


LINK = '=HYPERLINK("http://example.org","click")'
#: One cell in XLSX; a CSV opened with ";" as delimiter would have split it just before the formula.
AFTER_SEMICOLON = 'MMP;"=HYPERLINK(""http://example.org"")"'


@pytest.mark.parametrize(
    ("formula", "in_csv", "in_xlsx"),
    [
        (LINK, "'" + LINK, "'" + LINK),
        (AFTER_SEMICOLON, AFTER_SEMICOLON.replace('"=', "\"'="), AFTER_SEMICOLON),
    ],
)
def test_a_dataset_name_that_looks_like_a_formula_stays_text_in_the_api(
    tmp_path, migrated_sqlite_file, reference, formula, in_csv, in_xlsx
):
    engine = sqlite_engine(tmp_path / "formula.sqlite", migrated_sqlite_file)
    load_file(engine, "mmp", EXAMPLES / "mmp_current_export.csv", reference=reference, name=formula)
    for app in dashboard_app(engine):
        client = app.server.test_client()
        text = get(client, "/api/v1/datasets?format=csv", "text/csv").get_data(as_text=True)
        _comments, header, rows = read_csv(text)
        assert [row[header.index("name")] for row in rows] == [in_csv]
        semicolon_cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
        assert not [cell for cell in semicolon_cells if cell.lstrip(' "').startswith(("=", "+", "@"))]
        table, _about = xlsx_sheets(get(client, "/api/v1/datasets?format=xlsx", XLSX_MIMETYPE).data)
        assert [row[list(table[0]).index("name")] for row in table[1:]] == [in_xlsx]
    engine.dispose()


def test_the_footer_link_names_the_filters_once_and_no_host(client):
    repeated = ",".join(["GIN"] * 5000)
    path = f"/export/flows/daily.csv?nationality={repeated}&nationality=GIN&lang=en"
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 200
    comments, _header, rows = read_csv(response.get_data(as_text=True))
    assert "evil.example" not in response.get_data(as_text=True)
    link = next(line.removeprefix("Link: ") for line in comments if line.startswith("Link: "))
    assert link.startswith("/export/flows/daily.csv?")
    assert link.count("GIN") == 1 and "lang=en" in link
    assert read_csv(get(client, link, "text/csv").get_data(as_text=True))[2] == rows
