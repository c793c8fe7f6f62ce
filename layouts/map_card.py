"""A map card: layer switch, the map (geometry sent once), a note and the table alternative."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _
from layouts import ids
from layouts.data_table import table_region
from layouts.panel_card import graph_config, map_id
from panels.filters import filters_from_link
from panels.maps import initial_map, layer_options, map_caption, with_map_note
from view_data import ViewData


def map_table_label() -> str:
    """How a screen reader names a map's table."""
    return _("The map's numbers")


def map_card(
    service: ViewData, page: str, query: Mapping[str, str | list[str]], layers: list[str]
) -> dbc.Col:
    """The regional map of ``page`` showing ``layers`` (the first is shown first).

    ``query`` holds the parameters of the page's link: the map is of their region, or of the
    default one when the link is refused (the filter bar says why).
    """
    region = filters_from_link(service, query).region
    figure, slots = initial_map(service, region)
    options = [option for option in layer_options() if option["value"] in layers]
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(_("Map"), className="h5"),
                    dbc.RadioItems(
                        id=map_id(ids.MAP_LAYER, page),
                        options=options,
                        value=layers[0],
                        inline=True,
                        className="small mb-2" if len(layers) > 1 else "d-none",
                    ),
                    dcc.Store(id=map_id(ids.MAP_SLOTS, page), data=slots),
                    dcc.Store(id=map_id(ids.MAP_REGION, page), data=region),
                    html.Div(  # the name assets/map_labels.js gives the map canvas
                        dcc.Graph(
                            id=map_id(ids.MAP_GRAPH, page),
                            figure=figure,
                            config=graph_config(scrollZoom=True),
                            style={"width": "100%", "maxWidth": "100%"},
                        ),
                        **{"data-map-label": _("Map")},
                    ),
                    html.Img(className="print-map-image", alt=_("The map as shown on screen")),
                    html.P(
                        _("Map: see the online version (interactive maps are not printed)."),
                        className="print-map-note small fst-italic",
                    ),
                    html.P(
                        with_map_note(map_caption(layers[0]), service.profile(region)),
                        id=map_id(ids.MAP_CAPTION, page),
                        className="small text-body-secondary mb-1",
                    ),
                    html.Details(
                        [
                            html.Summary(
                                _("Show the map's numbers as a table"),
                                id=map_id(ids.MAP_TABLE_TOGGLE, page),
                                n_clicks=0,
                                className="small",
                            ),
                            table_region(map_id(ids.MAP_TABLE, page), map_table_label()),
                        ]
                    ),
                ]
            ),
            className="shadow-sm map-card",
        ),
        xs=12,
        className="mb-3",
    )
