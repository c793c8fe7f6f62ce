"""Route profile: incidents, flows and deaths along one route, origin to destination."""

from __future__ import annotations

import functools

import dash
from dash import html

from core.i18n import _, lazy_
from layouts.page import caveat, linked_value, page_dropdown, page_layout
from layouts.panel_card import panel
from panels.filters import filters_from_link
from panels.pages import control_value
from panels.route_profile import region_routes
from panels.text import not_representative
from panels.view import control_parameter
from view_data import ViewData

PAGE = "route"


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """The route picker and the profile panels (``page_route`` and ``page_incident`` of the link)."""
    labels = service.labels
    region = filters_from_link(service, query).region
    route, route_problem = control_value(
        service, PAGE, "route", query.get(control_parameter("route")), region
    )
    incident, incident_problem = linked_value(service, PAGE, "incident", query)
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
                labels.options("route", region_routes(service, region)),
                route,
                problem=route_problem,
            ),
            page_dropdown(
                PAGE,
                "incident",
                _("Incident type"),
                labels.options("category", service.categories("incident_place"), "incident_place"),
                incident,
                problem=incident_problem,
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
