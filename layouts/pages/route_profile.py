"""Route profile: incidents, flows and deaths along one route, origin to destination."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboard.cached_data import profiles
from dashboard.i18n import _, lazy_
from dashboard.labels import options
from data_access.reference import load_reference
from layouts.page import caveat, not_representative, page_dropdown, page_layout
from layouts.panels import panel

PAGE = "route"
DEFAULT_ROUTE = "central_med_niger"
DEFAULT_INCIDENT = "physical_violence"


def route_ids() -> list[str]:
    """Route ids of every region profile."""
    return sorted({r for p in profiles().values() for r in pd.read_csv(p.path("route_table"))["route_id"]})


def layout(**_query: str) -> html.Div:
    """The route picker and the profile panels."""
    routes = route_ids()
    types = sorted(load_reference().categories("incident_place"))
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
                options("route", routes),
                DEFAULT_ROUTE if DEFAULT_ROUTE in routes else routes[0],
            ),
            page_dropdown(
                PAGE,
                "incident",
                _("Incident type"),
                options("category", types, "incident_place"),
                DEFAULT_INCIDENT,
            ),
        ],
    )


def register() -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/route",
        name=lazy_("Route profile"),
        title=lambda **_path: _("Route profile"),
        layout=layout,
        order=6,
    )
