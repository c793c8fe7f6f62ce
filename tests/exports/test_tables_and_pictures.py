"""Exports without a database: formulas neutralised in CSV and XLSX, the footer fits the picture."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest
from flask import Flask
from flask_babel import Babel
from openpyxl import load_workbook

from exports.about import chart_heading
from exports.cells import FORMULA_STARTS
from exports.csv_text import csv_text
from exports.picture import FOOTER_CHAR_PX, FOOTER_PAD_PX, WIDTH_PX, composed_svg, footer_lines
from exports.table import Table
from exports.tabular import csv_export, xlsx_export
from figures.theme import chart_width, styled

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']
TABLE = Table(["Label", "Count"], [[text, -5] for text in DANGEROUS] + [["Niger", 1234.5]])
LINES = [("Source", "=cmd|' /C calc'!A0, +also, -this"), ("Filters", "Region: West and North Africa")]
#: Texts whose formula hides behind a double quote or a delimiter other than the comma.
HIDDEN_FORMULAS = [
    'Evil Co,"=HYPERLINK(""http://evil.example"")"',
    "Niger;=1+1",
    'Mali; "@cmd"',
    "Chad\t-2+3",
]
DELIMITERS = (",", ";", "\t")


def formula_cells(text: str, delimiter: str) -> list[str]:
    """Text cells of ``text`` (every line) that a spreadsheet splitting on ``delimiter`` reads as a formula."""
    cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]
    return [cell for cell in cells if cell.lstrip(' "').startswith(FORMULA_STARTS) and not _number(cell)]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.fixture
def request_context():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context("/"):
        yield


def test_csv_text_cells_cannot_start_a_formula_and_numbers_stay_numbers(request_context):
    text = csv_export(TABLE, LINES)
    body = "\r\n".join(line for line in text.split("\r\n") if not line.startswith("#"))
    rows = list(csv.reader(io.StringIO(body, newline="")))
    labels = [row[0] for row in rows[1:]]
    assert labels[: len(DANGEROUS)] == ["'" + value for value in DANGEROUS]
    assert labels[-1] == "Niger"
    assert [row[1] for row in rows[1:]] == ["-5"] * len(DANGEROUS) + ["1234.5"]


def test_csv_comment_lines_hold_no_cell_that_starts_a_formula(request_context):
    text = csv_export(TABLE, LINES)
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert comments[0].startswith("# Source: ")
    for line in comments:
        cells = next(csv.reader([line]))
        assert all(not cell.lstrip(" ").startswith(("=", "+", "-", "@")) for cell in cells), cells


@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_no_cell_starts_a_formula_whatever_the_delimiter_and_quoting(request_context, delimiter):
    table = Table(["Label", "Count"], [[text, -5] for text in DANGEROUS + HIDDEN_FORMULAS])
    lines = LINES + [(f"Credit {index}", text) for index, text in enumerate(HIDDEN_FORMULAS)]
    assert formula_cells(csv_export(table, lines), delimiter) == []


def test_a_quoted_formula_in_a_comment_line_reads_back_neutralised(request_context):
    text = csv_export(TABLE, [("Source", HIDDEN_FORMULAS[0])])
    cells = next(csv.reader([text.splitlines()[0]]))
    assert cells == ["# Source: Evil Co", '\'=HYPERLINK("http://evil.example")']


def test_the_shared_writer_writes_missing_values_empty_and_flags_in_lower_case():
    text = csv_text(["a", "b", "c"], [[None, True, "=x"]], ["one comment"])
    assert text == "# one comment\r\na,b,c\r\n,true,'=x\r\n"


def test_xlsx_keeps_numbers_typed_and_formulas_out(request_context):
    book = load_workbook(io.BytesIO(xlsx_export(TABLE, LINES)))
    data, about = book["Data"], book["About"]
    cells = [row for row in data.iter_rows(min_row=2)]
    assert all(row[0].data_type == "s" for row in cells)
    # XML keeps no carriage return: a cell's CR reads back as a line feed, still after the apostrophe.
    assert [row[0].value for row in cells[: len(DANGEROUS)]] == [
        "'" + v.replace("\r", "\n") for v in DANGEROUS
    ]
    assert [row[1].value for row in cells] == [-5] * len(DANGEROUS) + [1234.5]
    assert all(cell.data_type != "f" for row in about.iter_rows() for cell in row)
    assert about["B1"].value.startswith("'=cmd")


def test_chart_heading_reads_the_title_and_subtitle_back_unwrapped(request_context):
    with chart_width(340):
        figure = styled(
            go.Figure(), "Reasons for leaving by the breakdown chosen", "n = 1,234 · 2023\nMMC", 300
        )
    title, subtitle = chart_heading(figure)
    assert "<br>" in figure.layout.title.text
    assert title == "Reasons for leaving by the breakdown chosen"
    assert subtitle == "n = 1,234 · 2023 MMC"


def test_footer_wraps_to_the_picture_width_and_keeps_every_word():
    long = ("IOM Displacement Tracking Matrix (DTM), flow monitoring " * 12).strip()
    lines = footer_lines([("Source", long), ("Filters", "none")])
    assert len(lines) > 2
    assert max(len(line) for line in lines) * FOOTER_CHAR_PX <= WIDTH_PX - 2 * FOOTER_PAD_PX
    assert " ".join(lines).split() == f"Source: {long} Filters: none".split()


def test_composed_svg_puts_the_chart_above_its_footer():
    chart = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1280" height="600"></svg>'
    picture = composed_svg(chart, ["Source: A & B <C>", "Generated: today"], 1280, 600)
    root = ET.fromstring(picture.svg)
    assert (picture.width, picture.height) == (1280, int(root.get("height")))
    assert picture.height > 600
    texts = [node for node in root.iter() if node.tag.endswith("text")]
    assert [node.text for node in texts] == ["Source: A & B <C>", "Generated: today"]
    assert all(600 < float(node.get("y")) <= picture.height for node in texts)
