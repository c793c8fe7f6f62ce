"""The panels of every page: which builder fills them and which page controls it reads."""

from __future__ import annotations

from dash import Dash

from callbacks.panels import register_page_panels
from layouts.pages import deaths, drivers, flows, incidents, overview, route_profile, smugglers
from panels import deaths as deaths_panels
from panels import drivers as drivers_panels
from panels import flows as flows_panels
from panels import incidents as incidents_panels
from panels import overview as overview_panels
from panels import route_profile as route_panels
from panels import smugglers as smugglers_panels
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the panel callback of every page with panels."""
    register_page_panels(app, service, overview.PAGE, overview_panels.build)
    register_page_panels(app, service, incidents.PAGE, incidents_panels.build, controls=("incident",))
    register_page_panels(app, service, drivers.PAGE, drivers_panels.build, controls=("breakdown",))
    register_page_panels(app, service, smugglers.PAGE, smugglers_panels.build, controls=("breakdown",))
    register_page_panels(app, service, flows.PAGE, flows_panels.build)
    register_page_panels(app, service, deaths.PAGE, deaths_panels.build)
    register_page_panels(app, service, route_profile.PAGE, route_panels.build, controls=("route", "incident"))
