"""Chart panels: a figure, its n and period, and a data table alternative, in a card."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dash_table, dcc, html

from dashboard.i18n import _
from layouts import ids

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    # The "Share chart" button uploads the figure to a cloud service: never offer it.
    "modeBarButtonsToRemove": ["sendChartToCloud", "lasso2d", "select2d"],
}


def panel_id(kind: str, page: str, panel: str) -> dict[str, str]:
    """Pattern-matching id of a panel's graph, table or note."""
    return {"type": kind, "page": page, "panel": panel}


def map_id(kind: str, page: object) -> dict[str, object]:
    """Pattern-matching id of a page's map, its layer switch, slot store or table."""
    return {"type": kind, "page": page}


def control_id(page: str, name: str) -> dict[str, str]:
    """Id of a page's own control."""
    return {"type": ids.PAGE_CONTROL, "page": page, "name": name}


def panel(page: str, key: str, *, lg: int = 6, map_panel: bool = False) -> dbc.Col:
    """A card with a graph and a collapsible table of the numbers behind it."""
    config = GRAPH_CONFIG | ({"scrollZoom": True} if map_panel else {})
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    dcc.Loading(
                        dcc.Graph(id=panel_id(ids.PANEL_GRAPH, page, key), config=config), type="dot"
                    ),
                    html.Div(id=panel_id(ids.PANEL_NOTE, page, key), className="small text-body-secondary"),
                    html.Details(
                        [
                            html.Summary(_("Show the numbers as a table"), className="small"),
                            dash_table.DataTable(
                                id=panel_id(ids.PANEL_TABLE, page, key),
                                page_size=15,
                                sort_action="native",
                                style_table={"overflowX": "auto"},
                                style_cell={"textAlign": "left", "fontSize": 13, "whiteSpace": "normal"},
                                style_header={"fontWeight": "bold"},
                            ),
                        ]
                    ),
                ]
            ),
            className="h-100 shadow-sm",
        ),
        xs=12,
        lg=lg,
        className="mb-3",
    )


PERCENT_MEASURES = frozenset({"share", "ci_low", "ci_high", "share_minors", "share_uac"})


def table_data(
    rows: pd.DataFrame,
    keys: dict[str, tuple[str, Callable[[object], str]]],
    values: dict[str, str],
    hidden_text: str,
) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    """DataTable ``data`` and ``columns``: labelled keys, rounded measures, "fewer than N" when hidden.

    ``keys`` maps a column to (header, labeller); ``values`` maps a measure to its header.
    Percentages are shown as 0–100 with one decimal.
    """
    hidden = (
        rows["suppressed"].fillna(True).astype(bool) if "suppressed" in rows else pd.Series(False, rows.index)
    )
    records = []
    for is_hidden, row in zip(hidden, rows.to_dict("records"), strict=True):
        record: dict[str, object] = {column: labeller(row[column]) for column, (_h, labeller) in keys.items()}
        for column in values:
            record[column] = hidden_text if is_hidden else _display(column, row.get(column))
        records.append(record)
    columns = [{"id": c, "name": header} for c, (header, _l) in keys.items()]
    columns += [{"id": c, "name": header} for c, header in values.items()]
    return records, columns


def _display(column: str, value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "—"
    if column in PERCENT_MEASURES:
        return round(float(value) * 100, 1)
    if isinstance(value, float):
        return round(value, 1)
    return value
