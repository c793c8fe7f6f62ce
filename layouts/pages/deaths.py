"""Deaths and disappearances (IOM Missing Migrants Project)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import _, lazy_
from layouts.map_card import map_card
from layouts.page import caveat, page_layout
from layouts.panels import panel

PAGE = "deaths"


def layout(region: str | None = None, **_query: str) -> html.Div:
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
            [map_card(PAGE, region, ["deaths"])],
        ],
    )


def register() -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/deaths",
        name=lazy_("Deaths & missing"),
        title=lambda **_path: _("Deaths and disappearances"),
        layout=layout,
        order=5,
    )
