"""Overview: key figures for the current filters and the regional map."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import _, lazy_
from layouts import ids
from layouts.map_card import map_card
from layouts.page import caveat, not_representative, page_layout
from layouts.panels import panel

PAGE = "overview"


def layout(region: str | None = None, **_query: str) -> html.Div:
    """Key figures, the map and one chart per source."""
    return page_layout(
        _("Overview"),
        _("Protection incidents, drivers, smuggling, flows and deaths along the routes of the region."),
        [
            [html.Div(id=ids.KEY_FIGURES, className="row g-3 mb-3", **{"aria-live": "polite"})],
            [caveat(not_representative())],
            [map_card(PAGE, region, ["incidents", "drivers", "smuggling", "flows", "deaths"])],
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
