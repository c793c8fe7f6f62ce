"""Route profile: incidents, flows and deaths along one route, origin to destination."""

from __future__ import annotations

import functools

import dash
from dash import html

from core.i18n import _, lazy_
from layouts.page import caveat, page_dropdown, page_layout
from layouts.panel_card import panel
from panels.text import not_representative
from view_data import ViewData

PAGE = "route"
DEFAULT_ROUTE = "central_med_niger"
DEFAULT_INCIDENT = "physical_violence"


def layout(service: ViewData, **_query: str) -> html.Div:
    """The route picker and the profile panels."""
    routes = service.route_ids()
    labels = service.labels
    return page_layout(
        _("Route profile"),
        _(
            "Follow one route from origin to destination: where respondents report incidents, how many "
            "movements flow monitoring points count, and where deaths and disappearances were recorded."
        ),
        [
            [caveat(not_representative())],
            [panel(PAGE, "profile", lg=12)],
        ],
        controls=[
            page_dropdown(
                PAGE,
                "route",
                _("Route"),
                labels.options("route", routes),
                DEFAULT_ROUTE if DEFAULT_ROUTE in routes else routes[0],
            ),
            page_dropdown(
                PAGE,
                "incident",
                _("Incident type"),
                labels.options("category", service.categories("incident_place"), "incident_place"),
                DEFAULT_INCIDENT,
            ),
        ],
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/route",
        name=lazy_("Route profile"),
        title=lambda **_path: _("Route profile"),
        layout=functools.partial(layout, service),
        order=6,
    )
