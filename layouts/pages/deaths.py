"""Deaths and disappearances (IOM Missing Migrants Project)."""

from __future__ import annotations

import functools

import dash
from dash import html

from core.i18n import _, lazy_
from layouts.map_card import map_card
from layouts.page import caveat, page_layout
from layouts.panel_card import panel
from view_data import ViewData

PAGE = "deaths"


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """Dead and missing by year and route, and by cause."""
    return page_layout(
        _("Deaths and disappearances"),
        _("Recorded deaths and disappearances of people on the move, from IOM's Missing Migrants Project."),
        [
            [
                caveat(
                    _(
                        "These are minimum estimates: many deaths are never recorded, and locations are mostly "
                        "approximate. Source: IOM's Missing Migrants Project (CC BY 4.0)."
                    )
                )
            ],
            [panel(PAGE, "by_year", lg=12)],
            [panel(PAGE, "by_cause"), panel(PAGE, "by_country")],
            [map_card(service, PAGE, query, ["deaths"])],
        ],
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/deaths",
        name=lazy_("Deaths & missing"),
        title=lambda **_path: _("Deaths and disappearances"),
        layout=functools.partial(layout, service),
        order=5,
    )
