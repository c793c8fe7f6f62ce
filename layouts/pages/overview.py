"""Overview: key figures for the current filters and the regional map."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from callbacks.overview_map import initial_map, layer_options
from dashboard.i18n import _, lazy_
from layouts import ids
from layouts.page import caveat, not_representative, page_layout
from layouts.panels import GRAPH_CONFIG, panel

PAGE = "overview"


def map_card(region: str | None) -> dbc.Col:
    """The regional map with its layer switch and a table alternative."""
    figure, slots = initial_map(region)
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(_("Regional map"), className="h5"),
                    dbc.RadioItems(
                        id=ids.MAP_LAYER,
                        options=layer_options(),
                        value="incidents",
                        inline=True,
                        className="small mb-2",
                    ),
                    dcc.Store(id=ids.MAP_SLOTS, data=slots),
                    dcc.Graph(id=ids.MAP_GRAPH, figure=figure, config=GRAPH_CONFIG | {"scrollZoom": True}),
                    html.P(
                        _(
                            "Click a region to filter every view to it. Colours show where respondents were "
                            "interviewed; lines are schematic routes."
                        ),
                        className="small text-body-secondary mb-1",
                    ),
                    html.Details(
                        [
                            html.Summary(_("Show the map's numbers as a table"), className="small"),
                            dash_table.DataTable(
                                id=ids.MAP_TABLE,
                                page_size=15,
                                sort_action="native",
                                style_table={"overflowX": "auto"},
                                style_cell={"textAlign": "left", "fontSize": 13},
                            ),
                        ]
                    ),
                ]
            ),
            className="shadow-sm",
        ),
        xs=12,
        className="mb-3",
    )


def layout(region: str | None = None, **_query: str) -> html.Div:
    """Key figures, the map and one chart per source."""
    return page_layout(
        _("Overview"),
        _("Protection incidents, drivers, smuggling, flows and deaths along the routes of the region."),
        [
            [html.Div(id=ids.KEY_FIGURES, className="row g-3 mb-3", **{"aria-live": "polite"})],
            [caveat(not_representative())],
            [map_card(region)],
            [panel(PAGE, "incidents"), panel(PAGE, "drivers")],
            [panel(PAGE, "flows"), panel(PAGE, "deaths")],
        ],
    )


def register() -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/",
        name=lazy_("Overview"),
        title=lambda **_path: _("Overview"),
        layout=layout,
        order=0,
    )
