"""The table of numbers beside every chart: what a reader and a screen reader get from it."""

from __future__ import annotations

import pytest
from dash import html

from indicators.filters import Filters
from layouts.data_table import data_table
from panels import drivers
from panels.tables import column
from tests.tables import components, hidden_cells, shown_rows, text

REGION = "west-north-africa"
HIDDEN = "fewer than 5"
COLUMNS = [column("place", "Place"), column("share", "Share (%)", HIDDEN), column("people", "People", HIDDEN)]


@pytest.fixture
def request_context(app):
    with app.server.test_request_context("/"):
        yield


def _cells(table: html.Table, kind: type) -> list[html.Th | html.Td]:
    return [c for c in components(table) if isinstance(c, kind)]


def test_headers_are_column_headers_and_the_table_is_captioned():
    table = data_table(
        [{"place": "Agadez", "share": 12.5, "people": 1822}], COLUMNS, "The chart's numbers", "en"
    )
    assert [(text(th), th.scope) for th in _cells(table, html.Th)] == [
        ("Place", "col"),
        ("Share (%)", "col"),
        ("People", "col"),
    ]
    [caption] = [c for c in components(table) if isinstance(c, html.Caption)]
    assert text(caption) == "The chart's numbers"


def test_numbers_are_right_aligned_with_the_same_decimals_down_a_column():
    rows = [
        {"place": "Agadez", "share": 92.2, "people": 1822},
        {"place": "Gao", "share": 2.0, "people": HIDDEN},
        {"place": "Sebha", "share": "—", "people": 40},
    ]
    table = data_table(rows, COLUMNS, "numbers", "en")
    assert shown_rows(table) == [
        {"Place": "Agadez", "Share (%)": "92.2", "People": "1,822"},
        {"Place": "Gao", "Share (%)": "2.0", "People": HIDDEN},
        {"Place": "Sebha", "Share (%)": "—", "People": "40"},
    ]
    aligned = [("number" in (cell.className or "")) for cell in _cells(table, html.Th)]
    assert aligned == [False, True, True]
    assert all("number" in td.className for td in _cells(table, html.Td) if text(td)[0].isdigit())


def test_numbers_read_with_the_separators_of_the_language():
    table = data_table([{"place": "Agadez", "share": 1822.5, "people": 12}], COLUMNS, "nombres", "fr")
    [row] = shown_rows(table)
    assert row["Share (%)"].replace("\u202f", " ").replace("\xa0", " ") == "1 822,5"


def test_hidden_cells_keep_their_text_and_are_marked_hidden_only_where_the_column_hides():
    rows = [{"place": HIDDEN, "share": HIDDEN, "people": 10}]
    table = data_table(rows, COLUMNS, "numbers", "en")
    assert [text(cell) for cell in hidden_cells(table)] == [HIDDEN]  # the share, not the place's name
    assert shown_rows(table) == [{"Place": HIDDEN, "Share (%)": HIDDEN, "People": "10"}]


def test_a_table_without_rows_says_none_across_its_columns():
    table = data_table([], COLUMNS, "numbers", "en")
    [cell] = _cells(table, html.Td)
    assert text(cell) == "None." and cell.colSpan == len(COLUMNS)


def test_the_drivers_table_shows_the_chart_numbers_and_its_hidden_cells(request_context, service):
    panel = drivers.build(service, Filters(region=REGION), {"breakdown": "gender"})["drivers"]
    table = data_table(panel.table, panel.columns, "numbers", "en")
    headers = {str(c["field"]): str(c["headerName"]) for c in panel.columns}
    rows = {row[headers["category"]]: row for row in shown_rows(table)}

    bars = next(trace for trace in panel.figure.data if trace.type == "bar")
    assert bars.y and all(
        f"{share:.1f}" == rows[label][headers["share"]] for label, share in zip(bars.y, bars.x, strict=True)
    )

    marks = {label for trace in panel.figure.data if trace.type == "scatter" for label in trace.y}
    assert marks, "the example data has hidden driver categories"
    hidden_rows = {label for label, row in rows.items() if row[headers["share"]] == HIDDEN}
    assert hidden_rows == marks
    assert {text(cell) for cell in hidden_cells(table)} == {HIDDEN}
    assert len(hidden_cells(table)) >= len(marks)
