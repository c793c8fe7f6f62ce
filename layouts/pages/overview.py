"""Overview: key figures for the current filters and the regional map."""

from __future__ import annotations

import functools

import dash
import dash_bootstrap_components as dbc
from dash import html

from core.i18n import _, lazy_
from layouts import ids
from layouts.map_card import map_card
from layouts.page import caveat, page_layout
from layouts.panel_card import panel
from panels.overview import KeyFigure
from panels.text import not_representative
from view_data import ViewData

PAGE = "overview"


def key_figure_card(figure: KeyFigure) -> dbc.Col:
    """One key figure card: the number, what it is, its base and source, months covered, filters not applied."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(figure.title, className="small text-uppercase fw-semibold text-body-secondary"),
                    html.Div(figure.value, className="display-6 fw-bold"),
                    html.Div(figure.detail, className="small text-body-secondary"),
                    html.Div(figure.coverage, className="small text-body-secondary mt-1"),
                    *(
                        [html.Div(figure.not_applied, className="small fw-semibold mt-1")]
                        if figure.not_applied
                        else []
                    ),
                ]
            ),
            className="h-100 shadow-sm",
        ),
        xs=12,
        sm=6,
        xl=3,
    )


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """Key figures, the map and one chart per source."""
    return page_layout(
        _("Overview"),
        _("Protection incidents, drivers, smuggling, flows and deaths along the routes of the region."),
        [
            [html.Div(id=ids.KEY_FIGURES, className="row g-3 mb-3", **{"aria-live": "polite"})],
            [caveat(not_representative())],
            [map_card(service, PAGE, query, ["incidents", "drivers", "smuggling", "flows", "deaths"])],
            [panel(PAGE, "incidents"), panel(PAGE, "drivers")],
            [panel(PAGE, "flows"), panel(PAGE, "deaths")],
        ],
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/",
        name=lazy_("Overview"),
        title=lambda **_path: _("Overview"),
        layout=functools.partial(layout, service),
        order=0,
    )
