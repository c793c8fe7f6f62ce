"""Chart panels: a figure, its n and period, and a data table alternative, in a card."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, language
from figures.theme import plotly_locales
from layouts import ids
from layouts.data_table import table_region
from layouts.download_menu import download_menu
from layouts.how_to_read import how_to_read_link

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    # The "Share chart" button uploads the figure to a cloud service: never offer it.
    "modeBarButtonsToRemove": ["sendChartToCloud", "lasso2d", "select2d"],
}


#: Bootstrap's "lg" breakpoint: from this window width (px), chart cards share a row.
SIDE_BY_SIDE_PX = 992
#: Columns (of 12) of the narrowest card sharing a row.
NARROWEST_CARD_COLUMNS = 5
#: Page gutters, column gutter and card padding around a chart (px).
CARD_CHROME_PX = 60


def chart_px(window_px: int | None, *, whole_width: bool = False) -> int | None:
    """Width (px) of the narrowest chart on a page in a window ``window_px`` wide (None if unknown).

    ``whole_width``: every chart takes a row of its own (the presentation layout).
    """
    if not window_px:
        return None
    shared = window_px >= SIDE_BY_SIDE_PX and not whole_width
    return int(window_px * (NARROWEST_CARD_COLUMNS / 12 if shared else 1)) - CARD_CHROME_PX


def graph_config(**options: object) -> dict[str, object]:
    """A graph's Plotly config in the interface language (plotly.js's texts; month names as Babel writes them)."""
    return GRAPH_CONFIG | {"locale": language(), "locales": plotly_locales()} | options


def panel_id(kind: str, page: str, panel: str) -> dict[str, str]:
    """Pattern-matching id of a panel's graph, table or note."""
    return {"type": kind, "page": page, "panel": panel}


def map_id(kind: str, page: object) -> dict[str, object]:
    """Pattern-matching id of a page's map, its layer switch, slot store or table."""
    return {"type": kind, "page": page}


def control_id(page: object, name: object) -> dict[str, object]:
    """Id of a page's own control (``ALL`` for every control on screen)."""
    return {"type": ids.PAGE_CONTROL, "page": page, "name": name}


def control_error_id(page: object, name: object) -> dict[str, object]:
    """Id of the message under a page's own control saying why a link's value was refused."""
    return {"type": ids.PAGE_CONTROL_ERROR, "page": page, "name": name}


def table_label() -> str:
    """How a screen reader names a chart's table."""
    return _("The chart's numbers")


def panel(page: str, key: str, *, lg: int = 6, map_panel: bool = False) -> dbc.Col:
    """A card with a graph, its note, a link explaining how to read it and a collapsible table."""
    config = graph_config(scrollZoom=True) if map_panel else graph_config()
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    dcc.Loading(
                        dcc.Graph(id=panel_id(ids.PANEL_GRAPH, page, key), config=config), type="dot"
                    ),
                    html.Div(id=panel_id(ids.PANEL_NOTE, page, key), className="small text-body-secondary"),
                    how_to_read_link(page, key),
                    download_menu(page, key),
                    html.Details(
                        [
                            html.Summary(
                                _("Show the numbers as a table"),
                                id=panel_id(ids.PANEL_TABLE_TOGGLE, page, key),
                                n_clicks=0,
                                className="small",
                            ),
                            table_region(panel_id(ids.PANEL_TABLE, page, key), table_label()),
                        ]
                    ),
                ]
            ),
            className="h-100 shadow-sm chart-card",
        ),
        xs=12,
        lg=lg,
        className="mb-3",
    )
